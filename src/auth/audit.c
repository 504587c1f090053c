/*
 * The pure rules of the audit log (see audit.h): the entry hash and the
 * verifier.  The hash covers every stored field, each length-prefixed so
 * that no two different entries hash the same input.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/audit.h"
#include "base/valid.h"
#include "base/xmalloc.h"

static void
hash_i64(crypto_generichash_state *st, int64_t v)
{
	unsigned char	 b[8];
	uint64_t	 u = (uint64_t)v;
	int		 i;

	for (i = 0; i < 8; i++)
		b[i] = (u >> (8 * i)) & 0xff;
	crypto_generichash_update(st, b, sizeof(b));
}

/* A string with its length, or a marker for NULL. */
static void
hash_str(crypto_generichash_state *st, const char *s)
{
	if (s == NULL) {
		hash_i64(st, -1);
		return;
	}
	hash_i64(st, (int64_t)strlen(s));
	crypto_generichash_update(st, (const unsigned char *)s, strlen(s));
}

void
audit_hash(const unsigned char prev[AUDIT_HASH_BYTES], int64_t seq,
    int64_t at, int64_t user_id, const char *action, const char *object_type,
    int64_t object_id, const char *result, const char *detail,
    unsigned char out[AUDIT_HASH_BYTES])
{
	crypto_generichash_state	 st;

	crypto_generichash_init(&st, NULL, 0, AUDIT_HASH_BYTES);
	crypto_generichash_update(&st, prev, AUDIT_HASH_BYTES);
	hash_i64(&st, seq);
	hash_i64(&st, at);
	hash_i64(&st, user_id);
	hash_str(&st, action);
	hash_str(&st, object_type);
	hash_i64(&st, object_id);
	hash_str(&st, result);
	hash_str(&st, detail);
	crypto_generichash_final(&st, out, AUDIT_HASH_BYTES);
}

void
audit_verifier_init(struct audit_verifier *v)
{
	memset(v, 0, sizeof(*v));
	v->expect_seq = 1;
}

void
audit_verifier_release(struct audit_verifier *v)
{
	free(v->hashes);
	v->hashes = NULL;
}

static void
audit_fail(struct audit_verifier *v, int64_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Record a problem found at entry "at"; of all problems, the one earliest
 * in the log is kept.
 */
static void
audit_fail(struct audit_verifier *v, int64_t at, const char *fmt, ...)
{
	va_list	 ap;

	if (v->failed && v->problem_at <= at)
		return;
	v->failed = true;
	v->problem_at = at;
	va_start(ap, fmt);
	vsnprintf(v->problem, sizeof(v->problem), fmt, ap);
	va_end(ap);
}

/*
 * Why an entry's hash does not match: if it matches under the number
 * before or after, the entry was renumbered to hide an insertion or a
 * deletion before it; otherwise its content was edited.
 */
static const char *
audit_why_mismatch(const struct audit_row *r, unsigned char *h)
{
	static _Thread_local char	 why[200];
	int64_t				 d;

	for (d = -1; d <= 1; d += 2) {
		audit_hash(r->prev_hash, r->seq + d, r->at, r->user_id,
		    r->action, r->object_type, r->object_id, r->result,
		    r->detail, h);
		if (sodium_memcmp(h, r->hash, AUDIT_HASH_BYTES) == 0) {
			snprintf(why, sizeof(why), "an entry was %s before entry "
			    "%" PRId64 " (row %" PRId64 "): the entries after it "
			    "were renumbered", d < 0 ? "inserted" : "deleted",
			    r->seq + d, r->id);
			return why;
		}
	}
	snprintf(why, sizeof(why), "entry %" PRId64 " (row %" PRId64 ") was "
	    "edited: its content does not match its hash", r->seq, r->id);
	return why;
}

void
audit_verifier_row(struct audit_verifier *v, const struct audit_row *r)
{
	unsigned char	 h[AUDIT_HASH_BYTES];

	v->rows++;
	audit_hash(r->prev_hash, r->seq, r->at, r->user_id, r->action,
	    r->object_type, r->object_id, r->result, r->detail, h);
	if (sodium_memcmp(h, r->hash, sizeof(h)) != 0)
		audit_fail(v, r->seq, "%s", audit_why_mismatch(r, h));
	else if (r->seq > v->expect_seq) {
		/* Deleted, unless the missing entries turn up later. */
		if (v->gap_from == 0) {
			v->gap_from = v->expect_seq;
			v->gap_to = r->seq - 1;
		}
	} else if (r->seq < v->expect_seq) {
		if (v->gap_from != 0 && r->seq >= v->gap_from &&
		    r->seq <= v->gap_to) {
			audit_fail(v, r->seq, "entry %" PRId64 " (row %" PRId64
			    ") was moved: it is stored after a later entry",
			    r->seq, r->id);
			v->gap_from = v->gap_to = 0;
		} else
			audit_fail(v, r->seq, "entry %" PRId64 " (row %" PRId64
			    ") was inserted: its number is taken already",
			    r->seq, r->id);
	} else if (sodium_memcmp(r->prev_hash, v->prev, sizeof(v->prev)) != 0)
		audit_fail(v, r->seq, "the chain breaks at entry %" PRId64
		    " (row %" PRId64 "): an entry before it was replaced, "
		    "inserted or moved", r->seq, r->id);
	if (v->nhashes == v->caphashes) {
		v->caphashes = v->caphashes ? v->caphashes * 2 : 1024;
		v->hashes = xrealloc(v->hashes, v->caphashes *
		    sizeof(*v->hashes));
	}
	memcpy(v->hashes[v->nhashes++], r->hash, AUDIT_HASH_BYTES);
	memcpy(v->prev, r->hash, sizeof(v->prev));
	if (r->seq >= v->expect_seq)
		v->expect_seq = r->seq + 1;
}

void
audit_verifier_finish(struct audit_verifier *v)
{
	if (v->gap_from != 0)
		audit_fail(v, v->gap_from, "entries %" PRId64 " to %" PRId64
		    " were deleted", v->gap_from, v->gap_to);
	v->gap_from = v->gap_to = 0;
}

void
audit_verifier_checkpoint(struct audit_verifier *v,
    const struct audit_checkpoint *c, const char *source)
{
	if (c->seq <= 0)
		return;
	if ((size_t)c->seq > v->nhashes) {
		audit_fail(v, (int64_t)v->nhashes + 1, "the log ends at entry %zu but %s records "
		    "entry %" PRId64 ": the tail was cut off", v->nhashes,
		    source, c->seq);
		return;
	}
	if (sodium_memcmp(v->hashes[c->seq - 1], c->hash,
	    AUDIT_HASH_BYTES) != 0)
		audit_fail(v, c->seq, "entry %" PRId64 " does not match %s: the log "
		    "was rewritten up to there", c->seq, source);
}

int
audit_checkpoint_parse(const char *s, struct audit_checkpoint *c)
{
	const char	*colon = strchr(s, ':');
	size_t		 binlen = 0, hexlen;
	const char	*end;

	if (colon == NULL || !valid_i64(s, (size_t)(colon - s), 1, INT64_MAX,
	    &c->seq))
		return -1;
	hexlen = strcspn(colon + 1, " \t\r\n");
	if (hexlen != AUDIT_HASH_BYTES * 2 ||
	    sodium_hex2bin(c->hash, AUDIT_HASH_BYTES, colon + 1, hexlen, NULL,
	    &binlen, &end) != 0 || binlen != AUDIT_HASH_BYTES)
		return -1;
	return 0;
}

void
audit_checkpoint_format(const struct audit_checkpoint *c, char *out,
    size_t n)
{
	char	 hex[AUDIT_HASH_BYTES * 2 + 1];

	sodium_bin2hex(hex, sizeof(hex), c->hash, AUDIT_HASH_BYTES);
	snprintf(out, n, "%" PRId64 ":%s", c->seq, hex);
}
