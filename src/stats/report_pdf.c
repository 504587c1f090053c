/*
 * The annual report as PDF: cairo draws A4 portrait pages, pango lays out
 * the text (DejaVu Sans: Polish and Ukrainian glyphs, embedded).  A title
 * page, then per section a heading, its definitions and its tables, each
 * with a chart where it has one, long tables split with their header
 * repeated, "Strona N z M" on every page.  The document is laid out twice:
 * the first pass only counts the pages, so the second knows M.
 *
 * Only suppressed numbers are drawn (stats_grid): a hidden count is never
 * a bar's length, never a label.  All memory, fonts included, belongs to
 * one call: a font map of its own is made and released each time.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "stats/report.h"

#define FONT		"DejaVu Sans"
#define PAGE_W		595.276		/* A4, points */
#define PAGE_H		841.890
#define MARGIN		56.0		/* left and right, about 20 mm */
#define TOP		56.0
#define BOTTOM		(PAGE_H - 64.0)	/* where the body ends */
#define FOOTER_Y	(PAGE_H - 40.0)
#define BODY_W		(PAGE_W - 2 * MARGIN)

#define BAR_H		10.0		/* a bar of a chart */
#define BAR_GAP		4.0
#define CHART_LABEL_W	140.0		/* the chart's row labels */
#define LEGEND_H	12.0
#define CELL_MIN_W	30.0		/* a column of numbers */
#define CELL_MAX_W	80.0
#define MAX_SECTIONS	16
#define HEAD_UPRIGHT_W	110.0		/* an upright column label */

enum { PLAIN = 0, BOLD = 1, ITALIC = 2 };

struct pdf {
	const struct report	*rep;
	cairo_surface_t		*surf;
	cairo_t			*cr;
	PangoFontMap		*fm;
	PangoContext		*ctx;
	PangoAttrList		*attrs;		/* no ligatures: text stays text */
	int			 page;		/* the current page, from 1 */
	int			 pages;		/* the total; 0 while counting */
	double			 y;		/* where the next block goes */
	/* The first page of each section, filled while counting. */
	const struct report_section *sect[MAX_SECTIONS];
	int			 sect_page[MAX_SECTIONS];
	size_t			 nsect;
	struct buf		*out;		/* NULL: output discarded */
};

/*
 * cairo's output: into the buffer, or nowhere while counting pages.  Past
 * the buffer's cap the rest is dropped (its sticky error says so, checked
 * at the end): cairo 1.16 can trip its own assertions after a write
 * error, so it is never told of one.
 */
static cairo_status_t
sink(void *arg, const unsigned char *data, unsigned int len)
{
	struct buf	*b = arg;

	if (b != NULL)
		buf_add(b, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static const char *
tr(const struct pdf *p, const char *pl, const char *en)
{
	return report_tr(p->rep, pl, en);
}

/*
 * Lay out s at size points in width (<= 0: one line, no limit); with
 * ellipsize, one line cut with "…".  The caller unrefs the layout.
 */
static PangoLayout *
lay(struct pdf *p, const char *s, double size, int style, double width,
    PangoAlignment align, bool ellipsize)
{
	PangoLayout		*l = pango_layout_new(p->ctx);
	PangoFontDescription	*fd = pango_font_description_new();

	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, (style & BOLD) ?
	    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, (style & ITALIC) ?
	    PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_attributes(l, p->attrs);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		if (ellipsize)
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, s, -1);
	return l;
}

static double
lay_h(PangoLayout *l)
{
	int	 w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double
lay_w(PangoLayout *l)
{
	int	 w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* Draw l with its top left at (x, y) and release it; its height. */
static double
show(struct pdf *p, PangoLayout *l, double x, double y)
{
	double	 h = lay_h(l);

	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	return h;
}

/* The height s would take; nothing drawn. */
static double
measure(struct pdf *p, const char *s, double size, int style, double width)
{
	PangoLayout	*l = lay(p, s, size, style, width, PANGO_ALIGN_LEFT,
			    false);
	double		 h = lay_h(l);

	g_object_unref(l);
	return h;
}

static void
footer(struct pdf *p)
{
	char	 left[200], right[64];

	snprintf(left, sizeof(left), tr(p, "Sprawozdanie roczne %d",
	    "Annual report %d"), p->rep->year);
	/* While counting, M is not known yet: the width does not matter. */
	snprintf(right, sizeof(right), tr(p, "Strona %d z %d",
	    "Page %d of %d"), p->page, p->pages > 0 ? p->pages : p->page);
	cairo_set_source_rgb(p->cr, 0.5, 0.5, 0.5);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, FOOTER_Y - 6);
	cairo_line_to(p->cr, PAGE_W - MARGIN, FOOTER_Y - 6);
	cairo_stroke(p->cr);
	show(p, lay(p, left, 8, PLAIN, BODY_W / 2, PANGO_ALIGN_LEFT, true),
	    MARGIN, FOOTER_Y);
	show(p, lay(p, right, 8, PLAIN, BODY_W / 2, PANGO_ALIGN_RIGHT, false),
	    MARGIN + BODY_W / 2, FOOTER_Y);
}

static void
page_end(struct pdf *p)
{
	footer(p);
	cairo_show_page(p->cr);
}

static void
page_new(struct pdf *p)
{
	if (p->page > 0)
		page_end(p);
	p->page++;
	p->y = TOP;
}

/* Room for h more points on this page, else a new page. */
static void
ensure(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > TOP)
		page_new(p);
}

/* A paragraph of body text at the cursor. */
static void
para(struct pdf *p, const char *s, double size, int style, double after)
{
	double	 h = measure(p, s, size, style, BODY_W);

	ensure(p, h);
	p->y += show(p, lay(p, s, size, style, BODY_W, PANGO_ALIGN_LEFT,
	    false), MARGIN, p->y) + after;
}

/* ---- the title page ------------------------------------------------- */

static void
title_page(struct pdf *p)
{
	const struct report	*rep = p->rep;
	char			 s[600];
	size_t			 i;

	page_new(p);
	p->y = 150;
	p->y += show(p, lay(p, report_centre_pl, 17, BOLD, BODY_W,
	    PANGO_ALIGN_CENTER, false), MARGIN, p->y) + 6;
	if (rep->en)
		p->y += show(p, lay(p, report_centre_en, 12, ITALIC, BODY_W,
		    PANGO_ALIGN_CENTER, false), MARGIN, p->y);
	p->y += 60;
	snprintf(s, sizeof(s), tr(p, "Sprawozdanie roczne za rok %d",
	    "Annual report for %d"), rep->year);
	p->y += show(p, lay(p, s, 22, BOLD, BODY_W, PANGO_ALIGN_CENTER,
	    false), MARGIN, p->y) + 14;
	snprintf(s, sizeof(s), tr(p,
	    "Okres sprawozdawczy: 1 stycznia – 31 grudnia %d",
	    "Reporting period: 1 January – 31 December %d"), rep->year);
	p->y += show(p, lay(p, s, 12, PLAIN, BODY_W, PANGO_ALIGN_CENTER,
	    false), MARGIN, p->y) + 4;
	snprintf(s, sizeof(s), tr(p, "Data sporządzenia: %s",
	    "Generated on: %s"), rep->generated);
	p->y += show(p, lay(p, s, 12, PLAIN, BODY_W, PANGO_ALIGN_CENTER,
	    false), MARGIN, p->y) + 50;

	if (rep->threshold >= 2)
		snprintf(s, sizeof(s), tr(p,
		    "Ochrona danych: liczby mniejsze niż %" PRId64 " pokazano "
		    "jako „<%" PRId64 "”, a liczby ukryte dodatkowo, aby nie "
		    "dało się ich odtworzyć z sum, jako „x”. Zero jest "
		    "pokazywane. Wykresy przedstawiają tylko liczby jawne. "
		    "Sprawozdanie nie zawiera danych osobowych.",
		    "Data protection: counts below %" PRId64 " are shown as "
		    "“<%" PRId64 "”, and counts hidden as well, so that a small "
		    "one cannot be recovered from the totals, as “x”. Zero is "
		    "shown. Charts show only the published numbers. The report "
		    "holds no personal data."), rep->threshold, rep->threshold);
	else
		snprintf(s, sizeof(s), "%s", tr(p,
		    "Ochrona danych: ukrywanie małych liczb jest wyłączone w "
		    "ustawieniach; sprawozdanie pokazuje liczby bez ukrywania. "
		    "Sprawozdanie nie zawiera danych osobowych.",
		    "Data protection: hiding small counts is switched off in "
		    "the settings; the report shows every count. The report "
		    "holds no personal data."));
	{
		PangoLayout	*l = lay(p, s, 10, PLAIN, BODY_W - 24,
				    PANGO_ALIGN_LEFT, false);
		double		 h = lay_h(l);

		cairo_set_source_rgb(p->cr, 0.93, 0.93, 0.93);
		cairo_rectangle(p->cr, MARGIN, p->y, BODY_W, h + 20);
		cairo_fill_preserve(p->cr);
		cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
		cairo_set_line_width(p->cr, 0.6);
		cairo_stroke(p->cr);
		show(p, l, MARGIN + 12, p->y + 10);
		p->y += h + 40;
	}

	/* Contents: the sections' first pages, known after counting. */
	p->y += show(p, lay(p, tr(p, "Spis treści", "Contents"), 12, BOLD,
	    BODY_W, PANGO_ALIGN_LEFT, false), MARGIN, p->y) + 6;
	for (i = 0; i < p->nsect; i++) {
		char	 num[16];
		double	 h;

		snprintf(num, sizeof(num), "%d", p->pages > 0 ?
		    p->sect_page[i] : 0);
		h = show(p, lay(p, tr(p, p->sect[i]->title_pl,
		    p->sect[i]->title_en), 10, PLAIN, BODY_W - 60,
		    PANGO_ALIGN_LEFT, true), MARGIN + 10, p->y);
		show(p, lay(p, num, 10, PLAIN, 40, PANGO_ALIGN_RIGHT, false),
		    PAGE_W - MARGIN - 40, p->y);
		p->y += h + 3;
	}
}

/* ---- charts --------------------------------------------------------- */

/*
 * The fill of series i, readable in grey scale: five shades, then the
 * same shades hatched one way, the other way, crossed.
 */
static void
swatch(cairo_t *cr, size_t i, double x, double y, double w, double h)
{
	static const double	 grey[] = { 0.25, 0.55, 0.82, 0.40, 0.68 };
	double			 g = grey[i % 5], d;
	unsigned		 hatch = (unsigned)((i / 5) % 4);

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_set_source_rgb(cr, g, g, g);
	cairo_fill_preserve(cr);
	if (hatch != 0) {
		cairo_clip_preserve(cr);
		cairo_new_path(cr);
		cairo_set_line_width(cr, 0.7);
		if (g < 0.5)
			cairo_set_source_rgb(cr, 1, 1, 1);
		else
			cairo_set_source_rgb(cr, 0, 0, 0);
		for (d = -h; d < w + h; d += 3.5) {
			if (hatch == 1 || hatch == 3) {
				cairo_move_to(cr, x + d, y + h);
				cairo_line_to(cr, x + d + h, y);
			}
			if (hatch == 2 || hatch == 3) {
				cairo_move_to(cr, x + d, y);
				cairo_line_to(cr, x + d + h, y + h);
			}
		}
		cairo_stroke(cr);
		cairo_reset_clip(cr);
		cairo_rectangle(cr, x, y, w, h);
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.4);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* A published cell's value for drawing; a hidden one draws as nothing. */
static int64_t
shown(const struct suppress_table *g, size_t r, size_t c)
{
	size_t	 i = suppress_at(g, r, c);

	return g->mark[i] == SUP_SHOWN && g->value[i] > 0 ? g->value[i] : 0;
}

/* A step of 1, 2 or 5 times a power of ten giving at most 5 ticks. */
static int64_t
nice_step(int64_t max)
{
	int64_t		 s = 1;
	static const int m[] = { 1, 2, 5 };
	size_t		 i;

	for (;;) {
		for (i = 0; i < 3; i++)
			if (max / (s * m[i]) <= 5)
				return s * m[i];
		s *= 10;
	}
}

static bool
has_chart(const struct stat_table *t)
{
	return strcmp(t->chart, "table") != 0 && t->rows > 0 && t->cols > 0;
}

static bool
has_hidden(const struct stat_table *t, const struct suppress_table *g)
{
	size_t	 r, c;

	for (r = 0; r < t->rows; r++)
		for (c = 0; c < t->cols; c++)
			if (g->mark[suppress_at(g, r, c)] != SUP_SHOWN)
				return true;
	return false;
}

static const char *
chart_note(const struct pdf *p)
{
	return tr(p, "Wykres pokazuje tylko liczby jawne; liczby ukryte "
	    "(<3, x) nie są rysowane.", "The chart shows the published numbers "
	    "only; hidden ones (<3, x) are not drawn.");
}

static size_t
legend_rows(const struct stat_table *t)
{
	return t->cols > 1 ? (t->cols + 1) / 2 : 0;
}

/* The height of the chart of t (0: none). */
static double
chart_height(struct pdf *p, const struct stat_table *t,
    const struct suppress_table *g)
{
	double	 h;
	size_t	 r, c;
	bool	 any = false;

	for (r = 0; r < t->rows; r++)
		for (c = 0; c < t->cols; c++)
			if (shown(g, r, c) > 0)
				any = true;
	/* Nothing published above zero: no chart to draw. */
	if (!has_chart(t) || !any)
		return 0;
	h = 4 + (double)t->rows * (BAR_H + BAR_GAP) + 14 +
	    (double)legend_rows(t) * LEGEND_H + 6;
	if (has_hidden(t, g))
		h += measure(p, chart_note(p), 7, ITALIC, BODY_W) + 2;
	return h + 8;
}

/*
 * Horizontal bars, one per row, the columns stacked in the order of the
 * table, a legend of the columns under the axis.
 */
static void
chart(struct pdf *p, const struct stat_table *t,
    const struct suppress_table *g)
{
	cairo_t		*cr = p->cr;
	double		 x0 = MARGIN + CHART_LABEL_W + 6;
	double		 x1 = PAGE_W - MARGIN - 12;
	double		 y = p->y + 4, top, scale, x;
	int64_t		 max = 0, sum, step, axis, v;
	size_t		 r, c;
	char		 num[32];

	for (r = 0; r < t->rows; r++) {
		for (sum = 0, c = 0; c < t->cols; c++)
			sum += shown(g, r, c);
		if (sum > max)
			max = sum;
	}
	step = nice_step(max > 0 ? max : 1);
	axis = (max + step - 1) / step * step;
	if (axis == 0)
		axis = step;
	scale = (x1 - x0) / (double)axis;
	top = y;

	/* The grid and its numbers. */
	cairo_set_line_width(cr, 0.4);
	for (v = 0; v <= axis; v += step) {
		x = x0 + (double)v * scale;
		cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
		cairo_move_to(cr, x, top);
		cairo_line_to(cr, x, top + (double)t->rows * (BAR_H + BAR_GAP));
		cairo_stroke(cr);
		snprintf(num, sizeof(num), "%" PRId64, v);
		show(p, lay(p, num, 7, PLAIN, 40, PANGO_ALIGN_CENTER, false),
		    x - 20, top + (double)t->rows * (BAR_H + BAR_GAP) + 2);
	}
	for (r = 0; r < t->rows; r++) {
		const struct stat_label	*l = &t->row[r];
		PangoLayout		*lab;
		double			 yb = y + BAR_GAP / 2;

		lab = lay(p, tr(p, l->pl, l->en), 7, PLAIN, CHART_LABEL_W,
		    PANGO_ALIGN_RIGHT, true);
		show(p, lab, MARGIN, yb + (BAR_H - lay_h(lab)) / 2);
		for (x = x0, c = 0; c < t->cols; c++) {
			double	 w = (double)shown(g, r, c) * scale;

			if (w <= 0)
				continue;
			swatch(cr, c, x, yb, w, BAR_H);
			x += w;
		}
		y += BAR_H + BAR_GAP;
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, x0, top);
	cairo_line_to(cr, x0, y);
	cairo_stroke(cr);
	y += 14;

	/* The legend: two columns of swatches. */
	for (c = 0; c < t->cols && t->cols > 1; c++) {
		const struct stat_label	*l = &t->col[c];
		double			 lx = x0 + (double)(c % 2) * (x1 - x0) / 2;
		double			 ly = y + (double)(c / 2) * LEGEND_H;

		swatch(cr, c, lx, ly + 1, 12, 8);
		show(p, lay(p, tr(p, l->pl, l->en), 7, PLAIN,
		    (x1 - x0) / 2 - 20, PANGO_ALIGN_LEFT, true), lx + 16, ly);
	}
	y += (double)legend_rows(t) * LEGEND_H + 6;
	if (has_hidden(t, g))
		y += show(p, lay(p, chart_note(p), 7, ITALIC, BODY_W,
		    PANGO_ALIGN_LEFT, false), MARGIN, y) + 2;
	p->y = y + 8;
}

/* ---- tables --------------------------------------------------------- */

struct tgeom {
	double	 lw;		/* the label column */
	double	 cw;		/* each column of numbers */
	size_t	 ncol;		/* columns of numbers, the total's included */
	double	 fs;		/* font size */
	bool	 upright;	/* the column labels turned upright */
	double	 hh;		/* the header's height */
};

static void	 header_geom(struct pdf *, const struct stat_table *,
		    struct tgeom *);

static void
table_geom(struct pdf *p, const struct stat_table *t, struct tgeom *tg)
{
	double	 w = 0, lw;
	size_t	 r;

	tg->ncol = t->cols + (t->margins ? 1 : 0);
	tg->fs = tg->ncol > 6 ? 7 : 8.5;
	for (r = 0; r < t->rows; r++) {
		PangoLayout	*l = lay(p, tr(p, t->row[r].pl, t->row[r].en),
				    tg->fs, PLAIN, 0, PANGO_ALIGN_LEFT, false);

		if (lay_w(l) > w)
			w = lay_w(l);
		g_object_unref(l);
	}
	lw = w + 10;
	if (lw < 80)
		lw = 80;
	if (lw > BODY_W * 0.45)
		lw = BODY_W * 0.45;
	if (BODY_W - lw < CELL_MIN_W * (double)tg->ncol)
		lw = BODY_W - CELL_MIN_W * (double)tg->ncol;
	if (lw < 60)
		lw = 60;
	tg->lw = lw;
	tg->cw = tg->ncol > 0 ? (BODY_W - lw) / (double)tg->ncol : 0;
	if (tg->cw > CELL_MAX_W)
		tg->cw = CELL_MAX_W;
	header_geom(p, t, tg);
}

static const char *
col_name(struct pdf *p, const struct stat_table *t, size_t c)
{
	return c < t->cols ? tr(p, t->col[c].pl, t->col[c].en) :
	    tr(p, "Razem", "Total");
}

/*
 * A column label as laid out in the header: across the column, or (when
 * a word of some label does not fit the column) turned upright, in at
 * most as many lines as the column is wide.
 */
static PangoLayout *
head_label(struct pdf *p, const struct stat_table *t, const struct tgeom *tg,
    size_t c, bool upright)
{
	PangoLayout	*l;
	int		 lines;

	if (!upright)
		return lay(p, col_name(p, t, c), tg->fs, BOLD, tg->cw - 4,
		    PANGO_ALIGN_CENTER, false);
	l = lay(p, col_name(p, t, c), tg->fs, BOLD, HEAD_UPRIGHT_W,
	    PANGO_ALIGN_LEFT, true);
	lines = (int)((tg->cw - 4) / (tg->fs * 1.25));
	pango_layout_set_height(l, -(lines > 0 ? lines : 1));
	return l;
}

/* Choose the header's shape and height into tg. */
static void
header_geom(struct pdf *p, const struct stat_table *t, struct tgeom *tg)
{
	PangoRectangle	 ink, log;
	PangoLayout	*l;
	double		 h = 0;
	size_t		 c;

	tg->upright = false;
	for (c = 0; c < tg->ncol; c++) {
		/* Words only: a word wider than the column overflows it. */
		l = lay(p, col_name(p, t, c), tg->fs, BOLD, tg->cw - 4,
		    PANGO_ALIGN_LEFT, false);
		pango_layout_set_wrap(l, PANGO_WRAP_WORD);
		pango_layout_get_extents(l, &ink, &log);
		if ((double)log.width / PANGO_SCALE > tg->cw - 4)
			tg->upright = true;
		g_object_unref(l);
	}
	for (c = 0; c < tg->ncol; c++) {
		l = head_label(p, t, tg, c, tg->upright);
		pango_layout_get_extents(l, &ink, &log);
		if (tg->upright && (double)log.width / PANGO_SCALE > h)
			h = (double)log.width / PANGO_SCALE;
		else if (!tg->upright && lay_h(l) > h)
			h = lay_h(l);
		g_object_unref(l);
	}
	tg->hh = h + 6;
}

static double
header_height(struct pdf *p, const struct stat_table *t,
    const struct tgeom *tg)
{
	(void)p;
	(void)t;
	return tg->hh;
}

static void
header(struct pdf *p, const struct stat_table *t, const struct tgeom *tg)
{
	double		 h = tg->hh, x;
	PangoLayout	*l;
	size_t		 c;

	cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
	cairo_rectangle(p->cr, MARGIN, p->y, tg->lw + tg->cw *
	    (double)tg->ncol, h);
	cairo_fill(p->cr);
	for (c = 0; c < tg->ncol; c++) {
		x = MARGIN + tg->lw + tg->cw * (double)c;
		l = head_label(p, t, tg, c, tg->upright);
		if (!tg->upright) {
			show(p, l, x + 2, p->y + 3);
			continue;
		}
		/*
		 * Upright: the text runs up from the header's bottom, drawn
		 * as outlines.  As text, pdftotext reads upright words into
		 * the lines of the rows beside them; the labels stay text in
		 * the chart's legend, the XLSX and the CSV.
		 */
		cairo_save(p->cr);
		cairo_translate(p->cr, x + (tg->cw - lay_h(l)) / 2,
		    p->y + h - 3);
		cairo_rotate(p->cr, -G_PI / 2);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		cairo_move_to(p->cr, 0, 0);
		pango_cairo_layout_path(p->cr, l);
		cairo_fill(p->cr);
		cairo_restore(p->cr);
		g_object_unref(l);
	}
	p->y += h;
}

static double
row_height(struct pdf *p, const char *label, const struct tgeom *tg,
    int style)
{
	return measure(p, label, tg->fs, style, tg->lw - 8) + 4;
}

/* Row r of the grid (t->rows: the totals) at the cursor. */
static void
row(struct pdf *p, const struct stat_table *t, const struct tgeom *tg,
    const struct suppress_table *g, size_t r, const char *label, int style,
    bool shade)
{
	double	 h = row_height(p, label, tg, style);
	double	 w = tg->lw + tg->cw * (double)tg->ncol;
	char	 text[24];
	size_t	 c;

	if (shade) {
		cairo_set_source_rgb(p->cr, 0.95, 0.95, 0.95);
		cairo_rectangle(p->cr, MARGIN, p->y, w, h);
		cairo_fill(p->cr);
	}
	if (r == t->rows) {
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		cairo_set_line_width(p->cr, 0.8);
		cairo_move_to(p->cr, MARGIN, p->y);
		cairo_line_to(p->cr, MARGIN + w, p->y);
		cairo_stroke(p->cr);
	}
	show(p, lay(p, label, tg->fs, style, tg->lw - 8, PANGO_ALIGN_LEFT,
	    false), MARGIN + 3, p->y + 2);
	for (c = 0; c < tg->ncol; c++)
		show(p, lay(p, suppress_text(g, suppress_at(g, r, c),
		    p->rep->threshold, text, sizeof(text)), tg->fs, style,
		    tg->cw - 8, PANGO_ALIGN_RIGHT, false), MARGIN + tg->lw +
		    tg->cw * (double)c + 4, p->y + 2);
	p->y += h;
	cairo_set_source_rgb(p->cr, 0.7, 0.7, 0.7);
	cairo_set_line_width(p->cr, 0.3);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, MARGIN + w, p->y);
	cairo_stroke(p->cr);
}

static double
title_height(struct pdf *p, const char *title)
{
	return measure(p, title, 11, BOLD, BODY_W) + 6;
}

/* A new page in the middle of a table: its title (continued), header. */
static void
table_continue(struct pdf *p, const struct stat_table *t,
    const struct tgeom *tg, const char *title)
{
	char	 s[300];

	page_new(p);
	snprintf(s, sizeof(s), "%s %s", title, tr(p, "(cd.)",
	    "(continued)"));
	p->y += show(p, lay(p, s, 9, ITALIC, BODY_W, PANGO_ALIGN_LEFT, false),
	    MARGIN, p->y) + 4;
	header(p, t, tg);
}

static void
table(struct pdf *p, const struct stat_table *t)
{
	struct suppress_table	 g;
	struct tgeom		 tg;
	const char		*title = tr(p, t->title_pl, t->title_en);
	const char		*total = tr(p, "Razem", "Total");
	double			 ch, hh, first, th, tt;
	size_t			 r;

	stats_grid(t, p->rep->threshold, &g);
	table_geom(p, t, &tg);
	ch = chart_height(p, t, &g);
	hh = header_height(p, t, &tg);
	first = t->rows > 0 ? row_height(p, tr(p, t->row[0].pl,
	    t->row[0].en), &tg, PLAIN) : 20;
	for (th = hh, r = 0; r < t->rows; r++)
		th += row_height(p, tr(p, t->row[r].pl, t->row[r].en), &tg,
		    PLAIN);
	if (t->margins)
		th += row_height(p, total, &tg, BOLD);
	tt = title_height(p, title) + ch + th;
	/*
	 * A table that fits on a page is not split: it starts a page when
	 * it does not fit on this one.  A longer one keeps its title with
	 * its chart, or with its first row.
	 */
	if (tt <= BOTTOM - TOP)
		ensure(p, tt);
	else
		ensure(p, title_height(p, title) + (ch > 0 ? ch : hh + first));
	p->y += show(p, lay(p, title, 11, BOLD, BODY_W, PANGO_ALIGN_LEFT,
	    false), MARGIN, p->y) + 6;
	if (ch > 0)
		chart(p, t, &g);
	if (t->rows == 0) {
		para(p, tr(p, "Brak danych w tym okresie.",
		    "No data for this period."), 9, ITALIC, 18);
		stats_grid_free(&g);
		return;
	}
	if (p->y + hh + first > BOTTOM ||
	    (th <= BOTTOM - TOP && p->y + th > BOTTOM))
		table_continue(p, t, &tg, title);
	else
		header(p, t, &tg);
	for (r = 0; r <= t->rows; r++) {
		const char	*label;
		int		 style = PLAIN;

		if (r == t->rows) {
			if (!t->margins)
				break;
			label = total;
			style = BOLD;
		} else
			label = tr(p, t->row[r].pl, t->row[r].en);
		if (p->y + row_height(p, label, &tg, style) > BOTTOM)
			table_continue(p, t, &tg, title);
		row(p, t, &tg, &g, r, label, style, r % 2 == 1 &&
		    r < t->rows);
	}
	p->y += 22;
	stats_grid_free(&g);
}

/* ---- the document --------------------------------------------------- */

static void
section(struct pdf *p, const struct report_section *s)
{
	char	 link[32];

	page_new(p);
	if (p->pages == 0 && p->nsect < MAX_SECTIONS) {
		p->sect[p->nsect] = s;
		p->sect_page[p->nsect++] = p->page;
	}
	if (p->pages > 0) {
		snprintf(link, sizeof(link), "page=%d", p->page);
		cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT,
		    tr(p, s->title_pl, s->title_en), link, 0);
	}
	p->y += show(p, lay(p, tr(p, s->title_pl, s->title_en), 16, BOLD,
	    BODY_W, PANGO_ALIGN_LEFT, false), MARGIN, p->y) + 8;
	if (*s->about_pl != '\0')
		para(p, tr(p, s->about_pl, s->about_en), 8.5, PLAIN, 16);
}

/*
 * Lay the whole document out once onto a PDF surface writing to out
 * (NULL: nowhere).  p->pages is 0 while counting.  0 or -1 with e set.
 */
static int
pass(struct pdf *p, struct buf *out, struct err *e)
{
	const struct report	*rep = p->rep;
	const struct report_section *cur = NULL;
	cairo_status_t		 st;
	char			 title[200];
	size_t			 i;
	int			 rc = -1;

	p->out = out;
	p->page = 0;
	p->surf = cairo_pdf_surface_create_for_stream(sink, out, PAGE_W,
	    PAGE_H);
	p->cr = cairo_create(p->surf);
	if ((st = cairo_status(p->cr)) != CAIRO_STATUS_SUCCESS) {
		err_set(e, ERR_IO, "cannot start the PDF: %s",
		    cairo_status_to_string(st));
		goto out;
	}
	snprintf(title, sizeof(title), tr(p, "Sprawozdanie roczne %d",
	    "Annual report %d"), rep->year);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE,
	    title);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_AUTHOR,
	    tr(p, report_centre_pl, report_centre_en));
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR,
	    "Haven");
	pango_cairo_update_context(p->cr, p->ctx);

	title_page(p);
	for (i = 0; i < rep->n; i++) {
		if (rep->sect[i] != cur)
			section(p, cur = rep->sect[i]);
		table(p, rep->order[i]);
	}
	page_end(p);
	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(p->surf);
	if ((st = cairo_surface_status(p->surf)) != CAIRO_STATUS_SUCCESS) {
		err_set(e, ERR_IO, "cannot write the PDF: %s",
		    cairo_status_to_string(st));
		goto out;
	}
	if (out != NULL && out->err) {
		err_set(e, ERR_IO, "the PDF is larger than %zu bytes",
		    out->max);
		goto out;
	}
	rc = 0;
out:
	if (p->cr != NULL)
		cairo_destroy(p->cr);
	cairo_surface_destroy(p->surf);
	p->cr = NULL;
	p->surf = NULL;
	return rc;
}

int
report_pdf(const struct report *rep, struct buf *out, int *pages,
    struct err *e)
{
	struct pdf	 p;
	int		 rc = -1;

	*pages = 0;
	memset(&p, 0, sizeof(p));
	p.rep = rep;
	p.fm = pango_cairo_font_map_new();
	p.ctx = pango_font_map_create_context(p.fm);
	p.attrs = pango_attr_list_new();
	pango_attr_list_insert(p.attrs,
	    pango_attr_font_features_new("liga=0, clig=0"));
	/* First count the pages, then write knowing them. */
	if (pass(&p, NULL, e) == -1)
		goto out;
	p.pages = p.page;
	if (pass(&p, out, e) == -1)
		goto out;
	*pages = p.page;
	rc = 0;
out:
	pango_attr_list_unref(p.attrs);
	g_object_unref(p.ctx);
	g_object_unref(p.fm);
	return rc;
}
