/*
 * haven key rotate: replace the master key.  Stop `haven serve` first.
 *
 * 1. A new key is put in front of the old one in the key file (both are
 *    needed while values are re-sealed).
 * 2. Every sealed value (app/sealed.c) not sealed by the new key is opened
 *    with the old one and sealed with the new one, a batch per
 *    transaction.
 * 3. The old key is dropped from the key file.
 * Interrupted anywhere, running it again finishes the job: step 1 is
 * skipped when the file already holds two keys, and step 2 skips what is
 * done.  `haven serve` refuses to start while the file holds two keys.
 * The login throttling counters are keyed by blind indexes of the old key;
 * they are simply forgotten.
 */
#include <stdio.h>
#include <string.h>

#include "app/sealed.h"
#include "cli/cli.h"
#include "crypto/field.h"
#include "crypto/keyfile.h"

static const char *const sql_forget_throttle = "DELETE FROM login_throttle";

static const struct cli_cmd rotate_cmd = {
	"key rotate", "Re-encrypt every encrypted field under a new key and "
	"drop the old key. Stop haven serve first; safe to run again if "
	"interrupted.", "[OPTIONS]",
	CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE | CFG_LOG_LEVEL, NULL
};

static int
forget_throttle(struct db *db, void *arg, struct err *e)
{
	(void)arg;
	(void)e;
	return db_exec(db, sql_forget_throttle);
}

static int
key_rotate(struct db *db, const char *path)
{
	struct keyring	*ring = NULL;
	struct err	 e;
	int64_t		 done;
	int		 rc = 1;

	if (keyfile_load(path, &ring, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	if (ring->n == 1) {
		if (keyring_push_new(ring, &e) == -1 ||
		    keyfile_write(path, ring, &e) == -1) {
			cli_fail("%s", e.msg);
			goto out;
		}
		printf("new key %u added to %s\n", ring->id[0], path);
	} else
		printf("resuming the rotation to key %u\n", ring->id[0]);
	field_init(ring);
	if (sealed_rotate(db, &done, &e) == -1) {
		cli_fail("re-encrypting: %s (run 'haven key rotate' again)",
		    e.msg);
		goto out;
	}
	printf("re-encrypted %lld values\n", (long long)done);
	if (db_tx_run(db, DB_TX_WRITE, forget_throttle, NULL, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	keyring_drop_old(ring);
	if (keyfile_write(path, ring, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	printf("old key removed from %s: copy the new key file off this "
	    "machine now\n", path);
	rc = 0;
out:
	field_init(NULL);
	keyring_free(ring);
	return rc;
}

int
cmd_key(int argc, char *argv[])
{
	struct config	 cfg;
	struct db	*db = NULL;
	struct err	 e;
	int		 first, rc;

	if (argc < 2 || strcmp(argv[1], "rotate") != 0) {
		bool	 help = argc >= 2 && strcmp(argv[1], "--help") == 0;

		fprintf(help ? stdout : stderr, "usage: haven key rotate "
		    "[OPTIONS]\n  %s\n", rotate_cmd.summary);
		return help ? 0 : 2;
	}
	config_init(&cfg);
	if ((rc = cli_parse(&rotate_cmd, argc - 1, argv + 1, &cfg, &first)) !=
	    CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	if (first < argc - 1)
		rc = cli_fail("key rotate: unexpected argument '%s'",
		    argv[first + 1]);
	else if (db_open(cfg.database_url, &db, &e) == -1)
		rc = cli_fail("cannot open the database: %s", e.msg);
	else
		rc = key_rotate(db, cfg.key_file);
	db_close(db);
	config_release(&cfg);
	return rc;
}
