/*
 * The contacts' rollups (0011_stats.sql) recounted from the contacts:
 * `haven stats rebuild`, and once on start for a database that had
 * contacts before the rollup existed.  Contact writes keep it up to date
 * themselves (hotline/contact_store.c: contact_count).
 *
 * A month of contacts at a time: read them all (a write while a read is
 * open would end the read on PostgreSQL), sort them by day and attributes,
 * and write one row per run of equal ones, BATCH rows per statement (a
 * round trip each on PostgreSQL); then the months from the days, in SQL.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "hotline/calendar.h"
#include "stats/stats.h"

enum rollup_stmt {
	R_ANY_DAY,
	R_ANY_CONTACT,
	R_CLEAR,
	R_RANGE,
	R_MONTH,
	R_INSERT,
	R_INSERT_BATCH,
	R_CLEAR_MONTHS,
	R_MONTHS,
	R__MAX
};

/* Rows of the days' rollup written by one statement (the PostgreSQL
 * driver binds 64 parameters at most). */
#define BATCH	8
#define ROW1	"(?, ?, ?, ?, ?, ?, ?)"
#define ROW4	ROW1 ", " ROW1 ", " ROW1 ", " ROW1
#define ROW8	ROW4 ", " ROW4

static const char *const rollup_sql[R__MAX] = {
	[R_ANY_DAY] = "SELECT COUNT(*) FROM (SELECT 1 FROM contact_day "
	    "LIMIT 1) x",
	[R_ANY_CONTACT] = "SELECT COUNT(*) FROM (SELECT 1 FROM contact "
	    "WHERE draft = 0 LIMIT 1) x",
	[R_CLEAR] = "DELETE FROM contact_day",
	[R_RANGE] = "SELECT MIN(started_at), MAX(started_at) FROM contact",
	[R_MONTH] = "SELECT started_at, inquirer, channel, out_of_hours, "
	    "urgency, topics FROM contact WHERE started_at >= ? AND "
	    "started_at < ? AND draft = 0",
	[R_INSERT] = "INSERT INTO contact_day (day, inquirer, channel, "
	    "out_of_hours, urgency, topics, n) VALUES " ROW1,
	[R_INSERT_BATCH] = "INSERT INTO contact_day (day, inquirer, channel, "
	    "out_of_hours, urgency, topics, n) VALUES " ROW8,
	[R_CLEAR_MONTHS] = "DELETE FROM contact_month",
	[R_MONTHS] = "INSERT INTO contact_month (month, inquirer, channel, "
	    "out_of_hours, urgency, topics, n) SELECT substr(day, 1, 7), "
	    "inquirer, channel, out_of_hours, urgency, topics, SUM(n) "
	    "FROM contact_day GROUP BY substr(day, 1, 7), inquirer, channel, "
	    "out_of_hours, urgency, topics",
};

struct rollup_row {
	char	 day[11];
	char	 inquirer[32];
	char	 channel[32];
	char	 urgency[16];
	int64_t	 ooh, topics;
	int64_t	 count;		/* contacts alike, once sorted */
};

static int
cmp_row(const void *a, const void *b)
{
	const struct rollup_row	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->day, y->day)) != 0 ||
	    (c = strcmp(x->inquirer, y->inquirer)) != 0 ||
	    (c = strcmp(x->channel, y->channel)) != 0 ||
	    (c = strcmp(x->urgency, y->urgency)) != 0)
		return c;
	if (x->ooh != y->ooh)
		return x->ooh < y->ooh ? -1 : 1;
	return x->topics < y->topics ? -1 : x->topics > y->topics;
}

static int64_t
count_of(struct db *db, int which)
{
	struct db_stmt	*st;
	int64_t		 n;

	if ((st = db_prepare(db, rollup_sql[which])) == NULL ||
	    db_one_i64(st, &n) != 1)
		return -1;
	return n;
}

/* Count the contacts of [lo, hi) into the rollup. */
static int
rollup_span(struct db *db, int64_t lo, int64_t hi, int64_t *done)
{
	struct db_stmt		*st;
	struct rollup_row	*rows = NULL;
	enum db_step_rc		 rc;
	size_t			 n = 0, cap = 0, i, j, k, runs;

	if ((st = db_prepare(db, rollup_sql[R_MONTH])) == NULL)
		return -1;
	db_bind_i64(st, 1, lo);
	db_bind_i64(st, 2, hi);
	while ((rc = db_step(st)) == DB_ROW) {
		struct cal_local	 l = cal_to_local(db_col_i64(st, 0));
		struct rollup_row	*r;

		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		r = &rows[n++];
		snprintf(r->day, sizeof(r->day), "%04d-%02d-%02d", l.date.y,
		    l.date.m, l.date.d);
		snprintf(r->inquirer, sizeof(r->inquirer), "%s",
		    db_col_text(st, 1));
		snprintf(r->channel, sizeof(r->channel), "%s",
		    db_col_text(st, 2));
		r->ooh = db_col_i64(st, 3);
		snprintf(r->urgency, sizeof(r->urgency), "%s",
		    db_col_text(st, 4));
		r->topics = db_col_i64(st, 5);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		free(rows);
		return -1;
	}
	if (n > 1)
		if (n > 1)
		qsort(rows, n, sizeof(*rows), cmp_row);
	/* The runs of equal rows, then BATCH of them per statement. */
	for (i = 0, runs = 0; i < n; i = j) {
		for (j = i + 1; j < n && cmp_row(&rows[i], &rows[j]) == 0; j++)
			;
		rows[runs] = rows[i];
		rows[runs++].count = (int64_t)(j - i);
	}
	for (i = 0; i < runs; i += k) {
		k = runs - i >= BATCH ? BATCH : 1;
		if ((st = db_prepare(db, rollup_sql[k == BATCH ?
		    R_INSERT_BATCH : R_INSERT])) == NULL)
			break;
		for (j = 0; j < k; j++) {
			const struct rollup_row	*r = &rows[i + j];
			int			 b = (int)j * 7;

			db_bind_str(st, b + 1, r->day);
			db_bind_str(st, b + 2, r->inquirer);
			db_bind_str(st, b + 3, r->channel);
			db_bind_i64(st, b + 4, r->ooh);
			db_bind_str(st, b + 5, r->urgency);
			db_bind_i64(st, b + 6, r->topics);
			db_bind_i64(st, b + 7, r->count);
		}
		if (db_done(st) == -1)
			break;
	}
	free(rows);
	*done += (int64_t)n;
	return i < runs ? -1 : 0;
}

int
stats_rebuild(struct db *db, void *arg, struct err *e)
{
	struct db_stmt		*st;
	struct cal_local	 l;
	struct cal_date		 d;
	int64_t			 first, last, lo, done = 0;
	int64_t			*counted = arg;

	if ((st = db_prepare(db, rollup_sql[R_CLEAR])) == NULL ||
	    db_done(st) == -1 ||
	    (st = db_prepare(db, rollup_sql[R_CLEAR_MONTHS])) == NULL ||
	    db_done(st) == -1 ||
	    (st = db_prepare(db, rollup_sql[R_RANGE])) == NULL)
		goto fail;
	if (db_step(st) != DB_ROW)
		goto fail;
	if (db_col_null(st, 0)) {
		db_reset(st);
		return 0;	/* no contacts */
	}
	first = db_col_i64(st, 0);
	last = db_col_i64(st, 1);
	db_reset(st);
	/* From the first day of the first contact's month, a month at once. */
	l = cal_to_local(first);
	d = l.date;
	d.d = 1;
	for (lo = cal_from_local(d, 0); lo <= last; ) {
		int64_t	 hi;

		if (++d.m > 12) {
			d.m = 1;
			d.y++;
		}
		hi = cal_from_local(d, 0);
		if (rollup_span(db, lo, hi, &done) == -1)
			goto fail;
		lo = hi;
	}
	/* The months, from the days. */
	if ((st = db_prepare(db, rollup_sql[R_CLEAR_MONTHS])) == NULL ||
	    db_done(st) == -1 ||
	    (st = db_prepare(db, rollup_sql[R_MONTHS])) == NULL ||
	    db_done(st) == -1)
		goto fail;
	if (counted != NULL)
		*counted = done;
	return 0;
fail:
	err_set(e, ERR_DB, "stats rebuild: %s", db_err(db)->msg);
	return -1;
}

int
stats_rollup_fill(struct db *db, void *arg, struct err *e)
{
	int64_t	 days, contacts;

	(void)arg;
	if ((days = count_of(db, R_ANY_DAY)) == -1 ||
	    (contacts = count_of(db, R_ANY_CONTACT)) == -1) {
		err_set(e, ERR_DB, "stats: %s", db_err(db)->msg);
		return -1;
	}
	if (days > 0 || contacts == 0)
		return 0;
	return stats_rebuild(db, NULL, e);
}
