/*
 * haven audit verify|checkpoint.  verify walks the whole hash chain and
 * compares it with the stored checkpoints and with any checkpoints given
 * (lines "SEQ:HASH" kept off the machine); it names the first entry that
 * was edited, deleted, inserted or moved, or a cut-off tail.  checkpoint
 * records the current head and prints it, and appends it to
 * DATA_DIR/audit-checkpoints.txt, for copying elsewhere.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "cli/cli.h"

static const char	*opt_file, *opt_checkpoint;

static const struct cli_flag verify_flags[] = {
	{ "checkpoints", "FILE", "also check against the checkpoint lines "
	    "(SEQ:HASH) in FILE", &opt_file, NULL },
	{ "checkpoint", "SEQ:HASH", "also check against this checkpoint",
	    &opt_checkpoint, NULL },
	{ NULL, NULL, NULL, NULL, NULL }
};

static const struct cli_cmd verify_cmd = {
	"audit verify", "Verify the audit log's hash chain and its "
	"checkpoints. Exits 0 when intact, 1 with the first problem found.",
	"[OPTIONS]", CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, verify_flags
};

static const struct cli_cmd checkpoint_cmd = {
	"audit checkpoint", "Record the head of the audit log (count and "
	"hash), print it and append it to DATA_DIR/audit-checkpoints.txt; "
	"keep a copy off this machine.", "[OPTIONS]",
	CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, NULL
};

static int
verify_file(struct audit_verifier *v, const char *path)
{
	struct audit_checkpoint	 c;
	char			 line[256], src[320];
	FILE			*f;
	int			 n = 0;

	if ((f = fopen(path, "r")) == NULL)
		return cli_fail("cannot open %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (audit_checkpoint_parse(line, &c) == -1) {
			fclose(f);
			return cli_fail("%s:%d: not a checkpoint (SEQ:HASH)",
			    path, n);
		}
		snprintf(src, sizeof(src), "the checkpoint at %s:%d", path, n);
		audit_verifier_checkpoint(v, &c, src);
	}
	fclose(f);
	return 0;
}

static int
audit_verify(struct db *db)
{
	struct audit_verifier	 v;
	struct audit_checkpoint	 c;
	struct err		 e;
	int			 rc = 1;

	audit_verifier_init(&v);
	if (audit_verify_db(db, &v, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	if (opt_checkpoint != NULL) {
		if (audit_checkpoint_parse(opt_checkpoint, &c) == -1) {
			cli_fail("--checkpoint: expected SEQ:HASH");
			goto out;
		}
		audit_verifier_checkpoint(&v, &c, "the given checkpoint");
	}
	if (opt_file != NULL && verify_file(&v, opt_file) != 0)
		goto out;
	if (v.failed) {
		cli_fail("audit log: %s", v.problem);
		goto out;
	}
	printf("audit log intact: %lld entries\n", (long long)v.rows);
	rc = 0;
out:
	audit_verifier_release(&v);
	return rc;
}

static int
checkpoint_job(struct db *db, void *arg, struct err *e)
{
	return audit_checkpoint_now(db, arg, e);
}

static int
audit_checkpoint(struct db *db, const char *data_dir)
{
	struct audit_checkpoint	 c;
	struct err		 e;
	char			 line[128], path[4096];
	FILE			*f;

	if (db_tx_run(db, DB_TX_WRITE, checkpoint_job, &c, &e) == -1)
		return cli_fail("%s", e.msg);
	audit_checkpoint_format(&c, line, sizeof(line));
	printf("%s\n", line);
	snprintf(path, sizeof(path), "%s/audit-checkpoints.txt", data_dir);
	if ((f = fopen(path, "a")) == NULL || fprintf(f, "%s\n", line) < 0 ||
	    fclose(f) != 0)
		return cli_fail("cannot append to %s: %s", path,
		    strerror(errno));
	return 0;
}

int
cmd_audit(int argc, char *argv[])
{
	const struct cli_cmd	*cmd;
	struct config		 cfg;
	struct db		*db = NULL;
	struct err		 e;
	int			 first, rc;

	if (argc < 2 || (strcmp(argv[1], "verify") != 0 &&
	    strcmp(argv[1], "checkpoint") != 0)) {
		fprintf(argc >= 2 && strcmp(argv[1], "--help") == 0 ? stdout :
		    stderr, "usage: haven audit verify|checkpoint [OPTIONS]\n"
		    "  verify      %s\n  checkpoint  %s\n", verify_cmd.summary,
		    checkpoint_cmd.summary);
		return argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	cmd = strcmp(argv[1], "verify") == 0 ? &verify_cmd : &checkpoint_cmd;
	config_init(&cfg);
	if ((rc = cli_parse(cmd, argc - 1, argv + 1, &cfg, &first)) !=
	    CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	if (first < argc - 1)
		rc = cli_fail("%s: unexpected argument '%s'", cmd->name,
		    argv[first + 1]);
	else if (db_open(cfg.database_url, &db, &e) == -1)
		rc = cli_fail("cannot open the database: %s", e.msg);
	else if (cmd == &verify_cmd)
		rc = audit_verify(db);
	else
		rc = audit_checkpoint(db, cfg.data_dir);
	db_close(db);
	config_release(&cfg);
	return rc;
}
