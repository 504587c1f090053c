/*
 * k-anonymity: see kanon.h.  A generalised record packs into one 64-bit key
 * (eight quasi-identifiers of one byte each), so grouping is a sort of
 * integers.
 */
#include <stdlib.h>

#include "stats/kanon.h"

struct lattice {
	const int32_t		*codes;
	size_t			 n, nqi, k;
	const struct kanon_qi	*qi;
	uint64_t		*keys;		/* n, one per record */
};

int32_t
kanon_code(const struct kanon_qi *q, int32_t code, int level)
{
	if (level <= 0)
		return code;
	if (level >= q->levels)
		return KANON_ANY;
	return q->general(code, level);
}

static uint64_t
record_key(const struct lattice *l, size_t i, const int *level)
{
	uint64_t	 key = 0;
	size_t		 q;

	for (q = 0; q < l->nqi; q++) {
		int32_t	 c = kanon_code(&l->qi[q], l->codes[i * l->nqi + q],
		    level[q]);

		key = key << 8 | (c == KANON_ANY ? 255u : (uint64_t)c & 255u);
	}
	return key;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Under one generalisation: the records in small groups, and the groups. */
static size_t
evaluate(struct lattice *l, const int *level, size_t *groups)
{
	size_t	 i, j, small = 0;

	for (i = 0; i < l->n; i++)
		l->keys[i] = record_key(l, i, level);
	if (l->n > 1)
		qsort(l->keys, l->n, sizeof(l->keys[0]), cmp_u64);
	*groups = 0;
	for (i = 0; i < l->n; i = j) {
		for (j = i + 1; j < l->n && l->keys[j] == l->keys[i]; j++)
			;
		if (j - i < l->k)
			small += j - i;
		else
			(*groups)++;
	}
	return small;
}

/* The next vector of levels whose sum is height; 0 when there is none. */
static int
next_of_height(const struct kanon_qi *qi, size_t nqi, int *v, int height,
    int first)
{
	size_t	 q;
	int	 sum;

	for (;;) {
		if (first)
			first = 0;
		else {
			/* Count up, as an odometer with digit q below levels. */
			for (q = 0; q < nqi; q++) {
				if (v[q] < qi[q].levels) {
					v[q]++;
					break;
				}
				v[q] = 0;
			}
			if (q == nqi)
				return 0;
		}
		for (sum = 0, q = 0; q < nqi; q++)
			sum += v[q];
		if (sum == height)
			return 1;
	}
}

/* How many of the n sorted keys equal key: two bisections. */
static size_t
group_size(const uint64_t *keys, size_t n, uint64_t key)
{
	size_t	 lo = 0, hi = n, first;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	hi = n;
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (keys[mid] <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - first;
}

int
kanon_run(const int32_t *codes, size_t n, const struct kanon_qi *qi,
    size_t nqi, size_t k, size_t max_suppressed, bool *keep,
    struct kanon_result *out)
{
	struct lattice	 l = { codes, n, nqi, k, qi, NULL };
	int		 v[KANON_QI_MAX], best[KANON_QI_MAX], top = 0, h;
	size_t		 i, q, best_small = SIZE_MAX, best_groups = 0;

	memset(out, 0, sizeof(*out));
	if (nqi == 0 || nqi > KANON_QI_MAX || k == 0)
		return -1;
	for (q = 0; q < nqi; q++) {
		if (qi[q].levels < 1 || (qi[q].levels > 1 &&
		    qi[q].general == NULL))
			return -1;
		top += qi[q].levels;
	}
	for (i = 0; i < n * nqi; i++)
		if (codes[i] < 0 || codes[i] > KANON_CODE_MAX)
			return -1;
	if (n < k) {
		/* Nothing can be published: say so, with the finest levels. */
		for (i = 0; i < n; i++)
			keep[i] = false;
		out->suppressed = n;
		out->k_too_large = true;
		return 0;
	}
	if ((l.keys = malloc((n > 0 ? n : 1) * sizeof(*l.keys))) == NULL)
		return -1;
	/* Lowest height first; the top (one group of n >= k) always ends it. */
	for (h = 0; h <= top && best_small == SIZE_MAX; h++) {
		memset(v, 0, sizeof(v));
		if (!next_of_height(qi, nqi, v, h, 1))
			continue;
		do {
			size_t	 groups, small = evaluate(&l, v, &groups);

			if (small <= max_suppressed && small < best_small) {
				best_small = small;
				best_groups = groups;
				memcpy(best, v, sizeof(best));
			}
		} while (next_of_height(qi, nqi, v, h, 0));
	}
	free(l.keys);
	if (best_small == SIZE_MAX)
		return -1;	/* cannot happen: the top has no small group */
	/* Keep the records of the big groups under the chosen levels. */
	if ((l.keys = malloc(n * sizeof(*l.keys))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		l.keys[i] = record_key(&l, i, best);
	qsort(l.keys, n, sizeof(l.keys[0]), cmp_u64);
	for (i = 0; i < n; i++)
		keep[i] = group_size(l.keys, n, record_key(&l, i, best)) >= k;
	free(l.keys);
	memcpy(out->level, best, sizeof(int) * nqi);
	out->suppressed = best_small;
	out->groups = best_groups;
	return 0;
}
