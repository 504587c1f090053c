/* The SQL of the hotline desk: see desk.h. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "hotline/desk.h"

enum desk_stmt {
	DESK_HOURS_SET,
	DESK_CLOSURE_ADD,
	DESK_CLOSURE_DELETE,
	DESK_SHIFT_ADD,
	DESK_SHIFT_DELETE,
	DESK_SHIFT_LIST,
	DESK_STAFF_LIST,
	DESK_STAFF_IS,
	DESK_ACK_GET,
	DESK_ACK_ADD,
	DESK__MAX
};

static const char *const desk_sql[DESK__MAX] = {
	[DESK_HOURS_SET] = "UPDATE office_hours SET open_minute = ?, "
	    "close_minute = ? WHERE weekday = ?",
	[DESK_CLOSURE_ADD] = "INSERT INTO closure_day (day, note, created_by, "
	    "created_at) VALUES (?, ?, ?, ?)",
	[DESK_CLOSURE_DELETE] = "DELETE FROM closure_day WHERE day = ? "
	    "RETURNING day",
	[DESK_SHIFT_ADD] = "INSERT INTO oncall_shift (user_id, starts_at, "
	    "ends_at, created_by, created_at) VALUES (?, ?, ?, ?, ?) "
	    "RETURNING id",
	[DESK_SHIFT_DELETE] = "DELETE FROM oncall_shift WHERE id = ? "
	    "RETURNING id",
	[DESK_SHIFT_LIST] = "SELECT s.id, s.user_id, u.username, s.starts_at, "
	    "s.ends_at FROM oncall_shift s JOIN app_user u ON u.id = s.user_id "
	    "WHERE s.ends_at > ? AND s.starts_at < ? ORDER BY s.starts_at, s.id "
	    "LIMIT 1000",
	[DESK_STAFF_LIST] = "SELECT id, username, role FROM app_user "
	    "WHERE disabled = 0 AND role IN ('consultant', 'coordinator') "
	    "ORDER BY username",
	[DESK_STAFF_IS] = "SELECT count(*) FROM app_user WHERE id = ? AND "
	    "disabled = 0 AND role IN ('consultant', 'coordinator')",
	[DESK_ACK_GET] = "SELECT h.acknowledged_by, u.username, "
	    "h.acknowledged_at FROM handover_ack h JOIN app_user u "
	    "ON u.id = h.acknowledged_by WHERE h.opened_at = ?",
	[DESK_ACK_ADD] = "INSERT INTO handover_ack (opened_at, "
	    "acknowledged_by, acknowledged_at) VALUES (?, ?, ?)",
};

int
hours_set(struct db *db, const int open[WEEKDAY__MAX],
    const int close[WEEKDAY__MAX])
{
	struct db_stmt	*st;
	int		 w;

	for (w = 0; w < WEEKDAY__MAX; w++) {
		if ((st = db_prepare(db, desk_sql[DESK_HOURS_SET])) == NULL)
			return -1;
		db_bind_i64(st, 1, open[w]);
		db_bind_i64(st, 2, close[w]);
		db_bind_i64(st, 3, w);
		if (db_done(st) == -1)
			return -1;
	}
	return 0;
}

int
closure_add(struct db *db, int32_t day, const char *note, int64_t by)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, desk_sql[DESK_CLOSURE_ADD])) == NULL)
		return -1;
	db_bind_i64(st, 1, day);
	db_bind_str(st, 2, note);
	db_bind_i64(st, 3, by);
	db_bind_i64(st, 4, clock_now());
	return db_done(st);
}

/* Run a DELETE ... RETURNING of one id: 1 removed, 0 none, -1 error. */
static int
desk_delete(struct db *db, enum desk_stmt which, int64_t id)
{
	struct db_stmt	*st;
	int64_t		 got;

	if ((st = db_prepare(db, desk_sql[which])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	return db_one_i64(st, &got);
}

int
closure_delete(struct db *db, int32_t day)
{
	return desk_delete(db, DESK_CLOSURE_DELETE, day);
}

int
shift_add(struct db *db, const struct shift *s, int64_t by, int64_t *id)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, desk_sql[DESK_SHIFT_ADD])) == NULL)
		return -1;
	db_bind_i64(st, 1, s->user_id);
	db_bind_i64(st, 2, s->starts_at);
	db_bind_i64(st, 3, s->ends_at);
	db_bind_i64(st, 4, by);
	db_bind_i64(st, 5, clock_now());
	return db_one_i64(st, id) == 1 ? 0 : -1;
}

int
shift_delete(struct db *db, int64_t id)
{
	return desk_delete(db, DESK_SHIFT_DELETE, id);
}

int
shift_list(struct db *db, int64_t from, int64_t to, shift_fn fn, void *arg)
{
	struct db_stmt	*st;
	struct shift	 s;
	enum db_step_rc	 rc;

	if ((st = db_prepare(db, desk_sql[DESK_SHIFT_LIST])) == NULL)
		return -1;
	db_bind_i64(st, 1, from);
	db_bind_i64(st, 2, to);
	while ((rc = db_step(st)) == DB_ROW) {
		s.id = db_col_i64(st, 0);
		s.user_id = db_col_i64(st, 1);
		snprintf(s.username, sizeof(s.username), "%s",
		    db_col_text(st, 2));
		s.starts_at = db_col_i64(st, 3);
		s.ends_at = db_col_i64(st, 4);
		if (fn(&s, arg) == -1) {
			db_reset(st);
			return -1;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int
staff_list(struct db *db, staff_fn fn, void *arg)
{
	struct db_stmt	*st;
	struct staff	 s;
	enum db_step_rc	 rc;

	if ((st = db_prepare(db, desk_sql[DESK_STAFF_LIST])) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		s.id = db_col_i64(st, 0);
		snprintf(s.username, sizeof(s.username), "%s",
		    db_col_text(st, 1));
		snprintf(s.role, sizeof(s.role), "%s", db_col_text(st, 2));
		if (fn(&s, arg) == -1) {
			db_reset(st);
			return -1;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int
staff_is(struct db *db, int64_t id)
{
	struct db_stmt	*st;
	int64_t		 n = 0;

	if ((st = db_prepare(db, desk_sql[DESK_STAFF_IS])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if (db_one_i64(st, &n) == -1)
		return -1;
	return n > 0;
}

int
handover_ack_get(struct db *db, int64_t opened_at, int64_t *by,
    char name[65], int64_t *at)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;

	*by = *at = 0;
	name[0] = '\0';
	if ((st = db_prepare(db, desk_sql[DESK_ACK_GET])) == NULL)
		return -1;
	db_bind_i64(st, 1, opened_at);
	if ((rc = db_step(st)) == DB_ROW) {
		*by = db_col_i64(st, 0);
		snprintf(name, 65, "%s", db_col_text(st, 1));
		*at = db_col_i64(st, 2);
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int
handover_ack_add(struct db *db, int64_t opened_at, int64_t by, int64_t now)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, desk_sql[DESK_ACK_ADD])) == NULL)
		return -1;
	db_bind_i64(st, 1, opened_at);
	db_bind_i64(st, 2, by);
	db_bind_i64(st, 3, now);
	return db_done(st);
}
