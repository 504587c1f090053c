/* Small-count suppression: see suppress.h for the rule. */
#include <inttypes.h>

#include "stats/suppress.h"

static bool
hidden(const struct suppress_table *t, size_t i)
{
	return t->mark[i] != SUP_SHOWN;
}

static bool
inner(const struct suppress_table *t, size_t r, size_t c)
{
	return r < t->rows && c < t->cols;
}

/*
 * How good entry (r, c) is as a complement, lower is better: a positive
 * cell, a zero cell, a positive margin, a zero margin; then by value.
 */
static int
rank(const struct suppress_table *t, size_t r, size_t c)
{
	int64_t	 v = t->value[suppress_at(t, r, c)];

	return (inner(t, r, c) ? 0 : 2) + (v > 0 ? 0 : 1);
}

/*
 * One line: n entries from (r, c) stepping by (dr, dc).  When exactly one
 * is hidden, hide the best other one.  Returns 1 when it hid one.
 */
static int
mend_line(struct suppress_table *t, size_t r, size_t c, size_t dr, size_t dc,
    size_t n)
{
	size_t	 k, nhidden = 0, best = SIZE_MAX, br = 0, bc = 0;

	for (k = 0; k < n; k++)
		if (hidden(t, suppress_at(t, r + k * dr, c + k * dc)))
			nhidden++;
	if (nhidden != 1)
		return 0;
	for (k = 0; k < n; k++) {
		size_t	 rr = r + k * dr, cc = c + k * dc;
		size_t	 i = suppress_at(t, rr, cc);

		if (hidden(t, i))
			continue;
		if (best == SIZE_MAX || rank(t, rr, cc) < rank(t, br, bc) ||
		    (rank(t, rr, cc) == rank(t, br, bc) &&
		    t->value[i] < t->value[best])) {
			best = i;
			br = rr;
			bc = cc;
		}
	}
	if (best == SIZE_MAX)
		return 0;
	t->mark[best] = SUP_COMPLEMENT;
	return 1;
}

size_t
suppress_apply(struct suppress_table *t, int64_t threshold)
{
	size_t	 r, c, n = (t->rows + 1) * (t->cols + 1), count = 0;
	int	 changed;

	if (t->rows == 0 || t->cols == 0)
		return 0;
	/* The margins, from the cells. */
	for (r = 0; r <= t->rows; r++)
		t->value[suppress_at(t, r, t->cols)] = 0;
	for (c = 0; c < t->cols; c++)
		t->value[suppress_at(t, t->rows, c)] = 0;
	for (r = 0; r < t->rows; r++)
		for (c = 0; c < t->cols; c++) {
			int64_t	 v = t->value[suppress_at(t, r, c)];

			t->value[suppress_at(t, r, t->cols)] += v;
			t->value[suppress_at(t, t->rows, c)] += v;
			t->value[suppress_at(t, t->rows, t->cols)] += v;
		}
	for (r = 0; r < n; r++)
		t->mark[r] = t->value[r] > 0 && t->value[r] < threshold ?
		    SUP_PRIMARY : SUP_SHOWN;
	/* Complements until no line gives one hidden entry away. */
	do {
		changed = 0;
		for (r = 0; r <= t->rows; r++)
			changed |= mend_line(t, r, 0, 0, 1, t->cols + 1);
		for (c = 0; c <= t->cols; c++)
			changed |= mend_line(t, 0, c, 1, 0, t->rows + 1);
	} while (changed);
	for (r = 0; r < n; r++)
		if (hidden(t, r))
			count++;
	return count;
}

const char *
suppress_text(const struct suppress_table *t, size_t i, int64_t threshold,
    char *buf, size_t len)
{
	switch (t->mark[i]) {
	case SUP_PRIMARY:
		snprintf(buf, len, "<%" PRId64, threshold);
		break;
	case SUP_COMPLEMENT:
		snprintf(buf, len, "x");
		break;
	default:
		snprintf(buf, len, "%" PRId64, t->value[i]);
		break;
	}
	return buf;
}
