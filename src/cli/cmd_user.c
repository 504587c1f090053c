/*
 * haven user add|list|disable|enable|reset-password|set-role|reset-totp:
 * staff accounts from the command line, for the first steps and for the
 * day no admin can log in.  Changes are audited like the API's, with user
 * id 0 standing for the command line.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth/account.h"
#include "base/valid.h"
#include "cli/cli.h"

static const char	*opt_role;

static const struct cli_flag add_flags[] = {
	{ "role", "ROLE", "admin, coordinator, consultant, shelter_staff or "
	    "auditor", &opt_role, NULL },
	{ NULL, NULL, NULL, NULL, NULL }
};

enum user_action {
	UA_ADD,
	UA_LIST,
	UA_DISABLE,
	UA_ENABLE,
	UA_RESET_PASSWORD,
	UA_SET_ROLE,
	UA_RESET_TOTP,
	UA__MAX
};

static const struct {
	const char	*name;
	int		 nargs;		/* positionals after the action */
	struct cli_cmd	 cmd;
} actions[UA__MAX] = {
	[UA_ADD] = { "add", 1, { "user add", "Create an account with a "
	    "one-time password, printed once.", "NAME --role ROLE",
	    CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, add_flags } },
	[UA_LIST] = { "list", 0, { "user list", "List the accounts.", "",
	    CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, NULL } },
	[UA_DISABLE] = { "disable", 1, { "user disable", "Disable an account "
	    "and end its sessions.", "NAME", CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL,
	    NULL } },
	[UA_ENABLE] = { "enable", 1, { "user enable", "Enable a disabled "
	    "account.", "NAME", CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, NULL } },
	[UA_RESET_PASSWORD] = { "reset-password", 1, { "user reset-password",
	    "Give an account a new one-time password, printed once, and end "
	    "its sessions.", "NAME", CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, NULL } },
	[UA_SET_ROLE] = { "set-role", 2, { "user set-role", "Change the role "
	    "of an account.", "NAME ROLE", CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL,
	    NULL } },
	[UA_RESET_TOTP] = { "reset-totp", 1, { "user reset-totp", "Remove an "
	    "account's second factor: it must enrol again at the next "
	    "login.", "NAME", CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, NULL } },
};

static void
user_usage(FILE *f)
{
	int	 i;

	fprintf(f, "usage: haven user ACTION ...\n\nactions:\n");
	for (i = 0; i < UA__MAX; i++)
		fprintf(f, "  %-15s %s\n", actions[i].name,
		    actions[i].cmd.summary);
	fprintf(f, "\n'haven user ACTION --help' describes an action.\n");
}

static int
list_one(const struct user *u, void *arg)
{
	char		 when[32] = "never";
	struct tm	 tm;
	time_t		 t = (time_t)u->last_login_at;

	(void)arg;
	if (u->last_login_at > 0 && gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	printf("%-6lld %-24s %-14s %-9s %-4s %s\n", (long long)u->id,
	    u->username, role_name(u->role), u->disabled ? "disabled" :
	    "enabled", u->totp_enrolled ? "yes" : "no", when);
	return 0;
}

/* A new one-time password, printed by the caller. */
static int
new_password(char pw[21], char hash[PASSWORD_HASHLEN])
{
	password_generate(pw);
	if (password_hash(pw, strlen(pw), hash) == -1) {
		sodium_memzero(pw, 21);
		return cli_fail("cannot hash the password (out of memory?)");
	}
	return 0;
}

static int
user_run(enum user_action a, struct db *db, char *args[])
{
	struct account_create	 c;
	struct account_update	 u;
	struct account_reset	 r;
	struct user		 found;
	struct err		 e;
	char			 pw[21];
	int			 rc;

	if (a == UA_LIST) {
		printf("%-6s %-24s %-14s %-9s %-4s %s\n", "id", "user", "role",
		    "status", "2fa", "last login");
		return user_list(db, list_one, NULL) == -1 ?
		    cli_fail("%s", db_err(db)->msg) : 0;
	}
	if (a == UA_ADD) {
		memset(&c, 0, sizeof(c));
		c.username = args[0];
		if (!valid_username(c.username, strlen(c.username)))
			return cli_fail("user add: a user name is 1 to 64 of "
			    "a-z, 0-9, '.', '_' and '-'");
		if (opt_role == NULL || role_parse(opt_role, &c.role) == -1)
			return cli_fail("user add: --role must be admin, "
			    "coordinator, consultant, shelter_staff or auditor");
		if (new_password(pw, c.hash) != 0)
			return 1;
		if (db_tx_run(db, DB_TX_WRITE, account_create_job, &c, &e) ==
		    -1) {
			sodium_memzero(pw, sizeof(pw));
			return cli_fail(e.code == ERR_UNIQUE ? "user add: %s "
			    "exists already" : "user add: %s", e.code ==
			    ERR_UNIQUE ? c.username : e.msg);
		}
		printf("created %s (%s)\n  password: %s\nThis one-time "
		    "password is shown only now and must be changed at the "
		    "first login.\n", c.username, role_name(c.role), pw);
		sodium_memzero(pw, sizeof(pw));
		return 0;
	}
	if ((rc = user_by_name(db, args[0], &found)) != 1)
		return rc == -1 ? cli_fail("%s", db_err(db)->msg) :
		    cli_fail("no user %s", args[0]);
	switch (a) {
	case UA_DISABLE:
	case UA_ENABLE:
	case UA_SET_ROLE:
		memset(&u, 0, sizeof(u));
		u.id = found.id;
		if (a == UA_SET_ROLE) {
			u.set_role = true;
			if (role_parse(args[1], &u.role) == -1)
				return cli_fail("set-role: no role '%s'",
				    args[1]);
		} else {
			u.set_disabled = true;
			u.disabled = a == UA_DISABLE;
		}
		if (db_tx_run(db, DB_TX_WRITE, account_update_job, &u, &e) ==
		    -1)
			return cli_fail("%s", e.msg);
		if (u.last_admin)
			return cli_fail("%s is the last enabled admin: make "
			    "another admin first", found.username);
		printf("%s: %s, %s\n", u.after.username,
		    role_name(u.after.role), u.after.disabled ? "disabled" :
		    "enabled");
		return 0;
	case UA_RESET_PASSWORD:
	case UA_RESET_TOTP:
		memset(&r, 0, sizeof(r));
		r.id = found.id;
		r.hash = NULL;
		if (a == UA_RESET_PASSWORD) {
			if (new_password(pw, found.pw_hash) != 0)
				return 1;
			r.hash = found.pw_hash;
		}
		rc = db_tx_run(db, DB_TX_WRITE, account_reset_job, &r, &e);
		if (rc == 0 && a == UA_RESET_PASSWORD)
			printf("new one-time password for %s: %s\n",
			    found.username, pw);
		else if (rc == 0)
			printf("second factor of %s removed: it enrols again "
			    "at the next login\n", found.username);
		sodium_memzero(pw, sizeof(pw));
		return rc == 0 ? 0 : cli_fail("%s", e.msg);
	default:
		return cli_fail("unknown action");
	}
}

int
cmd_user(int argc, char *argv[])
{
	struct config	 cfg;
	struct db	*db = NULL;
	struct err	 e;
	int		 i, first, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		user_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < UA__MAX; i++)
		if (strcmp(argv[1], actions[i].name) == 0)
			break;
	if (i == UA__MAX) {
		cli_fail("user: unknown action '%s' (see 'haven user --help')",
		    argv[1]);
		return 2;
	}
	config_init(&cfg);
	if ((rc = cli_parse(&actions[i].cmd, argc - 1, argv + 1, &cfg,
	    &first)) != CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	first++;	/* back to indexes of argv */
	if (argc - first != actions[i].nargs) {
		cli_fail("usage: haven %s %s", actions[i].cmd.name,
		    actions[i].cmd.usage);
		config_release(&cfg);
		return 2;
	}
	if (db_open(cfg.database_url, &db, &e) == -1)
		rc = cli_fail("cannot open the database: %s", e.msg);
	else
		rc = user_run((enum user_action)i, db, argv + first);
	db_close(db);
	config_release(&cfg);
	return rc;
}
