/*
 * Changes to staff accounts made by an admin, over the API or the command
 * line: each is one write job (run with dbpool_write or db_tx_run) that
 * makes the change and its audit entry together.  "by" is the acting
 * admin's user id, 0 for the command line.
 */
#ifndef HAVEN_ACCOUNT_H
#define HAVEN_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/user.h"
#include "base/err.h"
#include "db/db.h"

struct account_create {
	int64_t		 by;
	const char	*username;
	enum role	 role;
	char		 hash[PASSWORD_HASHLEN];
	int64_t		 id;		/* out */
};
int	 account_create_job(struct db *, void *, struct err *);

struct account_update {
	int64_t		 by;
	int64_t		 id;
	bool		 set_role, set_disabled, disabled;
	enum role	 role;
	int		 found;		/* out; 0: no such user */
	bool		 last_admin;	/* out; refused: would leave none */
	struct user	 after;		/* out */
};
int	 account_update_job(struct db *, void *, struct err *);

/* Reset the password (hash set) or the second factor (hash NULL). */
struct account_reset {
	int64_t		 by;
	int64_t		 id;
	const char	*hash;
	int		 found;		/* out */
};
int	 account_reset_job(struct db *, void *, struct err *);

#endif
