/* Sessions and their SQL: see session.h. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/session.h"

enum session_stmt {
	SESSION_INSERT,
	SESSION_LOOKUP,
	SESSION_TOUCH,
	SESSION_REVOKE,
	SESSION__MAX
};

static const char *const session_sql[SESSION__MAX] = {
	[SESSION_INSERT] = "INSERT INTO session (token_hash, user_id, "
	    "created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?) "
	    "RETURNING id",
	[SESSION_LOOKUP] = "SELECT s.id, s.created_at, s.last_seen, "
	    "s.expires_at, u.id, u.username, u.role, u.must_change_pw, "
	    "u.disabled FROM session s JOIN app_user u ON u.id = s.user_id "
	    "WHERE s.token_hash = ? AND s.revoked_at IS NULL "
	    "AND s.expires_at > ? AND s.last_seen > ?",
	[SESSION_TOUCH] = "UPDATE session SET last_seen = ? WHERE id = ?",
	[SESSION_REVOKE] = "UPDATE session SET revoked_at = ? "
	    "WHERE id = ? AND revoked_at IS NULL",
};

bool
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

int
session_create(struct db *db, int64_t user_id, int64_t now, char *token,
    int64_t *id)
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
	db_bind_i64(st, 5, now + SESSION_LIFETIME);
	return db_one_i64(st, id) == 1 ? 0 : -1;
}

int
session_lookup(struct db *db, const char *token, int64_t now,
    struct session *s)
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
	db_bind_i64(st, 2, now);
	db_bind_i64(st, 3, now - SESSION_IDLE);
	switch (db_step(st)) {
	case DB_ROW:
		s->id = db_col_i64(st, 0);
		s->created_at = db_col_i64(st, 1);
		s->last_seen = db_col_i64(st, 2);
		s->expires_at = db_col_i64(st, 3);
		s->user.id = db_col_i64(st, 4);
		snprintf(s->user.username, sizeof(s->user.username), "%s",
		    db_col_text(st, 5));
		if (role_parse(db_col_text(st, 6), &s->user.role) == -1)
			s->user.role = ROLE__MAX;
		s->user.must_change_pw = db_col_i64(st, 7) != 0;
		s->user.disabled = db_col_i64(st, 8) != 0;
		rc = s->user.disabled ? 0 : 1;
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

static int
session_update(struct db *db, enum session_stmt which, int64_t id,
    int64_t now)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;

	if ((st = db_prepare(db, session_sql[which])) == NULL)
		return -1;
	db_bind_i64(st, 1, now);
	db_bind_i64(st, 2, id);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int
session_touch(struct db *db, int64_t id, int64_t now)
{
	return session_update(db, SESSION_TOUCH, id, now);
}

int
session_revoke(struct db *db, int64_t id, int64_t now)
{
	return session_update(db, SESSION_REVOKE, id, now);
}
