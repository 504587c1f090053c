/*
 * Recovery codes: ten one-time codes given once at TOTP enrolment, for the
 * day the phone is lost.  Each is 80 random bits written as four groups of
 * four base32 characters (XXXX-XXXX-XXXX-XXXX); the database keeps only a
 * BLAKE2b hash of each, and a used code is marked and never accepted again.
 */
#ifndef HAVEN_RECOVERY_H
#define HAVEN_RECOVERY_H

#include <stdint.h>

#include "db/db.h"

#define RECOVERY_COUNT	10
#define RECOVERY_CHARS	16		/* without the dashes */
#define RECOVERY_TEXT	20		/* with dashes and NUL */

void	 recovery_generate(char codes[RECOVERY_COUNT][RECOVERY_TEXT]);
/*
 * Normalise a code as typed (any case, dashes and spaces anywhere) to its
 * sixteen characters; -1 when it cannot be a code.
 */
int	 recovery_normalise(const char *in, char out[RECOVERY_CHARS + 1])
	    __attribute__((warn_unused_result));
/* Replace the user's codes with these (inside a write transaction). */
int	 recovery_store(struct db *, int64_t user_id,
	    char codes[RECOVERY_COUNT][RECOVERY_TEXT])
	    __attribute__((warn_unused_result));
/* Use a code: 1 accepted (now spent), 0 not, -1 error.  Write transaction. */
int	 recovery_use(struct db *, int64_t user_id, const char *code)
	    __attribute__((warn_unused_result));
/* Forget all the user's codes (TOTP reset). */
int	 recovery_clear(struct db *, int64_t user_id)
	    __attribute__((warn_unused_result));
/* How many unused codes the user has left. */
int	 recovery_left(struct db *, int64_t user_id, int64_t *)
	    __attribute__((warn_unused_result));

#endif
