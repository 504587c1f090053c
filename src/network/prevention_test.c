/*
 * Preventive counselling's rules: each red flag from its answer, the open
 * questions, the level rule at its edges, the advice points, the codes
 * shared with the enumerations, the validators, and the embedded sheet's
 * texts in every language (with a sheet built in each).  Also the case
 * references of consultancy for institutions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "base/embed.h"
#include "hotline/enums.h"
#include "network/consultancy.h"
#include "network/prevention.h"

#define BIT(x)	(1u << (x))

/* Everything answered and nothing wrong: an agency in KRAZ, a contract. */
static struct prevention_answers
clean(void)
{
	struct prevention_answers	 a = {
		.destination = "DE", .purpose = "work",
		.sector = "agriculture", .offer_source = "agency",
		.agency_named = true, .agency_in_kraz = "yes",
		.fee_asked = "no", .fee_purpose = NULL,
		.contract_written = "yes",
		.contract_language_understood = "yes",
		.documents_kept_by = "self", .accommodation = "employer",
		.paid_before_departure = "no",
		.emergency_contacts_known = "yes", .signals = 0,
	};

	return a;
}

static uint32_t
always(void)
{
	return BIT(PP_KEEP_DOCUMENTS) | BIT(PP_CONSULATE) |
	    BIT(PP_INSURANCE_MONEY) | BIT(PP_IF_THINGS_GO_WRONG);
}

static void
test_clean_is_low(void **state)
{
	struct prevention_answers	 a = clean();
	struct prevention_result	 r;

	(void)state;
	prevention_assess(&a, &r);
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.open, 0);
	assert_int_equal(r.level, PL_LOW);
	/* The points every sheet has, and nothing else. */
	assert_int_equal(r.points, always());
}

/* One answer changed from the clean set: the flag and point it brings. */
static void
test_each_flag(void **state)
{
	static const struct {
		const char		*field, *value;
		enum prevention_flag	 flag;
		enum prevention_point	 point;
		enum prevention_level	 level;
	} t[] = {
		{ "documents_kept_by", "employer", PF_DOCUMENTS_WITHHELD,
		  PP_DOCUMENTS_WITHHELD, PL_HIGH },
		{ "documents_kept_by", "agency", PF_DOCUMENTS_WITHHELD,
		  PP_DOCUMENTS_WITHHELD, PL_HIGH },
		{ "documents_kept_by", "other", PF_DOCUMENTS_WITHHELD,
		  PP_DOCUMENTS_WITHHELD, PL_HIGH },
		{ "agency_in_kraz", "no", PF_AGENCY_NOT_IN_KRAZ,
		  PP_CHECK_KRAZ, PL_MEDIUM },
		{ "contract_written", "no", PF_NO_WRITTEN_CONTRACT,
		  PP_WRITTEN_CONTRACT, PL_MEDIUM },
		{ "contract_language_understood", "no",
		  PF_CONTRACT_NOT_UNDERSTOOD, PP_CONTRACT_TRANSLATION,
		  PL_MEDIUM },
		{ "paid_before_departure", "yes", PF_PAID_IN_ADVANCE,
		  PP_NO_ADVANCE_PAYMENT, PL_MEDIUM },
		{ "emergency_contacts_known", "no", PF_NO_EMERGENCY_CONTACTS,
		  PP_EMERGENCY_PLAN, PL_MEDIUM },
		{ "sector", "entertainment", PF_ENTERTAINMENT_OFFER,
		  PP_ENTERTAINMENT_OFFER, PL_MEDIUM },
	};
	struct prevention_answers	 a;
	struct prevention_result	 r;
	size_t				 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		a = clean();
		if (strcmp(t[i].field, "documents_kept_by") == 0)
			a.documents_kept_by = t[i].value;
		else if (strcmp(t[i].field, "agency_in_kraz") == 0)
			a.agency_in_kraz = t[i].value;
		else if (strcmp(t[i].field, "contract_written") == 0)
			a.contract_written = t[i].value;
		else if (strcmp(t[i].field,
		    "contract_language_understood") == 0)
			a.contract_language_understood = t[i].value;
		else if (strcmp(t[i].field, "paid_before_departure") == 0)
			a.paid_before_departure = t[i].value;
		else if (strcmp(t[i].field, "emergency_contacts_known") == 0)
			a.emergency_contacts_known = t[i].value;
		else
			a.sector = t[i].value;
		prevention_assess(&a, &r);
		assert_int_equal(r.flags, BIT(t[i].flag));
		assert_true(r.points & BIT(t[i].point));
		assert_int_equal(r.points, always() | BIT(t[i].point));
		assert_int_equal(r.level, t[i].level);
	}
}

static void
test_fees(void **state)
{
	static const char *const costs[] = { "travel", "visa", "medical",
		"translation" };
	struct prevention_answers	 a = clean();
	struct prevention_result	 r;
	size_t				 i;

	(void)state;
	a.fee_asked = "yes";
	/* No purpose given, or the placement itself: a fee for the job. */
	prevention_assess(&a, &r);
	assert_int_equal(r.flags, BIT(PF_FEE_FOR_JOB));
	assert_true(r.points & BIT(PP_NO_PLACEMENT_FEE));
	a.fee_purpose = "placement";
	prevention_assess(&a, &r);
	assert_int_equal(r.flags, BIT(PF_FEE_FOR_JOB));
	a.fee_purpose = "other";
	prevention_assess(&a, &r);
	assert_int_equal(r.flags, BIT(PF_FEE_FOR_JOB));
	/* Documented actual costs may be charged: receipts, no flag. */
	for (i = 0; i < sizeof(costs) / sizeof(costs[0]); i++) {
		a.fee_purpose = costs[i];
		prevention_assess(&a, &r);
		assert_int_equal(r.flags, 0);
		assert_int_equal(r.points, always() | BIT(PP_FEE_RECEIPTS));
		assert_int_equal(r.level, PL_LOW);
	}
	/* Accommodation paid ahead is its own flag. */
	a.fee_purpose = "accommodation";
	prevention_assess(&a, &r);
	assert_int_equal(r.flags, BIT(PF_PAID_IN_ADVANCE));
}

static void
test_signals(void **state)
{
	static const struct {
		const char		*code;
		enum prevention_flag	 flag;
		enum prevention_point	 point;
	} t[] = {
		{ "too_good_to_be_true", PF_TOO_GOOD_TO_BE_TRUE,
		  PP_VERIFY_OFFER },
		{ "pressure_to_decide", PF_PRESSURE_TO_DECIDE, PP_TAKE_TIME },
		{ "trial_without_contract", PF_TRIAL_WITHOUT_CONTRACT,
		  PP_NO_TRIAL_WITHOUT_CONTRACT },
		{ "undeclared_work", PF_UNDECLARED_WORK, PP_DECLARED_WORK },
		{ "travel_debt", PF_TRAVEL_DEBT, PP_NO_TRAVEL_DEBT },
		{ "employer_unverified", PF_EMPLOYER_UNVERIFIED,
		  PP_VERIFY_EMPLOYER },
	};
	const char *const	*codes = enum_codes(ENUM_PREVENTION_SIGNAL);
	struct prevention_answers	 a;
	struct prevention_result	 r;
	size_t				 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(prevention_signal_flag(t[i].code),
		    t[i].flag);
		a = clean();
		a.signals = BIT(t[i].flag);
		prevention_assess(&a, &r);
		assert_int_equal(r.flags, BIT(t[i].flag));
		assert_int_equal(r.points, always() | BIT(t[i].point));
		/* Debt bondage is control over the person: high alone. */
		assert_int_equal(r.level, t[i].flag == PF_TRAVEL_DEBT ?
		    PL_HIGH : PL_MEDIUM);
	}
	assert_int_equal(prevention_signal_flag("documents_withheld"), -1);
	assert_int_equal(prevention_signal_flag(NULL), -1);
	/* Every signal of the enumeration is known to the rules. */
	for (i = 0; codes[i] != NULL; i++)
		assert_true(prevention_signal_flag(codes[i]) >= 0);
	assert_int_equal(i, sizeof(t) / sizeof(t[0]));
}

static void
test_open_questions(void **state)
{
	struct prevention_answers	 a = clean();
	struct prevention_result	 r;

	(void)state;
	a.agency_in_kraz = "unknown";
	prevention_assess(&a, &r);
	assert_int_equal(r.open, BIT(PO_KRAZ));
	assert_int_equal(r.level, PL_LOW);
	assert_true(r.points & BIT(PP_CHECK_KRAZ));
	/* Without an agency the register does not matter. */
	a.offer_source = "friend_family";
	a.agency_named = false;
	prevention_assess(&a, &r);
	assert_int_equal(r.open, 0);
	assert_int_equal(r.points, always());
	a = clean();
	a.fee_asked = "unknown";
	a.contract_written = "unknown";
	prevention_assess(&a, &r);
	assert_int_equal(r.open, BIT(PO_FEE) | BIT(PO_CONTRACT));
	assert_int_equal(r.level, PL_LOW);
	/* Three open questions: medium. */
	a.emergency_contacts_known = "unknown";
	prevention_assess(&a, &r);
	assert_int_equal(r.level, PL_MEDIUM);
	assert_true(r.points & BIT(PP_EMERGENCY_PLAN));
	/* No contract at all: its language is not asked. */
	a = clean();
	a.contract_written = "no";
	a.contract_language_understood = "unknown";
	prevention_assess(&a, &r);
	assert_int_equal(r.open, 0);
	/* Own accommodation: paying ahead is ordinary rent. */
	a = clean();
	a.accommodation = "own";
	a.paid_before_departure = "yes";
	prevention_assess(&a, &r);
	assert_int_equal(r.flags, 0);
	a.accommodation = "agency";
	a.paid_before_departure = "unknown";
	prevention_assess(&a, &r);
	assert_int_equal(r.open, BIT(PO_ACCOMMODATION_PAYMENT));
	a.documents_kept_by = "unknown";
	prevention_assess(&a, &r);
	assert_true(r.open & BIT(PO_DOCUMENTS));
}

static void
test_level_rule(void **state)
{
	struct prevention_answers	 a = clean();
	struct prevention_result	 r;

	(void)state;
	/* A fee for the job and no contract: two serious flags, high. */
	a.fee_asked = "yes";
	a.contract_written = "no";
	prevention_assess(&a, &r);
	assert_int_equal(r.serious, 2);
	assert_int_equal(r.level, PL_HIGH);
	/* One serious flag and two light ones: three flags, medium. */
	a = clean();
	a.agency_in_kraz = "no";
	a.signals = BIT(PF_TOO_GOOD_TO_BE_TRUE) | BIT(PF_PRESSURE_TO_DECIDE);
	prevention_assess(&a, &r);
	assert_int_equal(r.serious, 1);
	assert_int_equal(r.level, PL_MEDIUM);
	/* A fourth flag of any kind: high. */
	a.emergency_contacts_known = "no";
	prevention_assess(&a, &r);
	assert_int_equal(r.level, PL_HIGH);
	/* Undeclared work and no KRAZ: two serious. */
	a = clean();
	a.agency_in_kraz = "no";
	a.signals = BIT(PF_UNDECLARED_WORK);
	prevention_assess(&a, &r);
	assert_int_equal(r.level, PL_HIGH);
	/* Signals outside the flags are ignored. */
	a = clean();
	a.signals = 0xffffffffu & ~((1u << PF__MAX) - 1);
	prevention_assess(&a, &r);
	assert_int_equal(r.flags, 0);
}

/* The codes of the rules are the enumerations' (labels for the screen). */
static void
test_codes_match_enums(void **state)
{
	const char *const	*codes;
	int			 i;

	(void)state;
	codes = enum_codes(ENUM_PREVENTION_FLAG);
	for (i = 0; i < PF__MAX; i++) {
		assert_non_null(codes[i]);
		assert_string_equal(codes[i], prevention_flag_code(
		    (enum prevention_flag)i));
	}
	assert_null(codes[PF__MAX]);
	codes = enum_codes(ENUM_PREVENTION_RISK);
	for (i = 0; i < PL__MAX; i++)
		assert_string_equal(codes[i], prevention_level_code(
		    (enum prevention_level)i));
	/* The answers the rules compare with exist in their lists. */
	assert_true(enum_index(ENUM_PREVENTION_SECTOR, "entertainment") >= 0);
	assert_true(enum_index(ENUM_OFFER_SOURCE, "agency") >= 0);
	assert_true(enum_index(ENUM_KRAZ_STATUS, "no") >= 0);
	assert_true(enum_index(ENUM_KRAZ_STATUS, "unknown") >= 0);
	assert_true(enum_index(ENUM_DOCUMENTS_KEEPER, "employer") >= 0);
	assert_true(enum_index(ENUM_DOCUMENTS_KEEPER, "agency") >= 0);
	assert_true(enum_index(ENUM_DOCUMENTS_KEEPER, "other") >= 0);
	assert_true(enum_index(ENUM_DOCUMENTS_KEEPER, "unknown") >= 0);
	assert_true(enum_index(ENUM_ACCOMMODATION, "own") >= 0);
	assert_true(enum_index(ENUM_ACCOMMODATION, "unknown") >= 0);
	assert_true(enum_index(ENUM_FEE_PURPOSE, "accommodation") >= 0);
	assert_true(enum_index(ENUM_FEE_PURPOSE, "travel") >= 0);
	assert_true(enum_index(ENUM_FEE_PURPOSE, "visa") >= 0);
	assert_true(enum_index(ENUM_FEE_PURPOSE, "medical") >= 0);
	assert_true(enum_index(ENUM_FEE_PURPOSE, "translation") >= 0);
	assert_string_equal(prevention_flag_code(PF__MAX), "");
	assert_string_equal(prevention_point_code(PP__MAX), "");
}

static void
test_validators(void **state)
{
	static const char *const good_kraz[] = { "7394", "1", "12345/2021",
		"1/2/3", "12345678901234567890" };
	static const char *const bad_kraz[] = { "", "/12", "12/", "1//2",
		"12a", "KRAZ 12", "123456789012345678901", " 12", "12-34" };
	static const char *const good_dest[] = { "DE", "GB", "NL", "US" };
	static const char *const bad_dest[] = { "PL", "de", "D", "DEU", "",
		"D1" };
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good_kraz) / sizeof(good_kraz[0]); i++)
		assert_true(prevention_kraz_number_valid(good_kraz[i]));
	for (i = 0; i < sizeof(bad_kraz) / sizeof(bad_kraz[0]); i++)
		assert_false(prevention_kraz_number_valid(bad_kraz[i]));
	assert_false(prevention_kraz_number_valid(NULL));
	for (i = 0; i < sizeof(good_dest) / sizeof(good_dest[0]); i++)
		assert_true(prevention_destination_valid(good_dest[i]));
	for (i = 0; i < sizeof(bad_dest) / sizeof(bad_dest[0]); i++)
		assert_false(prevention_destination_valid(bad_dest[i]));
	assert_true(prevention_has_112("DE"));
	assert_true(prevention_has_112("NO"));
	assert_true(prevention_has_112("GB"));
	assert_false(prevention_has_112("US"));
	assert_false(prevention_has_112("AE"));
	assert_false(prevention_has_112(NULL));
}

static void
test_case_refs(void **state)
{
	static const struct {
		const char	*s;
		int64_t		 year, number;
	} good[] = {
		{ "2026/0042", 2026, 42 }, { "2025/0001", 2025, 1 },
		{ "2026/9999", 2026, 9999 }, { "2026/12345", 2026, 12345 },
		{ "2000/0100", 2000, 100 },
	};
	static const char *const bad[] = { "", "2026/42", "26/0042",
		"2026-0042", "2026/0000", "1999/0001", "2026/012345",
		"2026/0042 ", " 2026/0042", "2026/00a2", "abcd/0042",
		"2026/1234567", "2026/" };
	int64_t	 y, n;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_true(consultancy_ref_parse(good[i].s, &y, &n));
		assert_int_equal(y, good[i].year);
		assert_int_equal(n, good[i].number);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(consultancy_ref_parse(bad[i], &y, &n));
	assert_false(consultancy_ref_parse(NULL, &y, &n));
}

static json_t *
embedded_texts(void)
{
	const struct embed_file	*f = embed_find(embed_data,
				    "advice_sheet.json");
	json_error_t		 jerr;

	assert_non_null(f);
	return json_loadb((const char *)f->data, f->len,
	    JSON_REJECT_DUPLICATES, &jerr);
}

static void
test_texts_complete(void **state)
{
	json_t		*t = embedded_texts(), *p;
	char		 err[160];

	(void)state;
	assert_non_null(t);
	assert_int_equal(prevention_texts_check(t, err, sizeof(err)), 0);
	assert_true(prevention_lang_known(t, "pl"));
	assert_true(prevention_lang_known(t, "en"));
	assert_true(prevention_lang_known(t, "uk"));
	assert_false(prevention_lang_known(t, "xx"));
	assert_false(prevention_lang_known(t, NULL));
	/* A missing translation is named. */
	p = json_object_get(json_object_get(json_object_get(json_object_get(t,
	    "points"), "check_kraz"), "text"), "uk");
	assert_non_null(p);
	json_object_del(json_object_get(json_object_get(json_object_get(t,
	    "points"), "check_kraz"), "text"), "uk");
	assert_int_equal(prevention_texts_check(t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "points.check_kraz.text"));
	assert_non_null(strstr(err, "uk"));
	json_decref(t);
}

static void
test_sheet(void **state)
{
	static const char *const langs[] = { "pl", "en", "uk" };
	struct prevention_answers	 a = clean();
	struct prevention_result	 r;
	json_t				*t = embedded_texts(), *s, *e;
	size_t				 i, k;

	(void)state;
	a.documents_kept_by = "employer";
	a.fee_asked = "yes";
	prevention_assess(&a, &r);
	assert_int_equal(r.level, PL_HIGH);
	for (i = 0; i < 3; i++) {
		s = prevention_sheet(t, langs[i], "DE", &r);
		assert_non_null(s);
		assert_string_equal(json_string_value(json_object_get(s,
		    "lang")), langs[i]);
		assert_string_equal(json_string_value(json_object_get(
		    json_object_get(s, "risk"), "level")), "high");
		assert_int_equal(json_array_size(json_object_get(s, "flags")),
		    2);
		/* Flag points first, in order; the always-points last. */
		e = json_object_get(s, "points");
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(e, 0), "code")), "documents_withheld");
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(e, json_array_size(e) - 1), "code")),
		    "if_things_go_wrong");
		e = json_object_get(s, "emergency");
		assert_int_equal(json_array_size(e), 4);
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(e, 0), "number")), "112");
		for (k = 0; k < json_array_size(e); k++)
			assert_non_null(json_string_value(json_object_get(
			    json_array_get(e, k), "label")));
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(e, 2), "number")), "+48 22 628 01 20");
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(e, 3), "number")), "+48 605 687 750");
		json_decref(s);
	}
	/* Outside Europe: the local number, to be found before leaving. */
	s = prevention_sheet(t, "uk", "AE", &r);
	e = json_array_get(json_object_get(s, "emergency"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "code")),
	    "local");
	assert_true(json_is_null(json_object_get(e, "number")));
	json_decref(s);
	assert_null(prevention_sheet(t, "xx", "DE", &r));
	json_decref(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_is_low),
		cmocka_unit_test(test_each_flag),
		cmocka_unit_test(test_fees),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_open_questions),
		cmocka_unit_test(test_level_rule),
		cmocka_unit_test(test_codes_match_enums),
		cmocka_unit_test(test_validators),
		cmocka_unit_test(test_case_refs),
		cmocka_unit_test(test_texts_complete),
		cmocka_unit_test(test_sheet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
