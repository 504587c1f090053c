/* Capped buffers: see buf.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/xmalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	b->cap = 64;
	b->data = xmalloc(b->cap);
	b->data[0] = '\0';
	b->len = 0;
	b->max = max;
	b->err = 0;
}

/* Make room for n more bytes plus the NUL; 0 on success. */
static int
buf_grow(struct buf *b, size_t n)
{
	size_t	 want, ncap;

	if (b->err)
		return -1;
	/* The last test keeps len + n + 1 from wrapping if max is SIZE_MAX. */
	if (n > b->max || b->len > b->max - n ||
	    b->len + n == (size_t)-1) {
		b->err = BUF_TOOBIG;
		return -1;
	}
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	ncap = b->cap;
	while (ncap < want)
		ncap = ncap > ((size_t)-1) / 2 ? want : ncap * 2;
	/*
	 * Grow by copy so that the old block can be wiped: buffers hold
	 * passwords and decrypted notes.
	 */
	{
		char	*nd = xmalloc(ncap);

		memcpy(nd, b->data, b->len + 1);
		sodium_memzero(b->data, b->cap);
		free(b->data);
		b->data = nd;
		b->cap = ncap;
	}
	return 0;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) == -1)
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 cp;
	int	 n;

	if (b->err)
		return;
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < b->cap - b->len) {
		if ((size_t)n > b->max - b->len) {
			b->data[b->len] = '\0';
			b->err = BUF_TOOBIG;
			return;
		}
		b->len += (size_t)n;
		return;
	}
	b->data[b->len] = '\0';
	if (buf_grow(b, (size_t)n) == -1)
		return;
	vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	sodium_memzero(b->data, b->len);
	b->len = 0;
	b->data[0] = '\0';
	b->err = 0;
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char	*p = b->data;

	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_release(struct buf *b)
{
	if (b == NULL || b->data == NULL)
		return;
	sodium_memzero(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
