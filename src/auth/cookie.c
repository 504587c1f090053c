/* The session cookie: see cookie.h. */
#include <stdio.h>

#include <microhttpd.h>

#include "auth/cookie.h"
#include "auth/session.h"

static const char *
cookie_name(struct req *r)
{
	return req_is_secure(r) ? "__Host-haven_session" : "haven_session";
}

const char *
cookie_session_token(struct req *r)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
	    cookie_name(r));
}

void
cookie_set_session(struct req *r, const char *token)
{
	char	 v[256];

	snprintf(v, sizeof(v), "%s=%s; Path=/; HttpOnly; SameSite=Strict; "
	    "Max-Age=%d%s", cookie_name(r), token, SESSION_LIFETIME,
	    req_is_secure(r) ? "; Secure" : "");
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
