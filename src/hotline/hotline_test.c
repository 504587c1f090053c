/*
 * The hotline's pure rules by tables: phone numbers, ISO 8601 times,
 * follow-ups, and gaps in the on-call rota.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hotline/hotline.h"

static int64_t
utc(int y, int m, int d, int hh, int mm)
{
	struct cal_date	 dt = { y, m, d };

	return cal_days(dt) * 86400 + hh * 3600 + mm * 60;
}

static void
test_phone(void **state)
{
	static const char *const t[][2] = {
		{ "123456789", "+48123456789" },
		{ "123 456 789", "+48123456789" },
		{ "+48 123-456-789", "+48123456789" },
		{ "0048 (12) 345 67 89", "+48123456789" },
		{ "+49 30 1234567", "+49301234567" },
		{ "0044.20.7946.0958", "+442079460958" },
		{ "48123456789", "+48123456789" },
		{ "+380 44 123 4567", "+380441234567" },
	};
	static const char *const bad[] = {
		"", "12345", "+", "abc", "123456789x", "+48 123 456 789 012 345",
		"12+3456789", "++48123456789", "+048123456789", "1234\n56789",
	};
	char	 out[PHONE_MAX + 1];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(phone_normalise(t[i][0], out), 0);
		assert_string_equal(out, t[i][1]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(phone_normalise(bad[i], out), -1);
}

static void
test_iso8601(void **state)
{
	static const struct {
		const char	*s;
		int64_t		 t;
	} t[] = {
		{ "2026-11-28T18:05:00+01:00", 0 },
		{ "2026-11-28T17:05:00Z", 0 },
		{ "2026-11-28T17:05Z", 0 },
		{ "2026-11-28T19:05:00.123+02:00", 0 },
		{ "2026-11-28T12:05:00-05:00", 0 },
		{ "2026-11-28 17:05:00Z", 0 },
	};
	static const char *const bad[] = {
		"2026-11-28T18:05:00", "2026-11-28", "2026-13-01T00:00Z",
		"2026-04-31T00:00Z", "2026-11-28T24:00Z", "2026-11-28T18:60Z",
		"2026-11-28T18:05:00+1:00", "2026-11-28T18:05:00+01", "",
		"2026-11-28T18:05:00+01:00x", "x026-11-28T18:05Z",
		"2026-11-28T18:05:00+15:00",
		/* Found by fuzz_query: Warsaw's time of these is in 1899 or
		 * 3000, which iso8601_warsaw writes and this refused. */
		"1900-01-01T00:30:00+08:00", "2999-12-31T23:30:00Z",
	};
	int64_t	 v, t2;
	size_t	 i;
	char	 out[48];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(iso8601_parse(t[i].s, &v), 0);
		assert_int_equal(v, utc(2026, 11, 28, 17, 5));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(iso8601_parse(bad[i], &v), -1);
	iso8601_warsaw(utc(2026, 11, 28, 17, 5) + 7, out);
	assert_string_equal(out, "2026-11-28T18:05:07+01:00");
	iso8601_warsaw(utc(2026, 7, 1, 7, 0), out);
	assert_string_equal(out, "2026-07-01T09:00:00+02:00");
	/* The ends of the years taken read back as written. */
	assert_int_equal(iso8601_parse("2999-12-31T22:30:00Z", &v), 0);
	iso8601_warsaw(v, out);
	assert_string_equal(out, "2999-12-31T23:30:00+01:00");
	assert_int_equal(iso8601_parse(out, &t2), 0);
	assert_int_equal(t2, v);
}

static void
test_followup(void **state)
{
	(void)state;
	assert_true(contact_needs_followup(true, false, false));
	assert_false(contact_needs_followup(true, true, false));
	assert_false(contact_needs_followup(false, false, false));
	assert_true(contact_needs_followup(false, false, true));
	assert_true(contact_needs_followup(true, true, true));
}

static void
test_rota_gaps(void **state)
{
	struct calendar	 c;
	struct span	 gaps[8], shifts[3];
	size_t		 n;
	/* Monday 30 November 2026 09:00 CET to Wednesday 2 December 09:00. */
	int64_t		 from = utc(2026, 11, 30, 8, 0);
	int64_t		 to = utc(2026, 12, 2, 8, 0);

	(void)state;
	calendar_default(&c);
	/* No shifts: both nights are gaps. */
	n = rota_gaps(&c, NULL, 0, from, to, gaps, 8);
	assert_int_equal(n, 2);
	assert_int_equal(gaps[0].start, utc(2026, 11, 30, 16, 0));
	assert_int_equal(gaps[0].end, utc(2026, 12, 1, 8, 0));
	assert_int_equal(gaps[1].start, utc(2026, 12, 1, 16, 0));
	assert_int_equal(gaps[1].end, utc(2026, 12, 2, 8, 0));
	/* The first night covered, the second only until 02:00 local. */
	shifts[0] = (struct span){ utc(2026, 12, 1, 16, 0),
	    utc(2026, 12, 2, 1, 0) };
	shifts[1] = (struct span){ utc(2026, 11, 30, 15, 0),
	    utc(2026, 12, 1, 9, 0) };
	n = rota_gaps(&c, shifts, 2, from, to, gaps, 8);
	assert_int_equal(n, 1);
	assert_int_equal(gaps[0].start, utc(2026, 12, 2, 1, 0));
	assert_int_equal(gaps[0].end, utc(2026, 12, 2, 8, 0));
	/* A hole in the middle of a night. */
	shifts[1] = (struct span){ utc(2026, 11, 30, 16, 0),
	    utc(2026, 11, 30, 22, 0) };
	shifts[2] = (struct span){ utc(2026, 11, 30, 23, 0),
	    utc(2026, 12, 1, 8, 0) };
	n = rota_gaps(&c, shifts + 1, 2, from, utc(2026, 12, 1, 8, 0), gaps, 8);
	assert_int_equal(n, 1);
	assert_int_equal(gaps[0].start, utc(2026, 11, 30, 22, 0));
	assert_int_equal(gaps[0].end, utc(2026, 11, 30, 23, 0));
	/* A weekend is one long closed period; max bounds what is written. */
	n = rota_gaps(&c, NULL, 0, utc(2026, 11, 27, 8, 0),
	    utc(2026, 12, 4, 8, 0), gaps, 1);
	assert_int_equal(n, 5);	/* 4 week nights and the weekend */
	assert_int_equal(gaps[0].start, utc(2026, 11, 27, 16, 0));
	assert_int_equal(gaps[0].end, utc(2026, 11, 30, 8, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_followup),
		cmocka_unit_test(test_rota_gaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
