/*
 * Identity keys by tables of spellings that must meet (or must not), the
 * pseudonym alphabet, and the note-search word splitter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cases/identity.h"

static void
test_kind_codes(void **state)
{
	(void)state;
	assert_string_equal(identity_kind_code(IDENT_NAME_DOB), "name_dob");
	assert_string_equal(identity_kind_code(IDENT_PHONE), "phone");
	assert_string_equal(identity_kind_code(IDENT_DOCUMENT), "document");
	assert_string_equal(identity_kind_code(IDENT_EMAIL), "email");
	assert_string_equal(identity_kind_code(IDENT__MAX), "?");
}

static void
test_name_normalise(void **state)
{
	static const struct {
		const char	*in, *out;
	} good[] = {
		{ "Anna Kowalska", "anna kowalska" },
		{ "Kowalska Anna", "anna kowalska" },
		{ "Łucja  KOWALSKA", "kowalska lucja" },
		{ "  kowalska\tłucja ", "kowalska lucja" },
		{ "Anna-Maria Nowak", "anna maria nowak" },
		{ "O'Brien, Seán", "brien o sean" },
		{ "Gräßle", "grassle" },
		{ "GRÄẞLE", "grassle" },
		{ "ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż", "acelnoszz acelnoszz" },
		{ "Müller Öztürk", "muller ozturk" },
		{ "Dvořák Šťastný Žofie", "dvorak stastny zofie" },
		{ "Ionuț Ștefănescu", "ionut stefanescu" },
		{ "Ionuţ Ştefănescu", "ionut stefanescu" },	/* cedilla */
		{ "Erdős Győző", "erdos gyozo" },
		{ "Žemaitė Ąžuolas Ūla", "azuolas ula zemaite" },
		{ "Bērziņš Ķēniņš", "berzins kenins" },
		{ "Æsa Øberg Œuvre", "aesa oberg oeuvre" },
		{ "Jose\xcc\x81", "jose" },	/* é decomposed */
		{ "Олена ШЕВЧЕНКО", "олена шевченко" },
		{ "ЁЛКИН Єва Іван", "ёлкин єва іван" },
		{ "ΑΛΈΞΗΣ", "αλΈξησ" },	/* Έ is not one offset: kept */
		{ "李 小龍", "小龍 李" },
		{ "Anna\xc2\xa0Nowak", "anna nowak" },	/* NBSP */
		{ "Anna\xe2\x80\x94Nowak", "anna nowak" },	/* em dash */
		{ "Jan 2", "2 jan" },
		{ "b a a", "a a b" },
		{ "ab a", "a ab" },
	};
	static const char *const bad[] = {
		"",
		"   ",
		"-- , .",
		"123 456",
		"\xc5",			/* cut short */
		"Anna \xff",		/* never valid */
		"Anna \xc0\xa0",	/* overlong space */
		"Anna \xed\xa0\x80",	/* surrogate */
		"Anna \xf4\x90\x80\x80",	/* beyond U+10FFFF */
		"Anna \x80",		/* stray continuation */
	};
	char	 out[IDENTITY_KEY_MAX];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(identity_name_normalise(good[i].in, out,
		    sizeof(out)), 0);
		assert_string_equal(out, good[i].out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(identity_name_normalise(bad[i], out,
		    sizeof(out)), -1);
		assert_string_equal(out, "");
	}
}

/* Output that does not fit fails whole, with no write past outsz. */
static void
test_name_truncation(void **state)
{
	char	 out[16];
	char	 big[2000];

	(void)state;
	memset(out, 'x', sizeof(out));
	assert_int_equal(identity_name_normalise("anna kowalska", out, 14), 0);
	assert_string_equal(out, "anna kowalska");
	memset(out, 'x', sizeof(out));
	assert_int_equal(identity_name_normalise("anna kowalska", out, 13),
	    -1);
	assert_string_equal(out, "");
	assert_int_equal(out[13], 'x');
	assert_int_equal(identity_name_normalise("ß", out, 2), -1);
	assert_int_equal(identity_name_normalise("ß", out, 3), 0);
	assert_string_equal(out, "ss");
	assert_int_equal(identity_name_normalise("a", out, 0), -1);

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(identity_name_normalise(big, out, sizeof(out)), -1);
	assert_string_equal(out, "");
}

/* Many words exercise the in-place sort beyond the small cases. */
static void
test_name_sort_many(void **state)
{
	char	 out[IDENTITY_KEY_MAX];

	(void)state;
	assert_int_equal(identity_name_normalise(
	    "z y x w v u t s r q p o n m l k j i h g f e d c b a "
	    "zz yy ab aa b", out, sizeof(out)), 0);
	assert_string_equal(out, "a aa ab b b c d e f g h i j k l m n o p "
	    "q r s t u v w x y yy z zz");
}

static void
test_key_name_dob(void **state)
{
	char	 a[IDENTITY_KEY_MAX], b[IDENTITY_KEY_MAX];

	(void)state;
	assert_int_equal(identity_key_name_dob("Łucja", "KOWALSKA",
	    "1990-05-01", a), 0);
	assert_string_equal(a, "name_dob:kowalska lucja|1990-05-01");
	assert_int_equal(identity_key_name_dob("kowalska", "łucja",
	    "1990-05-01", b), 0);
	assert_string_equal(a, b);
	assert_int_equal(identity_key_name_dob(NULL, "Łucja  KOWALSKA",
	    "1990-05-01", b), 0);
	assert_string_equal(a, b);
	assert_int_equal(identity_key_name_dob("Łucja KOWALSKA", "",
	    "1990-05-01", b), 0);
	assert_string_equal(a, b);

	/* First and last never run together into one word. */
	assert_int_equal(identity_key_name_dob("Anna", "Nowak", "1990-05-01",
	    a), 0);
	assert_string_equal(a, "name_dob:anna nowak|1990-05-01");

	/* Another birthday is another person. */
	assert_int_equal(identity_key_name_dob("Anna", "Nowak", "1990-05-02",
	    b), 0);
	assert_string_not_equal(a, b);

	memset(a, 'x', sizeof(a));
	assert_int_equal(identity_key_name_dob("Anna", "Nowak", "", a), -1);
	assert_string_equal(a, "");
	assert_int_equal(identity_key_name_dob("Anna", "Nowak", NULL, a), -1);
	assert_int_equal(identity_key_name_dob("Anna", "Nowak", "1990-5-01",
	    a), -1);
	assert_int_equal(identity_key_name_dob("Anna", "Nowak", "1990-05-01 ",
	    a), -1);
	assert_int_equal(identity_key_name_dob("Anna", "Nowak", "1990/05/01",
	    a), -1);
	assert_int_equal(identity_key_name_dob("", "", "1990-05-01", a), -1);
	assert_string_equal(a, "");
	assert_int_equal(identity_key_name_dob(NULL, NULL, "1990-05-01", a),
	    -1);
	assert_int_equal(identity_key_name_dob("Anna", "\xc3", "1990-05-01",
	    a), -1);
	assert_string_equal(a, "");
}

static void
test_key_phone(void **state)
{
	char	 a[IDENTITY_KEY_MAX], b[IDENTITY_KEY_MAX];

	(void)state;
	assert_int_equal(identity_key_phone("0048 123-456-789", a), 0);
	assert_string_equal(a, "phone:+48123456789");
	assert_int_equal(identity_key_phone("123456789", b), 0);
	assert_string_equal(a, b);
	assert_int_equal(identity_key_phone("+48 (12) 345 67 89", b), 0);
	assert_string_equal(b, "phone:+48123456789");
	memset(a, 'x', sizeof(a));
	assert_int_equal(identity_key_phone("not a phone", a), -1);
	assert_string_equal(a, "");
	assert_int_equal(identity_key_phone("", a), -1);
	assert_int_equal(identity_key_phone(NULL, a), -1);
}

static void
test_key_document(void **state)
{
	static const struct {
		const char	*in, *out;
	} good[] = {
		{ "ab 123-456", "document:AB123456" },
		{ "AB123456", "document:AB123456" },
		{ " a/b.1\t2 3 ", "document:AB123" },
		{ "ąb 1", "document:B1" },	/* only ASCII letters count */
		{ "1234567890123456789012345678901234567890",
		    "document:1234567890123456789012345678901234567890" },
	};
	static const char *const bad[] = {
		"", " - / ", "ąę", "12345678901234567890123456789012345678901",
	};
	char	 out[IDENTITY_KEY_MAX];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(identity_key_document(good[i].in, out), 0);
		assert_string_equal(out, good[i].out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(identity_key_document(bad[i], out), -1);
		assert_string_equal(out, "");
	}
	assert_int_equal(identity_key_document(NULL, out), -1);
}

static void
test_key_email(void **state)
{
	static const struct {
		const char	*in, *out;
	} good[] = {
		{ "anna@example.org", "email:anna@example.org" },
		{ "  Anna.Nowak@Example.ORG\r\n", "email:anna.nowak@example.org" },
		{ "\tA+tag@x.pl ", "email:a+tag@x.pl" },
		{ "łucja@przykład.pl", "email:łucja@przykład.pl" },
		{ "a@b", "email:a@b" },
	};
	static const char *const bad[] = {
		"", "   ", "anna", "anna@", "@example.org", "a@b@c",
		"anna nowak@example.org", "anna@exa\tmple.org", "anna@@x.pl",
		"anna\x01@x.pl", "anna@x.pl\xc3",
	};
	char	 out[IDENTITY_KEY_MAX];
	char	 big[IDENTITY_KEY_MAX + 10];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(identity_key_email(good[i].in, out), 0);
		assert_string_equal(out, good[i].out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(identity_key_email(bad[i], out), -1);
		assert_string_equal(out, "");
	}
	assert_int_equal(identity_key_email(NULL, out), -1);

	/* The longest address that fits with "email:" and the NUL. */
	memset(big, 'a', sizeof(big));
	big[1] = '@';
	big[IDENTITY_KEY_MAX - 1 - 6] = '\0';
	assert_int_equal(identity_key_email(big, out), 0);
	assert_int_equal(strlen(out), IDENTITY_KEY_MAX - 1);
	big[IDENTITY_KEY_MAX - 1 - 6] = 'a';
	big[IDENTITY_KEY_MAX - 6] = '\0';
	assert_int_equal(identity_key_email(big, out), -1);
	assert_string_equal(out, "");
}

/* Kinds cannot collide: the same digits as phone and document differ. */
static void
test_key_domains(void **state)
{
	char	 a[IDENTITY_KEY_MAX], b[IDENTITY_KEY_MAX];

	(void)state;
	assert_int_equal(identity_key_phone("+48123456789", a), 0);
	assert_int_equal(identity_key_document("48123456789", b), 0);
	assert_string_not_equal(a, b);
}

static void
test_pseudonym(void **state)
{
	static const char	 alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char *const bad[] = {
		"", "P-", "P-ABCDE", "P-ABCDEFG", "p-ABCDEF", "P_ABCDEF",
		"Q-ABCDEF", "P-ABCDEf", "P-ABCDE0", "P-ABCDE1", "P-ABCDEO",
		"P-ABCDEI", "P-ABC EF", "XP-ABCDE",
	};
	unsigned char	 r[6];
	char		 out[PSEUDONYM_LEN + 1];
	unsigned	 v;
	size_t		 i;

	(void)state;
	assert_int_equal(strlen(alphabet), 32);
	/* Every byte value maps onto its letter, and the result is valid. */
	for (v = 0; v < 256; v++) {
		for (i = 0; i < 6; i++)
			r[i] = (unsigned char)(v + i);
		memset(out, 'x', sizeof(out));
		pseudonym_make(r, out);
		assert_int_equal(strlen(out), PSEUDONYM_LEN);
		assert_memory_equal(out, "P-", 2);
		for (i = 0; i < 6; i++)
			assert_int_equal(out[2 + i],
			    alphabet[(unsigned char)(v + i) % 32]);
		assert_int_equal(pseudonym_valid(out), 1);
	}
	r[0] = 0; r[1] = 31; r[2] = 32; r[3] = 255; r[4] = 8; r[5] = 16;
	pseudonym_make(r, out);
	assert_string_equal(out, "P-2Z2ZAJ");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(pseudonym_valid(bad[i]), 0);
	assert_int_equal(pseudonym_valid(NULL), 0);
}

struct collect {
	char	 words[16][80];
	size_t	 n;
	int	 stop_at;	/* return -1 on this call (1-based), 0: never */
	int	 ret;		/* what to return otherwise */
};

static int
collect_word(const char *word, size_t len, void *arg)
{
	struct collect	*c = arg;

	assert_int_equal(strlen(word), len);
	assert_true(c->n < 16);
	assert_true(len < sizeof(c->words[0]));
	memcpy(c->words[c->n], word, len + 1);
	c->n++;
	if (c->stop_at != 0 && (int)c->n == c->stop_at)
		return -1;
	return c->ret;
}

static void
test_words(void **state)
{
	struct collect	 c;
	char		 text[200];

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(identity_words("Spotkanie w Łodzi, 12.03.",
	    collect_word, &c), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.words[0], "spotkanie");
	assert_string_equal(c.words[1], "lodzi");
	assert_string_equal(c.words[2], "12");
	assert_string_equal(c.words[3], "03");

	/* A folded one-letter word is dropped; two bytes of Cyrillic kept. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(identity_words("ł ß Я i", collect_word, &c), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.words[0], "ss");
	assert_string_equal(c.words[1], "я");

	/* 64 bytes kept, 65 dropped whole (not cut). */
	memset(&c, 0, sizeof(c));
	memset(text, 'a', 64);
	text[64] = ' ';
	memset(text + 65, 'B', 65);
	memcpy(text + 130, " ok", 4);
	assert_int_equal(identity_words(text, collect_word, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(strlen(c.words[0]), 64);
	assert_string_equal(c.words[1], "ok");

	/* fn's last answer comes back; -1 stops the walk. */
	memset(&c, 0, sizeof(c));
	c.ret = 7;
	assert_int_equal(identity_words("one two three", collect_word, &c), 7);
	assert_int_equal(c.n, 3);
	memset(&c, 0, sizeof(c));
	c.stop_at = 2;
	assert_int_equal(identity_words("one two three", collect_word, &c),
	    -1);
	assert_int_equal(c.n, 2);

	/* Nothing to index is not an error. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(identity_words("", collect_word, &c), 0);
	assert_int_equal(identity_words(" - a . ", collect_word, &c), 0);
	assert_int_equal(c.n, 0);

	/* Broken UTF-8 fails before any word is handed over. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(identity_words("dobre słowa \xc5", collect_word, &c),
	    -1);
	assert_int_equal(c.n, 0);
	assert_int_equal(identity_words(NULL, collect_word, &c), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_codes),
		cmocka_unit_test(test_name_normalise),
		cmocka_unit_test(test_name_truncation),
		cmocka_unit_test(test_name_sort_many),
		cmocka_unit_test(test_key_name_dob),
		cmocka_unit_test(test_key_phone),
		cmocka_unit_test(test_key_document),
		cmocka_unit_test(test_key_email),
		cmocka_unit_test(test_key_domains),
		cmocka_unit_test(test_pseudonym),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
