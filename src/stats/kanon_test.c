/*
 * k-anonymity on crafted data sets — k larger than the data, all-unique
 * rows, one dominant group, exactly k — and on random ones checked against
 * a brute-force walk of the lattice.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "stats/kanon.h"

/* sex: female, male, unknown; nothing coarser than "any". */
/* age band 0..7: bands 0-1 are children; level 1 is child (0) / adult (1). */
static int32_t
age_general(int32_t band, int level)
{
	(void)level;
	return band < 2 ? 0 : 1;
}

/* citizenship 0 Polish, 1..10 other EU, 11..60 non-EU: level 1 the group. */
static int32_t
citizenship_general(int32_t c, int level)
{
	(void)level;
	return c == 0 ? 0 : c <= 10 ? 1 : 2;
}

/* year 0..11 (2015..2026): level 1 five-year periods. */
static int32_t
year_general(int32_t y, int level)
{
	(void)level;
	return y / 5;
}

static const struct kanon_qi qis[] = {
	{ "sex", 1, NULL },
	{ "age", 2, age_general },
	{ "citizenship", 2, citizenship_general },
	{ "year", 2, year_general },
};
#define NQI	4
#define MAXN	400

/* The size of record i's group under levels, counted the slow way. */
static size_t
group_of(const int32_t *codes, size_t n, size_t i, const int *level)
{
	size_t	 j, q, count = 0;

	for (j = 0; j < n; j++) {
		for (q = 0; q < NQI; q++)
			if (kanon_code(&qis[q], codes[j * NQI + q], level[q]) !=
			    kanon_code(&qis[q], codes[i * NQI + q], level[q]))
				break;
		count += q == NQI;
	}
	return count;
}

static size_t
small_under(const int32_t *codes, size_t n, size_t k, const int *level)
{
	size_t	 i, small = 0;

	for (i = 0; i < n; i++)
		small += group_of(codes, n, i, level) < k;
	return small;
}

/* Whatever the data: the kept records are in groups of k or more. */
static void
assert_k_anonymous(const int32_t *codes, size_t n, size_t k, const bool *keep,
    const struct kanon_result *res)
{
	size_t	 i, kept = 0;

	for (i = 0; i < n; i++) {
		assert_int_equal(keep[i], group_of(codes, n, i, res->level) >=
		    k && !res->k_too_large);
		kept += keep[i];
	}
	assert_int_equal(kept + res->suppressed, n);
}

static void
fill(int32_t *codes, size_t i, int32_t sex, int32_t age, int32_t cit,
    int32_t year)
{
	codes[i * NQI] = sex;
	codes[i * NQI + 1] = age;
	codes[i * NQI + 2] = cit;
	codes[i * NQI + 3] = year;
}

static void
test_k_larger_than_data(void **state)
{
	int32_t			 codes[5 * NQI];
	bool			 keep[5];
	struct kanon_result	 res;
	size_t			 i;

	(void)state;
	for (i = 0; i < 5; i++)
		fill(codes, i, 0, 3, 0, 10);
	assert_int_equal(kanon_run(codes, 5, qis, NQI, 11, 0, keep, &res), 0);
	assert_true(res.k_too_large);
	assert_int_equal(res.suppressed, 5);
	for (i = 0; i < 5; i++)
		assert_false(keep[i]);
	/* No records at all: nothing to publish, nothing to fail. */
	assert_int_equal(kanon_run(codes, 0, qis, NQI, 11, 0, keep, &res), 0);
	assert_int_equal(res.suppressed, 0);
}

/* Every row unique: only generalisation can publish them. */
static void
test_all_unique(void **state)
{
	int32_t			 codes[24 * NQI];
	bool			 keep[24];
	struct kanon_result	 res;
	size_t			 i;

	(void)state;
	for (i = 0; i < 24; i++)
		fill(codes, i, (int32_t)(i % 2), (int32_t)(2 + i % 6),
		    (int32_t)(11 + i), (int32_t)(i % 12));
	assert_int_equal(small_under(codes, 24, 3, (int[]){ 0, 0, 0, 0 }),
	    24);
	assert_int_equal(kanon_run(codes, 24, qis, NQI, 3, 0, keep, &res), 0);
	assert_int_equal(res.suppressed, 0);
	assert_false(res.k_too_large);
	assert_k_anonymous(codes, 24, 3, keep, &res);
	/* Citizenship had to go up to its group at least. */
	assert_true(res.level[2] >= 1);
}

/* One dominant group and a few outliers: drop them, generalise nothing. */
static void
test_dominant_group(void **state)
{
	int32_t			 codes[103 * NQI];
	bool			 keep[103];
	struct kanon_result	 res;
	size_t			 i;

	(void)state;
	for (i = 0; i < 100; i++)
		fill(codes, i, 0, 4, 0, 11);
	fill(codes, 100, 1, 0, 33, 2);
	fill(codes, 101, 2, 7, 5, 6);
	fill(codes, 102, 1, 1, 40, 0);
	assert_int_equal(kanon_run(codes, 103, qis, NQI, 11, 5, keep, &res),
	    0);
	assert_int_equal(res.suppressed, 3);
	assert_int_equal(res.groups, 1);
	for (i = 0; i < NQI; i++)
		assert_int_equal(res.level[i], 0);
	assert_true(keep[0] && keep[99]);
	assert_false(keep[100] || keep[101] || keep[102]);
	assert_k_anonymous(codes, 103, 11, keep, &res);
	/* Allowed no suppression, it must generalise everything away. */
	assert_int_equal(kanon_run(codes, 103, qis, NQI, 11, 0, keep, &res),
	    0);
	assert_int_equal(res.suppressed, 0);
	assert_k_anonymous(codes, 103, 11, keep, &res);
}

/* Exactly k alike: published as they are. */
static void
test_exactly_k(void **state)
{
	int32_t			 codes[11 * NQI];
	bool			 keep[11];
	struct kanon_result	 res;
	size_t			 i;

	(void)state;
	for (i = 0; i < 11; i++)
		fill(codes, i, 1, 3, 12, 9);
	assert_int_equal(kanon_run(codes, 11, qis, NQI, 11, 0, keep, &res), 0);
	assert_int_equal(res.suppressed, 0);
	for (i = 0; i < 11; i++)
		assert_true(keep[i]);
}

static void
test_bad_arguments(void **state)
{
	int32_t			 codes[NQI] = { 0, 300, 0, 0 };
	bool			 keep[1];
	struct kanon_result	 res;
	static const struct kanon_qi no_map[] = { { "x", 2, NULL } };

	(void)state;
	assert_int_equal(kanon_run(codes, 1, qis, NQI, 1, 0, keep, &res), -1);
	codes[1] = 0;
	assert_int_equal(kanon_run(codes, 1, qis, 0, 1, 0, keep, &res), -1);
	assert_int_equal(kanon_run(codes, 1, qis, NQI, 0, 0, keep, &res), -1);
	assert_int_equal(kanon_run(codes, 1, no_map, 1, 1, 0, keep, &res), -1);
}

/*
 * Random data sets: k-anonymous, within the allowed suppression, and no
 * generalisation of lower total height would have done (brute force).
 */
static void
test_random(void **state)
{
	static int32_t		 codes[MAXN * NQI];
	static bool		 keep[MAXN];
	struct kanon_result	 res;
	uint32_t		 s = 777;
	int			 round;

	(void)state;
	for (round = 0; round < 60; round++) {
		size_t	 n, k, max, i, height = 0;
		int	 v[NQI];

		s = s * 1103515245u + 12345u;
		n = 1 + (s >> 16) % MAXN;
		s = s * 1103515245u + 12345u;
		k = 2 + (s >> 16) % 12;
		s = s * 1103515245u + 12345u;
		max = (s >> 16) % (n / 10 + 1);
		for (i = 0; i < n; i++) {
			s = s * 1103515245u + 12345u;
			fill(codes, i, (int32_t)((s >> 10) % 3),
			    (int32_t)((s >> 13) % 8),
			    (int32_t)((s >> 17) % 4 == 0 ? (s >> 20) % 61 : 0),
			    (int32_t)((s >> 22) % 12));
		}
		assert_int_equal(kanon_run(codes, n, qis, NQI, k, max, keep,
		    &res), 0);
		assert_k_anonymous(codes, n, k, keep, &res);
		if (res.k_too_large) {
			assert_true(n < k);
			continue;
		}
		assert_true(res.suppressed <= max);
		for (i = 0; i < NQI; i++)
			height += (size_t)res.level[i];
		/* Every lower vector suppresses too many. */
		for (v[0] = 0; v[0] <= 1; v[0]++)
		for (v[1] = 0; v[1] <= 2; v[1]++)
		for (v[2] = 0; v[2] <= 2; v[2]++)
		for (v[3] = 0; v[3] <= 2; v[3]++)
			if ((size_t)(v[0] + v[1] + v[2] + v[3]) < height)
				assert_true(small_under(codes, n, k, v) > max);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_k_larger_than_data),
		cmocka_unit_test(test_all_unique),
		cmocka_unit_test(test_dominant_group),
		cmocka_unit_test(test_exactly_k),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
