/*
 * The settings every subcommand shares, from flags, then the environment,
 * then the defaults.  Owned strings are freed by config_release().
 */
#ifndef HAVEN_CONFIG_H
#define HAVEN_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "base/err.h"
#include "base/log.h"

struct config {
	char		*listen;	/* host:port as given */
	char		 host[256];
	int		 port;
	char		*database_url;
	char		*data_dir;
	char		*key_file;
	char		*sip_secret_file;	/* telephony's shared secret */
	enum log_level	 log_level;
	bool		 tls_proxy;
	int		 threads;
	int		 workers;	/* 0: the server's default */
};

/* Which shared options a subcommand takes. */
enum {
	CFG_LISTEN = 1 << 0,
	CFG_DATABASE = 1 << 1,
	CFG_DATA_DIR = 1 << 2,
	CFG_KEY_FILE = 1 << 3,
	CFG_LOG_LEVEL = 1 << 4,
	CFG_TLS_PROXY = 1 << 5,
	CFG_SIP_SECRET = 1 << 6,
	CFG_WORKERS = 1 << 7
};

void	 config_init(struct config *);
/* Fill from the environment; -1 with *e naming the bad variable. */
int	 config_env(struct config *, struct err *)
	    __attribute__((warn_unused_result));
/* Take one shared option (long name without dashes) with its value. */
int	 config_option(struct config *, const char *name, const char *value,
	    struct err *) __attribute__((warn_unused_result));
/* Fill the derived fields and check the whole; call after parsing. */
int	 config_finish(struct config *, struct err *)
	    __attribute__((warn_unused_result));
void	 config_release(struct config *);
/* The help text of the shared options in "which". */
void	 config_usage(FILE *, unsigned which);

#endif
