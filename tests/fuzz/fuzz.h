/*
 * What every libFuzzer target of tests/fuzz/ shares: the entry points
 * libFuzzer calls (declared here for -Wmissing-prototypes) and a copy of
 * the input as the NUL-terminated string that Haven's parsers receive
 * (libmicrohttpd hands over headers, query values and paths that way).
 */
#ifndef HAVEN_FUZZ_H
#define HAVEN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "base/xmalloc.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	 LLVMFuzzerInitialize(int *, char ***);

/* What main() sets up before any command runs, done the same way. */
static inline void
fuzz_process_init(void)
{
	if (sodium_init() < 0)
		abort();
	json_set_alloc_funcs(malloc, free_wiped);
}

/*
 * A heap copy of data[0..size) ended by a NUL, up to its first NUL as a C
 * string would be: ASan then reports a read past the end exactly.  The
 * caller frees it.
 */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, strnlen((const char *)data,
	    size));
}

#endif
