/*
 * The interpreters' pure rules: language codes, times of day, overlaps
 * and conflicts (touching bookings do not clash), availability across
 * summer time and midnight, the agreement's renewal (29 February too),
 * booking status changes, and the order of suggestions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "network/interpreter.h"

static void
test_lang(void **state)
{
	static const char *const good[] = { "uk", "vi", "rom", "pl" };
	static const char *const bad[] = { "", "u", "ukra", "UK", "u1", "u k",
	    "ük" };
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(interp_lang_valid(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(interp_lang_valid(bad[i]));
	assert_false(interp_lang_valid(NULL));
}

static void
test_csv(void **state)
{
	(void)state;
	assert_true(interp_csv_has("uk,ru,en", "uk"));
	assert_true(interp_csv_has("uk,ru,en", "ru"));
	assert_true(interp_csv_has("uk,ru,en", "en"));
	assert_false(interp_csv_has("uk,ru,en", "u"));
	assert_false(interp_csv_has("uk,rus", "ru"));
	assert_false(interp_csv_has("", "uk"));
	assert_false(interp_csv_has("uk", ""));
	assert_false(interp_csv_has(NULL, "uk"));
	assert_true(interp_csv_has("phone", "phone"));
	assert_false(interp_csv_has("in_person,video", "phone"));
}

static void
test_hhmm(void **state)
{
	static const struct {
		const char	*in;
		int		 want;	/* -1: refused */
	} t[] = {
		{ "00:00", 0 }, { "09:30", 570 }, { "23:59", 1439 },
		{ "24:00", 1440 }, { "24:01", -1 }, { "25:00", -1 },
		{ "12:60", -1 }, { "9:30", -1 }, { "09:3", -1 },
		{ "0930", -1 }, { "09-30", -1 }, { "", -1 }, { "aa:bb", -1 },
		{ "09:30 ", -1 },
	};
	size_t	 i;
	int	 m;
	char	 out[6];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		m = -2;
		if (t[i].want == -1)
			assert_int_equal(interp_hhmm_parse(t[i].in, &m), -1);
		else {
			assert_int_equal(interp_hhmm_parse(t[i].in, &m), 0);
			assert_int_equal(m, t[i].want);
			interp_hhmm_format(m, out);
			assert_string_equal(out, t[i].in);
		}
	}
	assert_int_equal(interp_hhmm_parse(NULL, &m), -1);
}

static void
test_overlap(void **state)
{
	(void)state;
	/* [10, 20) against others. */
	assert_true(interp_overlap(10, 20, 15, 25));
	assert_true(interp_overlap(10, 20, 5, 15));
	assert_true(interp_overlap(10, 20, 12, 18));	/* inside */
	assert_true(interp_overlap(10, 20, 0, 30));	/* around */
	assert_true(interp_overlap(10, 20, 10, 20));	/* the same */
	assert_false(interp_overlap(10, 20, 20, 30));	/* touching after */
	assert_false(interp_overlap(10, 20, 0, 10));	/* touching before */
	assert_false(interp_overlap(10, 20, 30, 40));
}

static void
test_conflict(void **state)
{
	const struct interp_span	 b[] = {
		{ 1, 1000, 2000 }, { 2, 3000, 4000 }, { 3, 5000, 6000 },
	};

	(void)state;
	assert_int_equal(interp_conflict(b, 3, 2000, 3000, 0), -1);
	assert_int_equal(interp_conflict(b, 3, 1999, 3000, 0), 0);
	assert_int_equal(interp_conflict(b, 3, 2500, 3001, 0), 1);
	assert_int_equal(interp_conflict(b, 3, 0, 9000, 0), 0);
	/* A booking being moved does not clash with itself. */
	assert_int_equal(interp_conflict(b, 3, 3500, 4500, 2), -1);
	assert_int_equal(interp_conflict(b, 3, 3500, 5500, 2), 2);
	assert_int_equal(interp_conflict(b, 0, 0, 9000, 0), -1);
}

static void
test_times(void **state)
{
	(void)state;
	assert_int_equal(interp_times_check(100, 200), TIMES_OK);
	assert_int_equal(interp_times_check(100, 100), TIMES_END_NOT_AFTER);
	assert_int_equal(interp_times_check(200, 100), TIMES_END_NOT_AFTER);
	assert_int_equal(interp_times_check(0, INTERP_BOOKING_MAX_S),
	    TIMES_OK);
	assert_int_equal(interp_times_check(0, INTERP_BOOKING_MAX_S + 1),
	    TIMES_TOO_LONG);
}

/* Warsaw local y-m-d h:m as Unix time. */
static int64_t
at(int y, int m, int d, int h, int min)
{
	struct cal_date	 day = { y, m, d };

	return cal_from_local(day, h * 60 + min);
}

static void
test_within(void **state)
{
	/* Monday 9-17, Wednesday 8-12 and 13-24. */
	const struct interp_slot	 s[] = {
		{ MON, 540, 1020 }, { WED, 480, 720 }, { WED, 780, 1440 },
	};

	(void)state;
	/* 2026-01-05 is a Monday (winter), 2026-07-06 too (summer). */
	assert_true(interp_within(s, 3, at(2026, 1, 5, 10, 0),
	    at(2026, 1, 5, 11, 0)));
	assert_true(interp_within(s, 3, at(2026, 7, 6, 9, 0),
	    at(2026, 7, 6, 17, 0)));
	assert_false(interp_within(s, 3, at(2026, 7, 6, 8, 59),
	    at(2026, 7, 6, 10, 0)));
	assert_false(interp_within(s, 3, at(2026, 7, 6, 16, 0),
	    at(2026, 7, 6, 17, 1)));
	/* Tuesday: no slot. */
	assert_false(interp_within(s, 3, at(2026, 1, 6, 10, 0),
	    at(2026, 1, 6, 11, 0)));
	/* Across the Wednesday lunch gap: two slots, but not one. */
	assert_false(interp_within(s, 3, at(2026, 1, 7, 11, 0),
	    at(2026, 1, 7, 14, 0)));
	/* Until midnight ends the day it started on... */
	assert_true(interp_within(s, 3, at(2026, 1, 7, 22, 0),
	    at(2026, 1, 8, 0, 0)));
	/* ... past it does not. */
	assert_false(interp_within(s, 3, at(2026, 1, 7, 23, 0),
	    at(2026, 1, 8, 0, 30)));
	/* No slots: nothing known, nothing flagged. */
	assert_true(interp_within(s, 0, at(2026, 1, 6, 3, 0),
	    at(2026, 1, 6, 4, 0)));
	assert_false(interp_within(s, 3, at(2026, 1, 5, 11, 0),
	    at(2026, 1, 5, 10, 0)));
}

static void
test_agreement(void **state)
{
	struct cal_date	 signed_on = { 2024, 3, 1 }, by, leap = { 2024, 2, 29 };
	struct cal_date	 today;

	(void)state;
	today = (struct cal_date){ 2025, 3, 1 };
	assert_int_equal(interp_agreement_state(NULL, today, &by),
	    AGREEMENT_NONE);
	assert_int_equal(interp_agreement_state(&signed_on, today, &by),
	    AGREEMENT_VALID);
	assert_int_equal(by.y, 2026);
	assert_int_equal(by.m, 3);
	assert_int_equal(by.d, 1);
	/* Due from 60 days before, expired on the day itself. */
	today = (struct cal_date){ 2025, 12, 30 };	/* 61 days left */
	assert_int_equal(interp_agreement_state(&signed_on, today, NULL),
	    AGREEMENT_VALID);
	today = (struct cal_date){ 2025, 12, 31 };	/* 60 days left */
	assert_int_equal(interp_agreement_state(&signed_on, today, NULL),
	    AGREEMENT_DUE);
	today = (struct cal_date){ 2026, 2, 28 };
	assert_int_equal(interp_agreement_state(&signed_on, today, NULL),
	    AGREEMENT_DUE);
	today = (struct cal_date){ 2026, 3, 1 };
	assert_int_equal(interp_agreement_state(&signed_on, today, NULL),
	    AGREEMENT_EXPIRED);
	today = (struct cal_date){ 2030, 1, 1 };
	assert_int_equal(interp_agreement_state(&signed_on, today, NULL),
	    AGREEMENT_EXPIRED);
	/* 29 February: renewed by 28 February two years on. */
	today = (struct cal_date){ 2025, 1, 1 };
	assert_int_equal(interp_agreement_state(&leap, today, &by),
	    AGREEMENT_VALID);
	assert_int_equal(by.y, 2026);
	assert_int_equal(by.m, 2);
	assert_int_equal(by.d, 28);
	assert_true(interp_agreement_ok(AGREEMENT_VALID));
	assert_true(interp_agreement_ok(AGREEMENT_DUE));
	assert_false(interp_agreement_ok(AGREEMENT_EXPIRED));
	assert_false(interp_agreement_ok(AGREEMENT_NONE));
	assert_string_equal(interp_agreement_code(AGREEMENT_DUE),
	    "renewal_due");
}

static void
test_status(void **state)
{
	(void)state;
	assert_true(interp_status_allowed("booked", "cancelled", 500, 100));
	assert_true(interp_status_allowed("booked", "done", 100, 100));
	assert_true(interp_status_allowed("booked", "done", 100, 500));
	/* Not done before it starts. */
	assert_false(interp_status_allowed("booked", "done", 500, 100));
	assert_false(interp_status_allowed("booked", "booked", 100, 500));
	assert_false(interp_status_allowed("cancelled", "booked", 100, 500));
	assert_false(interp_status_allowed("cancelled", "done", 100, 500));
	assert_false(interp_status_allowed("done", "cancelled", 100, 500));
	assert_false(interp_status_allowed("booked", "lost", 100, 500));
	assert_false(interp_status_allowed(NULL, "done", 100, 500));
}

static void
test_rank(void **state)
{
	struct interp_candidate	 c[] = {
		/* id name vetted agreement busy outside row */
		{ 1, "Ewa", false, AGREEMENT_VALID, false, false, 0 },
		{ 2, "Dora", true, AGREEMENT_EXPIRED, false, false, 1 },
		{ 3, "Cyryl", true, AGREEMENT_VALID, true, false, 2 },
		{ 4, "Basia", true, AGREEMENT_DUE, false, true, 3 },
		{ 5, "Adam", true, AGREEMENT_VALID, false, false, 4 },
		{ 6, "Adam", true, AGREEMENT_VALID, false, false, 5 },
		{ 7, "Olek", true, AGREEMENT_NONE, false, false, 6 },
	};
	const int64_t	 want[] = { 5, 6, 4, 3, 2, 1, 7 };
	size_t		 i;
	unsigned	 r;

	(void)state;
	interp_rank(c, 7);
	for (i = 0; i < 7; i++)
		assert_int_equal(c[i].id, want[i]);
	/* The reasons each one is not a first choice. */
	assert_int_equal(interp_reasons(&c[0]), 0);
	assert_int_equal(interp_reasons(&c[2]), 1u <<
	    REASON_OUTSIDE_AVAILABILITY);
	assert_int_equal(interp_reasons(&c[3]), 1u << REASON_BUSY);
	assert_int_equal(interp_reasons(&c[4]), 1u <<
	    REASON_AGREEMENT_EXPIRED);
	assert_int_equal(interp_reasons(&c[5]), 1u << REASON_NOT_VETTED);
	r = interp_reasons(&c[6]);
	assert_int_equal(r, 1u << REASON_NO_AGREEMENT);
	assert_string_equal(interp_reason_code(REASON_BUSY), "busy");
	interp_rank(c, 0);
}

static void
test_slots_json(void **state)
{
	struct interp_slot	 s[4];
	json_t			*a;
	size_t			 n;

	(void)state;
	a = json_loads("[{\"day\":\"mon\",\"from\":\"09:00\",\"to\":"
	    "\"17:00\"},{\"day\":\"sun\",\"from\":\"18:00\",\"to\":"
	    "\"24:00\"},{\"day\":\"xyz\",\"from\":\"09:00\",\"to\":"
	    "\"10:00\"},{\"day\":\"tue\",\"from\":\"12:00\",\"to\":"
	    "\"11:00\"},{\"day\":\"wed\"}]", 0, NULL);
	assert_non_null(a);
	n = interp_slots_from_json(a, s, 4);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].day, MON);
	assert_int_equal(s[0].from, 540);
	assert_int_equal(s[0].to, 1020);
	assert_int_equal(s[1].day, SUN);
	assert_int_equal(s[1].to, 1440);
	/* At most max. */
	assert_int_equal(interp_slots_from_json(a, s, 1), 1);
	assert_int_equal(interp_slots_from_json(NULL, s, 4), 0);
	assert_string_equal(interp_day_code(WED), "wed");
	json_decref(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_hhmm),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_within),
		cmocka_unit_test(test_agreement),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_slots_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
