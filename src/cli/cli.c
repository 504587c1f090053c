/*
 * The argument parser of the subcommands: --name value, --name=value and
 * switches, the shared options and the command's own, anywhere among the
 * positional arguments.  Written out
 * rather than with getopt_long so that one table gives both the parsing and
 * the help text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/xmalloc.h"
#include "cli/cli.h"

static const char *const shared_names[] = {
	"listen", "database", "data-dir", "key-file", "log-level", "tls-proxy",
	"telephony-secret-file", "workers"
};
static const unsigned shared_bits[] = {
	CFG_LISTEN, CFG_DATABASE, CFG_DATA_DIR, CFG_KEY_FILE, CFG_LOG_LEVEL,
	CFG_TLS_PROXY, CFG_SIP_SECRET, CFG_WORKERS
};

int
cli_fail(const char *fmt, ...)
{
	va_list	 ap;

	fputs("haven: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

void
cli_usage(FILE *f, const struct cli_cmd *c)
{
	const struct cli_flag	*fl;

	fprintf(f, "usage: haven %s %s\n\n%s\n", c->name, c->usage,
	    c->summary);
	if (c->shared == 0 && (c->flags == NULL || c->flags[0].name == NULL))
		return;
	fprintf(f, "\noptions:\n");
	for (fl = c->flags; fl != NULL && fl->name != NULL; fl++) {
		char	 left[64];

		snprintf(left, sizeof(left), "%s%s%s", fl->name,
		    fl->arg != NULL ? " " : "", fl->arg != NULL ? fl->arg : "");
		fprintf(f, "  --%-12s %s\n", left, fl->help);
	}
	config_usage(f, c->shared);
	fprintf(f, "  --%-12s %s\n", "help", "show this help");
}

static int
cli_shared(const struct cli_cmd *c, const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(shared_names) / sizeof(shared_names[0]); i++)
		if ((c->shared & shared_bits[i]) &&
		    strcmp(shared_names[i], name) == 0)
			return 1;
	return 0;
}

int
cli_parse(const struct cli_cmd *c, int argc, char *argv[],
    struct config *cfg, int *first)
{
	const struct cli_flag	*fl;
	struct err		 e;
	char			 name[64];
	const char		*arg, *eq, *val;
	char			**pos;
	int			 i, npos = 0;
	size_t			 n;

	if (config_env(cfg, &e) == -1) {
		cli_fail("%s", e.msg);
		return CLI_ERROR;
	}
	/*
	 * Options and positional arguments may come in any order; the
	 * positionals are gathered at the end of argv, in their order.
	 */
	pos = xcalloc((size_t)argc, sizeof(*pos));
	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			while (++i < argc)
				pos[npos++] = argv[i];
			break;
		}
		if (strncmp(arg, "--", 2) != 0) {
			pos[npos++] = argv[i];
			continue;
		}
		arg += 2;
		eq = strchr(arg, '=');
		n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
		if (n >= sizeof(name)) {
			cli_fail("%s: unknown option %s", c->name, argv[i]);
			goto fail;
		}
		memcpy(name, arg, n);
		name[n] = '\0';
		if (strcmp(name, "help") == 0) {
			cli_usage(stdout, c);
			free(pos);
			return CLI_HELP;
		}
		for (fl = c->flags; fl != NULL && fl->name != NULL; fl++)
			if (strcmp(fl->name, name) == 0)
				break;
		if (fl != NULL && fl->name != NULL && fl->arg == NULL) {
			if (eq != NULL) {
				cli_fail("%s: --%s takes no value", c->name,
				    name);
				goto fail;
			}
			*fl->on = true;
			continue;
		}
		if ((fl == NULL || fl->name == NULL) && !cli_shared(c, name)) {
			cli_fail("%s: unknown option --%s (see 'haven %s "
			    "--help')", c->name, name, c->name);
			goto fail;
		}
		if (eq != NULL)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			cli_fail("%s: --%s needs a value", c->name, name);
			goto fail;
		}
		if (fl != NULL && fl->name != NULL)
			*fl->value = val;
		else if (config_option(cfg, name, val, &e) == -1) {
			cli_fail("%s", e.msg);
			goto fail;
		}
	}
	for (i = 0; i < npos; i++)
		argv[argc - npos + i] = pos[i];
	free(pos);
	i = argc - npos;
	if (config_finish(cfg, &e) == -1) {
		cli_fail("%s", e.msg);
		return CLI_ERROR;
	}
	log_set_level(cfg->log_level);
	*first = i;
	return CLI_OK;
fail:
	free(pos);
	return CLI_ERROR;
}
