/* The session cookie: see cookie.h. */
#include <stdio.h>
#include <string.h>

#include <microhttpd.h>

#include "auth/cookie.h"
#include "auth/session.h"

static const char *
cookie_name(struct req *r)
{
	return req_is_secure(r) ? "__Host-haven_session" : "haven_session";
}

struct cookie_find {
	const char	*name;
	const char	*value;
};

static enum MHD_Result
cookie_each(void *arg, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct cookie_find	*f = arg;

	(void)kind;
	if (key != NULL && strcmp(key, f->name) == 0) {
		f->value = value;
		return MHD_NO;		/* the first one */
	}
	return MHD_YES;
}

/*
 * Cookie names are compared exactly: libmicrohttpd's lookup ignores case,
 * which would take "__host-..." for the "__Host-" cookie whose prefix the
 * browser guarantees.
 */
const char *
cookie_session_token(struct req *r)
{
	struct cookie_find	 f = { cookie_name(r), NULL };

	MHD_get_connection_values(r->conn, MHD_COOKIE_KIND, cookie_each, &f);
	return f.value;
}

void
cookie_set_session(struct req *r, const char *token)
{
	char	 v[256];

	/* No Max-Age: the cookie dies with the browser (shared computers). */
	snprintf(v, sizeof(v), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
	    cookie_name(r), token, req_is_secure(r) ? "; Secure" : "");
	req_header(r, "Set-Cookie", v);
}

void
cookie_clear_session(struct req *r)
{
	char	 v[160];

	snprintf(v, sizeof(v), "%s=; Path=/; HttpOnly; SameSite=Strict; "
	    "Max-Age=0%s", cookie_name(r), req_is_secure(r) ? "; Secure" : "");
	req_header(r, "Set-Cookie", v);
}
