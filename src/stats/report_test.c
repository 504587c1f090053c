/*
 * The annual report on crafted computations: its options, the order of
 * its tables (each once, by section), the PDF's pages (counted first,
 * long tables split), the workbook's sheets, and the CSV being the
 * download's bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/xmalloc.h"
#include "stats/report.h"

#define MAXT	8

/* A table of rows x cols with cells i * 7 % 11 (some small, some not). */
static void
add_table(struct stats *s, const char *id, const char *section,
    const char *chart, bool margins, size_t rows, size_t cols)
{
	struct stat_table	*t;
	size_t			 r, c;
	char			 code[24], pl[64], en[64];

	if (s->t == NULL)
		s->t = xcalloc(MAXT, sizeof(*s->t));
	assert_true(s->n < MAXT);
	t = &s->t[s->n++];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->section = section;
	t->chart = chart;
	t->title_pl = "Zarejestrowane ofiary według płci i wieku";
	t->title_en = "Registered victims by sex and age";
	t->margins = margins;
	t->rows = rows;
	t->cols = cols;
	t->row = xcalloc(rows > 0 ? rows : 1, sizeof(*t->row));
	t->col = xcalloc(cols > 0 ? cols : 1, sizeof(*t->col));
	t->cell = xcalloc(rows * cols > 0 ? rows * cols : 1, sizeof(*t->cell));
	for (r = 0; r < rows; r++) {
		snprintf(code, sizeof(code), "r%zu", r);
		snprintf(pl, sizeof(pl), "Wiersz żółw %zu", r);
		snprintf(en, sizeof(en), "Row %zu", r);
		snprintf(t->row[r].code, sizeof(t->row[r].code), "%s", code);
		snprintf(t->row[r].pl, sizeof(t->row[r].pl), "%s", pl);
		snprintf(t->row[r].en, sizeof(t->row[r].en), "%s", en);
	}
	for (c = 0; c < cols; c++) {
		snprintf(t->col[c].code, sizeof(t->col[c].code), "c%zu", c);
		snprintf(t->col[c].pl, sizeof(t->col[c].pl),
		    "Kolumna o bardzo długiej nazwie zidentyfikowana %zu", c);
		snprintf(t->col[c].en, sizeof(t->col[c].en), "Column %zu", c);
	}
	for (r = 0; r < rows * cols; r++)
		t->cell[r] = (int64_t)(r * 7 % 11);
}

static void
make_report(struct report *rep, size_t long_rows, bool en)
{
	struct stats	 s;

	memset(&s, 0, sizeof(s));
	report_query(2025, &s.q);
	add_table(&s, "mystery_table", "mystery", "bar", false, 3, 1);
	add_table(&s, "victims_sex_age", "victims", "stacked", true, 4, 2);
	add_table(&s, "contacts_inquirer", "contacts", "stacked", true,
	    long_rows, 10);
	add_table(&s, "shelter_occupancy", "shelter", "table", false, 2, 3);
	add_table(&s, "victims_empty", "victims", "bar", true, 0, 1);
	add_table(&s, "contacts_topics", "contacts", "bar", false, 9, 1);
	report_init(rep, 2025, en, 3, "2026-01-15", &s);
	assert_null(s.t);	/* moved */
}

static void
test_formats(void **state)
{
	enum report_format	 f;

	(void)state;
	assert_int_equal(report_format_parse("pdf", &f), 0);
	assert_int_equal(f, REPORT_PDF);
	assert_int_equal(report_format_parse("xlsx", &f), 0);
	assert_int_equal(f, REPORT_XLSX);
	assert_int_equal(report_format_parse("csv", &f), 0);
	assert_int_equal(f, REPORT_CSV);
	assert_int_equal(report_format_parse("PDF", &f), -1);
	assert_int_equal(report_format_parse("", &f), -1);
	assert_int_equal(report_format_parse(NULL, &f), -1);
	assert_int_equal(report_format_parse("pdf ", &f), -1);
	assert_string_equal(report_format_ctype(REPORT_PDF),
	    "application/pdf");
	assert_string_equal(report_format_name(REPORT_XLSX), "xlsx");
}

static void
test_years(void **state)
{
	static const struct {
		const char	*in;
		int		 ok;
	} cases[] = {
		{ "2026", 2026 }, { "2000", 2000 }, { "2013", 2013 },
		{ "1999", 0 }, { "2027", 0 }, { "202", 0 }, { "20266", 0 },
		{ "2o26", 0 }, { "", 0 }, { NULL, 0 }, { " 2026", 0 },
		{ "+202", 0 }, { "-2026", 0 }, { "2026\n", 0 },
	};
	struct err	 e;
	size_t		 i;
	int		 y;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int	 rc = report_year_parse(cases[i].in, 2026, &y, &e);

		assert_int_equal(rc, cases[i].ok ? 0 : -1);
		assert_int_equal(y, cases[i].ok);
	}
}

static void
test_query(void **state)
{
	struct stats_query	 q;
	const char		*field;
	struct err		 e;

	(void)state;
	report_query(2024, &q);
	assert_string_equal(q.from, "2024-01-01");
	assert_string_equal(q.to, "2024-12-31");
	assert_string_equal(q.channel, "");
	assert_int_equal(q.out_of_hours, -1);
	assert_int_equal(stats_query_check(&q, &field, &e), 0);
}

/* Every table once; sections in the report's order; unknown ones last. */
static void
test_order(void **state)
{
	struct report	 rep;
	static const char *const want[] = {
		"contacts_inquirer", "contacts_topics", "victims_sex_age",
		"victims_empty", "shelter_occupancy", "mystery_table"
	};
	size_t		 i;

	(void)state;
	make_report(&rep, 12, false);
	assert_int_equal(rep.n, rep.s.n);
	assert_int_equal(rep.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < rep.n; i++) {
		assert_string_equal(rep.order[i]->id, want[i]);
		assert_ptr_equal(rep.sect[i],
		    report_section_of(rep.order[i]->section));
	}
	assert_string_equal(rep.sect[0]->id, "contacts");
	assert_null(rep.sect[5]->id);		/* the catch-all */
	assert_string_equal(report_section_of("victims")->title_pl,
	    "Ofiary handlu ludźmi");
	report_free(&rep);
	report_free(NULL);
}

/* How many times needle occurs in b (bytes, NULs included). */
static size_t
count(const struct buf *b, const char *needle)
{
	size_t	 n = 0, i, len = strlen(needle);

	for (i = 0; i + len <= b->len; i++)
		if (memcmp(b->data + i, needle, len) == 0)
			n++;
	return n;
}

static int
pdf_pages(size_t rows, bool en, struct buf *b)
{
	struct report	 rep;
	struct err	 e;
	int		 pages = -1;

	make_report(&rep, rows, en);
	buf_init(b, REPORT_BYTES_MAX);
	assert_int_equal(report_render(&rep, REPORT_PDF, b, &pages, &e), 0);
	report_free(&rep);
	assert_true(b->len > 1000);
	assert_memory_equal(b->data, "%PDF-", 5);
	assert_non_null(strstr(b->data + b->len - 8, "%%EOF"));
	/* The page objects of the file ("/Type /Page % N") are the pages. */
	assert_int_equal(count(b, "/Type /Page %"), (size_t)pages);
	return pages;
}

/*
 * A title page and a page per section at least; a long table runs over
 * more pages; the count is the same each time and in both languages.
 */
static void
test_pdf_pages(void **state)
{
	struct buf	 b;
	int		 short_pages, long_pages;

	(void)state;
	short_pages = pdf_pages(12, false, &b);
	buf_release(&b);
	assert_true(short_pages >= 1 + 4);	/* title + 4 sections */
	long_pages = pdf_pages(200, false, &b);
	buf_release(&b);
	assert_true(long_pages >= short_pages + 3);
	assert_int_equal(pdf_pages(200, false, &b), long_pages);
	buf_release(&b);
	assert_int_equal(pdf_pages(200, true, &b), long_pages);
	buf_release(&b);
}

/* A report with no tables: the title page alone. */
static void
test_pdf_empty(void **state)
{
	struct report	 rep;
	struct stats	 s;
	struct buf	 b;
	struct err	 e;
	int		 pages;

	(void)state;
	memset(&s, 0, sizeof(s));
	report_query(2020, &s.q);
	report_init(&rep, 2020, false, 3, "2026-01-15", &s);
	buf_init(&b, REPORT_BYTES_MAX);
	assert_int_equal(report_pdf(&rep, &b, &pages, &e), 0);
	assert_int_equal(pages, 1);
	buf_release(&b);
	report_free(&rep);
}

/* A cap that is too small is an error, not a truncated file. */
static void
test_pdf_too_big(void **state)
{
	struct report	 rep;
	struct buf	 b;
	struct err	 e;
	int		 pages;

	(void)state;
	make_report(&rep, 12, false);
	buf_init(&b, 4096);
	assert_int_equal(report_render(&rep, REPORT_PDF, &b, &pages, &e), -1);
	buf_release(&b);
	report_free(&rep);
}

/* A zip with the Info sheet and one sheet per table, no more. */
static void
test_xlsx(void **state)
{
	struct report	 rep;
	struct buf	 b;
	struct err	 e;
	char		 name[64];
	size_t		 i;

	(void)state;
	make_report(&rep, 12, false);
	buf_init(&b, REPORT_BYTES_MAX);
	assert_int_equal(report_render(&rep, REPORT_XLSX, &b, NULL, &e), 0);
	assert_memory_equal(b.data, "PK\x03\x04", 4);
	for (i = 1; i <= rep.n + 1; i++) {
		snprintf(name, sizeof(name), "xl/worksheets/sheet%zu.xml", i);
		assert_true(count(&b, name) >= 1);
	}
	snprintf(name, sizeof(name), "xl/worksheets/sheet%zu.xml", rep.n + 2);
	assert_int_equal(count(&b, name), 0);
	buf_release(&b);
	report_free(&rep);
}

/* The CSV is the statistics download's: a BOM, then stats_csv. */
static void
test_csv(void **state)
{
	struct report	 rep;
	struct buf	 a, b;
	struct err	 e;

	(void)state;
	make_report(&rep, 12, true);
	buf_init(&a, REPORT_BYTES_MAX);
	buf_init(&b, REPORT_BYTES_MAX);
	assert_int_equal(report_render(&rep, REPORT_CSV, &a, NULL, &e), 0);
	buf_adds(&b, "\xef\xbb\xbf");
	stats_csv(&rep.s, 3, true, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_non_null(strstr(a.data, "\"Row 0\""));
	buf_release(&a);
	buf_release(&b);
	report_free(&rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_pdf_pages),
		cmocka_unit_test(test_pdf_empty),
		cmocka_unit_test(test_pdf_too_big),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
