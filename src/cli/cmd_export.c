/*
 * haven export anonymised: the anonymised case-level export
 * (src/stats/export.h, docs/API-statistics.md) to stdout or a file, CSV
 * with the summary on stderr, or JSON with the summary inside.  Audited as
 * "stats.export_anonymised", with user id 0 standing for the command line,
 * before anything is written out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/settings.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "stats/export.h"

#define OUT_MAX	(256u << 20)	/* a cap on the document built */

static const char	*opt_k, *opt_suppress, *opt_format, *opt_out;

static const struct cli_flag export_flags[] = {
	{ "k", "N", "the smallest group published (2 to 1000; default: the "
	    "export_k setting, 11)", &opt_k, NULL },
	{ "max-suppress", "PCT", "the most records dropped rather than "
	    "generalising further, in per cent (0 to 100, default 5)",
	    &opt_suppress, NULL },
	{ "format", "FMT", "csv (the summary on stderr) or json (default "
	    "csv)", &opt_format, NULL },
	{ "out", "FILE", "write to FILE (created with mode 0600) instead "
	    "of stdout", &opt_out, NULL },
	{ NULL, NULL, NULL, NULL, NULL }
};

static const struct cli_cmd export_cmd = {
	"export anonymised", "Write the anonymised case-level export: "
	"registered victims with a valid consent to anonymised statistics, "
	"in CTDC's fields, k-anonymous over gender, age, citizenship, year "
	"and country of exploitation.", "[OPTIONS]",
	CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, export_flags
};

struct audit_job {
	char	 detail[96];
};

static int
audit_job(struct db *db, void *arg, struct err *e)
{
	struct audit_job	*j = arg;
	struct audit_entry	 a = { 0, "stats.export_anonymised", "export",
				    0, "ok", j->detail };

	(void)e;
	return audit_append(db, &a);
}

/* Write len bytes to FILE (0600, never through a link) or stdout. */
static int
write_out(const char *path, const char *data, size_t len)
{
	int	 fd = STDOUT_FILENO;
	ssize_t	 w;

	if (path != NULL && (fd = open(path, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC, 0600)) == -1)
		return cli_fail("cannot create %s: %s", path,
		    strerror(errno));
	while (len > 0) {
		if ((w = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			cli_fail("cannot write%s%s: %s", path ? " " : "",
			    path ? path : "", strerror(errno));
			if (path != NULL)
				close(fd);
			return 1;
		}
		data += w;
		len -= (size_t)w;
	}
	if (path != NULL && close(fd) == -1)
		return cli_fail("cannot write %s: %s", path, strerror(errno));
	return 0;
}

static int
export_anonymised(struct db *db)
{
	struct export		 x;
	struct audit_job	 j;
	struct buf		 b, sum;
	struct err		 e;
	int64_t			 k, pct = EXPORT_SUPPRESS_DEFAULT;
	bool			 json;
	char			*doc = NULL;
	int			 rc = 1;

	memset(&x, 0, sizeof(x));
	buf_init(&b, OUT_MAX);
	buf_init(&sum, 4096);
	if (opt_format != NULL && strcmp(opt_format, "csv") != 0 &&
	    strcmp(opt_format, "json") != 0) {
		cli_fail("export anonymised: --format must be csv or json");
		rc = 2;
		goto out;
	}
	json = opt_format != NULL && strcmp(opt_format, "json") == 0;
	if (opt_k != NULL) {
		if (export_number(opt_k, EXPORT_K_MIN, EXPORT_K_MAX, &k) ==
		    -1) {
			cli_fail("export anonymised: --k must be a whole "
			    "number from %d to %d", EXPORT_K_MIN,
			    EXPORT_K_MAX);
			rc = 2;
			goto out;
		}
	} else if (setting_get(db, SETTING_EXPORT_K, &k) == -1) {
		rc = cli_fail("%s", db_err(db)->msg);
		goto out;
	}
	if (opt_suppress != NULL &&
	    export_number(opt_suppress, 0, 100, &pct) == -1) {
		cli_fail("export anonymised: --max-suppress must be a "
		    "whole number of per cent from 0 to 100");
		rc = 2;
		goto out;
	}
	if (export_build(db, (size_t)k, (int)pct, &x, &e) == -1) {
		rc = cli_fail("export anonymised: %s", e.msg);
		goto out;
	}
	if (json) {
		json_t	*o = export_json(&x);

		doc = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (doc == NULL) {
			rc = cli_fail("export anonymised: out of memory");
			goto out;
		}
		buf_adds(&b, doc);
		buf_addc(&b, '\n');
	} else {
		export_csv(&x, &b);
		export_summary_text(&x, &sum);
	}
	if (b.err) {
		rc = cli_fail("export anonymised: the export is too large");
		goto out;
	}
	/* Nothing leaves before the audit log says so. */
	export_audit_detail(&x, json ? "json" : "csv", j.detail,
	    sizeof(j.detail));
	if (db_tx_run(db, DB_TX_WRITE, audit_job, &j, &e) == -1) {
		rc = cli_fail("export anonymised: %s", e.msg);
		goto out;
	}
	if ((rc = write_out(opt_out, b.data, b.len)) == 0 && !json)
		fputs(sum.data, stderr);
out:
	free(doc);
	buf_release(&b);
	buf_release(&sum);
	export_release(&x);
	return rc;
}

int
cmd_export(int argc, char *argv[])
{
	struct config	 cfg;
	struct db	*db = NULL;
	struct err	 e;
	int		 first, rc;

	if (argc < 2 || strcmp(argv[1], "anonymised") != 0) {
		bool	 help = argc >= 2 && strcmp(argv[1], "--help") == 0;

		fprintf(help ? stdout : stderr, "usage: haven export "
		    "anonymised [OPTIONS]\n  %s\n", export_cmd.summary);
		return help ? 0 : 2;
	}
	config_init(&cfg);
	if ((rc = cli_parse(&export_cmd, argc - 1, argv + 1, &cfg, &first)) !=
	    CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	if (first < argc - 1) {
		cli_fail("export anonymised: unexpected argument '%s'",
		    argv[first + 1]);
		config_release(&cfg);
		return 2;
	}
	if (db_open(cfg.database_url, &db, &e) == -1)
		rc = cli_fail("cannot open the database: %s", e.msg);
	else
		rc = export_anonymised(db);
	db_close(db);
	config_release(&cfg);
	return rc;
}
