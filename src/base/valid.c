/*
 * Input validators (see valid.h).  UTF-8 is checked strictly: no overlong
 * forms, no surrogates, nothing past U+10FFFF, so what we store is what a
 * browser will show.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/valid.h"

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	 c;
	size_t		 len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool
valid_utf8(const char *s, size_t n)
{
	size_t		 i = 0, k;
	uint32_t	 cp;

	while (i < n) {
		if ((k = utf8_decode((const unsigned char *)s + i, n - i,
		    &cp)) == 0)
			return false;
		i += k;
	}
	return true;
}

int
valid_code(const char *const *codes, int n, const char *s)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(codes[i], s) == 0)
			return i;
	return -1;
}

int
valid_digits(const char *s, int n)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

size_t
utf8_count(const char *s, size_t n)
{
	size_t	 i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/*
 * Well-formed UTF-8 of at most maxchars code points, no NUL, no C0 or C1
 * control characters (tab and newline allowed when multiline), no
 * bidirectional overrides that could disguise what a consultant reads.
 */
bool
valid_text(const char *s, size_t n, size_t maxchars, bool multiline)
{
	size_t		 i = 0, k, chars = 0;
	uint32_t	 cp;

	while (i < n) {
		if ((k = utf8_decode((const unsigned char *)s + i, n - i,
		    &cp)) == 0)
			return false;
		i += k;
		if (++chars > maxchars)
			return false;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			if (!multiline || (cp != '\n' && cp != '\t' &&
			    cp != '\r'))
				return false;
		}
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return false;
	}
	return true;
}

/* 1..64 of [a-z0-9._-], starting with a letter or digit. */
bool
valid_username(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++) {
		char	 c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (i > 0 && (c == '.' || c == '_' || c == '-'))
			continue;
		return false;
	}
	return true;
}

/* A decimal integer in [min, max], the whole of s[0..n). */
bool
valid_i64(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
	char		 tmp[32];
	char		*end;
	long long	 v;

	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (tmp[0] != '-' && (tmp[0] < '0' || tmp[0] > '9'))
		return false;
	errno = 0;
	v = strtoll(tmp, &end, 10);
	/* end, not *end: a NUL inside s[0..n) must not end the number. */
	if (errno != 0 || end != tmp + n || v < min || v > max)
		return false;
	if (out != NULL)
		*out = v;
	return true;
}
