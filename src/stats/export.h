/*
 * The anonymised case-level export (docs/API-statistics.md, "The
 * anonymised export"): one record per registered victim whose consent to
 * anonymised statistics is valid, in the field names of the CTDC global
 * dataset and HTCDS, made k-anonymous (kanon.h) over five
 * quasi-identifiers by generalising, then suppressing records.
 *
 * export.c is pure: the record mapping, the bands, the hierarchies, the
 * order and the formatting (CSV, JSON, the summary).  export_store.c reads
 * the records (columns in clear only; nothing sealed is opened);
 * cmd_export.c and export_api.c hand them out, audited.  No identifier, no
 * pseudonym, no id and no date finer than a year is ever formatted.
 */
#ifndef HAVEN_EXPORT_H
#define HAVEN_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "db/db.h"
#include "stats/kanon.h"

#define EXPORT_K_MIN		2
#define EXPORT_K_MAX		1000	/* as the export_k setting */
#define EXPORT_SUPPRESS_DEFAULT	5	/* per cent of the records */
#define EXPORT_RECORDS_MAX	2000000	/* a bound on what is read */

/* The quasi-identifiers, in the order of kanon's codes. */
enum export_qi {
	EXQ_GENDER,		/* gender */
	EXQ_AGE,		/* ageBroad and majorityStatus together */
	EXQ_CITIZENSHIP,	/* citizenship */
	EXQ_YEAR,		/* yearOfRegistration */
	EXQ_COUNTRY,		/* CountryOfExploitation */
	EXQ__MAX
};

/*
 * The means of control of HTCDS (the CTDC meansOfControl* flags, but
 * NotSpecified, which is set when none of these is).
 */
enum export_means {
	MOC_DEBT_BONDAGE,
	MOC_TAKES_EARNINGS,
	MOC_RESTRICTS_FINANCIAL_ACCESS,
	MOC_THREATS,
	MOC_PSYCHOLOGICAL_ABUSE,
	MOC_PHYSICAL_ABUSE,
	MOC_SEXUAL_ABUSE,
	MOC_FALSE_PROMISES,
	MOC_PSYCHOACTIVE_SUBSTANCES,
	MOC_RESTRICTS_MOVEMENT,
	MOC_RESTRICTS_MEDICAL_CARE,
	MOC_EXCESSIVE_WORKING_HOURS,
	MOC_USES_CHILDREN,
	MOC_THREAT_OF_LAW_ENFORCEMENT,
	MOC_WITHHOLDS_NECESSITIES,
	MOC_WITHHOLDS_DOCUMENTS,
	MOC_OTHER,
	MOC__MAX
};

/*
 * The means of control an indicator of the screening catalogue
 * (data/indicators.json) stands for when it is answered "yes": a bit set
 * over enum export_means, 0 for an indicator that is not a means of
 * control (or an id this table does not know).  The screening keeps the
 * union, in clear, when it is completed (0012_export.sql).
 */
uint32_t	 export_means_flag(const char *indicator_id);

/* One registered victim as read (export_store.c): columns in clear. */
struct export_case {
	int		 year;		/* of registration (local) */
	char		 sex[16];	/* a sex code ("female" ...) */
	int		 birth_year;	/* 0: not recorded */
	bool		 minor;
	char		 citizenship[4];	/* ISO 3166 or "" */
	char		 exploitation[4];	/* first country, or "" */
	int64_t		 forms;		/* bits of exploitation codes */
	uint32_t	 means;		/* bit set over export_means */
};

/*
 * Non-EU countries get codes per run, from the data (export_countries);
 * Poland, the other member states and "not recorded" have fixed codes, so
 * that a code's group is known from the code alone.
 */
#define EXPORT_NONEU_MAX	(KANON_CODE_MAX - 28)	/* 28 .. 253 */

struct export_countries {
	char	 iso[EXPORT_NONEU_MAX][3];	/* sorted */
	size_t	 n;
};

struct export_summary {
	size_t			 k;
	int			 max_suppress_pct;
	char			 date[11];	/* consents valid on */
	size_t			 considered;	/* registered victims */
	size_t			 no_consent;	/* of them, excluded */
	size_t			 anonymised;	/* the rest */
	size_t			 max_suppressed;
	size_t			 exported;
	struct kanon_result	 res;
};

/*
 * A finished export, owning its arrays (export_release): the records
 * anonymised, their codes, and the indexes of those published, in order.
 */
struct export {
	struct export_summary	 sum;
	struct export_countries	 countries;
	struct export_case	*cases;		/* sum.anonymised */
	int32_t			*codes;		/* EXQ__MAX a case */
	size_t			*order;		/* sum.exported */
};

/* The published fields, in order (the CSV header), NULL-ended. */
extern const char *const export_fields[];

/* A whole number lo .. hi from text (a flag, a query parameter): 0, or -1
 * when s is not one. */
int		 export_number(const char *s, int64_t lo, int64_t hi,
		    int64_t *out) __attribute__((warn_unused_result));
/* The band of an age (0 .. 8), -1 when unknown (birth_year 0). */
int		 export_age_band(int registration_year, int birth_year);
/* The level-0 codes of one case under a country table. */
void		 export_codes(const struct export_countries *,
		    const struct export_case *, int32_t codes[EXQ__MAX]);
/* The hierarchies, for kanon_run. */
extern const struct kanon_qi	export_qis[EXQ__MAX];

/*
 * Anonymise n cases (taken: *cases is set to NULL and freed with the
 * export), given how many were considered and excluded for lack of
 * consent, for k (>= 2) and at most max_suppress_pct per cent suppressed.
 * 0, or -1 with e set (out is then empty).
 */
int		 export_run(struct export_case **cases, size_t n,
		    size_t considered, size_t no_consent, const char *date,
		    size_t k, int max_suppress_pct, struct export *out,
		    struct err *e) __attribute__((warn_unused_result));
void		 export_release(struct export *);

/* The published records as CSV (RFC 4180, the header first): append. */
struct buf;
void		 export_csv(const struct export *, struct buf *);
/* {"summary": ..., "fields": [...], "records": [...]}; caller decrefs. */
json_t		*export_json(const struct export *);
json_t		*export_summary_json(const struct export *);
/* The summary as lines of text, for a terminal: append. */
void		 export_summary_text(const struct export *, struct buf *);

/*
 * Read the registered victims and keep those with a statistics consent
 * valid on date ("YYYY-MM-DD"): *out is a new array of *n the caller
 * frees (NULL when none), *considered and *no_consent as in the summary.
 * 0, or -1 with e set.  Reads only.
 */
int		 export_load(struct db *, const char *date,
		    struct export_case **out, size_t *n, size_t *considered,
		    size_t *no_consent, struct err *e)
		    __attribute__((warn_unused_result));
/*
 * The whole export as of now: the day's consents (local date), read and
 * anonymised for k and max_suppress_pct.  0, or -1 with e set.
 */
int		 export_build(struct db *, size_t k, int max_suppress_pct,
		    struct export *out, struct err *e)
		    __attribute__((warn_unused_result));
/* The audit entry's detail of an export ("k=11 format=csv exported=29"). */
void		 export_audit_detail(const struct export *,
		    const char *format, char *out, size_t len);

#endif
