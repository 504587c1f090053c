/*
 * The permission table: one row per permission, one bit per role.  A
 * permission not in the table is allowed to nobody.
 */
#include <string.h>

#include "auth/perm.h"

#define R(x)	(1u << (x))
#define ALL	(R(ROLE_ADMIN) | R(ROLE_COORDINATOR) | R(ROLE_CONSULTANT) | \
		    R(ROLE_SHELTER_STAFF) | R(ROLE_AUDITOR))

static const char *const role_names[ROLE__MAX] = {
	[ROLE_ADMIN] = "admin",
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_CONSULTANT] = "consultant",
	[ROLE_SHELTER_STAFF] = "shelter_staff",
	[ROLE_AUDITOR] = "auditor",
};

/*
 * Who may do what.  The second factor is required of every role: each can
 * reach case data or the means to grant it.
 */
static const unsigned perm_roles[PERM__MAX] = {
	[PERM__NONE] = 0,
	[PERM_PUBLIC] = ALL,	/* and callers without a session */
	[PERM_LOGIN_STEP] = ALL,
	[PERM_SESSION] = ALL,
	[PERM_USERS] = R(ROLE_ADMIN),
	[PERM_SETTINGS] = R(ROLE_ADMIN),
	[PERM_AUDIT_READ] = R(ROLE_AUDITOR),
	[PERM_CONTACTS] = R(ROLE_CONSULTANT) | R(ROLE_COORDINATOR),
	[PERM_CALENDAR_EDIT] = R(ROLE_COORDINATOR),
	[PERM_STAFF] = R(ROLE_CONSULTANT) | R(ROLE_COORDINATOR),
	[PERM_CASES] = R(ROLE_CONSULTANT) | R(ROLE_COORDINATOR),
	[PERM_CASE_ADMIN] = R(ROLE_COORDINATOR),
	[PERM_SHELTER] = R(ROLE_SHELTER_STAFF) | R(ROLE_CONSULTANT) |
	    R(ROLE_COORDINATOR),
	[PERM_SHELTER_ADMIN] = R(ROLE_COORDINATOR),
	[PERM_DIRECTORY] = R(ROLE_CONSULTANT) | R(ROLE_COORDINATOR) |
	    R(ROLE_SHELTER_STAFF),
	[PERM_DIRECTORY_EDIT] = R(ROLE_CONSULTANT) | R(ROLE_COORDINATOR),
	[PERM_INTERPRETERS] = R(ROLE_CONSULTANT) | R(ROLE_COORDINATOR) |
	    R(ROLE_SHELTER_STAFF),
	[PERM_INTERPRETER_ADMIN] = R(ROLE_COORDINATOR),
	[PERM_STATISTICS] = R(ROLE_COORDINATOR) | R(ROLE_AUDITOR),
	[PERM_SIP] = 0,		/* no role: the SIP server's secret (sip.h) */
};

static const char *const stage_names[STAGE__MAX] = {
	[STAGE_TOTP] = "totp",
	[STAGE_TOTP_ENROL] = "totp_enrol",
	[STAGE_PASSWORD] = "password_change",
	[STAGE_DONE] = "done",
};

const char *
role_name(enum role r)
{
	return r < ROLE__MAX ? role_names[r] : "?";
}

int
role_parse(const char *s, enum role *out)
{
	int	 i;

	for (i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}

bool
perm_allows(enum role r, enum perm p)
{
	if (r >= ROLE__MAX || p >= PERM__MAX)
		return false;
	return (perm_roles[p] & R(r)) != 0;
}

const char *
stage_name(enum auth_stage s)
{
	return s < STAGE__MAX ? stage_names[s] : "?";
}

bool
totp_required(bool totp_enrolled, bool demo)
{
	return !demo || totp_enrolled;
}

enum auth_stage
auth_stage(bool mfa_ok, bool totp_enrolled, bool demo, bool must_change_pw)
{
	if (!mfa_ok && totp_required(totp_enrolled, demo))
		return totp_enrolled ? STAGE_TOTP : STAGE_TOTP_ENROL;
	if (must_change_pw)
		return STAGE_PASSWORD;
	return STAGE_DONE;
}
