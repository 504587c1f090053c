/*
 * Unit tests for the input validators: tables of good and bad inputs
 * (kcgi's test-valid-*.c).  Strings carry explicit lengths so that
 * embedded NULs and truncated sequences can be written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "base/valid.h"

struct bytes {
	const char	*s;
	size_t		 n;
};

/* A literal with its length, NULs included, terminating NUL excluded. */
#define B(lit)	{ lit, sizeof(lit) - 1 }

static const struct bytes utf8_good[] = {
	B(""),
	B("plain ASCII"),
	B("Zażółć gęślą jaźń"),			/* Polish diacritics */
	B("ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż"),
	B("\xc2\x80"),				/* U+0080, smallest 2-byte */
	B("\xdf\xbf"),				/* U+07FF */
	B("\xe0\xa0\x80"),			/* U+0800, smallest 3-byte */
	B("\xed\x9f\xbf"),			/* U+D7FF, below surrogates */
	B("\xee\x80\x80"),			/* U+E000, above surrogates */
	B("\xef\xbf\xbf"),			/* U+FFFF */
	B("\xf0\x90\x80\x80"),			/* U+10000, smallest 4-byte */
	B("\xf4\x8f\xbf\xbf"),			/* U+10FFFF, the last */
	B("\xf0\x9f\x98\x80 emoji"),		/* U+1F600 */
	B("a\0b"),				/* NUL is valid UTF-8 */
	B("\x7f"),
};

static const struct bytes utf8_bad[] = {
	B("\x80"),				/* lone continuation */
	B("a\xbf"),
	B("\xc0\x80"),				/* overlong NUL */
	B("\xc0\xaf"),				/* overlong '/' */
	B("\xc1\xbf"),				/* overlong U+007F */
	B("\xe0\x80\xaf"),			/* overlong '/', 3 bytes */
	B("\xe0\x9f\xbf"),			/* overlong U+07FF */
	B("\xf0\x80\x80\xaf"),			/* overlong '/', 4 bytes */
	B("\xf0\x8f\xbf\xbf"),			/* overlong U+FFFF */
	B("\xed\xa0\x80"),			/* U+D800, high surrogate */
	B("\xed\xbf\xbf"),			/* U+DFFF, low surrogate */
	B("\xed\xa0\xbd\xed\xb8\x80"),		/* CESU-8 pair */
	B("\xf4\x90\x80\x80"),			/* U+110000 */
	B("\xf5\x80\x80\x80"),			/* lead byte past F4 */
	B("\xf7\xbf\xbf\xbf"),
	B("\xf8\x88\x80\x80\x80"),		/* 5-byte form */
	B("\xfc\x84\x80\x80\x80\x80"),		/* 6-byte form */
	B("\xfe"),
	B("\xff"),
	B("\xc3"),				/* truncated 2-byte */
	B("za\xc5"),				/* "zaż" cut short */
	B("\xe2\x82"),				/* truncated 3-byte */
	B("\xf0\x9f\x98"),			/* truncated 4-byte */
	B("\xc3(x"),				/* bad continuation */
	B("\xe2\x28\xa1"),
	B("\xf0\x9f\x28\x80"),
	B("\xc3\xb3\xc3"),			/* good, then truncated */
};

static void
test_utf8(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(utf8_good) / sizeof(utf8_good[0]); i++) {
		if (!valid_utf8(utf8_good[i].s, utf8_good[i].n))
			fail_msg("good UTF-8 #%zu refused", i);
	}
	for (i = 0; i < sizeof(utf8_bad) / sizeof(utf8_bad[0]); i++) {
		if (valid_utf8(utf8_bad[i].s, utf8_bad[i].n))
			fail_msg("bad UTF-8 #%zu accepted", i);
	}
	/* The length bounds the check: a truncated tail outside is ignored. */
	assert_true(valid_utf8("ab\xc3", 2));
	assert_false(valid_utf8("ab\xc3\xb3", 3));
	assert_true(valid_utf8("ab\xc3\xb3", 4));
}

struct text_case {
	const char	*s;
	size_t		 n;
	size_t		 maxchars;
	bool		 multiline;
	bool		 ok;
};

#define T(lit, max, ml, ok)	{ lit, sizeof(lit) - 1, max, ml, ok }

static const struct text_case text_cases[] = {
	T("", 0, false, true),
	T("a", 0, false, false),
	T("hello", 5, false, true),
	T("hello!", 5, false, false),
	/* maxchars counts code points: 17 characters, 26 bytes. */
	T("Zażółć gęślą jaźń", 17, false, true),
	T("Zażółć gęślą jaźń", 16, false, false),
	T("ąąąą", 4, false, true),			/* 8 bytes */
	T("ąąąąą", 4, false, false),
	T("\xf0\x9f\x98\x80", 1, false, true),		/* 4 bytes, 1 char */
	T("żółw", 100, false, true),
	/* Newline, tab, CR only when multiline. */
	T("line one\nline two", 100, false, false),
	T("line one\nline two", 100, true, true),
	T("a\tb", 100, false, false),
	T("a\tb", 100, true, true),
	T("a\r\nb", 100, true, true),
	/* Other C0 controls, DEL and C1 controls never. */
	T("a\0b", 100, false, false),
	T("a\0b", 100, true, false),
	T("\x01", 100, true, false),
	T("bell\a", 100, true, false),
	T("esc\x1b[31m", 100, true, false),
	T("\x1f", 100, true, false),
	T("del\x7f", 100, true, false),
	T("\xc2\x80", 100, true, false),		/* U+0080 */
	T("\xc2\x85", 100, true, false),		/* U+0085 NEL */
	T("\xc2\x9f", 100, true, false),		/* U+009F */
	T("\xc2\xa0", 100, false, true),		/* U+00A0 NBSP */
	/* Bidirectional embeddings, overrides and isolates. */
	T("a\xe2\x80\xaa", 100, true, false),		/* U+202A LRE */
	T("a\xe2\x80\xab", 100, true, false),		/* U+202B RLE */
	T("a\xe2\x80\xac", 100, true, false),		/* U+202C PDF */
	T("a\xe2\x80\xad", 100, true, false),		/* U+202D LRO */
	T("a\xe2\x80\xae" "cod.exe", 100, true, false),	/* U+202E RLO */
	T("a\xe2\x81\xa6", 100, true, false),		/* U+2066 LRI */
	T("a\xe2\x81\xa7", 100, true, false),		/* U+2067 RLI */
	T("a\xe2\x81\xa8", 100, true, false),		/* U+2068 FSI */
	T("a\xe2\x81\xa9", 100, true, false),		/* U+2069 PDI */
	T("a\xe2\x80\xa9", 100, false, true),		/* U+2029, neighbour */
	T("a\xe2\x80\xaf", 100, false, true),		/* U+202F, neighbour */
	T("a\xe2\x81\xa5", 100, false, true),		/* U+2065, neighbour */
	T("a\xe2\x81\xaa", 100, false, true),		/* U+206A, neighbour */
	/* Malformed UTF-8 is never text. */
	T("\xc0\xaf", 100, true, false),
	T("\xed\xa0\x80", 100, true, false),
	T("\xf4\x90\x80\x80", 100, true, false),
	T("abc\xc5", 100, true, false),
};

static void
test_text(void **state)
{
	const struct text_case	*c;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
		c = &text_cases[i];
		if (valid_text(c->s, c->n, c->maxchars, c->multiline) != c->ok)
			fail_msg("valid_text case #%zu: want %s", i,
			    c->ok ? "accepted" : "refused");
	}
}

static void
test_text_long(void **state)
{
	char	 s[2 * 300];
	size_t	 i;

	(void)state;
	/* 300 two-byte characters: 600 bytes. */
	for (i = 0; i < 300; i++)
		memcpy(s + 2 * i, "\xc5\x82", 2);		/* ł */
	assert_true(valid_text(s, sizeof(s), 300, false));
	assert_false(valid_text(s, sizeof(s), 299, false));
	assert_true(utf8_count(s, sizeof(s)) == 300);
	assert_true(utf8_count("Zażółć", strlen("Zażółć")) == 6);
	assert_true(utf8_count("", 0) == 0);
}

static const struct bytes user_good[] = {
	B("a"),
	B("0"),
	B("anna"),
	B("anna.kowalska"),
	B("a_b-c.d"),
	B("user2024"),
	B("9lives"),
	B("a."),
	B("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
};

static const struct bytes user_bad[] = {
	B(""),
	B("Anna"),				/* upper case */
	B(".anna"),
	B("_anna"),
	B("-anna"),
	B("anna kowalska"),
	B("anna@example.org"),
	B("anna/../x"),
	B("żaneta"),
	B("anna\0"),
	B("anna\n"),
	B("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
};

static void
test_username(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(user_good) / sizeof(user_good[0]); i++) {
		if (!valid_username(user_good[i].s, user_good[i].n))
			fail_msg("good user name #%zu refused", i);
	}
	for (i = 0; i < sizeof(user_bad) / sizeof(user_bad[0]); i++) {
		if (valid_username(user_bad[i].s, user_bad[i].n))
			fail_msg("bad user name #%zu accepted", i);
	}
	assert_int_equal(user_good[8].n, 64);
	assert_int_equal(user_bad[11].n, 65);
}

struct i64_case {
	const char	*s;
	size_t		 n;
	int64_t		 min, max;
	bool		 ok;
	int64_t		 want;
};

#define I(lit, lo, hi, ok, want)	\
	{ lit, sizeof(lit) - 1, lo, hi, ok, want }

static const struct i64_case i64_cases[] = {
	I("0", 0, 10, true, 0),
	I("10", 0, 10, true, 10),
	I("11", 0, 10, false, 0),
	I("-1", 0, 10, false, 0),
	I("-1", -5, 5, true, -1),
	I("-5", -5, 5, true, -5),
	I("-6", -5, 5, false, 0),
	I("007", 0, 10, true, 7),
	I("-0", 0, 0, true, 0),
	I("9223372036854775807", INT64_MIN, INT64_MAX, true, INT64_MAX),
	I("-9223372036854775808", INT64_MIN, INT64_MAX, true, INT64_MIN),
	I("9223372036854775808", INT64_MIN, INT64_MAX, false, 0),
	I("-9223372036854775809", INT64_MIN, INT64_MAX, false, 0),
	I("99999999999999999999", INT64_MIN, INT64_MAX, false, 0),
	I("", INT64_MIN, INT64_MAX, false, 0),
	I("-", INT64_MIN, INT64_MAX, false, 0),
	I("+5", INT64_MIN, INT64_MAX, false, 0),
	I(" 5", INT64_MIN, INT64_MAX, false, 0),
	I("5 ", INT64_MIN, INT64_MAX, false, 0),
	I("5x", INT64_MIN, INT64_MAX, false, 0),
	I("12abc", INT64_MIN, INT64_MAX, false, 0),
	I("0x10", INT64_MIN, INT64_MAX, false, 0),
	I("1e3", INT64_MIN, INT64_MAX, false, 0),
	I("1.5", INT64_MIN, INT64_MAX, false, 0),
	I("--5", INT64_MIN, INT64_MAX, false, 0),
	I("- 5", INT64_MIN, INT64_MAX, false, 0),
	I("abc", INT64_MIN, INT64_MAX, false, 0),
	I("5\0", INT64_MIN, INT64_MAX, false, 0),	/* NUL inside s[0..n) */
	I("5\0" "7", INT64_MIN, INT64_MAX, false, 0),
	I("٣", INT64_MIN, INT64_MAX, false, 0),		/* Arabic-Indic 3 */
	/* Leading zeros up to the length limit (31 characters). */
	I("0000000000000000000000000000042", 0, 100, true, 42),
	I("00000000000000000000000000000042", 0, 100, false, 0),
};

static void
test_i64(void **state)
{
	const struct i64_case	*c;
	int64_t			 v;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(i64_cases) / sizeof(i64_cases[0]); i++) {
		c = &i64_cases[i];
		v = 12345;
		if (valid_i64(c->s, c->n, c->min, c->max, &v) != c->ok)
			fail_msg("valid_i64 case #%zu: want %s", i,
			    c->ok ? "accepted" : "refused");
		if (c->ok && v != c->want)
			fail_msg("valid_i64 case #%zu: got %lld", i,
			    (long long)v);
		if (!c->ok && v != 12345)
			fail_msg("valid_i64 case #%zu: wrote *out on failure",
			    i);
	}
	/* Only s[0..n) is read, and out may be NULL. */
	assert_true(valid_i64("123junk", 3, 0, 1000, &v));
	assert_int_equal(v, 123);
	assert_true(valid_i64("7", 1, 0, 10, NULL));
	assert_false(valid_i64("70", 2, 0, 10, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_long),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_i64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
