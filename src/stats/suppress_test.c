/*
 * Small-count suppression: crafted tables, one-line tables, and random
 * tables checked against the rule's two promises (every small entry is
 * hidden; no line has exactly one hidden entry).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "stats/suppress.h"

#define MAXR	8
#define MAXC	8

struct grid {
	struct suppress_table	 t;
	int64_t			 v[(MAXR + 1) * (MAXC + 1)];
	enum suppress_mark	 m[(MAXR + 1) * (MAXC + 1)];
};

static void
grid_init(struct grid *g, size_t rows, size_t cols, const int64_t *cells)
{
	size_t	 r, c;

	memset(g, 0, sizeof(*g));
	g->t.rows = rows;
	g->t.cols = cols;
	g->t.value = g->v;
	g->t.mark = g->m;
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++)
			g->v[suppress_at(&g->t, r, c)] = cells[r * cols + c];
}

static enum suppress_mark
mark(const struct grid *g, size_t r, size_t c)
{
	return g->m[suppress_at(&g->t, r, c)];
}

/* The rule's promises, over every line of the table. */
static void
assert_safe(const struct grid *g, int64_t threshold)
{
	const struct suppress_table	*t = &g->t;
	size_t				 r, c, n;

	for (r = 0; r <= t->rows; r++)
		for (c = 0; c <= t->cols; c++) {
			int64_t	 v = g->v[suppress_at(t, r, c)];

			if (v > 0 && v < threshold)
				assert_int_equal(mark(g, r, c), SUP_PRIMARY);
			else
				assert_int_not_equal(mark(g, r, c),
				    SUP_PRIMARY);
		}
	for (r = 0; r <= t->rows; r++) {
		for (n = 0, c = 0; c <= t->cols; c++)
			n += mark(g, r, c) != SUP_SHOWN;
		assert_int_not_equal(n, 1);
	}
	for (c = 0; c <= t->cols; c++) {
		for (n = 0, r = 0; r <= t->rows; r++)
			n += mark(g, r, c) != SUP_SHOWN;
		assert_int_not_equal(n, 1);
	}
}

static void
test_margins(void **state)
{
	static const int64_t	 cells[] = { 4, 5, 6, 7, 8, 9 };
	struct grid		 g;

	(void)state;
	grid_init(&g, 2, 3, cells);
	assert_int_equal(suppress_apply(&g.t, 3), 0);
	assert_int_equal(g.v[suppress_at(&g.t, 0, 3)], 15);
	assert_int_equal(g.v[suppress_at(&g.t, 1, 3)], 24);
	assert_int_equal(g.v[suppress_at(&g.t, 2, 0)], 11);
	assert_int_equal(g.v[suppress_at(&g.t, 2, 2)], 15);
	assert_int_equal(g.v[suppress_at(&g.t, 2, 3)], 39);
	assert_safe(&g, 3);
}

/* One small cell in a 2 x 2 table: its row, its column and the fourth. */
static void
test_rectangle(void **state)
{
	static const int64_t	 cells[] = { 1, 10, 20, 30 };
	struct grid		 g;
	char			 buf[24];

	(void)state;
	grid_init(&g, 2, 2, cells);
	assert_int_equal(suppress_apply(&g.t, 3), 4);
	assert_int_equal(mark(&g, 0, 0), SUP_PRIMARY);
	assert_int_equal(mark(&g, 0, 1), SUP_COMPLEMENT);
	assert_int_equal(mark(&g, 1, 0), SUP_COMPLEMENT);
	assert_int_equal(mark(&g, 1, 1), SUP_COMPLEMENT);
	/* The margins are large and stay. */
	assert_int_equal(mark(&g, 0, 2), SUP_SHOWN);
	assert_int_equal(mark(&g, 2, 2), SUP_SHOWN);
	assert_string_equal(suppress_text(&g.t, suppress_at(&g.t, 0, 0), 3,
	    buf, sizeof(buf)), "<3");
	assert_string_equal(suppress_text(&g.t, suppress_at(&g.t, 0, 1), 3,
	    buf, sizeof(buf)), "x");
	assert_string_equal(suppress_text(&g.t, suppress_at(&g.t, 0, 2), 3,
	    buf, sizeof(buf)), "11");
	assert_safe(&g, 3);
}

/* The complement is the smallest positive cell, not a zero. */
static void
test_complement_choice(void **state)
{
	static const int64_t	 cells[] = { 2, 0, 40, 9, 5, 0, 7, 8 };
	struct grid		 g;

	(void)state;
	grid_init(&g, 2, 4, cells);
	suppress_apply(&g.t, 3);
	assert_int_equal(mark(&g, 0, 0), SUP_PRIMARY);
	assert_int_equal(mark(&g, 0, 1), SUP_SHOWN);	/* the zero */
	assert_int_equal(mark(&g, 0, 3), SUP_COMPLEMENT);	/* 9 < 40 */
	assert_int_equal(mark(&g, 0, 2), SUP_SHOWN);
	assert_safe(&g, 3);
}

/* A single row: its column totals repeat the cells and go with them. */
static void
test_one_line(void **state)
{
	static const int64_t	 cells[] = { 1, 5, 9 };
	struct grid		 g;

	(void)state;
	grid_init(&g, 1, 3, cells);
	suppress_apply(&g.t, 3);
	assert_int_equal(mark(&g, 0, 0), SUP_PRIMARY);
	assert_int_equal(mark(&g, 1, 0), SUP_PRIMARY);
	assert_int_equal(mark(&g, 0, 1), SUP_COMPLEMENT);
	assert_int_equal(mark(&g, 1, 1), SUP_COMPLEMENT);
	assert_int_equal(mark(&g, 0, 2), SUP_SHOWN);
	assert_int_equal(mark(&g, 0, 3), SUP_SHOWN);
	assert_safe(&g, 3);
	/* And a single column. */
	grid_init(&g, 3, 1, cells);
	suppress_apply(&g.t, 3);
	assert_int_equal(mark(&g, 0, 0), SUP_PRIMARY);
	assert_int_equal(mark(&g, 0, 1), SUP_PRIMARY);
	assert_int_equal(mark(&g, 1, 0), SUP_COMPLEMENT);
	assert_safe(&g, 3);
}

/* Everything small: all hidden; nothing at all: nothing hidden. */
static void
test_edges(void **state)
{
	static const int64_t	 one[] = { 1 }, zeros[] = { 0, 0, 0, 0 };
	static const int64_t	 many[] = { 1, 1, 1, 1 };
	struct grid		 g;

	(void)state;
	grid_init(&g, 1, 1, one);
	assert_int_equal(suppress_apply(&g.t, 3), 4);
	assert_safe(&g, 3);
	grid_init(&g, 2, 2, zeros);
	assert_int_equal(suppress_apply(&g.t, 3), 0);
	grid_init(&g, 2, 2, many);
	suppress_apply(&g.t, 3);
	assert_int_equal(mark(&g, 0, 0), SUP_PRIMARY);
	assert_int_equal(mark(&g, 2, 2), SUP_SHOWN);	/* 4 */
	assert_safe(&g, 3);
	/* A threshold of 0 or 1 hides nothing; a large one hides all. */
	grid_init(&g, 2, 2, many);
	assert_int_equal(suppress_apply(&g.t, 1), 0);
	grid_init(&g, 2, 2, many);
	assert_int_equal(suppress_apply(&g.t, 100), 9);
	assert_safe(&g, 100);
	/* No cells: nothing to do. */
	grid_init(&g, 0, 3, one);
	assert_int_equal(suppress_apply(&g.t, 3), 0);
}

/* Random tables of every shape up to 8 x 8, thresholds 2 to 11. */
static void
test_random(void **state)
{
	uint32_t	 s = 12345;
	int64_t		 cells[MAXR * MAXC];
	struct grid	 g;
	int		 round;

	(void)state;
	for (round = 0; round < 5000; round++) {
		size_t	 rows, cols, i;
		int64_t	 threshold;

		s = s * 1103515245u + 12345u;
		rows = 1 + (s >> 16) % MAXR;
		s = s * 1103515245u + 12345u;
		cols = 1 + (s >> 16) % MAXC;
		s = s * 1103515245u + 12345u;
		threshold = 2 + (int64_t)((s >> 16) % 10);
		for (i = 0; i < rows * cols; i++) {
			s = s * 1103515245u + 12345u;
			/* Mostly small counts, where suppression bites. */
			cells[i] = (s >> 16) % 4 == 0 ? (int64_t)((s >> 8) %
			    60) : (int64_t)((s >> 8) % 5);
		}
		grid_init(&g, rows, cols, cells);
		suppress_apply(&g.t, threshold);
		assert_safe(&g, threshold);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_margins),
		cmocka_unit_test(test_rectangle),
		cmocka_unit_test(test_complement_choice),
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
