/*
 * Shared settings (see config.h).  Each has a flag and an environment
 * variable; the flag wins.  Defaults suit the embedded SQLite set-up in the
 * working directory: var/haven.db, var/haven.key, 127.0.0.1:8080.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/valid.h"
#include "base/xmalloc.h"
#include "cli/config.h"
#include "db/db.h"

static const struct {
	const char	*flag;
	const char	*env;
	unsigned	 bit;
	const char	*help;
} config_opts[] = {
	{ "listen", "HAVEN_LISTEN", CFG_LISTEN,
	  "HOST:PORT to listen on (default 127.0.0.1:8080)" },
	{ "database", "HAVEN_DATABASE_URL", CFG_DATABASE,
	  "sqlite:PATH or postgresql://... (default sqlite:var/haven.db)" },
	{ "data-dir", "HAVEN_DATA_DIR", CFG_DATA_DIR,
	  "folder for Haven's files (default var)" },
	{ "key-file", "HAVEN_KEY_FILE", CFG_KEY_FILE,
	  "the key file (default DATA_DIR/haven.key)" },
	{ "log-level", "HAVEN_LOG_LEVEL", CFG_LOG_LEVEL,
	  "error, warn, info or debug (default info)" },
	{ "tls-proxy", "HAVEN_TLS_PROXY", CFG_TLS_PROXY,
	  "yes when behind a TLS proxy that sets X-Forwarded-Proto" },
	{ "telephony-secret-file", "HAVEN_TELEPHONY_SECRET_FILE",
	  CFG_SIP_SECRET, "the SIP server's shared secret (default "
	  "DATA_DIR/telephony.secret)" },
	{ "workers", "HAVEN_WORKERS", CFG_WORKERS,
	  "threads that run requests, 1-256 (default 32 with SQLite, 8 "
	  "with PostgreSQL)" },
};
#define NOPTS	(sizeof(config_opts) / sizeof(config_opts[0]))

void
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->listen = xstrdup("127.0.0.1:8080");
	c->database_url = xstrdup("sqlite:var/haven.db");
	c->data_dir = xstrdup("var");
	c->log_level = LOG_LEVEL_INFO;
}

static void
config_replace(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

int
config_option(struct config *c, const char *name, const char *v,
    struct err *e)
{
	if (strlen(v) > 4096) {
		err_set(e, ERR_INVALID, "--%s: too long", name);
		return -1;
	}
	if (strcmp(name, "listen") == 0)
		config_replace(&c->listen, v);
	else if (strcmp(name, "database") == 0)
		config_replace(&c->database_url, v);
	else if (strcmp(name, "data-dir") == 0)
		config_replace(&c->data_dir, v);
	else if (strcmp(name, "key-file") == 0)
		config_replace(&c->key_file, v);
	else if (strcmp(name, "telephony-secret-file") == 0)
		config_replace(&c->sip_secret_file, v);
	else if (strcmp(name, "log-level") == 0) {
		if (log_level_parse(v, &c->log_level) == -1) {
			err_set(e, ERR_INVALID, "--log-level: expected error, "
			    "warn, info or debug, not '%s'", v);
			return -1;
		}
	} else if (strcmp(name, "tls-proxy") == 0) {
		if (strcmp(v, "yes") == 0 || strcmp(v, "1") == 0)
			c->tls_proxy = true;
		else if (strcmp(v, "no") == 0 || strcmp(v, "0") == 0)
			c->tls_proxy = false;
		else {
			err_set(e, ERR_INVALID, "--tls-proxy: expected yes or "
			    "no");
			return -1;
		}
	} else if (strcmp(name, "workers") == 0) {
		int64_t	 n;

		if (!valid_i64(v, strlen(v), 1, 256, &n)) {
			err_set(e, ERR_INVALID, "--workers: expected a number "
			    "from 1 to 256");
			return -1;
		}
		c->workers = (int)n;
	} else {
		err_set(e, ERR_INVALID, "unknown option --%s", name);
		return -1;
	}
	return 0;
}

int
config_env(struct config *c, struct err *e)
{
	const char	*v;
	size_t		 i;

	for (i = 0; i < NOPTS; i++) {
		if ((v = getenv(config_opts[i].env)) == NULL || *v == '\0')
			continue;
		if (config_option(c, config_opts[i].flag, v, e) == -1) {
			char	 msg[sizeof(e->msg)];

			/* Name the variable, not the flag. */
			snprintf(msg, sizeof(msg), "%s", e->msg);
			err_set(e, ERR_INVALID, "%s: %s", config_opts[i].env,
			    strchr(msg, ':') != NULL ?
			    strchr(msg, ':') + 2 : msg);
			return -1;
		}
	}
	return 0;
}

/* Split "host:port" or "[v6]:port". */
static int
config_listen(struct config *c, struct err *e)
{
	const char	*s = c->listen, *colon, *hs, *he;
	int64_t		 port;

	if (s[0] == '[') {
		hs = s + 1;
		he = strchr(s, ']');
		if (he == NULL || he[1] != ':')
			goto bad;
		colon = he + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			goto bad;
		hs = s;
		he = colon;
	}
	if (he == hs || (size_t)(he - hs) >= sizeof(c->host) ||
	    !valid_i64(colon + 1, strlen(colon + 1), 0, 65535, &port))
		goto bad;
	memcpy(c->host, hs, (size_t)(he - hs));
	c->host[he - hs] = '\0';
	c->port = (int)port;
	return 0;
bad:
	err_set(e, ERR_INVALID, "listen address '%s' must be HOST:PORT, "
	    "e.g. 127.0.0.1:8080", s);
	return -1;
}

int
config_finish(struct config *c, struct err *e)
{
	size_t	 n;

	if (config_listen(c, e) == -1)
		return -1;
	if (!db_url_valid(c->database_url, e))
		return -1;
	if (c->data_dir[0] == '\0') {
		err_set(e, ERR_INVALID, "the data dir must not be empty");
		return -1;
	}
	if (c->key_file == NULL) {
		n = strlen(c->data_dir) + sizeof("/haven.key");
		c->key_file = xmalloc(n);
		snprintf(c->key_file, n, "%s/haven.key", c->data_dir);
	}
	if (c->sip_secret_file == NULL) {
		n = strlen(c->data_dir) + sizeof("/telephony.secret");
		c->sip_secret_file = xmalloc(n);
		snprintf(c->sip_secret_file, n, "%s/telephony.secret",
		    c->data_dir);
	}
	return 0;
}

void
config_release(struct config *c)
{
	free(c->listen);
	free(c->database_url);
	free(c->data_dir);
	free(c->key_file);
	free(c->sip_secret_file);
	memset(c, 0, sizeof(*c));
}

void
config_usage(FILE *f, unsigned which)
{
	size_t	 i;

	for (i = 0; i < NOPTS; i++)
		if (which & config_opts[i].bit)
			fprintf(f, "  --%-12s %s\n%17s[env %s]\n",
			    config_opts[i].flag, config_opts[i].help, "",
			    config_opts[i].env);
}
