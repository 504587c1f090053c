/*
 * A case's aid pathway and its legal track.  The pathway is the centre's
 * order of help, item by item (hotline/enums.c lists them); the legal
 * track records the certificate, the residence permit, the support
 * programme, the criminal proceedings and compensation, as one sealed JSON
 * document per kind, and turns their dates into deadline tasks
 * (cases/legal.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "cases/lifecycle.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"

#define TRACK_BODY_MAX	(32 * 1024)

enum track_stmt {
	T_PATHWAY,
	T_PATHWAY_PUT,
	T_PATHWAY_SEAL,
	T_LEGAL,
	T_LEGAL_PUT,
	T_LEGAL_SEAL,
	T_LEGAL_DELETE,
	T__MAX
};

static const char *const track_sql[T__MAX] = {
	[T_PATHWAY] = "SELECT i.id, i.item, i.status, i.decision, "
	    "i.decided_on, i.informed, i.notes, i.updated_by, u.username, "
	    "i.updated_at FROM pathway_item i JOIN app_user u "
	    "ON u.id = i.updated_by WHERE i.case_id = ?",
	[T_PATHWAY_PUT] = "INSERT INTO pathway_item (case_id, item, status, "
	    "decision, decided_on, informed, updated_by, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, item) "
	    "DO UPDATE SET status = excluded.status, decision = "
	    "excluded.decision, decided_on = excluded.decided_on, informed = "
	    "excluded.informed, updated_by = excluded.updated_by, updated_at "
	    "= excluded.updated_at RETURNING id",
	[T_PATHWAY_SEAL] = "UPDATE pathway_item SET notes = ? WHERE id = ?",
	[T_LEGAL] = "SELECT id, kind, doc FROM legal_item WHERE case_id = ?",
	[T_LEGAL_PUT] = "INSERT INTO legal_item (case_id, kind, updated_by, "
	    "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (case_id, kind) "
	    "DO UPDATE SET updated_by = excluded.updated_by, updated_at = "
	    "excluded.updated_at RETURNING id",
	[T_LEGAL_SEAL] = "UPDATE legal_item SET doc = ? WHERE id = ?",
	[T_LEGAL_DELETE] = "DELETE FROM legal_item WHERE case_id = ? "
	    "AND kind = ? RETURNING id",
};

static bool
is_decision(const char *item)
{
	return strncmp(item, "decision_", 9) == 0;
}

/* ---- The pathway. */

int
pathway_load(struct db *db, int64_t case_id, json_t **items,
    json_t **missing)
{
	const struct enum_value	*v = enum_defs[ENUM_PATHWAY_ITEM].values;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	json_t			*byitem = json_object(), *o, *x;
	char			*notes;
	const char		*status;
	int			 i;

	*items = *missing = NULL;
	if ((st = db_prepare(db, track_sql[T_PATHWAY])) == NULL) {
		json_decref(byitem);
		return -1;
	}
	db_bind_i64(st, 1, case_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (sealed_get(db, st, 6, "pathway_item", "notes",
		    db_col_i64(st, 0), &notes) == -1) {
			rc = DB_ERROR;
			break;
		}
		o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		    "item", db_col_text(st, 1), "status",
		    str_or_null(db_col_text(st, 2)), "by",
		    user_json(db_col_i64(st, 7), db_col_text(st, 8)), "at",
		    hotline_time_json(db_col_i64(st, 9)), "notes", str_or_null(notes),
		    "decision", str_or_null(db_col_text(st, 3)), "decided_on",
		    str_or_null(db_col_text(st, 4)), "informed",
		    db_col_null(st, 5) ? json_null() :
		    json_boolean(db_col_i64(st, 5) != 0));
		wipe_free(notes);
		json_object_set_new(byitem, db_col_text(st, 1), o);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(byitem);
		return -1;
	}
	*items = json_array();
	*missing = json_array();
	for (i = 0; v[i].code != NULL; i++) {
		if ((o = json_object_get(byitem, v[i].code)) != NULL)
			json_incref(o);
		else
			o = json_pack("{s:s, s:n, s:n, s:n, s:n, s:n, s:n, "
			    "s:n}", "item", v[i].code, "status", "by", "at",
			    "notes", "decision", "decided_on", "informed");
		if (!is_decision(v[i].code)) {
			json_object_del(o, "decision");
			json_object_del(o, "decided_on");
			json_object_del(o, "informed");
		}
		x = json_object_get(o, "status");
		status = json_string_value(x);
		if (status == NULL || strcmp(status, "needed") == 0 ||
		    strcmp(status, "in_progress") == 0)
			json_array_append_new(*missing,
			    json_string(v[i].code));
		json_array_append_new(*items, o);
	}
	json_decref(byitem);
	return 0;
}

static const char *const decisions[] = { "yes", "no", "undecided", NULL };

static struct jv_field	pathway_fields[] = {
	{ "status", JV_STRING, false, true, 1, 32, 0, 0, NULL, NULL, NULL },
	{ "notes", JV_TEXT, false, true, 0, 2000, 0, 0, NULL, NULL, NULL },
	{ "decision", JV_STRING, false, true, 1, 16, 0, 0, decisions, NULL,
	  NULL },
	{ "decided_on", JV_STRING, false, true, 0, 10, 0, 0, NULL, NULL,
	  NULL },
	{ "informed", JV_BOOL, false, true, 0, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

struct pathway_job {
	int64_t		 case_id, by;
	const char	*item;
	const json_t	*body;
};

static void
bind_opt_str(struct db_stmt *st, int i, const json_t *o, const char *name)
{
	const char	*s = jv_str(o, name);

	db_bind_str(st, i, s != NULL && *s != '\0' ? s : NULL);
}

int
pathway_put(struct db *db, int64_t case_id, const char *item,
    const json_t *body, int64_t by)
{
	struct db_stmt	*st;
	json_t		*inf;
	const char	*notes, *status;
	char		 text[96];
	int64_t		 id;

	if ((st = db_prepare(db, track_sql[T_PATHWAY_PUT])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	db_bind_str(st, 2, item);
	bind_opt_str(st, 3, body, "status");
	bind_opt_str(st, 4, body, "decision");
	bind_opt_str(st, 5, body, "decided_on");
	inf = json_object_get(body, "informed");
	if (json_is_boolean(inf))
		db_bind_i64(st, 6, json_is_true(inf));
	else
		db_bind_null(st, 6);
	db_bind_i64(st, 7, by);
	db_bind_i64(st, 8, clock_now());
	if (db_one_i64(st, &id) != 1)
		return -1;
	notes = jv_str(body, "notes");
	status = jv_str(body, "status");
	snprintf(text, sizeof(text), "%s: %s", item, status != NULL ? status :
	    "not assessed");
	if (sealed_put(db, track_sql[T_PATHWAY_SEAL], "pathway_item", "notes",
	    id, notes != NULL && *notes != '\0' ? notes : NULL) == -1 ||
	    case_event_add(db, case_id, by, "pathway", 0, text) == -1)
		return -1;
	return case_touch(db, case_id);
}

static int
pathway_write(struct db *db, void *arg, struct err *e)
{
	struct pathway_job	*j = arg;
	struct audit_entry	 au = { j->by, "case.pathway", "case",
				    j->case_id, "ok", NULL };

	(void)e;
	au.detail = j->item;
	if (pathway_put(db, j->case_id, j->item, j->body, j->by) == -1)
		return -1;
	return audit_append(db, &au);
}

static int
api_pathway_put(struct req *r)
{
	struct case_head	 h;
	struct pathway_job	 j;
	struct cal_date		 d;
	struct err		 e;
	struct db		*db;
	json_t			*items, *missing, *item = NULL, *v;
	const char		*name, *s;
	size_t			 n, i;
	int			 rc;

	pathway_fields[0].oneof = enum_codes(ENUM_PATHWAY_STATUS);
	if (!path_int(r, "id", &j.case_id))
		return -1;
	if (!route_param_str(&r->params, "item", &name, &n) ||
	    enum_index(ENUM_PATHWAY_ITEM, name) < 0)
		return req_error(r, API_ENOTFOUND, NULL, "No such pathway "
		    "item.");
	if (req_check(r, pathway_fields) == -1 || (db = req_db(r)) == NULL ||
	    case_open(r, db, j.case_id, &h) == -1)
		return -1;
	if (!is_decision(name)) {
		static const char *const only[] = { "decision", "decided_on",
		    "informed" };

		for (i = 0; i < 3; i++)
			if ((v = json_object_get(r->json, only[i])) != NULL &&
			    !json_is_null(v))
				return req_error(r, API_EINVALID, only[i],
				    "Only the person's decisions record a "
				    "decision.");
	}
	if ((s = jv_str(r->json, "decided_on")) != NULL && *s != '\0' &&
	    date_parse(s, &d) == -1)
		return req_error(r, API_EINVALID, "decided_on", "A date is "
		    "YYYY-MM-DD.");
	j.by = r->user_id;
	j.item = enum_defs[ENUM_PATHWAY_ITEM].values[enum_index(
	    ENUM_PATHWAY_ITEM, name)].code;
	j.body = r->json;
	if (dbpool_write(http_pool(r), pathway_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (pathway_load(db, j.case_id, &items, &missing) == -1)
		return req_dberror(r, db_err(db));
	json_array_foreach(items, i, v)
		if (strcmp(jv_str(v, "item"), j.item) == 0)
			item = json_incref(v);
	json_decref(items);
	rc = req_json(r, 200, json_pack("{s:o, s:o}", "item", item, "missing",
	    missing));
	return rc;
}

/* ---- The legal track. */

static const char *const permit_decisions[] = {
	"pending", "granted", "refused", NULL
};
static const char *const claim_statuses[] = {
	"pending", "awarded", "refused", NULL
};
static const char *const hearing_kinds[] = { "hearing", "testimony", NULL };

#define J_DATE(n)	{ n, JV_STRING, false, true, 0, 10, 0, 0, NULL, NULL, \
			    NULL }
#define J_TEXT(n, m)	{ n, JV_STRING, false, true, 0, m, 0, 0, NULL, NULL, \
			    NULL }
#define J_END		{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }

static const struct jv_field certificate_fields[] = {
	J_TEXT("authority", 200), J_DATE("issued_on"), J_END
};
static const struct jv_field permit_fields[] = {
	J_DATE("applied_on"),
	{ "decision", JV_STRING, false, true, 1, 16, 0, 0, permit_decisions,
	  NULL, NULL },
	J_DATE("decided_on"), J_DATE("expires_on"), J_END
};
static const struct jv_field programme_fields[] = {
	{ "conditions_met", JV_BOOL, false, true, 0, 0, 0, 0, NULL, NULL,
	  NULL },
	J_DATE("started_on"), J_DATE("ended_on"), J_END
};
static const struct jv_field hearing_members[] = {
	{ "date", JV_STRING, true, false, 10, 10, 0, 0, NULL, NULL, NULL },
	{ "kind", JV_STRING, false, false, 1, 16, 0, 0, hearing_kinds, NULL,
	  NULL },
	{ "support_worker_present", JV_BOOL, false, true, 0, 0, 0, 0, NULL,
	  NULL, NULL },
	J_END
};
static const struct jv_field hearing_item = { "", JV_OBJECT, false, false, 0,
	0, 0, 0, NULL, NULL, hearing_members };
static const struct jv_field proceedings_fields[] = {
	J_DATE("notified_on"), J_TEXT("authority", 200),
	J_TEXT("signature", 200),
	{ "hearings", JV_ARRAY, false, false, 0, LEGAL_HEARINGS_MAX, 0, 0,
	  NULL, &hearing_item, NULL },
	J_END
};
static const struct jv_field compensation_fields[] = {
	J_DATE("claimed_on"), J_TEXT("against", 200),
	{ "status", JV_STRING, false, true, 1, 16, 0, 0, claim_statuses, NULL,
	  NULL },
	{ "notes", JV_TEXT, false, true, 0, 1000, 0, 0, NULL, NULL, NULL },
	J_END
};

static const struct {
	const char		*kind;
	const struct jv_field	*fields;
} legal_kinds[] = {
	{ "certificate", certificate_fields },
	{ "residence_permit", permit_fields },
	{ "support_programme", programme_fields },
	{ "proceedings", proceedings_fields },
	{ "compensation", compensation_fields },
};
#define NKINDS	(sizeof(legal_kinds) / sizeof(legal_kinds[0]))

static struct cal_date
doc_date(const json_t *doc, const char *name)
{
	struct cal_date	 d = { 0, 0, 0 };
	const char	*s = jv_str(doc, name);

	if (s == NULL || date_parse(s, &d) == -1)
		memset(&d, 0, sizeof(d));
	return d;
}

int
legal_load(struct db *db, int64_t case_id, bool minor, json_t **out)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	json_t		*o = json_object(), *doc;
	struct cal_date	 issued;
	char		 exp[11];
	size_t		 i;

	*out = NULL;
	for (i = 0; i < NKINDS; i++)
		json_object_set_new(o, legal_kinds[i].kind, json_null());
	if ((st = db_prepare(db, track_sql[T_LEGAL])) == NULL) {
		json_decref(o);
		return -1;
	}
	db_bind_i64(st, 1, case_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (sealed_get_json(db, st, 2, "legal_item", "doc",
		    db_col_i64(st, 0), &doc) == -1) {
			rc = DB_ERROR;
			break;
		}
		if (strcmp(db_col_text(st, 1), "certificate") == 0) {
			issued = doc_date(doc, "issued_on");
			if (issued.y != 0) {
				date_format(certificate_expiry(issued, minor),
				    exp);
				json_object_set_new(doc, "expires_on",
				    json_string(exp));
			} else
				json_object_set_new(doc, "expires_on",
				    json_null());
		}
		json_object_set_new(o, db_col_text(st, 1), doc);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return 0;
}

struct legal_job {
	int64_t			 case_id, by, key_id;
	bool			 minor;
	const char		*kind;
	const json_t		*doc;		/* NULL: delete */
	int			 rc;
};

/* Make, move or close the deadline tasks from the stored legal track. */
static int
deadlines_sync(struct db *db, const struct legal_job *j)
{
	struct legal_dates	 d;
	struct legal_deadline	 dl[LEGAL_DEADLINES_MAX];
	const char		*keep[LEGAL_DEADLINES_MAX + 1];
	json_t			*legal, *h;
	char			 due[11], event[11];
	size_t			 n, i;
	int			 rc = 0;

	if (legal_load(db, j->case_id, j->minor, &legal) == -1)
		return -1;
	memset(&d, 0, sizeof(d));
	d.minor = j->minor;
	d.certificate_issued = doc_date(json_object_get(legal, "certificate"),
	    "issued_on");
	d.residence_expires = doc_date(json_object_get(legal,
	    "residence_permit"), "expires_on");
	d.programme_ends = doc_date(json_object_get(legal,
	    "support_programme"), "ended_on");
	json_array_foreach(json_object_get(json_object_get(legal,
	    "proceedings"), "hearings"), i, h)
		if (d.nhearings < LEGAL_HEARINGS_MAX)
			d.hearings[d.nhearings++] = doc_date(h, "date");
	n = legal_deadlines(&d, dl);
	for (i = 0; i < n && rc == 0; i++) {
		date_format(dl[i].due, due);
		date_format(dl[i].event, event);
		keep[i] = dl[i].key;
		rc = task_deadline_put(db, j->case_id, dl[i].key,
		    dl[i].title_en, event, due, j->key_id != 0 ? j->key_id :
		    j->by, j->by);
	}
	keep[n] = NULL;
	json_decref(legal);
	if (rc == -1)
		return -1;
	return task_deadline_prune(db, j->case_id, "", keep, j->by);
}

/* Store (doc) or clear (NULL) a part of the legal track: 1, 0, -1. */
static int
legal_store(struct db *db, const struct legal_job *j)
{
	struct db_stmt	*st;
	int64_t		 id;
	char		*s;
	int		 rc;

	if (j->doc == NULL) {
		if ((st = db_prepare(db, track_sql[T_LEGAL_DELETE])) == NULL)
			return -1;
		db_bind_i64(st, 1, j->case_id);
		db_bind_str(st, 2, j->kind);
		if ((rc = db_one_i64(st, &id)) != 1)
			return rc;
	} else {
		if ((st = db_prepare(db, track_sql[T_LEGAL_PUT])) == NULL)
			return -1;
		db_bind_i64(st, 1, j->case_id);
		db_bind_str(st, 2, j->kind);
		db_bind_i64(st, 3, j->by);
		db_bind_i64(st, 4, clock_now());
		if (db_one_i64(st, &id) != 1)
			return -1;
		s = json_dumps(j->doc, JSON_COMPACT | JSON_SORT_KEYS);
		rc = sealed_put(db, track_sql[T_LEGAL_SEAL], "legal_item",
		    "doc", id, s);
		wipe_free(s);
		if (rc == -1)
			return -1;
	}
	if (case_event_add(db, j->case_id, j->by, "legal", 0, j->kind) == -1 ||
	    case_touch(db, j->case_id) == -1 || deadlines_sync(db, j) == -1)
		return -1;
	return 1;
}

int
legal_put(struct db *db, int64_t case_id, const char *kind, const json_t *doc,
    int64_t key_id, bool minor, int64_t by)
{
	struct legal_job	 j;

	memset(&j, 0, sizeof(j));
	j.case_id = case_id;
	j.kind = kind;
	j.doc = doc;
	j.key_id = key_id;
	j.minor = minor;
	j.by = by;
	return legal_store(db, &j) == 1 ? 0 : -1;
}

static int
legal_write(struct db *db, void *arg, struct err *e)
{
	struct legal_job	*j = arg;
	struct audit_entry	 au = { j->by, "case.legal", "case", j->case_id,
				    "ok", NULL };

	(void)e;
	au.detail = j->kind;
	if ((j->rc = legal_store(db, j)) != 1)
		return j->rc == 0 ? 0 : -1;
	return audit_append(db, &au);
}

/* Check every date member of a legal document; -1 when answered. */
static int
legal_dates_ok(struct req *r, const json_t *doc)
{
	const char	*key, *s;
	json_t		*v, *h;
	struct cal_date	 d;
	size_t		 i;

	json_object_foreach((json_t *)(uintptr_t)doc, key, v) {
		size_t	 n = strlen(key);

		if (n < 3 || strcmp(key + n - 3, "_on") != 0)
			continue;
		s = json_string_value(v);
		if (s != NULL && *s != '\0' && date_parse(s, &d) == -1)
			return req_error(r, API_EINVALID, key,
			    "A date is YYYY-MM-DD.");
	}
	json_array_foreach(json_object_get(doc, "hearings"), i, h)
		if (date_parse(jv_str(h, "date"), &d) == -1)
			return req_error(r, API_EINVALID, "hearings.date",
			    "A date is YYYY-MM-DD.");
	return 0;
}

static int
legal_route(struct req *r, bool put)
{
	struct case_head	 h;
	struct legal_job	 j;
	struct err		 e;
	struct db		*db;
	json_t			*legal, *tasks;
	const char		*kind;
	size_t			 n, i;

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.case_id))
		return -1;
	if (!route_param_str(&r->params, "kind", &kind, &n))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	for (i = 0; i < NKINDS && strcmp(legal_kinds[i].kind, kind) != 0; i++)
		;
	if (i == NKINDS)
		return req_error(r, API_ENOTFOUND, NULL, "No such part of the "
		    "legal track.");
	if (put && req_check(r, legal_kinds[i].fields) == -1)
		return -1;
	if (put && legal_dates_ok(r, r->json) == -1)
		return -1;
	if ((db = req_db(r)) == NULL || case_open(r, db, j.case_id, &h) == -1)
		return -1;
	j.kind = legal_kinds[i].kind;
	j.doc = put ? r->json : NULL;
	j.by = r->user_id;
	j.key_id = h.key_consultant_id;
	j.minor = h.minor;
	if (dbpool_write(http_pool(r), legal_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, "Nothing recorded.");
	tasks = json_array();
	if (legal_load(db, j.case_id, h.minor, &legal) == -1 ||
	    task_rows(r, db, j.case_id, 0, true, tasks) == -1) {
		json_decref(tasks);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o, s:o}", "legal", legal,
	    "tasks", tasks));
}

static int
api_legal_put(struct req *r)
{
	return legal_route(r, true);
}

static int
api_legal_delete(struct req *r)
{
	return legal_route(r, false);
}

const struct route track_routes[] = {
	{ HTTP_PUT, "/api/v1/cases/{id:int}/pathway/{item:str}",
	  "cases.pathway", api_pathway_put, PERM_CASES, TRACK_BODY_MAX },
	{ HTTP_PUT, "/api/v1/cases/{id:int}/legal/{kind:str}", "cases.legal",
	  api_legal_put, PERM_CASES, TRACK_BODY_MAX },
	{ HTTP_DELETE, "/api/v1/cases/{id:int}/legal/{kind:str}",
	  "cases.legal_delete", api_legal_delete, PERM_CASES, 0 },
};
const size_t track_nroutes = sizeof(track_routes) / sizeof(track_routes[0]);
