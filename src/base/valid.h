/*
 * Validators for text that comes from outside: pure functions, no
 * allocation.  Each answers true only for input that is safe to store and
 * show: well-formed UTF-8, no control characters, within its limits.
 */
#ifndef HAVEN_VALID_H
#define HAVEN_VALID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool	 valid_utf8(const char *, size_t);
bool	 valid_text(const char *, size_t len, size_t maxchars, bool multiline);
bool	 valid_username(const char *, size_t);
bool	 valid_i64(const char *, size_t, int64_t min, int64_t max, int64_t *out);
size_t	 utf8_count(const char *, size_t);
/*
 * Decode one code point at s (n bytes left).  Returns its length in bytes
 * and stores it in *cp, or 0 when the sequence is malformed (or n is 0).
 */
size_t	 utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* The index of s among the n codes (an enumeration's), or -1; s may be NULL. */
int	 valid_code(const char *const *codes, int n, const char *s);
/* The value of exactly n decimal digits at s, or -1 if one is not. */
int	 valid_digits(const char *s, int n);

#endif
