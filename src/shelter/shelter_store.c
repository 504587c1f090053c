/*
 * What the shelter's API files share: a shelter's head, a count by one or
 * two ids, the holds of beds (placements and blocks, for the board,
 * collisions and occupancy) and a placement as JSON.  Never the
 * address: it is read in shelter_api.c only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "hotline/calendar.h"
#include "hotline/hotline_api.h"
#include "shelter/shelter.h"

enum store_stmt {
	S_HEAD,
	S_STAYS_BED,
	S_STAYS_SHELTER,
	S_BLOCKS_BED,
	S_BLOCKS_SHELTER,
	S__MAX
};

#define STAYS_SQL \
	"SELECT p.id, p.bed_id, p.status, p.check_in, p.planned_departure, " \
	"p.actual_departure FROM placement p WHERE "
#define STAYS_WHEN \
	" AND p.status <> 'cancelled' AND p.check_in <= ? AND " \
	"(p.status <> 'ended' OR p.actual_departure > ?)"
#define BLOCKS_SQL \
	"SELECT k.id, k.bed_id, k.from_day, k.to_day FROM bed_block k "

static const char *const store_sql[S__MAX] = {
	[S_HEAD] = "SELECT id, name, kind, active, version FROM shelter "
	    "WHERE id = ?",
	[S_STAYS_BED] = STAYS_SQL "p.bed_id = ?" STAYS_WHEN,
	[S_STAYS_SHELTER] = STAYS_SQL "p.shelter_id = ?" STAYS_WHEN,
	[S_BLOCKS_BED] = BLOCKS_SQL "WHERE k.bed_id = ? AND k.from_day <= ? "
	    "AND k.to_day >= ?",
	[S_BLOCKS_SHELTER] = BLOCKS_SQL "JOIN shelter_bed b ON "
	    "b.id = k.bed_id WHERE b.shelter_id = ? AND k.from_day <= ? AND "
	    "k.to_day >= ?",
};

int
shelter_head_get(struct db *db, int64_t id, struct shelter_head *h)
{
	struct db_stmt	*st;
	int		 rc;

	memset(h, 0, sizeof(*h));
	if ((st = db_prepare(db, store_sql[S_HEAD])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	h->id = db_col_i64(st, 0);
	snprintf(h->name, sizeof(h->name), "%s", db_col_text(st, 1));
	snprintf(h->kind, sizeof(h->kind), "%s", db_col_text(st, 2));
	h->active = db_col_i64(st, 3) != 0;
	h->version = db_col_i64(st, 4);
	db_reset(st);
	return 1;
}

int
shelter_count(struct db *db, const char *sql, int64_t a, int64_t b,
    int64_t *n)
{
	struct db_stmt	*st;

	*n = 0;
	if ((st = db_prepare(db, sql)) == NULL)
		return -1;
	db_bind_i64(st, 1, a);
	if (b != 0)
		db_bind_i64(st, 2, b);
	return db_one_i64(st, n) == -1 ? -1 : 0;
}

int64_t
shelter_today(void)
{
	return cal_days(cal_to_local(clock_now()).date);
}

/* A day as text for a bound: the open end is later than any date. */
static void
bound_text(int64_t day, char out[11])
{
	if (day == SHELTER_OPEN)
		snprintf(out, 11, "9999-12-31");
	else if (day <= 0)
		snprintf(out, 11, "0000-01-01");
	else
		shelter_day_format(day, out);
}

static struct hold *
hold_push(struct hold **a, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*a = xrealloc(*a, *cap * sizeof(**a));
	}
	memset(&(*a)[*n], 0, sizeof(**a));
	return &(*a)[(*n)++];
}

/* A stored date, or 0 when NULL; -1 when malformed (a corrupt row). */
static int
col_day(struct db_stmt *st, int col, int64_t *out)
{
	*out = 0;
	if (db_col_null(st, col))
		return 0;
	return shelter_day(db_col_text(st, col), out);
}

int
shelter_holds(struct db *db, int64_t shelter_id, int64_t bed_id,
    int64_t from, int64_t to, int64_t today, struct hold **out, size_t *n)
{
	struct db_stmt		*st;
	struct hold		*a = NULL, h;
	struct stay		 s;
	enum db_step_rc		 rc;
	size_t			 cap = 0;
	char			 lo[11], hi[11];
	int			 bad = 0;

	*out = NULL;
	*n = 0;
	bound_text(from, lo);
	bound_text(to, hi);
	if ((st = db_prepare(db, store_sql[bed_id != 0 ? S_STAYS_BED :
	    S_STAYS_SHELTER])) == NULL)
		return -1;
	db_bind_i64(st, 1, bed_id != 0 ? bed_id : shelter_id);
	db_bind_str(st, 2, hi);
	db_bind_str(st, 3, lo);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&s, 0, sizeof(s));
		if (placement_status_parse(db_col_text(st, 2), &s.status) ==
		    -1 || col_day(st, 3, &s.check_in) == -1 ||
		    col_day(st, 4, &s.planned) == -1 ||
		    col_day(st, 5, &s.actual) == -1) {
			bad = 1;
			continue;
		}
		if (!shelter_stay_hold(&s, today, &h))
			continue;
		h.id = db_col_i64(st, 0);
		h.bed_id = db_col_i64(st, 1);
		*hold_push(&a, n, &cap) = h;
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	if ((st = db_prepare(db, store_sql[bed_id != 0 ? S_BLOCKS_BED :
	    S_BLOCKS_SHELTER])) == NULL)
		goto fail;
	db_bind_i64(st, 1, bed_id != 0 ? bed_id : shelter_id);
	db_bind_str(st, 2, hi);
	db_bind_str(st, 3, lo);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t	 f, t;

		if (col_day(st, 2, &f) == -1 || col_day(st, 3, &t) == -1) {
			bad = 1;
			continue;
		}
		shelter_block_hold(f, t, &h);
		h.id = db_col_i64(st, 0);
		h.bed_id = db_col_i64(st, 1);
		*hold_push(&a, n, &cap) = h;
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	if (bad) {
		db_fail(db, ERR_INVALID, "a placement or block of shelter %lld "
		    "holds a malformed date", (long long)shelter_id);
		goto fail;
	}
	*out = a;
	return 0;
fail:
	free(a);
	*n = 0;
	return -1;
}

static json_t *
day_or_null(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null() :
	    json_string(db_col_text(st, col));
}

json_t *
placement_row_json(struct db_stmt *st, const char *notes)
{
	char	 ref[REFERENCE_MAX];
	json_t	*o;

	case_reference(db_col_i64(st, 8), db_col_i64(st, 9), ref);
	o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:I, "
	    "s:{s:I, s:s, s:b}, s:{s:I, s:s}, s:o, s:{s:I, s:s}, "
	    "s:{s:I, s:s, s:s}, s:o, s:o}",
	    "id", (json_int_t)db_col_i64(st, 0),
	    "status", db_col_text(st, 1),
	    "check_in", db_col_text(st, 2),
	    "planned_departure", day_or_null(st, 3),
	    "actual_departure", day_or_null(st, 4),
	    "leaving_reason", day_or_null(st, 5),
	    "version", (json_int_t)db_col_i64(st, 6),
	    "case", "id", (json_int_t)db_col_i64(st, 7), "reference", ref,
	    "sealed", db_col_i64(st, 10) != 0,
	    "person", "id", (json_int_t)db_col_i64(st, 11), "pseudonym",
	    db_col_text(st, 12),
	    "key_consultant", user_json(db_col_i64(st, 13),
	    db_col_text(st, 14)),
	    "shelter", "id", (json_int_t)db_col_i64(st, 15), "name",
	    db_col_text(st, 16),
	    "bed", "id", (json_int_t)db_col_i64(st, 17), "label",
	    db_col_text(st, 18), "room", db_col_text(st, 19),
	    "created_at", hotline_time_json(db_col_i64(st, 20)),
	    "updated_at", hotline_time_json(db_col_i64(st, 21)));
	if (o != NULL && notes != NULL)
		json_object_set_new(o, "notes", str_or_null(notes));
	return o;
}
