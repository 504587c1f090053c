/*
 * haven: the hotline and case-management system of a consulting and
 * intervention centre for victims of human trafficking.  This file only
 * picks the subcommand; each lives in src/cli/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "base/xmalloc.h"
#include "cli/cli.h"

static const struct {
	const char	*name;
	int		(*fn)(int, char *[]);
	const char	*summary;
} cmds[] = {
	{ "init", cmd_init, "create or migrate the database, the key file "
	    "and the first administrator" },
	{ "serve", cmd_serve, "serve the API and the web interface" },
	{ "migrate", cmd_migrate, "bring the database schema up to date" },
	{ "user", cmd_user, "manage staff accounts" },
	{ "audit", cmd_audit, "verify the audit log, export a checkpoint" },
	{ "key", cmd_key, "rotate the encryption key" },
	{ "report", cmd_report, "write the annual report (pdf, xlsx, csv)" },
	{ "export", cmd_export, "the anonymised case-level export" },
	{ "stats", cmd_stats, "recount the statistics' contact rollup" },
	{ "version", cmd_version, "print the version" },
};

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: haven COMMAND [OPTIONS]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n'haven COMMAND --help' describes a command.\n");
}

int
main(int argc, char *argv[])
{
	size_t	 i;

	if (sodium_init() < 0) {
		fprintf(stderr, "haven: cannot initialise libsodium\n");
		return 1;
	}
	/*
	 * JSON holds request bodies, identities and safe-contact protocols in
	 * clear while a request needs them: wipe every block jansson frees.
	 */
	json_set_alloc_funcs(malloc, free_wiped);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "haven: unknown command '%s' (see 'haven --help')\n",
	    argv[1]);
	return 2;
}
