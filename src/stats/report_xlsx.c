/*
 * The annual report as an XLSX workbook (libxlsxwriter): a first sheet
 * "Info" (title, year, threshold, the legend of "<3" and "x", the sheets
 * and the definitions), then one sheet per table named by its id.  A
 * published count is a number; a hidden one is the string "<3" or "x".
 *
 * libxlsxwriter writes to a file: the workbook is made in a private
 * temporary folder (0700), read back into the caller's buffer, and both
 * are removed before returning.  The file holds suppressed numbers only.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/log.h"
#include "stats/report.h"

#define SHEET_NAME_MAX	31	/* Excel's limit */

struct xfmt {
	lxw_format	*bold, *title, *wrap;
};

static const char *
tr(const struct report *rep, const char *pl, const char *en)
{
	return report_tr(rep, pl, en);
}

/* The sheet of a table: its id, cut to Excel's 31 characters. */
static void
sheet_name(const struct stat_table *t, char name[SHEET_NAME_MAX + 1])
{
	snprintf(name, SHEET_NAME_MAX + 1, "%s", t->id);
}

static int
info_sheet(lxw_workbook *wb, const struct report *rep, const struct xfmt *f)
{
	lxw_worksheet			*ws = workbook_add_worksheet(wb, "Info");
	const struct report_section	*cur = NULL;
	char				 s[300], name[SHEET_NAME_MAX + 1];
	lxw_row_t			 r = 0;
	size_t				 i;

	if (ws == NULL)
		return -1;
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 1, 60, NULL);
	worksheet_set_column(ws, 2, 2, 30, NULL);
	snprintf(s, sizeof(s), tr(rep, "Sprawozdanie roczne za rok %d",
	    "Annual report for %d"), rep->year);
	worksheet_write_string(ws, r++, 0, s, f->title);
	worksheet_write_string(ws, r++, 0, tr(rep, report_centre_pl,
	    report_centre_en), NULL);
	r++;
	worksheet_write_string(ws, r, 0, tr(rep, "Rok", "Year"), f->bold);
	worksheet_write_number(ws, r++, 1, rep->year, NULL);
	snprintf(s, sizeof(s), "%s – %s", rep->s.q.from, rep->s.q.to);
	worksheet_write_string(ws, r, 0, tr(rep, "Okres", "Period"), f->bold);
	worksheet_write_string(ws, r++, 1, s, NULL);
	worksheet_write_string(ws, r, 0, tr(rep, "Data sporządzenia",
	    "Generated on"), f->bold);
	worksheet_write_string(ws, r++, 1, rep->generated, NULL);
	worksheet_write_string(ws, r, 0, tr(rep, "Próg ukrywania",
	    "Suppression threshold"), f->bold);
	if (rep->threshold >= 2)
		worksheet_write_number(ws, r++, 1, (double)rep->threshold,
		    NULL);
	else
		worksheet_write_string(ws, r++, 1, tr(rep, "wyłączony", "off"),
		    NULL);
	r++;
	worksheet_write_string(ws, r++, 0, tr(rep, "Oznaczenia", "Legend"),
	    f->bold);
	snprintf(s, sizeof(s), "<%lld", (long long)rep->threshold);
	worksheet_write_string(ws, r, 0, s, NULL);
	snprintf(s, sizeof(s), tr(rep, "liczba mniejsza niż %lld, ukryta",
	    "a count below %lld, hidden"), (long long)rep->threshold);
	worksheet_write_string(ws, r++, 1, s, NULL);
	worksheet_write_string(ws, r, 0, "x", NULL);
	worksheet_write_string(ws, r++, 1, tr(rep, "liczba ukryta, aby nie "
	    "dało się odtworzyć małej liczby z sum", "a count hidden so that a "
	    "small one cannot be recovered from the totals"), f->wrap);
	r++;
	worksheet_write_string(ws, r, 0, tr(rep, "Arkusz", "Sheet"), f->bold);
	worksheet_write_string(ws, r, 1, tr(rep, "Tabela", "Table"), f->bold);
	worksheet_write_string(ws, r++, 2, tr(rep, "Dział", "Section"),
	    f->bold);
	for (i = 0; i < rep->n; i++) {
		sheet_name(rep->order[i], name);
		worksheet_write_string(ws, r, 0, name, NULL);
		worksheet_write_string(ws, r, 1, tr(rep,
		    rep->order[i]->title_pl, rep->order[i]->title_en), NULL);
		worksheet_write_string(ws, r++, 2, tr(rep,
		    rep->sect[i]->title_pl, rep->sect[i]->title_en), NULL);
	}
	r++;
	worksheet_write_string(ws, r++, 0, tr(rep, "Definicje",
	    "Definitions"), f->bold);
	for (i = 0; i < rep->n; i++) {
		if (rep->sect[i] == cur)
			continue;
		cur = rep->sect[i];
		if (*cur->about_pl == '\0')
			continue;
		worksheet_write_string(ws, r, 0, tr(rep, cur->title_pl,
		    cur->title_en), NULL);
		worksheet_write_string(ws, r++, 1, tr(rep, cur->about_pl,
		    cur->about_en), f->wrap);
	}
	return 0;
}

/* One entry of the grid: a number when published, else its mark. */
static void
entry(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    const struct suppress_table *g, size_t i, int64_t threshold,
    lxw_format *f)
{
	char	 text[24];

	if (g->mark[i] == SUP_SHOWN)
		worksheet_write_number(ws, r, c, (double)g->value[i], f);
	else
		worksheet_write_string(ws, r, c, suppress_text(g, i, threshold,
		    text, sizeof(text)), f);
}

static int
table_sheet(lxw_workbook *wb, const struct report *rep,
    const struct stat_table *t, const struct xfmt *f)
{
	struct suppress_table	 g;
	lxw_worksheet		*ws;
	char			 name[SHEET_NAME_MAX + 1];
	const char		*total = tr(rep, "Razem", "Total");
	size_t			 r, c, ncol = t->cols + (t->margins ? 1 : 0);

	sheet_name(t, name);
	if ((ws = workbook_add_worksheet(wb, name)) == NULL)
		return -1;
	stats_grid(t, rep->threshold, &g);
	worksheet_set_column(ws, 0, 0, 45, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(ncol > 0 ? ncol : 1), 16,
	    NULL);
	worksheet_write_string(ws, 0, 0, tr(rep, t->title_pl, t->title_en),
	    f->title);
	/* Row 3 (index 2): the header, then a row per row, the totals. */
	for (c = 0; c < ncol; c++)
		worksheet_write_string(ws, 2, (lxw_col_t)(c + 1), c < t->cols ?
		    tr(rep, t->col[c].pl, t->col[c].en) : total, f->bold);
	for (r = 0; r <= t->rows; r++) {
		lxw_row_t	 xr = (lxw_row_t)(r + 3);
		lxw_format	*rf = NULL;

		if (r == t->rows) {
			if (!t->margins)
				break;
			rf = f->bold;
			worksheet_write_string(ws, xr, 0, total, rf);
		} else
			worksheet_write_string(ws, xr, 0, tr(rep, t->row[r].pl,
			    t->row[r].en), NULL);
		for (c = 0; c < ncol; c++)
			entry(ws, xr, (lxw_col_t)(c + 1), &g,
			    suppress_at(&g, r, c), rep->threshold, rf);
	}
	worksheet_freeze_panes(ws, 3, 1);
	stats_grid_free(&g);
	return 0;
}

/* Read the whole of path into out. */
static int
slurp(const char *path, struct buf *out, struct err *e)
{
	FILE	*f;
	char	 chunk[16384];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "rb")) == NULL) {
		err_set(e, ERR_IO, "cannot read the workbook: %s",
		    strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !out->err)
		buf_add(out, chunk, n);
	if (ferror(f)) {
		err_set(e, ERR_IO, "cannot read the workbook");
		rc = -1;
	} else if (out->err) {
		err_set(e, ERR_IO, "the workbook is too large");
		rc = -1;
	}
	fclose(f);
	return rc;
}

int
report_xlsx(const struct report *rep, struct buf *out, struct err *e)
{
	lxw_workbook_options	 opt;
	lxw_workbook		*wb;
	struct xfmt		 f;
	lxw_error		 le;
	const char		*tmp = getenv("TMPDIR");
	char			 dir[4096], path[4200];
	size_t			 i;
	int			 rc = -1;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s/haven-report-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		err_set(e, ERR_IO, "cannot make a temporary folder: %s",
		    strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/report.xlsx", dir);
	memset(&opt, 0, sizeof(opt));
	opt.tmpdir = dir;
	if ((wb = workbook_new_opt(path, &opt)) == NULL) {
		err_set(e, ERR_IO, "cannot start the workbook");
		goto out;
	}
	f.bold = workbook_add_format(wb);
	format_set_bold(f.bold);
	f.title = workbook_add_format(wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 13);
	f.wrap = workbook_add_format(wb);
	format_set_text_wrap(f.wrap);
	format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
	if (info_sheet(wb, rep, &f) == -1) {
		workbook_close(wb);
		err_set(e, ERR_IO, "cannot add a sheet");
		goto out;
	}
	for (i = 0; i < rep->n; i++)
		if (table_sheet(wb, rep, rep->order[i], &f) == -1) {
			workbook_close(wb);
			err_set(e, ERR_IO, "cannot add the sheet of %s",
			    rep->order[i]->id);
			goto out;
		}
	if ((le = workbook_close(wb)) != LXW_NO_ERROR) {
		err_set(e, ERR_IO, "cannot write the workbook: %s",
		    lxw_strerror(le));
		goto out;
	}
	rc = slurp(path, out, e);
out:
	unlink(path);
	if (rmdir(dir) == -1)
		log_warn("report: cannot remove a temporary folder");
	return rc;
}
