/*
 * The pure part of consultancy for institutions: case references, the
 * only way a consultation names a case (consultancy.h).
 */
#include <string.h>

#include "network/consultancy.h"

bool
consultancy_ref_parse(const char *s, int64_t *year, int64_t *number)
{
	size_t	 i, n;
	int64_t	 y = 0, k = 0;

	if (s == NULL || (n = strlen(s)) < 9 || n > 11 || s[4] != '/')
		return false;
	for (i = 0; i < n; i++) {
		if (i == 4)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (i < 4)
			y = y * 10 + (s[i] - '0');
		else
			k = k * 10 + (s[i] - '0');
	}
	/* Exactly as printed: no leading zero beyond the four digits. */
	if (y < 2000 || y > 2999 || k < 1 || (n > 9 && s[5] == '0'))
		return false;
	*year = y;
	*number = k;
	return true;
}
