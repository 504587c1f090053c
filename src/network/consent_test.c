/*
 * The consent rules: validity by day (edges of given, expiry and
 * withdrawal), what a referral needs by the organisation's kind, which
 * consent covers it and which one is picked, and the checks of a new
 * consent's dates and organisation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "network/network.h"

static struct consent_facts
mk(int64_t id, const char *purpose, int64_t org, const char *given,
    const char *expires, const char *withdrawn)
{
	struct consent_facts	 c;

	memset(&c, 0, sizeof(c));
	c.id = id;
	snprintf(c.purpose, sizeof(c.purpose), "%s", purpose);
	c.organisation_id = org;
	snprintf(c.given_on, sizeof(c.given_on), "%s", given);
	snprintf(c.expires_on, sizeof(c.expires_on), "%s", expires);
	snprintf(c.withdrawn_on, sizeof(c.withdrawn_on), "%s", withdrawn);
	return c;
}

static void
test_state_on(void **state)
{
	struct consent_facts	 open = mk(1, "referral", 5, "2026-03-10", "",
				    "");
	struct consent_facts	 exp = mk(2, "referral", 5, "2026-03-10",
				    "2026-04-30", "");
	struct consent_facts	 wd = mk(3, "referral", 5, "2026-03-10", "",
				    "2026-03-20");

	(void)state;
	assert_int_equal(consent_state_on(&open, "2026-03-09"),
	    CONSENT_NOT_YET);
	assert_int_equal(consent_state_on(&open, "2026-03-10"), CONSENT_VALID);
	assert_int_equal(consent_state_on(&open, "2031-01-01"), CONSENT_VALID);
	assert_int_equal(consent_state_on(&exp, "2026-04-30"), CONSENT_VALID);
	assert_int_equal(consent_state_on(&exp, "2026-05-01"),
	    CONSENT_EXPIRED);
	assert_int_equal(consent_state_on(&wd, "2026-03-19"), CONSENT_VALID);
	assert_int_equal(consent_state_on(&wd, "2026-03-20"),
	    CONSENT_WITHDRAWN);
	assert_int_equal(consent_state_on(&wd, "2027-01-01"),
	    CONSENT_WITHDRAWN);
	assert_string_equal(consent_state_code(CONSENT_VALID), "valid");
	assert_string_equal(consent_state_code(CONSENT_WITHDRAWN),
	    "withdrawn");
	assert_string_equal(consent_state_code(CONSENT_STATE__MAX),
	    "invalid");
}

static void
test_need(void **state)
{
	static const struct {
		const char	*kind;
		bool		 law;
	} kinds[] = {
		{ "police", true }, { "police_coordinator", true },
		{ "border_guard", true }, { "prosecutor", true },
		{ "court", true }, { "consulate_foreign", false },
		{ "consulate_polish_abroad", false }, { "voivode", false },
		{ "office_for_foreigners", false }, { "social_welfare", false },
		{ "crisis_intervention", false }, { "health", false },
		{ "legal_aid", false }, { "labour_inspection", false },
		{ "ngo", false }, { "international_org", false },
		{ "other", false }, { "", false }, { "Police", false },
	};
	size_t	 i;

	(void)state;
	assert_false(org_kind_law_enforcement(NULL));
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		assert_int_equal(org_kind_law_enforcement(kinds[i].kind),
		    kinds[i].law);
		assert_int_equal(referral_consent_need(false, kinds[i].kind),
		    NEED_NONE);
		assert_int_equal(referral_consent_need(true, kinds[i].kind),
		    kinds[i].law ? NEED_LAW_ENFORCEMENT : NEED_REFERRAL);
	}
	assert_string_equal(consent_need_code(NEED_REFERRAL), "referral");
}

static void
test_covers(void **state)
{
	struct consent_facts	 ref5 = mk(1, "referral", 5, "2026-03-10", "",
				    "");
	struct consent_facts	 law = mk(2, "law_enforcement", 0,
				    "2026-03-10", "", "");
	struct consent_facts	 law7 = mk(3, "law_enforcement", 7,
				    "2026-03-10", "", "");
	struct consent_facts	 data = mk(4, "data_processing", 0,
				    "2026-03-10", "", "");
	struct consent_facts	 fam = mk(5, "family_contact", 5,
				    "2026-03-10", "", "");
	struct consent_facts	 wd = mk(6, "referral", 5, "2026-03-10", "",
				    "2026-05-01");
	struct consent_facts	 exp = mk(7, "referral", 5, "2026-03-10",
				    "2026-03-31", "");

	(void)state;
	/* a referral consent: its organisation only, any kind */
	assert_true(consent_covers(&ref5, 5, "ngo", "2026-03-10"));
	assert_true(consent_covers(&ref5, 5, "police", "2026-03-10"));
	assert_false(consent_covers(&ref5, 6, "ngo", "2026-03-10"));
	assert_false(consent_covers(&ref5, 5, "ngo", "2026-03-09"));
	/* law enforcement: any law-enforcement organisation, or the one named */
	assert_true(consent_covers(&law, 7, "police", "2026-04-01"));
	assert_true(consent_covers(&law, 8, "court", "2026-04-01"));
	assert_false(consent_covers(&law, 5, "ngo", "2026-04-01"));
	assert_true(consent_covers(&law7, 7, "prosecutor", "2026-04-01"));
	assert_false(consent_covers(&law7, 8, "prosecutor", "2026-04-01"));
	/* other purposes never cover a referral */
	assert_false(consent_covers(&data, 5, "ngo", "2026-04-01"));
	assert_false(consent_covers(&fam, 5, "ngo", "2026-04-01"));
	/* withdrawn: never relied on anew, even for a day before */
	assert_false(consent_covers(&wd, 5, "ngo", "2026-04-01"));
	/* expired */
	assert_true(consent_covers(&exp, 5, "ngo", "2026-03-31"));
	assert_false(consent_covers(&exp, 5, "ngo", "2026-04-01"));
}

static void
test_pick(void **state)
{
	struct consent_facts	 l[6];

	(void)state;
	l[0] = mk(10, "law_enforcement", 0, "2026-02-01", "", "");
	l[1] = mk(11, "law_enforcement", 7, "2026-01-01", "", "");
	l[2] = mk(12, "referral", 7, "2026-01-15", "", "2026-02-01");
	l[3] = mk(13, "referral", 9, "2026-01-15", "", "");
	l[4] = mk(14, "referral", 9, "2026-01-20", "2026-01-31", "");
	l[5] = mk(15, "referral", 9, "2026-01-15", "", "");
	assert_int_equal(consent_pick(l, 0, 7, "police", "2026-03-01"), -1);
	/* naming the organisation beats a general one, though older */
	assert_int_equal(consent_pick(l, 6, 7, "police", "2026-03-01"), 1);
	/* the general one for another police unit */
	assert_int_equal(consent_pick(l, 6, 8, "police", "2026-03-01"), 0);
	/* nothing for an NGO without its own consent */
	assert_int_equal(consent_pick(l, 6, 8, "ngo", "2026-03-01"), -1);
	/* for 9: the latest given still valid, then the highest id */
	assert_int_equal(consent_pick(l, 6, 9, "ngo", "2026-01-25"), 4);
	assert_int_equal(consent_pick(l, 6, 9, "ngo", "2026-03-01"), 5);
	/* before any was given */
	assert_int_equal(consent_pick(l, 6, 9, "ngo", "2026-01-01"), -1);
}

static void
test_checks(void **state)
{
	(void)state;
	assert_null(consent_dates_check("2026-03-10", "", "2026-03-10"));
	assert_null(consent_dates_check("2026-03-10", NULL, "2026-03-11"));
	assert_null(consent_dates_check("2026-03-10", "2026-03-10",
	    "2026-03-11"));
	assert_string_equal(consent_dates_check("2026-03-12", "",
	    "2026-03-11"), "given_on");
	assert_string_equal(consent_dates_check("2026-03-10", "2026-03-09",
	    "2026-03-11"), "expires_on");

	assert_null(consent_organisation_check("referral", 5, "ngo"));
	assert_non_null(consent_organisation_check("referral", 0, ""));
	assert_null(consent_organisation_check("law_enforcement", 0, ""));
	assert_null(consent_organisation_check("law_enforcement", 5,
	    "border_guard"));
	assert_non_null(consent_organisation_check("law_enforcement", 5,
	    "ngo"));
	assert_null(consent_organisation_check("family_contact", 0, ""));
	assert_non_null(consent_organisation_check("statistics", 5, "ngo"));
	assert_non_null(consent_organisation_check("data_processing", 5,
	    "police"));
}

static void
test_utf8_prefix(void **state)
{
	static const char	 lodz[] = "\xc5\x81\xc3\xb3" "d" "\xc5\xba";

	(void)state;
	assert_int_equal(utf8_prefix("abc", 10), 3);
	assert_int_equal(utf8_prefix("abc", 2), 2);
	assert_int_equal(utf8_prefix("", 0), 0);
	/* "Łódź": Ł(2) ó(2) d(1) ź(2); never half a character */
	assert_int_equal(utf8_prefix(lodz, 1), 0);
	assert_int_equal(utf8_prefix(lodz, 2), 2);
	assert_int_equal(utf8_prefix(lodz, 3), 2);
	assert_int_equal(utf8_prefix(lodz, 6), 5);
	assert_int_equal(utf8_prefix(lodz, 7), 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_on),
		cmocka_unit_test(test_need),
		cmocka_unit_test(test_covers),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_utf8_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
