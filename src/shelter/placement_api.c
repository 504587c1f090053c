/*
 * Placements of a case's person on a shelter bed: reserve or check in
 * (from the case, so a sealed case stays sealed), check in a reservation,
 * change the planned departure, record the departure and its reason,
 * cancel a reservation.
 *
 * Shelter staff run the stay (check-in, departure, cancel) without opening
 * the case: they see the pseudonym, the case reference and the key
 * consultant only.  Consultants and coordinators reach a placement through
 * its case (case_open).  A bed holds one person a night and none while out
 * of service (shelter.c), checked inside the write, so two requests cannot
 * both win a bed.  Every change goes to the case's time line (shelter name
 * and bed, never the address) and to the audit log.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "hotline/enums.h"
#include "shelter/shelter.h"

#define PL_NOTES_MAX	4000

enum placement_stmt {
	P_HEAD,
	P_BED,
	P_INSERT,
	P_SEAL,
	P_UPDATE,
	P_PERSON_STAYS,
	P_GET,
	P_CASE_LIST,
	P_PATHWAY,
	P__MAX
};

static const char *const placement_sql[P__MAX] = {
	[P_HEAD] = "SELECT p.id, p.case_id, p.person_id, p.shelter_id, "
	    "p.bed_id, p.status, p.check_in, p.planned_departure, "
	    "p.actual_departure, p.version, s.name, b.label FROM placement p "
	    "JOIN shelter s ON s.id = p.shelter_id JOIN shelter_bed b ON "
	    "b.id = p.bed_id WHERE p.id = ?",
	[P_BED] = "SELECT b.shelter_id, b.label, b.active, s.name, s.active "
	    "FROM shelter_bed b JOIN shelter s ON s.id = b.shelter_id "
	    "WHERE b.id = ?",
	[P_INSERT] = "INSERT INTO placement (case_id, person_id, shelter_id, "
	    "bed_id, status, check_in, planned_departure, actual_departure, "
	    "leaving_reason, version, created_by, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
	[P_SEAL] = "UPDATE placement SET notes = ? WHERE id = ?",
	[P_UPDATE] = "UPDATE placement SET status = ?, check_in = ?, "
	    "planned_departure = ?, actual_departure = ?, leaving_reason = ?, "
	    "version = version + 1, updated_at = ? WHERE id = ? AND "
	    "version = ? RETURNING version",
	[P_PERSON_STAYS] = "SELECT id, status, check_in, planned_departure "
	    "FROM placement WHERE person_id = ? AND status IN ('reserved', "
	    "'active')",
	[P_GET] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM "WHERE p.id = ?",
	[P_CASE_LIST] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM
	    "WHERE p.case_id = ? ORDER BY p.check_in DESC, p.id DESC "
	    "LIMIT 200",
	[P_PATHWAY] = "SELECT status, notes FROM pathway_item WHERE "
	    "case_id = ? AND item = ?",
};

/* ---- Validation tables. */

static const char *const new_statuses[] = { "reserved", "active", NULL };

static const struct jv_field create_fields[] = {
	{ "bed_id", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ "status", JV_STRING, true, false, 1, 16, 0, 0, new_statuses, NULL,
	  NULL },
	{ "check_in", JV_STRING, true, false, 10, 10, 0, 0, NULL, NULL,
	  NULL },
	{ "planned_departure", JV_STRING, false, true, 10, 10, 0, 0, NULL,
	  NULL, NULL },
	{ "notes", JV_TEXT, false, true, 0, PL_NOTES_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct jv_field patch_fields[] = {
	{ "planned_departure", JV_STRING, false, true, 10, 10, 0, 0, NULL,
	  NULL, NULL },
	{ "notes", JV_TEXT, false, true, 0, PL_NOTES_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct jv_field checkin_fields[] = {
	{ "date", JV_STRING, false, false, 10, 10, 0, 0, NULL, NULL, NULL },
	{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static struct jv_field departure_fields[] = {
	{ "date", JV_STRING, true, false, 10, 10, 0, 0, NULL, NULL, NULL },
	{ "reason", JV_STRING, true, false, 1, 32, 0, 0, NULL, NULL, NULL },
	{ "notes", JV_TEXT, false, true, 0, PL_NOTES_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct jv_field cancel_fields[] = {
	{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static pthread_once_t	fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	departure_fields[1].oneof = enum_codes(ENUM_LEAVING_REASON);
}

/* ---- A placement's head, and the change every route makes. */

struct pl_head {
	int64_t		 id, case_id, person_id, shelter_id, bed_id, version;
	struct stay	 s;
	char		 shelter[128], bed[32];
};

enum pl_outcome {
	PL_OK,
	PL_STALE,		/* 409 version */
	PL_BED_TAKEN,		/* 409 on the conflict field */
	PL_PERSON_PLACED,	/* 409 check_in: placed or expected elsewhere */
	PL__MAX
};

struct pl_job {
	struct pl_head	 old;		/* before (create: only ids, names) */
	struct stay	 s;		/* after */
	const char	*reason;	/* leaving reason or NULL */
	const char	*notes;		/* with set_notes: NULL clears */
	bool		 set_notes, create, check;
	int64_t		 by;
	const char	*action;	/* audit action */
	char		 text[240];	/* the time line's */
	enum pl_outcome	 outcome;
};

static void
bind_day(struct db_stmt *st, int i, int64_t day)
{
	char	 s[11];

	if (day == 0) {
		db_bind_null(st, i);
		return;
	}
	shelter_day_format(day, s);
	db_bind_text(st, i, s, 10);
}

static int
col_day(struct db_stmt *st, int col, int64_t *out)
{
	*out = 0;
	if (db_col_null(st, col))
		return 0;
	return shelter_day(db_col_text(st, col), out);
}

/* 1 found, 0 none, -1 error. */
static int
pl_head_get(struct db *db, int64_t id, struct pl_head *h)
{
	struct db_stmt	*st;
	int		 rc;

	memset(h, 0, sizeof(*h));
	if ((st = db_prepare(db, placement_sql[P_HEAD])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	h->id = db_col_i64(st, 0);
	h->case_id = db_col_i64(st, 1);
	h->person_id = db_col_i64(st, 2);
	h->shelter_id = db_col_i64(st, 3);
	h->bed_id = db_col_i64(st, 4);
	rc = placement_status_parse(db_col_text(st, 5), &h->s.status) == -1 ||
	    col_day(st, 6, &h->s.check_in) == -1 ||
	    col_day(st, 7, &h->s.planned) == -1 ||
	    col_day(st, 8, &h->s.actual) == -1 ? -1 : 1;
	h->version = db_col_i64(st, 9);
	snprintf(h->shelter, sizeof(h->shelter), "%s", db_col_text(st, 10));
	snprintf(h->bed, sizeof(h->bed), "%s", db_col_text(st, 11));
	db_reset(st);
	if (rc == -1)
		db_fail(db, ERR_INVALID, "placement %lld holds a malformed "
		    "status or date", (long long)id);
	return rc;
}

/*
 * The placement of the path, for the caller: shelter staff reach every
 * placement; others through its case (a sealed case: 403, audited).
 * 1, or -1 when answered.
 */
static int
pl_open(struct req *r, struct db *db, struct pl_head *h)
{
	const struct principal	*p = auth_principal(r);
	struct case_head	 ch;
	int64_t			 id;
	int			 rc;

	if (!path_int(r, "id", &id))
		return -1;
	if ((rc = pl_head_get(db, id, h)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, "No such placement.");
	if (p != NULL && p->role == ROLE_SHELTER_STAFF)
		return 1;
	return case_open(r, db, h->case_id, &ch);
}

/* Advance a pathway item to status unless someone recorded it further or
 * wrote notes on it: a placement is a fact, not a consultant's view. */
static int
pathway_advance(struct db *db, int64_t case_id, const char *item,
    const char *status, int64_t by)
{
	struct db_stmt	*st;
	json_t		*body;
	int		 rc;

	if ((st = db_prepare(db, placement_sql[P_PATHWAY])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	db_bind_str(st, 2, item);
	if ((rc = db_row(st)) == -1)
		return -1;
	if (rc == 1) {
		const char	*now = db_col_text(st, 0);
		bool		 keep = !db_col_null(st, 1) ||
				    (!db_col_null(st, 0) &&
				    strcmp(now, "needed") != 0 &&
				    strcmp(now, "in_progress") != 0) ||
				    strcmp(now, status) == 0;

		db_reset(st);
		if (keep)
			return 0;
	}
	body = json_pack("{s:s}", "status", status);
	rc = pathway_put(db, case_id, item, body, by);
	json_decref(body);
	return rc;
}

/* Does the new stay collide on its bed, or with the person's other
 * placements?  Sets j->outcome. */
static int
pl_collisions(struct db *db, struct pl_job *j)
{
	struct db_stmt	*st;
	struct hold	*holds = NULL, c, o;
	struct stay	 s;
	enum db_step_rc	 rc;
	size_t		 n;
	int64_t		 today = shelter_today();

	if (!shelter_stay_hold(&j->s, today, &c))
		return 0;
	c.id = j->old.id;
	c.bed_id = j->old.bed_id;
	if (shelter_holds(db, j->old.shelter_id, j->old.bed_id, c.from, c.to,
	    today, &holds, &n) == -1)
		return -1;
	if (shelter_conflict(holds, n, &c) != NULL)
		j->outcome = PL_BED_TAKEN;
	free(holds);
	if (j->outcome != PL_OK)
		return 0;
	/* One person, one bed a night. */
	if ((st = db_prepare(db, placement_sql[P_PERSON_STAYS])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->old.person_id);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&s, 0, sizeof(s));
		if (db_col_i64(st, 0) == j->old.id ||
		    placement_status_parse(db_col_text(st, 1), &s.status) ==
		    -1 || col_day(st, 2, &s.check_in) == -1 ||
		    col_day(st, 3, &s.planned) == -1 ||
		    !shelter_stay_hold(&s, today, &o))
			continue;
		o.id = db_col_i64(st, 0);
		o.bed_id = c.bed_id;	/* compare the nights only */
		if (shelter_conflict(&o, 1, &c) != NULL) {
			j->outcome = PL_PERSON_PLACED;
			break;
		}
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

static int
pl_write(struct db *db, void *arg, struct err *e)
{
	struct pl_job		*j = arg;
	struct audit_entry	 au = { j->by, j->action, "placement", 0, "ok",
				    NULL };
	struct db_stmt		*st;
	int64_t			 now = clock_now(), v;
	int			 rc;

	(void)e;
	j->outcome = PL_OK;
	if (j->check && (pl_collisions(db, j) == -1 || j->outcome != PL_OK))
		return j->outcome != PL_OK ? 0 : -1;
	if (j->create) {
		if ((st = db_prepare(db, placement_sql[P_INSERT])) == NULL)
			return -1;
		db_bind_i64(st, 1, j->old.case_id);
		db_bind_i64(st, 2, j->old.person_id);
		db_bind_i64(st, 3, j->old.shelter_id);
		db_bind_i64(st, 4, j->old.bed_id);
		db_bind_str(st, 5, placement_status_code(j->s.status));
		bind_day(st, 6, j->s.check_in);
		bind_day(st, 7, j->s.planned);
		bind_day(st, 8, j->s.actual);
		db_bind_str(st, 9, j->reason);
		db_bind_i64(st, 10, j->by);
		db_bind_i64(st, 11, now);
		db_bind_i64(st, 12, now);
		if (db_one_i64(st, &j->old.id) != 1)
			return -1;
	} else {
		if ((st = db_prepare(db, placement_sql[P_UPDATE])) == NULL)
			return -1;
		db_bind_str(st, 1, placement_status_code(j->s.status));
		bind_day(st, 2, j->s.check_in);
		bind_day(st, 3, j->s.planned);
		bind_day(st, 4, j->s.actual);
		db_bind_str(st, 5, j->reason);
		db_bind_i64(st, 6, now);
		db_bind_i64(st, 7, j->old.id);
		db_bind_i64(st, 8, j->old.version);
		if ((rc = db_one_i64(st, &v)) == -1)
			return -1;
		if (rc == 0) {
			j->outcome = PL_STALE;
			return 0;
		}
	}
	au.object_id = j->old.id;
	au.detail = j->reason != NULL ? j->reason :
	    placement_status_code(j->s.status);
	if (j->set_notes && sealed_put(db, placement_sql[P_SEAL], "placement",
	    "notes", j->old.id, j->notes != NULL && *j->notes != '\0' ?
	    j->notes : NULL) == -1)
		return -1;
	if (case_event_add(db, j->old.case_id, j->by, "placement", 0,
	    j->text) == -1 || case_touch(db, j->old.case_id) == -1)
		return -1;
	/* Checked in: a safe place found, accommodation under way. */
	if (j->s.status == PLACEMENT_ACTIVE && (j->create ||
	    j->old.s.status == PLACEMENT_RESERVED) &&
	    (pathway_advance(db, j->old.case_id, "safety_place", "done",
	    j->by) == -1 || pathway_advance(db, j->old.case_id,
	    "accommodation", "in_progress", j->by) == -1))
		return -1;
	return audit_append(db, &au);
}

/* The time line's words for a stay: shelter, bed, dates. */
static void
pl_text(struct pl_job *j, const char *what)
{
	char	 in[11], out[11], left[11];

	shelter_day_format(j->s.check_in, in);
	if (j->s.planned != 0)
		shelter_day_format(j->s.planned, out);
	else
		snprintf(out, sizeof(out), "open");
	if (j->s.actual != 0) {
		shelter_day_format(j->s.actual, left);
		snprintf(j->text, sizeof(j->text), "placement %s: %s, bed %s, "
		    "%s to %s (%s)", what, j->old.shelter, j->old.bed, in, left,
		    j->reason != NULL ? j->reason : "");
		return;
	}
	snprintf(j->text, sizeof(j->text), "placement %s: %s, bed %s, from %s, "
	    "planned departure %s", what, j->old.shelter, j->old.bed, in, out);
}

/* Answer placement id in full (with its notes). */
static int
pl_answer(struct req *r, struct db *db, int64_t id, int status)
{
	struct db_stmt	*st;
	json_t		*o;
	char		*notes = NULL;
	int		 rc;

	if ((st = db_prepare(db, placement_sql[P_GET])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, "No such placement.");
	if (sealed_get(db, st, PLACEMENT_NOTES_COL, "placement", "notes", id,
	    &notes) == -1) {
		db_reset(st);
		return req_dberror(r, db_err(db));
	}
	o = placement_row_json(st, notes != NULL ? notes : "");
	db_reset(st);
	wipe_free(notes);
	return req_json(r, status, json_pack("{s:o}", "placement", o));
}

static int
pl_outcome_answer(struct req *r, struct pl_job *j, const char *field)
{
	switch (j->outcome) {
	case PL_STALE:
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this placement meanwhile: reload it.");
	case PL_BED_TAKEN:
		return req_error(r, API_ECONFLICT, field, "The bed is taken, "
		    "reserved or out of service on some of these nights.");
	case PL_PERSON_PLACED:
		return req_error(r, API_ECONFLICT, "check_in", "This person is "
		    "placed or expected elsewhere on some of these nights.");
	default:
		return 0;
	}
}

/* ---- Routes. */

/* The bed of a body: its shelter and names; -1 when answered. */
static int
bed_of(struct req *r, struct db *db, int64_t bed, struct pl_head *h)
{
	struct db_stmt	*st;
	bool		 usable;
	int		 rc;

	if ((st = db_prepare(db, placement_sql[P_BED])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, bed);
	if ((rc = db_row(st)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_EINVALID, "bed_id", "No such bed.");
	h->bed_id = bed;
	h->shelter_id = db_col_i64(st, 0);
	snprintf(h->bed, sizeof(h->bed), "%s", db_col_text(st, 1));
	snprintf(h->shelter, sizeof(h->shelter), "%s", db_col_text(st, 3));
	usable = db_col_i64(st, 2) != 0 && db_col_i64(st, 4) != 0;
	db_reset(st);
	if (!usable)
		return req_error(r, API_EINVALID, "bed_id", "This bed or its "
		    "shelter is not in use.");
	return 0;
}

/* A date field of the body as a day; 0 when absent; -1 answered. */
static int
body_day(struct req *r, const char *name, int64_t *out)
{
	const char	*s = jv_str(r->json, name);

	*out = 0;
	if (s == NULL)
		return 0;
	if (shelter_day(s, out) == -1)
		return req_error(r, API_EINVALID, name, "A date is "
		    "YYYY-MM-DD.");
	return 0;
}

static int
api_create(struct req *r)
{
	struct case_head	 ch;
	struct pl_job		 j;
	struct err		 e;
	struct db		*db;
	int64_t			 case_id, today = shelter_today();

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &case_id) || req_check(r, create_fields) == -1 ||
	    (db = req_db(r)) == NULL || case_open(r, db, case_id, &ch) == -1)
		return -1;
	if (strcmp(ch.status, "closed") == 0)
		return req_error(r, API_ECONFLICT, "status", "The case is "
		    "closed: reopen it before placing the person.");
	if (bed_of(r, db, jv_int(r->json, "bed_id", 0), &j.old) == -1 ||
	    body_day(r, "check_in", &j.s.check_in) == -1 ||
	    body_day(r, "planned_departure", &j.s.planned) == -1)
		return -1;
	if (placement_status_parse(jv_str(r->json, "status"), &j.s.status) ==
	    -1)
		return req_error(r, API_EINVALID, "status", NULL);
	if (j.s.status == PLACEMENT_ACTIVE && j.s.check_in > today)
		return req_error(r, API_EINVALID, "check_in", "A check-in is "
		    "today or earlier: reserve the bed for a later day.");
	if (j.s.status == PLACEMENT_RESERVED && j.s.check_in < today)
		return req_error(r, API_EINVALID, "check_in", "A reservation "
		    "starts today or later.");
	if (j.s.planned != 0 && j.s.planned <= j.s.check_in)
		return req_error(r, API_EINVALID, "planned_departure", "The "
		    "planned departure comes after the check-in.");
	j.old.case_id = case_id;
	j.old.person_id = ch.person_id;
	j.create = j.check = true;
	j.by = r->user_id;
	j.action = "placement.create";
	j.notes = jv_str(r->json, "notes");
	j.set_notes = j.notes != NULL && *j.notes != '\0';
	pl_text(&j, j.s.status == PLACEMENT_ACTIVE ? "checked in" :
	    "reserved");
	if (dbpool_write(http_pool(r), pl_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.outcome != PL_OK)
		return pl_outcome_answer(r, &j, "bed_id");
	return pl_answer(r, db, j.old.id, 201);
}

int
placement_record(struct db *db, int64_t case_id, int64_t bed_id,
    const char *status, int64_t check_in, int64_t planned, int64_t actual,
    const char *reason, int64_t by, int64_t *id)
{
	struct case_head	 ch;
	struct pl_job		 j;
	struct db_stmt		*st;
	struct err		 e;
	int			 rc;

	memset(&j, 0, sizeof(j));
	if (case_head_get(db, case_id, &ch) != 1 ||
	    (st = db_prepare(db, placement_sql[P_BED])) == NULL)
		return -1;
	db_bind_i64(st, 1, bed_id);
	if ((rc = db_row(st)) != 1)
		return -1;
	j.old.shelter_id = db_col_i64(st, 0);
	snprintf(j.old.bed, sizeof(j.old.bed), "%s", db_col_text(st, 1));
	snprintf(j.old.shelter, sizeof(j.old.shelter), "%s",
	    db_col_text(st, 3));
	db_reset(st);
	j.old.bed_id = bed_id;
	j.old.case_id = case_id;
	j.old.person_id = ch.person_id;
	if (placement_status_parse(status, &j.s.status) == -1)
		return -1;
	j.s.check_in = check_in;
	j.s.planned = planned;
	j.s.actual = actual;
	j.reason = reason;
	j.create = j.check = true;
	j.by = by;
	j.action = "placement.create";
	pl_text(&j, j.s.status == PLACEMENT_ENDED ? "ended" :
	    j.s.status == PLACEMENT_ACTIVE ? "checked in" : "reserved");
	if (pl_write(db, &j, &e) == -1 || j.outcome != PL_OK)
		return -1;
	*id = j.old.id;
	return 0;
}

static int
api_case_list(struct req *r)
{
	struct case_head	 ch;
	struct db_stmt		*st;
	struct db		*db;
	enum db_step_rc		 rc;
	json_t			*list;
	int64_t			 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    case_open(r, db, id, &ch) == -1)
		return -1;
	if ((st = db_prepare(db, placement_sql[P_CASE_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(list, placement_row_json(st, NULL));
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "case.read", "case", id, "ok", "placements");
	return req_json(r, 200, json_pack("{s:o}", "placements", list));
}

static int
api_get(struct req *r)
{
	struct pl_head	 h;
	struct db	*db;

	if ((db = req_db(r)) == NULL || pl_open(r, db, &h) == -1)
		return -1;
	auth_audit(r, "placement.read", "placement", h.id, "ok", NULL);
	return pl_answer(r, db, h.id, 200);
}

/* Run a change built in j and answer the placement. */
static int
pl_change(struct req *r, struct db *db, struct pl_job *j, const char *field)
{
	struct err	 e;

	j->by = r->user_id;
	j->old.version = jv_int(r->json, "version", 0);
	if (dbpool_write(http_pool(r), pl_write, j, &e) == -1)
		return req_dberror(r, &e);
	if (j->outcome != PL_OK)
		return pl_outcome_answer(r, j, field);
	return pl_answer(r, db, j->old.id, 200);
}

static int
api_patch(struct req *r)
{
	struct pl_job	 j;
	struct db	*db;
	json_t		*pd;

	memset(&j, 0, sizeof(j));
	if (req_check(r, patch_fields) == -1 || (db = req_db(r)) == NULL ||
	    pl_open(r, db, &j.old) == -1)
		return -1;
	if (j.old.s.status != PLACEMENT_RESERVED &&
	    j.old.s.status != PLACEMENT_ACTIVE)
		return req_error(r, API_ECONFLICT, "status", "An ended or "
		    "cancelled placement does not change.");
	j.s = j.old.s;
	pd = json_object_get(r->json, "planned_departure");
	if (pd != NULL) {
		if (body_day(r, "planned_departure", &j.s.planned) == -1)
			return -1;
		if (j.s.planned != 0 && j.s.planned <= j.s.check_in)
			return req_error(r, API_EINVALID, "planned_departure",
			    "The planned departure comes after the "
			    "check-in.");
		j.check = true;
	}
	if (json_object_get(r->json, "notes") != NULL) {
		j.set_notes = true;
		j.notes = jv_str(r->json, "notes");
	}
	j.action = "placement.update";
	pl_text(&j, "changed");
	return pl_change(r, db, &j, "planned_departure");
}

static int
api_checkin(struct req *r)
{
	struct pl_job	 j;
	struct db	*db;
	int64_t		 today = shelter_today();

	memset(&j, 0, sizeof(j));
	if (req_check(r, checkin_fields) == -1 || (db = req_db(r)) == NULL ||
	    pl_open(r, db, &j.old) == -1)
		return -1;
	if (j.old.s.status != PLACEMENT_RESERVED)
		return req_error(r, API_ECONFLICT, "status", "Only a reservation "
		    "is checked in.");
	j.s = j.old.s;
	if (body_day(r, "date", &j.s.check_in) == -1)
		return -1;
	if (j.s.check_in == 0)
		j.s.check_in = today;
	if (j.s.check_in > today)
		return req_error(r, API_EINVALID, "date", "A check-in is today "
		    "or earlier.");
	if (j.s.planned != 0 && j.s.planned <= j.s.check_in)
		return req_error(r, API_EINVALID, "date", "The check-in comes "
		    "before the planned departure.");
	j.s.status = PLACEMENT_ACTIVE;
	j.check = true;
	j.action = "placement.checkin";
	pl_text(&j, "checked in");
	return pl_change(r, db, &j, "date");
}

static int
api_departure(struct req *r)
{
	struct pl_job	 j;
	struct db	*db;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (req_check(r, departure_fields) == -1 || (db = req_db(r)) == NULL ||
	    pl_open(r, db, &j.old) == -1)
		return -1;
	if (j.old.s.status != PLACEMENT_ACTIVE)
		return req_error(r, API_ECONFLICT, "status", "Only someone "
		    "checked in can leave: cancel a reservation instead.");
	j.s = j.old.s;
	if (body_day(r, "date", &j.s.actual) == -1)
		return -1;
	switch (shelter_departure_check(j.s.check_in, j.s.actual,
	    shelter_today())) {
	case DEPART_BEFORE_CHECK_IN:
		return req_error(r, API_EINVALID, "date", "The departure cannot "
		    "come before the check-in.");
	case DEPART_IN_FUTURE:
		return req_error(r, API_EINVALID, "date", "A departure is "
		    "recorded when it happens: change the planned departure "
		    "instead.");
	default:
		break;
	}
	j.s.status = PLACEMENT_ENDED;
	j.reason = enum_defs[ENUM_LEAVING_REASON].values[enum_index(
	    ENUM_LEAVING_REASON, jv_str(r->json, "reason"))].code;
	if (json_object_get(r->json, "notes") != NULL) {
		j.set_notes = true;
		j.notes = jv_str(r->json, "notes");
	}
	j.action = "placement.depart";
	pl_text(&j, "ended");
	return pl_change(r, db, &j, "date");
}

static int
api_cancel(struct req *r)
{
	struct pl_job	 j;
	struct db	*db;

	memset(&j, 0, sizeof(j));
	if (req_check(r, cancel_fields) == -1 || (db = req_db(r)) == NULL ||
	    pl_open(r, db, &j.old) == -1)
		return -1;
	if (j.old.s.status != PLACEMENT_RESERVED)
		return req_error(r, API_ECONFLICT, "status", "Only a reservation "
		    "is cancelled: record a departure instead.");
	j.s = j.old.s;
	j.s.status = PLACEMENT_CANCELLED;
	j.action = "placement.cancel";
	pl_text(&j, "cancelled");
	return pl_change(r, db, &j, "status");
}

#define BODY	SHELTER_BODY_MAX

const struct route placement_routes[] = {
	{ HTTP_POST, "/api/v1/cases/{id:int}/placements", "placements.create",
	  api_create, PERM_CASES, BODY },
	{ HTTP_GET, "/api/v1/cases/{id:int}/placements", "placements.case",
	  api_case_list, PERM_CASES, 0 },
	{ HTTP_GET, "/api/v1/placements/{id:int}", "placements.get", api_get,
	  PERM_SHELTER, 0 },
	{ HTTP_PATCH, "/api/v1/placements/{id:int}", "placements.update",
	  api_patch, PERM_SHELTER, BODY },
	{ HTTP_POST, "/api/v1/placements/{id:int}/check-in",
	  "placements.checkin", api_checkin, PERM_SHELTER, BODY },
	{ HTTP_POST, "/api/v1/placements/{id:int}/departure",
	  "placements.depart", api_departure, PERM_SHELTER, BODY },
	{ HTTP_POST, "/api/v1/placements/{id:int}/cancel", "placements.cancel",
	  api_cancel, PERM_SHELTER, BODY },
};
const size_t placement_nroutes = sizeof(placement_routes) /
    sizeof(placement_routes[0]);
