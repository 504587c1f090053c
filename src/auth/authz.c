/*
 * The authorize hook that the server calls before every handler: find the
 * session from its cookie, work out how far its login has come, check the
 * CSRF token of a state-changing request, and consult the permission
 * table.  No session: 401.  A login not finished, a bad CSRF token, or a
 * role without the permission: 403, and the denial is audited.  The
 * session's last_seen is written at most once a minute, so reads stay
 * reads.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/cookie.h"
#include "auth/settings.h"
#include "auth/sip.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/xmalloc.h"

#define SETTINGS_TTL	5	/* seconds a thread keeps its copy */

static _Thread_local struct auth_settings	cached;
static _Thread_local int64_t			cached_at;

int
auth_settings(struct db *db, struct auth_settings *out)
{
	int64_t	 now = clock_now(), idle, life, demo;

	if (cached_at != 0 && now - cached_at < SETTINGS_TTL) {
		*out = cached;
		return 0;
	}
	if (setting_get(db, SETTING_SESSION_IDLE_MINUTES, &idle) == -1 ||
	    setting_get(db, SETTING_SESSION_LIFETIME_HOURS, &life) == -1 ||
	    setting_get(db, SETTING_DEMO_MODE, &demo) == -1)
		return -1;
	cached.limits.idle = idle * 60;
	cached.limits.lifetime = life * 3600;
	cached.demo = demo != 0;
	cached_at = now;
	*out = cached;
	return 0;
}

static void
audit_done(void *arg, int rc, const struct err *e)
{
	struct req	*r = arg;

	if (rc == -1)
		log_warnx("req=%s: audit: %s", r->id, e->msg);
	http_req_release(r, rc == -1);
}

/*
 * The entry goes to the writer without the worker waiting for it; the
 * answer waits instead, so nothing is answered before its entry is durable
 * and many reads share one commit.  An entry that cannot be written turns
 * the answer into a 503: a read that is not recorded is not given.
 */
void
auth_audit(struct req *r, const char *action, const char *object_type,
    int64_t object_id, const char *result, const char *detail)
{
	struct audit_entry	 a;
	struct err		 e;

	a.user_id = r->user_id;
	a.action = action;
	a.object_type = object_type;
	a.object_id = object_id;
	a.result = result;
	a.detail = detail;
	if (http_req_hold(r)) {
		audit_log_async(http_pool(r), &a, audit_done, r);
		return;
	}
	if (audit_log(http_pool(r), &a, &e) == -1)
		log_warnx("req=%s: audit: %s", r->id, e.msg);
}

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

static bool
authz_csrf_ok(struct req *r, const char *expected)
{
	const char	*got = req_header_get(r, "X-CSRF-Token");

	return got != NULL && strlen(got) == strlen(expected) &&
	    sodium_memcmp(got, expected, strlen(expected)) == 0;
}

static int
authz_authorize(struct req *r, int perm)
{
	struct principal	*p;
	struct auth_settings	 set;
	struct session		 s;
	struct touch_job	 t;
	struct err		 e;
	struct db		*db;
	const char		*token;
	int64_t			 now = clock_now();
	int			 rc;

	if (perm == PERM_PUBLIC)
		return 0;
	if (perm == PERM_SIP)
		return sip_authorize(r);
	if ((token = cookie_session_token(r)) == NULL)
		return req_error(r, API_EUNAUTH, NULL, NULL);
	if ((db = req_db(r)) == NULL)
		return -1;
	if (auth_settings(db, &set) == -1 ||
	    (rc = session_lookup(db, token, now, &set.limits, &s)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0) {
		cookie_clear_session(r);
		return req_error(r, API_EUNAUTH, NULL,
		    "Your session has ended. Please log in again.");
	}
	p = xcalloc(1, sizeof(*p));
	p->user_id = s.user.id;
	p->session_id = s.id;
	p->role = s.user.role;
	p->must_change_pw = s.user.must_change_pw;
	p->totp_enrolled = s.user.totp_enrolled;
	p->mfa_ok = s.mfa_ok;
	p->stage = auth_stage(s.mfa_ok, s.user.totp_enrolled, set.demo,
	    s.user.must_change_pw);
	memcpy(p->username, s.user.username, sizeof(p->username));
	memcpy(p->language, s.user.language, sizeof(p->language));
	if (!session_csrf(token, p->csrf))
		p->csrf[0] = '\0';
	r->principal = p;
	r->user_id = s.user.id;

	if (r->method != HTTP_GET && !authz_csrf_ok(r, p->csrf)) {
		auth_audit(r, "access", "route", 0, "denied", "csrf");
		return req_error(r, API_EFORBIDDEN, NULL,
		    "The request lacks a valid CSRF token. Reload the page.");
	}
	if (perm != PERM_LOGIN_STEP && p->stage != STAGE_DONE)
		return req_error(r, API_EFORBIDDEN, NULL,
		    "Finish logging in first.");
	if (!perm_allows(p->role, (enum perm)perm)) {
		auth_audit(r, "access", "route", 0, "denied", r->route->name);
		return req_error(r, API_EFORBIDDEN, NULL, NULL);
	}
	if (now - s.last_seen >= SESSION_TOUCH_EVERY) {
		t.id = s.id;
		t.now = now;
		if (dbpool_write(http_pool(r), authz_touch, &t, &e) == -1)
			log_warnx("req=%s: session touch: %s", r->id, e.msg);
	}
	return 0;
}

static void
authz_release(struct req *r)
{
	if (r->principal != NULL)
		sodium_memzero(r->principal, sizeof(struct principal));
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
