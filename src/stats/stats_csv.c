/*
 * The statistics as CSV (RFC 4180): one block per table, as they leave
 * Haven, suppressed (stats_grid).  Shared by the download and the annual
 * report.
 */
#include <string.h>

#include "base/buf.h"
#include "stats/stats.h"

static void
field(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static void
entry(struct buf *b, const struct suppress_table *g, size_t i,
    int64_t threshold)
{
	char	 text[24];

	buf_adds(b, suppress_text(g, i, threshold, text, sizeof(text)));
}

static const char *
pick(const struct stat_label *l, bool en)
{
	return en ? l->en : l->pl;
}

void
stats_csv(const struct stats *s, int64_t threshold, bool en, struct buf *b)
{
	size_t	 i, r, c;

	for (i = 0; i < s->n; i++) {
		const struct stat_table	*t = &s->t[i];
		struct suppress_table	 g;

		stats_grid(t, threshold, &g);
		if (i > 0)
			buf_adds(b, "\r\n");
		field(b, en ? t->title_en : t->title_pl);
		buf_adds(b, "\r\n\"\"");
		for (c = 0; c < t->cols; c++) {
			buf_addc(b, ',');
			field(b, pick(&t->col[c], en));
		}
		if (t->margins) {
			buf_addc(b, ',');
			field(b, en ? "Total" : "Razem");
		}
		buf_adds(b, "\r\n");
		for (r = 0; r < t->rows; r++) {
			field(b, pick(&t->row[r], en));
			for (c = 0; c <= t->cols; c++) {
				if (c == t->cols && !t->margins)
					break;
				buf_addc(b, ',');
				entry(b, &g, suppress_at(&g, r, c), threshold);
			}
			buf_adds(b, "\r\n");
		}
		if (t->margins) {
			field(b, en ? "Total" : "Razem");
			for (c = 0; c <= t->cols; c++) {
				buf_addc(b, ',');
				entry(b, &g, suppress_at(&g, t->rows, c),
				    threshold);
			}
			buf_adds(b, "\r\n");
		}
		stats_grid_free(&g);
	}
}
