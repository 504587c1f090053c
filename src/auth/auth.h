/*
 * Who is asking: the principal that the authorize hook attaches to a
 * request, and the route tables of the auth capability.
 */
#ifndef HAVEN_AUTH_H
#define HAVEN_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "auth/perm.h"
#include "auth/session.h"
#include "auth/user.h"
#include "http/http.h"

struct principal {
	int64_t		 user_id;
	int64_t		 session_id;
	enum role	 role;
	enum auth_stage	 stage;
	char		 username[USERNAME_MAX + 1];
	char		 language[3];
	bool		 must_change_pw;
	bool		 totp_enrolled;
	bool		 mfa_ok;
	char		 csrf[SESSION_CSRF_CHARS + 1];
};

/* The settings the auth layer reads on every request (cached briefly). */
struct auth_settings {
	struct session_limits	 limits;
	bool			 demo;
};

extern const struct http_hooks	auth_hooks;
extern const struct route	auth_routes[];
extern const size_t		auth_nroutes;
extern const struct route	users_routes[];
extern const size_t		users_nroutes;
extern const struct route	audit_routes[];
extern const size_t		audit_nroutes;

/* The caller of r; NULL on a public route. */
const struct principal *auth_principal(const struct req *);
/* The settings, at most a few seconds old; -1 on a database error. */
int	 auth_settings(struct db *, struct auth_settings *)
	    __attribute__((warn_unused_result));
/* Append an audit entry in its own write; logs (never fails) on error. */
void	 auth_audit(struct req *, const char *action, const char *object_type,
	    int64_t object_id, const char *result, const char *detail);

#endif
