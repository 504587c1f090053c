/*
 * Field encryption for identity data, and blind indexes for exact look-ups.
 *
 * A field is sealed with XChaCha20-Poly1305 under a key derived from the
 * current master key, with the table, column and row id as associated data:
 * a value copied into another row or column fails to open.  The sealed form
 * records which master key sealed it, so that old values still open during
 * a key rotation.
 *
 * A blind index is a keyed BLAKE2b hash (its own derived key) of a
 * normalised value: equal values give equal indexes, so "is this caller's
 * number known?" is one indexed look-up, and the database alone does not
 * tell the number.
 *
 * The keyring is set once at start-up (field_init), before any thread uses
 * these functions, and borrowed until exit.
 */
#ifndef HAVEN_FIELD_H
#define HAVEN_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "crypto/keyfile.h"

#define BLIND_BYTES	32
/* version, key id, nonce, tag */
#define FIELD_OVERHEAD	(1 + 4 + 24 + 16)
#define FIELD_MAX	(1u << 20)	/* plaintext bytes */

void	 field_init(const struct keyring *);
const struct keyring *field_keyring(void);

/*
 * Seal n bytes of pt for (table, column, rowid).  *out is a new buffer of
 * *outlen bytes that the caller frees with free().
 */
int	 field_seal(const char *table, const char *column, int64_t rowid,
	    const void *pt, size_t n, unsigned char **out, size_t *outlen)
	    __attribute__((warn_unused_result));
/*
 * Open a sealed value into out (appended; NUL-terminated by buf).  -1 when
 * it was tampered with, moved, or sealed by a key not in the ring.
 */
int	 field_open(const char *table, const char *column, int64_t rowid,
	    const void *ct, size_t n, struct buf *out)
	    __attribute__((warn_unused_result));
/* The id of the key that sealed ct, or 0 if ct is not a sealed value. */
uint32_t field_key_id(const void *ct, size_t n);

/* The blind index of an already normalised value in a domain ("phone"). */
void	 blind_index(const char *domain, const void *value, size_t n,
	    unsigned char out[BLIND_BYTES]);

#endif
