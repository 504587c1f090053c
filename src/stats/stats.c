/*
 * The statistics' tables as data: their shapes, labels, the query's
 * checks, suppression of a table, and JSON.  No SQL here (stats_store.c
 * counts).
 */
#include <stdio.h>
#include <string.h>

#include "base/xmalloc.h"
#include "cases/legal.h"
#include "hotline/enums.h"
#include "stats/stats.h"
#include "stats/stats_int.h"

static const char *const months_pl[12] = {
	"styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec",
	"sierpień", "wrzesień", "październik", "listopad", "grudzień"
};
static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

void
stat_label_set(struct stat_label *l, const char *code, const char *pl,
    const char *en)
{
	snprintf(l->code, sizeof(l->code), "%s", code);
	snprintf(l->pl, sizeof(l->pl), "%s", pl != NULL ? pl : code);
	snprintf(l->en, sizeof(l->en), "%s", en != NULL ? en : code);
}

size_t
stat_enum_count(int kind)
{
	const struct enum_value	*v = enum_defs[kind].values;
	size_t			 n = 0;

	while (v[n].code != NULL)
		n++;
	return n;
}

void
stat_enum_labels(struct stat_label *l, int kind)
{
	const struct enum_value	*v = enum_defs[kind].values;
	size_t			 i;

	for (i = 0; v[i].code != NULL; i++)
		stat_label_set(&l[i], v[i].code, v[i].pl, v[i].en);
}

struct stat_table *
stat_table_add(struct stats *s, const struct stat_shape *shape, size_t rows,
    size_t cols)
{
	struct stat_table	*t;

	/*
	 * Room for every table at once: callers hold pointers to tables
	 * while adding the next ones, so the array never moves.
	 */
	if (s->t == NULL)
		s->t = xcalloc(STATS_TABLES_MAX, sizeof(*s->t));
	if (s->n >= STATS_TABLES_MAX)
		abort();	/* a new shape without room: a bug */
	t = &s->t[s->n++];
	memset(t, 0, sizeof(*t));
	t->id = shape->id;
	t->section = shape->section;
	t->chart = shape->chart;
	t->title_pl = shape->title_pl;
	t->title_en = shape->title_en;
	t->margins = shape->margins;
	t->rows = rows;
	t->cols = cols;
	t->row = xcalloc(rows > 0 ? rows : 1, sizeof(*t->row));
	t->col = xcalloc(cols > 0 ? cols : 1, sizeof(*t->col));
	t->cell = xcalloc(rows * cols > 0 ? rows * cols : 1, sizeof(*t->cell));
	return t;
}

size_t
stat_months(const struct stats_query *q, int *first_y, int *first_m)
{
	struct cal_date	 a, b;

	if (date_parse(q->from, &a) == -1 || date_parse(q->to, &b) == -1)
		return 0;
	*first_y = a.y;
	*first_m = a.m;
	return (size_t)((b.y - a.y) * 12 + (b.m - a.m) + 1);
}

void
stat_month_labels(struct stat_label *l, size_t n, int y, int m)
{
	size_t	 i;
	char	 code[8], pl[40], en[40];

	for (i = 0; i < n; i++) {
		snprintf(code, sizeof(code), "%04d-%02d", y, m);
		snprintf(pl, sizeof(pl), "%s %d", months_pl[m - 1], y);
		snprintf(en, sizeof(en), "%s %d", months_en[m - 1], y);
		stat_label_set(&l[i], code, pl, en);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
}

int
stat_month_index(int first_y, int first_m, size_t n, int y, int m)
{
	int	 i = (y - first_y) * 12 + (m - first_m);

	return i >= 0 && (size_t)i < n ? i : -1;
}

int
stat_label_index(const struct stat_label *l, size_t n, const char *code)
{
	size_t	 i;

	if (code == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(l[i].code, code) == 0)
			return (int)i;
	return -1;
}

void
stats_free(struct stats *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		free(s->t[i].row);
		free(s->t[i].col);
		free(s->t[i].cell);
	}
	free(s->t);
	s->t = NULL;
	s->n = 0;
}

const struct stat_table *
stats_find(const struct stats *s, const char *id)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->t[i].id, id) == 0)
			return &s->t[i];
	return NULL;
}

int
stats_query_check(const struct stats_query *q, const char **field,
    struct err *e)
{
	struct cal_date	 a, b;
	int64_t		 days;

	if (date_parse(q->from, &a) == -1) {
		*field = "from";
		err_set(e, ERR_INVALID, "from must be a date YYYY-MM-DD");
		return -1;
	}
	if (date_parse(q->to, &b) == -1) {
		*field = "to";
		err_set(e, ERR_INVALID, "to must be a date YYYY-MM-DD");
		return -1;
	}
	days = cal_days(b) - cal_days(a) + 1;
	if (days < 1) {
		*field = "to";
		err_set(e, ERR_INVALID, "to must not be before from");
		return -1;
	}
	if (days > STATS_MAX_DAYS) {
		*field = "to";
		err_set(e, ERR_INVALID, "a period is at most ten years");
		return -1;
	}
	if (q->channel[0] != '\0' && enum_index(ENUM_CHANNEL, q->channel) < 0) {
		*field = "channel";
		err_set(e, ERR_INVALID, "channel must be a channel code");
		return -1;
	}
	if (q->inquirer[0] != '\0' &&
	    enum_index(ENUM_INQUIRER, q->inquirer) < 0) {
		*field = "inquirer";
		err_set(e, ERR_INVALID, "inquirer must be an inquirer code");
		return -1;
	}
	if (q->urgency[0] != '\0' && enum_index(ENUM_URGENCY, q->urgency) < 0) {
		*field = "urgency";
		err_set(e, ERR_INVALID, "urgency must be urgent or routine");
		return -1;
	}
	if (q->out_of_hours < -1 || q->out_of_hours > 1) {
		*field = "out_of_hours";
		err_set(e, ERR_INVALID, "out_of_hours must be true or false");
		return -1;
	}
	return 0;
}

void
stats_grid(const struct stat_table *t, int64_t threshold,
    struct suppress_table *g)
{
	size_t	 r, c, n = (t->rows + 1) * (t->cols + 1);

	memset(g, 0, sizeof(*g));
	g->rows = t->rows;
	g->cols = t->cols;
	g->value = xcalloc(n, sizeof(*g->value));
	g->mark = xcalloc(n, sizeof(*g->mark));
	for (r = 0; r < t->rows; r++)
		for (c = 0; c < t->cols; c++)
			g->value[suppress_at(g, r, c)] = t->cell[r * t->cols + c];
	if (t->margins) {
		suppress_apply(g, threshold);
		return;
	}
	/* Cells alone: no total to recover a hidden one from. */
	for (r = 0; r < t->rows; r++)
		for (c = 0; c < t->cols; c++) {
			size_t	 i = suppress_at(g, r, c);

			if (g->value[i] > 0 && g->value[i] < threshold)
				g->mark[i] = SUP_PRIMARY;
		}
}

void
stats_grid_free(struct suppress_table *g)
{
	free(g->value);
	free(g->mark);
	memset(g, 0, sizeof(*g));
}

/* One entry of a grid as JSON: its number, or "<3" / "x" when hidden. */
static json_t *
entry_json(const struct suppress_table *g, size_t i, int64_t threshold)
{
	char	 buf[24];

	if (g->mark[i] == SUP_SHOWN)
		return json_integer((json_int_t)g->value[i]);
	return json_string(suppress_text(g, i, threshold, buf, sizeof(buf)));
}

static json_t *
labels_json(const struct stat_label *l, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:{s:s, s:s}}",
		    "code", l[i].code, "label", "pl", l[i].pl, "en", l[i].en));
	return a;
}

static json_t *
table_json(const struct stat_table *t, int64_t threshold)
{
	struct suppress_table	 g;
	json_t			*o, *cells, *rt, *ct;
	size_t			 r, c;

	stats_grid(t, threshold, &g);
	cells = json_array();
	for (r = 0; r < t->rows; r++) {
		json_t	*row = json_array();

		for (c = 0; c < t->cols; c++)
			json_array_append_new(row, entry_json(&g,
			    suppress_at(&g, r, c), threshold));
		json_array_append_new(cells, row);
	}
	o = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:b, s:o, s:o, s:o}",
	    "id", t->id, "section", t->section, "chart", t->chart, "title",
	    "pl", t->title_pl, "en", t->title_en, "margins", t->margins,
	    "rows", labels_json(t->row, t->rows), "cols",
	    labels_json(t->col, t->cols), "cells", cells);
	if (t->margins) {
		rt = json_array();
		ct = json_array();
		for (r = 0; r < t->rows; r++)
			json_array_append_new(rt, entry_json(&g,
			    suppress_at(&g, r, t->cols), threshold));
		for (c = 0; c < t->cols; c++)
			json_array_append_new(ct, entry_json(&g,
			    suppress_at(&g, t->rows, c), threshold));
		json_object_set_new(o, "row_totals", rt);
		json_object_set_new(o, "col_totals", ct);
		json_object_set_new(o, "total", entry_json(&g,
		    suppress_at(&g, t->rows, t->cols), threshold));
	} else {
		json_object_set_new(o, "row_totals", json_null());
		json_object_set_new(o, "col_totals", json_null());
		json_object_set_new(o, "total", json_null());
	}
	stats_grid_free(&g);
	return o;
}

static json_t *
opt_str(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

json_t *
stats_json(const struct stats *s, int64_t threshold)
{
	json_t	*tables = json_array();
	size_t	 i;

	for (i = 0; i < s->n; i++)
		json_array_append_new(tables, table_json(&s->t[i], threshold));
	return json_pack("{s:{s:s, s:s, s:o, s:o, s:o, s:o}, s:o, s:o}",
	    "query", "from", s->q.from, "to", s->q.to, "channel",
	    opt_str(s->q.channel), "inquirer", opt_str(s->q.inquirer),
	    "urgency", opt_str(s->q.urgency), "out_of_hours",
	    s->q.out_of_hours < 0 ? json_null() :
	    json_boolean(s->q.out_of_hours), "threshold",
	    threshold >= 2 ? json_integer((json_int_t)threshold) : json_null(),
	    "tables", tables);
}
