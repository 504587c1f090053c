/*
 * The directory's pure checks: the search key of an organisation (its
 * words folded as the note search folds them, in their order), and the
 * shapes of languages, countries and web addresses.
 */
#include <string.h>

#include "base/valid.h"
#include "cases/identity.h"
#include "network/network.h"

struct key_job {
	char	*out;
	size_t	 outsz, at;
	bool	 full;
};

static int
key_word(const char *word, size_t len, void *arg)
{
	struct key_job	*j = arg;
	size_t		 need = len + (j->at ? 1 : 0);

	if (j->at + need + 1 > j->outsz) {
		j->full = true;
		return -1;
	}
	if (j->at)
		j->out[j->at++] = ' ';
	memcpy(j->out + j->at, word, len);
	j->at += len;
	j->out[j->at] = '\0';
	return 0;
}

int
directory_search_key(const char *text, char *out, size_t outsz)
{
	struct key_job	 j = { out, outsz, 0, false };

	if (outsz == 0)
		return -1;
	out[0] = '\0';
	if (text == NULL)
		return 0;
	if (identity_words(text, key_word, &j) == -1) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

bool
directory_lang_ok(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return i >= 2 && i <= 3;
}

bool
directory_country_ok(const char *s)
{
	return s != NULL && strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' &&
	    s[1] >= 'A' && s[1] <= 'Z';
}

bool
directory_website_ok(const char *s)
{
	size_t	 i, n;

	if (s == NULL)
		return false;
	if (strncmp(s, "https://", 8) == 0)
		n = 8;
	else if (strncmp(s, "http://", 7) == 0)
		n = 7;
	else
		return false;
	if (s[n] == '\0' || s[n] == '/')
		return false;
	for (i = n; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    s[i] == '"' || s[i] == '<' || s[i] == '>' || s[i] == '\\')
			return false;
	return valid_utf8(s, i);
}
