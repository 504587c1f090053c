/*
 * Login sessions.  The token is 256 random bits, given to the browser in a
 * cookie and never stored: the database keeps its BLAKE2b hash, so sessions
 * work across instances that share a database, and a copy of the database
 * lets nobody in.  A session ends when revoked, after the idle timeout, or
 * at the end of its lifetime, whichever comes first (auth/settings.h).
 *
 * The CSRF token is derived from the session token: a page that holds the
 * session can learn it from /api/v1/auth/me, another site cannot.
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
#define SESSION_CSRF_CHARS	43
#define SESSION_TOUCH_EVERY	60	/* seconds between last_seen writes */
#define SESSION_CLIENT_MAX	120	/* characters of User-Agent kept */

struct session {
	int64_t		 id;
	int64_t		 created_at;
	int64_t		 last_seen;
	bool		 mfa_ok;
	struct user	 user;
};

/* Limits in seconds, from the settings. */
struct session_limits {
	int64_t		 idle;
	int64_t		 lifetime;
};

/*
 * Create a session (inside a write transaction); the token for the cookie
 * goes to token (SESSION_TOKEN_CHARS + 1 bytes).  client is a short
 * description of the browser for the sessions page, already validated.
 */
int	 session_create(struct db *, int64_t user_id, int64_t now,
	    const struct session_limits *, const char *client, bool mfa_ok,
	    char *token, int64_t *id) __attribute__((warn_unused_result));
/*
 * Find the live session for a cookie token, with its user.  1 found, 0 not
 * found, expired, revoked, disabled or malformed, -1 on a database error.
 */
int	 session_lookup(struct db *, const char *token, int64_t now,
	    const struct session_limits *, struct session *)
	    __attribute__((warn_unused_result));
/* Is session id still live (not revoked, idle or expired, its user
 * enabled)?  1, 0, -1 on error.  For what outlives a request: streams. */
int	 session_alive(struct db *, int64_t id, int64_t now,
	    const struct session_limits *) __attribute__((warn_unused_result));
int	 session_touch(struct db *, int64_t id, int64_t now)
	    __attribute__((warn_unused_result));
int	 session_set_mfa(struct db *, int64_t id)
	    __attribute__((warn_unused_result));
/* Revoke a session of this user: 1 done, 0 no such live session. */
int	 session_revoke(struct db *, int64_t id, int64_t user_id, int64_t now)
	    __attribute__((warn_unused_result));
/* Revoke all the user's sessions but "keep" (0: all). */
int	 session_revoke_all(struct db *, int64_t user_id, int64_t keep,
	    int64_t now) __attribute__((warn_unused_result));

/* The CSRF token of a cookie token; false when the token is malformed. */
bool	 session_csrf(const char *token, char out[SESSION_CSRF_CHARS + 1]);

/* One live session of a user, for the sessions page. */
struct session_info {
	int64_t		 id;
	int64_t		 created_at;
	int64_t		 last_seen;
	char		 client[SESSION_CLIENT_MAX * 4 + 1];
};
typedef int	(*session_list_fn)(const struct session_info *, void *);
int	 session_list(struct db *, int64_t user_id, int64_t now,
	    const struct session_limits *, session_list_fn, void *)
	    __attribute__((warn_unused_result));

#endif
