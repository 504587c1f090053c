/*
 * The anonymised export's rules on crafted records: the age bands, the
 * country codes and their groups, the means of control of the indicators,
 * the fields printed at each level, and whole runs — k larger than the
 * data, all-unique rows, one dominant group — checked on the CSV itself:
 * every published combination of quasi-identifiers appears k times or
 * more, and nothing but the documented fields is printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/embed.h"
#include "hotline/enums.h"
#include "stats/export.h"

#define NFIELDS		32
#define NQIFIELDS	6	/* the first six columns */

static struct export_case
mk(const char *sex, int birth, bool minor, const char *cit, int year,
    const char *country)
{
	struct export_case	 c;

	memset(&c, 0, sizeof(c));
	snprintf(c.sex, sizeof(c.sex), "%s", sex);
	c.birth_year = birth;
	c.minor = minor;
	snprintf(c.citizenship, sizeof(c.citizenship), "%s", cit);
	c.year = year;
	snprintf(c.exploitation, sizeof(c.exploitation), "%s", country);
	return c;
}

static int64_t
form(const char *code)
{
	int	 i = enum_index(ENUM_EXPLOITATION, code);

	assert_true(i >= 0);
	return (int64_t)1 << i;
}

/* Run on a copy of n cases; the export is the caller's to release. */
static void
run(const struct export_case *cases, size_t n, size_t k, int pct,
    struct export *x)
{
	struct export_case	*copy = malloc((n + 1) * sizeof(*copy));
	struct err		 e;

	assert_non_null(copy);
	memcpy(copy, cases, n * sizeof(*copy));
	assert_int_equal(export_run(&copy, n, n + 3, 3, "2026-05-04", k, pct,
	    x, &e), 0);
	assert_null(copy);
}

/* The CSV of x split into lines of fields (no field here is quoted). */
struct table {
	char	*text;
	size_t	 rows;
	char	*cell[600][NFIELDS];
};

static struct table *
csv_table(const struct export *x)
{
	struct table	*t = calloc(1, sizeof(*t));
	struct buf	 b;
	char		*line, *next, *f;
	size_t		 c;

	assert_non_null(t);
	buf_init(&b, 1 << 22);
	export_csv(x, &b);
	assert_false(b.err);
	t->text = buf_detach(&b, NULL);
	for (line = t->text; *line != '\0'; line = next) {
		next = strstr(line, "\r\n");
		assert_non_null(next);	/* every line ends in CRLF */
		*next = '\0';
		next += 2;
		assert_null(strchr(line, '"'));
		assert_true(t->rows < 600);
		for (c = 0, f = line; c < NFIELDS; c++) {
			t->cell[t->rows][c] = f;
			if ((f = strchr(f, ',')) == NULL)
				break;
			*f++ = '\0';
		}
		assert_int_equal(c, NFIELDS - 1);	/* exactly 32 */
		t->rows++;
	}
	return t;
}

static void
table_free(struct table *t)
{
	free(t->text);
	free(t);
}

/* Every data row's quasi-identifiers appear at least k times. */
static void
assert_k_anonymous(const struct table *t, size_t k)
{
	size_t	 i, j, q, same;

	for (i = 1; i < t->rows; i++) {
		for (same = 0, j = 1; j < t->rows; j++) {
			for (q = 0; q < NQIFIELDS; q++)
				if (strcmp(t->cell[i][q], t->cell[j][q]) != 0)
					break;
			same += q == NQIFIELDS;
		}
		assert_true(same >= k);
	}
}

static int
column(const char *name)
{
	int	 i;

	for (i = 0; export_fields[i] != NULL; i++)
		if (strcmp(export_fields[i], name) == 0)
			return i;
	fail_msg("no field %s", name);
	return -1;
}

static void
test_fields(void **state)
{
	static const char *const want[] = {
		"yearOfRegistration", "gender", "ageBroad", "majorityStatus",
		"citizenship", "CountryOfExploitation", "isForcedLabour",
		"isSexualExploit", "isOtherExploit", "isSexAndLabour",
		"isForcedMarriage", "isOrganRemoval", "isSlaveryAndPractices",
		"typeOfExploitConcatenated", "meansOfControlDebtBondage",
		"meansOfControlTakesEarnings",
		"meansOfControlRestrictsFinancialAccess",
		"meansOfControlThreats", "meansOfControlPsychologicalAbuse",
		"meansOfControlPhysicalAbuse", "meansOfControlSexualAbuse",
		"meansOfControlFalsePromises",
		"meansOfControlPsychoactiveSubstances",
		"meansOfControlRestrictsMovement",
		"meansOfControlRestrictsMedicalCare",
		"meansOfControlExcessiveWorkingHours",
		"meansOfControlUsesChildren",
		"meansOfControlThreatOfLawEnforcement",
		"meansOfControlWithholdsNecessities",
		"meansOfControlWithholdsDocuments", "meansOfControlOther",
		"meansOfControlNotSpecified", NULL
	};
	int	 i;

	(void)state;
	for (i = 0; want[i] != NULL; i++)
		assert_string_equal(export_fields[i], want[i]);
	assert_null(export_fields[i]);
	assert_int_equal(i, NFIELDS);
}

static void
test_age_bands(void **state)
{
	static const struct {
		int	 age, band;
	} t[] = {
		{ 0, 0 }, { 8, 0 }, { 9, 1 }, { 17, 1 }, { 18, 2 }, { 20, 2 },
		{ 21, 3 }, { 23, 3 }, { 24, 4 }, { 26, 4 }, { 27, 5 },
		{ 29, 5 }, { 30, 6 }, { 38, 6 }, { 39, 7 }, { 47, 7 },
		{ 48, 8 }, { 95, 8 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(export_age_band(2024, 2024 - t[i].age),
		    t[i].band);
	assert_int_equal(export_age_band(2024, 0), -1);	/* unknown */
	assert_int_equal(export_age_band(2024, 2025), -1); /* bad */
}

static void
test_numbers(void **state)
{
	static const char *const bad[] = {
		"", "-3", "+3", " 3", "3 ", "3x", "1", "1001", "0x10",
		"99999999999999999999", "1e3", NULL
	};
	int64_t	 v;
	size_t	 i;

	(void)state;
	assert_int_equal(export_number("11", 2, 1000, &v), 0);
	assert_int_equal(v, 11);
	assert_int_equal(export_number("2", 2, 1000, &v), 0);
	assert_int_equal(export_number("1000", 2, 1000, &v), 0);
	assert_int_equal(export_number("0", 0, 100, &v), 0);
	assert_int_equal(v, 0);
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(export_number(bad[i], 2, 1000, &v), -1);
	assert_int_equal(export_number(NULL, 2, 1000, &v), -1);
}

/* The codes sit in 0 .. 254, and each level-1 code is its group. */
static void
test_codes_and_hierarchies(void **state)
{
	struct export_countries	 t;
	struct export_case	 c;
	int32_t			 a[EXQ__MAX], b[EXQ__MAX];
	const struct kanon_qi	*cit = &export_qis[EXQ_CITIZENSHIP];

	(void)state;
	memset(&t, 0, sizeof(t));
	memcpy(t.iso[t.n++], "UA", 3);
	memcpy(t.iso[t.n++], "VN", 3);
	c = mk("female", 1996, false, "PL", 2024, "DE");
	export_codes(&t, &c, a);
	assert_int_equal(a[EXQ_GENDER], 0);
	assert_int_equal(kanon_code(cit, a[EXQ_CITIZENSHIP], 1), 0); /* PL */
	assert_int_equal(kanon_code(cit, a[EXQ_COUNTRY], 1), 1);  /* EU */
	assert_int_equal(kanon_code(cit, a[EXQ_CITIZENSHIP], 2), KANON_ANY);
	/* Age: band 27-29, adult; level 1 keeps only "adult". */
	assert_int_equal(a[EXQ_AGE], 5 * 2 + 1);
	assert_int_equal(kanon_code(&export_qis[EXQ_AGE], a[EXQ_AGE], 1), 1);
	/* Years: 2020 .. 2024 share a period, 2025 starts the next. */
	c = mk("male", 0, true, "VN", 2020, "");
	export_codes(&t, &c, b);
	assert_int_equal(b[EXQ_GENDER], 1);
	assert_int_equal(kanon_code(&export_qis[EXQ_AGE], b[EXQ_AGE], 1), 0);
	assert_int_equal(b[EXQ_AGE], 9 * 2);	/* unknown band, minor */
	assert_int_equal(kanon_code(&export_qis[EXQ_YEAR], a[EXQ_YEAR], 1),
	    kanon_code(&export_qis[EXQ_YEAR], b[EXQ_YEAR], 1));
	c.year = 2025;
	export_codes(&t, &c, a);
	assert_int_not_equal(kanon_code(&export_qis[EXQ_YEAR], a[EXQ_YEAR],
	    1), kanon_code(&export_qis[EXQ_YEAR], b[EXQ_YEAR], 1));
	assert_int_equal(kanon_code(cit, b[EXQ_CITIZENSHIP], 1), 2); /* non */
	assert_int_equal(kanon_code(cit, b[EXQ_COUNTRY], 1), 3); /* none */
	/* A country missing from the table, a bad code, an odd sex. */
	c = mk("robot", 1990, false, "NZ", 2024, "pl");
	export_codes(&t, &c, a);
	assert_int_equal(a[EXQ_GENDER], 3);	/* unknown */
	assert_int_equal(kanon_code(cit, a[EXQ_CITIZENSHIP], 1), 2);
	assert_int_equal(kanon_code(cit, a[EXQ_COUNTRY], 1), 3);
	assert_true(a[EXQ_CITIZENSHIP] >= 0 &&
	    a[EXQ_CITIZENSHIP] <= KANON_CODE_MAX);
	/* Years far out stay in range. */
	c.year = 1800;
	export_codes(&t, &c, a);
	assert_int_equal(a[EXQ_YEAR], 0);
	c.year = 2300;
	export_codes(&t, &c, a);
	assert_int_equal(a[EXQ_YEAR], KANON_CODE_MAX);
}

/* Every indicator mapped is in the catalogue; the ones HTCDS names map. */
static void
test_means_of_control(void **state)
{
	const struct embed_file	*f = embed_find(embed_data,
				    "indicators.json");
	json_t			*doc, *ind;
	size_t			 i, mapped = 0;

	(void)state;
	assert_int_equal(export_means_flag("coer_dest_debt"),
	    1u << MOC_DEBT_BONDAGE);
	assert_int_equal(export_means_flag("coer_rec_documents"),
	    1u << MOC_WITHHOLDS_DOCUMENTS);
	assert_int_equal(export_means_flag("dec_wages"),
	    1u << MOC_FALSE_PROMISES);
	assert_int_equal(export_means_flag("coer_dest_denunciation"),
	    1u << MOC_THREAT_OF_LAW_ENFORCEMENT);
	assert_int_equal(export_means_flag("expl_hours"),
	    1u << MOC_EXCESSIVE_WORKING_HOURS);
	/* Vulnerabilities and poor conditions are not means of control. */
	assert_int_equal(export_means_flag("vul_dest_economic"), 0);
	assert_int_equal(export_means_flag("expl_pay"), 0);
	assert_int_equal(export_means_flag("act"), 0);
	assert_int_equal(export_means_flag("no_such_indicator"), 0);
	assert_int_equal(export_means_flag(NULL), 0);
	/* The catalogue's coercion indicators all map somewhere. */
	assert_non_null(f);
	doc = json_loadb((const char *)f->data, f->len, 0, NULL);
	assert_non_null(doc);
	json_array_foreach(json_object_get(doc, "indicators"), i, ind) {
		const char	*id = json_string_value(json_object_get(ind,
				    "id"));
		const char	*dim = json_string_value(json_object_get(ind,
				    "dimension"));

		assert_non_null(id);
		if (strcmp(dim, "coercive_recruitment") == 0 ||
		    strcmp(dim, "coercion_destination") == 0 ||
		    strcmp(dim, "deceptive_recruitment") == 0)
			assert_int_not_equal(export_means_flag(id), 0);
		mapped += export_means_flag(id) != 0;
	}
	assert_int_equal(mapped, 37);	/* the whole table of export.c */
	json_decref(doc);
}

static void
test_k_larger_than_data(void **state)
{
	struct export_case	 c[5];
	struct export		 x;
	struct table		*t;
	struct buf		 b;
	json_t			*j;
	size_t			 i;

	(void)state;
	for (i = 0; i < 5; i++)
		c[i] = mk("female", 1990, false, "UA", 2024, "PL");
	run(c, 5, 11, 5, &x);
	assert_true(x.sum.res.k_too_large);
	assert_int_equal(x.sum.exported, 0);
	assert_int_equal(x.sum.res.suppressed, 5);
	t = csv_table(&x);
	assert_int_equal(t->rows, 1);		/* the header only */
	table_free(t);
	j = export_json(&x);
	assert_int_equal(json_array_size(json_object_get(j, "records")), 0);
	assert_true(json_is_true(json_object_get(json_object_get(j,
	    "summary"), "k_too_large")));
	json_decref(j);
	buf_init(&b, 8192);
	export_summary_text(&x, &b);
	assert_non_null(strstr(b.data, "k_too_large"));
	assert_non_null(strstr(b.data, "nothing is exported"));
	buf_release(&b);
	export_release(&x);
	/* No record at all. */
	run(c, 0, 2, 5, &x);
	assert_true(x.sum.res.k_too_large);
	assert_int_equal(x.sum.exported, 0);
	export_release(&x);
}

/* Each row unique at the finest level: published only generalised. */
static void
test_all_unique(void **state)
{
	static const char *const cit[] = {
		"UA", "BY", "VN", "NG", "MD", "GE", "IN", "PH", "CN", "RU",
		"TR", "EG", "BR", "CO", "TH", "KE", "SN", "MA", "AL", "RS",
	};
	struct export_case	 c[40];
	struct export		 x;
	struct table		*t;
	size_t			 i;

	(void)state;
	for (i = 0; i < 40; i++)
		c[i] = mk(i % 2 ? "male" : "female", (int)(1960 + i), false,
		    cit[i % 20], (int)(2016 + i % 8), i < 20 ? "PL" : "DE");
	run(c, 40, 5, 5, &x);
	assert_false(x.sum.res.k_too_large);
	assert_true(x.sum.res.suppressed <= 2);
	assert_int_equal(x.sum.exported + x.sum.res.suppressed, 40);
	assert_true(x.sum.res.level[EXQ_CITIZENSHIP] >= 1);
	t = csv_table(&x);
	assert_int_equal(t->rows, x.sum.exported + 1);
	assert_k_anonymous(t, 5);
	/* Citizenship is a group or nothing: never one of the codes. */
	for (i = 1; i < t->rows; i++) {
		const char	*v = t->cell[i][column("citizenship")];

		assert_true(strcmp(v, "NonEU") == 0 || strcmp(v, "Any") == 0);
	}
	table_free(t);
	export_release(&x);
}

/* One dominant group and two outliers: the outliers go, nothing else. */
static void
test_one_dominant_group(void **state)
{
	struct export_case	 c[42];
	struct export		 x;
	struct table		*t;
	size_t			 i;
	int			 g;

	(void)state;
	for (i = 0; i < 40; i++)
		c[i] = mk("female", 1999, false, "UA", 2024, "PL");
	c[40] = mk("male", 1950, false, "NZ", 2019, "JP");
	c[41] = mk("other", 2010, true, "FJ", 2017, "");
	run(c, 42, 11, 5, &x);	/* 5% of 42: two may be dropped */
	assert_int_equal(x.sum.max_suppressed, 2);
	assert_int_equal(x.sum.res.suppressed, 2);
	assert_int_equal(x.sum.exported, 40);
	assert_int_equal(x.sum.res.groups, 1);
	for (g = 0; g < EXQ__MAX; g++)
		assert_int_equal(x.sum.res.level[g], 0);
	t = csv_table(&x);
	assert_k_anonymous(t, 11);
	for (i = 1; i < t->rows; i++) {
		assert_string_equal(t->cell[i][column("yearOfRegistration")],
		    "2024");
		assert_string_equal(t->cell[i][column("gender")], "Female");
		assert_string_equal(t->cell[i][column("ageBroad")], "24--26");
		assert_string_equal(t->cell[i][column("majorityStatus")],
		    "Adult");
		assert_string_equal(t->cell[i][column("citizenship")], "UA");
		assert_string_equal(
		    t->cell[i][column("CountryOfExploitation")], "PL");
	}
	assert_null(strstr(t->text, "NZ"));
	assert_null(strstr(t->text, "FJ"));
	table_free(t);
	export_release(&x);
	/* Suppressing nothing: everything is generalised away instead. */
	run(c, 42, 11, 0, &x);
	assert_int_equal(x.sum.res.suppressed, 0);
	assert_int_equal(x.sum.exported, 42);
	t = csv_table(&x);
	assert_k_anonymous(t, 11);
	table_free(t);
	export_release(&x);
}

/* Years merged into a period, ages into majority status: the labels. */
static void
test_generalised_labels(void **state)
{
	struct export_case	 c[24];
	struct export		 x;
	struct table		*t;
	struct buf		 b;
	size_t			 i;

	(void)state;
	/* Two years of a period and two adult bands, 6 of each pair. */
	for (i = 0; i < 24; i++)
		c[i] = mk("female", i % 2 ? 1990 : 2000, false, "UA",
		    i % 4 < 2 ? 2021 : 2023, "PL");
	run(c, 24, 12, 0, &x);
	assert_int_equal(x.sum.exported, 24);
	assert_int_equal(x.sum.res.level[EXQ_GENDER], 0);
	t = csv_table(&x);
	assert_k_anonymous(t, 12);
	if (x.sum.res.level[EXQ_YEAR] == 1)
		assert_string_equal(t->cell[1][column("yearOfRegistration")],
		    "2020-2024");
	if (x.sum.res.level[EXQ_AGE] == 1) {
		assert_string_equal(t->cell[1][column("ageBroad")], "Any");
		assert_string_equal(t->cell[1][column("majorityStatus")],
		    "Adult");
	}
	assert_true(x.sum.res.level[EXQ_YEAR] + x.sum.res.level[EXQ_AGE] ==
	    1);
	table_free(t);
	buf_init(&b, 8192);
	export_summary_text(&x, &b);
	assert_non_null(strstr(b.data, "exported: 24"));
	assert_non_null(strstr(b.data, "level 1 of 2"));
	buf_release(&b);
	export_release(&x);
	/* k = all: everything up to "Any" that must be. */
	for (i = 0; i < 24; i++)
		c[i] = mk(i % 2 ? "female" : "male", 1990, false, "UA", 2024,
		    "PL");
	run(c, 24, 24, 0, &x);
	t = csv_table(&x);
	assert_int_equal(x.sum.res.level[EXQ_GENDER], 1);
	for (i = 1; i < t->rows; i++)
		assert_string_equal(t->cell[i][column("gender")], "Any");
	assert_k_anonymous(t, 24);
	table_free(t);
	export_release(&x);
}

/* Forms and means: the flags, the concatenation, NotSpecified. */
static void
test_flags(void **state)
{
	struct export_case	 c[4];
	struct export		 x;
	struct table		*t;
	json_t			*j, *r;
	size_t			 i;

	(void)state;
	for (i = 0; i < 4; i++)
		c[i] = mk("female", 1990, false, "UA", 2024, "PL");
	c[0].forms = form("sexual") | form("forced_begging");
	c[0].means = 1u << MOC_DEBT_BONDAGE | 1u << MOC_THREATS;
	c[1].forms = form("organ_removal") | form("forced_criminality");
	c[2].forms = form("slavery") | form("forced_marriage");
	run(c, 4, 2, 0, &x);
	t = csv_table(&x);
	assert_int_equal(t->rows, 5);
	for (i = 1; i < t->rows; i++) {
		const char *const *row = (const char *const *)t->cell[i];
		const char	*types =
		    row[column("typeOfExploitConcatenated")];

		if (strcmp(types, "Forced labour;Sexual exploitation") == 0) {
			assert_string_equal(row[column("isForcedLabour")], "1");
			assert_string_equal(row[column("isSexualExploit")],
			    "1");
			assert_string_equal(row[column("isSexAndLabour")], "1");
			assert_string_equal(row[column(
			    "meansOfControlDebtBondage")], "1");
			assert_string_equal(row[column(
			    "meansOfControlThreats")], "1");
			assert_string_equal(row[column(
			    "meansOfControlWithholdsDocuments")], "0");
			assert_string_equal(row[column(
			    "meansOfControlNotSpecified")], "0");
		} else if (strcmp(types, "Organ removal;Other") == 0) {
			assert_string_equal(row[column("isOrganRemoval")], "1");
			assert_string_equal(row[column("isOtherExploit")], "1");
			assert_string_equal(row[column("isForcedLabour")], "0");
			assert_string_equal(row[column(
			    "meansOfControlNotSpecified")], "1");
		} else if (strcmp(types, "Forced marriage;Slavery and "
		    "similar practices") == 0) {
			assert_string_equal(row[column("isForcedMarriage")],
			    "1");
			assert_string_equal(row[column(
			    "isSlaveryAndPractices")], "1");
			assert_string_equal(row[column("isSexAndLabour")], "0");
		} else {
			assert_string_equal(types, "");
			assert_string_equal(row[column("isSexualExploit")],
			    "0");
			assert_string_equal(row[column(
			    "meansOfControlNotSpecified")], "1");
		}
	}
	table_free(t);
	/* JSON: the same fields, flags as numbers, the summary. */
	j = export_json(&x);
	assert_int_equal(json_array_size(json_object_get(j, "fields")),
	    NFIELDS);
	assert_int_equal(json_array_size(json_object_get(j, "records")), 4);
	json_array_foreach(json_object_get(j, "records"), i, r) {
		assert_int_equal(json_object_size(r), NFIELDS);
		assert_true(json_is_integer(json_object_get(r,
		    "isForcedLabour")));
		assert_true(json_is_string(json_object_get(r,
		    "yearOfRegistration")));
	}
	r = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(r, "k")), 2);
	assert_int_equal(json_integer_value(json_object_get(r,
	    "records_considered")), 7);
	assert_int_equal(json_integer_value(json_object_get(r,
	    "excluded_no_consent")), 3);
	assert_int_equal(json_integer_value(json_object_get(r, "exported")),
	    4);
	assert_string_equal(json_string_value(json_object_get(r,
	    "consent_valid_on")), "2026-05-04");
	assert_int_equal(json_object_size(json_object_get(r,
	    "generalisation")), EXQ__MAX);
	json_decref(j);
	export_release(&x);
}

/* The published order says nothing of the order the records came in. */
static void
test_order(void **state)
{
	struct export_case	 c[30], d[30];
	struct export		 x, y;
	struct buf		 a, b;
	size_t			 i;

	(void)state;
	for (i = 0; i < 30; i++) {
		c[i] = mk(i % 3 ? "female" : "male", 1980 + (int)(i % 5),
		    false, i % 2 ? "UA" : "PL", 2024, "PL");
		c[i].forms = form(i % 4 ? "sexual" : "forced_labour");
	}
	for (i = 0; i < 30; i++)
		d[i] = c[(i * 7) % 30];	/* 7 and 30: coprime */
	run(c, 30, 3, 5, &x);
	run(d, 30, 3, 5, &y);
	buf_init(&a, 1 << 20);
	buf_init(&b, 1 << 20);
	export_csv(&x, &a);
	export_csv(&y, &b);
	assert_string_equal(a.data, b.data);
	buf_release(&a);
	buf_release(&b);
	export_release(&x);
	export_release(&y);
}

static void
test_bad_arguments(void **state)
{
	struct export_case	*c = calloc(2, sizeof(*c));
	struct export		 x;
	struct err		 e;

	(void)state;
	assert_int_equal(export_run(&c, 1, 1, 0, "2026-01-01", 1, 5, &x, &e),
	    -1);
	assert_null(c);		/* taken even on failure */
	assert_null(x.cases);
	c = calloc(2, sizeof(*c));
	assert_int_equal(export_run(&c, 1, 1, 0, "2026-01-01", 11, 101, &x,
	    &e), -1);
	c = calloc(2, sizeof(*c));
	assert_int_equal(export_run(&c, 1, 1, 0, "2026-01-01", 1001, 5, &x,
	    &e), -1);
	export_release(&x);
	export_release(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_age_bands),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_codes_and_hierarchies),
		cmocka_unit_test(test_means_of_control),
		cmocka_unit_test(test_k_larger_than_data),
		cmocka_unit_test(test_all_unique),
		cmocka_unit_test(test_one_dominant_group),
		cmocka_unit_test(test_generalised_labels),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
