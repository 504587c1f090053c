/*
 * The centre's statistics: one computation (stats_compute) behind the
 * statistics page, its download, the annual report in every format and
 * the tables in Eurostat's shape, so that a number is the same wherever
 * it is read.
 *
 * A computation is a list of tables of counts.  Each table has labelled
 * rows and columns (codes stable, labels in Polish and English); when its
 * rows add up (margins), its totals are published too.  Numbers leave
 * Haven only through stats_grid(), which applies small-count suppression
 * (suppress.h).  Counting never opens a sealed value: every attribute
 * counted is in clear (docs/SECURITY.md).
 */
#ifndef HAVEN_STATS_H
#define HAVEN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "db/db.h"
#include "stats/suppress.h"

#define STAT_CODE_MAX	40
#define STAT_LABEL_MAX	120

struct stat_label {
	char	 code[STAT_CODE_MAX];
	char	 pl[STAT_LABEL_MAX];
	char	 en[STAT_LABEL_MAX];
};

struct stat_table {
	const char		*id;		/* stable, e.g. "contacts_inquirer" */
	const char		*section;	/* "contacts", "victims", ... */
	const char		*chart;		/* "stacked", "bar", "table" */
	const char		*title_pl, *title_en;
	bool			 margins;	/* rows add up: totals shown */
	size_t			 rows, cols;
	struct stat_label	*row;		/* rows labels, owned */
	struct stat_label	*col;		/* cols labels, owned */
	int64_t			*cell;		/* rows x cols, row-major, owned */
};

/* What to count: a period of local days, both included, and filters. */
struct stats_query {
	char	 from[11];		/* YYYY-MM-DD */
	char	 to[11];
	char	 channel[32];		/* "" for any, else a channel code */
	char	 inquirer[32];		/* "" for any */
	char	 urgency[16];		/* "" for any */
	int	 out_of_hours;		/* -1 any, 0 office hours, 1 outside */
};

struct stats {
	struct stats_query	 q;
	struct stat_table	*t;
	size_t			 n;
};

/* The longest period one computation covers (days). */
#define STATS_MAX_DAYS	(366 * 10 + 3)

/*
 * Count everything for q into out (zeroed first).  0, or -1 with e set
 * (out is then empty).  Reads only; safe on any connection.
 */
int	 stats_compute(struct db *, const struct stats_query *,
	    struct stats *out, struct err *e)
	    __attribute__((warn_unused_result));
void	 stats_free(struct stats *);
/* The table with that id, or NULL. */
const struct stat_table *stats_find(const struct stats *, const char *id);

/*
 * A table as it leaves Haven: the grid of suppress.h (cells, row totals,
 * column totals, grand total) with its marks.  threshold < 2 suppresses
 * nothing.  A table without margins has its cells judged alone (a cell
 * under the threshold is hidden; there is no total to recover it from).
 * The grid's arrays are allocated: free them with stats_grid_free.
 */
void	 stats_grid(const struct stat_table *, int64_t threshold,
	    struct suppress_table *out);
void	 stats_grid_free(struct suppress_table *);

/*
 * The whole computation as JSON (docs/API-statistics.md).  With
 * threshold >= 2, the numbers are suppressed: a hidden entry is the string
 * "<3" or "x" instead of a number.
 */
json_t	*stats_json(const struct stats *, int64_t threshold);

/*
 * The contacts' day rollup (rollup.c), as db_tx_fn for a write
 * transaction.  stats_rebuild recounts it from every contact (arg: NULL
 * or an int64_t * that gets the number of contacts counted);
 * stats_rollup_fill does that only when the rollup is empty and contacts
 * exist (a database from before the rollup), at init and serve.
 */
int	 stats_rebuild(struct db *, void *arg, struct err *)
	    __attribute__((warn_unused_result));
int	 stats_rollup_fill(struct db *, void *arg, struct err *)
	    __attribute__((warn_unused_result));

/*
 * The whole computation as CSV (stats_csv.c): a block per table (title,
 * header, rows, totals), suppressed at threshold, labels in English when
 * en, else Polish.  Appends to b.
 */
struct buf;
void	 stats_csv(const struct stats *, int64_t threshold, bool en,
	    struct buf *b);

/*
 * Check a query's dates and filters: 0, or -1 with *field naming the
 * query parameter ("from", "to", "channel" ...) and e saying why.
 */
int	 stats_query_check(const struct stats_query *, const char **field,
	    struct err *e) __attribute__((warn_unused_result));

#endif
