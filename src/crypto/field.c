/*
 * Field encryption and blind indexes (see field.h).
 *
 * Sealed form: 1 byte version (1), 4 bytes key id (little endian), 24 bytes
 * nonce, then the ciphertext with its 16-byte tag.  Associated data: the
 * version and key id bytes, then "table\0column\0" and the row id as 8
 * bytes little endian.  Keys are derived from a master key with
 * crypto_kdf: subkey 1 seals fields, subkey 2 makes blind indexes.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/log.h"
#include "crypto/field.h"

#define FIELD_VERSION	1
#define KDF_CONTEXT	"havenkey"	/* 8 bytes */

enum subkey {
	SUBKEY_FIELD = 1,
	SUBKEY_BLIND = 2
};

static const struct keyring	*ring;

void
field_init(const struct keyring *k)
{
	ring = k;
}

const struct keyring *
field_keyring(void)
{
	return ring;
}

static void
le32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

/* Associated data: header, table, column, row id. */
static size_t
field_ad(unsigned char *ad, size_t cap, const unsigned char *hdr,
    const char *table, const char *column, int64_t rowid)
{
	size_t		 tl = strlen(table) + 1, cl = strlen(column) + 1, n;
	uint64_t	 r = (uint64_t)rowid;
	int		 i;

	n = 5 + tl + cl + 8;
	if (n > cap)
		fatalx("field: table or column name too long");
	memcpy(ad, hdr, 5);
	memcpy(ad + 5, table, tl);
	memcpy(ad + 5 + tl, column, cl);
	for (i = 0; i < 8; i++)
		ad[5 + tl + cl + i] = (r >> (8 * i)) & 0xff;
	return n;
}

static void
field_subkey(const unsigned char *master, enum subkey which,
    unsigned char out[32])
{
	crypto_kdf_derive_from_key(out, 32, which, KDF_CONTEXT, master);
}

int
field_seal(const char *table, const char *column, int64_t rowid,
    const void *pt, size_t n, unsigned char **out, size_t *outlen)
{
	unsigned char	 key[32], ad[200], *c;
	unsigned long long clen;
	size_t		 adlen;

	*out = NULL;
	*outlen = 0;
	if (ring == NULL || ring->n == 0 || n > FIELD_MAX)
		return -1;
	c = malloc(FIELD_OVERHEAD + n);
	if (c == NULL)
		return -1;
	c[0] = FIELD_VERSION;
	le32(c + 1, ring->id[0]);
	randombytes_buf(c + 5, 24);
	adlen = field_ad(ad, sizeof(ad), c, table, column, rowid);
	field_subkey(ring->key[0], SUBKEY_FIELD, key);
	crypto_aead_xchacha20poly1305_ietf_encrypt(c + 29, &clen, pt, n,
	    ad, adlen, NULL, c + 5, key);
	sodium_memzero(key, sizeof(key));
	*out = c;
	*outlen = 29 + (size_t)clen;
	return 0;
}

uint32_t
field_key_id(const void *ct, size_t n)
{
	const unsigned char	*c = ct;

	if (ct == NULL || n < FIELD_OVERHEAD || c[0] != FIELD_VERSION)
		return 0;
	return (uint32_t)c[1] | (uint32_t)c[2] << 8 | (uint32_t)c[3] << 16 |
	    (uint32_t)c[4] << 24;
}

/*
 * The plaintext goes straight to its caller's buffer, so it is opened into
 * ordinary memory that is wiped after: a guarded allocation per value
 * (sodium_malloc: an mmap and two mprotects) cost a look-up most of its
 * time in TLB shoot-downs across the server's threads, and kept nothing
 * safer, since the value is copied out of it at once.
 */
int
field_open(const char *table, const char *column, int64_t rowid,
    const void *ct, size_t n, struct buf *out)
{
	const unsigned char	*c = ct, *master;
	unsigned char		 key[32], ad[200], small[512], *pt;
	unsigned long long	 ptlen = 0;
	size_t			 adlen, cap;
	uint32_t		 id;
	int			 rc;

	if ((id = field_key_id(ct, n)) == 0 || ring == NULL ||
	    (master = keyring_get(ring, id)) == NULL)
		return -1;
	cap = n - FIELD_OVERHEAD + 1;
	if (cap <= sizeof(small))
		pt = small;
	else if ((pt = malloc(cap)) == NULL)
		return -1;
	adlen = field_ad(ad, sizeof(ad), c, table, column, rowid);
	field_subkey(master, SUBKEY_FIELD, key);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &ptlen, NULL,
	    c + 29, n - 29, ad, adlen, c + 5, key);
	sodium_memzero(key, sizeof(key));
	if (rc == 0)
		buf_add(out, pt, (size_t)ptlen);
	sodium_memzero(pt, cap);
	if (pt != small)
		free(pt);
	return rc == 0 && !out->err ? 0 : -1;
}

void
blind_index(const char *domain, const void *value, size_t n,
    unsigned char out[BLIND_BYTES])
{
	crypto_generichash_state	 st;
	unsigned char			 key[32];

	if (ring == NULL || ring->n == 0)
		fatalx("blind_index: no keyring");
	field_subkey(ring->key[0], SUBKEY_BLIND, key);
	crypto_generichash_init(&st, key, sizeof(key), BLIND_BYTES);
	/* The domain and a separator, so "phone" and "name" never collide. */
	crypto_generichash_update(&st, (const unsigned char *)domain,
	    strlen(domain) + 1);
	crypto_generichash_update(&st, value, n);
	crypto_generichash_final(&st, out, BLIND_BYTES);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
}
