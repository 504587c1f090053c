/*
 * libFuzzer target: the identity of persons (cases/identity.c), whose
 * fields come from the person forms and the duplicate search: names folded
 * for the blind index, dates of birth, phone and document numbers, e-mail
 * addresses, pseudonyms, and the words of notes for the note search.
 *
 * Input: up to six fields separated by newlines, in the order first name,
 * last name, date of birth, phone, document, e-mail; a first byte below
 * 0x20 also sets the size of the name buffer (the small buffers test the
 * "does not fit" path).  The whole input is also a note.
 *
 * A key must be stable: a normalised value normalised again is itself, or
 * a person typed the way the index stores them would not be found.
 */
#include <assert.h>

#include "base/valid.h"
#include "cases/identity.h"
#include "fuzz.h"

#define FIELDS	6

static int
word_seen(const char *w, size_t len, void *arg)
{
	size_t	 i;

	(void)arg;
	assert(len >= 2 && len <= 64 && strlen(w) == len);
	assert(valid_utf8(w, len));
	for (i = 0; i < len; i++)
		assert(w[i] != ' ' && !(w[i] >= 'A' && w[i] <= 'Z'));
	return 0;
}

static void
names(const char *first, const char *last, const char *dob, size_t outsz)
{
	char	 key[IDENTITY_KEY_MAX], out[IDENTITY_KEY_MAX];
	char	 again[IDENTITY_KEY_MAX], *small;

	if (identity_name_normalise(first, out, sizeof(out)) == 0) {
		assert(valid_utf8(out, strlen(out)));
		assert(out[0] != ' ' && out[strlen(out) - 1] != ' ' &&
		    strstr(out, "  ") == NULL);
		assert(identity_name_normalise(out, again,
		    sizeof(again)) == 0);
		assert(strcmp(out, again) == 0);
	}
	/* Exactly outsz bytes, so ASan sees a write one past the end. */
	small = xmalloc(outsz);
	if (identity_name_normalise(first, small, outsz) == 0)
		assert(strlen(small) < outsz &&
		    identity_name_normalise(first, out, sizeof(out)) == 0 &&
		    strcmp(small, out) == 0);
	else if (outsz > 0)
		assert(small[0] == '\0');
	free(small);
	/* The words are sorted: the order of first and last is no matter. */
	if (identity_key_name_dob(first, last, dob, key) == 0) {
		assert(strncmp(key, "name_dob:", 9) == 0);
		assert(identity_key_name_dob(last, first, dob, again) == 0 &&
		    strcmp(key, again) == 0);
	} else
		assert(key[0] == '\0');
}

static void
numbers(const char *phone, const char *doc, const char *email)
{
	char	 key[IDENTITY_KEY_MAX], again[IDENTITY_KEY_MAX];

	if (identity_key_phone(phone, key) == 0)
		assert(identity_key_phone(key + strlen("phone:"), again) == 0 &&
		    strcmp(key, again) == 0);
	else
		assert(key[0] == '\0');
	if (identity_key_document(doc, key) == 0)
		assert(identity_key_document(key + strlen("document:"),
		    again) == 0 && strcmp(key, again) == 0);
	else
		assert(key[0] == '\0');
	if (identity_key_email(email, key) == 0) {
		assert(strchr(key + strlen("email:"), '@') != NULL);
		assert(identity_key_email(key + strlen("email:"), again) == 0 &&
		    strcmp(key, again) == 0);
	} else
		assert(key[0] == '\0');
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_process_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, *f[FIELDS], *nl;
	size_t	 outsz = IDENTITY_KEY_MAX;
	int	 i;

	if (size > 4096)
		return 0;
	if (size > 0 && data[0] < 0x20 && data[0] != '\n') {
		outsz = data[0];
		data++;
		size--;
	}
	s = fuzz_str(data, size);
	(void)identity_words(s, word_seen, NULL);
	(void)pseudonym_valid(s);
	for (i = 0; i < FIELDS; i++)
		f[i] = "";
	for (i = 0, nl = s; i < FIELDS && nl != NULL; i++) {
		f[i] = nl;
		if ((nl = strchr(nl, '\n')) != NULL)
			*nl++ = '\0';
	}
	names(f[0], f[1], f[2], outsz);
	numbers(f[3], f[4], f[5]);
	free(s);
	return 0;
}
