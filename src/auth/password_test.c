/*
 * Unit tests for passwords: Argon2id hashing and verification, the rehash
 * rule, the policy for new passwords and generated passwords.  A hash or a
 * verification at the moderate limits takes most of a second, so only one
 * such hash is made and verified twice.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth/password.h"

static const char	 pw_good[] = "correct horse battery staple";

static void
test_hash_verify(void **state)
{
	char	 hash[PASSWORD_HASHLEN];

	(void)state;
	memset(hash, 'x', sizeof(hash));
	assert_int_equal(password_hash(pw_good, strlen(pw_good), hash), 0);
	assert_non_null(memchr(hash, '\0', sizeof(hash)));
	assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
	assert_null(strstr(hash, pw_good));

	assert_true(password_verify(hash, pw_good, strlen(pw_good)));
	assert_false(password_verify(hash, "correct horse battery stapl",
	    strlen(pw_good) - 1));

	/* Made today: no rehash. */
	assert_false(password_needs_rehash(hash));
}

/* A hash made at the interactive limits is weaker than today's. */
static void
test_needs_rehash(void **state)
{
	char	 hash[crypto_pwhash_STRBYTES];

	(void)state;
	assert_int_equal(crypto_pwhash_str_alg(hash, pw_good, strlen(pw_good),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13), 0);
	assert_true(password_needs_rehash(hash));
	/* It still verifies, so the login that rehashes it can succeed. */
	assert_true(password_verify(hash, pw_good, strlen(pw_good)));
}

/* Only Argon2id hashes verify, even a real Argon2i hash of the password. */
static void
test_not_argon2id(void **state)
{
	static const char *const junk[] = {
		"",
		"correct horse battery staple",
		"$2b$12$abcdefghijklmnopqrstuuJ3p0d9qQ0VZ0X3dY4xE4kI5m5Ye6Wq",
		"$argon2id",
		"$argon2id$v=19$m=65536,t=2,p=1$",
		"$argon2d$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA",
	};
	char	 hash[crypto_pwhash_argon2i_STRBYTES];
	size_t	 i;

	(void)state;
	assert_int_equal(crypto_pwhash_argon2i_str(hash, pw_good,
	    strlen(pw_good), crypto_pwhash_argon2i_OPSLIMIT_MIN,
	    crypto_pwhash_argon2i_MEMLIMIT_MIN), 0);
	/* libsodium itself would accept it ... */
	assert_int_equal(crypto_pwhash_str_verify(hash, pw_good,
	    strlen(pw_good)), 0);
	/* ... but we do not. */
	assert_false(password_verify(hash, pw_good, strlen(pw_good)));
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		if (password_verify(junk[i], pw_good, strlen(pw_good)))
			fail_msg("junk hash #%zu verified", i);
}

/* pw must be refused; the message must contain what. */
static void
refused(const char *pw, size_t len, const char *user, const char *what)
{
	const char	*why;

	why = password_policy(pw, len, user);
	if (why == NULL)
		fail_msg("password '%.*s' accepted", (int)len, pw);
	if (strstr(why, what) == NULL)
		fail_msg("password '%.*s': '%s', want '%s'", (int)len, pw, why,
		    what);
}

static void
accepted(const char *pw, size_t len, const char *user)
{
	const char	*why;

	if ((why = password_policy(pw, len, user)) != NULL)
		fail_msg("password '%.*s' refused: %s", (int)len, pw, why);
}

#define REFUSED(lit, user, what)	\
	refused(lit, sizeof(lit) - 1, user, what)
#define ACCEPTED(lit, user)		accepted(lit, sizeof(lit) - 1, user)

static void
test_policy_length(void **state)
{
	char	 s[PASSWORD_MAX + 2];
	size_t	 i;

	(void)state;
	REFUSED("", NULL, "at least 12");
	REFUSED("kT7#mQ2$v", NULL, "at least 12");
	REFUSED("kT7#mQ2$vL9", NULL, "at least 12");	/* 11 */
	ACCEPTED("kT7#mQ2$vL9p", NULL);			/* exactly 12 */
	/* Characters, not bytes: 11 characters in 14 bytes is too short. */
	REFUSED("źdźbło traw", NULL, "at least 12");
	ACCEPTED("źdźbło trawy", NULL);

	ACCEPTED("correct horse battery staple and a purple elephant in the "
	    "garden", NULL);				/* 64 */

	/* 256 characters are fine, 257 are not. */
	for (i = 0; i < sizeof(s); i++)
		s[i] = "The quick brown fox jumps over the lazy dog. "[i % 45];
	accepted(s, PASSWORD_MAX, NULL);
	refused(s, PASSWORD_MAX + 1, NULL, "at most 256");
	refused(s, PASSWORD_MAX + 2, NULL, "at most 256");
}

/* 256 two-byte characters: within the limit, which counts characters. */
static void
test_policy_length_utf8(void **state)
{
	static const char	 phrase[] = "zażółć gęślą jaźń ";
	char			 s[PASSWORD_MAX * 2 + 2];
	size_t			 len = 0, chars = 0, k;
	const char		*p = phrase;

	(void)state;
	while (chars < PASSWORD_MAX) {
		k = ((unsigned char)*p & 0x80) ? 2 : 1;
		memcpy(s + len, p, k);
		len += k;
		chars++;
		p += k;
		if (*p == '\0')
			p = phrase;
	}
	accepted(s, len, NULL);
	s[len] = 'x';
	refused(s, len + 1, NULL, "at most 256");
}

static void
test_policy_common(void **state)
{
	(void)state;
	REFUSED("Password2024!", NULL, "too common");
	REFUSED("qwertyuiop12", NULL, "too common");
	REFUSED("password1234", NULL, "too common");
	REFUSED("PASSWORD1234", NULL, "too common");
	REFUSED("Qwerty123456", NULL, "too common");
	REFUSED("iloveyou2024", NULL, "too common");
	REFUSED("Hasło1234567", NULL, "too common");
	REFUSED("123456789012", NULL, "too common");
	REFUSED("Welcome123!!", NULL, "too common");
	/* A common word inside a longer phrase is fine. */
	ACCEPTED("my password is long enough", NULL);
}

static void
test_policy_trivial(void **state)
{
	(void)state;
	REFUSED("aaaaaaaaaaaa", NULL, "too common");
	REFUSED("AAAAAAAAAAAAAAAAAAAA", NULL, "too common");
	REFUSED("############", NULL, "too common");
	REFUSED("abcdefghijklm", NULL, "too common");
	REFUSED("bcdefghijklmnop", NULL, "too common");
	REFUSED("3456789:;<=>?", NULL, "too common");
	ACCEPTED("aaaaaaaaaaab", NULL);
	ACCEPTED("abcdefghijkx", NULL);
}

static void
test_policy_username(void **state)
{
	(void)state;
	REFUSED("marta.nowak.2024", "marta.nowak.2024", "user name");
	REFUSED("Marta.Nowak.2024", "marta.nowak.2024", "user name");
	ACCEPTED("marta.nowak.2024", "anna");
	ACCEPTED("marta.nowak.2024", NULL);
}

static void
test_policy_control(void **state)
{
	(void)state;
	REFUSED("correct horse\nbattery", NULL, "control characters");
	REFUSED("correct horse\tbattery", NULL, "control characters");
	REFUSED("correct horse\0battery", NULL, "control characters");
	REFUSED("correct horse\x7f" "battery", NULL, "control characters");
	REFUSED("correct horse\xc2\x85" "battery", NULL, "control characters");
	REFUSED("correct horse\xe2\x80\xae" "battery", NULL,
	    "control characters");
	REFUSED("correct horse \xc3(battery", NULL, "control characters");
}

static void
test_generate(void **state)
{
	static const char	 alpha[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char			 a[21], b[21];
	size_t			 i;

	(void)state;
	memset(a, 0x55, sizeof(a));
	memset(b, 0x55, sizeof(b));
	password_generate(a);
	password_generate(b);
	assert_int_equal(strlen(a), 20);
	assert_int_equal(strlen(b), 20);
	for (i = 0; i < 20; i++) {
		assert_non_null(strchr(alpha, a[i]));
		assert_non_null(strchr(alpha, b[i]));
	}
	/* 20 characters of 56: a repeat is 2^-116 likely. */
	assert_string_not_equal(a, b);
	/* Ambiguous characters never appear. */
	assert_null(strpbrk(a, "0O1lI"));
	/* What we generate passes our own policy. */
	accepted(a, 20, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_needs_rehash),
		cmocka_unit_test(test_not_argon2id),
		cmocka_unit_test(test_policy_length),
		cmocka_unit_test(test_policy_length_utf8),
		cmocka_unit_test(test_policy_common),
		cmocka_unit_test(test_policy_trivial),
		cmocka_unit_test(test_policy_username),
		cmocka_unit_test(test_policy_control),
		cmocka_unit_test(test_generate),
	};

	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
