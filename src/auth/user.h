/*
 * Staff accounts: the SQL behind them (user_store.c).  Every function takes
 * the connection it runs on; writers must be called inside a write
 * transaction (dbpool_write or db_tx_run).
 */
#ifndef HAVEN_USER_H
#define HAVEN_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/password.h"
#include "auth/perm.h"
#include "db/db.h"

#define USERNAME_MAX	64

struct user {
	int64_t		 id;
	char		 username[USERNAME_MAX + 1];
	enum role	 role;
	char		 pw_hash[PASSWORD_HASHLEN];
	bool		 must_change_pw;
	bool		 disabled;
	int64_t		 created_at;
};

/* 1 found, 0 not found, -1 error (on the connection). */
int	 user_by_name(struct db *, const char *, struct user *)
	    __attribute__((warn_unused_result));
int	 user_by_id(struct db *, int64_t, struct user *)
	    __attribute__((warn_unused_result));
int	 user_count(struct db *, int64_t *) __attribute__((warn_unused_result));
int	 user_insert(struct db *, const char *username, enum role,
	    const char *pw_hash, bool must_change_pw, int64_t *id)
	    __attribute__((warn_unused_result));
int	 user_set_password(struct db *, int64_t id, const char *pw_hash,
	    bool must_change_pw) __attribute__((warn_unused_result));

#endif
