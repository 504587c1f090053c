/*
 * Roles and permissions: the one table that says which role may do what.
 * Every route names a permission (http/router.h); the server refuses to
 * start when one does not (router_check), and the authorize hook consults
 * perm_allows() before any handler runs.
 */
#ifndef HAVEN_PERM_H
#define HAVEN_PERM_H

#include <stdbool.h>

enum role {
	ROLE_ADMIN,		/* users and settings; no case content */
	ROLE_COORDINATOR,	/* all cases, assigns work, statistics */
	ROLE_CONSULTANT,	/* the hotline; own and unsealed cases */
	ROLE_SHELTER_STAFF,	/* placements and the minimum case data */
	ROLE_AUDITOR,		/* audit log and statistics; no identities */
	ROLE__MAX
};

enum perm {
	PERM__NONE,		/* a route without an entry: refused */
	PERM_PUBLIC,		/* anyone, without a session */
	PERM_SESSION,		/* anyone logged in: their own account */
	PERM__MAX
};

const char	*role_name(enum role);
int		 role_parse(const char *, enum role *)
		    __attribute__((warn_unused_result));
bool		 perm_allows(enum role, enum perm);

#endif
