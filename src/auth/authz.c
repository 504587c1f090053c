/*
 * The authorize hook that the server calls before every handler: find the
 * session from its cookie, load the user, and consult the permission table.
 * No session: 401.  A role without the permission: 403.  The session's
 * last_seen is written at most once a minute, so reads stay reads.
 */
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "auth/auth.h"
#include "auth/cookie.h"
#include "auth/session.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/xmalloc.h"

struct touch_job {
	int64_t	 id;
	int64_t	 now;
};

static int
authz_touch(struct db *db, void *arg, struct err *e)
{
	struct touch_job	*t = arg;

	(void)e;
	return session_touch(db, t->id, t->now);
}

static int
authz_authorize(struct req *r, int perm)
{
	struct principal	*p;
	struct session		 s;
	struct touch_job	 t;
	struct err		 e;
	struct db		*db;
	const char		*token;
	int64_t			 now = clock_now();
	int			 rc;

	if (perm == PERM_PUBLIC)
		return 0;
	token = cookie_session_token(r);
	if (token == NULL)
		return req_error(r, API_EUNAUTH, NULL, NULL);
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((rc = session_lookup(db, token, now, &s)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0) {
		cookie_clear_session(r);
		return req_error(r, API_EUNAUTH, NULL,
		    "Your session has ended. Please log in again.");
	}
	r->user_id = s.user.id;
	if (!perm_allows(s.user.role, (enum perm)perm))
		return req_error(r, API_EFORBIDDEN, NULL, NULL);
	if (now - s.last_seen >= SESSION_TOUCH_EVERY) {
		t.id = s.id;
		t.now = now;
		if (dbpool_write(http_pool(r), authz_touch, &t, &e) == -1)
			log_warnx("req=%s: session touch: %s", r->id, e.msg);
	}
	p = xcalloc(1, sizeof(*p));
	p->user_id = s.user.id;
	p->session_id = s.id;
	p->role = s.user.role;
	p->must_change_pw = s.user.must_change_pw;
	memcpy(p->username, s.user.username, sizeof(p->username));
	r->principal = p;
	return 0;
}

static void
authz_release(struct req *r)
{
	free(r->principal);
	r->principal = NULL;
}

const struct principal *
auth_principal(const struct req *r)
{
	return r->principal;
}

const struct http_hooks auth_hooks = {
	.authorize = authz_authorize,
	.release = authz_release,
};
