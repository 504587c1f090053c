/*
 * Reading the anonymised export's records (export.h): the registered
 * victims (docs/API-statistics.md), their statistics consents and the
 * means of control of their completed screenings.  Only columns in clear
 * are read; no sealed value is opened, and no id leaves this file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/xmalloc.h"
#include "hotline/calendar.h"
#include "network/network.h"
#include "stats/export.h"

enum export_stmt {
	E_CASES,
	E_CONSENTS,
	E_MEANS,
	E__MAX
};

static const char *const export_sql[E__MAX] = {
	/* A closed case counts by the status it had when closed. */
	[E_CASES] = "SELECT c.person_id, c.id, c.opened_at, c.status, "
	    "c.status_before_close, c.forms, c.exploitation, p.sex, "
	    "p.birth_year, p.minor, p.citizenship FROM case_file c "
	    "JOIN person p ON p.id = c.person_id WHERE c.status IN "
	    "('identified', 'provisional_identification') OR "
	    "(c.status = 'closed' AND c.status_before_close IN "
	    "('identified', 'provisional_identification'))",
	/* A merged person's consents are the survivor's (consent_api.c). */
	[E_CONSENTS] = "SELECT COALESCE(p.merged_into, p.id), c.given_on, "
	    "c.expires_on, c.withdrawn_on FROM consent c JOIN person p "
	    "ON p.id = c.person_id WHERE c.purpose = 'statistics'",
	[E_MEANS] = "SELECT case_id, means_of_control FROM screening "
	    "WHERE status = 'completed' AND means_of_control IS NOT NULL",
};

/* One registered case as read, before persons are counted once. */
struct row {
	int64_t			 person, id, opened_at;
	bool			 identified;
	struct export_case	 c;
};

/* A case id and the means of control of one of its screenings. */
struct means {
	int64_t	 case_id;
	uint32_t means;
};

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_means(const void *a, const void *b)
{
	return cmp_i64(&((const struct means *)a)->case_id,
	    &((const struct means *)b)->case_id);
}

static int
cmp_row(const void *a, const void *b)
{
	const struct row	*x = a, *y = b;

	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	/* The record of a person: identified first, then the earliest. */
	if (x->identified != y->identified)
		return x->identified ? -1 : 1;
	if (x->opened_at != y->opened_at)
		return x->opened_at < y->opened_at ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* *a (of *cap elements of size) grown to hold n + 1. */
static void *
grow(void *a, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return a;
	*cap = *cap ? *cap * 2 : 64;
	return xrealloc(a, *cap * size);
}

/* The registered cases, sorted by person, each person's record first. */
static int
read_cases(struct db *db, struct row **out, size_t *n, struct err *e)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	struct row	*v = NULL, *x;
	size_t		 cap = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, export_sql[E_CASES])) == NULL)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		const char	*status = db_col_text(st, 3);
		const char	*countries = db_col_text(st, 6);

		if (*n == EXPORT_RECORDS_MAX) {
			db_reset(st);
			free(v);
			*n = 0;
			err_set(e, ERR_INVALID, "more than %d registered "
			    "cases", EXPORT_RECORDS_MAX);
			return -1;
		}
		v = grow(v, &cap, *n, sizeof(*v));
		x = &v[(*n)++];
		memset(x, 0, sizeof(*x));
		x->person = db_col_i64(st, 0);
		x->id = db_col_i64(st, 1);
		x->opened_at = db_col_i64(st, 2);
		if (strcmp(status, "closed") == 0)
			status = db_col_text(st, 4);
		x->identified = strcmp(status, "identified") == 0;
		x->c.year = cal_to_local(x->opened_at).date.y;
		x->c.forms = db_col_i64(st, 5);
		/* The first country of exploitation: "DE,AT" -> "DE". */
		if (strcspn(countries, ",") == 2)
			snprintf(x->c.exploitation, sizeof(x->c.exploitation),
			    "%.2s", countries);
		snprintf(x->c.sex, sizeof(x->c.sex), "%s", db_col_text(st, 7));
		x->c.birth_year = db_col_null(st, 8) ? 0 :
		    (int)db_col_i64(st, 8);
		x->c.minor = db_col_i64(st, 9) != 0;
		if (strlen(db_col_text(st, 10)) == 2)
			snprintf(x->c.citizenship, sizeof(x->c.citizenship),
			    "%s", db_col_text(st, 10));
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	qsort(v, *n, sizeof(*v), cmp_row);
	*out = v;
	return 0;
fail:
	free(v);
	*n = 0;
	*e = *db_err(db);
	return -1;
}

/* The persons with a statistics consent valid on date, sorted. */
static int
read_consents(struct db *db, const char *date, int64_t **out, size_t *n,
    struct err *e)
{
	struct consent_facts	 f;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	int64_t			*v = NULL;
	size_t			 cap = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, export_sql[E_CONSENTS])) == NULL)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&f, 0, sizeof(f));
		snprintf(f.purpose, sizeof(f.purpose), "statistics");
		snprintf(f.given_on, sizeof(f.given_on), "%s",
		    db_col_text(st, 1));
		snprintf(f.expires_on, sizeof(f.expires_on), "%s",
		    db_col_text(st, 2));
		snprintf(f.withdrawn_on, sizeof(f.withdrawn_on), "%s",
		    db_col_text(st, 3));
		if (consent_state_on(&f, date) != CONSENT_VALID)
			continue;
		v = grow(v, &cap, *n, sizeof(*v));
		v[(*n)++] = db_col_i64(st, 0);
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_i64);
	*out = v;
	return 0;
fail:
	free(v);
	*n = 0;
	*e = *db_err(db);
	return -1;
}

/* The means of control of the completed screenings, by case. */
static int
read_means(struct db *db, struct means **out, size_t *n, struct err *e)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	struct means	*v = NULL;
	size_t		 cap = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, export_sql[E_MEANS])) == NULL)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		v = grow(v, &cap, *n, sizeof(*v));
		v[*n].case_id = db_col_i64(st, 0);
		v[(*n)++].means = (uint32_t)db_col_i64(st, 1);
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_means);
	*out = v;
	return 0;
fail:
	free(v);
	*n = 0;
	*e = *db_err(db);
	return -1;
}

/* The union of the means recorded for case id. */
static uint32_t
means_of_case(const struct means *m, size_t n, int64_t id)
{
	struct means	 key = { id, 0 };
	const struct means *hit;
	uint32_t	 u = 0;

	if (n == 0 || (hit = bsearch(&key, m, n, sizeof(*m), cmp_means)) ==
	    NULL)
		return 0;
	while (hit > m && hit[-1].case_id == id)
		hit--;
	for (; hit < m + n && hit->case_id == id; hit++)
		u |= hit->means;
	return u;
}

int
export_load(struct db *db, const char *date, struct export_case **out,
    size_t *nout, size_t *considered, size_t *no_consent, struct err *e)
{
	struct row	*rows = NULL;
	struct means	*means = NULL;
	int64_t		*ok = NULL;
	size_t		 nrows, nok, nmeans, i, j, n = 0;
	int		 rc = -1;

	*out = NULL;
	*nout = *considered = *no_consent = 0;
	if (read_cases(db, &rows, &nrows, e) == -1 ||
	    read_consents(db, date, &ok, &nok, e) == -1 ||
	    read_means(db, &means, &nmeans, e) == -1)
		goto out;
	*out = xcalloc(nrows + 1, sizeof(**out));
	/*
	 * One record per person, so that a group of k records is k people:
	 * the person's identified (else presumed) case registered first,
	 * with the forms and means of all their registered cases.
	 */
	for (i = 0; i < nrows; i = j) {
		struct export_case	 c = rows[i].c;

		for (j = i; j < nrows && rows[j].person == rows[i].person;
		    j++) {
			c.forms |= rows[j].c.forms;
			c.means |= means_of_case(means, nmeans, rows[j].id);
		}
		(*considered)++;
		if (nok == 0 || bsearch(&rows[i].person, ok, nok, sizeof(*ok),
		    cmp_i64) == NULL) {
			(*no_consent)++;
			continue;
		}
		(*out)[n++] = c;
	}
	*nout = n;
	rc = 0;
out:
	if (rc == -1) {
		free(*out);
		*out = NULL;
	}
	free(rows);
	free(means);
	free(ok);
	return rc;
}

int
export_build(struct db *db, size_t k, int pct, struct export *out,
    struct err *e)
{
	struct export_case	*cases = NULL;
	struct cal_date		 d = cal_to_local(clock_now()).date;
	size_t			 n, considered, no_consent;
	char			 date[16];

	memset(out, 0, sizeof(*out));
	snprintf(date, sizeof(date), "%04d-%02d-%02d", d.y, d.m, d.d);
	if (export_load(db, date, &cases, &n, &considered, &no_consent, e) ==
	    -1)
		return -1;
	return export_run(&cases, n, considered, no_consent, date, k, pct,
	    out, e);
}
