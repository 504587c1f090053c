/*
 * haven serve: check the key file and the schema, start the HTTP server,
 * and wait for SIGTERM or SIGINT; then stop taking connections, let the
 * requests in flight finish, and close the database.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "auth/sip.h"
#include "auth/auth.h"
#include "base/log.h"
#include "base/version.h"
#include "cli/cli.h"
#include "crypto/field.h"
#include "db/migrate.h"
#include "db/pool.h"
#include "http/http.h"
#include "screening/screening.h"
#include "stats/stats.h"

#define SERVE_GRACE_MS	10000
#define SERVE_PG_WORKERS 8	/* connections to PostgreSQL, at most */

static const struct cli_cmd serve_cmd = {
	.name = "serve",
	.summary = "Serve the API and the web interface until SIGTERM or "
	    "SIGINT.",
	.usage = "[OPTIONS]",
	.shared = CFG_LISTEN | CFG_DATABASE | CFG_DATA_DIR | CFG_KEY_FILE |
	    CFG_LOG_LEVEL | CFG_TLS_PROXY | CFG_SIP_SECRET | CFG_WORKERS,
};

/* The database must have exactly the schema this binary expects. */
static int
serve_check_schema(struct dbpool *pool)
{
	struct db	*db;
	struct err	 e;

	if ((db = dbpool_reader(pool, &e)) == NULL ||
	    migrate_check(db, &e) == -1)
		return cli_fail("%s", e.msg);
	dbpool_release_thread(pool);
	return 0;
}

int
cmd_serve(int argc, char *argv[])
{
	struct config		 cfg;
	struct http_config	 hc;
	struct app		 app;
	struct http_server	*srv = NULL;
	struct dbpool		*pool = NULL;
	struct route		*routes = NULL;
	struct err		 e;
	sigset_t		 sigs;
	size_t			 nroutes;
	int			 first, rc, sig;

	config_init(&cfg);
	if ((rc = cli_parse(&serve_cmd, argc, argv, &cfg, &first)) != CLI_OK) {
		config_release(&cfg);
		return rc == CLI_HELP ? 0 : 2;
	}
	rc = 1;
	app.keys = NULL;
	if (first < argc) {
		cli_fail("serve: unexpected argument '%s'", argv[first]);
		goto out;
	}
	if (keyfile_load(cfg.key_file, &app.keys, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	if (app.keys->n > 1) {
		cli_fail("a key rotation is unfinished: run 'haven key rotate' "
		    "again before serving");
		goto out;
	}
	field_init(app.keys);
	if ((rc = sip_secret_load(cfg.sip_secret_file, &e)) == -1) {
		rc = 1;
		cli_fail("%s", e.msg);
		goto out;
	}
	if (rc == 0)
		log_warnx("no SIP server secret %s: telephony is off (run "
		    "'haven init' to create it)", cfg.sip_secret_file);
	rc = 1;
	if (dbpool_open(cfg.database_url, &pool, &e) == -1) {
		cli_fail("cannot open the database: %s", e.msg);
		goto out;
	}
	if (serve_check_schema(pool) != 0)
		goto out;
	if (dbpool_write(pool, screening_seed, NULL, &e) == -1 ||
	    dbpool_write(pool, stats_rollup_fill, NULL, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}

	/* The server's threads inherit this mask: signals come to sigwait. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	routes = app_routes(&nroutes);
	/* Every field not set here is 0: its default (valgrind saw workers
	 * read uninitialised). */
	memset(&hc, 0, sizeof(hc));
	hc.host = cfg.host;
	hc.port = cfg.port;
	hc.threads = cfg.threads;
	/*
	 * SQLite: many workers, so that many writes wait on one commit
	 * (http/server.c, db/pool.c).  PostgreSQL: each worker holds a
	 * connection of the database server's, which several instances
	 * share, so fewer; --workers says otherwise.
	 */
	hc.workers = cfg.workers != 0 ? cfg.workers :
	    dbpool_kind(pool) == DB_POSTGRES ? SERVE_PG_WORKERS : 0;
	hc.tls_proxy = cfg.tls_proxy;
	hc.web = embed_web;
	if ((srv = http_start(&hc, routes, nroutes, &auth_hooks, pool, &app,
	    &e)) == NULL) {
		cli_fail("%s", e.msg);
		goto out;
	}
	log_info("haven %s serving on http://%s%s%s:%d (database: %s)",
	    HAVEN_VERSION, cfg.host[0] != '\0' && cfg.host[0] != '[' &&
	    strchr(cfg.host, ':') != NULL ? "[" : "", cfg.host,
	    strchr(cfg.host, ':') != NULL ? "]" : "", http_port(srv),
	    dbpool_kind(pool) == DB_SQLITE ? "sqlite" : "postgresql");
	if (sigwait(&sigs, &sig) != 0)
		sig = 0;
	log_info("signal %d: finishing requests in flight, then stopping",
	    sig);
	http_stop(srv, SERVE_GRACE_MS);
	log_info("stopped");
	rc = 0;
out:
	dbpool_free(pool);
	free(routes);
	keyring_free(app.keys);
	config_release(&cfg);
	return rc;
}
