/*
 * Passwords (see password.h).  The hash limits are the moderate ones
 * (256 MiB, 3 passes).  Hashes made with lower limits are redone at the
 * next login.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "auth/password.h"
#include "base/valid.h"

static const unsigned long long	pw_ops = crypto_pwhash_OPSLIMIT_MODERATE;
static const size_t		pw_mem = crypto_pwhash_MEMLIMIT_MODERATE;

/*
 * The most common passwords that pass the length rule, and words that make
 * weak ones here.  Compared without case, also with the digits and symbols
 * at the end removed ("Password2024!" is "password").
 */
static const char *const pw_common[] = {
	"password", "passwort", "haslo", "hasło", "qwerty", "qwertyuiop",
	"qwertyuiopasdfghjkl", "asdfghjkl", "zxcvbnm", "123456789012",
	"1234567890", "12345678910", "111111111111", "000000000000",
	"123123123123", "abcdefghijkl", "abc123abc123", "iloveyou",
	"letmein", "welcome", "admin", "administrator", "changeme",
	"trustno1", "dragon", "monkey", "football", "baseball", "superman",
	"sunshine", "princess", "starwars", "whatever", "passw0rd",
	"p@ssw0rd", "p@ssword", "zaq12wsx", "1qaz2wsx", "1q2w3e4r5t6y",
	"q1w2e3r4t5y6", "polska", "kochanie", "zaq1@wsx", "haven",
	"hotline", "konsultant", "consultant", "coordinator", "koordynator",
	"secret", "sekret", "master", "shadow", "michael", "jennifer",
	"qazwsxedc", "password123", "qwerty123", "welcome123", "test",
	"testtest", "demo", "default", "root", "user", "guest",
	NULL
};

int
password_hash(const char *pw, size_t len, char out[PASSWORD_HASHLEN])
{
	return crypto_pwhash_str_alg(out, pw, len, pw_ops, pw_mem,
	    crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

bool
password_verify(const char *hash, const char *pw, size_t len)
{
	if (strncmp(hash, crypto_pwhash_argon2id_STRPREFIX,
	    strlen(crypto_pwhash_argon2id_STRPREFIX)) != 0)
		return false;
	return crypto_pwhash_str_verify(hash, pw, len) == 0;
}

bool
password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, pw_ops, pw_mem) != 0;
}

/* Is pw (lower-cased, trailing digits and symbols dropped) common? */
static bool
password_is_common(const char *pw, size_t len)
{
	char	 low[PASSWORD_MAX * 4 + 1];
	size_t	 i, n;

	if (len >= sizeof(low))
		return false;
	for (i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)pw[i]);
	low[len] = '\0';
	for (n = len; n > 0 && !isalpha((unsigned char)low[n - 1]) &&
	    ((unsigned char)low[n - 1] < 0x80); n--)
		;
	for (i = 0; pw_common[i] != NULL; i++) {
		if (strcmp(low, pw_common[i]) == 0)
			return true;
		if (n > 0 && strlen(pw_common[i]) == n &&
		    memcmp(low, pw_common[i], n) == 0)
			return true;
	}
	return false;
}

/* One character repeated, or a run like "abcdef..." / "123456...". */
static bool
password_is_trivial(const char *pw, size_t len)
{
	size_t	 i;
	bool	 same = true, run = true;

	for (i = 1; i < len; i++) {
		if (pw[i] != pw[0])
			same = false;
		if (pw[i] != pw[i - 1] + 1)
			run = false;
	}
	return same || run;
}

const char *
password_policy(const char *pw, size_t len, const char *username)
{
	size_t	 chars;

	if (!valid_text(pw, len, PASSWORD_MAX, false))
		return "the password must be at most 256 characters, "
		    "without control characters";
	chars = utf8_count(pw, len);
	if (chars < PASSWORD_MIN)
		return "the password must have at least 12 characters";
	if (password_is_trivial(pw, len) || password_is_common(pw, len))
		return "the password is too common; choose another, such as "
		    "a few unrelated words";
	if (username != NULL && strcasecmp(pw, username) == 0)
		return "the password must not be the user name";
	return NULL;
}

void
password_generate(char out[21])
{
	/* No 0/O, 1/l/I: it may be read aloud or copied by hand. */
	static const char	 alpha[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t			 i;

	for (i = 0; i < 20; i++)
		out[i] = alpha[randombytes_uniform(sizeof(alpha) - 1)];
	out[20] = '\0';
}
