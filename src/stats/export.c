/*
 * The anonymised export's rules (export.h): a registered victim becomes a
 * row of quasi-identifier codes and a few flags; kanon.h picks the levels
 * and the records to drop; the rest is printed in CTDC's field names.
 * Pure: no SQL, no I/O.  What a field may show is decided here only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xmalloc.h"
#include "hotline/enums.h"
#include "stats/export.h"

/* ---- The means of control of the screening's indicators. */

#define M(x)	(1u << (x))

/*
 * The ILO/EC indicators (data/indicators.json) that are a means of control,
 * by their id.  Deception (all of "deceptive recruitment") is HTCDS's
 * FalsePromises; the coercion indicators map one to one where HTCDS has a
 * value; what it has none for is Other.  Vulnerabilities and exploitative
 * conditions are not means of control, except excessive hours, which
 * HTCDS lists.
 */
static const struct {
	const char	*id;
	uint32_t	 means;
} means_of[] = {
	{ "dec_job_nature", M(MOC_FALSE_PROMISES) },
	{ "dec_wages", M(MOC_FALSE_PROMISES) },
	{ "dec_work_conditions", M(MOC_FALSE_PROMISES) },
	{ "dec_contract", M(MOC_FALSE_PROMISES) },
	{ "dec_housing", M(MOC_FALSE_PROMISES) },
	{ "dec_legal_status", M(MOC_FALSE_PROMISES) },
	{ "dec_travel", M(MOC_FALSE_PROMISES) },
	{ "dec_family_reunification", M(MOC_FALSE_PROMISES) },
	{ "dec_marriage_adoption", M(MOC_FALSE_PROMISES) },
	{ "dec_education", M(MOC_FALSE_PROMISES) },
	{ "dec_prostitution_conditions", M(MOC_FALSE_PROMISES) },
	{ "coer_rec_violence", M(MOC_PHYSICAL_ABUSE) },
	{ "coer_rec_threats", M(MOC_THREATS) },
	{ "coer_rec_abduction", M(MOC_OTHER) },
	{ "coer_rec_debt", M(MOC_DEBT_BONDAGE) },
	{ "coer_rec_documents", M(MOC_WITHHOLDS_DOCUMENTS) },
	{ "coer_rec_isolation", M(MOC_RESTRICTS_MOVEMENT) },
	{ "coer_rec_denunciation", M(MOC_THREAT_OF_LAW_ENFORCEMENT) },
	{ "coer_rec_expose", M(MOC_THREATS) },
	{ "coer_rec_family_violence", M(MOC_THREATS) },
	{ "coer_rec_money", M(MOC_RESTRICTS_FINANCIAL_ACCESS) },
	{ "expl_hours", M(MOC_EXCESSIVE_WORKING_HOURS) },
	{ "coer_dest_documents", M(MOC_WITHHOLDS_DOCUMENTS) },
	{ "coer_dest_debt", M(MOC_DEBT_BONDAGE) },
	{ "coer_dest_isolation", M(MOC_RESTRICTS_MOVEMENT) },
	{ "coer_dest_violence", M(MOC_PHYSICAL_ABUSE) },
	{ "coer_dest_threats", M(MOC_THREATS) },
	{ "coer_dest_illicit", M(MOC_OTHER) },
	{ "coer_dest_forced_tasks", M(MOC_OTHER) },
	{ "coer_dest_influence", M(MOC_PSYCHOLOGICAL_ABUSE) },
	{ "coer_dest_against_peers", M(MOC_OTHER) },
	{ "coer_dest_lie", M(MOC_OTHER) },
	{ "coer_dest_denunciation", M(MOC_THREAT_OF_LAW_ENFORCEMENT) },
	{ "coer_dest_worse_conditions", M(MOC_THREATS) },
	{ "coer_dest_family_violence", M(MOC_THREATS) },
	{ "coer_dest_wages", M(MOC_TAKES_EARNINGS) },
	{ "coer_dest_expose", M(MOC_THREATS) },
};

uint32_t
export_means_flag(const char *id)
{
	size_t	 i;

	if (id == NULL)
		return 0;
	for (i = 0; i < sizeof(means_of) / sizeof(means_of[0]); i++)
		if (strcmp(means_of[i].id, id) == 0)
			return means_of[i].means;
	return 0;
}

/* ---- The fields. */

enum field {
	F_YEAR,
	F_GENDER,
	F_AGE,
	F_MAJORITY,
	F_CITIZENSHIP,
	F_COUNTRY,
	F_FORCED_LABOUR,
	F_SEXUAL,
	F_OTHER_EXPLOIT,
	F_SEX_AND_LABOUR,
	F_FORCED_MARRIAGE,
	F_ORGAN_REMOVAL,
	F_SLAVERY,
	F_TYPES,
	F_MEANS,			/* MOC__MAX flags from here */
	F_NOT_SPECIFIED = F_MEANS + MOC__MAX,
	F__MAX
};

const char *const export_fields[F__MAX + 1] = {
	[F_YEAR] = "yearOfRegistration",
	[F_GENDER] = "gender",
	[F_AGE] = "ageBroad",
	[F_MAJORITY] = "majorityStatus",
	[F_CITIZENSHIP] = "citizenship",
	[F_COUNTRY] = "CountryOfExploitation",
	[F_FORCED_LABOUR] = "isForcedLabour",
	[F_SEXUAL] = "isSexualExploit",
	[F_OTHER_EXPLOIT] = "isOtherExploit",
	[F_SEX_AND_LABOUR] = "isSexAndLabour",
	[F_FORCED_MARRIAGE] = "isForcedMarriage",
	[F_ORGAN_REMOVAL] = "isOrganRemoval",
	[F_SLAVERY] = "isSlaveryAndPractices",
	[F_TYPES] = "typeOfExploitConcatenated",
	[F_MEANS + MOC_DEBT_BONDAGE] = "meansOfControlDebtBondage",
	[F_MEANS + MOC_TAKES_EARNINGS] = "meansOfControlTakesEarnings",
	[F_MEANS + MOC_RESTRICTS_FINANCIAL_ACCESS] =
	    "meansOfControlRestrictsFinancialAccess",
	[F_MEANS + MOC_THREATS] = "meansOfControlThreats",
	[F_MEANS + MOC_PSYCHOLOGICAL_ABUSE] =
	    "meansOfControlPsychologicalAbuse",
	[F_MEANS + MOC_PHYSICAL_ABUSE] = "meansOfControlPhysicalAbuse",
	[F_MEANS + MOC_SEXUAL_ABUSE] = "meansOfControlSexualAbuse",
	[F_MEANS + MOC_FALSE_PROMISES] = "meansOfControlFalsePromises",
	[F_MEANS + MOC_PSYCHOACTIVE_SUBSTANCES] =
	    "meansOfControlPsychoactiveSubstances",
	[F_MEANS + MOC_RESTRICTS_MOVEMENT] = "meansOfControlRestrictsMovement",
	[F_MEANS + MOC_RESTRICTS_MEDICAL_CARE] =
	    "meansOfControlRestrictsMedicalCare",
	[F_MEANS + MOC_EXCESSIVE_WORKING_HOURS] =
	    "meansOfControlExcessiveWorkingHours",
	[F_MEANS + MOC_USES_CHILDREN] = "meansOfControlUsesChildren",
	[F_MEANS + MOC_THREAT_OF_LAW_ENFORCEMENT] =
	    "meansOfControlThreatOfLawEnforcement",
	[F_MEANS + MOC_WITHHOLDS_NECESSITIES] =
	    "meansOfControlWithholdsNecessities",
	[F_MEANS + MOC_WITHHOLDS_DOCUMENTS] =
	    "meansOfControlWithholdsDocuments",
	[F_MEANS + MOC_OTHER] = "meansOfControlOther",
	[F_NOT_SPECIFIED] = "meansOfControlNotSpecified",
	[F__MAX] = NULL,
};

/* Is field f a 0/1 flag (else text)? */
static bool
is_flag(int f)
{
	return (f >= F_FORCED_LABOUR && f <= F_SLAVERY) || f >= F_MEANS;
}

#define ANY	"Any"	/* a quasi-identifier generalised away */

/* ---- Gender: the sex codes; nothing between a value and "any". */

static const char *const genders[] = {
	"female", "Female",
	"male", "Male",
	"other", "Transgender-NonConforming",
	"unknown", "Unknown",
};
#define GENDER_UNKNOWN	3

static int32_t
gender_code(const char *sex)
{
	int32_t	 i;

	for (i = 0; i < 4; i++)
		if (strcmp(genders[2 * i], sex) == 0)
			return i;
	return GENDER_UNKNOWN;
}

/* ---- Age: the band and the majority status, as one code. */

static const char *const bands[] = {
	"0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38",
	"39--47", "48+", "Unknown"
};
#define BAND_UNKNOWN	9

int
export_age_band(int registration_year, int birth_year)
{
	static const int	 upper[] = { 8, 17, 20, 23, 26, 29, 38, 47 };
	int			 age, i;

	if (birth_year <= 0 || registration_year < birth_year)
		return -1;
	age = registration_year - birth_year;
	for (i = 0; i < 8; i++)
		if (age <= upper[i])
			return i;
	return 8;
}

/* Code band * 2 + adult; level 1 keeps adult (0 minor, 1 adult). */
static int32_t
age_general(int32_t code, int level)
{
	(void)level;
	return code % 2;
}

/* ---- Countries. */

/* The other member states of the European Union (ISO 3166). */
static const char *const eu_other[] = {
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
	"GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PT", "RO",
	"SK", "SI", "ES", "SE"
};
#define NEU		26
#define C_NONE		0		/* not recorded */
#define C_PL		1
#define C_EU		2		/* 2 .. 27: eu_other */
#define C_NONEU		(C_EU + NEU)	/* 28 .. 253: the run's */
#define C_NONEU_OTHER	KANON_CODE_MAX	/* past the table (never) */

enum { G_PL, G_EU, G_NONEU, G_NONE };	/* the groups of level 1 */

static bool
iso_ok(const char *s)
{
	return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
	    s[1] <= 'Z';
}

static int
eu_index(const char *s)
{
	int	 i;

	for (i = 0; i < NEU; i++)
		if (strcmp(eu_other[i], s) == 0)
			return i;
	return -1;
}

static int
cmp_iso(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int32_t
country_code(const struct export_countries *t, const char *s)
{
	const char	(*hit)[3];
	int		 i;

	if (!iso_ok(s))
		return C_NONE;
	if (strcmp(s, "PL") == 0)
		return C_PL;
	if ((i = eu_index(s)) >= 0)
		return C_EU + i;
	hit = bsearch(s, t->iso, t->n, sizeof(t->iso[0]), cmp_iso);
	return hit == NULL ? C_NONEU_OTHER : C_NONEU + (int32_t)(hit - t->iso);
}

static int32_t
country_general(int32_t code, int level)
{
	(void)level;
	return code == C_NONE ? G_NONE : code == C_PL ? G_PL : code < C_NONEU ?
	    G_EU : G_NONEU;
}

/* Add the non-EU code s to the table (unsorted, deduplicated later). */
static void
country_note(char (*all)[3], size_t *n, const char *s)
{
	if (!iso_ok(s) || strcmp(s, "PL") == 0 || eu_index(s) >= 0)
		return;
	memcpy(all[(*n)++], s, 3);
}

/* The non-EU countries of the cases, sorted; the first that fit. */
static void
countries_of(const struct export_case *c, size_t n,
    struct export_countries *t)
{
	char	(*all)[3] = xcalloc(2 * n + 1, sizeof(*all));
	size_t	 i, m = 0;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		country_note(all, &m, c[i].citizenship);
		country_note(all, &m, c[i].exploitation);
	}
	qsort(all, m, sizeof(*all), cmp_iso);
	for (i = 0; i < m && t->n < EXPORT_NONEU_MAX; i++)
		if (t->n == 0 || strcmp(t->iso[t->n - 1], all[i]) != 0)
			memcpy(t->iso[t->n++], all[i], 3);
	free(all);
}

/* ---- Years: a year, its five-year period. */

#define YEAR_BASE	1900

static int32_t
year_code(int y)
{
	y -= YEAR_BASE;
	return y < 0 ? 0 : y > KANON_CODE_MAX ? KANON_CODE_MAX : y;
}

static int32_t
year_general(int32_t code, int level)
{
	(void)level;
	return code / 5;
}

const struct kanon_qi export_qis[EXQ__MAX] = {
	[EXQ_GENDER] = { "gender", 1, NULL },
	[EXQ_AGE] = { "ageBroad", 2, age_general },
	[EXQ_CITIZENSHIP] = { "citizenship", 2, country_general },
	[EXQ_YEAR] = { "yearOfRegistration", 2, year_general },
	[EXQ_COUNTRY] = { "CountryOfExploitation", 2, country_general },
};

/* What each level of each quasi-identifier publishes, for the summary. */
static const char *const meanings[EXQ__MAX][3] = {
	[EXQ_GENDER] = { "as recorded", "not published (Any)", NULL },
	[EXQ_AGE] = { "age band and majority status",
	    "majority status only (ageBroad Any)",
	    "not published (both Any)" },
	[EXQ_CITIZENSHIP] = { "ISO 3166 country",
	    "group: PL, OtherEU, NonEU", "not published (Any)" },
	[EXQ_YEAR] = { "year", "five-year period (2020-2024)",
	    "not published (Any)" },
	[EXQ_COUNTRY] = { "ISO 3166 country",
	    "group: PL, OtherEU, NonEU", "not published (Any)" },
};

void
export_codes(const struct export_countries *t, const struct export_case *c,
    int32_t codes[EXQ__MAX])
{
	int	 band = export_age_band(c->year, c->birth_year);

	codes[EXQ_GENDER] = gender_code(c->sex);
	codes[EXQ_AGE] = (band < 0 ? BAND_UNKNOWN : band) * 2 + !c->minor;
	codes[EXQ_CITIZENSHIP] = country_code(t, c->citizenship);
	codes[EXQ_YEAR] = year_code(c->year);
	codes[EXQ_COUNTRY] = country_code(t, c->exploitation);
}

/* ---- One record's values. */

#define VALUE_MAX	128

/* The bits of the exploitation codes, by CTDC's kinds. */
struct kinds {
	int64_t	 labour, sexual, other, marriage, organs, slavery;
};

static int64_t
bit(const char *code)
{
	int	 i = enum_index(ENUM_EXPLOITATION, code);

	return i < 0 ? 0 : (int64_t)1 << i;
}

static void
kinds_init(struct kinds *k)
{
	/* CTDC counts begging and domestic work as kinds of forced labour. */
	k->labour = bit("forced_labour") | bit("forced_begging") |
	    bit("domestic_servitude");
	k->sexual = bit("sexual");
	k->other = bit("forced_criminality") | bit("illegal_adoption") |
	    bit("other");
	k->marriage = bit("forced_marriage");
	k->organs = bit("organ_removal");
	k->slavery = bit("slavery");
}

static void
country_text(const struct export_countries *t, int32_t code, int level,
    char *v)
{
	static const char *const groups[] = { "PL", "OtherEU", "NonEU", "" };

	if (level >= 2)
		snprintf(v, VALUE_MAX, "%s", ANY);
	else if (level == 1 || code == C_NONEU_OTHER || code == C_NONE)
		snprintf(v, VALUE_MAX, "%s", groups[country_general(code, 1)]);
	else if (code == C_PL)
		snprintf(v, VALUE_MAX, "PL");
	else if (code < C_NONEU)
		snprintf(v, VALUE_MAX, "%s", eu_other[code - C_EU]);
	else
		snprintf(v, VALUE_MAX, "%s", t->iso[code - C_NONEU]);
}

static void
record_values(const struct export *x, size_t i, char v[F__MAX][VALUE_MAX])
{
	const struct export_case	*c = &x->cases[i];
	const int32_t			*code = &x->codes[i * EXQ__MAX];
	const int			*lv = x->sum.res.level;
	struct kinds			 k;
	struct buf			 types;
	int				 m;

	kinds_init(&k);
	/* Quasi-identifiers, at their chosen levels. */
	if (lv[EXQ_YEAR] >= 2)
		snprintf(v[F_YEAR], VALUE_MAX, "%s", ANY);
	else if (lv[EXQ_YEAR] == 1)
		snprintf(v[F_YEAR], VALUE_MAX, "%d-%d", YEAR_BASE +
		    code[EXQ_YEAR] / 5 * 5, YEAR_BASE + code[EXQ_YEAR] / 5 * 5 +
		    4);
	else
		snprintf(v[F_YEAR], VALUE_MAX, "%d", YEAR_BASE +
		    code[EXQ_YEAR]);
	snprintf(v[F_GENDER], VALUE_MAX, "%s", lv[EXQ_GENDER] >= 1 ? ANY :
	    genders[2 * code[EXQ_GENDER] + 1]);
	snprintf(v[F_AGE], VALUE_MAX, "%s", lv[EXQ_AGE] >= 1 ? ANY :
	    bands[code[EXQ_AGE] / 2]);
	snprintf(v[F_MAJORITY], VALUE_MAX, "%s", lv[EXQ_AGE] >= 2 ? ANY :
	    code[EXQ_AGE] % 2 ? "Adult" : "Minor");
	country_text(&x->countries, code[EXQ_CITIZENSHIP],
	    lv[EXQ_CITIZENSHIP], v[F_CITIZENSHIP]);
	country_text(&x->countries, code[EXQ_COUNTRY], lv[EXQ_COUNTRY],
	    v[F_COUNTRY]);
	/* Forms of exploitation. */
	snprintf(v[F_FORCED_LABOUR], VALUE_MAX, "%d", (c->forms & k.labour) !=
	    0);
	snprintf(v[F_SEXUAL], VALUE_MAX, "%d", (c->forms & k.sexual) != 0);
	snprintf(v[F_OTHER_EXPLOIT], VALUE_MAX, "%d", (c->forms & k.other) !=
	    0);
	snprintf(v[F_SEX_AND_LABOUR], VALUE_MAX, "%d", (c->forms & k.labour) &&
	    (c->forms & k.sexual));
	snprintf(v[F_FORCED_MARRIAGE], VALUE_MAX, "%d", (c->forms &
	    k.marriage) != 0);
	snprintf(v[F_ORGAN_REMOVAL], VALUE_MAX, "%d", (c->forms & k.organs) !=
	    0);
	snprintf(v[F_SLAVERY], VALUE_MAX, "%d", (c->forms & k.slavery) != 0);
	buf_init(&types, VALUE_MAX - 1);
	if (c->forms & k.labour)
		buf_adds(&types, "Forced labour;");
	if (c->forms & k.sexual)
		buf_adds(&types, "Sexual exploitation;");
	if (c->forms & k.marriage)
		buf_adds(&types, "Forced marriage;");
	if (c->forms & k.organs)
		buf_adds(&types, "Organ removal;");
	if (c->forms & k.slavery)
		buf_adds(&types, "Slavery and similar practices;");
	if (c->forms & k.other)
		buf_adds(&types, "Other;");
	if (types.len > 0)
		types.data[--types.len] = '\0';	/* the last ';' */
	snprintf(v[F_TYPES], VALUE_MAX, "%s", types.data);
	buf_release(&types);
	/* Means of control. */
	for (m = 0; m < MOC__MAX; m++)
		snprintf(v[F_MEANS + m], VALUE_MAX, "%d",
		    (c->means & M(m)) != 0);
	snprintf(v[F_NOT_SPECIFIED], VALUE_MAX, "%d",
	    (c->means & (M(MOC__MAX) - 1)) == 0);
}

/* ---- CSV. */

static void
csv_field(struct buf *b, const char *s)
{
	if (strpbrk(s, "\",\r\n") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static void
csv_row(const struct export *x, size_t i, struct buf *b)
{
	char	 v[F__MAX][VALUE_MAX];
	int	 f;

	record_values(x, i, v);
	for (f = 0; f < F__MAX; f++) {
		if (f > 0)
			buf_addc(b, ',');
		csv_field(b, v[f]);
	}
	buf_adds(b, "\r\n");
}

void
export_csv(const struct export *x, struct buf *b)
{
	size_t	 i;
	int	 f;

	for (f = 0; f < F__MAX; f++) {
		if (f > 0)
			buf_addc(b, ',');
		buf_adds(b, export_fields[f]);
	}
	buf_adds(b, "\r\n");
	for (i = 0; i < x->sum.exported; i++)
		csv_row(x, x->order[i], b);
}

/* ---- The run. */

struct line {
	char	*text;
	size_t	 i;
};

static int
cmp_line(const void *a, const void *b)
{
	const struct line	*x = a, *y = b;
	int			 d = strcmp(x->text, y->text);

	return d != 0 ? d : x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The published order: by the printed rows, so that it says nothing of
 * the order of registration or of the ids.
 */
static void
order_records(struct export *x, const bool *keep)
{
	struct line	*l;
	struct buf	 b;
	size_t		 i, n = 0;

	l = xcalloc(x->sum.anonymised + 1, sizeof(*l));
	for (i = 0; i < x->sum.anonymised; i++) {
		if (!keep[i])
			continue;
		buf_init(&b, 4096);
		csv_row(x, i, &b);
		l[n].text = buf_detach(&b, NULL);
		l[n++].i = i;
	}
	qsort(l, n, sizeof(*l), cmp_line);
	x->order = xcalloc(n + 1, sizeof(*x->order));
	for (i = 0; i < n; i++) {
		x->order[i] = l[i].i;
		free(l[i].text);
	}
	free(l);
	x->sum.exported = n;
}

int
export_run(struct export_case **cases, size_t n, size_t considered,
    size_t no_consent, const char *date, size_t k, int pct,
    struct export *out, struct err *e)
{
	bool	*keep = NULL;
	size_t	 i;
	int	 rc = -1;

	memset(out, 0, sizeof(*out));
	out->cases = *cases;
	*cases = NULL;
	if (k < EXPORT_K_MIN || k > EXPORT_K_MAX || pct < 0 || pct > 100 ||
	    n > EXPORT_RECORDS_MAX) {
		err_set(e, ERR_INVALID, "k must be %d to %d and the share "
		    "suppressed 0 to 100 per cent", EXPORT_K_MIN,
		    EXPORT_K_MAX);
		goto out;
	}
	out->sum.k = k;
	out->sum.max_suppress_pct = pct;
	snprintf(out->sum.date, sizeof(out->sum.date), "%s", date);
	out->sum.considered = considered;
	out->sum.no_consent = no_consent;
	out->sum.anonymised = n;
	out->sum.max_suppressed = n * (size_t)pct / 100;
	countries_of(out->cases, n, &out->countries);
	out->codes = xcalloc(n * EXQ__MAX + 1, sizeof(*out->codes));
	for (i = 0; i < n; i++)
		export_codes(&out->countries, &out->cases[i],
		    &out->codes[i * EXQ__MAX]);
	keep = xcalloc(n + 1, sizeof(*keep));
	if (kanon_run(out->codes, n, export_qis, EXQ__MAX, k,
	    out->sum.max_suppressed, keep, &out->sum.res) == -1) {
		err_set(e, ERR_INVALID, "k-anonymity failed");
		goto out;
	}
	order_records(out, keep);
	rc = 0;
out:
	free(keep);
	if (rc == -1)
		export_release(out);
	return rc;
}

void
export_release(struct export *x)
{
	if (x == NULL)
		return;
	free(x->cases);
	free(x->codes);
	free(x->order);
	memset(x, 0, sizeof(*x));
}

/* ---- JSON and the summary. */

json_t *
export_summary_json(const struct export *x)
{
	const struct export_summary	*s = &x->sum;
	json_t				*gen = json_object();
	int				 q;

	for (q = 0; q < EXQ__MAX; q++)
		json_object_set_new(gen, export_qis[q].name, json_pack(
		    "{s:i, s:i, s:s}", "level", s->res.level[q], "levels",
		    export_qis[q].levels, "meaning",
		    meanings[q][s->res.level[q]]));
	return json_pack("{s:I, s:i, s:s, s:I, s:I, s:I, s:I, s:o, s:I, "
	    "s:I, s:I, s:b}",
	    "k", (json_int_t)s->k,
	    "max_suppress_percent", s->max_suppress_pct,
	    "consent_valid_on", s->date,
	    "records_considered", (json_int_t)s->considered,
	    "excluded_no_consent", (json_int_t)s->no_consent,
	    "records_anonymised", (json_int_t)s->anonymised,
	    "max_suppressed", (json_int_t)s->max_suppressed,
	    "generalisation", gen,
	    "suppressed", (json_int_t)s->res.suppressed,
	    "groups", (json_int_t)s->res.groups,
	    "exported", (json_int_t)s->exported,
	    "k_too_large", s->res.k_too_large);
}

json_t *
export_json(const struct export *x)
{
	json_t	*fields = json_array(), *records = json_array(), *o;
	char	 v[F__MAX][VALUE_MAX];
	size_t	 i;
	int	 f;

	for (f = 0; f < F__MAX; f++)
		json_array_append_new(fields, json_string(export_fields[f]));
	for (i = 0; i < x->sum.exported; i++) {
		record_values(x, x->order[i], v);
		o = json_object();
		for (f = 0; f < F__MAX; f++)
			json_object_set_new(o, export_fields[f], is_flag(f) ?
			    json_integer(v[f][0] == '1') : json_string(v[f]));
		json_array_append_new(records, o);
	}
	return json_pack("{s:o, s:o, s:o}", "summary", export_summary_json(x),
	    "fields", fields, "records", records);
}

void
export_summary_text(const struct export *x, struct buf *b)
{
	const struct export_summary	*s = &x->sum;
	int				 q;

	buf_addf(b, "anonymised export: k = %zu, at most %d%% of the records "
	    "suppressed, consents valid on %s\n", s->k, s->max_suppress_pct,
	    s->date);
	buf_addf(b, "records considered (registered victims): %zu\n",
	    s->considered);
	buf_addf(b, "excluded for lack of a statistics consent: %zu\n",
	    s->no_consent);
	buf_addf(b, "records anonymised: %zu\n", s->anonymised);
	if (s->res.k_too_large) {
		buf_addf(b, "k_too_large: fewer records than k (%zu < %zu): "
		    "nothing is exported\n", s->anonymised, s->k);
		return;
	}
	buf_adds(b, "generalisation:\n");
	for (q = 0; q < EXQ__MAX; q++)
		buf_addf(b, "  %s: level %d of %d, %s\n", export_qis[q].name,
		    s->res.level[q], export_qis[q].levels,
		    meanings[q][s->res.level[q]]);
	buf_addf(b, "suppressed: %zu (at most %zu allowed)\n",
	    s->res.suppressed, s->max_suppressed);
	buf_addf(b, "groups: %zu\n", s->res.groups);
	buf_addf(b, "exported: %zu\n", s->exported);
}

void
export_audit_detail(const struct export *x, const char *format, char *out,
    size_t len)
{
	snprintf(out, len, "k=%zu format=%s exported=%zu", x->sum.k, format,
	    x->sum.exported);
}

int
export_number(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char		*end;
	long long	 v;

	*out = 0;
	if (s == NULL || *s < '0' || *s > '9' || strlen(s) > 12)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}
