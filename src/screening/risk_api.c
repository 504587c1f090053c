/*
 * The safety and risk assessment of a case, repeatable at every contact.
 * Its level comes from risk.c; a high or critical level sets the case's
 * urgent flag and opens the safety steps of the pathway that nobody has
 * assessed yet — never overwriting what a consultant recorded.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "screening/risk.h"
#include "screening/screening.h"

#define OWN_VIEW_MAX	2000

enum risk_stmt {
	K_INSERT,
	K_SEAL,
	K_LIST,
	K_CASE_LEVEL,
	K_CASE_URGENT,
	K_PATHWAY_STATUS,
	K__MAX
};

/* The yes/no/unknown questions, in the order of the table's columns. */
static const char *const questions[] = {
	"immediate_danger", "family_danger", "perpetrators_contact",
	"captivity", "medical_emergency", "minor", "no_documents"
};
#define NQ	(sizeof(questions) / sizeof(questions[0]))

static const char *const risk_sql[K__MAX] = {
	[K_INSERT] = "INSERT INTO risk_assessment (case_id, assessed_at, "
	    "assessed_by, immediate_danger, family_danger, "
	    "perpetrators_contact, captivity, medical_emergency, minor, "
	    "no_documents, severity, likelihood, score, level) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[K_SEAL] = "UPDATE risk_assessment SET own_view = ? WHERE id = ?",
	[K_LIST] = "SELECT a.id, a.assessed_at, a.assessed_by, u.username, "
	    "a.immediate_danger, a.family_danger, a.perpetrators_contact, "
	    "a.captivity, a.medical_emergency, a.minor, a.no_documents, "
	    "a.severity, a.likelihood, a.score, a.level, a.own_view "
	    "FROM risk_assessment a JOIN app_user u ON u.id = a.assessed_by "
	    "WHERE a.case_id = ? ORDER BY a.assessed_at DESC, a.id DESC "
	    "LIMIT 200",
	[K_CASE_LEVEL] = "UPDATE case_file SET risk_level = ?, "
	    "version = version + 1, updated_at = ? WHERE id = ?",
	[K_CASE_URGENT] = "UPDATE case_file SET urgent = 1 WHERE id = ?",
	[K_PATHWAY_STATUS] = "SELECT status FROM pathway_item "
	    "WHERE case_id = ? AND item = ?",
};

static const char *const modes[] = { "yes", "no", "unknown", NULL };

#define Q(n)	{ n, JV_STRING, true, false, 1, 8, 0, 0, modes, NULL, NULL }
static const struct jv_field risk_fields[] = {
	Q("immediate_danger"), Q("family_danger"), Q("perpetrators_contact"),
	Q("captivity"), Q("medical_emergency"), Q("minor"), Q("no_documents"),
	{ "own_view", JV_TEXT, false, true, 0, OWN_VIEW_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "severity", JV_INT, true, false, 0, 0, 1, 4, NULL, NULL, NULL },
	{ "likelihood", JV_INT, true, false, 0, 0, 1, 4, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

struct risk_job {
	int64_t			 case_id, by, id;
	const json_t		*body;
	struct risk_facts	 f;
	enum risk_level		 level;
	char			 text[200];
};

/* Set a pathway item to needed when nobody has assessed it yet. */
static int
pathway_open(struct db *db, int64_t case_id, const char *item, int64_t by)
{
	struct db_stmt	*st;
	json_t		*body;
	int		 rc;

	if ((st = db_prepare(db, risk_sql[K_PATHWAY_STATUS])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	db_bind_str(st, 2, item);
	if ((rc = db_row(st)) == -1)
		return -1;
	if (rc == 1) {
		bool	 assessed = !db_col_null(st, 0);

		db_reset(st);
		if (assessed)
			return 0;
	}
	body = json_pack("{s:s}", "status", "needed");
	rc = pathway_put(db, case_id, item, body, by);
	json_decref(body);
	return rc;
}

static int
risk_write(struct db *db, void *arg, struct err *e)
{
	struct risk_job		*j = arg;
	struct audit_entry	 au = { j->by, "case.risk", "case", j->case_id,
				    "ok", NULL };
	struct db_stmt		*st;
	const char		*view = jv_str(j->body, "own_view");
	int64_t			 now = clock_now();
	size_t			 i;

	(void)e;
	au.detail = risk_level_code(j->level);
	if ((st = db_prepare(db, risk_sql[K_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->case_id);
	db_bind_i64(st, 2, now);
	db_bind_i64(st, 3, j->by);
	for (i = 0; i < NQ; i++)
		db_bind_str(st, 4 + (int)i, jv_str(j->body, questions[i]));
	db_bind_i64(st, 11, j->f.severity);
	db_bind_i64(st, 12, j->f.likelihood);
	db_bind_i64(st, 13, risk_score(&j->f));
	db_bind_str(st, 14, risk_level_code(j->level));
	if (db_one_i64(st, &j->id) != 1)
		return -1;
	if (view != NULL && *view != '\0' && sealed_put(db, risk_sql[K_SEAL],
	    "risk_assessment", "own_view", j->id, view) == -1)
		return -1;
	if ((st = db_prepare(db, risk_sql[K_CASE_LEVEL])) == NULL)
		return -1;
	db_bind_str(st, 1, risk_level_code(j->level));
	db_bind_i64(st, 2, now);
	db_bind_i64(st, 3, j->case_id);
	if (db_done(st) == -1)
		return -1;
	if (risk_intervene(j->level)) {
		/* The intervention: urgent, and the safety steps opened. */
		if ((st = db_prepare(db, risk_sql[K_CASE_URGENT])) == NULL)
			return -1;
		db_bind_i64(st, 1, j->case_id);
		if (db_done(st) == -1 ||
		    (j->f.captivity && pathway_open(db, j->case_id,
		    "safety_liberation", j->by) == -1) ||
		    pathway_open(db, j->case_id, "safety_separation", j->by) ==
		    -1 ||
		    pathway_open(db, j->case_id, "safety_place", j->by) == -1 ||
		    (j->f.medical_emergency && pathway_open(db, j->case_id,
		    "health_immediate", j->by) == -1))
			return -1;
	}
	if (case_event_add(db, j->case_id, j->by, "risk", 0, j->text) == -1)
		return -1;
	return audit_append(db, &au);
}

/* The facts and level of a checked body, and its time line text. */
static void
risk_prepare(struct risk_job *j)
{
	const json_t	*b = j->body;

	j->f.severity = (int)jv_int(b, "severity", 1);
	j->f.likelihood = (int)jv_int(b, "likelihood", 1);
	j->f.immediate_danger = strcmp(jv_str(b, "immediate_danger"), "yes") ==
	    0;
	j->f.captivity = strcmp(jv_str(b, "captivity"), "yes") == 0;
	j->f.medical_emergency = strcmp(jv_str(b, "medical_emergency"),
	    "yes") == 0;
	j->level = risk_level(&j->f);
	snprintf(j->text, sizeof(j->text), "risk %s (severity %d x "
	    "likelihood %d)%s", risk_level_code(j->level), j->f.severity,
	    j->f.likelihood, risk_intervene(j->level) ? ": urgent, safety "
	    "steps opened" : "");
}

int
risk_record(struct db *db, int64_t case_id, const json_t *body, int64_t by)
{
	struct risk_job		 j;
	struct jv_error		 je;
	struct err		 e;

	if (jv_check(body, risk_fields, &je) == -1)
		return -1;
	memset(&j, 0, sizeof(j));
	j.case_id = case_id;
	j.by = by;
	j.body = body;
	risk_prepare(&j);
	return risk_write(db, &j, &e);
}

static json_t *
assessment_json(struct db *db, struct db_stmt *st, int *err)
{
	json_t	*o;
	char	*view = NULL;
	size_t	 i;

	*err = 0;
	if (sealed_get(db, st, 15, "risk_assessment", "own_view",
	    db_col_i64(st, 0), &view) == -1) {
		*err = -1;
		return NULL;
	}
	o = json_pack("{s:I, s:o, s:o, s:I, s:I, s:I, s:s, s:o}", "id",
	    (json_int_t)db_col_i64(st, 0), "at",
	    hotline_time_json(db_col_i64(st, 1)), "by",
	    user_json(db_col_i64(st, 2), db_col_text(st, 3)), "severity",
	    (json_int_t)db_col_i64(st, 11), "likelihood",
	    (json_int_t)db_col_i64(st, 12), "score",
	    (json_int_t)db_col_i64(st, 13), "level", db_col_text(st, 14),
	    "own_view", str_or_null(view));
	wipe_free(view);
	for (i = 0; o != NULL && i < NQ; i++)
		json_object_set_new(o, questions[i], json_string(
		    db_col_text(st, 4 + (int)i)));
	return o;
}

/* The assessments of a case, newest first; with only_first, the latest. */
static int
assessments(struct db *db, int64_t case_id, bool only_first, json_t *out)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	json_t		*o;
	int		 err;

	if ((st = db_prepare(db, risk_sql[K_LIST])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((o = assessment_json(db, st, &err)) == NULL) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(out, o);
		if (only_first)
			break;
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

static int
api_risk_add(struct req *r)
{
	struct case_head	 h;
	struct risk_job		 j;
	struct err		 e;
	struct db		*db;
	json_t			*list;
	int			 rc;

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.case_id) || req_check(r, risk_fields) == -1 ||
	    (db = req_db(r)) == NULL || case_open(r, db, j.case_id, &h) == -1)
		return -1;
	j.body = r->json;
	j.by = r->user_id;
	risk_prepare(&j);
	if (dbpool_write(http_pool(r), risk_write, &j, &e) == -1)
		return req_dberror(r, &e);
	list = json_array();
	if (assessments(db, j.case_id, true, list) == -1 ||
	    json_array_size(list) != 1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	rc = req_json(r, 201, json_pack("{s:O, s:{s:b, s:s}}", "assessment",
	    json_array_get(list, 0), "case", "urgent",
	    risk_intervene(j.level) || case_urgent(db, j.case_id) == 1,
	    "risk_level", risk_level_code(j.level)));
	json_decref(list);
	return rc;
}

static int
api_risk_list(struct req *r)
{
	struct case_head	 h;
	struct db		*db;
	json_t			*list;
	int64_t			 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    case_open(r, db, id, &h) == -1)
		return -1;
	list = json_array();
	if (assessments(db, id, false, list) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "case.read", "case", id, "ok", "risk");
	return req_json(r, 200, json_pack("{s:o}", "assessments", list));
}

const struct route risk_routes[] = {
	{ HTTP_POST, "/api/v1/cases/{id:int}/risk", "risk.create",
	  api_risk_add, PERM_CASES, 16 * 1024 },
	{ HTTP_GET, "/api/v1/cases/{id:int}/risk", "risk.list", api_risk_list,
	  PERM_CASES, 0 },
};
const size_t risk_nroutes = sizeof(risk_routes) / sizeof(risk_routes[0]);
