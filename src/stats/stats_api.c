/*
 * The statistics over HTTP: the page's numbers (JSON, in full or as they
 * would leave Haven) and the download (CSV, always suppressed and
 * audited).  docs/API-statistics.md.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/settings.h"
#include "base/buf.h"
#include "base/clock.h"
#include "hotline/calendar.h"
#include "stats/stats.h"
#include "stats/stats_api.h"

/*
 * The query from the URL; the period defaults to this year up to today.
 * -1 when answered (422 naming the parameter).
 */
static int
stats_query_read(struct req *r, struct stats_query *q)
{
	static const struct {
		const char	*name;
		size_t		 off, len;
	} text[] = {
		{ "from", offsetof(struct stats_query, from), 11 },
		{ "to", offsetof(struct stats_query, to), 11 },
		{ "channel", offsetof(struct stats_query, channel), 32 },
		{ "inquirer", offsetof(struct stats_query, inquirer), 32 },
		{ "urgency", offsetof(struct stats_query, urgency), 16 },
	};
	struct cal_local	 now = cal_to_local(clock_now());
	const char		*v, *field;
	struct err		 e;
	size_t			 i;

	memset(q, 0, sizeof(*q));
	snprintf(q->from, sizeof(q->from), "%04d-01-01", now.date.y);
	snprintf(q->to, sizeof(q->to), "%04d-%02d-%02d", now.date.y,
	    now.date.m, now.date.d);
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		if ((v = req_query(r, text[i].name)) == NULL || *v == '\0')
			continue;
		if (strlen(v) >= text[i].len)
			return req_error(r, API_EINVALID, text[i].name,
			    "The value is too long.");
		snprintf((char *)q + text[i].off, text[i].len, "%s", v);
	}
	q->out_of_hours = -1;
	if ((v = req_query(r, "out_of_hours")) != NULL && *v != '\0') {
		if (strcmp(v, "true") == 0)
			q->out_of_hours = 1;
		else if (strcmp(v, "false") == 0)
			q->out_of_hours = 0;
		else
			return req_error(r, API_EINVALID, "out_of_hours",
			    "out_of_hours must be true or false.");
	}
	if (stats_query_check(q, &field, &e) == -1)
		return req_error(r, API_EINVALID, field, e.msg);
	return 0;
}

/* The threshold in force; -1 when answered. */
static int
threshold_of(struct req *r, struct db *db, int64_t *t)
{
	if (setting_get(db, SETTING_STATS_THRESHOLD, t) == -1)
		return req_dberror(r, db_err(db));
	return 0;
}

static int
api_statistics(struct req *r)
{
	struct stats_query	 q;
	struct stats		 s;
	struct err		 e;
	struct db		*db;
	const char		*sup = req_query(r, "suppress");
	int64_t			 threshold = 0;

	if (sup != NULL && strcmp(sup, "true") != 0 &&
	    strcmp(sup, "false") != 0)
		return req_error(r, API_EINVALID, "suppress",
		    "suppress must be true or false.");
	if (stats_query_read(r, &q) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if (sup != NULL && strcmp(sup, "true") == 0 &&
	    threshold_of(r, db, &threshold) == -1)
		return -1;
	if (stats_compute(db, &q, &s, &e) == -1)
		return req_dberror(r, &e);
	req_json(r, 200, stats_json(&s, threshold));
	stats_free(&s);
	return 0;
}

static int
api_statistics_csv(struct req *r)
{
	struct stats_query	 q;
	struct stats		 s;
	struct err		 e;
	struct db		*db;
	struct buf		 b;
	const char		*lang = req_query(r, "lang");
	int64_t			 threshold;
	char			 name[64], detail[64];
	bool			 en;

	if (lang != NULL && strcmp(lang, "pl") != 0 && strcmp(lang, "en") != 0)
		return req_error(r, API_EINVALID, "lang",
		    "lang must be pl or en.");
	en = lang != NULL && strcmp(lang, "en") == 0;
	if (stats_query_read(r, &q) == -1 || (db = req_db(r)) == NULL ||
	    threshold_of(r, db, &threshold) == -1)
		return -1;
	if (stats_compute(db, &q, &s, &e) == -1)
		return req_dberror(r, &e);
	buf_init(&b, 16u << 20);
	buf_adds(&b, "\xef\xbb\xbf");	/* a BOM: spreadsheets read UTF-8 */
	stats_csv(&s, threshold, en, &b);
	stats_free(&s);
	snprintf(name, sizeof(name), "haven-statistics-%s-%s.csv", q.from,
	    q.to);
	snprintf(detail, sizeof(detail), "%s..%s", q.from, q.to);
	auth_audit(r, "stats.export", "statistics", 0, "ok", detail);
	if (b.err) {
		buf_release(&b);
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
	req_bytes(r, 200, "text/csv; charset=utf-8", b.data, b.len, name);
	buf_release(&b);
	return 0;
}

const struct route stats_routes[] = {
	{ HTTP_GET, "/api/v1/statistics", "statistics.read", api_statistics,
	  PERM_STATISTICS, 0 },
	{ HTTP_GET, "/api/v1/statistics/csv", "statistics.csv",
	  api_statistics_csv, PERM_STATISTICS, 0 },
};
const size_t stats_nroutes = sizeof(stats_routes) / sizeof(stats_routes[0]);
