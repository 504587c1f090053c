/* Sessions and their SQL: see session.h. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/session.h"

enum session_stmt {
	SESSION_INSERT,
	SESSION_LOOKUP,
	SESSION_TOUCH,
	SESSION_SET_MFA,
	SESSION_REVOKE,
	SESSION_REVOKE_ALL,
	SESSION_LIST,
	SESSION_ALIVE,
	SESSION__MAX
};

#define SESSION_LIVE "s.revoked_at IS NULL AND s.last_seen > ? " \
	"AND s.created_at > ?"

static const char *const session_sql[SESSION__MAX] = {
	[SESSION_INSERT] = "INSERT INTO session (token_hash, user_id, "
	    "created_at, last_seen, expires_at, mfa_ok, client) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[SESSION_LOOKUP] = "SELECT s.id, s.created_at, s.last_seen, s.mfa_ok, "
	    "u.id, u.username, u.role, u.must_change_pw, u.disabled, "
	    "u.totp_secret IS NOT NULL, u.language FROM session s "
	    "JOIN app_user u ON u.id = s.user_id "
	    "WHERE s.token_hash = ? AND " SESSION_LIVE,
	[SESSION_TOUCH] = "UPDATE session SET last_seen = ? WHERE id = ?",
	[SESSION_SET_MFA] = "UPDATE session SET mfa_ok = 1 WHERE id = ?",
	[SESSION_REVOKE] = "UPDATE session SET revoked_at = ? "
	    "WHERE id = ? AND user_id = ? AND revoked_at IS NULL RETURNING id",
	[SESSION_REVOKE_ALL] = "UPDATE session SET revoked_at = ? "
	    "WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
	[SESSION_ALIVE] = "SELECT count(*) FROM session s "
	    "JOIN app_user u ON u.id = s.user_id "
	    "WHERE s.id = ? AND u.disabled = 0 AND " SESSION_LIVE,
	[SESSION_LIST] = "SELECT s.id, s.created_at, s.last_seen, s.client "
	    "FROM session s WHERE s.user_id = ? AND " SESSION_LIVE
	    " ORDER BY s.last_seen DESC",
};

/* Decode a cookie token and hash it; false when it is malformed. */
static bool
session_token_hash(const char *token, unsigned char out[32])
{
	unsigned char	 raw[SESSION_TOKEN_BYTES];
	size_t		 n = 0;
	const char	*end;
	bool		 ok;

	if (token == NULL || strlen(token) != SESSION_TOKEN_CHARS)
		return false;
	ok = sodium_base642bin(raw, sizeof(raw), token, SESSION_TOKEN_CHARS,
	    NULL, &n, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	    n == sizeof(raw) && *end == '\0';
	if (ok)
		crypto_generichash(out, 32, raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	return ok;
}

bool
session_csrf(const char *token, char out[SESSION_CSRF_CHARS + 1])
{
	static const unsigned char	 label[] = "haven-csrf-v1";
	unsigned char			 h[32], mac[32];

	if (!session_token_hash(token, h))
		return false;
	/* Keyed by the token's hash: only the session's holder can know it. */
	crypto_generichash(mac, sizeof(mac), label, sizeof(label) - 1, h,
	    sizeof(h));
	sodium_bin2base64(out, SESSION_CSRF_CHARS + 1, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(h, sizeof(h));
	return true;
}

int
session_create(struct db *db, int64_t user_id, int64_t now,
    const struct session_limits *lim, const char *client, bool mfa_ok,
    char *token, int64_t *id)
{
	unsigned char	 raw[SESSION_TOKEN_BYTES], hash[32];
	struct db_stmt	*st;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, SESSION_TOKEN_CHARS + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	if ((st = db_prepare(db, session_sql[SESSION_INSERT])) == NULL)
		return -1;
	db_bind_blob(st, 1, hash, sizeof(hash));
	db_bind_i64(st, 2, user_id);
	db_bind_i64(st, 3, now);
	db_bind_i64(st, 4, now);
	db_bind_i64(st, 5, now + lim->lifetime);
	db_bind_i64(st, 6, mfa_ok);
	db_bind_str(st, 7, client);
	return db_one_i64(st, id) == 1 ? 0 : -1;
}

int
session_lookup(struct db *db, const char *token, int64_t now,
    const struct session_limits *lim, struct session *s)
{
	unsigned char	 hash[32];
	struct db_stmt	*st;
	int		 rc;

	memset(s, 0, sizeof(*s));
	if (!session_token_hash(token, hash))
		return 0;
	if ((st = db_prepare(db, session_sql[SESSION_LOOKUP])) == NULL)
		return -1;
	db_bind_blob(st, 1, hash, sizeof(hash));
	db_bind_i64(st, 2, now - lim->idle);
	db_bind_i64(st, 3, now - lim->lifetime);
	if ((rc = db_row(st)) != 1)
		return rc;
	s->id = db_col_i64(st, 0);
	s->created_at = db_col_i64(st, 1);
	s->last_seen = db_col_i64(st, 2);
	s->mfa_ok = db_col_i64(st, 3) != 0;
	s->user.id = db_col_i64(st, 4);
	snprintf(s->user.username, sizeof(s->user.username), "%s",
	    db_col_text(st, 5));
	if (role_parse(db_col_text(st, 6), &s->user.role) == -1)
		s->user.role = ROLE__MAX;
	s->user.must_change_pw = db_col_i64(st, 7) != 0;
	s->user.disabled = db_col_i64(st, 8) != 0;
	s->user.totp_enrolled = db_col_i64(st, 9) != 0;
	snprintf(s->user.language, sizeof(s->user.language), "%s",
	    db_col_text(st, 10));
	db_reset(st);
	return s->user.disabled || s->user.role == ROLE__MAX ? 0 : 1;
}

int
session_alive(struct db *db, int64_t id, int64_t now,
    const struct session_limits *lim)
{
	struct db_stmt	*st;
	int64_t		 n = 0;

	if ((st = db_prepare(db, session_sql[SESSION_ALIVE])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, now - lim->idle);
	db_bind_i64(st, 3, now - lim->lifetime);
	if (db_one_i64(st, &n) == -1)
		return -1;
	return n > 0;
}

int
session_touch(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, session_sql[SESSION_TOUCH])) == NULL)
		return -1;
	db_bind_i64(st, 1, now);
	db_bind_i64(st, 2, id);
	return db_done(st);
}

int
session_set_mfa(struct db *db, int64_t id)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, session_sql[SESSION_SET_MFA])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	return db_done(st);
}

int
session_revoke(struct db *db, int64_t id, int64_t user_id, int64_t now)
{
	struct db_stmt	*st;
	int64_t		 got;

	if ((st = db_prepare(db, session_sql[SESSION_REVOKE])) == NULL)
		return -1;
	db_bind_i64(st, 1, now);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, user_id);
	return db_one_i64(st, &got);
}

int
session_revoke_all(struct db *db, int64_t user_id, int64_t keep, int64_t now)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, session_sql[SESSION_REVOKE_ALL])) == NULL)
		return -1;
	db_bind_i64(st, 1, now);
	db_bind_i64(st, 2, user_id);
	db_bind_i64(st, 3, keep);
	return db_done(st);
}

int
session_list(struct db *db, int64_t user_id, int64_t now,
    const struct session_limits *lim, session_list_fn fn, void *arg)
{
	struct db_stmt		*st;
	struct session_info	 si;
	enum db_step_rc		 rc;

	if ((st = db_prepare(db, session_sql[SESSION_LIST])) == NULL)
		return -1;
	db_bind_i64(st, 1, user_id);
	db_bind_i64(st, 2, now - lim->idle);
	db_bind_i64(st, 3, now - lim->lifetime);
	while ((rc = db_step(st)) == DB_ROW) {
		si.id = db_col_i64(st, 0);
		si.created_at = db_col_i64(st, 1);
		si.last_seen = db_col_i64(st, 2);
		snprintf(si.client, sizeof(si.client), "%s",
		    db_col_text(st, 3));
		if (fn(&si, arg) == -1) {
			db_reset(st);
			return -1;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}
