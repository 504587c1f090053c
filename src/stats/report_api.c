/*
 * The annual report over HTTP: GET /api/v1/reports/annual, a download of
 * the year as PDF, XLSX or CSV (report.h), suppressed at the instance's
 * threshold and audited as "stats.report".  docs/API-statistics.md.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/log.h"
#include "hotline/calendar.h"
#include "stats/report.h"

static int
api_report_annual(struct req *r)
{
	struct cal_local	 now = cal_to_local(clock_now());
	struct report		 rep;
	enum report_format	 f = REPORT_PDF;
	struct err		 e;
	struct db		*db;
	struct buf		 b;
	const char		*v;
	char			 name[64], detail[64];
	int			 year, pages;
	bool			 en = false;

	if (report_year_parse(req_query(r, "year"), now.date.y, &year,
	    &e) == -1)
		return req_error(r, API_EINVALID, "year", e.msg);
	if ((v = req_query(r, "format")) != NULL &&
	    report_format_parse(v, &f) == -1)
		return req_error(r, API_EINVALID, "format",
		    "format must be pdf, xlsx or csv.");
	if ((v = req_query(r, "lang")) != NULL) {
		if (strcmp(v, "en") != 0 && strcmp(v, "pl") != 0)
			return req_error(r, API_EINVALID, "lang",
			    "lang must be pl or en.");
		en = strcmp(v, "en") == 0;
	}
	if ((db = req_db(r)) == NULL)
		return -1;
	if (report_load(&rep, db, year, en, &e) == -1)
		return req_dberror(r, &e);
	buf_init(&b, REPORT_BYTES_MAX);
	if (report_render(&rep, f, &b, &pages, &e) == -1) {
		log_warnx("report %d %s: %s", year, report_format_name(f),
		    e.msg);
		report_free(&rep);
		buf_release(&b);
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
	report_free(&rep);
	snprintf(detail, sizeof(detail), "%d %s", year,
	    report_format_name(f));
	auth_audit(r, "stats.report", "statistics", 0, "ok", detail);
	snprintf(name, sizeof(name), "haven-report-%d.%s", year,
	    report_format_name(f));
	req_bytes(r, 200, report_format_ctype(f), b.data, b.len, name);
	buf_release(&b);
	return 0;
}

const struct route report_routes[] = {
	{ HTTP_GET, "/api/v1/reports/annual", "reports.annual",
	  api_report_annual, PERM_STATISTICS, 0 },
};
const size_t report_nroutes = sizeof(report_routes) / sizeof(report_routes[0]);
