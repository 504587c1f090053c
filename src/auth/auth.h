/*
 * Who is asking: the principal attached to a request by the authorize hook,
 * and the routes of the auth capability.
 */
#ifndef HAVEN_AUTH_H
#define HAVEN_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "auth/perm.h"
#include "auth/user.h"
#include "http/http.h"

struct principal {
	int64_t		 user_id;
	int64_t		 session_id;
	enum role	 role;
	char		 username[USERNAME_MAX + 1];
	bool		 must_change_pw;
};

extern const struct http_hooks	auth_hooks;
extern const struct route	auth_routes[];
extern const size_t		auth_nroutes;

/* The caller of r; NULL on a public route without a session. */
const struct principal *auth_principal(const struct req *);

#endif
