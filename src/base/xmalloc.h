/*
 * Allocation that never returns NULL.  Every input Haven accepts is capped,
 * so running out of memory is a bug: log the size and abort.
 */
#ifndef HAVEN_XMALLOC_H
#define HAVEN_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t) __attribute__((malloc, returns_nonnull));
void	*xcalloc(size_t, size_t) __attribute__((malloc, returns_nonnull));
void	*xrealloc(void *, size_t) __attribute__((returns_nonnull));
char	*xstrdup(const char *) __attribute__((malloc, returns_nonnull));
char	*xstrndup(const char *, size_t) __attribute__((malloc, returns_nonnull));
/*
 * free(), after overwriting the whole block with zeros: for allocators of
 * libraries that hold personal data we cannot wipe ourselves (jansson's
 * parsed request bodies and identity documents).  NULL is fine.
 */
void	 free_wiped(void *);
/* A copy of n bytes at p (p may be NULL when n is 0). */
void	*xmalloc_copy(const void *, size_t) __attribute__((malloc, returns_nonnull));

#endif
