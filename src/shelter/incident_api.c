/*
 * Safety incidents at a shelter: recorded by shelter staff, coordinators
 * and consultants, with a description and the actions taken, both sealed.
 * An incident tied to a placement goes on that case's time line with its
 * kind and severity only.  Shelter staff read every incident of their
 * shelters whole; others see one tied to a sealed case they are not named
 * on as "restricted", without its texts.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/valid.h"
#include "cases/cases.h"
#include "hotline/enums.h"
#include "hotline/hotline.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "shelter/shelter.h"

#define TEXT_MAX	4000	/* a description or the actions */
#define BODY		SHELTER_BODY_MAX

enum incident_stmt {
	I_INSERT,
	I_SEAL_DESC,
	I_SEAL_ACTIONS,
	I_LIST,
	I_ONE,
	I_PLACEMENT_CASE,
	I__MAX
};

#define INCIDENT_SELECT "SELECT i.id, i.occurred_at, i.kind, i.severity, " \
	"i.reported_by, u.username, i.created_at, i.placement_id, " \
	"pe.pseudonym, c.id, c.year, c.number, c.sealed, " \
	"c.key_consultant_id, i.description, i.actions " \
	"FROM shelter_incident i JOIN app_user u ON u.id = i.reported_by " \
	"LEFT JOIN placement p ON p.id = i.placement_id " \
	"LEFT JOIN case_file c ON c.id = p.case_id " \
	"LEFT JOIN person pe ON pe.id = p.person_id "

static const char *const incident_sql[I__MAX] = {
	[I_INSERT] = "INSERT INTO shelter_incident (shelter_id, "
	    "placement_id, occurred_at, kind, severity, reported_by, "
	    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[I_SEAL_DESC] = "UPDATE shelter_incident SET description = ? "
	    "WHERE id = ?",
	[I_SEAL_ACTIONS] = "UPDATE shelter_incident SET actions = ? "
	    "WHERE id = ?",
	[I_LIST] = INCIDENT_SELECT "WHERE i.shelter_id = ? "
	    "ORDER BY i.occurred_at DESC, i.id DESC LIMIT 200",
	/* One incident: a new one may be older than the list's 200. */
	[I_ONE] = INCIDENT_SELECT "WHERE i.shelter_id = ? AND i.id = ?",
	[I_PLACEMENT_CASE] = "SELECT p.case_id FROM placement p WHERE p.id = ? "
	    "AND p.shelter_id = ?",
};

static struct jv_field incident_fields[] = {
	{ "placement_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL,
	  NULL, NULL },
	{ "occurred_at", JV_STRING, true, false, 1, 40, 0, 0, NULL, NULL,
	  NULL },
	{ "kind", JV_STRING, true, false, 1, 32, 0, 0, NULL, NULL, NULL },
	{ "severity", JV_STRING, true, false, 1, 16, 0, 0, NULL, NULL, NULL },
	{ "description", JV_TEXT, true, false, 1, TEXT_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "actions", JV_TEXT, false, true, 0, TEXT_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static pthread_once_t	fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	incident_fields[2].oneof = enum_codes(ENUM_INCIDENT_KIND);
	incident_fields[3].oneof = enum_codes(ENUM_INCIDENT_SEVERITY);
}

struct incident_job {
	int64_t		 shelter_id, placement_id, case_id, at, by, id;
	const json_t	*body;
	char		 text[120];
};

static int
incident_write(struct db *db, void *arg, struct err *e)
{
	struct incident_job	*j = arg;
	struct audit_entry	 au = { j->by, "shelter.incident", "shelter",
				    j->shelter_id, "ok", NULL };
	struct db_stmt		*st;
	const char		*actions = jv_str(j->body, "actions");

	(void)e;
	au.detail = jv_str(j->body, "kind");
	if ((st = db_prepare(db, incident_sql[I_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->shelter_id);
	db_bind_opt(st, 2, j->placement_id);
	db_bind_i64(st, 3, j->at);
	db_bind_str(st, 4, jv_str(j->body, "kind"));
	db_bind_str(st, 5, jv_str(j->body, "severity"));
	db_bind_i64(st, 6, j->by);
	db_bind_i64(st, 7, clock_now());
	if (db_one_i64(st, &j->id) != 1)
		return -1;
	if (sealed_put(db, incident_sql[I_SEAL_DESC],
	    "shelter_incident", "description", j->id,
	    jv_str(j->body, "description")) == -1 ||
	    sealed_put(db, incident_sql[I_SEAL_ACTIONS],
	    "shelter_incident", "actions", j->id, actions != NULL &&
	    *actions != '\0' ? actions : NULL) == -1)
		return -1;
	if (j->case_id != 0 && (case_event_add(db, j->case_id, j->by,
	    "incident", 0, j->text) == -1 || case_touch(db, j->case_id) == -1))
		return -1;
	return audit_append(db, &au);
}

/* For the demo: an incident from a body as the API takes it. */
int
shelter_incident_record(struct db *db, int64_t shelter_id,
    int64_t placement_id, int64_t case_id, const json_t *body, int64_t by)
{
	struct incident_job	 j;
	struct err		 e;

	memset(&j, 0, sizeof(j));
	j.shelter_id = shelter_id;
	j.placement_id = placement_id;
	j.case_id = case_id;
	j.by = by;
	j.body = body;
	if (iso8601_parse(jv_str(body, "occurred_at"), &j.at) == -1)
		return -1;
	snprintf(j.text, sizeof(j.text), "safety incident at the shelter: "
	    "%s, %s", jv_str(body, "kind"), jv_str(body, "severity"));
	return incident_write(db, &j, &e);
}

static json_t *
incident_json(struct db *db, struct db_stmt *st, bool restricted, int *err)
{
	char	*desc = NULL, *actions = NULL, ref[REFERENCE_MAX];
	json_t	*o, *placement = json_null();
	int64_t	 id = db_col_i64(st, 0);

	*err = 0;
	if (!restricted && (sealed_get(db, st, 14, "shelter_incident",
	    "description", id, &desc) == -1 || sealed_get(db, st, 15,
	    "shelter_incident", "actions", id, &actions) == -1)) {
		wipe_free(desc);
		*err = -1;
		return NULL;
	}
	if (!db_col_null(st, 7)) {
		case_reference(db_col_i64(st, 10), db_col_i64(st, 11), ref);
		placement = json_pack("{s:I, s:s, s:{s:I, s:s}}", "id",
		    (json_int_t)db_col_i64(st, 7), "pseudonym",
		    db_col_text(st, 8), "case", "id",
		    (json_int_t)db_col_i64(st, 9), "reference", ref);
	}
	o = json_pack("{s:I, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b}",
	    "id", (json_int_t)id, "occurred_at",
	    hotline_time_json(db_col_i64(st, 1)), "kind", db_col_text(st, 2),
	    "severity", db_col_text(st, 3), "reported_by",
	    user_json(db_col_i64(st, 4), db_col_text(st, 5)), "created_at",
	    hotline_time_json(db_col_i64(st, 6)), "placement", placement,
	    "description", str_or_null(desc), "actions", str_or_null(actions),
	    "restricted", restricted);
	wipe_free(desc);
	wipe_free(actions);
	return o;
}

/* The latest 200 incidents of a shelter, or (id not 0) that one. */
static int
incidents_list(struct req *r, struct db *db, int64_t shelter_id, int64_t id,
    json_t *out)
{
	const struct principal	*p = auth_principal(r);
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	json_t			*o;
	int			 err;

	if ((st = db_prepare(db, incident_sql[id != 0 ? I_ONE :
	    I_LIST])) == NULL)
		return -1;
	db_bind_i64(st, 1, shelter_id);
	if (id != 0)
		db_bind_i64(st, 2, id);
	while ((rc = db_step(st)) == DB_ROW) {
		bool	 restricted = false;

		/* A sealed case's incident: its text for those named. */
		if (p != NULL && p->role != ROLE_SHELTER_STAFF &&
		    !db_col_null(st, 9) && db_col_i64(st, 12) != 0) {
			bool	 named;

			if (case_named(db, db_col_i64(st, 9),
			    db_col_i64(st, 13), r->user_id, &named) == -1) {
				rc = DB_ERROR;
				break;
			}
			restricted = !named;
		}
		if ((o = incident_json(db, st, restricted, &err)) == NULL) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(out, o);
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

static int
api_incidents(struct req *r)
{
	struct shelter_head	 h;
	struct db		*db;
	json_t			*list;

	if ((db = req_db(r)) == NULL || shelter_open(r, db, &h) == -1)
		return -1;
	list = json_array();
	if (incidents_list(r, db, h.id, 0, list) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "shelter.incidents.read", "shelter", h.id, "ok", NULL);
	return req_json(r, 200, json_pack("{s:o}", "incidents", list));
}

static int
api_incident_create(struct req *r)
{
	struct shelter_head	 h;
	struct incident_job	 j;
	struct db_stmt		*st;
	struct err		 e;
	struct db		*db;
	json_t			*list, *v;
	size_t			 i;
	int			 rc;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (req_check(r, incident_fields) == -1 || (db = req_db(r)) == NULL ||
	    shelter_open(r, db, &h) == -1)
		return -1;
	if (iso8601_parse(jv_str(r->json, "occurred_at"), &j.at) == -1)
		return req_error(r, API_EINVALID, "occurred_at", "A time is "
		    "ISO 8601 with an offset.");
	if (j.at > clock_now() + 300)
		return req_error(r, API_EINVALID, "occurred_at", "An incident "
		    "cannot be recorded before it happens.");
	j.placement_id = jv_int(r->json, "placement_id", 0);
	if (j.placement_id != 0) {
		if ((st = db_prepare(db, incident_sql[I_PLACEMENT_CASE])) == NULL)
			return req_dberror(r, db_err(db));
		db_bind_i64(st, 1, j.placement_id);
		db_bind_i64(st, 2, h.id);
		if ((rc = db_one_i64(st, &j.case_id)) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0)
			return req_error(r, API_EINVALID, "placement_id", "No "
			    "such placement in this shelter.");
	}
	j.shelter_id = h.id;
	j.by = r->user_id;
	j.body = r->json;
	snprintf(j.text, sizeof(j.text), "safety incident at the shelter: "
	    "%s, %s", jv_str(r->json, "kind"), jv_str(r->json, "severity"));
	if (dbpool_write(http_pool(r), incident_write, &j, &e) == -1)
		return req_dberror(r, &e);
	list = json_array();
	if (incidents_list(r, db, h.id, j.id, list) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	json_array_foreach(list, i, v)
		if (json_integer_value(json_object_get(v, "id")) == j.id) {
			rc = req_json(r, 201, json_pack("{s:O}", "incident",
			    v));
			json_decref(list);
			return rc;
		}
	json_decref(list);
	return req_error(r, API_EINTERNAL, NULL, NULL);
}

const struct route incident_routes[] = {
	{ HTTP_GET, "/api/v1/shelters/{id:int}/incidents",
	  "shelters.incidents", api_incidents, PERM_SHELTER, 0 },
	{ HTTP_POST, "/api/v1/shelters/{id:int}/incidents",
	  "shelters.incident_create", api_incident_create, PERM_SHELTER,
	  BODY },
};
const size_t incident_nroutes = sizeof(incident_routes) /
    sizeof(incident_routes[0]);
