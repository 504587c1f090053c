/*
 * The demo data set for `make run`: clearly fictional, for trying Haven out
 * on a laptop.  Every account has the same published password, so a demo
 * instance must never hold real data; the setting demo_mode makes the
 * interface say so on every page, and lets the demo accounts in without a
 * second factor (auth/perm.c, totp_required).
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "auth/password.h"
#include "auth/settings.h"
#include "auth/user.h"

#define DEMO_PASSWORD	"haven-demo-only"

static const struct {
	const char	*username;
	enum role	 role;
} demo_users[] = {
	{ "demo.admin", ROLE_ADMIN },
	{ "demo.coordinator", ROLE_COORDINATOR },
	{ "demo.consultant", ROLE_CONSULTANT },
	{ "demo.shelter", ROLE_SHELTER_STAFF },
	{ "demo.auditor", ROLE_AUDITOR },
};

static int
demo_write(struct db *db, void *arg, struct err *e)
{
	struct user	 u;
	char		 hash[PASSWORD_HASHLEN];
	int64_t		 id;
	size_t		 i;
	int		 found;

	(void)arg;
	for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		if ((found = user_by_name(db, demo_users[i].username, &u)) == -1)
			return -1;
		if (found)
			continue;
		if (password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD),
		    hash) == -1) {
			err_set(e, ERR_IO, "cannot hash a password");
			return -1;
		}
		if (user_insert(db, demo_users[i].username, demo_users[i].role,
		    hash, false, &id) == -1)
			return -1;
	}
	return setting_set(db, SETTING_DEMO_MODE, 1);
}

int
demo_seed(struct db *db, struct err *e)
{
	size_t	 i;

	if (db_tx_run(db, DB_TX_WRITE, demo_write, NULL, e) == -1)
		return -1;
	printf("Demo instance with fictional data. Log in as one of:\n");
	for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
		printf("  %-18s (%s)\n", demo_users[i].username,
		    role_name(demo_users[i].role));
	printf("Password for every demo account: %s\n", DEMO_PASSWORD);
	return 0;
}
