/*
 * The annual report for the funding ministry: stats_compute() for
 * 1 January - 31 December of a year, suppressed at the instance's
 * threshold (stats_grid), as PDF (report_pdf.c), XLSX (report_xlsx.c) or
 * CSV (stats_csv).  report.c decides what the report holds and in which
 * order: a title page, then per section its definitions and its tables.
 * Nothing but suppressed numbers is ever drawn or written, charts
 * included: a hidden count is never a bar's length.
 */
#ifndef HAVEN_REPORT_H
#define HAVEN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "http/router.h"
#include "stats/stats.h"

#define REPORT_YEAR_MIN		2000
/* The largest report accepted (bytes): far above a year's. */
#define REPORT_BYTES_MAX	(32u << 20)

enum report_format {
	REPORT_PDF,
	REPORT_XLSX,
	REPORT_CSV,
	REPORT__MAX
};

/* A section of the report: its heading and what its numbers mean. */
struct report_section {
	const char	*id;		/* a stat_table's section */
	const char	*title_pl, *title_en;
	const char	*about_pl, *about_en;
};

/* What a report is made of; report_free() releases it. */
struct report {
	int			 year;
	bool			 en;		/* English, else Polish */
	int64_t			 threshold;	/* < 2: nothing hidden */
	char			 generated[11];	/* local day, YYYY-MM-DD */
	struct stats		 s;		/* the year's numbers, owned */
	/* The tables in the report's order, each once (borrowed from s). */
	const struct stat_table	**order;
	const struct report_section **sect;	/* the section of order[i] */
	size_t			 n;
};

/* The centre's name, as on the title page. */
extern const char	report_centre_pl[];
extern const char	report_centre_en[];

/* "pdf", "xlsx", "csv": 0, else -1. */
int	 report_format_parse(const char *, enum report_format *)
	    __attribute__((warn_unused_result));
const char *report_format_name(enum report_format);
/* The HTTP Content-Type of a format (a static string). */
const char *report_format_ctype(enum report_format);

/*
 * Check a year given as text ("2026"): four digits, from REPORT_YEAR_MIN
 * to this_year.  0 with *year set, else -1 with e saying why.
 */
int	 report_year_parse(const char *, int this_year, int *year,
	    struct err *) __attribute__((warn_unused_result));
/* The query of a year: 1 January - 31 December, no filters. */
void	 report_query(int year, struct stats_query *);

/*
 * Take ownership of s (the computation of year) and order its tables into
 * rep: by section (report_section_of), then as stats_compute lists them;
 * a table of an unknown section goes last, under a section of its own.
 * s is moved: the caller no longer frees it.
 */
void	 report_init(struct report *, int year, bool en, int64_t threshold,
	    const char *generated, struct stats *s);
/* Count the year on db at its threshold into rep; -1 with e set. */
int	 report_load(struct report *, struct db *, int year, bool en,
	    struct err *) __attribute__((warn_unused_result));
void	 report_free(struct report *);

/* The section of that id; a catch-all "other" section when unknown. */
const struct report_section *report_section_of(const char *id);

/* Pick the Polish or the English text. */
static inline const char *
report_tr(const struct report *rep, const char *pl, const char *en)
{
	return rep->en ? en : pl;
}

/*
 * The report in format f, appended to out (capped at REPORT_BYTES_MAX by
 * the caller's buf).  0, or -1 with e set (out then holds garbage).
 * *pages gets the number of pages of a PDF (0 for the others); may be NULL.
 */
int	 report_render(const struct report *, enum report_format,
	    struct buf *out, int *pages, struct err *)
	    __attribute__((warn_unused_result));
int	 report_pdf(const struct report *, struct buf *out, int *pages,
	    struct err *) __attribute__((warn_unused_result));
int	 report_xlsx(const struct report *, struct buf *out, struct err *)
	    __attribute__((warn_unused_result));
/* The CSV: a BOM, then stats_csv(), byte for byte the statistics download. */
void	 report_csv(const struct report *, struct buf *out);

/* The report's route (report_api.c), for the route table. */
extern const struct route	report_routes[];
extern const size_t		report_nroutes;

#endif
