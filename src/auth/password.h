/*
 * Passwords: Argon2id hashes (libsodium crypto_pwhash_str) at no less than
 * the moderate limits, a policy for new passwords, and generated one-time
 * passwords.  Plain passwords are only ever held in memory the caller wipes.
 */
#ifndef HAVEN_PASSWORD_H
#define HAVEN_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

#define PASSWORD_MIN	12	/* characters */
#define PASSWORD_MAX	256	/* characters; never below 64 */
#define PASSWORD_HASHLEN crypto_pwhash_STRBYTES

/* Hash pw into out (PASSWORD_HASHLEN bytes); -1 only when out of memory. */
int	 password_hash(const char *pw, size_t len, char out[PASSWORD_HASHLEN])
	    __attribute__((warn_unused_result));
bool	 password_verify(const char *hash, const char *pw, size_t len);
/* Was hash made with weaker limits than today's? Then hash again. */
bool	 password_needs_rehash(const char *hash);
/*
 * NULL when pw may be used as a new password, else why not (a static
 * message naming the rule).
 */
const char *password_policy(const char *pw, size_t len, const char *username);
/* A random password of 20 characters from an unambiguous alphabet. */
void	 password_generate(char out[21]);

#endif
