/*
 * The catalogue versions and the screenings of a case.  A screening keeps
 * the catalogue version it was started with; its answers are sealed, and
 * its result is computed anew from them on every read and change, so the
 * explanation always matches the answers.  The tool never decides: the
 * consultant completes a screening with their own conclusion, and a
 * conclusion other than the tool's needs a reason.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "auth/settings.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/valid.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "screening/catalogue.h"
#include "screening/screening.h"
#include "stats/export.h"

#define CATALOGUE_BODY_MAX	(1 << 20)
#define SCREENING_BODY_MAX	(64 * 1024)
#define NOTES_MAX		4000
#define REASON_MAX		2000
#define CACHE_MAX		32

enum screening_stmt {
	S_CAT_HAS,
	S_CAT_INSERT,
	S_CAT_CURRENT,
	S_CAT_GET,
	S_CAT_LIST,
	S_INSERT,
	S_GET,
	S_BY_CASE,
	S_SEAL_ANSWERS,
	S_SEAL_NOTES,
	S_SEAL_REASON,
	S_UPDATE,
	S_COMPLETE,
	S_MEANS,
	S__MAX
};

#define SCREENING_COLS "SELECT s.id, s.case_id, c.year, c.number, " \
	"s.list_code, s.catalogue_version, s.status, s.verdict, s.conclusion, " \
	"s.agrees, s.version, s.created_by, u.username, s.created_at, " \
	"s.updated_at, s.completed_by, w.username, s.completed_at, " \
	"s.answers, s.notes, s.reason FROM screening s " \
	"JOIN case_file c ON c.id = s.case_id " \
	"JOIN app_user u ON u.id = s.created_by " \
	"LEFT JOIN app_user w ON w.id = s.completed_by "

static const char *const screening_sql[S__MAX] = {
	[S_CAT_HAS] = "SELECT count(*) FROM indicator_catalogue "
	    "WHERE version = ?",
	[S_CAT_INSERT] = "INSERT INTO indicator_catalogue (version, name, doc, "
	    "loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?)",
	[S_CAT_CURRENT] = "SELECT max(version) FROM indicator_catalogue",
	[S_CAT_GET] = "SELECT doc, loaded_at FROM indicator_catalogue "
	    "WHERE version = ?",
	[S_CAT_LIST] = "SELECT k.version, k.name, k.loaded_at, k.loaded_by, "
	    "u.username FROM indicator_catalogue k LEFT JOIN app_user u "
	    "ON u.id = k.loaded_by ORDER BY k.version DESC",
	[S_INSERT] = "INSERT INTO screening (case_id, list_code, "
	    "catalogue_version, status, verdict, version, created_by, "
	    "created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, 1, ?, ?, ?) "
	    "RETURNING id",
	[S_GET] = SCREENING_COLS "WHERE s.id = ?",
	[S_BY_CASE] = SCREENING_COLS "WHERE s.case_id = ? "
	    "ORDER BY s.created_at DESC, s.id DESC LIMIT 200",
	[S_SEAL_ANSWERS] = "UPDATE screening SET answers = ? WHERE id = ?",
	[S_SEAL_NOTES] = "UPDATE screening SET notes = ? WHERE id = ?",
	[S_SEAL_REASON] = "UPDATE screening SET reason = ? WHERE id = ?",
	[S_UPDATE] = "UPDATE screening SET verdict = ?, version = version + 1, "
	    "updated_at = ? WHERE id = ? AND version = ? AND status = 'draft' "
	    "RETURNING version",
	[S_COMPLETE] = "UPDATE screening SET status = 'completed', "
	    "conclusion = ?, agrees = ?, completed_by = ?, completed_at = ?, "
	    "version = version + 1, updated_at = ? WHERE id = ? AND "
	    "version = ? AND status = 'draft' RETURNING version",
	[S_MEANS] = "UPDATE screening SET means_of_control = ? WHERE id = ?",
};

/* ---- Catalogue versions, parsed once each (a version never changes). */

static struct catalogue	 cache[CACHE_MAX];
static size_t		 ncache;
static pthread_mutex_t	 cache_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * The catalogue of a version, borrowed until exit: 1, 0 when there is no
 * such version, -1 on error.
 */
static int
catalogue_get(struct db *db, int64_t version, const struct catalogue **out)
{
	struct catalogue	 c;
	struct cat_error	 ce;
	struct db_stmt		*st;
	json_t			*doc;
	size_t			 i;
	int			 rc;

	*out = NULL;
	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < ncache; i++)
		if (cache[i].version == version)
			*out = &cache[i];
	pthread_mutex_unlock(&cache_lock);
	if (*out != NULL)
		return 1;
	if ((st = db_prepare(db, screening_sql[S_CAT_GET])) == NULL)
		return -1;
	db_bind_i64(st, 1, version);
	if ((rc = db_row(st)) != 1)
		return rc;
	doc = json_loads(db_col_text(st, 0), 0, NULL);
	db_reset(st);
	if (doc == NULL || catalogue_load(doc, &c, &ce) == -1) {
		json_decref(doc);
		db_fail(db, ERR_INVALID, "catalogue version %lld does not load",
		    (long long)version);
		return -1;
	}
	json_decref(doc);
	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < ncache; i++)
		if (cache[i].version == version)
			break;
	if (i == ncache && ncache < CACHE_MAX)
		cache[ncache++] = c;
	else
		catalogue_free(&c);
	*out = i < ncache ? &cache[i] : NULL;
	pthread_mutex_unlock(&cache_lock);
	return *out != NULL ? 1 : -1;
}

static int
catalogue_current(struct db *db, int64_t *version)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, screening_sql[S_CAT_CURRENT])) == NULL)
		return -1;
	return db_one_i64(st, version) == -1 ? -1 : 0;
}

struct cat_job {
	const struct catalogue	*c;
	const char		*text;
	int64_t			 by;
	int			 rc;		/* 0: the version exists */
};

static int
cat_write(struct db *db, void *arg, struct err *e)
{
	struct cat_job		*j = arg;
	struct audit_entry	 au = { j->by, "catalogue.load", "catalogue",
				    j->c->version, "ok", NULL };
	struct db_stmt		*st;
	int64_t			 n;

	(void)e;
	if ((st = db_prepare(db, screening_sql[S_CAT_HAS])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->c->version);
	if (db_one_i64(st, &n) == -1)
		return -1;
	if ((j->rc = n == 0) == 0)
		return 0;
	if ((st = db_prepare(db, screening_sql[S_CAT_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->c->version);
	db_bind_str(st, 2, json_string_value(json_object_get(j->c->doc,
	    "catalogue")));
	db_bind_str(st, 3, j->text);
	db_bind_i64(st, 4, clock_now());
	if (j->by != 0)
		db_bind_i64(st, 5, j->by);
	else
		db_bind_null(st, 5);
	if (db_done(st) == -1)
		return -1;
	return j->by != 0 ? audit_append(db, &au) : 0;
}

int
screening_seed(struct db *db, void *arg, struct err *e)
{
	const struct embed_file	*f = embed_find(embed_data, "indicators.json");
	struct catalogue	 c;
	struct cat_error	 ce;
	struct cat_job		 j;
	json_t			*doc;
	json_error_t		 jerr;
	int			 rc;

	(void)arg;
	if (f == NULL) {
		err_set(e, ERR_INVALID, "the indicator catalogue is missing "
		    "from the build (data/indicators.json)");
		return -1;
	}
	if ((doc = json_loadb((const char *)f->data, f->len, 0, &jerr)) ==
	    NULL || catalogue_load(doc, &c, &ce) == -1) {
		err_set(e, ERR_INVALID, "data/indicators.json: %s %s",
		    doc == NULL ? jerr.text : ce.field, doc == NULL ? "" :
		    ce.msg);
		json_decref(doc);
		return -1;
	}
	json_decref(doc);
	memset(&j, 0, sizeof(j));
	j.c = &c;
	j.text = (const char *)f->data;
	if ((rc = cat_write(db, &j, e)) == -1)
		err_set(e, ERR_DB, "cannot store the indicator catalogue: %s",
		    db_err(db)->msg);
	else if (j.rc == 1)
		log_info("indicator catalogue version %lld stored",
		    (long long)c.version);
	catalogue_free(&c);
	return rc;
}

static int
catalogue_answer(struct req *r, struct db *db, int64_t version)
{
	const struct catalogue	*c;
	struct db_stmt		*st;
	json_t			*o;
	int			 rc;

	if ((rc = catalogue_get(db, version, &c)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	o = json_deep_copy(c->doc);
	if ((st = db_prepare(db, screening_sql[S_CAT_GET])) != NULL) {
		db_bind_i64(st, 1, version);
		if (db_row(st) == 1) {
			json_object_set_new(o, "loaded_at",
			    hotline_time_json(db_col_i64(st, 1)));
			db_reset(st);
		}
	}
	return req_json(r, 200, o);
}

static int
api_catalogue_current(struct req *r)
{
	struct db	*db;
	int64_t		 v = 0;

	if ((db = req_db(r)) == NULL)
		return -1;
	if (catalogue_current(db, &v) == -1)
		return req_dberror(r, db_err(db));
	return catalogue_answer(r, db, v);
}

static int
api_catalogue_get(struct req *r)
{
	struct db	*db;
	int64_t		 v;

	if (!path_int(r, "version", &v) || (db = req_db(r)) == NULL)
		return -1;
	return catalogue_answer(r, db, v);
}

static int
api_catalogues(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	enum db_step_rc	 rc;
	json_t		*list;

	if ((db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, screening_sql[S_CAT_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(list, json_pack("{s:I, s:s, s:o, s:o}",
		    "version", (json_int_t)db_col_i64(st, 0), "catalogue",
		    db_col_text(st, 1), "loaded_at",
		    hotline_time_json(db_col_i64(st, 2)), "loaded_by",
		    user_json(db_col_i64(st, 3), db_col_text(st, 4))));
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "catalogues", list));
}

static int
api_catalogue_load(struct req *r)
{
	struct catalogue	 c;
	struct cat_error	 ce;
	struct cat_job		 j;
	struct err		 e;
	struct db		*db;
	char			*text;
	int64_t			 current = 0;
	int			 rc;

	if ((db = req_db(r)) == NULL)
		return -1;
	if (catalogue_load(r->json, &c, &ce) == -1)
		return req_error(r, API_EINVALID, ce.field[0] != '\0' ?
		    ce.field : NULL, ce.msg);
	if (catalogue_current(db, &current) == -1) {
		catalogue_free(&c);
		return req_dberror(r, db_err(db));
	}
	if (c.version <= current) {
		rc = c.version == current ? req_error(r, API_ECONFLICT,
		    "version", "This version is loaded already.") :
		    req_error(r, API_EINVALID, "version", "A revised catalogue "
		    "needs a version above the current one.");
		catalogue_free(&c);
		return rc;
	}
	text = json_dumps(c.doc, JSON_COMPACT);
	memset(&j, 0, sizeof(j));
	j.c = &c;
	j.text = text;
	j.by = r->user_id;
	rc = dbpool_write(http_pool(r), cat_write, &j, &e);
	free(text);
	if (rc == -1) {
		catalogue_free(&c);
		return req_dberror(r, &e);
	}
	if (j.rc == 0) {
		catalogue_free(&c);
		return req_error(r, API_ECONFLICT, "version", "This version is "
		    "loaded already.");
	}
	rc = req_json(r, 201, json_pack("{s:{s:I, s:O}}", "catalogue",
	    "version", (json_int_t)c.version, "catalogue",
	    json_object_get(c.doc, "catalogue")));
	catalogue_free(&c);
	return rc;
}

/* ---- The result of a screening. */

static void
rule_config_load(struct db *db, struct rule_config *cfg)
{
	int64_t	 v;

	rule_config_default(cfg);
	if (setting_get(db, SETTING_SCREEN_ADULT_NEEDS_DESTINATION, &v) == 0)
		cfg->adult_needs_destination = v != 0;
	if (setting_get(db, SETTING_SCREEN_CHILD_MEANS_OPTIONAL, &v) == 0)
		cfg->child_means_optional = v != 0;
	if (setting_get(db, SETTING_SCREEN_POSSIBLE_TWO_OF_THREE, &v) == 0)
		cfg->possible_two_of_three = v != 0;
}

static enum answer
answer_of(const json_t *answers, const char *id)
{
	enum answer	 a;

	if (answer_parse(json_string_value(json_object_get(answers, id)),
	    &a) == -1)
		return ANSWER_NONE;
	return a;
}

static const char *
text_of(const json_t *bilingual, const char *lang)
{
	const char	*s = json_string_value(json_object_get(bilingual, lang));

	return s != NULL ? s : "";
}

/* One language's explanation: the positive dimensions and their reasons. */
static void
explain(const struct catalogue *c, enum cat_list l, const json_t *answers,
    const struct rule_result *res, const char *lang, struct buf *b)
{
	static const char *const verdicts[2][VERDICT__MAX] = {
		{ "not enough indication of trafficking",
		  "a possible victim of trafficking",
		  "a victim of trafficking by the indicators" },
		{ "za mało przesłanek handlu ludźmi",
		  "możliwa ofiara handlu ludźmi",
		  "ofiara handlu ludźmi według wskaźników" },
	};
	static const char *const grades[2][GRADE__MAX] = {
		{ "", "weak", "medium", "strong" },
		{ "", "słaby", "średni", "silny" },
	};
	bool		 pl = strcmp(lang, "pl") == 0;
	json_t		*dims = json_object_get(c->doc, "dimensions");
	size_t		 i, shown = 0;
	int		 d, k;

	buf_addf(b, pl ? "Wynik narzędzia: %s. " : "The tool's result: %s. ",
	    verdicts[pl][res->verdict]);
	for (d = 0; d < DIM__MAX; d++) {
		if (!res->dims[d].positive)
			continue;
		buf_addf(b, "%s%s: ", shown++ == 0 ? (pl ? "Spełnione "
		    "wymiary – " : "Positive dimensions – ") : "; ",
		    text_of(json_array_get(dims, (size_t)d), lang));
		for (k = 0, i = 0; i < c->n; i++)
			if (c->ind[i].dim == (enum dimension)d &&
			    c->ind[i].grade[l] != GRADE_NONE &&
			    answer_of(answers, c->ind[i].id) == ANSWER_YES)
				buf_addf(b, "%s%s – %s", k++ ? ", " : "",
				    text_of(json_object_get(c->ind[i].obj,
				    "label"), lang),
				    grades[pl][c->ind[i].grade[l]]);
	}
	if (shown == 0)
		buf_addf(b, pl ? "Żaden wymiar nie jest spełniony." :
		    "No dimension is positive.");
	else
		buf_addf(b, ".");
	if (res->verdict == VERDICT_POSSIBLE && res->possible_open)
		buf_addf(b, pl ? " Odpowiedzi „nie wiadomo” lub odmowy "
		    "odpowiedzi mogą dopełnić obraz handlu ludźmi." :
		    " Unknown or refused answers could complete the picture "
		    "of trafficking.");
	else if (res->verdict == VERDICT_POSSIBLE)
		buf_addf(b, pl ? " Spełnione są dwa z trzech elementów "
		    "(werbunek, wyzysk, środki w miejscu docelowym), w tym "
		    "wyzysk." : " Two of the three elements (recruitment, "
		    "exploitation, means at destination) are there, "
		    "exploitation one of them.");
	buf_addf(b, pl ? " Decyzję podejmuje konsultant." :
	    " The consultant decides.");
}

static json_t *
result_json(struct db *db, const struct catalogue *c, enum cat_list l,
    const json_t *answers, enum verdict *verdict)
{
	struct rule_config	 cfg;
	struct rule_result	 res;
	struct rule_item	*it;
	struct buf		 pl, en;
	json_t			*dims, *inds, *o;
	size_t			 i, n = 0;
	int			 d;

	rule_config_load(db, &cfg);
	it = xcalloc(c->n, sizeof(*it));
	for (i = 0; i < c->n; i++)
		if (c->ind[i].grade[l] != GRADE_NONE) {
			it[n].dim = c->ind[i].dim;
			it[n].grade = c->ind[i].grade[l];
			it[n].answer = answer_of(answers, c->ind[i].id);
			n++;
		}
	rule_evaluate(&cfg, it, n, list_is_child(l), answer_of(answers, "act"),
	    &res);
	free(it);
	*verdict = res.verdict;
	dims = json_array();
	for (d = 0; d < DIM__MAX; d++) {
		inds = json_array();
		for (i = 0; i < c->n; i++)
			if (c->ind[i].dim == (enum dimension)d &&
			    c->ind[i].grade[l] != GRADE_NONE &&
			    answer_of(answers, c->ind[i].id) == ANSWER_YES)
				json_array_append_new(inds, json_pack("{s:s, "
				    "s:s}", "id", c->ind[i].id, "grade",
				    grade_code(c->ind[i].grade[l])));
		json_array_append_new(dims, json_pack("{s:s, s:b, s:{s:i, s:i, "
		    "s:i}, s:o}", "code", dimension_code((enum dimension)d),
		    "positive", res.dims[d].positive, "counts", "strong",
		    res.dims[d].strong, "medium", res.dims[d].medium, "weak",
		    res.dims[d].weak, "indicators", inds));
	}
	buf_init(&pl, 1 << 16);
	buf_init(&en, 1 << 16);
	explain(c, l, answers, &res, "pl", &pl);
	explain(c, l, answers, &res, "en", &en);
	o = json_pack("{s:s, s:o, s:{s:b, s:b, s:b}, s:{s:s, s:s}, s:I}",
	    "verdict", verdict_code(res.verdict), "dimensions", dims, "groups",
	    "recruitment", res.groups[GROUP_RECRUITMENT], "exploitation",
	    res.groups[GROUP_EXPLOITATION], "destination",
	    res.groups[GROUP_DESTINATION], "explanation", "pl",
	    pl.data != NULL ? pl.data : "", "en", en.data != NULL ? en.data :
	    "", "unanswered", (json_int_t)res.unanswered);
	buf_release(&pl);
	buf_release(&en);
	return o;
}

/* ---- Screenings. */

struct screening_row {
	int64_t		 id, case_id, version, catalogue_version;
	enum cat_list	 list;
	char		 status[16];
	json_t		*answers;	/* owned */
	json_t		*o;		/* the answer, owned */
};

/* The current row of st as JSON (with answers and result when full). */
static int
screening_fill(struct db *db, struct db_stmt *st, bool full,
    struct screening_row *s)
{
	const struct catalogue	*c;
	enum verdict		 v;
	char			 ref[REFERENCE_MAX], *notes = NULL,
				*reason = NULL;
	json_t			*res;

	memset(s, 0, sizeof(*s));
	s->id = db_col_i64(st, 0);
	s->case_id = db_col_i64(st, 1);
	s->catalogue_version = db_col_i64(st, 5);
	s->version = db_col_i64(st, 10);
	snprintf(s->status, sizeof(s->status), "%s", db_col_text(st, 6));
	if (list_parse(db_col_text(st, 4), &s->list) == -1) {
		db_fail(db, ERR_INVALID, "screening %lld: unknown list",
		    (long long)s->id);
		return -1;
	}
	case_reference(db_col_i64(st, 2), db_col_i64(st, 3), ref);
	if (sealed_get_json(db, st, 18, "screening", "answers", s->id,
	    &s->answers) == -1 || sealed_get(db, st, 19, "screening", "notes",
	    s->id, &notes) == -1 || sealed_get(db, st, 20, "screening",
	    "reason", s->id, &reason) == -1) {
		json_decref(s->answers);
		wipe_free(notes);
		return -1;
	}
	if (json_is_null(s->answers)) {
		json_decref(s->answers);
		s->answers = json_object();
	}
	s->o = json_pack("{s:I, s:{s:I, s:s}, s:s, s:I, s:s, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:s}",
	    "id", (json_int_t)s->id, "case", "id", (json_int_t)s->case_id,
	    "reference", ref, "list", list_code(s->list), "catalogue_version",
	    (json_int_t)s->catalogue_version, "status", s->status,
	    "conclusion", str_or_null(db_col_text(st, 8)),
	    "agrees", db_col_null(st, 9) ? json_null() :
	    json_boolean(db_col_i64(st, 9) != 0),
	    "reason", str_or_null(reason), "notes", str_or_null(notes),
	    "created_by", user_json(db_col_i64(st, 11), db_col_text(st, 12)),
	    "created_at", hotline_time_json(db_col_i64(st, 13)),
	    "updated_at", hotline_time_json(db_col_i64(st, 14)),
	    "completed_by", user_json(db_col_i64(st, 15), db_col_text(st, 16)),
	    "completed_at", hotline_time_json(db_col_i64(st, 17)),
	    "version", (json_int_t)s->version, "verdict", db_col_text(st, 7));
	wipe_free(notes);
	wipe_free(reason);
	if (!full)
		return 0;
	if (catalogue_get(db, s->catalogue_version, &c) != 1) {
		db_fail(db, ERR_INVALID, "screening %lld: catalogue %lld is "
		    "missing", (long long)s->id,
		    (long long)s->catalogue_version);
		return -1;
	}
	res = result_json(db, c, s->list, s->answers, &v);
	json_object_set(s->o, "answers", s->answers);
	json_object_set_new(s->o, "result", res);
	return 0;
}

static void
screening_release(struct screening_row *s)
{
	json_decref(s->answers);
	json_decref(s->o);
	memset(s, 0, sizeof(*s));
}

/* Screening id, its case's access checked: 1, or -1 answered. */
static int
screening_open(struct req *r, struct db *db, int64_t id,
    struct screening_row *s)
{
	struct case_head	 h;
	struct db_stmt		*st;
	int			 rc;

	if ((st = db_prepare(db, screening_sql[S_GET])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	rc = screening_fill(db, st, true, s);
	db_reset(st);
	if (rc == -1)
		return req_dberror(r, db_err(db));
	if (case_open(r, db, s->case_id, &h) == -1) {
		screening_release(s);
		return -1;
	}
	return 1;
}

struct create_job {
	int64_t		 case_id, by, catalogue, id;
	const char	*list;
};

static int
create_write(struct db *db, void *arg, struct err *e)
{
	struct create_job	*j = arg;
	struct audit_entry	 au = { j->by, "screening.create", "case",
				    j->case_id, "ok", NULL };
	struct db_stmt		*st;
	int64_t			 now = clock_now();

	(void)e;
	au.detail = j->list;
	if ((st = db_prepare(db, screening_sql[S_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->case_id);
	db_bind_str(st, 2, j->list);
	db_bind_i64(st, 3, j->catalogue);
	db_bind_str(st, 4, verdict_code(VERDICT_NOT_ENOUGH));
	db_bind_i64(st, 5, j->by);
	db_bind_i64(st, 6, now);
	db_bind_i64(st, 7, now);
	if (db_one_i64(st, &j->id) != 1)
		return -1;
	return audit_append(db, &au);
}

static struct jv_field	list_field = { "list", JV_STRING, true, false, 1, 32,
			    0, 0, NULL, NULL, NULL };
static const char *const list_names[] = {
	"adult_labour", "adult_sexual", "child_labour", "child_sexual", NULL
};

static int
screening_answer(struct req *r, struct db *db, int64_t id, int status)
{
	struct screening_row	 s;
	int			 rc;

	if (screening_open(r, db, id, &s) == -1)
		return -1;
	rc = req_json(r, status, json_pack("{s:O}", "screening", s.o));
	screening_release(&s);
	return rc;
}

static int
api_screening_create(struct req *r)
{
	struct jv_field		 f[2];
	struct case_head	 h;
	struct create_job	 j;
	struct err		 e;
	struct db		*db;

	f[0] = list_field;
	f[0].oneof = list_names;
	memset(&f[1], 0, sizeof(f[1]));
	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.case_id) || req_check(r, f) == -1 ||
	    (db = req_db(r)) == NULL || case_open(r, db, j.case_id, &h) == -1)
		return -1;
	if (catalogue_current(db, &j.catalogue) == -1)
		return req_dberror(r, db_err(db));
	j.list = jv_str(r->json, "list");
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	return screening_answer(r, db, j.id, 201);
}

static int
api_screenings(struct req *r)
{
	struct screening_row	 s;
	struct case_head	 h;
	struct db_stmt		*st;
	struct db		*db;
	enum db_step_rc		 rc;
	json_t			*list;
	int64_t			 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    case_open(r, db, id, &h) == -1)
		return -1;
	if ((st = db_prepare(db, screening_sql[S_BY_CASE])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (screening_fill(db, st, false, &s) == -1) {
			rc = DB_ERROR;
			break;
		}
		json_array_append(list, s.o);
		screening_release(&s);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "screenings", list));
}

static int
api_screening_get(struct req *r)
{
	struct screening_row	 s;
	struct db		*db;
	int64_t			 id;
	int			 rc;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    screening_open(r, db, id, &s) == -1)
		return -1;
	auth_audit(r, "screening.read", "case", s.case_id, "ok", NULL);
	rc = req_json(r, 200, json_pack("{s:O}", "screening", s.o));
	screening_release(&s);
	return rc;
}

struct update_job {
	int64_t		 id, case_id, version, by;
	const json_t	*answers;	/* the merged answers */
	const char	*notes;		/* NULL: kept */
	bool		 notes_given;
	enum verdict	 verdict;
	int		 rc;
};

static int
update_write(struct db *db, void *arg, struct err *e)
{
	struct update_job	*j = arg;
	struct db_stmt		*st;
	char			*s;
	int64_t			 v;
	int			 rc;

	(void)e;
	if ((st = db_prepare(db, screening_sql[S_UPDATE])) == NULL)
		return -1;
	db_bind_str(st, 1, verdict_code(j->verdict));
	db_bind_i64(st, 2, clock_now());
	db_bind_i64(st, 3, j->id);
	db_bind_i64(st, 4, j->version);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	s = json_dumps(j->answers, JSON_COMPACT | JSON_SORT_KEYS);
	rc = sealed_put(db, screening_sql[S_SEAL_ANSWERS], "screening",
	    "answers", j->id, s);
	wipe_free(s);
	if (rc == -1)
		return -1;
	if (j->notes_given && sealed_put(db, screening_sql[S_SEAL_NOTES],
	    "screening", "notes", j->id, j->notes) == -1)
		return -1;
	return 0;
}

static const struct jv_field patch_fields[] = {
	{ "answers", JV_OBJECT, false, false, 0, 0, 0, 0, NULL, NULL, NULL },
	{ "notes", JV_TEXT, false, true, 0, NOTES_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

/* Merge the body's answers into s->answers, each checked; -1 answered. */
static int
answers_merge(struct req *r, const struct catalogue *c,
    struct screening_row *s, const json_t *body)
{
	const char	*key;
	json_t		*v;
	enum answer	 a;
	char		 field[80];
	int		 i;

	json_object_foreach((json_t *)(uintptr_t)body, key, v) {
		snprintf(field, sizeof(field), "answers.%s",
		    valid_text(key, strlen(key), 48, false) ? key : "?");
		if (strcmp(key, "act") == 0) {
			if (!list_is_child(s->list))
				return req_error(r, API_EINVALID, field, "Only "
				    "a child's screening asks the act "
				    "question.");
		} else if ((i = catalogue_find(c, key)) < 0 ||
		    c->ind[i].grade[s->list] == GRADE_NONE)
			return req_error(r, API_EINVALID, field, "No such "
			    "indicator on this screening's list.");
		if (json_is_null(v)) {
			json_object_del(s->answers, key);
			continue;
		}
		if (answer_parse(json_string_value(v), &a) == -1)
			return req_error(r, API_EINVALID, field, "An answer is "
			    "yes, no, unknown or refused.");
		json_object_set_new(s->answers, key, json_string(answer_code(a)));
	}
	return 0;
}

#define STALE	"Someone changed this screening meanwhile: reload it."

/* A draft at the version the body read?  -1 when answered (409). */
static int
screening_editable(struct req *r, const struct screening_row *s)
{
	if (strcmp(s->status, "draft") != 0)
		return req_error(r, API_ECONFLICT, NULL, "This screening is "
		    "completed: start a new one for a new assessment.");
	if (jv_int(r->json, "version", 0) != s->version)
		return req_error(r, API_ECONFLICT, "version", STALE);
	return 0;
}

/*
 * Run a screening's write and answer with the screening; 409 when its
 * version moved meanwhile (*rc 0 from the job).
 */
static int
screening_commit(struct req *r, struct db *db, int64_t id, db_tx_fn fn,
    void *job, const int *rc)
{
	struct err	 e;

	if (dbpool_write(http_pool(r), fn, job, &e) == -1)
		return req_dberror(r, &e);
	if (*rc == 0)
		return req_error(r, API_ECONFLICT, "version", STALE);
	return screening_answer(r, db, id, 200);
}

static int
api_screening_update(struct req *r)
{
	const struct catalogue	*c;
	struct screening_row	 s;
	struct update_job	 j;
	struct db		*db;
	json_t			*res;
	int64_t			 id;
	int			 rc = -1;

	if (!path_int(r, "id", &id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL || screening_open(r, db, id, &s) == -1)
		return -1;
	if (screening_editable(r, &s) == -1)
		goto out;
	if (catalogue_get(db, s.catalogue_version, &c) != 1) {
		req_dberror(r, db_err(db));
		goto out;
	}
	if (answers_merge(r, c, &s, json_object_get(r->json, "answers")) == -1)
		goto out;
	memset(&j, 0, sizeof(j));
	res = result_json(db, c, s.list, s.answers, &j.verdict);
	json_decref(res);
	j.id = id;
	j.case_id = s.case_id;
	j.version = s.version;
	j.by = r->user_id;
	j.answers = s.answers;
	j.notes_given = json_object_get(r->json, "notes") != NULL;
	j.notes = jv_str(r->json, "notes");
	if (j.notes != NULL && *j.notes == '\0')
		j.notes = NULL;
	rc = screening_commit(r, db, id, update_write, &j, &j.rc);
out:
	screening_release(&s);
	return rc;
}

static const char *const verdict_names[] = {
	"not_enough", "possible", "victim", NULL
};
static const struct jv_field complete_fields[] = {
	{ "conclusion", JV_STRING, true, false, 1, 16, 0, 0, verdict_names,
	  NULL, NULL },
	{ "reason", JV_TEXT, false, true, 0, REASON_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

struct complete_job {
	int64_t		 id, case_id, version, by;
	int64_t		 means;		/* means_of() of the answers */
	const char	*conclusion, *reason;
	bool		 agrees;
	char		 text[160];
	int		 rc;
};

static int
complete_write(struct db *db, void *arg, struct err *e)
{
	struct complete_job	*j = arg;
	struct audit_entry	 au = { j->by, "screening.complete", "case",
				    j->case_id, "ok", NULL };
	struct db_stmt		*st;
	int64_t			 v, now = clock_now();

	(void)e;
	au.detail = j->agrees ? "agrees" : "disagrees";
	if ((st = db_prepare(db, screening_sql[S_COMPLETE])) == NULL)
		return -1;
	db_bind_str(st, 1, j->conclusion);
	db_bind_i64(st, 2, j->agrees);
	db_bind_i64(st, 3, j->by);
	db_bind_i64(st, 4, now);
	db_bind_i64(st, 5, now);
	db_bind_i64(st, 6, j->id);
	db_bind_i64(st, 7, j->version);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	if ((st = db_prepare(db, screening_sql[S_MEANS])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->means);
	db_bind_i64(st, 2, j->id);
	if (db_done(st) == -1)
		return -1;
	if (j->reason != NULL && sealed_put(db, screening_sql[S_SEAL_REASON],
	    "screening", "reason", j->id, j->reason) == -1)
		return -1;
	if (case_event_add(db, j->case_id, j->by, "screening", 0, j->text) ==
	    -1 || case_touch(db, j->case_id) == -1)
		return -1;
	return audit_append(db, &au);
}

/*
 * The means of control the "yes" answers name (stats/export.h), kept in
 * clear at completion for the anonymised export: the sealed answers are
 * never opened for statistics.
 */
static int64_t
means_of(const json_t *answers)
{
	const char	*id;
	json_t		*a;
	uint32_t	 m = 0;

	json_object_foreach((json_t *)answers, id, a)
		if (json_is_string(a) && strcmp(json_string_value(a),
		    "yes") == 0)
			m |= export_means_flag(id);
	return m;
}

static int
api_screening_complete(struct req *r)
{
	struct screening_row	 s;
	struct complete_job	 j;
	struct db		*db;
	const char		*tool;
	int64_t			 id;
	int			 rc = -1;

	if (!path_int(r, "id", &id) || req_check(r, complete_fields) == -1 ||
	    (db = req_db(r)) == NULL || screening_open(r, db, id, &s) == -1)
		return -1;
	memset(&j, 0, sizeof(j));
	tool = jv_str(json_object_get(s.o, "result"), "verdict");
	j.conclusion = jv_str(r->json, "conclusion");
	j.reason = jv_str(r->json, "reason");
	if (j.reason != NULL && *j.reason == '\0')
		j.reason = NULL;
	j.agrees = tool != NULL && strcmp(tool, j.conclusion) == 0;
	if (screening_editable(r, &s) == -1)
		goto out;
	if (!j.agrees && j.reason == NULL) {
		req_error(r, API_EINVALID, "reason", "Your conclusion differs "
		    "from the tool's: say why.");
		goto out;
	}
	j.id = id;
	j.case_id = s.case_id;
	j.version = s.version;
	j.by = r->user_id;
	j.means = means_of(s.answers);
	snprintf(j.text, sizeof(j.text), "screening %s: tool %s, consultant "
	    "%s%s", list_code(s.list), tool != NULL ? tool : "?", j.conclusion,
	    j.agrees ? "" : " (disagrees, with a reason)");
	rc = screening_commit(r, db, id, complete_write, &j, &j.rc);
out:
	screening_release(&s);
	return rc;
}

const struct route screening_routes[] = {
	{ HTTP_GET, "/api/v1/screening/catalogue", "screening.catalogue",
	  api_catalogue_current, PERM_CASES, 0 },
	{ HTTP_GET, "/api/v1/screening/catalogues", "screening.catalogues",
	  api_catalogues, PERM_CASES, 0 },
	{ HTTP_GET, "/api/v1/screening/catalogues/{version:int}",
	  "screening.catalogue_version", api_catalogue_get, PERM_CASES, 0 },
	{ HTTP_POST, "/api/v1/screening/catalogues", "screening.catalogue_load",
	  api_catalogue_load, PERM_CASE_ADMIN, CATALOGUE_BODY_MAX },
	{ HTTP_POST, "/api/v1/cases/{id:int}/screenings", "screenings.create",
	  api_screening_create, PERM_CASES, 1024 },
	{ HTTP_GET, "/api/v1/cases/{id:int}/screenings", "screenings.list",
	  api_screenings, PERM_CASES, 0 },
	{ HTTP_GET, "/api/v1/screenings/{id:int}", "screenings.get",
	  api_screening_get, PERM_CASES, 0 },
	{ HTTP_PATCH, "/api/v1/screenings/{id:int}", "screenings.update",
	  api_screening_update, PERM_CASES, SCREENING_BODY_MAX },
	{ HTTP_POST, "/api/v1/screenings/{id:int}/complete",
	  "screenings.complete", api_screening_complete, PERM_CASES, 8192 },
};
const size_t screening_nroutes = sizeof(screening_routes) /
    sizeof(screening_routes[0]);

/* Answers that make the dimensions of yes_dims positive (see above). */
static json_t *
demo_answers(const struct catalogue *c, enum cat_list l, unsigned yes_dims,
    unsigned open_dims)
{
	json_t		*a = json_object();
	int		 d, g, s, m, w, open;
	size_t		 i;

	for (d = 0; d < DIM__MAX; d++) {
		s = m = w = open = 0;
		for (g = GRADE_STRONG; g > GRADE_NONE; g--)
			for (i = 0; i < c->n; i++) {
				const struct cat_indicator *x = &c->ind[i];

				if (x->dim != (enum dimension)d ||
				    x->grade[l] != (enum grade)g)
					continue;
				if ((yes_dims & (1u << d)) &&
				    !dimension_positive(s, m, w)) {
					json_object_set_new(a, x->id,
					    json_string("yes"));
					s += g == GRADE_STRONG;
					m += g == GRADE_MEDIUM;
					w += g == GRADE_WEAK;
				} else if ((open_dims & (1u << d)) && open < 2) {
					json_object_set_new(a, x->id,
					    json_string("unknown"));
					open++;
				} else
					json_object_set_new(a, x->id,
					    json_string("no"));
			}
	}
	if (list_is_child(l))
		json_object_set_new(a, "act", json_string("yes"));
	return a;
}

/* Insert, answer and complete a screening as the tool concludes. */
static int
screening_completed(struct db *db, const struct catalogue *c, enum cat_list l,
    struct create_job *cjp, const json_t *answers, int64_t by)
{
	struct create_job	 cj = *cjp;
	struct update_job	 uj;
	struct complete_job	 j;
	struct err		 e;
	json_t			*res;

	cj.by = by;
	cj.list = list_code(l);
	if (create_write(db, &cj, &e) == -1)
		return -1;
	memset(&uj, 0, sizeof(uj));
	res = result_json(db, c, l, answers, &uj.verdict);
	json_decref(res);
	uj.id = cj.id;
	uj.case_id = cj.case_id;
	uj.version = 1;
	uj.by = by;
	uj.answers = answers;
	if (update_write(db, &uj, &e) == -1 || uj.rc != 1)
		return -1;
	memset(&j, 0, sizeof(j));
	j.id = cj.id;
	j.case_id = cj.case_id;
	j.version = 2;
	j.by = by;
	j.means = means_of(answers);
	j.conclusion = verdict_code(uj.verdict);
	j.agrees = true;
	snprintf(j.text, sizeof(j.text), "screening %s: tool %s, consultant "
	    "%s", list_code(l), j.conclusion, j.conclusion);
	if (complete_write(db, &j, &e) == -1 || j.rc != 1)
		return -1;
	return 0;
}

int
screening_record(struct db *db, int64_t case_id, const char *list,
    unsigned yes_dims, unsigned open_dims, int64_t by)
{
	const struct catalogue	*c;
	struct create_job	 cj;
	enum cat_list		 l;
	json_t			*answers;
	int			 rc;

	memset(&cj, 0, sizeof(cj));
	if (list_parse(list, &l) == -1 ||
	    catalogue_current(db, &cj.catalogue) == -1 ||
	    catalogue_get(db, cj.catalogue, &c) != 1)
		return -1;
	cj.case_id = case_id;
	answers = demo_answers(c, l, yes_dims, open_dims);
	rc = screening_completed(db, c, l, &cj, answers, by);
	json_decref(answers);
	return rc;
}
