/*
 * The case lifecycle by a full table of transitions (every pair, so an
 * illegal jump cannot slip in), reopening, and periods in months.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cases/lifecycle.h"

static void
test_every_transition(void **state)
{
	/* ok[from][to], with before_close = identified for reopening. */
	static const bool ok[CASE_STATUS__MAX][CASE_STATUS__MAX] = {
		[CASE_PRELIMINARY] = { [CASE_PROVISIONAL] = true },
		[CASE_PROVISIONAL] = { [CASE_IDENTIFIED] = true,
		    [CASE_NOT_IDENTIFIED] = true },
		[CASE_IDENTIFIED] = { [CASE_CLOSED] = true },
		[CASE_NOT_IDENTIFIED] = { [CASE_CLOSED] = true },
		[CASE_CLOSED] = { [CASE_IDENTIFIED] = true },
	};
	int	 from, to;

	(void)state;
	for (from = 0; from < CASE_STATUS__MAX; from++)
		for (to = 0; to < CASE_STATUS__MAX; to++)
			assert_int_equal(case_transition_ok(
			    (enum case_status)from, (enum case_status)to,
			    CASE_IDENTIFIED), ok[from][to]);
}

static void
test_reopen(void **state)
{
	(void)state;
	assert_true(case_transition_ok(CASE_CLOSED, CASE_NOT_IDENTIFIED,
	    CASE_NOT_IDENTIFIED));
	assert_false(case_transition_ok(CASE_CLOSED, CASE_IDENTIFIED,
	    CASE_NOT_IDENTIFIED));
	assert_false(case_transition_ok(CASE_CLOSED, CASE_CLOSED,
	    CASE_CLOSED));
	assert_false(case_transition_ok(CASE_CLOSED, CASE_PRELIMINARY,
	    CASE_STATUS__MAX));
	assert_false(case_transition_ok(CASE_STATUS__MAX, CASE_CLOSED,
	    CASE_IDENTIFIED));
}

static void
test_codes(void **state)
{
	enum case_status	 s;
	enum case_close_reason	 r;
	int			 i;

	(void)state;
	for (i = 0; i < CASE_STATUS__MAX; i++) {
		assert_int_equal(case_status_parse(case_status_code(
		    (enum case_status)i), &s), 0);
		assert_int_equal(s, i);
	}
	for (i = 0; i < CLOSE__MAX; i++) {
		assert_int_equal(case_close_reason_parse(case_close_reason_code(
		    (enum case_close_reason)i), &r), 0);
		assert_int_equal(r, i);
	}
	assert_int_equal(case_status_parse("Closed", &s), -1);
	assert_int_equal(case_status_parse(NULL, &s), -1);
	assert_int_equal(case_close_reason_parse("", &r), -1);
}

static void
test_months(void **state)
{
	static const int t[][7] = {
		/* from y m d, months, to y m d */
		{ 2026, 1, 15, 3, 2026, 4, 15 },
		{ 2026, 1, 31, 1, 2026, 2, 28 },
		{ 2028, 1, 31, 1, 2028, 2, 29 },	/* leap year */
		{ 2026, 11, 30, 3, 2027, 2, 28 },	/* over a year end */
		{ 2026, 12, 31, 4, 2027, 4, 30 },
		{ 2026, 8, 31, 3, 2026, 11, 30 },
		{ 2026, 3, 31, -1, 2026, 2, 28 },
		{ 2026, 5, 10, 12, 2027, 5, 10 },
	};
	struct cal_date	 d, e;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		d = (struct cal_date){ t[i][0], t[i][1], t[i][2] };
		e = date_add_months(d, t[i][3]);
		assert_int_equal(e.y, t[i][4]);
		assert_int_equal(e.m, t[i][5]);
		assert_int_equal(e.d, t[i][6]);
	}
	d = (struct cal_date){ 2026, 11, 30 };
	e = certificate_expiry(d, false);
	assert_int_equal(cal_date_key(e), 20270228);
	e = certificate_expiry(d, true);
	assert_int_equal(cal_date_key(e), 20270330);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_transition),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_months),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
