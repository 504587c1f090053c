/*
 * Account changes with their audit entries (see account.h).  The last
 * enabled admin can be neither disabled nor demoted: someone must be able
 * to manage accounts.
 */
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/recovery.h"
#include "auth/session.h"
#include "base/clock.h"

int
account_create_job(struct db *db, void *arg, struct err *e)
{
	struct account_create	*j = arg;
	struct audit_entry	 a = { j->by, "user.create", "user", 0, "ok",
				    role_name(j->role) };

	(void)e;
	if (user_insert(db, j->username, j->role, j->hash, true, &j->id) == -1)
		return -1;
	a.object_id = j->id;
	return audit_append(db, &a);
}

/* Would this change leave no enabled admin?  1 yes, 0 no, -1 error. */
static int
update_leaves_no_admin(struct db *db, const struct account_update *j,
    const struct user *u)
{
	int64_t	 others;

	if (u->role != ROLE_ADMIN || u->disabled)
		return 0;
	if (!(j->set_role && j->role != ROLE_ADMIN) &&
	    !(j->set_disabled && j->disabled))
		return 0;
	if (user_count_admins(db, u->id, &others) == -1)
		return -1;
	return others == 0;
}

int
account_update_job(struct db *db, void *arg, struct err *e)
{
	struct account_update	*j = arg;
	struct audit_entry	 a = { j->by, NULL, "user", j->id, "ok", NULL };
	struct user		 u;
	int			 rc;

	(void)e;
	j->last_admin = false;
	if ((j->found = user_by_id(db, j->id, &u)) != 1)
		return j->found == 0 ? 0 : -1;
	if ((rc = update_leaves_no_admin(db, j, &u)) != 0) {
		j->last_admin = rc == 1;
		return rc == 1 ? 0 : -1;
	}
	if (j->set_role && j->role != u.role) {
		a.action = "user.role";
		a.detail = role_name(j->role);
		if (user_set_role(db, j->id, j->role) == -1 ||
		    audit_append(db, &a) == -1)
			return -1;
	}
	if (j->set_disabled && j->disabled != u.disabled) {
		a.action = j->disabled ? "user.disable" : "user.enable";
		a.detail = NULL;
		if (user_set_disabled(db, j->id, j->disabled) == -1 ||
		    (j->disabled && session_revoke_all(db, j->id, 0,
		    clock_now()) == -1) || audit_append(db, &a) == -1)
			return -1;
	}
	return user_by_id(db, j->id, &j->after) == 1 ? 0 : -1;
}

int
account_reset_job(struct db *db, void *arg, struct err *e)
{
	struct account_reset	*j = arg;
	struct audit_entry	 a = { j->by, NULL, "user", j->id, "ok", NULL };
	struct user		 u;

	(void)e;
	if ((j->found = user_by_id(db, j->id, &u)) != 1)
		return j->found == 0 ? 0 : -1;
	if (j->hash != NULL) {
		a.action = "user.password_reset";
		if (user_set_password(db, j->id, j->hash, true) == -1)
			return -1;
	} else {
		a.action = "user.totp_reset";
		if (user_totp_reset(db, j->id) == -1 ||
		    recovery_clear(db, j->id) == -1)
			return -1;
	}
	/* Whoever held the old password or phone is logged out. */
	if (session_revoke_all(db, j->id, 0, clock_now()) == -1)
		return -1;
	return audit_append(db, &a);
}
