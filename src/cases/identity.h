/*
 * Identity values normalised for blind indexes (crypto/field.h), and the
 * pseudonyms that lists show instead of names.  Pure: no SQL, no keys.
 *
 * A blind index only finds a value typed exactly as stored, so the value is
 * first brought to one form: names lower case, Latin diacritics folded
 * ("Łucja Kowalska" = "lucja kowalska"), punctuation dropped, the words
 * sorted ("Kowalska Anna" = "Anna Kowalska"); document numbers upper case
 * without spaces or dashes; e-mail addresses lower case.  Each value is
 * prefixed by its kind, so one index domain serves them all and a phone
 * cannot match a document.
 */
#ifndef HAVEN_IDENTITY_H
#define HAVEN_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define IDENTITY_KEY_MAX	512	/* a normalised key, with its NUL */
#define PSEUDONYM_LEN		8	/* "P-" and 6 characters */

enum identity_kind {
	IDENT_NAME_DOB,		/* "name_dob:anna kowalska|1990-05-01" */
	IDENT_PHONE,		/* "phone:+48123456789" */
	IDENT_DOCUMENT,		/* "document:AB1234567" */
	IDENT_EMAIL,		/* "email:anna@example.org" */
	IDENT__MAX
};

const char	*identity_kind_code(enum identity_kind);

/*
 * The index key of a full name ("first" and "last", either may be NULL or
 * empty) with a date of birth "YYYY-MM-DD".  -1 when the name has no
 * letters or the date is empty; out then holds "".
 */
int	 identity_key_name_dob(const char *first, const char *last,
	    const char *dob, char out[IDENTITY_KEY_MAX])
	    __attribute__((warn_unused_result));
/* The key of a phone number as typed (hotline/hotline.h normalisation). */
int	 identity_key_phone(const char *number, char out[IDENTITY_KEY_MAX])
	    __attribute__((warn_unused_result));
/* The key of a document number: letters upper case, digits; -1 if none. */
int	 identity_key_document(const char *number, char out[IDENTITY_KEY_MAX])
	    __attribute__((warn_unused_result));
/* The key of an e-mail address: trimmed, lower case; -1 without one "@". */
int	 identity_key_email(const char *addr, char out[IDENTITY_KEY_MAX])
	    __attribute__((warn_unused_result));

/*
 * A name normalised alone (lower case, diacritics folded, punctuation to
 * spaces, single spaces, words sorted); the building block of the name key.
 * -1 when no letter is left, the input is not UTF-8 or the result does not
 * fit in outsz bytes; out then holds "" (when outsz > 0).
 */
int	 identity_name_normalise(const char *in, char *out, size_t outsz)
	    __attribute__((warn_unused_result));

/*
 * A pseudonym "P-XXXXXX" from 6 random bytes r (the caller draws them),
 * over an alphabet without look-alikes (no 0/O, 1/I).
 */
void	 pseudonym_make(const unsigned char r[6], char out[PSEUDONYM_LEN + 1]);
/* Is s a well-formed pseudonym (upper case)? */
int	 pseudonym_valid(const char *s);

/*
 * Words of a free text for the note search (cases/notes.c): lower case,
 * diacritics folded, split on anything not a letter or digit, words of 2 to
 * 64 bytes kept; each word is handed to fn.  Returns what fn last returned
 * (stops at -1), 0 when there is no word, -1 without calling fn when text
 * is not UTF-8.
 */
int	 identity_words(const char *text, int (*fn)(const char *word,
	    size_t len, void *), void *arg);

#endif
