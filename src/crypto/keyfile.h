/*
 * The key file: Haven's master key, 32 random bytes, kept outside the
 * database in a file only its owner may read (0600).  Created by
 * `haven init`; `haven serve` refuses to start when the file is readable or
 * writable by anyone else.  The key lives in guarded, locked memory
 * (sodium_malloc) and is wiped when freed.
 */
#ifndef HAVEN_KEYFILE_H
#define HAVEN_KEYFILE_H

#include <stdbool.h>

#include "base/err.h"

#define KEY_BYTES	32

struct key {
	unsigned char	*bytes;		/* KEY_BYTES, sodium_malloc'd */
};

/*
 * Create the key file at path with a new random key; fails if it exists.
 */
int	 keyfile_create(const char *path, struct err *)
	    __attribute__((warn_unused_result));
/* Load the key; *out is new, freed with key_free(). */
int	 keyfile_load(const char *path, struct key **out, struct err *)
	    __attribute__((warn_unused_result));
bool	 keyfile_exists(const char *path);
void	 key_free(struct key *);

#endif
