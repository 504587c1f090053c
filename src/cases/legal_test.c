/*
 * Legal deadlines by tables of dates: month ends, leap years, a minor's
 * longer certificate, reminders that fall in the previous year, dates not
 * recorded; and the strict date parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cases/legal.h"

/* y * 10000 + m * 100 + d, as the tables write dates. */
static struct cal_date
ymd(int key)
{
	return (struct cal_date){ key / 10000, key / 100 % 100, key % 100 };
}

static void
test_parse(void **state)
{
	static const struct {
		const char	*in;
		int		 key;
	} good[] = {
		{ "2026-02-28", 20260228 },
		{ "2028-02-29", 20280229 },	/* leap year */
		{ "2000-02-29", 20000229 },	/* divisible by 400 */
		{ "2026-12-31", 20261231 },
		{ "2026-04-30", 20260430 },
		{ "1900-01-01", 19000101 },
		{ "2200-12-31", 22001231 },
	};
	static const char *const bad[] = {
		"2026-02-30", "2026-2-01", "2026-02-01x", "",
		"2026-02-29",		/* not a leap year */
		"2100-02-29",		/* divisible by 100 only */
		"1900-02-29",
		"2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-01-32", "1899-12-31", "2201-01-01", "0000-00-00",
		"2026/01/01", " 2026-01-01", "2026-01-01 ", "2026-01-1 ",
		"+026-01-01", "2026-0a-01", "20260101", "2026-01-01T00:00",
		"2026-\xc3\xa9-01",
	};
	struct cal_date	 d;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(date_parse(good[i].in, &d), 0);
		assert_int_equal(cal_date_key(d), good[i].key);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d = ymd(20260101);
		assert_int_equal(date_parse(bad[i], &d), -1);
		assert_int_equal(d.y, 0);	/* "not recorded" */
	}
	assert_int_equal(date_parse(NULL, &d), -1);
}

static void
test_format(void **state)
{
	char	 out[11];

	(void)state;
	date_format(ymd(20260301), out);
	assert_string_equal(out, "2026-03-01");
	date_format((struct cal_date){ 5, 1, 2 }, out);
	assert_string_equal(out, "0005-01-02");
	date_format((struct cal_date){ 12026, 1, 2 }, out);
	assert_string_equal(out, "0000-00-00");
	date_format((struct cal_date){ 2026, 13, 2 }, out);
	assert_string_equal(out, "0000-00-00");
	date_format((struct cal_date){ -1, 1, 1 }, out);
	assert_string_equal(out, "0000-00-00");
}

/* Every day of the accepted range formats and parses back to itself. */
static void
test_round_trip(void **state)
{
	struct cal_date	 d, e;
	int64_t		 day, first, last;
	char		 s[11];

	(void)state;
	first = cal_days(ymd(19000101));
	last = cal_days(ymd(22001231));
	for (day = first; day <= last; day++) {
		d = cal_date_of(day);
		date_format(d, s);
		assert_int_equal(date_parse(s, &e), 0);
		assert_int_equal(cal_date_key(e), cal_date_key(d));
		e = date_add_days(d, 1);
		assert_int_equal(cal_days(e), day + 1);
	}
	assert_int_equal(date_parse("1899-12-31", &e), -1);
	assert_int_equal(date_parse("2201-01-01", &e), -1);
}

static void
test_add_days(void **state)
{
	static const int t[][3] = {
		/* from, days, to */
		{ 20260131, 1, 20260201 },
		{ 20260228, 1, 20260301 },
		{ 20280228, 1, 20280229 },	/* leap year */
		{ 20000228, 1, 20000229 },
		{ 21000228, 1, 21000301 },	/* not a leap year */
		{ 20261231, 1, 20270101 },
		{ 20270101, -1, 20261231 },
		{ 20260301, -1, 20260228 },
		{ 20280301, -1, 20280229 },
		{ 20260301, -365, 20250301 },
		{ 20260115, 0, 20260115 },
		{ 20260110, -14, 20251227 },
		{ 20261225, 14, 20270108 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(cal_date_key(date_add_days(ymd(t[i][0]),
		    t[i][1])), t[i][2]);
}

/* One recorded date at a time, with its expected key, event and due day. */
static void
test_each_kind(void **state)
{
	static const struct {
		int		 kind;	/* 0 cert, 1 residence, 2 programme, 3 hearing */
		bool		 minor;
		int		 date;
		const char	*key;
		int		 event, due;
		const char	*title;
	} t[] = {
		{ 0, false, 20251201, "certificate", 20260301, 20260215,
		    "Certificate of presumed-victim status expires 2026-03-01" },
		/* Month ends: no 30 February, so the last day of February. */
		{ 0, false, 20251130, "certificate", 20260228, 20260214, NULL },
		{ 0, false, 20271130, "certificate", 20280229, 20280215, NULL },
		{ 0, false, 20251231, "certificate", 20260331, 20260317, NULL },
		/* A minor's certificate runs 4 months. */
		{ 0, true, 20251130, "certificate", 20260330, 20260316, NULL },
		{ 0, true, 20271031, "certificate", 20280229, 20280215, NULL },
		{ 0, true, 20250905, "certificate", 20260105, 20251222, NULL },
		{ 1, false, 20260315, "residence_permit", 20260315, 20260213,
		    "Residence permit expires 2026-03-15" },
		{ 1, false, 20280315, "residence_permit", 20280315, 20280214,
		    NULL },
		{ 1, true, 20260120, "residence_permit", 20260120, 20251221,
		    NULL },
		{ 2, false, 20260110, "support_programme", 20260110, 20251227,
		    "Support programme ends 2026-01-10" },
		{ 3, false, 20270103, "hearing:0", 20270103, 20261227,
		    "Court hearing on 2027-01-03" },
		{ 3, false, 20260101, "hearing:0", 20260101, 20251225, NULL },
		{ 3, false, 20280305, "hearing:0", 20280305, 20280227, NULL },
	};
	struct legal_dates	 d;
	struct legal_deadline	 out[LEGAL_DEADLINES_MAX];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&d, 0, sizeof(d));
		d.minor = t[i].minor;
		switch (t[i].kind) {
		case 0:
			d.certificate_issued = ymd(t[i].date);
			break;
		case 1:
			d.residence_expires = ymd(t[i].date);
			break;
		case 2:
			d.programme_ends = ymd(t[i].date);
			break;
		default:
			d.hearings[0] = ymd(t[i].date);
			d.nhearings = 1;
			break;
		}
		assert_int_equal(legal_deadlines(&d, out), 1);
		assert_string_equal(out[0].key, t[i].key);
		assert_int_equal(cal_date_key(out[0].event), t[i].event);
		assert_int_equal(cal_date_key(out[0].due), t[i].due);
		if (t[i].title != NULL)
			assert_string_equal(out[0].title_en, t[i].title);
	}
}

static void
test_all_in_order(void **state)
{
	static const char *const keys[] = {
		"certificate", "residence_permit", "support_programme",
		"hearing:0", "hearing:2", "hearing:3",
	};
	struct legal_dates	 d;
	struct legal_deadline	 out[LEGAL_DEADLINES_MAX];
	size_t			 i, n;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.certificate_issued = ymd(20260115);
	d.residence_expires = ymd(20270601);
	d.programme_ends = ymd(20260415);
	d.hearings[0] = ymd(20261229);
	/* hearings[1] not recorded: no reminder, and no shift of keys */
	d.hearings[2] = ymd(20270104);
	d.hearings[3] = ymd(20260201);
	d.nhearings = 4;
	n = legal_deadlines(&d, out);
	assert_int_equal(n, sizeof(keys) / sizeof(keys[0]));
	for (i = 0; i < n; i++)
		assert_string_equal(out[i].key, keys[i]);
	assert_int_equal(cal_date_key(out[0].event), 20260415);
	assert_int_equal(cal_date_key(out[0].due), 20260401);
	assert_int_equal(cal_date_key(out[3].due), 20261222);
	assert_int_equal(cal_date_key(out[4].due), 20261228);	/* year end */
	assert_int_equal(cal_date_key(out[5].due), 20260125);
}

static void
test_not_recorded(void **state)
{
	struct legal_dates	 d;
	struct legal_deadline	 out[LEGAL_DEADLINES_MAX];
	size_t			 i;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(legal_deadlines(&d, out), 0);
	d.minor = true;
	d.nhearings = LEGAL_HEARINGS_MAX;
	assert_int_equal(legal_deadlines(&d, out), 0);

	/* A month or day of zero beside a real year is no date either. */
	d.certificate_issued = (struct cal_date){ 2026, 0, 0 };
	d.residence_expires = (struct cal_date){ 2026, 2, 30 };
	d.programme_ends = (struct cal_date){ 0, 3, 1 };
	assert_int_equal(legal_deadlines(&d, out), 0);

	/* A zero year means not recorded whatever month and day say. */
	for (i = 0; i < LEGAL_HEARINGS_MAX; i++)
		d.hearings[i] = (struct cal_date){ 0, 1, 1 };
	assert_int_equal(legal_deadlines(&d, out), 0);
}

/* More hearings than the table holds are clamped, never overrun. */
static void
test_hearings_clamped(void **state)
{
	struct legal_dates	 d;
	struct legal_deadline	 out[LEGAL_DEADLINES_MAX + 1];
	char			 key[LEGAL_KEY_MAX];
	size_t			 i;
	int			 n;

	(void)state;
	memset(&d, 0, sizeof(d));
	memset(out, 0, sizeof(out));
	d.certificate_issued = ymd(20260105);
	d.residence_expires = ymd(20260105);
	d.programme_ends = ymd(20260105);
	for (i = 0; i < LEGAL_HEARINGS_MAX; i++)
		d.hearings[i] = date_add_days(ymd(20261220), (int)i);
	d.nhearings = (size_t)-1;
	assert_int_equal(legal_deadlines(&d, out), LEGAL_DEADLINES_MAX);
	for (i = 0; i < LEGAL_HEARINGS_MAX; i++) {
		n = snprintf(key, sizeof(key), "hearing:%zu", i);
		assert_true(n > 0 && (size_t)n < sizeof(key));
		assert_string_equal(out[3 + i].key, key);
		assert_int_equal(cal_days(out[3 + i].event) -
		    cal_days(out[3 + i].due), LEAD_HEARING);
	}
	assert_string_equal(out[LEGAL_DEADLINES_MAX].key, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_each_kind),
		cmocka_unit_test(test_all_in_order),
		cmocka_unit_test(test_not_recorded),
		cmocka_unit_test(test_hearings_clamped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
