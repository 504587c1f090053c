/*
 * haven report --year YYYY --format pdf|xlsx|csv [--lang pl|en]
 * [--out FILE]: the annual report (stats/report.h) from the command line,
 * the same bytes as GET /api/v1/reports/annual.  The file is written next
 * to its final name and renamed into place, so a half-written report is
 * never left under it; the CSV goes to stdout unless --out says otherwise.
 * Audited as "stats.report" with user id 0 (the command line).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "hotline/calendar.h"
#include "stats/report.h"

static const char	*opt_year, *opt_format, *opt_lang, *opt_out;

static const struct cli_flag report_flags[] = {
	{ "year", "YYYY", "the year (1 January - 31 December); required",
	  &opt_year, NULL },
	{ "format", "FORMAT", "pdf, xlsx or csv; required", &opt_format,
	  NULL },
	{ "lang", "LANG", "pl (default) or en", &opt_lang, NULL },
	{ "out", "FILE", "where to write ('-': stdout); default "
	  "haven-report-YYYY.pdf|xlsx here, stdout for csv", &opt_out, NULL },
	{ NULL, NULL, NULL, NULL, NULL }
};

static const struct cli_cmd report_cmd = {
	"report", "Write the annual report for the funding ministry: every "
	"statistics table of the year, small counts suppressed at the "
	"instance's threshold.", "--year YYYY --format pdf|xlsx|csv "
	"[--lang pl|en] [--out FILE]",
	CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL,
	report_flags
};

struct audit_job {
	char	 detail[64];
};

static int
audit_job(struct db *db, void *arg, struct err *e)
{
	struct audit_job	*j = arg;
	struct audit_entry	 a = { 0, "stats.report", "statistics", 0, "ok",
				    j->detail };

	if (audit_append(db, &a) == -1) {
		*e = *db_err(db);
		return -1;
	}
	return 0;
}

/* Write all of data to fd; 0 or -1 with errno. */
static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write the report to path through a temporary file renamed into place. */
static int
write_file(const char *path, const struct buf *b)
{
	char	 tmp[4200];
	int	 fd, saved;

	if (strlen(path) >= 4096)
		return cli_fail("report: --out is too long");
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1)
		return cli_fail("cannot create %s: %s", path, strerror(errno));
	if (write_all(fd, b->data, b->len) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return cli_fail("cannot write %s: %s", path, strerror(saved));
	}
	if (close(fd) == -1) {
		saved = errno;
		unlink(tmp);
		return cli_fail("cannot write %s: %s", path, strerror(saved));
	}
	if (rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		return cli_fail("cannot write %s: %s", path, strerror(saved));
	}
	return 0;
}

static int
report_run(struct db *db, int year, enum report_format f, bool en)
{
	struct report		 rep;
	struct audit_job	 j;
	struct err		 e;
	struct buf		 b;
	char			 def[64];
	const char		*out = opt_out;
	int			 pages, rc = 1;

	if (out == NULL && f != REPORT_CSV) {
		snprintf(def, sizeof(def), "haven-report-%d.%s", year,
		    report_format_name(f));
		out = def;
	}
	if (report_load(&rep, db, year, en, &e) == -1)
		return cli_fail("cannot count the year: %s", e.msg);
	buf_init(&b, REPORT_BYTES_MAX);
	if (report_render(&rep, f, &b, &pages, &e) == -1) {
		cli_fail("cannot make the report: %s", e.msg);
		goto out;
	}
	snprintf(j.detail, sizeof(j.detail), "%d %s", year,
	    report_format_name(f));
	if (db_tx_run(db, DB_TX_WRITE, audit_job, &j, &e) == -1) {
		cli_fail("cannot write the audit log: %s", e.msg);
		goto out;
	}
	if (out == NULL || strcmp(out, "-") == 0) {
		if (write_all(STDOUT_FILENO, b.data, b.len) == -1) {
			cli_fail("cannot write the report: %s",
			    strerror(errno));
			goto out;
		}
	} else {
		if (write_file(out, &b) != 0)
			goto out;
		if (f == REPORT_PDF)
			fprintf(stderr, "haven: wrote %s (%d pages)\n", out,
			    pages);
		else
			fprintf(stderr, "haven: wrote %s\n", out);
	}
	rc = 0;
out:
	report_free(&rep);
	buf_release(&b);
	return rc;
}

int
cmd_report(int argc, char *argv[])
{
	struct cal_local	 now = cal_to_local(clock_now());
	struct config		 cfg;
	struct db		*db = NULL;
	struct err		 e;
	enum report_format	 f;
	int			 first, rc, year;
	bool			 en = false;

	config_init(&cfg);
	if ((rc = cli_parse(&report_cmd, argc, argv, &cfg, &first)) !=
	    CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	rc = 2;
	if (first < argc)
		cli_fail("report: unexpected argument '%s'", argv[first]);
	else if (opt_year == NULL)
		cli_fail("report: --year YYYY is required");
	else if (report_year_parse(opt_year, now.date.y, &year, &e) == -1)
		cli_fail("report: --year: %s", e.msg);
	else if (opt_format == NULL)
		cli_fail("report: --format pdf|xlsx|csv is required");
	else if (report_format_parse(opt_format, &f) == -1)
		cli_fail("report: --format must be pdf, xlsx or csv");
	else if (opt_lang != NULL && strcmp(opt_lang, "pl") != 0 &&
	    strcmp(opt_lang, "en") != 0)
		cli_fail("report: --lang must be pl or en");
	else if (opt_out != NULL && *opt_out == '\0')
		cli_fail("report: --out needs a file name");
	else if (db_open(cfg.database_url, &db, &e) == -1)
		rc = cli_fail("cannot open the database: %s", e.msg);
	else {
		en = opt_lang != NULL && strcmp(opt_lang, "en") == 0;
		rc = report_run(db, year, f, en);
	}
	db_close(db);
	config_release(&cfg);
	return rc;
}
