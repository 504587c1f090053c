/* The risk level: every score at its boundaries, and the overrides. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "screening/risk.h"

static void
test_every_score(void **state)
{
	struct risk_facts	 f = { 0, 0, false, false, false };
	int			 s, l;

	(void)state;
	for (s = 1; s <= 4; s++)
		for (l = 1; l <= 4; l++) {
			enum risk_level	 want;
			int		 score = s * l;

			f.severity = s;
			f.likelihood = l;
			want = score >= 12 ? RISK_CRITICAL : score >= 8 ?
			    RISK_HIGH : score >= 4 ? RISK_MEDIUM : RISK_LOW;
			assert_int_equal(risk_score(&f), score);
			assert_int_equal(risk_level(&f), want);
		}
	/* The boundaries named in the contract. */
	f.severity = 3; f.likelihood = 1;
	assert_int_equal(risk_level(&f), RISK_LOW);
	f.severity = 2; f.likelihood = 2;
	assert_int_equal(risk_level(&f), RISK_MEDIUM);
	f.severity = 4; f.likelihood = 2;
	assert_int_equal(risk_level(&f), RISK_HIGH);
	f.severity = 3; f.likelihood = 4;
	assert_int_equal(risk_level(&f), RISK_CRITICAL);
}

static void
test_overrides(void **state)
{
	struct risk_facts	 f = { 1, 1, false, false, false };

	(void)state;
	assert_int_equal(risk_level(&f), RISK_LOW);
	f.immediate_danger = true;
	assert_int_equal(risk_level(&f), RISK_HIGH);
	f.immediate_danger = false;
	f.captivity = true;
	assert_int_equal(risk_level(&f), RISK_HIGH);
	f.captivity = false;
	f.medical_emergency = true;
	assert_int_equal(risk_level(&f), RISK_HIGH);
	/* An override never lowers a critical score. */
	f.severity = f.likelihood = 4;
	assert_int_equal(risk_level(&f), RISK_CRITICAL);
	assert_true(risk_intervene(RISK_HIGH));
	assert_false(risk_intervene(RISK_MEDIUM));
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(test_every_score),
		cmocka_unit_test(test_overrides),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
