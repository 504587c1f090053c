/*
 * The case register: the list of cases with its filters, sorts and pages
 * (one static statement per sort), the searches by exact identity (through
 * the blind indexes) and by a word of the notes (docs/SECURITY.md), and the
 * columns each user saves.  A sealed case the caller may not open shows
 * only as its reference, and only in the unfiltered list.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base/valid.h"
#include "cases/cases.h"
#include "cases/identity.h"
#include "cases/legal.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"

#define PAGE_DEFAULT	25
#define PAGE_MAX	100
#define SEARCH_MAX	100

/* The columns of a register row, in the order row_json() reads them. */
#define ROW_COLS "c.id, c.year, c.number, c.person_id, p.pseudonym, " \
	"p.citizenship, p.sex, p.minor, c.status, c.forms, c.urgent, " \
	"c.key_consultant_id, u.username, c.sealed, c.opened_at, " \
	"c.updated_at, " \
	"(SELECT count(*) FROM task t WHERE t.case_id = c.id AND " \
	"t.done_at IS NULL), " \
	"(SELECT count(*) FROM task t WHERE t.case_id = c.id AND " \
	"t.done_at IS NULL AND t.due_on < ?), " \
	"(SELECT count(*) FROM pathway_item i WHERE i.case_id = c.id AND " \
	"i.status IN ('done', 'declined', 'not_applicable')), " \
	VISIBLE " AS visible, c.risk_level "
/* May the caller (bound twice) see a case that may be sealed? */
#define VISIBLE_WHERE "(c.sealed = 0 OR c.key_consultant_id = ? OR " \
	"EXISTS (SELECT 1 FROM case_access a WHERE a.case_id = c.id AND " \
	"a.user_id = ?))"
#define VISIBLE "CASE WHEN " VISIBLE_WHERE " THEN 1 ELSE 0 END"
#define ROW_FROM "FROM case_file c JOIN person p ON p.id = c.person_id " \
	"LEFT JOIN app_user u ON u.id = c.key_consultant_id "
/*
 * Filters; a restricted sealed case only shows in the unfiltered list.  The
 * unary plus keeps SQLite from taking the period, which is always bound
 * (to all time when not asked), for the index to walk: the page's order's
 * index is the one that lets it stop after a page.
 */
#define ROW_WHERE "WHERE (CAST(? AS TEXT) = '' OR c.status = ?) " \
	"AND (CAST(? AS BIGINT) = 0 OR c.key_consultant_id = ?) " \
	"AND (CAST(? AS INTEGER) = 0 OR (c.forms & CAST(? AS INTEGER)) <> 0) " \
	"AND (CAST(? AS INTEGER) < 0 OR c.urgent = ?) " \
	"AND +c.opened_at >= ? AND +c.opened_at < ? " \
	"AND (CAST(? AS TEXT) = '' OR p.citizenship = ?) " \
	"AND (CAST(? AS BIGINT) = 0 OR (c.year = ? AND c.number = ?)) " \
	"AND (CAST(? AS TEXT) = '' OR p.pseudonym = ?) " \
	"AND (CAST(? AS BIGINT) = 0 OR c.person_id IN " \
	"(SELECT id FROM person WHERE id = ? OR merged_into = ?)) " \
	"AND (CAST(? AS BIGINT) = 0 OR c.id = ?) " \
	"AND (CAST(? AS INTEGER) = 0 OR " VISIBLE_WHERE ") "
#define PRIORITY_ORDER "CASE c.risk_level WHEN 'critical' THEN 0 " \
	"WHEN 'high' THEN 1 ELSE 2 END, c.urgent DESC, c.opened_at DESC"
/*
 * A page is found by its ids first, then its rows are read one by one: a
 * sort keeps every result column of every row it sorts, so the counts of
 * tasks and pathway items in the row would otherwise be worked out for
 * every case that matches, not for the 25 shown.
 *
 * The cases the caller may see come first, then the restricted sealed
 * ones: two queries, so that each walks an index in the page's order and
 * stops at the page's end instead of sorting every case of the register
 * (seconds on half a million).  The id breaks ties in the same direction,
 * which the indexes (opened_at, id) and (updated_at, id) serve as they are.
 * The filters take parameters 1-25, the caller 26 and 27.
 */
#define PAGE_OF(cond, order) "SELECT c.id " ROW_FROM ROW_WHERE "AND " \
	cond VISIBLE_WHERE " ORDER BY " order " LIMIT ? OFFSET ?"
#define PAGES(order) { PAGE_OF("", order), PAGE_OF("NOT ", order) }
/*
 * The register's total is counted up to this and no further: counting
 * every case of a national register for every page would cost more than
 * the page.
 */
#define TOTAL_CAP	1000
#define STR_(x)		#x
#define STR(x)		STR_(x)

enum register_stmt {
	R_COUNT,
	R_COUNT_VISIBLE,
	R_ROW,
	R_NOTE_CANDIDATES,
	R_PREF_GET,
	R_PREF_PUT,
	R__MAX
};

static const char *const reg_sql[R__MAX] = {
	[R_COUNT] = "SELECT count(*) FROM (SELECT 1 " ROW_FROM ROW_WHERE
	    "LIMIT " STR(TOTAL_CAP) " + 1) AS m",
	[R_COUNT_VISIBLE] = "SELECT count(*) " ROW_FROM ROW_WHERE "AND "
	    VISIBLE_WHERE,
	[R_ROW] = "SELECT " ROW_COLS ROW_FROM "WHERE c.id = ?",
	[R_NOTE_CANDIDATES] = "SELECT e.id, e.case_id, e.text FROM note_token n "
	    "JOIN case_event e ON e.id = n.event_id WHERE n.token = ? "
	    "AND e.kind = 'note' ORDER BY e.id DESC LIMIT 2000",
	[R_PREF_GET] = "SELECT value FROM user_pref WHERE user_id = ? "
	    "AND key = ?",
	[R_PREF_PUT] = "INSERT INTO user_pref (user_id, key, value) "
	    "VALUES (?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE "
	    "SET value = excluded.value",
};

/*
 * The register's sorts: static statements (cached by pointer), for each
 * direction the visible cases' page and the restricted ones'.
 */
static const struct {
	const char	*name;
	const char	*asc[2], *desc[2];
} sorts[] = {
	{ "reference", PAGES("c.year, c.number"),
	  PAGES("c.year DESC, c.number DESC") },
	{ "opened_at", PAGES("c.opened_at, c.id"),
	  PAGES("c.opened_at DESC, c.id DESC") },
	{ "updated_at", PAGES("c.updated_at, c.id"),
	  PAGES("c.updated_at DESC, c.id DESC") },
	{ "status", PAGES("c.status, c.id"), PAGES("c.status DESC, c.id DESC") },
	{ "urgent", PAGES("c.urgent, c.id"), PAGES("c.urgent DESC, c.id DESC") },
	/* The coordinators' view: the most dangerous first, either order. */
	{ "priority", PAGES(PRIORITY_ORDER ", c.id"),
	  PAGES(PRIORITY_ORDER ", c.id") },
};

static const char *const default_columns[] = {
	"reference", "person", "status", "key_consultant", "urgent",
	"opened_at", "open_tasks", NULL
};

/* ---- The register. */

struct reg_filter {
	char		 status[32];
	int64_t		 key_id;
	int64_t		 form_mask;
	int		 urgent;	/* -1 any */
	int64_t		 from, to;
	char		 citizenship[3];
	int64_t		 ref_year, ref_number;
	char		 pseudonym[PSEUDONYM_LEN + 1];
	int64_t		 person_id;	/* 0: any */
	int64_t		 case_id;	/* 0: any */
	bool		 filtered;
};

static void
filter_bind(struct db_stmt *st, int i, const struct reg_filter *f,
    int64_t user)
{
	db_bind_str(st, i++, f->status);
	db_bind_str(st, i++, f->status);
	db_bind_i64(st, i++, f->key_id);
	db_bind_i64(st, i++, f->key_id);
	db_bind_i64(st, i++, f->form_mask);
	db_bind_i64(st, i++, f->form_mask);
	db_bind_i64(st, i++, f->urgent);
	db_bind_i64(st, i++, f->urgent);
	db_bind_i64(st, i++, f->from);
	db_bind_i64(st, i++, f->to);
	db_bind_str(st, i++, f->citizenship);
	db_bind_str(st, i++, f->citizenship);
	db_bind_i64(st, i++, f->ref_year);
	db_bind_i64(st, i++, f->ref_year);
	db_bind_i64(st, i++, f->ref_number);
	db_bind_str(st, i++, f->pseudonym);
	db_bind_str(st, i++, f->pseudonym);
	db_bind_i64(st, i++, f->person_id);
	db_bind_i64(st, i++, f->person_id);
	db_bind_i64(st, i++, f->person_id);
	db_bind_i64(st, i++, f->case_id);
	db_bind_i64(st, i++, f->case_id);
	db_bind_i64(st, i++, f->filtered);
	db_bind_i64(st, i++, user);
	db_bind_i64(st, i, user);
}

static json_t *
row_json(struct db_stmt *st)
{
	char	 ref[REFERENCE_MAX];
	json_t	*o;

	case_reference(db_col_i64(st, 1), db_col_i64(st, 2), ref);
	if (db_col_i64(st, 19) == 0)
		return json_pack("{s:I, s:s, s:b, s:b}", "id",
		    (json_int_t)db_col_i64(st, 0), "reference", ref, "sealed",
		    1, "restricted", 1);
	o = json_pack("{s:I, s:s, s:{s:I, s:s, s:o, s:s, s:b}, s:s, s:o, "
	    "s:b, s:o, s:b, s:o, s:o, s:I, s:I, s:I}",
	    "id", (json_int_t)db_col_i64(st, 0), "reference", ref,
	    "person", "id", (json_int_t)db_col_i64(st, 3), "pseudonym",
	    db_col_text(st, 4), "citizenship", str_or_null(db_col_text(st, 5)),
	    "sex", db_col_text(st, 6), "minor", db_col_i64(st, 7) != 0,
	    "status", db_col_text(st, 8), "forms", forms_json(db_col_i64(st, 9)),
	    "urgent", db_col_i64(st, 10) != 0, "key_consultant",
	    user_json(db_col_i64(st, 11), db_col_text(st, 12)),
	    "sealed", db_col_i64(st, 13) != 0,
	    "opened_at", hotline_time_json(db_col_i64(st, 14)),
	    "updated_at", hotline_time_json(db_col_i64(st, 15)),
	    "open_tasks", (json_int_t)db_col_i64(st, 16),
	    "overdue_tasks", (json_int_t)db_col_i64(st, 17),
	    "missing", (json_int_t)(ENUM_PATHWAY_COUNT - db_col_i64(st, 18)));
	if (o != NULL)
		json_object_set_new(o, "risk_level",
		    str_or_null(db_col_text(st, 20)));
	return o;
}

/* The filters (1-25) and the caller (26, 27) of a page's queries. */
static void
visible_bind(struct db_stmt *st, const struct reg_filter *f, int64_t user)
{
	filter_bind(st, 1, f, user);
	db_bind_i64(st, 26, user);
	db_bind_i64(st, 27, user);
}

/* Up to limit ids of one of a page's two queries, from offset. */
static int
page_ids(struct req *r, struct db *db, const char *sql,
    const struct reg_filter *f, int64_t limit, int64_t offset, int64_t *ids,
    size_t *n)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;

	if ((st = db_prepare(db, sql)) == NULL)
		return -1;
	visible_bind(st, f, r->user_id);
	db_bind_i64(st, 28, limit);
	db_bind_i64(st, 29, offset);
	while ((rc = db_step(st)) == DB_ROW && *n < PAGE_MAX)
		ids[(*n)++] = db_col_i64(st, 0);
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * Run a register page (sql: the visible cases' query and the restricted
 * ones'); rows appended to list.  The restricted cases follow the last
 * visible one, so their offset is the page's less the visible count,
 * which is only counted when the page starts past the visible ones.
 */
static int
register_rows(struct req *r, struct db *db, const char *const sql[2],
    const struct reg_filter *f, int64_t limit, int64_t offset, json_t *list)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	int64_t		 ids[PAGE_MAX], visible;
	size_t		 n = 0, i;
	char		 today[11];

	if (limit > PAGE_MAX)
		limit = PAGE_MAX;
	if (page_ids(r, db, sql[0], f, limit, offset, ids, &n) == -1)
		return -1;
	if ((int64_t)n < limit) {
		if (n > 0 || offset == 0)
			visible = offset + (int64_t)n;
		else {
			if ((st = db_prepare(db,
			    reg_sql[R_COUNT_VISIBLE])) == NULL)
				return -1;
			visible_bind(st, f, r->user_id);
			if (db_one_i64(st, &visible) == -1)
				return -1;
		}
		if (page_ids(r, db, sql[1], f, limit - (int64_t)n,
		    offset > visible ? offset - visible : 0, ids, &n) == -1)
			return -1;
	}
	today_iso(today);
	for (i = 0; i < n; i++) {
		if ((st = db_prepare(db, reg_sql[R_ROW])) == NULL)
			return -1;
		db_bind_str(st, 1, today);
		db_bind_i64(st, 2, r->user_id);
		db_bind_i64(st, 3, r->user_id);
		db_bind_i64(st, 4, ids[i]);
		if ((rc = db_step(st)) == DB_ROW)
			json_array_append_new(list, row_json(st));
		db_reset(st);
		if (rc == DB_ERROR)
			return -1;
	}
	return 0;
}

static int
query_date(struct req *r, const char *name, int64_t *t, bool end)
{
	const char	*s = req_query(r, name);
	struct cal_date	 d;

	if (s == NULL || *s == '\0')
		return 0;
	if (date_parse(s, &d) == -1)
		return req_error(r, API_EINVALID, name, "A date is YYYY-MM-DD.");
	if (end)
		d = date_add_days(d, 1);
	*t = cal_from_local(d, 0);
	return 0;
}

/* The query "q": a reference (2026/0042, 2026/42) or a pseudonym. */
static int
query_q(struct req *r, struct reg_filter *f)
{
	const char	*q = req_query(r, "q"), *slash;
	size_t		 i;

	if (q == NULL || *q == '\0')
		return 0;
	f->filtered = true;
	if ((slash = strchr(q, '/')) != NULL) {
		if (!valid_i64(q, (size_t)(slash - q), 2000, 2100, &f->ref_year) ||
		    !valid_i64(slash + 1, strlen(slash + 1), 1, 999999,
		    &f->ref_number))
			return req_error(r, API_EINVALID, "q", "A reference is "
			    "year/number, as 2026/0042.");
		return 0;
	}
	if (strlen(q) != PSEUDONYM_LEN)
		return req_error(r, API_EINVALID, "q", "Search by a reference "
		    "(2026/0042) or a pseudonym (P-XXXXXX).");
	for (i = 0; i < PSEUDONYM_LEN; i++)
		f->pseudonym[i] = (q[i] >= 'a' && q[i] <= 'z') ?
		    (char)(q[i] - 'a' + 'A') : q[i];
	f->pseudonym[i] = '\0';
	if (!pseudonym_valid(f->pseudonym))
		return req_error(r, API_EINVALID, "q", "Search by a reference "
		    "(2026/0042) or a pseudonym (P-XXXXXX).");
	return 0;
}

static int
register_filter(struct req *r, struct reg_filter *f)
{
	const char	*s;
	int		 i;

	memset(f, 0, sizeof(*f));
	f->urgent = -1;
	f->to = INT64_MAX;
	if ((s = req_query(r, "status")) != NULL && *s != '\0') {
		if (enum_index(ENUM_CASE_STATUS, s) < 0)
			return req_error(r, API_EINVALID, "status",
			    "Unknown status.");
		snprintf(f->status, sizeof(f->status), "%s", s);
	}
	if ((s = req_query(r, "key_consultant_id")) != NULL && *s != '\0' &&
	    !valid_i64(s, strlen(s), 1, INT64_MAX, &f->key_id))
		return req_error(r, API_EINVALID, "key_consultant_id",
		    "key_consultant_id must be a user id.");
	if ((s = req_query(r, "form")) != NULL && *s != '\0') {
		if ((i = enum_index(ENUM_EXPLOITATION, s)) < 0)
			return req_error(r, API_EINVALID, "form",
			    "Unknown form of exploitation.");
		f->form_mask = 1 << i;
	}
	if ((s = req_query(r, "urgent")) != NULL && *s != '\0') {
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			return req_error(r, API_EINVALID, "urgent",
			    "urgent is true or false.");
		f->urgent = strcmp(s, "true") == 0;
	}
	if ((s = req_query(r, "citizenship")) != NULL && *s != '\0') {
		if (strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' ||
		    s[1] > 'Z')
			return req_error(r, API_EINVALID, "citizenship",
			    "citizenship is an ISO 3166 code (PL).");
		snprintf(f->citizenship, sizeof(f->citizenship), "%s", s);
	}
	if (query_date(r, "opened_from", &f->from, false) == -1 ||
	    query_date(r, "opened_to", &f->to, true) == -1 ||
	    query_q(r, f) == -1)
		return -1;
	f->filtered = f->filtered || f->status[0] || f->key_id ||
	    f->form_mask || f->urgent >= 0 || f->citizenship[0] ||
	    f->from != 0 || f->to != INT64_MAX;
	return 0;
}

static int
api_cases(struct req *r)
{
	struct reg_filter	 f;
	struct db_stmt		*st;
	struct db		*db;
	const char		*s, *const *sql = NULL;
	json_t			*list;
	int64_t			 limit = PAGE_DEFAULT, offset = 0, total;
	bool			 desc;
	size_t			 i;

	if (register_filter(r, &f) == -1)
		return -1;
	if ((s = req_query(r, "limit")) != NULL && !valid_i64(s, strlen(s), 1,
	    PAGE_MAX, &limit))
		return req_error(r, API_EINVALID, "limit", "limit must be 1 "
		    "to 100.");
	if ((s = req_query(r, "offset")) != NULL && !valid_i64(s, strlen(s), 0,
	    INT32_MAX, &offset))
		return req_error(r, API_EINVALID, "offset", "offset must be "
		    "0 or more.");
	s = req_query(r, "order");
	if (s != NULL && strcmp(s, "asc") != 0 && strcmp(s, "desc") != 0)
		return req_error(r, API_EINVALID, "order", "order is asc or "
		    "desc.");
	desc = s == NULL || strcmp(s, "desc") == 0;
	s = req_query(r, "sort");
	for (i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++)
		if (strcmp(s != NULL ? s : "reference", sorts[i].name) == 0)
			sql = desc ? sorts[i].desc : sorts[i].asc;
	if (sql == NULL)
		return req_error(r, API_EINVALID, "sort", "Sort by reference, "
		    "opened_at, updated_at, status, urgent or priority.");
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, reg_sql[R_COUNT])) == NULL)
		return req_dberror(r, db_err(db));
	filter_bind(st, 1, &f, r->user_id);
	if (db_one_i64(st, &total) == -1)
		return req_dberror(r, db_err(db));
	list = json_array();
	if (register_rows(r, db, sql, &f, limit, offset, list) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	/* total_capped: there are more than total. */
	return req_json(r, 200, json_pack("{s:o, s:I, s:b}", "cases", list,
	    "total", (json_int_t)(total > TOTAL_CAP ? TOTAL_CAP : total),
	    "total_capped", total > TOTAL_CAP));
}

/* ---- Search by exact identity, or by a word of the notes. */

struct word_match {
	const char	*want;
	bool		 hit;
};

static int
word_is(const char *word, size_t len, void *arg)
{
	struct word_match	*m = arg;

	if (strlen(m->want) == len && memcmp(m->want, word, len) == 0) {
		m->hit = true;
		return -1;	/* found: stop */
	}
	return 0;
}

static int
word_take(const char *word, size_t len, void *arg)
{
	char	*out = arg;

	if (out[0] != '\0')
		return -1;	/* a second word */
	snprintf(out, 65, "%.*s", (int)len, word);
	return 0;
}

/*
 * The cases whose notes hold word: the token narrows the notes to a few
 * candidates (a token stands for many words), each is opened and its words
 * compared, so a false candidate is never reported.
 */
static int
note_cases(struct db *db, const char *word, int64_t *ids, size_t max,
    size_t *n)
{
	struct word_match	 m;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	char			*text;
	int64_t			 cid;
	size_t			 i;

	*n = 0;
	if ((st = db_prepare(db, reg_sql[R_NOTE_CANDIDATES])) == NULL)
		return -1;
	db_bind_i64(st, 1, note_token(word, strlen(word)));
	while ((rc = db_step(st)) == DB_ROW && *n < max) {
		cid = db_col_i64(st, 1);
		for (i = 0; i < *n && ids[i] != cid; i++)
			;
		if (i < *n)
			continue;
		if (sealed_get(db, st, 2, "case_event", "text",
		    db_col_i64(st, 0), &text) == -1) {
			db_reset(st);
			return -1;
		}
		m.want = word;
		m.hit = false;
		if (text != NULL)
			(void)identity_words(text, word_is, &m);
		wipe_free(text);
		if (m.hit)
			ids[(*n)++] = cid;
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

static int
api_case_search(struct req *r)
{
	struct reg_filter	 f;
	struct db		*db;
	json_t			*list;
	char			 key[IDENTITY_KEY_MAX], word[65] = "";
	int64_t			 ids[SEARCH_MAX];
	size_t			 n = 0, i;
	int			 rc;

	if (req_check(r, identity_search_fields) == -1)
		return -1;
	if (json_object_get(r->json, "text") != NULL &&
	    json_object_size(r->json) == 1) {
		if (identity_words(jv_str(r->json, "text"), word_take,
		    word) == -1 || word[0] == '\0')
			return req_error(r, API_EINVALID, "text", "Search the "
			    "notes for one word of 2 to 64 letters or "
			    "digits.");
		if ((db = req_db(r)) == NULL)
			return -1;
		rc = note_cases(db, word, ids, SEARCH_MAX, &n);
	} else {
		if (identity_search_key(r, r->json, key) == -1 ||
		    (db = req_db(r)) == NULL)
			return -1;
		rc = identity_find(db, key, ids, SEARCH_MAX, &n);
		sodium_memzero(key, sizeof(key));
	}
	if (rc == -1)
		return req_dberror(r, db_err(db));
	list = json_array();
	for (i = 0; i < n; i++) {
		/* ids are persons for identity, cases for notes. */
		memset(&f, 0, sizeof(f));
		f.urgent = -1;
		f.to = INT64_MAX;
		f.filtered = true;
		if (word[0] != '\0')
			f.case_id = ids[i];
		else
			f.person_id = ids[i];
		if (register_rows(r, db, sorts[0].desc, &f, PAGE_MAX, 0,
		    list) == -1) {
			json_decref(list);
			return req_dberror(r, db_err(db));
		}
	}
	auth_audit(r, "case.search", "case", 0, "ok", word[0] != '\0' ?
	    "notes" : "identity");
	return req_json(r, 200, json_pack("{s:o}", "cases", list));
}

/* ---- Saved preferences. */

static struct jv_field	column_item = { "", JV_STRING, false, false, 1, 32,
			    0, 0, NULL, NULL, NULL };
static struct jv_field	pref_value[] = {
	{ "columns", JV_ARRAY, true, false, 1, 16, 0, 0, NULL, &column_item,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static struct jv_field	pref_fields[] = {
	{ "value", JV_OBJECT, true, false, 0, 0, 0, 0, NULL, NULL, pref_value },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static bool
pref_key_ok(struct req *r, const char **key)
{
	size_t	 n;

	if (!route_param_str(&r->params, "key", key, &n) ||
	    strcmp(*key, "case_register") != 0) {
		req_error(r, API_ENOTFOUND, NULL, NULL);
		return false;
	}
	return true;
}

static int
api_pref_get(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	const char	*key;
	json_t		*v = NULL, *cols;
	int		 rc, i;

	if (!pref_key_ok(r, &key) || (db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, reg_sql[R_PREF_GET])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, r->user_id);
	db_bind_str(st, 2, key);
	if ((rc = db_row(st)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 1) {
		v = json_loads(db_col_text(st, 0), 0, NULL);
		db_reset(st);
	}
	if (v == NULL) {
		cols = json_array();
		for (i = 0; default_columns[i] != NULL; i++)
			json_array_append_new(cols,
			    json_string(default_columns[i]));
		v = json_pack("{s:o}", "columns", cols);
	}
	return req_json(r, 200, json_pack("{s:o}", "value", v));
}

struct pref_job {
	int64_t		 user;
	const char	*key;
	char		*value;
};

static int
pref_write(struct db *db, void *arg, struct err *e)
{
	struct pref_job	*j = arg;
	struct db_stmt	*st;

	(void)e;
	if ((st = db_prepare(db, reg_sql[R_PREF_PUT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->user);
	db_bind_str(st, 2, j->key);
	db_bind_str(st, 3, j->value);
	return db_done(st);
}

static int
api_pref_put(struct req *r)
{
	struct pref_job	 j;
	struct err	 e;
	json_t		*v, *c;
	size_t		 i, k;
	int		 rc;

	column_item.oneof = enum_codes(ENUM_REGISTER_COLUMN);
	if (!pref_key_ok(r, &j.key) || req_check(r, pref_fields) == -1)
		return -1;
	v = json_object_get(json_object_get(r->json, "value"), "columns");
	json_array_foreach(v, i, c)
		for (k = 0; k < i; k++)
			if (json_equal(c, json_array_get(v, k)))
				return req_error(r, API_EINVALID,
				    "value.columns", "A column is chosen "
				    "once.");
	j.user = r->user_id;
	j.value = json_dumps(json_object_get(r->json, "value"),
	    JSON_COMPACT);
	rc = dbpool_write(http_pool(r), pref_write, &j, &e);
	free(j.value);
	if (rc == -1)
		return req_dberror(r, &e);
	return req_json(r, 200, json_pack("{s:O}", "value",
	    json_object_get(r->json, "value")));
}

const struct route register_routes[] = {
	{ HTTP_GET, "/api/v1/cases", "cases.list", api_cases, PERM_CASES, 0 },
	{ HTTP_POST, "/api/v1/cases/search", "cases.search", api_case_search,
	  PERM_CASES, 4096 },
	{ HTTP_GET, "/api/v1/preferences/{key:str}", "preferences.get",
	  api_pref_get, PERM_CASES, 0 },
	{ HTTP_PUT, "/api/v1/preferences/{key:str}", "preferences.put",
	  api_pref_put, PERM_CASES, 4096 },
};
const size_t register_nroutes = sizeof(register_routes) /
    sizeof(register_routes[0]);
