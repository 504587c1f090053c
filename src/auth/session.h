/*
 * Login sessions.  The token is 256 random bits, given to the browser in a
 * cookie and never stored: the database keeps its BLAKE2b hash, so sessions
 * survive across instances that share a database and a copy of the database
 * lets nobody in.  A session ends when revoked, after SESSION_IDLE seconds
 * without use, or SESSION_LIFETIME seconds after login, whichever is first.
 */
#ifndef HAVEN_SESSION_H
#define HAVEN_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/user.h"
#include "db/db.h"

#define SESSION_TOKEN_BYTES	32
#define SESSION_TOKEN_CHARS	43	/* base64url, no padding */
#define SESSION_IDLE		(30 * 60)
#define SESSION_LIFETIME	(12 * 60 * 60)
#define SESSION_TOUCH_EVERY	60	/* seconds between last_seen writes */

struct session {
	int64_t		 id;
	int64_t		 created_at;
	int64_t		 last_seen;
	int64_t		 expires_at;
	struct user	 user;
};

/*
 * Create a session for user_id (inside a write transaction); the token for
 * the cookie goes to token (SESSION_TOKEN_CHARS + 1 bytes).
 */
int	 session_create(struct db *, int64_t user_id, int64_t now,
	    char *token, int64_t *id) __attribute__((warn_unused_result));
/*
 * Find the live session for a cookie token, with its user.  1 found, 0 not
 * found, expired, revoked or malformed, -1 on a database error.
 */
int	 session_lookup(struct db *, const char *token, int64_t now,
	    struct session *) __attribute__((warn_unused_result));
int	 session_touch(struct db *, int64_t id, int64_t now)
	    __attribute__((warn_unused_result));
int	 session_revoke(struct db *, int64_t id, int64_t now)
	    __attribute__((warn_unused_result));
/* Decode and hash a cookie token; false when it is malformed. */
bool	 session_token_hash(const char *token, unsigned char out[32]);

#endif
