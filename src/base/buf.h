/*
 * A growable byte buffer with a hard ceiling and a sticky error (SQLite's
 * StrAccum, git's strbuf).  data is never NULL after buf_init() and always
 * NUL-terminated.  Once an append would pass max, err is set and every later
 * append is a no-op, so callers check once at the end.
 */
#ifndef HAVEN_BUF_H
#define HAVEN_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_TOOBIG	1

struct buf {
	char	*data;	/* never NULL after buf_init(); NUL-terminated */
	size_t	 len;	/* bytes used, NUL excluded */
	size_t	 cap;	/* bytes allocated */
	size_t	 max;	/* hard ceiling chosen by the caller */
	int	 err;	/* sticky: once BUF_TOOBIG, appends are no-ops */
};

void	 buf_init(struct buf *, size_t max);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vaddf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 buf_reset(struct buf *);
char	*buf_detach(struct buf *, size_t *);	/* caller frees */
void	 buf_release(struct buf *);		/* wipes, then frees */

#endif
