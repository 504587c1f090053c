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
	PERM_LOGIN_STEP,	/* a session still finishing its login */
	PERM_SESSION,		/* anyone logged in: their own account */
	PERM_USERS,		/* manage staff accounts */
	PERM_SETTINGS,		/* instance settings */
	PERM_AUDIT_READ,	/* read and verify the audit log */
	PERM_CONTACTS,		/* the hotline: contacts, follow-ups */
	PERM_CALENDAR_EDIT,	/* office hours, closure days, the rota */
	PERM_STAFF,		/* the list of consultants and coordinators */
	PERM_CASES,		/* persons, case files, tasks */
	PERM_CASE_ADMIN,	/* merge persons, unseal, assign cases */
	PERM_SHELTER,		/* bed board, placements, shelter incidents */
	PERM_SHELTER_ADMIN,	/* shelters, rooms and beds themselves */
	PERM_DIRECTORY,		/* read the directory of organisations */
	PERM_DIRECTORY_EDIT,	/* add and correct organisations */
	PERM_INTERPRETERS,	/* the interpreters and their bookings */
	PERM_INTERPRETER_ADMIN,	/* the registry of interpreters */
	PERM_STATISTICS,	/* statistics, reports, the anonymised export */
	PERM_SIP,		/* the SIP server, by its secret: no user */
	PERM__MAX
};

/*
 * Where a session stands in the login: it must pass the second factor (or
 * enrol one), then replace a one-time password, before it may do anything
 * but finish logging in.
 */
enum auth_stage {
	STAGE_TOTP,		/* enter a code */
	STAGE_TOTP_ENROL,	/* must enrol a second factor first */
	STAGE_PASSWORD,		/* must replace a one-time password */
	STAGE_DONE,
	STAGE__MAX
};

const char	*role_name(enum role);
int		 role_parse(const char *, enum role *)
		    __attribute__((warn_unused_result));
bool		 perm_allows(enum role, enum perm);
const char	*stage_name(enum auth_stage);
/*
 * The stage of a session.  The second factor is required unless the
 * instance is a demo and the user has not enrolled one.
 */
enum auth_stage	 auth_stage(bool mfa_ok, bool totp_enrolled, bool demo,
		    bool must_change_pw);
bool		 totp_required(bool totp_enrolled, bool demo);

#endif
