/*
 * Staff accounts and the SQL behind them (user_store.c).  Every function
 * takes the connection it runs on; writers must be called inside a write
 * transaction (dbpool_write or db_tx_run).  Accounts are never deleted,
 * only disabled, so the audit log's user ids always resolve.
 */
#ifndef HAVEN_USER_H
#define HAVEN_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/password.h"
#include "auth/perm.h"
#include "base/buf.h"
#include "db/db.h"

#define USERNAME_MAX	64

struct user {
	int64_t		 id;
	char		 username[USERNAME_MAX + 1];
	enum role	 role;
	char		 pw_hash[PASSWORD_HASHLEN];
	bool		 must_change_pw;
	bool		 disabled;
	bool		 totp_enrolled;
	char		 language[3];
	int64_t		 created_at;
	int64_t		 last_login_at;	/* 0: never */
};

/* Which sealed TOTP secret: the confirmed one, or one being enrolled. */
enum user_totp {
	USER_TOTP_SECRET,
	USER_TOTP_PENDING,
	USER_TOTP__MAX
};

/* 1 found, 0 not found, -1 error (on the connection). */
int	 user_by_name(struct db *, const char *, struct user *)
	    __attribute__((warn_unused_result));
int	 user_by_id(struct db *, int64_t, struct user *)
	    __attribute__((warn_unused_result));
int	 user_count(struct db *, int64_t *) __attribute__((warn_unused_result));
/* Enabled admins other than user id "except" (0: all). */
int	 user_count_admins(struct db *, int64_t except, int64_t *)
	    __attribute__((warn_unused_result));
typedef int	(*user_list_fn)(const struct user *, void *);
int	 user_list(struct db *, user_list_fn, void *)
	    __attribute__((warn_unused_result));

int	 user_insert(struct db *, const char *username, enum role,
	    const char *pw_hash, bool must_change_pw, int64_t *id)
	    __attribute__((warn_unused_result));
int	 user_set_password(struct db *, int64_t id, const char *pw_hash,
	    bool must_change_pw) __attribute__((warn_unused_result));
int	 user_set_role(struct db *, int64_t id, enum role)
	    __attribute__((warn_unused_result));
int	 user_set_disabled(struct db *, int64_t id, bool)
	    __attribute__((warn_unused_result));
int	 user_set_language(struct db *, int64_t id, const char *)
	    __attribute__((warn_unused_result));
int	 user_set_last_login(struct db *, int64_t id, int64_t now)
	    __attribute__((warn_unused_result));

/*
 * The TOTP secret, opened (crypto/field.h) into out.  1 when there is one,
 * 0 when not, -1 on error (including a secret that fails to open).
 */
int	 user_totp_get(struct db *, int64_t id, enum user_totp, struct buf *)
	    __attribute__((warn_unused_result));
/* Seal and store a secret being enrolled. */
int	 user_totp_set_pending(struct db *, int64_t id, const unsigned char *,
	    size_t) __attribute__((warn_unused_result));
/* The pending secret becomes the secret; step is the code just used. */
int	 user_totp_confirm(struct db *, int64_t id, int64_t step)
	    __attribute__((warn_unused_result));
/*
 * Record that the code of "step" was used: 1 when step is after the last
 * one used, 0 when it is not (a replay), -1 on error.
 */
int	 user_totp_use_step(struct db *, int64_t id, int64_t step)
	    __attribute__((warn_unused_result));
int	 user_totp_reset(struct db *, int64_t id)
	    __attribute__((warn_unused_result));

#endif
