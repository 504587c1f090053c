/*
 * Login throttling: after THROTTLE_FREE_ACCOUNT failed logins in a row for
 * one account name, or THROTTLE_FREE_CLIENT from one client address,
 * further attempts are refused
 * for a delay that doubles with each failure, up to THROTTLE_MAX_DELAY.
 * Unknown account names are throttled exactly like real ones, so the
 * answer never tells whether an account exists.  Keys are blind indexes
 * (crypto/field.h): the table holds neither names nor addresses.
 */
#ifndef HAVEN_THROTTLE_H
#define HAVEN_THROTTLE_H

#include <stdint.h>

#include "crypto/field.h"
#include "db/db.h"

#define THROTTLE_FREE_ACCOUNT	5	/* failures before any delay */
#define THROTTLE_FREE_CLIENT	20	/* an office may share one address */
#define THROTTLE_BASE_DELAY	30	/* seconds, after the 5th */
#define THROTTLE_MAX_DELAY	(15 * 60)
#define THROTTLE_FORGET		(60 * 60)	/* quiet time that resets */

/* The delay after "failures" failures in a row (pure). */
int64_t	 throttle_delay(int64_t failures, int64_t free);
void	 throttle_key_account(const char *username, unsigned char[BLIND_BYTES]);
void	 throttle_key_client(const char *addr, unsigned char[BLIND_BYTES]);
/*
 * Seconds until the key may try again (0: now).  -1 on a database error.
 */
int64_t	 throttle_wait(struct db *, const unsigned char[BLIND_BYTES],
	    int64_t now);
/* Count a failure; a success forgets the key.  Inside a write. */
int	 throttle_fail(struct db *, const unsigned char[BLIND_BYTES],
	    int64_t free, int64_t now) __attribute__((warn_unused_result));
int	 throttle_forget(struct db *, const unsigned char[BLIND_BYTES])
	    __attribute__((warn_unused_result));

#endif
