/* haven version: the program's, the API's and the schema's versions. */
#include <stdio.h>

#include "base/version.h"
#include "cli/cli.h"
#include "db/migrate.h"

static const struct cli_cmd version_cmd = {
	.name = "version",
	.summary = "Print the version of haven, of its API and of the "
	    "database schema it expects.",
	.usage = "",
};

int
cmd_version(int argc, char *argv[])
{
	struct config	 cfg;
	int		 first, rc;

	config_init(&cfg);
	rc = cli_parse(&version_cmd, argc, argv, &cfg, &first);
	config_release(&cfg);
	if (rc != CLI_OK)
		return rc == CLI_HELP ? 0 : 2;
	if (first < argc)
		return cli_fail("version: unexpected argument '%s'",
		    argv[first]);
	printf("haven %s (api %s, schema %d)\n", HAVEN_VERSION,
	    HAVEN_API_VERSION, migrate_latest());
	return 0;
}
