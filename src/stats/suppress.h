/*
 * Small-count suppression of a table of counts before it leaves Haven
 * (reports, exports, the statistics download).
 *
 * A table is rows x cols counts with its margins: the row totals, the
 * column totals and the grand total.  Every published line is an equation
 * (a row's cells add up to its total, a column's to its total, the totals
 * to the grand total), so hiding one entry of a line hides nothing: it is
 * the total minus the others.  The rule:
 *
 *  1. primary: every entry (cell or margin) with 0 < value < threshold is
 *     hidden and shown as "<threshold";
 *  2. complementary: while some line has exactly one hidden entry, hide
 *     one more of that line: the smallest positive cell, else the smallest
 *     cell, else its total.  Each step hides one more entry, so it ends.
 *
 * Zero is shown: an empty cell is a structural fact of most tables (no
 * boys in a women's shelter) and hiding every zero would hide most of a
 * small centre's tables.  A one-row or one-column table is handled by the
 * same equations: its margin repeats the cells, so both go together.
 */
#ifndef HAVEN_SUPPRESS_H
#define HAVEN_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SUPPRESS_THRESHOLD_DEFAULT	3

enum suppress_mark {
	SUP_SHOWN,		/* published as counted */
	SUP_PRIMARY,		/* under the threshold: "<3" */
	SUP_COMPLEMENT		/* hidden so that a primary cannot be derived */
};

/*
 * A table and its verdicts.  The grid holds (rows + 1) x (cols + 1)
 * entries, row-major: the cells, each row's total in column `cols`, the
 * column totals in row `rows`, the grand total in the corner.
 */
struct suppress_table {
	size_t			 rows, cols;
	int64_t			*value;		/* the grid, caller-owned */
	enum suppress_mark	*mark;		/* the grid, caller-owned */
};

/* The index of grid entry (r, c). */
static inline size_t
suppress_at(const struct suppress_table *t, size_t r, size_t c)
{
	return r * (t->cols + 1) + c;
}

/*
 * Compute the margins from the cells already in t->value, then mark every
 * entry.  threshold < 1 suppresses nothing.  Returns the number of hidden
 * entries.
 */
size_t	 suppress_apply(struct suppress_table *, int64_t threshold);

/*
 * What to print for an entry: the number, "<threshold" or "x", into buf
 * (at least 24 bytes).
 */
const char *suppress_text(const struct suppress_table *, size_t index,
	    int64_t threshold, char *buf, size_t len);

#endif
