/*
 * The key file and the keyring it holds.  Haven's master keys are 32
 * random bytes each, kept outside the database in a file only its owner may
 * read (0600).  Normally the file holds one key; during a key rotation it
 * holds the new key first and the old one after it, until every encrypted
 * field has been re-encrypted.  Keys live in guarded, locked memory
 * (sodium_malloc) and are wiped when freed.
 *
 * Format: one line per key, "haven-key-v1 ID BASE64"; the first line is
 * the current key.
 */
#ifndef HAVEN_KEYFILE_H
#define HAVEN_KEYFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

#define KEY_BYTES	32
#define KEYRING_MAX	4

struct keyring {
	int		 n;
	uint32_t	 id[KEYRING_MAX];
	unsigned char	*key[KEYRING_MAX];	/* KEY_BYTES, sodium_malloc'd */
};

/* Create the key file at path with one new key; fails if it exists. */
int	 keyfile_create(const char *path, struct err *)
	    __attribute__((warn_unused_result));
/* Load the keyring; *out is new, freed with keyring_free(). */
int	 keyfile_load(const char *path, struct keyring **out, struct err *)
	    __attribute__((warn_unused_result));
/* Replace the file with the keyring, atomically (temp file, rename). */
int	 keyfile_write(const char *path, const struct keyring *, struct err *)
	    __attribute__((warn_unused_result));
bool	 keyfile_exists(const char *path);

/* A new random key in front of the ring, with the next id. */
int	 keyring_push_new(struct keyring *, struct err *)
	    __attribute__((warn_unused_result));
/* Forget every key but the current one. */
void	 keyring_drop_old(struct keyring *);
/* The key with this id, or NULL. */
const unsigned char *keyring_get(const struct keyring *, uint32_t id);
void	 keyring_free(struct keyring *);

#endif
