/*
 * The anonymised export over HTTP (docs/API-statistics.md): the same
 * records as `haven export anonymised`, as JSON (with the summary) or as a
 * CSV download.  Audited as "stats.export_anonymised" before the answer.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/settings.h"
#include "base/buf.h"
#include "stats/export.h"
#include "stats/export_api.h"

#define CSV_MAX	(256u << 20)

static int
api_export_anonymised(struct req *r)
{
	struct export	 x;
	struct buf	 b;
	struct err	 e;
	struct db	*db;
	const char	*format = req_query(r, "format");
	const char	*ks = req_query(r, "k");
	const char	*ps = req_query(r, "max_suppress");
	int64_t		 k, pct = EXPORT_SUPPRESS_DEFAULT;
	char		 detail[96];
	bool		 csv;

	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0)
		return req_error(r, API_EINVALID, "format",
		    "format must be csv or json.");
	csv = format != NULL && strcmp(format, "csv") == 0;
	if (ks != NULL && export_number(ks, EXPORT_K_MIN, EXPORT_K_MAX, &k) ==
	    -1)
		return req_error(r, API_EINVALID, "k",
		    "k must be a whole number from 2 to 1000.");
	if (ps != NULL && export_number(ps, 0, 100, &pct) == -1)
		return req_error(r, API_EINVALID, "max_suppress",
		    "max_suppress must be a whole number from 0 to 100.");
	if ((db = req_db(r)) == NULL)
		return -1;
	if (ks == NULL && setting_get(db, SETTING_EXPORT_K, &k) == -1)
		return req_dberror(r, db_err(db));
	if (export_build(db, (size_t)k, (int)pct, &x, &e) == -1)
		return req_dberror(r, &e);
	export_audit_detail(&x, csv ? "csv" : "json", detail, sizeof(detail));
	auth_audit(r, "stats.export_anonymised", "export", 0, "ok", detail);
	if (!csv) {
		req_json(r, 200, export_json(&x));
		export_release(&x);
		return 0;
	}
	buf_init(&b, CSV_MAX);
	export_csv(&x, &b);
	export_release(&x);
	if (b.err) {
		buf_release(&b);
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
	req_bytes(r, 200, "text/csv; charset=utf-8", b.data, b.len,
	    "haven-anonymised-export.csv");
	buf_release(&b);
	return 0;
}

const struct route export_routes[] = {
	{ HTTP_GET, "/api/v1/exports/anonymised", "exports.anonymised",
	  api_export_anonymised, PERM_STATISTICS, 0 },
};
const size_t export_nroutes = sizeof(export_routes) /
    sizeof(export_routes[0]);
