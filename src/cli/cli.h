/*
 * The subcommands and the argument parser they share.  Each subcommand
 * takes its shared options (cli/config.h) and its own flags, answers --help
 * on stdout, and reports an error as one line on stderr with exit 1
 * (2 for a usage error).
 */
#ifndef HAVEN_CLI_H
#define HAVEN_CLI_H

#include <stdbool.h>

#include "cli/config.h"

struct cli_flag {
	const char	*name;		/* long name, without dashes */
	const char	*arg;		/* NULL: a switch */
	const char	*help;
	const char	**value;	/* set for options with an argument */
	bool		*on;		/* set for switches */
};

struct cli_cmd {
	const char	*name;
	const char	*summary;
	const char	*usage;		/* after "haven NAME " */
	unsigned	 shared;	/* CFG_* bits */
	const struct cli_flag *flags;	/* ended by a NULL name; may be NULL */
};

enum {
	CLI_OK = 0,
	CLI_HELP = 1,		/* help was printed: exit 0 */
	CLI_ERROR = -1		/* a message was printed: exit 2 */
};

/*
 * Parse argv (argv[0] is the subcommand) into cfg and the command's flags.
 * *first gets the index of the first positional argument.
 */
int	 cli_parse(const struct cli_cmd *, int argc, char *argv[],
	    struct config *cfg, int *first);
void	 cli_usage(FILE *, const struct cli_cmd *);
/* Print "haven: msg" on stderr and return 1, for "return cli_fail(...)". */
int	 cli_fail(const char *, ...) __attribute__((format(printf, 1, 2)));

int	 cmd_init(int, char *[]);
int	 cmd_serve(int, char *[]);
int	 cmd_migrate(int, char *[]);
int	 cmd_version(int, char *[]);
int	 cmd_user(int, char *[]);
int	 cmd_key(int, char *[]);
int	 cmd_stats(int, char *[]);
int	 cmd_audit(int, char *[]);
int	 cmd_report(int, char *[]);
int	 cmd_export(int, char *[]);

#endif
