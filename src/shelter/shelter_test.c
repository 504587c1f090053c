/* The shelter's rules by tables: holds, day states, collisions,
 * departures and occupancy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "shelter/shelter.h"

#define D(s)	day_of(s)
#define OPEN	SHELTER_OPEN

static int64_t
day_of(const char *s)
{
	int64_t	 d = -1;

	assert_int_equal(shelter_day(s, &d), 0);
	return d;
}

static void
test_days(void **state)
{
	static const char *const good[] = { "2026-01-01", "2024-02-29",
	    "1999-12-31", "2026-12-31" };
	static const char *const bad[] = { "", "2026-02-29", "2026-13-01",
	    "2026-1-1", "26-01-01", "2026-01-01T00:00", "2026/01/01",
	    "2026-00-10", "2026-04-31", "abcd-ef-gh" };
	char	 out[11];
	int64_t	 d;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(shelter_day(good[i], &d), 0);
		shelter_day_format(d, out);
		assert_string_equal(out, good[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(shelter_day(bad[i], &d), -1);
	assert_int_equal(shelter_day(NULL, &d), -1);
	assert_int_equal(D("2026-03-01") - D("2026-02-28"), 1);
	assert_int_equal(D("2027-01-01") - D("2026-12-31"), 1);
}

static void
test_stay_holds(void **state)
{
	static const struct {
		enum placement_status	 status;
		const char		*in, *planned, *actual, *today;
		bool			 holds;
		enum hold_kind		 kind;
		const char		*to;	/* NULL: open */
	} t[] = {
		/* a reservation: to its planned departure, or open */
		{ PLACEMENT_RESERVED, "2026-05-10", "2026-05-20", NULL,
		  "2026-05-01", true, HOLD_RESERVED, "2026-05-20" },
		{ PLACEMENT_RESERVED, "2026-05-10", NULL, NULL, "2026-05-01",
		  true, HOLD_RESERVED, NULL },
		/* checked in: to the plan ... */
		{ PLACEMENT_ACTIVE, "2026-05-01", "2026-05-20", NULL,
		  "2026-05-05", true, HOLD_OCCUPIED, "2026-05-20" },
		/* ... but still there after it: up to tomorrow */
		{ PLACEMENT_ACTIVE, "2026-05-01", "2026-05-03", NULL,
		  "2026-05-05", true, HOLD_OCCUPIED, "2026-05-06" },
		{ PLACEMENT_ACTIVE, "2026-05-01", "2026-05-05", NULL,
		  "2026-05-05", true, HOLD_OCCUPIED, "2026-05-06" },
		{ PLACEMENT_ACTIVE, "2026-05-01", "2026-05-06", NULL,
		  "2026-05-05", true, HOLD_OCCUPIED, "2026-05-06" },
		{ PLACEMENT_ACTIVE, "2026-05-01", NULL, NULL, "2026-05-05",
		  true, HOLD_OCCUPIED, NULL },
		/* left: to the actual departure, whatever was planned */
		{ PLACEMENT_ENDED, "2026-05-01", "2026-05-20", "2026-05-04",
		  "2026-05-05", true, HOLD_OCCUPIED, "2026-05-04" },
		{ PLACEMENT_ENDED, "2026-05-01", NULL, "2026-05-01",
		  "2026-05-05", true, HOLD_OCCUPIED, "2026-05-01" },
		{ PLACEMENT_CANCELLED, "2026-05-10", "2026-05-20", NULL,
		  "2026-05-01", false, HOLD_RESERVED, NULL },
	};
	struct stay	 s;
	struct hold	 h;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&s, 0, sizeof(s));
		memset(&h, 0, sizeof(h));
		s.status = t[i].status;
		s.check_in = D(t[i].in);
		s.planned = t[i].planned ? D(t[i].planned) : 0;
		s.actual = t[i].actual ? D(t[i].actual) : 0;
		assert_int_equal(shelter_stay_hold(&s, D(t[i].today), &h),
		    t[i].holds);
		if (!t[i].holds)
			continue;
		assert_int_equal(h.kind, t[i].kind);
		assert_int_equal(h.from, s.check_in);
		assert_int_equal(h.to, t[i].to ? D(t[i].to) : OPEN);
	}
	shelter_block_hold(D("2026-05-02"), D("2026-05-04"), &h);
	assert_int_equal(h.kind, HOLD_BLOCK);
	assert_int_equal(h.from, D("2026-05-02"));
	assert_int_equal(h.to, D("2026-05-05"));	/* the 4th included */
}

static void
test_day_state(void **state)
{
	struct hold	 h[4];
	static const struct {
		const char	*day;
		int64_t		 bed;
		enum bed_state	 want;
		long		 which;
	} t[] = {
		{ "2026-05-01", 1, BED_FREE, -1 },
		{ "2026-05-02", 1, BED_OCCUPIED, 0 },	/* check-in night */
		{ "2026-05-04", 1, BED_OCCUPIED, 0 },
		{ "2026-05-05", 1, BED_RESERVED, 1 },	/* departure day */
		{ "2026-05-07", 1, BED_RESERVED, 1 },
		{ "2026-05-08", 1, BED_OUT_OF_SERVICE, 2 },
		{ "2026-05-09", 1, BED_OUT_OF_SERVICE, 2 },
		{ "2026-05-10", 1, BED_FREE, -1 },
		/* another bed's hold is not this bed's */
		{ "2026-05-03", 2, BED_RESERVED, 3 },
		{ "2026-05-02", 2, BED_FREE, -1 },
	};
	size_t		 i;
	long		 which;

	(void)state;
	h[0] = (struct hold){ 10, 1, HOLD_OCCUPIED, D("2026-05-02"),
	    D("2026-05-05") };
	h[1] = (struct hold){ 11, 1, HOLD_RESERVED, D("2026-05-05"),
	    D("2026-05-08") };
	h[2] = (struct hold){ 5, 1, HOLD_BLOCK, 0, 0 };
	shelter_block_hold(D("2026-05-08"), D("2026-05-09"), &h[2]);
	h[2].id = 5;
	h[2].bed_id = 1;
	h[3] = (struct hold){ 12, 2, HOLD_RESERVED, D("2026-05-03"), OPEN };
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(shelter_day_state(h, 4, t[i].bed,
		    D(t[i].day), &which), t[i].want);
		assert_int_equal(which, t[i].which);
	}
	/* An open reservation holds for good. */
	assert_int_equal(shelter_day_state(h, 4, 2, D("2099-01-01"), NULL),
	    BED_RESERVED);
	/* Should two holds meet on a day, occupied wins, then reserved. */
	h[1].from = D("2026-05-03");
	assert_int_equal(shelter_day_state(h, 4, 1, D("2026-05-04"), NULL),
	    BED_OCCUPIED);
	h[2].from = D("2026-05-06");
	assert_int_equal(shelter_day_state(h, 4, 1, D("2026-05-07"), NULL),
	    BED_RESERVED);
	assert_int_equal(shelter_day_state(NULL, 0, 1, 0, &which), BED_FREE);
	assert_int_equal(which, -1);
	assert_string_equal(bed_state_code(BED_OUT_OF_SERVICE),
	    "out_of_service");
}

static void
test_conflicts(void **state)
{
	struct hold	 h[3], c;
	static const struct {
		enum hold_kind	 kind;
		int64_t		 id, bed;
		const char	*from, *to;	/* to NULL: open */
		long		 with;		/* -1: none */
	} t[] = {
		/* the nights before and after: no collision */
		{ HOLD_RESERVED, 0, 1, "2026-05-01", "2026-05-02", -1 },
		{ HOLD_RESERVED, 0, 1, "2026-05-05", "2026-05-06", -1 },
		/* arriving the day the other leaves is fine */
		{ HOLD_OCCUPIED, 0, 1, "2026-04-20", "2026-05-02", -1 },
		/* one night in common */
		{ HOLD_OCCUPIED, 0, 1, "2026-04-20", "2026-05-03", 0 },
		{ HOLD_RESERVED, 0, 1, "2026-05-04", "2026-05-10", 0 },
		{ HOLD_RESERVED, 0, 1, "2026-05-03", "2026-05-04", 0 },
		/* a longer stay around it */
		{ HOLD_RESERVED, 0, 1, "2026-04-01", "2026-06-01", 0 },
		/* open-ended across everything */
		{ HOLD_RESERVED, 0, 1, "2026-04-01", NULL, 0 },
		/* the out-of-service days */
		{ HOLD_RESERVED, 0, 1, "2026-05-09", "2026-05-10", 1 },
		{ HOLD_RESERVED, 0, 1, "2026-05-11", "2026-05-13", 1 },
		{ HOLD_RESERVED, 0, 1, "2026-05-12", "2026-05-13", -1 },
		/* a block over a stay collides; over a block it does not */
		{ HOLD_BLOCK, 0, 1, "2026-05-04", "2026-05-05", 0 },
		{ HOLD_BLOCK, 0, 1, "2026-05-10", "2026-05-11", -1 },
		/* another bed */
		{ HOLD_RESERVED, 0, 2, "2026-05-03", "2026-05-04", -1 },
		{ HOLD_RESERVED, 0, 3, "2026-05-03", "2026-05-04", 2 },
		/* a stay changed collides not with itself */
		{ HOLD_OCCUPIED, 10, 1, "2026-05-01", "2026-05-08", -1 },
		{ HOLD_OCCUPIED, 10, 1, "2026-05-01", "2026-05-10", 1 },
		/* a block's id equal to a placement's is another hold */
		{ HOLD_BLOCK, 10, 1, "2026-05-03", "2026-05-04", 0 },
		/* no night at all */
		{ HOLD_RESERVED, 0, 1, "2026-05-03", "2026-05-03", -1 },
	};
	size_t		 i;
	const struct hold *got;

	(void)state;
	h[0] = (struct hold){ 10, 1, HOLD_OCCUPIED, D("2026-05-02"),
	    D("2026-05-05") };
	shelter_block_hold(D("2026-05-09"), D("2026-05-11"), &h[1]);
	h[1].id = 7;
	h[1].bed_id = 1;
	h[2] = (struct hold){ 11, 3, HOLD_RESERVED, D("2026-05-01"), OPEN };
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		c.kind = t[i].kind;
		c.id = t[i].id;
		c.bed_id = t[i].bed;
		c.from = D(t[i].from);
		c.to = t[i].to ? D(t[i].to) : OPEN;
		if (t[i].kind == HOLD_BLOCK)
			c.to--;	/* the table's "to" is the night after */
		if (t[i].kind == HOLD_BLOCK)
			shelter_block_hold(c.from, c.to, &c);
		got = shelter_conflict(h, 3, &c);
		if (t[i].with == -1)
			assert_null(got);
		else
			assert_ptr_equal(got, &h[t[i].with]);
	}
}

static void
test_departure(void **state)
{
	static const struct {
		const char		*in, *day, *today;
		enum departure_check	 want;
	} t[] = {
		{ "2026-05-01", "2026-05-01", "2026-05-05", DEPART_OK },
		{ "2026-05-01", "2026-05-05", "2026-05-05", DEPART_OK },
		{ "2026-05-01", "2026-04-30", "2026-05-05",
		  DEPART_BEFORE_CHECK_IN },
		{ "2026-05-01", "2026-05-06", "2026-05-05", DEPART_IN_FUTURE },
		{ "2026-12-31", "2027-01-01", "2027-01-01", DEPART_OK },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(shelter_departure_check(D(t[i].in),
		    D(t[i].day), D(t[i].today)), t[i].want);
}

static void
test_occupancy(void **state)
{
	struct hold	 h[4];
	static const struct {
		int64_t		 bed;
		const char	*from, *to;
		int64_t		 available, occupied;
	} t[] = {
		/* ten days: 3 nights occupied, 2 out of service,
		 * 2 reserved (available, not occupied) */
		{ 1, "2026-05-01", "2026-05-10", 8, 3 },
		{ 1, "2026-05-02", "2026-05-02", 1, 1 },
		{ 1, "2026-05-08", "2026-05-09", 0, 0 },
		{ 1, "2026-06-01", "2026-06-30", 30, 0 },
		/* an open stay fills the whole period */
		{ 2, "2026-05-01", "2026-05-31", 31, 31 },
		{ 3, "2026-05-01", "2026-05-31", 31, 0 },
	};
	struct stay	 s = { PLACEMENT_ACTIVE, 0, 0, 0 };
	int64_t		 a, o;
	size_t		 i;

	(void)state;
	h[0] = (struct hold){ 10, 1, HOLD_OCCUPIED, D("2026-05-02"),
	    D("2026-05-05") };
	h[1] = (struct hold){ 11, 1, HOLD_RESERVED, D("2026-05-05"),
	    D("2026-05-07") };
	shelter_block_hold(D("2026-05-08"), D("2026-05-09"), &h[2]);
	h[2].id = 3;
	h[2].bed_id = 1;
	s.check_in = D("2026-04-01");
	assert_true(shelter_stay_hold(&s, D("2026-05-15"), &h[3]));
	h[3].id = 12;
	h[3].bed_id = 2;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		a = o = 0;
		shelter_occupancy(h, 4, t[i].bed, D(t[i].from), D(t[i].to),
		    &a, &o);
		assert_int_equal(a, t[i].available);
		assert_int_equal(o, t[i].occupied);
	}
	/* Counts add up across beds. */
	a = o = 0;
	shelter_occupancy(h, 4, 1, D("2026-05-01"), D("2026-05-10"), &a, &o);
	shelter_occupancy(h, 4, 2, D("2026-05-01"), D("2026-05-10"), &a, &o);
	assert_int_equal(a, 18);
	assert_int_equal(o, 13);
}

static void
test_codes(void **state)
{
	enum placement_status	 s;
	int			 i;

	(void)state;
	for (i = 0; i < PLACEMENT__MAX; i++) {
		assert_int_equal(placement_status_parse(
		    placement_status_code((enum placement_status)i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(placement_status_parse("gone", &s), -1);
	assert_int_equal(placement_status_parse(NULL, &s), -1);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_stay_holds),
		cmocka_unit_test(test_day_state),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_departure),
		cmocka_unit_test(test_occupancy),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
