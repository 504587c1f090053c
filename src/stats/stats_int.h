/*
 * Shared by the statistics' own files (stats.c, stats_store.c): how a
 * table is declared and filled.  Not for other folders: they use stats.h.
 */
#ifndef HAVEN_STATS_INT_H
#define HAVEN_STATS_INT_H

#include "stats/stats.h"

/* What a table is, before it is counted. */
struct stat_shape {
	const char	*id, *section, *chart, *title_pl, *title_en;
	bool		 margins;
};

#define STATS_TABLES_MAX	32	/* tables of one computation */

/* Append a zeroed table of that shape and size to s; earlier tables
 * never move. */
struct stat_table *stat_table_add(struct stats *, const struct stat_shape *,
	    size_t rows, size_t cols);
void	 stat_label_set(struct stat_label *, const char *code,
	    const char *pl, const char *en);
/* The number of values of enumeration kind (hotline/enums.h), and their
 * labels into l. */
size_t	 stat_enum_count(int kind);
void	 stat_enum_labels(struct stat_label *l, int kind);
/* The months the query's period touches, from *first_y-*first_m. */
size_t	 stat_months(const struct stats_query *, int *first_y, int *first_m);
void	 stat_month_labels(struct stat_label *, size_t n, int y, int m);
/* The row of month y-m, or -1 outside the n months from first. */
int	 stat_month_index(int first_y, int first_m, size_t n, int y, int m);
/* The index of code among n labels, or -1. */
int	 stat_label_index(const struct stat_label *, size_t n, const char *);

#endif
