/*
 * Telephony's pure rules by tables: the routing decision over office
 * hours, closure days, rota gaps and fallbacks; a call's states over every
 * pair; the checks of what the SIP server sends.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "telephony/telephony.h"

static int64_t
utc(int y, int m, int d, int hh, int mm)
{
	struct cal_date	 dt = { y, m, d };

	return cal_days(dt) * 86400 + hh * 3600 + mm * 60;
}

static void
config(struct tel_config *c, const char *fallback)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->lines[0].number, sizeof(c->lines[0].number), "%s",
	    "+48220000100");
	snprintf(c->lines[0].channel, sizeof(c->lines[0].channel), "%s",
	    "office_line");
	c->nlines = 1;
	snprintf(c->oncall, sizeof(c->oncall), "%s", "+48600000100");
	snprintf(c->fallback, sizeof(c->fallback), "%s", fallback);
}

static void
test_decide(void **state)
{
	static const int32_t	 closed[] = { 20261202 };
	struct tel_config	 c;
	struct calendar		 cal;
	struct tel_decision	 d;
	/* Wednesday 2 December 2026 is a closure day; the 1st is not. */
	int64_t			 tue10 = utc(2026, 12, 1, 9, 0);	/* 10:00 */
	int64_t			 tue22 = utc(2026, 12, 1, 21, 0);
	int64_t			 wed10 = utc(2026, 12, 2, 9, 0);

	(void)state;
	calendar_default(&cal);
	cal.closures = closed;
	cal.nclosures = 1;
	config(&c, "+48600000200");

	tel_decide(&c, &cal, tue10, "+48220000100", true, 2, &d);
	assert_int_equal(d.action, TEL_GROUP);
	assert_string_equal(d.reason, "office_hours");
	assert_false(d.out_of_hours);

	tel_decide(&c, &cal, tue10, "+48220000100", false, 0, &d);
	assert_int_equal(d.action, TEL_FORWARD);
	assert_string_equal(d.reason, "no_extensions");
	assert_string_equal(d.target, "+48600000200");

	tel_decide(&c, &cal, tue22, "+48220000100", true, 2, &d);
	assert_int_equal(d.action, TEL_FORWARD);
	assert_string_equal(d.reason, "on_call");
	assert_string_equal(d.target, "+48600000100");
	assert_true(d.out_of_hours);

	tel_decide(&c, &cal, tue22, "+48220000100", false, 2, &d);
	assert_int_equal(d.action, TEL_FORWARD);
	assert_string_equal(d.reason, "rota_gap");
	assert_string_equal(d.target, "+48600000200");

	/* A closure day is out of hours at 10:00. */
	tel_decide(&c, &cal, wed10, "+48220000100", true, 2, &d);
	assert_int_equal(d.action, TEL_FORWARD);
	assert_string_equal(d.reason, "on_call");
	assert_true(d.out_of_hours);

	tel_decide(&c, &cal, tue10, "+48229999999", true, 2, &d);
	assert_int_equal(d.action, TEL_REJECT);
	assert_string_equal(d.reason, "unknown_line");

	config(&c, "sip:voicemail@pbx.example.org");
	tel_decide(&c, &cal, tue22, "+48220000100", false, 2, &d);
	assert_int_equal(d.action, TEL_URI);
	assert_string_equal(d.target, "sip:voicemail@pbx.example.org");

	config(&c, "");
	tel_decide(&c, &cal, tue22, "+48220000100", false, 2, &d);
	assert_int_equal(d.action, TEL_REJECT);
	assert_string_equal(d.reason, "rota_gap");
	assert_null(d.target);

	/* No on-call number: a shift alone does not make a target. */
	config(&c, "+48600000200");
	c.oncall[0] = '\0';
	tel_decide(&c, &cal, tue22, "+48220000100", true, 2, &d);
	assert_string_equal(d.reason, "rota_gap");
}

static void
test_states(void **state)
{
	/* Every state × event: the next state, or -1 for impossible. */
	static const int want[CALL__MAX][CEV__MAX] = {
		[CALL_NONE] = { CALL_RINGING, CALL_ANSWERED, -1, CALL_MISSED },
		[CALL_RINGING] = { CALL_RINGING, CALL_ANSWERED, -1,
		    CALL_MISSED },
		[CALL_ANSWERED] = { -1, CALL_ANSWERED, CALL_ENDED, -1 },
		[CALL_ENDED] = { -1, -1, CALL_ENDED, -1 },
		[CALL_MISSED] = { -1, -1, -1, CALL_MISSED },
	};
	enum call_state	 next;
	enum call_move	 m;
	int		 s, ev;

	(void)state;
	for (s = 0; s < CALL__MAX; s++)
		for (ev = 0; ev < CEV__MAX; ev++) {
			m = call_next((enum call_state)s, (enum call_event)ev,
			    &next);
			if (want[s][ev] == -1) {
				assert_int_equal(m, CALL_IMPOSSIBLE);
				continue;
			}
			assert_int_equal(next, want[s][ev]);
			assert_int_equal(m, (int)next == s ? CALL_REPEAT :
			    CALL_MOVE);
		}
	assert_int_equal(call_duration_s(1000, 3499), 2);
	assert_int_equal(call_duration_s(1000, 3500), 3);
	assert_int_equal(call_duration_s(5000, 1000), 0);
	assert_int_equal(call_event_parse("ended", (enum call_event *)&s), 0);
	assert_int_equal(call_event_parse("hung", (enum call_event *)&s), -1);
}

static void
test_checks(void **state)
{
	char	 long_id[TEL_CALL_ID_MAX + 2];

	(void)state;
	assert_true(tel_call_id_valid("a84b4c76e66710@pc33.example.org"));
	assert_false(tel_call_id_valid(""));
	assert_false(tel_call_id_valid("a b"));
	assert_false(tel_call_id_valid("a\x01"));
	assert_false(tel_call_id_valid("\xc5\x82"));
	memset(long_id, 'x', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	assert_false(tel_call_id_valid(long_id));
	long_id[TEL_CALL_ID_MAX] = '\0';
	assert_true(tel_call_id_valid(long_id));

	assert_true(tel_extension_valid("101"));
	assert_true(tel_extension_valid("10"));
	assert_false(tel_extension_valid("1"));
	assert_false(tel_extension_valid("10a"));
	assert_false(tel_extension_valid("12345678901234567"));

	assert_true(tel_fallback_valid("+48600000200"));
	assert_true(tel_fallback_valid("sip:voicemail@pbx.example.org:5060"));
	assert_false(tel_fallback_valid("+48"));
	/* Found by fuzz_telephony: a number the gateway cannot dial. */
	assert_false(tel_fallback_valid("+00224905760"));
	assert_false(tel_fallback_valid("+4860000020x"));
	assert_false(tel_fallback_valid("sip:@pbx"));
	assert_false(tel_fallback_valid("sip:vm@"));
	assert_false(tel_fallback_valid("sip:vm@pbx;transport=tcp"));
	assert_false(tel_fallback_valid("sip:vm@pbx\"$(x)"));
	assert_false(tel_fallback_valid("http://x@y"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
