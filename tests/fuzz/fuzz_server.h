/*
 * A whole Haven server inside a libFuzzer process, for the targets that
 * send requests the way a browser or the SIP server does (fuzz_http.c,
 * fuzz_cookie.c): libmicrohttpd parses the request line, headers, cookies
 * and query string; server.c, the auth hooks and the handlers do the rest.
 *
 * Start-up builds an instance in a fresh folder (on /dev/shm when there is
 * one, as SQLite's synchronous=FULL would otherwise make every write wait
 * for the disk): schema, key file, SIP secret, the demo data set, a live
 * session for a coordinator, an administrator and an auditor.  The demo
 * accounts get a cheap password hash: nothing logs in with them, and a
 * moderate Argon2 per account would cost seconds at every start.
 *
 * A request goes over a loopback TCP connection with "Connection: close";
 * the answer is read to the end.  One server thread and one worker, one
 * request at a time: a crash report points at the input that caused it.
 */
#ifndef HAVEN_FUZZ_SERVER_H
#define HAVEN_FUZZ_SERVER_H

#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>

#include "app/app.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "auth/settings.h"
#include "auth/sip.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "crypto/field.h"
#include "crypto/keyfile.h"
#include "db/migrate.h"
#include "db/pool.h"
#include "fuzz.h"
#include "http/http.h"
#include "screening/screening.h"
#include "stats/stats.h"

#define FUZZ_ANSWER_MS	20000	/* no answer by then: a hang, abort */
#define FUZZ_RESP_MAX	(64u << 20)

/* A live session, and what its requests must carry. */
struct fuzz_login {
	const char	*username;
	int64_t		 uid;
	int64_t		 sid;
	char		 token[SESSION_TOKEN_CHARS + 1];
	char		 csrf[SESSION_CSRF_CHARS + 1];
};

enum { FUZZ_COORDINATOR, FUZZ_ADMIN, FUZZ_AUDITOR, FUZZ__LOGINS };

static struct fuzz_server {
	char			 dir[128];
	struct app		 app;
	struct dbpool		*pool;
	struct http_server	*srv;
	struct route		*routes;
	size_t			 nroutes;
	int			 port;
	struct fuzz_login	 login[FUZZ__LOGINS];
	char			 secret[SIP_SECRET_HEX + 1];
} fz = { .login = {
	{ .username = "demo.coordinator" },
	{ .username = "demo.admin" },
	{ .username = "demo.auditor" },
} };

static void
fuzz_die(const char *what, const struct err *e)
{
	fprintf(stderr, "fuzz server: %s%s%s\n", what, e != NULL ? ": " : "",
	    e != NULL ? e->msg : "");
	abort();
}

/* Remove an instance's folder: its files have no folders below them. */
static void
fuzz_rmdir(const char *dir)
{
	struct dirent	*de;
	char		 path[256];
	DIR		*d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		(void)unlink(path);
	}
	closedir(d);
	(void)rmdir(dir);
}

static void
fuzz_cleanup(void)
{
	if (fz.dir[0] != '\0')
		fuzz_rmdir(fz.dir);
}

/* Folders left by fuzzers that crashed (their process is gone). */
static void
fuzz_sweep(const char *base)
{
	struct dirent	*de;
	char		 path[256];
	DIR		*d;
	long		 pid;

	if ((d = opendir(base)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (sscanf(de->d_name, "haven-fuzz-%ld-", &pid) != 1 ||
		    pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/%s", base, de->d_name);
		fuzz_rmdir(path);
	}
	closedir(d);
}

/* The demo accounts, with a cheap hash, before demo_seed looks for them. */
static int
fuzz_users(struct db *db, void *arg, struct err *e)
{
	static const struct { const char *name; enum role role; } users[] = {
		{ "demo.admin", ROLE_ADMIN },
		{ "demo.coordinator", ROLE_COORDINATOR },
		{ "demo.consultant", ROLE_CONSULTANT },
		{ "demo.shelter", ROLE_SHELTER_STAFF },
		{ "demo.auditor", ROLE_AUDITOR },
	};
	char		 hash[crypto_pwhash_STRBYTES];
	const char	*pw = "haven-demo-only";
	int64_t		 id;
	size_t		 i;

	(void)arg;
	if (crypto_pwhash_str(hash, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) != 0) {
		err_set(e, ERR_IO, "cannot hash");
		return -1;
	}
	for (i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (user_insert(db, users[i].name, users[i].role, hash, false,
		    &id) == -1)
			return -1;
	return 0;
}

/* (Re)open the session of l (inside a write). */
static int
fuzz_session(struct db *db, void *arg, struct err *e)
{
	struct fuzz_login	*l = arg;
	struct session_limits	 lim = {
		setting_defs[SETTING_SESSION_IDLE_MINUTES].max * 60,
		setting_defs[SETTING_SESSION_LIFETIME_HOURS].max * 3600 };
	struct user		 u;

	if (user_by_name(db, l->username, &u) != 1) {
		err_set(e, ERR_DB, "no user %s", l->username);
		return -1;
	}
	l->uid = u.id;
	if (session_create(db, u.id, clock_now(), &lim, "fuzz", true,
	    l->token, &l->sid) == -1)
		return -1;
	if (!session_csrf(l->token, l->csrf))
		err_set(e, ERR_IO, "no CSRF token");
	return 0;
}

/*
 * Sessions end when the fuzzer finds a way to end them (a revoked session,
 * a disabled account): open new ones, so that the next inputs are not all
 * answered 401.
 */
static void
fuzz_sessions_check(void)
{
	struct session_limits	 lim = { 24 * 3600, 72 * 3600 };
	struct session		 s;
	struct err		 e;
	struct db		*db;
	int			 i;

	if ((db = dbpool_reader(fz.pool, &e)) == NULL)
		fuzz_die("database", &e);
	for (i = 0; i < FUZZ__LOGINS; i++) {
		if (session_lookup(db, fz.login[i].token, clock_now(), &lim,
		    &s) == 1)
			continue;
		if (dbpool_write(fz.pool, fuzz_session, &fz.login[i], &e) ==
		    -1)
			fuzz_die("session", &e);
	}
	dbpool_release_thread(fz.pool);
}

static void
fuzz_server_start(void)
{
	struct http_config	 hc;
	struct keyring		*keys = NULL;
	struct db		*db = NULL;
	struct err		 e;
	char			 url[192], path[192];
	const char		*base;
	FILE			*f;
	enum log_level		 level;
	int			 applied, i, fd, null = -1;

	fuzz_process_init();
	/* Quiet, unless HAVEN_FUZZ_LOG (warn, info, debug) asks. */
	if (getenv("HAVEN_FUZZ_LOG") == NULL ||
	    log_level_parse(getenv("HAVEN_FUZZ_LOG"), &level) == -1)
		level = LOG_LEVEL_ERROR;
	log_set_level(level);
	signal(SIGPIPE, SIG_IGN);
	base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
	    (getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	fuzz_sweep(base);
	snprintf(fz.dir, sizeof(fz.dir), "%s/haven-fuzz-%ld-XXXXXX", base,
	    (long)getpid());
	if (mkdtemp(fz.dir) == NULL) {
		fz.dir[0] = '\0';
		fuzz_die("mkdtemp", NULL);
	}
	atexit(fuzz_cleanup);
	snprintf(url, sizeof(url), "sqlite:%s/haven.db", fz.dir);
	if (db_open(url, &db, &e) == -1 || migrate_up(db, &applied, &e) == -1)
		fuzz_die("database", &e);
	snprintf(path, sizeof(path), "%s/haven.key", fz.dir);
	if (keyfile_create(path, &e) == -1 ||
	    keyfile_load(path, &keys, &e) == -1)
		fuzz_die("key file", &e);
	fz.app.keys = keys;
	field_init(keys);
	snprintf(path, sizeof(path), "%s/telephony.secret", fz.dir);
	if (sip_secret_create(path, &e) == -1 ||
	    sip_secret_load(path, &e) != 1)
		fuzz_die("SIP secret", &e);
	if ((f = fopen(path, "r")) == NULL ||
	    fread(fz.secret, 1, SIP_SECRET_HEX, f) != SIP_SECRET_HEX)
		fuzz_die("SIP secret", NULL);
	fclose(f);
	if (db_tx_run(db, DB_TX_WRITE, screening_seed, NULL, &e) == -1 ||
	    db_tx_run(db, DB_TX_WRITE, stats_rollup_fill, NULL, &e) == -1 ||
	    db_tx_run(db, DB_TX_WRITE, fuzz_users, NULL, &e) == -1)
		fuzz_die("seed", &e);
	/* demo_seed prints its logins: not amid libFuzzer's lines. */
	fflush(stdout);
	if ((fd = dup(STDOUT_FILENO)) == -1 ||
	    (null = open("/dev/null", O_WRONLY)) == -1 ||
	    dup2(null, STDOUT_FILENO) == -1)
		fuzz_die("stdout", NULL);
	if (demo_seed(db, &e) == -1)
		fuzz_die("demo", &e);
	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	close(null);
	db_close(db);

	if (dbpool_open(url, &fz.pool, &e) == -1)
		fuzz_die("pool", &e);
	for (i = 0; i < FUZZ__LOGINS; i++)
		if (dbpool_write(fz.pool, fuzz_session, &fz.login[i], &e) == -1)
			fuzz_die("session", &e);
	fz.routes = app_routes(&fz.nroutes);
	memset(&hc, 0, sizeof(hc));
	hc.host = "127.0.0.1";
	hc.port = 0;
	hc.threads = 1;
	hc.workers = 1;
	hc.tls_proxy = true;	/* X-Forwarded-* and __Host- cookies too */
	hc.web = embed_web;
	if ((fz.srv = http_start(&hc, fz.routes, fz.nroutes, &auth_hooks,
	    fz.pool, &fz.app, &e)) == NULL)
		fuzz_die("http", &e);
	fz.port = http_port(fz.srv);
}

/*
 * Replace the placeholders of an input by what a logged-in client sends:
 * $S and $C the coordinator's session and CSRF tokens, $A and $B the
 * administrator's, $U and $V the auditor's, $K the SIP server's secret.
 * The caller frees *out.
 */
static size_t
fuzz_expand(const uint8_t *data, size_t size, char **out)
{
	struct buf	 b;
	const char	*v;
	size_t		 i, n;

	buf_init(&b, 4 * size + 1024);
	for (i = 0; i < size; i++) {
		v = NULL;
		if (data[i] == '$' && i + 1 < size) {
			switch (data[i + 1]) {
			case 'S': v = fz.login[FUZZ_COORDINATOR].token; break;
			case 'C': v = fz.login[FUZZ_COORDINATOR].csrf; break;
			case 'A': v = fz.login[FUZZ_ADMIN].token; break;
			case 'B': v = fz.login[FUZZ_ADMIN].csrf; break;
			case 'U': v = fz.login[FUZZ_AUDITOR].token; break;
			case 'V': v = fz.login[FUZZ_AUDITOR].csrf; break;
			case 'K': v = fz.secret; break;
			default: break;
			}
		}
		if (v != NULL) {
			buf_add(&b, v, strlen(v));
			i++;
		} else
			buf_add(&b, (const char *)data + i, 1);
	}
	*out = buf_detach(&b, &n);
	return n;
}

/* An answer: its status and, for JSON, whether it parses. */
struct fuzz_resp {
	int	 status;
	bool	 json;		/* Content-Type: application/json */
	bool	 json_ok;
};

/*
 * Send req (len bytes, a whole HTTP/1.1 request) and read the answer to
 * the end.  Aborts when none comes within FUZZ_ANSWER_MS.
 */
static void
fuzz_send(const char *req, size_t len, struct fuzz_resp *out)
{
	struct sockaddr_in	 sa;
	struct pollfd		 pfd;
	struct buf		 in;
	json_error_t		 jerr;
	json_t			*j;
	const char		*body, *h;
	char			 chunk[16384];
	ssize_t			 k;
	size_t			 off = 0;
	int64_t			 deadline;
	int			 fd;

	memset(out, 0, sizeof(*out));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)fz.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		fuzz_die("socket", NULL);
	while (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 &&
	    errno != EISCONN)
		if (errno != EINTR && errno != EALREADY)
			fuzz_die("connect", NULL);
	/*
	 * The server may answer (413) and close before all is sent.  EINTR:
	 * libFuzzer's -timeout ticks with SIGALRM.
	 */
	while (off < len && ((k = send(fd, req + off, len - off,
	    MSG_NOSIGNAL)) > 0 || (k == -1 && errno == EINTR)))
		off += k > 0 ? (size_t)k : 0;
	buf_init(&in, FUZZ_RESP_MAX);
	pfd.fd = fd;
	pfd.events = POLLIN;
	deadline = clock_mono_us() + FUZZ_ANSWER_MS * 1000;
	for (;;) {
		if (clock_mono_us() > deadline) {
			fprintf(stderr, "fuzz server: no answer in %d ms\n",
			    FUZZ_ANSWER_MS);
			abort();
		}
		if (poll(&pfd, 1, 100) != 1)
			continue;
		if ((k = recv(fd, chunk, sizeof(chunk), 0)) == -1 &&
		    errno == EINTR)
			continue;
		if (k <= 0)
			break;
		buf_add(&in, chunk, (size_t)k);
	}
	close(fd);
	if (sscanf(in.data, "HTTP/1.1 %d", &out->status) != 1)
		out->status = 0;	/* closed without an answer */
	body = strstr(in.data, "\r\n\r\n");
	for (h = strstr(in.data, "\r\n"); h != NULL && h < body;
	    h = strstr(h + 2, "\r\n"))
		if (strncasecmp(h + 2, "Content-Type: application/json",
		    30) == 0)
			out->json = true;
	if (out->json && body != NULL && body[4] != '\0') {
		j = json_loadb(body + 4, in.len - (size_t)(body + 4 - in.data),
		    0, &jerr);
		out->json_ok = j != NULL;
		json_decref(j);
	} else
		out->json_ok = true;
	buf_release(&in);
}

#endif
