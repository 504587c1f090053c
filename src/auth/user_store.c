/* The SQL of staff accounts: see user.h. */
#include <stdio.h>
#include <string.h>

#include "auth/user.h"
#include "base/clock.h"

enum user_stmt {
	USER_BY_NAME,
	USER_BY_ID,
	USER_COUNT,
	USER_INSERT,
	USER_SET_PASSWORD,
	USER__MAX
};

#define USER_COLS "id, username, role, pw_hash, must_change_pw, disabled, " \
	"created_at"

static const char *const user_sql[USER__MAX] = {
	[USER_BY_NAME] = "SELECT " USER_COLS " FROM app_user WHERE username = ?",
	[USER_BY_ID] = "SELECT " USER_COLS " FROM app_user WHERE id = ?",
	[USER_COUNT] = "SELECT count(*) FROM app_user",
	[USER_INSERT] = "INSERT INTO app_user (username, role, pw_hash, "
	    "must_change_pw, disabled, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id",
	[USER_SET_PASSWORD] = "UPDATE app_user SET pw_hash = ?, "
	    "must_change_pw = ?, updated_at = ? WHERE id = ?",
};

static int
user_row(struct db_stmt *st, struct user *u)
{
	int	 rc;

	memset(u, 0, sizeof(*u));
	switch (db_step(st)) {
	case DB_ROW:
		u->id = db_col_i64(st, 0);
		snprintf(u->username, sizeof(u->username), "%s",
		    db_col_text(st, 1));
		if (role_parse(db_col_text(st, 2), &u->role) == -1)
			u->role = ROLE__MAX;	/* allowed nothing */
		snprintf(u->pw_hash, sizeof(u->pw_hash), "%s",
		    db_col_text(st, 3));
		u->must_change_pw = db_col_i64(st, 4) != 0;
		u->disabled = db_col_i64(st, 5) != 0;
		u->created_at = db_col_i64(st, 6);
		rc = 1;
		break;
	case DB_DONE:
		rc = 0;
		break;
	default:
		rc = -1;
		break;
	}
	db_reset(st);
	return rc;
}

int
user_by_name(struct db *db, const char *name, struct user *u)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, user_sql[USER_BY_NAME])) == NULL)
		return -1;
	db_bind_str(st, 1, name);
	return user_row(st, u);
}

int
user_by_id(struct db *db, int64_t id, struct user *u)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, user_sql[USER_BY_ID])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	return user_row(st, u);
}

int
user_count(struct db *db, int64_t *n)
{
	struct db_stmt	*st;

	*n = 0;
	if ((st = db_prepare(db, user_sql[USER_COUNT])) == NULL)
		return -1;
	return db_one_i64(st, n) == -1 ? -1 : 0;
}

int
user_insert(struct db *db, const char *username, enum role role,
    const char *pw_hash, bool must_change_pw, int64_t *id)
{
	struct db_stmt	*st;
	int64_t		 now = clock_now();

	if ((st = db_prepare(db, user_sql[USER_INSERT])) == NULL)
		return -1;
	db_bind_str(st, 1, username);
	db_bind_str(st, 2, role_name(role));
	db_bind_str(st, 3, pw_hash);
	db_bind_i64(st, 4, must_change_pw);
	db_bind_i64(st, 5, now);
	db_bind_i64(st, 6, now);
	return db_one_i64(st, id) == 1 ? 0 : -1;
}

int
user_set_password(struct db *db, int64_t id, const char *pw_hash,
    bool must_change_pw)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;

	if ((st = db_prepare(db, user_sql[USER_SET_PASSWORD])) == NULL)
		return -1;
	db_bind_str(st, 1, pw_hash);
	db_bind_i64(st, 2, must_change_pw);
	db_bind_i64(st, 3, clock_now());
	db_bind_i64(st, 4, id);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}
