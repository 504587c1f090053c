/*
 * haven init: make a new installation ready, or bring an existing one up to
 * date: the data folder, the database schema, the key file, and the first
 * administrator, whose one-time password is printed once and never stored.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/app.h"
#include "auth/account.h"
#include "auth/password.h"
#include "auth/sip.h"
#include "auth/user.h"
#include "base/valid.h"
#include "base/xmalloc.h"
#include "cli/cli.h"
#include "crypto/field.h"
#include "crypto/keyfile.h"
#include "db/migrate.h"
#include "screening/screening.h"
#include "stats/stats.h"

static const char	*admin_name = "admin";
static bool		 with_demo;

static const struct cli_flag init_flags[] = {
	{ "admin", "NAME", "user name of the first administrator "
	    "(default admin)", &admin_name, NULL },
	{ "demo", NULL, "also load the fictional demo data set and its "
	    "accounts (never on a real installation)", NULL, &with_demo },
	{ NULL, NULL, NULL, NULL, NULL }
};

static const struct cli_cmd init_cmd = {
	.name = "init",
	.summary = "Create or migrate the database, create the key file, and "
	    "create the first administrator, printing a one-time password.",
	.usage = "[OPTIONS]",
	.shared = CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL |
	    CFG_SIP_SECRET,
	.flags = init_flags,
};

/* mkdir -p with mode 0700 for what it creates. */
static int
mkdirs(const char *path)
{
	char	*p = xstrdup(path), *s;
	int	 rc = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char	 c = *s;

		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

/* The folder of a sqlite: URL's file must exist before SQLite opens it. */
static int
sqlite_parent(const char *url)
{
	char	*path, *slash;
	int	 rc = 0;

	if (strncmp(url, "sqlite:", 7) != 0)
		return 0;
	path = xstrdup(url + 7);
	if ((slash = strrchr(path, '/')) != NULL && slash != path) {
		*slash = '\0';
		rc = mkdirs(path);
	}
	free(path);
	return rc;
}

/* Create the first administrator, unless someone was first. */
static int
admin_write(struct db *db, void *arg, struct err *e)
{
	struct account_create	*j = arg;
	int64_t			 n;

	j->id = 0;
	if (user_count(db, &n) == -1)
		return -1;
	return n > 0 ? 0 : account_create_job(db, j, e);
}

static int
init_admin(struct db *db)
{
	struct account_create	 j;
	struct err		 e;
	char			 pw[21];
	int64_t			 n;

	if (user_count(db, &n) == -1)
		return cli_fail("%s", db_err(db)->msg);
	if (n > 0) {
		printf("users exist: no administrator created\n");
		return 0;
	}
	memset(&j, 0, sizeof(j));
	password_generate(pw);
	if (password_hash(pw, strlen(pw), j.hash) == -1) {
		sodium_memzero(pw, sizeof(pw));
		return cli_fail("cannot hash the password (out of memory?)");
	}
	j.username = admin_name;
	j.role = ROLE_ADMIN;
	if (db_tx_run(db, DB_TX_WRITE, admin_write, &j, &e) == -1) {
		sodium_memzero(pw, sizeof(pw));
		return cli_fail("cannot create the administrator: %s", e.msg);
	}
	if (j.id != 0)
		printf("Created the first administrator.\n"
		    "  user name: %s\n"
		    "  password:  %s\n"
		    "This password is shown only now and must be changed at "
		    "the first login.\n", admin_name, pw);
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

int
cmd_init(int argc, char *argv[])
{
	struct config	 cfg;
	struct db	*db = NULL;
	struct keyring	*key = NULL;
	struct err	 e;
	int		 first, rc, applied, made;

	config_init(&cfg);
	if ((rc = cli_parse(&init_cmd, argc, argv, &cfg, &first)) != CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	rc = 1;
	if (first < argc) {
		cli_fail("init: unexpected argument '%s'", argv[first]);
		goto out;
	}
	if (!valid_username(admin_name, strlen(admin_name))) {
		cli_fail("init: --admin: a user name is 1 to 64 of a-z, 0-9, "
		    "'.', '_' and '-'");
		goto out;
	}
	if (mkdirs(cfg.data_dir) == -1 || sqlite_parent(cfg.database_url) ==
	    -1) {
		cli_fail("cannot create the data folder %s: %s", cfg.data_dir,
		    strerror(errno));
		goto out;
	}
	if (db_open(cfg.database_url, &db, &e) == -1) {
		cli_fail("cannot open the database: %s", e.msg);
		goto out;
	}
	if (migrate_up(db, &applied, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	printf("database schema at version %d\n", migrate_latest());
	if (!keyfile_exists(cfg.key_file)) {
		if (keyfile_create(cfg.key_file, &e) == -1) {
			cli_fail("%s", e.msg);
			goto out;
		}
		printf("created key file %s: keep a copy off this machine; "
		    "without it the encrypted data cannot be read\n",
		    cfg.key_file);
	}
	if ((made = sip_secret_create(cfg.sip_secret_file, &e)) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	if (made == 1)
		printf("created the SIP server's shared secret %s: give it to "
		    "the SIP server (docs/TELEPHONY.md)\n",
		    cfg.sip_secret_file);
	if (keyfile_load(cfg.key_file, &key, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	field_init(key);	/* the demo data seals its contacts */
	if (db_tx_run(db, DB_TX_WRITE, screening_seed, NULL, &e) == -1 ||
	    db_tx_run(db, DB_TX_WRITE, stats_rollup_fill, NULL, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	if (with_demo) {
		if (demo_seed(db, &e) == -1) {
			cli_fail("cannot load the demo data: %s", e.msg);
			goto out;
		}
	} else if (init_admin(db) != 0)
		goto out;
	rc = 0;
out:
	field_init(NULL);
	keyring_free(key);
	db_close(db);
	config_release(&cfg);
	return rc;
}
