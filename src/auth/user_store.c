/* The SQL of staff accounts: see user.h. */
#include <stdio.h>
#include <string.h>

#include "auth/user.h"
#include "base/clock.h"
#include "crypto/field.h"

enum user_stmt {
	USER_BY_NAME,
	USER_BY_ID,
	USER_COUNT,
	USER_COUNT_ADMINS,
	USER_LIST,
	USER_INSERT,
	USER_SET_PASSWORD,
	USER_SET_ROLE,
	USER_SET_DISABLED,
	USER_SET_LANGUAGE,
	USER_SET_LAST_LOGIN,
	USER_TOTP_GET,
	USER_TOTP_PENDING_GET,
	USER_TOTP_SET_PENDING,
	USER_TOTP_CONFIRM,
	USER_TOTP_USE_STEP,
	USER_TOTP_RESET,
	USER__MAX
};

#define USER_COLS "id, username, role, pw_hash, must_change_pw, disabled, " \
	"totp_secret IS NOT NULL, language, created_at, last_login_at"

static const char *const user_sql[USER__MAX] = {
	[USER_BY_NAME] = "SELECT " USER_COLS " FROM app_user WHERE username = ?",
	[USER_BY_ID] = "SELECT " USER_COLS " FROM app_user WHERE id = ?",
	[USER_COUNT] = "SELECT count(*) FROM app_user",
	[USER_COUNT_ADMINS] = "SELECT count(*) FROM app_user WHERE "
	    "role = 'admin' AND disabled = 0 AND id <> ?",
	[USER_LIST] = "SELECT " USER_COLS " FROM app_user ORDER BY username",
	[USER_INSERT] = "INSERT INTO app_user (username, role, pw_hash, "
	    "must_change_pw, disabled, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id",
	[USER_SET_PASSWORD] = "UPDATE app_user SET pw_hash = ?, "
	    "must_change_pw = ?, updated_at = ? WHERE id = ?",
	[USER_SET_ROLE] = "UPDATE app_user SET role = ?, updated_at = ? "
	    "WHERE id = ?",
	[USER_SET_DISABLED] = "UPDATE app_user SET disabled = ?, "
	    "updated_at = ? WHERE id = ?",
	[USER_SET_LANGUAGE] = "UPDATE app_user SET language = ?, "
	    "updated_at = ? WHERE id = ?",
	[USER_SET_LAST_LOGIN] = "UPDATE app_user SET last_login_at = ? "
	    "WHERE id = ?",
	[USER_TOTP_GET] = "SELECT totp_secret FROM app_user WHERE id = ?",
	[USER_TOTP_PENDING_GET] = "SELECT totp_pending FROM app_user "
	    "WHERE id = ?",
	[USER_TOTP_SET_PENDING] = "UPDATE app_user SET totp_pending = ?, "
	    "updated_at = ? WHERE id = ?",
	[USER_TOTP_CONFIRM] = "UPDATE app_user SET totp_secret = ?, "
	    "totp_pending = NULL, totp_last_step = ?, updated_at = ? "
	    "WHERE id = ? AND totp_pending IS NOT NULL RETURNING id",
	[USER_TOTP_USE_STEP] = "UPDATE app_user SET totp_last_step = ? "
	    "WHERE id = ? AND totp_last_step < ? RETURNING id",
	[USER_TOTP_RESET] = "UPDATE app_user SET totp_secret = NULL, "
	    "totp_pending = NULL, totp_last_step = 0, updated_at = ? "
	    "WHERE id = ?",
};

static const char *const totp_column[USER_TOTP__MAX] = {
	[USER_TOTP_SECRET] = "totp_secret",
	[USER_TOTP_PENDING] = "totp_pending",
};

static void
user_fill(struct db_stmt *st, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = db_col_i64(st, 0);
	snprintf(u->username, sizeof(u->username), "%s", db_col_text(st, 1));
	if (role_parse(db_col_text(st, 2), &u->role) == -1)
		u->role = ROLE__MAX;	/* allowed nothing */
	snprintf(u->pw_hash, sizeof(u->pw_hash), "%s", db_col_text(st, 3));
	u->must_change_pw = db_col_i64(st, 4) != 0;
	u->disabled = db_col_i64(st, 5) != 0;
	u->totp_enrolled = db_col_i64(st, 6) != 0;
	snprintf(u->language, sizeof(u->language), "%s", db_col_text(st, 7));
	u->created_at = db_col_i64(st, 8);
	u->last_login_at = db_col_i64(st, 9);
}

static int
user_row(struct db_stmt *st, struct user *u)
{
	int	 rc;

	memset(u, 0, sizeof(*u));
	if ((rc = db_row(st)) == 1) {
		user_fill(st, u);
		db_reset(st);
	}
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
user_count_admins(struct db *db, int64_t except, int64_t *n)
{
	struct db_stmt	*st;

	*n = 0;
	if ((st = db_prepare(db, user_sql[USER_COUNT_ADMINS])) == NULL)
		return -1;
	db_bind_i64(st, 1, except);
	return db_one_i64(st, n) == -1 ? -1 : 0;
}

int
user_list(struct db *db, user_list_fn fn, void *arg)
{
	struct db_stmt	*st;
	struct user	 u;
	enum db_step_rc	 rc;

	if ((st = db_prepare(db, user_sql[USER_LIST])) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		user_fill(st, &u);
		if (fn(&u, arg) == -1) {
			db_reset(st);
			return -1;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
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

	if ((st = db_prepare(db, user_sql[USER_SET_PASSWORD])) == NULL)
		return -1;
	db_bind_str(st, 1, pw_hash);
	db_bind_i64(st, 2, must_change_pw);
	db_bind_i64(st, 3, clock_now());
	db_bind_i64(st, 4, id);
	return db_done(st);
}

int
user_set_role(struct db *db, int64_t id, enum role role)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, user_sql[USER_SET_ROLE])) == NULL)
		return -1;
	db_bind_str(st, 1, role_name(role));
	db_bind_i64(st, 2, clock_now());
	db_bind_i64(st, 3, id);
	return db_done(st);
}

int
user_set_disabled(struct db *db, int64_t id, bool disabled)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, user_sql[USER_SET_DISABLED])) == NULL)
		return -1;
	db_bind_i64(st, 1, disabled);
	db_bind_i64(st, 2, clock_now());
	db_bind_i64(st, 3, id);
	return db_done(st);
}

int
user_set_language(struct db *db, int64_t id, const char *lang)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, user_sql[USER_SET_LANGUAGE])) == NULL)
		return -1;
	db_bind_str(st, 1, lang);
	db_bind_i64(st, 2, clock_now());
	db_bind_i64(st, 3, id);
	return db_done(st);
}

int
user_set_last_login(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, user_sql[USER_SET_LAST_LOGIN])) == NULL)
		return -1;
	db_bind_i64(st, 1, now);
	db_bind_i64(st, 2, id);
	return db_done(st);
}

int
user_totp_get(struct db *db, int64_t id, enum user_totp which,
    struct buf *out)
{
	struct db_stmt	*st;
	const void	*p;
	size_t		 n;
	int		 rc;

	st = db_prepare(db, user_sql[which == USER_TOTP_SECRET ?
	    USER_TOTP_GET : USER_TOTP_PENDING_GET]);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	rc = 0;
	if (!db_col_null(st, 0)) {
		p = db_col_blob(st, 0, &n);
		rc = field_open("app_user", totp_column[which], id, p, n,
		    out) == 0 ? 1 : -1;
		if (rc == -1)
			db_fail(db, ERR_INVALID, "a TOTP secret does not open: "
			    "wrong key file?");
	}
	db_reset(st);
	return rc;
}

int
user_totp_set_pending(struct db *db, int64_t id, const unsigned char *secret,
    size_t n)
{
	struct db_stmt	*st;
	unsigned char	*sealed;
	size_t		 len;

	if (field_seal("app_user", totp_column[USER_TOTP_PENDING], id, secret,
	    n, &sealed, &len) == -1)
		return -1;
	if ((st = db_prepare(db, user_sql[USER_TOTP_SET_PENDING])) == NULL) {
		free(sealed);
		return -1;
	}
	db_bind_blob(st, 1, sealed, len);
	db_bind_i64(st, 2, clock_now());
	db_bind_i64(st, 3, id);
	free(sealed);
	return db_done(st);
}

int
user_totp_confirm(struct db *db, int64_t id, int64_t step)
{
	struct db_stmt	*st;
	struct buf	 secret;
	unsigned char	*sealed = NULL;
	size_t		 len;
	int64_t		 got;
	int		 rc = -1;

	/*
	 * The secret was sealed for the totp_pending column: open it and seal
	 * it again for totp_secret, so neither can be swapped for the other.
	 */
	buf_init(&secret, 256);
	if (user_totp_get(db, id, USER_TOTP_PENDING, &secret) != 1)
		goto out;
	if (field_seal("app_user", totp_column[USER_TOTP_SECRET], id,
	    secret.data, secret.len, &sealed, &len) == -1)
		goto out;
	if ((st = db_prepare(db, user_sql[USER_TOTP_CONFIRM])) == NULL)
		goto out;
	db_bind_blob(st, 1, sealed, len);
	db_bind_i64(st, 2, step);
	db_bind_i64(st, 3, clock_now());
	db_bind_i64(st, 4, id);
	rc = db_one_i64(st, &got) == 1 ? 0 : -1;
out:
	free(sealed);
	buf_release(&secret);
	return rc;
}

int
user_totp_use_step(struct db *db, int64_t id, int64_t step)
{
	struct db_stmt	*st;
	int64_t		 got;

	if ((st = db_prepare(db, user_sql[USER_TOTP_USE_STEP])) == NULL)
		return -1;
	db_bind_i64(st, 1, step);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, step);
	return db_one_i64(st, &got);
}

int
user_totp_reset(struct db *db, int64_t id)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, user_sql[USER_TOTP_RESET])) == NULL)
		return -1;
	db_bind_i64(st, 1, clock_now());
	db_bind_i64(st, 2, id);
	return db_done(st);
}
