/*
 * Counting the statistics (stats.h): one statement per source, the
 * breakdowns in C.  Contacts come from their day rollup (0011_stats.sql),
 * so a year is a few thousand rows however many contacts it had; the rest
 * reads the period's rows of each table, by an index on its date.
 * Only columns in clear are read.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "cases/legal.h"
#include "hotline/calendar.h"
#include "hotline/enums.h"
#include "shelter/shelter.h"
#include "stats/stats.h"
#include "stats/stats_int.h"

#define TOP_N	10	/* nationalities and destinations listed by name */

enum stats_stmt {
	S_CONTACT_DAYS,
	S_CONTACT_MONTHS,
	S_CASES,
	S_PERSONS,
	S_PATHWAY,
	S_REFERRALS,
	S_BOOKINGS,
	S_PREVENTION,
	S_DESTINATIONS,
	S_CONSULTANCY,
	S_SHELTERS,
	S_BEDS,
	S_PLACEMENTS_STARTED,
	S__MAX
};

static const char *const stats_sql[S__MAX] = {
	[S_CONTACT_DAYS] = "SELECT day, inquirer, channel, out_of_hours, "
	    "urgency, topics, n FROM contact_day WHERE day >= ? AND day <= ? "
	    "AND n <> 0",
	[S_CONTACT_MONTHS] = "SELECT month, inquirer, channel, out_of_hours, "
	    "urgency, topics, n FROM contact_month WHERE month >= ? AND "
	    "month <= ? AND n <> 0",
	[S_CASES] = "SELECT opened_at, status, status_before_close, forms, "
	    "person_id FROM case_file WHERE opened_at >= ? AND opened_at < ?",
	[S_PERSONS] = "SELECT id, sex, minor, citizenship FROM person "
	    "WHERE id >= ? AND id <= ? ORDER BY id",
	[S_PATHWAY] = "SELECT item, status, COUNT(*) FROM pathway_item "
	    "WHERE updated_at >= ? AND updated_at < ? AND status IN "
	    "('in_progress', 'done') GROUP BY item, status",
	[S_REFERRALS] = "SELECT purpose, status, COUNT(*) FROM referral "
	    "WHERE sent_on >= ? AND sent_on <= ? GROUP BY purpose, status",
	[S_BOOKINGS] = "SELECT language, status, COUNT(*) FROM "
	    "interpreter_booking WHERE starts_at >= ? AND starts_at < ? "
	    "GROUP BY language, status ORDER BY language",
	[S_PREVENTION] = "SELECT held_at, risk_level FROM "
	    "prevention_consultation WHERE held_at >= ? AND held_at < ?",
	[S_DESTINATIONS] = "SELECT destination, COUNT(*) FROM "
	    "prevention_consultation WHERE held_at >= ? AND held_at < ? "
	    "GROUP BY destination",
	[S_CONSULTANCY] = "SELECT topic, kind, COUNT(*) FROM "
	    "institution_consultation WHERE held_on >= ? AND held_on <= ? "
	    "GROUP BY topic, kind",
	[S_SHELTERS] = "SELECT id, name FROM shelter WHERE active = 1 "
	    "ORDER BY name, id",
	[S_BEDS] = "SELECT id FROM shelter_bed WHERE shelter_id = ? AND "
	    "active = 1",
	[S_PLACEMENTS_STARTED] = "SELECT COUNT(*) FROM placement WHERE "
	    "shelter_id = ? AND status IN ('active', 'ended') AND "
	    "check_in >= ? AND check_in <= ?",
};

static const struct stat_shape shapes[] = {
#define SH_INQUIRER	0
	{ "contacts_inquirer", "contacts", "stacked",
	  "Kontakty według zgłaszającego", "Contacts by inquirer", true },
#define SH_CHANNEL	1
	{ "contacts_channel", "contacts", "stacked",
	  "Kontakty według kanału", "Contacts by channel", true },
#define SH_HOURS	2
	{ "contacts_hours", "contacts", "stacked",
	  "Kontakty w godzinach pracy i poza nimi",
	  "Contacts in and out of office hours", true },
#define SH_URGENCY	3
	{ "contacts_urgency", "contacts", "stacked",
	  "Kontakty pilne i rutynowe", "Urgent and routine contacts", true },
#define SH_TOPICS	4
	{ "contacts_topics", "contacts", "bar",
	  "Tematy kontaktów (kontakt może mieć kilka)",
	  "Contact topics (a contact may have several)", false },
#define SH_CASES	5
	{ "cases_status", "cases", "stacked",
	  "Sprawy założone według obecnego statusu",
	  "Cases opened, by their status now", true },
#define SH_IDENT	6
	{ "victims_identification", "victims", "stacked",
	  "Zarejestrowane ofiary: zidentyfikowane i domniemane",
	  "Registered victims: identified and presumed", true },
#define SH_SEX_AGE	7
	{ "victims_sex_age", "victims", "stacked",
	  "Zarejestrowane ofiary według płci i wieku",
	  "Registered victims by sex and age", true },
#define SH_CITIZEN	8
	{ "victims_citizenship", "victims", "stacked",
	  "Zarejestrowane ofiary według obywatelstwa i płci",
	  "Registered victims by citizenship and sex", true },
#define SH_NATION	9
	{ "victims_nationality", "victims", "bar",
	  "Zarejestrowane ofiary: najczęstsze obywatelstwa",
	  "Registered victims: the main citizenships", true },
#define SH_EXPLOIT	10
	{ "victims_exploitation", "victims", "stacked",
	  "Zarejestrowane ofiary według formy wykorzystania i płci",
	  "Registered victims by form of exploitation and sex", true },
#define SH_FORMS	11
	{ "victims_forms", "victims", "bar",
	  "Formy wykorzystania (ofiara może doznać kilku)",
	  "Forms of exploitation (a victim may suffer several)", false },
#define SH_SERVICES	12
	{ "services_pathway", "services", "stacked",
	  "Usługi ścieżki pomocy", "Services of the aid pathway", true },
#define SH_REFERRALS	13
	{ "referrals", "referrals", "stacked",
	  "Skierowania według celu i statusu",
	  "Referrals by purpose and status", true },
#define SH_BOOKINGS	14
	{ "interpreter_bookings", "interpreters", "stacked",
	  "Rezerwacje tłumaczy według języka i statusu",
	  "Interpreter bookings by language and status", true },
#define SH_PREV_RISK	15
	{ "prevention_risk", "consultations", "stacked",
	  "Poradnictwo prewencyjne według poziomu ryzyka",
	  "Preventive counselling by risk level", true },
#define SH_PREV_DEST	16
	{ "prevention_destination", "consultations", "bar",
	  "Poradnictwo prewencyjne: najczęstsze kraje docelowe",
	  "Preventive counselling: the main destinations", true },
#define SH_CONSULTANCY	17
	{ "consultancy", "consultations", "stacked",
	  "Konsultacje i szkolenia dla instytucji według tematu",
	  "Consultations and trainings for institutions by topic", true },
#define SH_SHELTER	18
	{ "shelter_occupancy", "shelter", "table",
	  "Obłożenie schronień", "Shelter occupancy", false },
};

/* The other member states of the European Union (ISO 3166). */
static const char *const eu_other[] = {
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
	"GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PT", "RO",
	"SK", "SI", "ES", "SE", NULL
};

/*
 * A stretch of the period read from one rollup: days "YYYY-MM-DD" or
 * whole months "YYYY-MM", both ends included.
 */
struct span {
	bool		 months;
	char		 lo[11], hi[11];
};

/* The period as instants [lo, hi), its months, and its rollup spans. */
struct period {
	int64_t		 lo, hi;
	int		 y, m;		/* its first month */
	size_t		 months;
	struct span	 span[3];	/* ragged start, whole months, end */
	size_t		 nspans;
};

static void
span_add(struct period *p, bool months, struct cal_date a, struct cal_date b)
{
	struct span	*sp = &p->span[p->nspans++];

	sp->months = months;
	if (months) {
		snprintf(sp->lo, sizeof(sp->lo), "%04d-%02d", a.y, a.m);
		snprintf(sp->hi, sizeof(sp->hi), "%04d-%02d", b.y, b.m);
	} else {
		date_format(a, sp->lo);
		date_format(b, sp->hi);
	}
}

/*
 * Split a..b into the days before its first whole month, its whole
 * months, and the days after them (or all days when no month is whole).
 */
static void
period_spans(struct period *p, struct cal_date a, struct cal_date b)
{
	struct cal_date	 first = a, last, after = date_add_days(b, 1);

	p->nspans = 0;
	if (first.d != 1) {		/* the next month's first day */
		first.d = 1;
		if (++first.m > 12) {
			first.m = 1;
			first.y++;
		}
	}
	/* The last whole month ends the day before after's month begins. */
	last = after;
	last.d = 1;
	last = date_add_days(last, -1);
	if (cal_days(first) > cal_days(last)) {
		span_add(p, false, a, b);
		return;
	}
	if (cal_days(a) < cal_days(first))
		span_add(p, false, a, date_add_days(first, -1));
	span_add(p, true, first, last);
	if (cal_days(last) < cal_days(b))
		span_add(p, false, date_add_days(last, 1), b);
}

static int64_t *
at(struct stat_table *t, size_t r, size_t c)
{
	return &t->cell[r * t->cols + c];
}

static struct stat_table *
month_table(struct stats *s, const struct period *p, int shape, int kind)
{
	struct stat_table	*t;

	t = stat_table_add(s, &shapes[shape], p->months, stat_enum_count(kind));
	stat_month_labels(t->row, p->months, p->y, p->m);
	stat_enum_labels(t->col, kind);
	return t;
}

static void
two_labels(struct stat_label *l, const char *a, const char *a_pl,
    const char *a_en, const char *b, const char *b_pl, const char *b_en)
{
	stat_label_set(&l[0], a, a_pl, a_en);
	stat_label_set(&l[1], b, b_pl, b_en);
}

/* The month row of a rollup's "YYYY-MM-DD" or "YYYY-MM", or -1. */
static int
day_month(const struct period *p, const char *s)
{
	int	 y = 0, m = 0, i;

	for (i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	return stat_month_index(p->y, p->m, p->months, y, m);
}

static int
instant_month(const struct period *p, int64_t t)
{
	struct cal_local	 l = cal_to_local(t);

	return stat_month_index(p->y, p->m, p->months, l.date.y, l.date.m);
}

static bool
contact_passes(const struct stats_query *q, const char *inquirer,
    const char *channel, int64_t ooh, const char *urgency)
{
	return (q->inquirer[0] == '\0' || strcmp(q->inquirer, inquirer) == 0) &&
	    (q->channel[0] == '\0' || strcmp(q->channel, channel) == 0) &&
	    (q->urgency[0] == '\0' || strcmp(q->urgency, urgency) == 0) &&
	    (q->out_of_hours < 0 || q->out_of_hours == (ooh != 0));
}

/* One row of a rollup (day or month) into the contact tables. */
static void
count_contact_row(struct stats *s, const struct period *p, struct db_stmt *st,
    struct stat_table *inq, struct stat_table *chan, struct stat_table *hours,
    struct stat_table *urg, struct stat_table *top, size_t ntopics)
{
	const char	*inquirer = db_col_text(st, 1);
	const char	*channel = db_col_text(st, 2);
	int64_t		 ooh = db_col_i64(st, 3), n = db_col_i64(st, 6);
	const char	*urgency = db_col_text(st, 4);
	uint64_t	 topics = (uint64_t)db_col_i64(st, 5);
	int		 m = day_month(p, db_col_text(st, 0)), c;
	size_t		 i;

	if (m < 0 || !contact_passes(&s->q, inquirer, channel, ooh, urgency))
		return;
	if ((c = enum_index(ENUM_INQUIRER, inquirer)) >= 0)
		*at(inq, (size_t)m, (size_t)c) += n;
	if ((c = enum_index(ENUM_CHANNEL, channel)) >= 0)
		*at(chan, (size_t)m, (size_t)c) += n;
	*at(hours, (size_t)m, ooh != 0) += n;
	if ((c = enum_index(ENUM_URGENCY, urgency)) >= 0)
		*at(urg, (size_t)m, (size_t)c) += n;
	for (i = 0; i < ntopics; i++)
		if (topics & (1ull << i))
			*at(top, i, 0) += n;
}

static int
count_contacts(struct db *db, struct stats *s, const struct period *p)
{
	struct stat_table	*inq, *chan, *hours, *urg, *top;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	size_t			 ntopics = stat_enum_count(ENUM_TOPIC), i;

	inq = month_table(s, p, SH_INQUIRER, ENUM_INQUIRER);
	chan = month_table(s, p, SH_CHANNEL, ENUM_CHANNEL);
	hours = stat_table_add(s, &shapes[SH_HOURS], p->months, 2);
	stat_month_labels(hours->row, p->months, p->y, p->m);
	two_labels(hours->col, "office_hours", "W godzinach pracy",
	    "In office hours", "out_of_hours", "Poza godzinami pracy",
	    "Out of office hours");
	urg = month_table(s, p, SH_URGENCY, ENUM_URGENCY);
	top = stat_table_add(s, &shapes[SH_TOPICS], ntopics, 1);
	stat_enum_labels(top->row, ENUM_TOPIC);
	stat_label_set(&top->col[0], "contacts", "Kontakty", "Contacts");
	for (i = 0; i < p->nspans; i++) {
		const struct span	*sp = &p->span[i];

		if ((st = db_prepare(db, stats_sql[sp->months ?
		    S_CONTACT_MONTHS : S_CONTACT_DAYS])) == NULL)
			return -1;
		db_bind_str(st, 1, sp->lo);
		db_bind_str(st, 2, sp->hi);
		while ((rc = db_step(st)) == DB_ROW)
			count_contact_row(s, p, st, inq, chan, hours, urg, top,
			    ntopics);
		db_reset(st);
		if (rc == DB_ERROR)
			return -1;
	}
	return 0;
}

/* One registered victim, before persons are counted once. */
struct victim {
	int64_t	 person;
	bool	 identified, child;
	int	 sex;		/* index in ENUM_SEX */
	int	 group;		/* 0 PL, 1 other EU, 2 non-EU, 3 unknown */
	char	 citizenship[4];
	int64_t	 forms;
};

static int
citizenship_group(const char *c)
{
	size_t	 i;

	if (c == NULL || c[0] == '\0')
		return 3;
	if (strcmp(c, "PL") == 0)
		return 0;
	for (i = 0; eu_other[i] != NULL; i++)
		if (strcmp(eu_other[i], c) == 0)
			return 1;
	return 2;
}

static int
cmp_victim(const void *a, const void *b)
{
	const struct victim	*x = a, *y = b;

	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	/* Identified first: it is the one that counts. */
	return (int)y->identified - (int)x->identified;
}

struct code_count {
	char	 code[STAT_CODE_MAX];
	int64_t	 n;
};

static int
cmp_count(const void *a, const void *b)
{
	const struct code_count	*x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->code, y->code);
}

/*
 * A "top N and other" table from (code, count) pairs: the N largest by
 * name, the rest as "other".
 */
static void
top_table(struct stats *s, int shape, struct code_count *cc, size_t n,
    const char *col, const char *col_pl, const char *col_en)
{
	struct stat_table	*t;
	size_t			 i, rows = n > TOP_N ? TOP_N + 1 : n;

	if (n > 1)
		qsort(cc, n, sizeof(*cc), cmp_count);
	t = stat_table_add(s, &shapes[shape], rows, 1);
	stat_label_set(&t->col[0], col, col_pl, col_en);
	for (i = 0; i < n; i++) {
		size_t	 r = i < TOP_N ? i : TOP_N;

		if (i < TOP_N)
			stat_label_set(&t->row[r], cc[i].code, NULL, NULL);
		*at(t, r, 0) += cc[i].n;
	}
	if (n > TOP_N)
		stat_label_set(&t->row[TOP_N], "other", "Inne", "Other");
}

/* Add one to code's count in cc (growing it). */
static void
count_code(struct code_count **cc, size_t *n, const char *code, int64_t by)
{
	size_t	 i;

	for (i = 0; i < *n; i++)
		if (strcmp((*cc)[i].code, code) == 0) {
			(*cc)[i].n += by;
			return;
		}
	*cc = xrealloc(*cc, (*n + 1) * sizeof(**cc));
	snprintf((*cc)[*n].code, sizeof((*cc)[*n].code), "%s", code);
	(*cc)[*n].n = by;
	(*n)++;
}

static void
victim_tables(struct stats *s, struct victim *v, size_t n)
{
	struct stat_table	*ident, *sexage, *citizen, *exploit, *forms;
	struct code_count	*cc = NULL;
	size_t			 nsex = stat_enum_count(ENUM_SEX), i, ncc = 0;
	size_t			 nforms = stat_enum_count(ENUM_EXPLOITATION);
	int			 sexual = enum_index(ENUM_EXPLOITATION,
				    "sexual");
	int64_t			 labour = 0;

	labour |= 1ll << enum_index(ENUM_EXPLOITATION, "forced_labour");
	labour |= 1ll << enum_index(ENUM_EXPLOITATION, "forced_begging");
	labour |= 1ll << enum_index(ENUM_EXPLOITATION, "domestic_servitude");

	ident = stat_table_add(s, &shapes[SH_IDENT], 2, 2);
	two_labels(ident->row, "identified", "Zidentyfikowane", "Identified",
	    "presumed", "Domniemane", "Presumed");
	two_labels(ident->col, "child", "Dzieci", "Children", "adult",
	    "Dorośli", "Adults");
	sexage = stat_table_add(s, &shapes[SH_SEX_AGE], nsex, 2);
	stat_enum_labels(sexage->row, ENUM_SEX);
	two_labels(sexage->col, "child", "Dzieci", "Children", "adult",
	    "Dorośli", "Adults");
	citizen = stat_table_add(s, &shapes[SH_CITIZEN], 4, nsex);
	stat_label_set(&citizen->row[0], "reporting_country", "Polska",
	    "Poland");
	stat_label_set(&citizen->row[1], "other_eu",
	    "Inne państwo członkowskie UE", "Other EU member state");
	stat_label_set(&citizen->row[2], "non_eu", "Państwo spoza UE",
	    "Non-EU country");
	stat_label_set(&citizen->row[3], "unknown", "Nieznane", "Unknown");
	stat_enum_labels(citizen->col, ENUM_SEX);
	exploit = stat_table_add(s, &shapes[SH_EXPLOIT], 3, nsex);
	stat_label_set(&exploit->row[0], "sexual", "Wykorzystanie seksualne",
	    "Sexual exploitation");
	stat_label_set(&exploit->row[1], "labour",
	    "Praca lub usługi przymusowe", "Forced labour or services");
	stat_label_set(&exploit->row[2], "other", "Inne formy",
	    "Other forms");
	stat_enum_labels(exploit->col, ENUM_SEX);
	forms = stat_table_add(s, &shapes[SH_FORMS], nforms, 1);
	stat_enum_labels(forms->row, ENUM_EXPLOITATION);
	stat_label_set(&forms->col[0], "victims", "Ofiary", "Victims");

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_victim);
	for (i = 0; i < n; i++) {
		const struct victim	*x = &v[i];
		size_t			 f, row;

		if (i > 0 && v[i - 1].person == x->person)
			continue;	/* counted once, identified first */
		*at(ident, !x->identified, !x->child) += 1;
		*at(sexage, (size_t)x->sex, !x->child) += 1;
		*at(citizen, (size_t)x->group, (size_t)x->sex) += 1;
		row = (x->forms & (1ll << sexual)) ? 0 : (x->forms & labour) ?
		    1 : 2;
		*at(exploit, row, (size_t)x->sex) += 1;
		for (f = 0; f < nforms; f++)
			if (x->forms & (1ll << f))
				*at(forms, f, 0) += 1;
		count_code(&cc, &ncc, x->citizenship[0] != '\0' ?
		    x->citizenship : "unknown", 1);
	}
	top_table(s, SH_NATION, cc, ncc, "victims", "Ofiary", "Victims");
	free(cc);
}

/*
 * The persons of the victims v (sorted by person): one range read by the
 * primary key, merged with v.  A year's persons are mostly that year's
 * ids, so the range is about as long as the list; a join instead makes
 * PostgreSQL hash the whole person table.
 */
static int
victim_persons(struct db *db, struct victim *v, size_t n)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	size_t		 i = 0;

	if (n == 0)
		return 0;
	if ((st = db_prepare(db, stats_sql[S_PERSONS])) == NULL)
		return -1;
	db_bind_i64(st, 1, v[0].person);
	db_bind_i64(st, 2, v[n - 1].person);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t	 id = db_col_i64(st, 0);
		int	 c = enum_index(ENUM_SEX, db_col_text(st, 1));

		while (i < n && v[i].person < id)
			i++;
		for (; i < n && v[i].person == id; i++) {
			if (c >= 0)
				v[i].sex = c;
			v[i].child = db_col_i64(st, 2) != 0;
			snprintf(v[i].citizenship, sizeof(v[i].citizenship),
			    "%s", db_col_text(st, 3));
			v[i].group = citizenship_group(v[i].citizenship);
		}
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

static int
count_cases(struct db *db, struct stats *s, const struct period *p)
{
	struct stat_table	*cases;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	struct victim		*v = NULL;
	size_t			 n = 0, cap = 0;
	int			 unknown = enum_index(ENUM_SEX, "unknown");

	cases = month_table(s, p, SH_CASES, ENUM_CASE_STATUS);
	if ((st = db_prepare(db, stats_sql[S_CASES])) == NULL)
		return -1;
	db_bind_i64(st, 1, p->lo);
	db_bind_i64(st, 2, p->hi);
	while ((rc = db_step(st)) == DB_ROW) {
		const char	*status = db_col_text(st, 1);
		const char	*before = db_col_text(st, 2);
		const char	*eff = strcmp(status, "closed") == 0 ? before :
				    status;
		int		 m = instant_month(p, db_col_i64(st, 0)), c;

		if (m >= 0 && (c = enum_index(ENUM_CASE_STATUS, status)) >= 0)
			*at(cases, (size_t)m, (size_t)c) += 1;
		if (strcmp(eff, "identified") != 0 &&
		    strcmp(eff, "provisional_identification") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xrealloc(v, cap * sizeof(*v));
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].identified = strcmp(eff, "identified") == 0;
		v[n].forms = db_col_i64(st, 3);
		v[n].person = db_col_i64(st, 4);
		v[n].sex = unknown;
		v[n].group = citizenship_group(NULL);
		n++;
	}
	db_reset(st);
	if (rc != DB_ERROR && n > 1)
		qsort(v, n, sizeof(*v), cmp_victim);
	if (rc != DB_ERROR && victim_persons(db, v, n) == -1)
		rc = DB_ERROR;
	if (rc != DB_ERROR)
		victim_tables(s, v, n);
	free(v);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * A table of codes × codes filled from a statement whose rows are (row
 * code, column code, count); codes outside the enumerations are skipped.
 */
static int
grouped(struct db_stmt *st, struct stat_table *t)
{
	enum db_step_rc	 rc;

	while ((rc = db_step(st)) == DB_ROW) {
		int	 r = stat_label_index(t->row, t->rows,
			    db_col_text(st, 0));
		int	 c = stat_label_index(t->col, t->cols,
			    db_col_text(st, 1));

		if (r >= 0 && c >= 0)
			*at(t, (size_t)r, (size_t)c) += db_col_i64(st, 2);
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

static struct db_stmt *
period_stmt(struct db *db, int which, const struct period *p, bool days,
    const struct stats_query *q)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, stats_sql[which])) == NULL)
		return NULL;
	if (days) {
		db_bind_str(st, 1, q->from);
		db_bind_str(st, 2, q->to);
	} else {
		db_bind_i64(st, 1, p->lo);
		db_bind_i64(st, 2, p->hi);
	}
	return st;
}

static int
count_grouped(struct db *db, struct stats *s, const struct period *p)
{
	struct stat_table	*t;
	struct db_stmt		*st;

	t = stat_table_add(s, &shapes[SH_SERVICES],
	    stat_enum_count(ENUM_PATHWAY_ITEM), 2);
	stat_enum_labels(t->row, ENUM_PATHWAY_ITEM);
	two_labels(t->col, "in_progress", "W toku", "In progress", "done",
	    "Zrealizowane", "Done");
	if ((st = period_stmt(db, S_PATHWAY, p, false, &s->q)) == NULL ||
	    grouped(st, t) == -1)
		return -1;
	t = stat_table_add(s, &shapes[SH_REFERRALS],
	    stat_enum_count(ENUM_REFERRAL_PURPOSE),
	    stat_enum_count(ENUM_REFERRAL_STATUS));
	stat_enum_labels(t->row, ENUM_REFERRAL_PURPOSE);
	stat_enum_labels(t->col, ENUM_REFERRAL_STATUS);
	if ((st = period_stmt(db, S_REFERRALS, p, true, &s->q)) == NULL ||
	    grouped(st, t) == -1)
		return -1;
	t = stat_table_add(s, &shapes[SH_CONSULTANCY],
	    stat_enum_count(ENUM_CONSULTANCY_TOPIC),
	    stat_enum_count(ENUM_CONSULTANCY_KIND));
	stat_enum_labels(t->row, ENUM_CONSULTANCY_TOPIC);
	stat_enum_labels(t->col, ENUM_CONSULTANCY_KIND);
	if ((st = period_stmt(db, S_CONSULTANCY, p, true, &s->q)) == NULL ||
	    grouped(st, t) == -1)
		return -1;
	return 0;
}

/* Bookings: the languages booked in the period are the rows. */
static int
count_bookings(struct db *db, struct stats *s, const struct period *p)
{
	struct stat_table	*t;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	struct code_count	*langs = NULL;
	size_t			 n = 0, i;

	if ((st = period_stmt(db, S_BOOKINGS, p, false, &s->q)) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW)
		count_code(&langs, &n, db_col_text(st, 0), 0);
	db_reset(st);
	if (rc == DB_ERROR) {
		free(langs);
		return -1;
	}
	t = stat_table_add(s, &shapes[SH_BOOKINGS], n,
	    stat_enum_count(ENUM_BOOKING_STATUS));
	for (i = 0; i < n; i++)
		stat_label_set(&t->row[i], langs[i].code, NULL, NULL);
	stat_enum_labels(t->col, ENUM_BOOKING_STATUS);
	free(langs);
	if ((st = period_stmt(db, S_BOOKINGS, p, false, &s->q)) == NULL)
		return -1;
	return grouped(st, t);
}

static int
count_prevention(struct db *db, struct stats *s, const struct period *p)
{
	struct stat_table	*t;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	struct code_count	*cc = NULL;
	size_t			 n = 0;

	t = month_table(s, p, SH_PREV_RISK, ENUM_PREVENTION_RISK);
	if ((st = period_stmt(db, S_PREVENTION, p, false, &s->q)) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		int	 m = instant_month(p, db_col_i64(st, 0));
		int	 c = enum_index(ENUM_PREVENTION_RISK,
			    db_col_text(st, 1));

		if (m >= 0 && c >= 0)
			*at(t, (size_t)m, (size_t)c) += 1;
	}
	db_reset(st);
	if (rc == DB_ERROR ||
	    (st = period_stmt(db, S_DESTINATIONS, p, false, &s->q)) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW)
		count_code(&cc, &n, db_col_text(st, 0), db_col_i64(st, 1));
	db_reset(st);
	if (rc != DB_ERROR)
		top_table(s, SH_PREV_DEST, cc, n, "consultations",
		    "Konsultacje", "Consultations");
	free(cc);
	return rc == DB_ERROR ? -1 : 0;
}

struct shelter_row {
	int64_t	 id;
	char	 name[STAT_LABEL_MAX];
};

/* One shelter's bed-nights over the period, by shelter.c's rule. */
static int
shelter_nights(struct db *db, int64_t id, int64_t from, int64_t to,
    int64_t *avail, int64_t *occ)
{
	struct db_stmt	*st;
	struct hold	*holds = NULL;
	enum db_step_rc	 rc;
	size_t		 n;

	if (shelter_holds(db, id, 0, from, to, shelter_today(), &holds,
	    &n) == -1)
		return -1;
	if ((st = db_prepare(db, stats_sql[S_BEDS])) == NULL) {
		free(holds);
		return -1;
	}
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW)
		shelter_occupancy(holds, n, db_col_i64(st, 0), from, to, avail,
		    occ);
	db_reset(st);
	free(holds);
	return rc == DB_ERROR ? -1 : 0;
}

static int
count_shelters(struct db *db, struct stats *s)
{
	struct stat_table	*t;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	struct shelter_row	*sh = NULL;
	size_t			 n = 0, i;
	int64_t			 from, to;

	if (shelter_day(s->q.from, &from) == -1 ||
	    shelter_day(s->q.to, &to) == -1)
		return -1;
	/* The list first: the counts below run their own statements. */
	if ((st = db_prepare(db, stats_sql[S_SHELTERS])) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		sh = xrealloc(sh, (n + 1) * sizeof(*sh));
		sh[n].id = db_col_i64(st, 0);
		snprintf(sh[n].name, sizeof(sh[n].name), "%s",
		    db_col_text(st, 1));
		n++;
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		free(sh);
		return -1;
	}
	t = stat_table_add(s, &shapes[SH_SHELTER], n, 3);
	stat_label_set(&t->col[0], "bed_nights_available",
	    "Dostępne osobonoce", "Bed-nights available");
	stat_label_set(&t->col[1], "bed_nights_occupied",
	    "Zajęte osobonoce", "Bed-nights occupied");
	stat_label_set(&t->col[2], "placements_started",
	    "Przyjęcia", "Placements started");
	for (i = 0; i < n; i++) {
		char	 code[24];

		snprintf(code, sizeof(code), "%lld", (long long)sh[i].id);
		stat_label_set(&t->row[i], code, sh[i].name, sh[i].name);
		if (shelter_nights(db, sh[i].id, from, to, at(t, i, 0),
		    at(t, i, 1)) == -1 ||
		    (st = db_prepare(db, stats_sql[S_PLACEMENTS_STARTED])) ==
		    NULL) {
			free(sh);
			return -1;
		}
		db_bind_i64(st, 1, sh[i].id);
		db_bind_str(st, 2, s->q.from);
		db_bind_str(st, 3, s->q.to);
		if (db_one_i64(st, at(t, i, 2)) != 1) {
			free(sh);
			return -1;
		}
	}
	free(sh);
	return 0;
}

/*
 * Computations at once in the process, at most.  A year's statistics hold
 * its cases and persons in memory for a moment (a few MiB on a national
 * register); thirty-two at once under load took the server from 40 to 95
 * MiB, and on two cores more than two at once only wait for each other.
 */
#define STATS_AT_ONCE	2

static pthread_mutex_t	 stats_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 stats_cv = PTHREAD_COND_INITIALIZER;
static int		 stats_running;

static int
stats_compute_one(struct db *db, const struct stats_query *q,
    struct stats *out, struct err *e)
{
	struct period	 p;
	struct cal_date	 a, b;
	const char	*field;

	memset(out, 0, sizeof(*out));
	out->q = *q;
	if (stats_query_check(q, &field, e) == -1 ||
	    date_parse(q->from, &a) == -1 || date_parse(q->to, &b) == -1)
		return -1;
	p.lo = cal_from_local(a, 0);
	p.hi = cal_from_local(date_add_days(b, 1), 0);
	p.months = stat_months(q, &p.y, &p.m);
	period_spans(&p, a, b);
	if (count_contacts(db, out, &p) == -1 || count_cases(db, out, &p) ==
	    -1 || count_grouped(db, out, &p) == -1 ||
	    count_bookings(db, out, &p) == -1 ||
	    count_prevention(db, out, &p) == -1 ||
	    count_shelters(db, out) == -1) {
		err_set(e, ERR_DB, "statistics: %s", db_err(db)->msg);
		stats_free(out);
		return -1;
	}
	return 0;
}

int
stats_compute(struct db *db, const struct stats_query *q, struct stats *out,
    struct err *e)
{
	int	 rc;

	pthread_mutex_lock(&stats_mu);
	while (stats_running >= STATS_AT_ONCE)
		pthread_cond_wait(&stats_cv, &stats_mu);
	stats_running++;
	pthread_mutex_unlock(&stats_mu);
	rc = stats_compute_one(db, q, out, e);
	pthread_mutex_lock(&stats_mu);
	stats_running--;
	pthread_cond_signal(&stats_cv);
	pthread_mutex_unlock(&stats_mu);
	return rc;
}
