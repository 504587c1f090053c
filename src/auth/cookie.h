/*
 * The session cookie.  Over TLS (directly or behind a proxy that says so)
 * it is "__Host-haven_session" with Secure; on plain local HTTP, as in the
 * demo, "haven_session".  Always HttpOnly, SameSite=Strict, Path=/.
 */
#ifndef HAVEN_COOKIE_H
#define HAVEN_COOKIE_H

#include "http/http.h"

const char	*cookie_session_token(struct req *);	/* borrowed, or NULL */
void		 cookie_set_session(struct req *, const char *token);
void		 cookie_clear_session(struct req *);

#endif
