/*
 * The service calendar, by tables: Easter, Polish public holidays, the
 * Warsaw offset around summer-time changes, "is the office staffed" and
 * "when does it next open" over weekends, holidays, summer-time changes,
 * year ends, closure days and configured hours.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hotline/calendar.h"

/* A UTC instant from its parts. */
static int64_t
utc(int y, int m, int d, int hh, int mm)
{
	struct cal_date	 dt = { y, m, d };

	return cal_days(dt) * 86400 + hh * 3600 + mm * 60;
}

static void
test_civil_days(void **state)
{
	struct cal_date	 dt = { 1970, 1, 1 }, back;
	int64_t		 d;

	(void)state;
	assert_int_equal(cal_days(dt), 0);
	for (d = -800000; d < 800000; d += 997) {
		back = cal_date_of(d);
		assert_int_equal(cal_days(back), d);
	}
	dt = (struct cal_date){ 2000, 2, 29 };
	assert_int_equal(cal_days(dt), 11016);
}

static void
test_easter(void **state)
{
	static const int	 t[][3] = {
		{ 1818, 3, 22 }, { 2000, 4, 23 }, { 2024, 3, 31 },
		{ 2025, 4, 20 }, { 2026, 4, 5 }, { 2027, 3, 28 },
		{ 2038, 4, 25 }, { 2285, 3, 22 }, { 2100, 3, 28 },
	};
	size_t			 i;
	struct cal_date		 e;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		e = cal_easter(t[i][0]);
		assert_int_equal(e.m, t[i][1]);
		assert_int_equal(e.d, t[i][2]);
	}
}

static void
test_holidays(void **state)
{
	static const struct {
		int	 y, m, d;
		bool	 holiday;
	} t[] = {
		{ 2026, 1, 1, true }, { 2026, 1, 6, true },
		{ 2026, 4, 5, true }, { 2026, 4, 6, true },	/* Easter */
		{ 2026, 5, 1, true }, { 2026, 5, 3, true },
		{ 2026, 5, 24, true },				/* Pentecost */
		{ 2026, 6, 4, true },				/* Corpus Christi */
		{ 2026, 8, 15, true }, { 2026, 11, 1, true },
		{ 2026, 11, 11, true }, { 2026, 12, 24, true },
		{ 2026, 12, 25, true }, { 2026, 12, 26, true },
		{ 2024, 12, 24, false },	/* a holiday only from 2025 */
		{ 2010, 1, 6, false },		/* only from 2011 */
		{ 2011, 1, 6, true },
		{ 2026, 4, 7, false }, { 2026, 12, 31, false },
		{ 2026, 11, 2, false }, { 2026, 6, 5, false },
		{ 2027, 3, 28, true }, { 2027, 3, 29, true },
		{ 2027, 5, 27, true },				/* Corpus Christi */
	};
	const char	*name;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct cal_date	 dt = { t[i].y, t[i].m, t[i].d };

		name = NULL;
		assert_int_equal(cal_is_holiday(dt, &name), t[i].holiday);
		if (t[i].holiday)
			assert_non_null(name);
	}
}

static void
test_offset(void **state)
{
	(void)state;
	/* 2026: summer time from 29 March to 25 October, 01:00 UTC. */
	assert_int_equal(cal_offset(utc(2026, 3, 29, 0, 59)), 3600);
	assert_int_equal(cal_offset(utc(2026, 3, 29, 1, 0)), 7200);
	assert_int_equal(cal_offset(utc(2026, 10, 25, 0, 59)), 7200);
	assert_int_equal(cal_offset(utc(2026, 10, 25, 1, 0)), 3600);
	assert_int_equal(cal_offset(utc(2026, 1, 15, 12, 0)), 3600);
	assert_int_equal(cal_offset(utc(2026, 7, 15, 12, 0)), 7200);
	/* 2027: 28 March and 31 October. */
	assert_int_equal(cal_offset(utc(2027, 3, 28, 1, 0)), 7200);
	assert_int_equal(cal_offset(utc(2027, 3, 27, 23, 0)), 3600);
	assert_int_equal(cal_offset(utc(2027, 10, 31, 0, 30)), 7200);
	assert_int_equal(cal_offset(utc(2027, 10, 31, 1, 30)), 3600);
}

static void
test_local_roundtrip(void **state)
{
	struct cal_local	 l;
	struct cal_date		 d1 = { 2026, 3, 29 }, d2 = { 2026, 10, 25 };

	(void)state;
	l = cal_to_local(utc(2026, 12, 31, 23, 30));	/* local new year */
	assert_int_equal(l.date.y, 2027);
	assert_int_equal(l.date.m, 1);
	assert_int_equal(l.date.d, 1);
	assert_int_equal(l.minute, 30);
	assert_int_equal(l.wday, FRI);
	/* The skipped hour in spring is taken one hour later. */
	assert_int_equal(cal_from_local(d1, 2 * 60 + 30), utc(2026, 3, 29, 1,
	    30));
	assert_int_equal(cal_from_local(d1, 3 * 60), utc(2026, 3, 29, 1, 0));
	/* The doubled hour in autumn is the first. */
	assert_int_equal(cal_from_local(d2, 2 * 60 + 30), utc(2026, 10, 25, 0,
	    30));
	assert_int_equal(cal_from_local(d2, 4 * 60), utc(2026, 10, 25, 3, 0));
}

static void
test_is_open(void **state)
{
	static const struct {
		int	 y, m, d, hh, mm;	/* UTC */
		bool	 open;
	} t[] = {
		{ 2026, 11, 30, 8, 0, true },	/* Monday 09:00 CET */
		{ 2026, 11, 30, 7, 59, false },
		{ 2026, 11, 30, 15, 59, true },
		{ 2026, 11, 30, 16, 0, false },	/* 17:00: closed */
		{ 2026, 11, 28, 10, 0, false },	/* Saturday */
		{ 2026, 11, 29, 10, 0, false },	/* Sunday */
		{ 2026, 11, 11, 10, 0, false },	/* Independence Day */
		{ 2026, 7, 1, 7, 0, true },	/* Wednesday 09:00 CEST */
		{ 2026, 7, 1, 6, 59, false },
		{ 2026, 7, 1, 14, 59, true },
		{ 2026, 7, 1, 15, 0, false },
		{ 2026, 12, 24, 10, 0, false },
		{ 2024, 12, 24, 10, 0, true },	/* before 2025 a work day */
		{ 2026, 6, 4, 10, 0, false },	/* Corpus Christi */
	};
	struct calendar	 c;
	size_t		 i;

	(void)state;
	calendar_default(&c);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(cal_is_open(&c, utc(t[i].y, t[i].m, t[i].d,
		    t[i].hh, t[i].mm)), t[i].open);
}

static void
test_next_open(void **state)
{
	static const struct {
		int	 from[5];		/* UTC */
		int	 next[5];		/* UTC */
	} t[] = {
		/* Open now: now. */
		{ { 2026, 11, 30, 10, 0 }, { 2026, 11, 30, 10, 0 } },
		/* Monday early morning: 09:00 that day. */
		{ { 2026, 11, 30, 3, 0 }, { 2026, 11, 30, 8, 0 } },
		/* Friday evening: Monday 09:00. */
		{ { 2026, 12, 18, 16, 30 }, { 2026, 12, 21, 8, 0 } },
		/* Christmas: 24, 25 holidays, 26-27 weekend. */
		{ { 2026, 12, 23, 16, 0 }, { 2026, 12, 28, 8, 0 } },
		/* The year end: 1 January, then the weekend. */
		{ { 2026, 12, 31, 16, 0 }, { 2027, 1, 4, 8, 0 } },
		/* Easter 2027 and summer time starting over it. */
		{ { 2027, 3, 26, 16, 0 }, { 2027, 3, 30, 7, 0 } },
		/* Summer time starting over a weekend. */
		{ { 2026, 3, 27, 16, 0 }, { 2026, 3, 30, 7, 0 } },
		/* And ending over one. */
		{ { 2026, 10, 23, 15, 0 }, { 2026, 10, 26, 8, 0 } },
		/* Independence Day on a Wednesday. */
		{ { 2026, 11, 10, 16, 0 }, { 2026, 11, 12, 8, 0 } },
	};
	struct calendar	 c;
	size_t		 i;

	(void)state;
	calendar_default(&c);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(cal_next_open(&c, utc(t[i].from[0],
		    t[i].from[1], t[i].from[2], t[i].from[3], t[i].from[4])),
		    utc(t[i].next[0], t[i].next[1], t[i].next[2], t[i].next[3],
		    t[i].next[4]));
	assert_int_equal(cal_next_close(&c, utc(2026, 11, 30, 10, 0)),
	    utc(2026, 11, 30, 16, 0));
	assert_int_equal(cal_next_close(&c, utc(2026, 11, 28, 10, 0)),
	    utc(2026, 11, 30, 16, 0));
}

static void
test_closures_and_hours(void **state)
{
	static const int32_t	 closures[] = { 20261228, 20261229 };
	struct calendar		 c;

	(void)state;
	calendar_default(&c);
	c.closures = closures;
	c.nclosures = 2;
	assert_int_equal(cal_next_open(&c, utc(2026, 12, 23, 16, 0)),
	    utc(2026, 12, 30, 8, 0));
	assert_false(cal_is_open(&c, utc(2026, 12, 29, 10, 0)));
	/* Saturday mornings too, and shorter Fridays. */
	c.open[SAT] = 10 * 60;
	c.close[SAT] = 14 * 60;
	c.close[FRI] = 15 * 60;
	assert_true(cal_is_open(&c, utc(2026, 11, 28, 9, 0)));
	assert_false(cal_is_open(&c, utc(2026, 11, 27, 14, 30)));
	assert_int_equal(cal_next_open(&c, utc(2026, 11, 27, 14, 30)),
	    utc(2026, 11, 28, 9, 0));
	/* Never open: -1. */
	for (int i = 0; i < WEEKDAY__MAX; i++)
		c.open[i] = c.close[i] = 0;
	assert_int_equal(cal_next_open(&c, utc(2026, 11, 27, 14, 30)), -1);
	assert_false(cal_is_open(&c, utc(2026, 11, 30, 10, 0)));
}

static void
test_last_open_close(void **state)
{
	struct calendar	 c;
	int64_t		 opened;

	(void)state;
	calendar_default(&c);
	/* Monday 10:00: opened at 09:00, after the weekend from Friday 17:00. */
	opened = cal_last_open(&c, utc(2026, 11, 30, 9, 0));
	assert_int_equal(opened, utc(2026, 11, 30, 8, 0));
	assert_int_equal(cal_last_close(&c, opened), utc(2026, 11, 27, 16, 0));
	/* Tuesday 07:00 (closed): the last opening was Monday's. */
	assert_int_equal(cal_last_open(&c, utc(2026, 12, 1, 6, 0)),
	    utc(2026, 11, 30, 8, 0));
	/* After Christmas: closed from 23 to 28 December. */
	opened = cal_last_open(&c, utc(2026, 12, 28, 10, 0));
	assert_int_equal(opened, utc(2026, 12, 28, 8, 0));
	assert_int_equal(cal_last_close(&c, opened), utc(2026, 12, 23, 16, 0));
	/* At the very minute of opening. */
	assert_int_equal(cal_last_open(&c, utc(2026, 11, 30, 8, 0)),
	    utc(2026, 11, 30, 8, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_days),
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_offset),
		cmocka_unit_test(test_local_roundtrip),
		cmocka_unit_test(test_is_open),
		cmocka_unit_test(test_next_open),
		cmocka_unit_test(test_closures_and_hours),
		cmocka_unit_test(test_last_open_close),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
