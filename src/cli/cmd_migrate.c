/* haven migrate: apply the schema migrations this binary has. */
#include <stdio.h>

#include "cli/cli.h"
#include "db/migrate.h"

static const struct cli_cmd migrate_cmd = {
	.name = "migrate",
	.summary = "Bring the database schema up to date. Safe to run again, "
	    "and from two places at once.",
	.usage = "[OPTIONS]",
	.shared = CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL,
};

int
cmd_migrate(int argc, char *argv[])
{
	struct config	 cfg;
	struct db	*db = NULL;
	struct err	 e;
	int		 first, rc, applied;

	config_init(&cfg);
	if ((rc = cli_parse(&migrate_cmd, argc, argv, &cfg, &first)) != CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	rc = 1;
	if (first < argc)
		cli_fail("migrate: unexpected argument '%s'", argv[first]);
	else if (db_open(cfg.database_url, &db, &e) == -1)
		cli_fail("cannot open the database: %s", e.msg);
	else if (migrate_up(db, &applied, &e) == -1)
		cli_fail("%s", e.msg);
	else {
		printf("database schema at version %d (%d migration%s "
		    "applied)\n", migrate_latest(), applied,
		    applied == 1 ? "" : "s");
		rc = 0;
	}
	db_close(db);
	config_release(&cfg);
	return rc;
}
