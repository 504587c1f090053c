/* haven stats rebuild: recount the statistics' contact rollup. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "stats/stats.h"

static const struct cli_cmd stats_cmd = {
	.name = "stats",
	.summary = "Recount the statistics' day rollup of contacts from the "
	    "contacts themselves (after a bulk load, or to check it). Stop "
	    "the server first: contacts written meanwhile could be counted "
	    "twice.",
	.usage = "rebuild [OPTIONS]",
	.shared = CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL,
};

int
cmd_stats(int argc, char *argv[])
{
	struct config	 cfg;
	struct db	*db = NULL;
	struct err	 e;
	int64_t		 counted = 0;
	int		 first, rc;

	config_init(&cfg);
	if ((rc = cli_parse(&stats_cmd, argc, argv, &cfg, &first)) != CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	rc = 1;
	if (first >= argc || strcmp(argv[first], "rebuild") != 0)
		cli_fail("stats: say 'haven stats rebuild'");
	else if (first + 1 < argc)
		cli_fail("stats: unexpected argument '%s'", argv[first + 1]);
	else if (db_open(cfg.database_url, &db, &e) == -1)
		cli_fail("cannot open the database: %s", e.msg);
	else if (db_tx_run(db, DB_TX_WRITE, stats_rebuild, &counted, &e) == -1)
		cli_fail("%s", e.msg);
	else {
		printf("statistics: %" PRId64 " contacts counted\n", counted);
		rc = 0;
	}
	db_close(db);
	config_release(&cfg);
	return rc;
}
