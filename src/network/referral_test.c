/*
 * The referral lifecycle by its full table of moves, the codes, and the
 * directory's pure checks (search keys, languages, countries, web
 * addresses).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "network/network.h"

static void
test_every_move(void **state)
{
	static const bool ok[REFERRAL_STATUS__MAX][REFERRAL_STATUS__MAX] = {
		[REFERRAL_SENT] = { [REFERRAL_ACCEPTED] = true,
		    [REFERRAL_DECLINED] = true },
		[REFERRAL_ACCEPTED] = { [REFERRAL_COMPLETED] = true },
	};
	int	 from, to;

	(void)state;
	for (from = 0; from < REFERRAL_STATUS__MAX; from++)
		for (to = 0; to < REFERRAL_STATUS__MAX; to++)
			assert_int_equal(referral_move_ok(
			    (enum referral_status)from,
			    (enum referral_status)to), ok[from][to]);
	assert_false(referral_move_ok(REFERRAL_STATUS__MAX, REFERRAL_SENT));
	assert_false(referral_move_ok(REFERRAL_SENT, REFERRAL_STATUS__MAX));
	assert_false(referral_final(REFERRAL_SENT));
	assert_false(referral_final(REFERRAL_ACCEPTED));
	assert_true(referral_final(REFERRAL_DECLINED));
	assert_true(referral_final(REFERRAL_COMPLETED));
}

static void
test_codes(void **state)
{
	int	 i;

	(void)state;
	for (i = 0; i < REFERRAL_STATUS__MAX; i++)
		assert_int_equal(referral_status_parse(referral_status_code(
		    (enum referral_status)i)), i);
	assert_int_equal(referral_status_parse("Sent"), -1);
	assert_int_equal(referral_status_parse(""), -1);
	assert_int_equal(referral_status_parse(NULL), -1);
	assert_string_equal(referral_status_code(REFERRAL_STATUS__MAX),
	    "invalid");
}

static void
test_search_key(void **state)
{
	char	 k[64];

	(void)state;
	assert_int_equal(directory_search_key("Przykładowy Ośrodek  "
	    "Interwencji Kryzysowej — Łódź", k, sizeof(k)), 0);
	assert_string_equal(k, "przykladowy osrodek interwencji kryzysowej "
	    "lodz");
	assert_int_equal(directory_search_key(NULL, k, sizeof(k)), 0);
	assert_string_equal(k, "");
	assert_int_equal(directory_search_key("a", k, sizeof(k)), 0);
	assert_string_equal(k, "");
	/* too long for the buffer: refused, left empty */
	assert_int_equal(directory_search_key("abcdef ghijkl", k, 8), -1);
	assert_string_equal(k, "");
	/* not UTF-8 */
	assert_int_equal(directory_search_key("\xff\xfe", k, sizeof(k)), -1);
}

static void
test_shapes(void **state)
{
	static const char *const langs_ok[] = { "pl", "uk", "rom", NULL };
	static const char *const langs_bad[] = { "", "p", "PL", "polish",
	    "p1", "u k", NULL };
	static const char *const web_ok[] = { "https://example.org",
	    "http://example.org/a?b=c#d", "https://przykład.pl/", NULL };
	static const char *const web_bad[] = { "", "example.org",
	    "javascript:alert(1)", "https://", "https:///x",
	    "https://a b", "https://a\"b", "https://a<b", "ftp://x", NULL };
	size_t	 i;

	(void)state;
	for (i = 0; langs_ok[i] != NULL; i++)
		assert_true(directory_lang_ok(langs_ok[i]));
	for (i = 0; langs_bad[i] != NULL; i++)
		assert_false(directory_lang_ok(langs_bad[i]));
	assert_false(directory_lang_ok(NULL));
	for (i = 0; web_ok[i] != NULL; i++)
		assert_true(directory_website_ok(web_ok[i]));
	for (i = 0; web_bad[i] != NULL; i++)
		assert_false(directory_website_ok(web_bad[i]));
	assert_true(directory_country_ok("PL"));
	assert_true(directory_country_ok("UA"));
	assert_false(directory_country_ok("pl"));
	assert_false(directory_country_ok("POL"));
	assert_false(directory_country_ok(""));
	assert_false(directory_country_ok(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_move),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_search_key),
		cmocka_unit_test(test_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
