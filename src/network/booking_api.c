/*
 * The bookings of interpreters: made and changed by staff who may see
 * cases, each tied to a case, a contact or a task (a contact's or task's
 * case joins it), checked against the interpreter's other bookings in the
 * write itself; an interpreter's calendar and a case's bookings.  A
 * booking of a sealed case shows its ties and purpose only to the staff
 * who may open the case; everyone else sees when the interpreter is busy,
 * nothing more.  The interpreter booked is read through interpreter.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/valid.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/enums.h"
#include "hotline/hotline.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "network/interpreter.h"

#define BOOKING_BODY_MAX	4096
#define DAYS_MAX		31

/*
 * The columns of a booking, in the order booking_json() reads them; the
 * first placeholder is the caller's id (are they named on the case?).
 */
#define BOOKING_COLS "SELECT b.id, b.interpreter_id, i.name, b.language, " \
	"b.starts_at, b.ends_at, b.mode, b.purpose, b.case_id, c.year, " \
	"c.number, c.sealed, c.key_consultant_id, (SELECT count(*) FROM " \
	"case_access a WHERE a.case_id = b.case_id AND a.user_id = ?), " \
	"b.contact_id, b.task_id, b.status, b.outside_availability, " \
	"b.version, b.created_by, u.username, b.created_at, b.updated_at " \
	"FROM interpreter_booking b JOIN interpreter i " \
	"ON i.id = b.interpreter_id LEFT JOIN case_file c ON c.id = b.case_id " \
	"JOIN app_user u ON u.id = b.created_by "

enum booking_stmt {
	B_WEEK,
	B_CASE,
	B_ONE,
	B_UPDATE,
	B_CONTACT_CASE,
	B_TASK_CASE,
	B__MAX
};

static const char *const booking_sql[B__MAX] = {
	[B_WEEK] = BOOKING_COLS "WHERE b.interpreter_id = ? AND "
	    "b.starts_at < ? AND b.ends_at > ? ORDER BY b.starts_at, b.id "
	    "LIMIT 500",
	[B_CASE] = BOOKING_COLS "WHERE b.case_id = ? "
	    "ORDER BY b.starts_at DESC, b.id DESC LIMIT 200",
	[B_ONE] = BOOKING_COLS "WHERE b.id = ?",
	[B_UPDATE] = "UPDATE interpreter_booking SET status = ?, "
	    "starts_at = ?, ends_at = ?, mode = ?, outside_availability = ?, "
	    "version = version + 1, updated_at = ? WHERE id = ? AND "
	    "version = ? RETURNING version",
	[B_CONTACT_CASE] = "SELECT coalesce(case_id, 0) FROM contact "
	    "WHERE id = ?",
	[B_TASK_CASE] = "SELECT coalesce(case_id, 0) FROM task WHERE id = ?",
};

/* ---- Small helpers. */

/* May the caller see cases (and so make and read the ties of bookings)? */
static bool
may_cases(const struct req *r)
{
	const struct principal	*p = auth_principal(r);

	return p != NULL && perm_allows(p->role, PERM_CASES);
}

/* ---- Bookings as JSON. */

/*
 * The booking of the current row, as the caller may see it: the ties and
 * purpose only when they may open its case (or, without a case, when they
 * may see cases at all); otherwise "restricted".  *shown_case gets the
 * case whose data was shown (0: none), for the audit.
 */
static int
booking_json(struct req *r, struct db *db, struct db_stmt *st,
    json_t **out, int64_t *shown_case)
{
	json_t		*o, *cs = json_null();
	char		 ref[REFERENCE_MAX], *purpose = NULL;
	int64_t		 id = db_col_i64(st, 0), cid = db_col_i64(st, 8);
	bool		 cases = may_cases(r), visible;

	*out = NULL;
	*shown_case = 0;
	visible = cases;
	if (cid != 0) {
		case_reference(db_col_i64(st, 9), db_col_i64(st, 10), ref);
		if (db_col_i64(st, 11) != 0 && db_col_i64(st, 12) !=
		    r->user_id && db_col_i64(st, 13) == 0)
			visible = false;
		if (visible) {
			cs = json_pack("{s:I, s:s}", "id", (json_int_t)cid,
			    "reference", ref);
			*shown_case = cid;
		} else if (cases)
			cs = json_pack("{s:I, s:s, s:b, s:b}", "id",
			    (json_int_t)cid, "reference", ref, "sealed", 1,
			    "restricted", 1);
	}
	if (visible && sealed_get(db, st, 7, "interpreter_booking", "purpose",
	    id, &purpose) == -1) {
		json_decref(cs);
		return -1;
	}
	o = json_pack("{s:I, s:{s:I, s:s}, s:s, s:o, s:o, s:s, s:s, s:b, "
	    "s:b, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o}",
	    "id", (json_int_t)id,
	    "interpreter", "id", (json_int_t)db_col_i64(st, 1), "name",
	    db_col_text(st, 2),
	    "language", db_col_text(st, 3),
	    "starts_at", hotline_time_json(db_col_i64(st, 4)),
	    "ends_at", hotline_time_json(db_col_i64(st, 5)),
	    "mode", db_col_text(st, 6),
	    "status", db_col_text(st, 16),
	    "outside_availability", db_col_i64(st, 17) != 0,
	    "restricted", !visible,
	    "case", cs,
	    "contact_id", visible && !db_col_null(st, 14) ?
	    json_integer(db_col_i64(st, 14)) : json_null(),
	    "task_id", visible && !db_col_null(st, 15) ?
	    json_integer(db_col_i64(st, 15)) : json_null(),
	    "purpose", str_or_null(purpose),
	    "version", (json_int_t)db_col_i64(st, 18),
	    "created_by", user_json(db_col_i64(st, 19), db_col_text(st, 20)),
	    "created_at", hotline_time_json(db_col_i64(st, 21)),
	    "updated_at", hotline_time_json(db_col_i64(st, 22)));
	wipe_free(purpose);
	if (o == NULL)
		return -1;
	*out = o;
	return 0;
}

/*
 * Run a booking statement bound from index 2 on (index 1: the caller) and
 * append its rows to list.  *shown gets the last case whose data was
 * shown (0: none), for the audit.
 */
static int
booking_rows(struct req *r, struct db *db, struct db_stmt *st, json_t *list,
    int64_t *shown)
{
	enum db_step_rc	 rc;
	json_t		*o;
	int64_t		 c;

	*shown = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (booking_json(r, db, st, &o, &c) == -1) {
			rc = DB_ERROR;
			break;
		}
		if (c != 0)
			*shown = c;
		json_array_append_new(list, o);
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

/* Booking id as the caller may see it: 1 with *out, 0 none, -1 error. */
static int
booking_load(struct req *r, struct db *db, int64_t id, json_t **out,
    int64_t *shown)
{
	struct db_stmt	*st;
	int		 rc;

	*out = NULL;
	*shown = 0;
	if ((st = db_prepare(db, booking_sql[B_ONE])) == NULL)
		return -1;
	db_bind_i64(st, 1, r->user_id);
	db_bind_i64(st, 2, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	rc = booking_json(r, db, st, out, shown);
	db_reset(st);
	return rc == -1 ? -1 : 1;
}

/* The tables of POST (a new booking) and PATCH; built once. */
static struct jv_field	 booking_fields[9];
static struct jv_field	 booking_patch_fields[7];
static pthread_once_t	 fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	const char *const	*modes = enum_codes(ENUM_INTERPRETER_MODE);
	const struct jv_field	 b[] = {
		{ "language", JV_STRING, true, false, 2, 3, 0, 0, NULL, NULL,
		  NULL },
		{ "starts_at", JV_STRING, true, false, 1, 40, 0, 0, NULL, NULL,
		  NULL },
		{ "ends_at", JV_STRING, true, false, 1, 40, 0, 0, NULL, NULL,
		  NULL },
		{ "mode", JV_STRING, true, false, 1, 16, 0, 0, modes, NULL,
		  NULL },
		{ "purpose", JV_STRING, false, true, 0, INTERP_TEXT_MAX, 0, 0,
		  NULL, NULL, NULL },
		{ "case_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL,
		  NULL, NULL },
		{ "contact_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL,
		  NULL, NULL },
		{ "task_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL,
		  NULL, NULL },
		{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
	};
	static const char *const to[] = { "cancelled", "done", NULL };
	const struct jv_field	 bp[] = {
		{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL,
		  NULL, NULL },
		{ "status", JV_STRING, false, false, 1, 16, 0, 0, to, NULL,
		  NULL },
		{ "starts_at", JV_STRING, false, false, 1, 40, 0, 0, NULL, NULL,
		  NULL },
		{ "ends_at", JV_STRING, false, false, 1, 40, 0, 0, NULL, NULL,
		  NULL },
		{ "mode", JV_STRING, false, false, 1, 16, 0, 0, modes, NULL,
		  NULL },
		{ "purpose", JV_STRING, false, true, 0, INTERP_TEXT_MAX, 0, 0,
		  NULL, NULL, NULL },
		{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
	};

	memcpy(booking_fields, b, sizeof(b));
	memcpy(booking_patch_fields, bp, sizeof(bp));
}

/* ---- Bookings. */

/* The warnings of a booking: reason codes, a new array. */
static json_t *
warnings_json(const struct interp_brief *b, bool outside)
{
	struct interp_candidate	 c;
	unsigned		 bits;
	json_t			*a = json_array();
	size_t			 k;

	memset(&c, 0, sizeof(c));
	c.vetted = b->vetted;
	c.agreement = b->agreement;
	c.outside = outside;
	bits = interp_reasons(&c);
	for (k = 0; k < REASON__MAX; k++)
		if (bits & (1u << k))
			json_array_append_new(a, json_string(interp_reason_code(
			    (enum interp_reason)k)));
	return a;
}

/* Answer 409: the interpreter is busy then; the other booking's time
 * only, never its case. */
static int
busy_answer(struct req *r, const struct interp_span *clash)
{
	char	 from[48], to[48], msg[200];

	iso8601_warsaw(clash->start, from);
	iso8601_warsaw(clash->end, to);
	snprintf(msg, sizeof(msg), "The interpreter is booked from %s to %s.",
	    from, to);
	req_json(r, 409, json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s}}",
	    "error", "code", "conflict", "message", msg, "field", "starts_at",
	    "conflict", "starts_at", from, "ends_at", to));
	return -1;
}

/*
 * The case of a contact or task tie (0: none): the booking joins it;
 * a different case given already is refused.  -1 when answered.
 */
static int
tie_case(struct req *r, struct db *db, enum booking_stmt which,
    const char *field, int64_t id, int64_t *case_id)
{
	struct db_stmt	*st;
	int64_t		 cid = 0;
	int		 rc;

	if ((st = db_prepare(db, booking_sql[which])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	if ((rc = db_one_i64(st, &cid)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_EINVALID, field, which ==
		    B_CONTACT_CASE ? "No such contact." : "No such task.");
	if (cid != 0 && *case_id != 0 && cid != *case_id)
		return req_error(r, API_EINVALID, field, "It belongs to "
		    "another case.");
	if (cid != 0)
		*case_id = cid;
	return 0;
}

struct booking_job {
	struct booking_in	 in;
	const char		*iname;
	int64_t			 by, id;
	struct interp_span	 clash;
	int			 rc;
};

static int
booking_create_write(struct db *db, void *arg, struct err *e)
{
	struct booking_job	*j = arg;
	struct audit_entry	 au = { j->by, "interpreter.booking.create",
				    "interpreter_booking", 0, "ok", NULL };
	char			 from[48], to[48], text[INTERP_NAME_MAX * 4 +
				    200];

	(void)e;
	if ((j->rc = booking_insert(db, &j->in, j->by, &j->id, &j->clash)) !=
	    1)
		return j->rc == 0 ? 0 : -1;
	au.object_id = j->id;
	if (j->in.case_id != 0) {
		iso8601_warsaw(j->in.start, from);
		iso8601_warsaw(j->in.end, to);
		snprintf(text, sizeof(text), "interpreter booked: %s, %s, "
		    "%s to %s, %s", j->iname, j->in.language, from, to,
		    j->in.mode);
		if (case_event_add(db, j->in.case_id, j->by, "interpreter", 0,
		    text) == -1 || case_touch(db, j->in.case_id) == -1)
			return -1;
	}
	return audit_append(db, &au);
}

static int
api_booking_create(struct req *r)
{
	struct interp_brief	 b;
	struct booking_job	 j;
	struct case_head	 h;
	struct err		 e;
	struct db		*db;
	json_t			*o, *warn;
	int64_t			 shown;
	int			 rc;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.in.interpreter_id) ||
	    req_check(r, booking_fields) == -1 ||
	    interp_time_arg(r, "starts_at", jv_str(r->json, "starts_at"),
	    &j.in.start) == -1 ||
	    interp_time_arg(r, "ends_at", jv_str(r->json, "ends_at"),
	    &j.in.end) == -1 ||
	    interp_times_ok(r, j.in.start, j.in.end) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((rc = interp_brief_load(db, j.in.interpreter_id, &b)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	if (!b.active)
		return req_error(r, API_ECONFLICT, NULL, "This interpreter is "
		    "no longer active.");
	j.in.language = jv_str(r->json, "language");
	j.in.mode = jv_str(r->json, "mode");
	if (!interp_csv_has(b.langs, j.in.language))
		return req_error(r, API_EINVALID, "language", "This "
		    "interpreter does not cover this language.");
	if (!interp_csv_has(b.modes, j.in.mode))
		return req_error(r, API_EINVALID, "mode", "This interpreter "
		    "does not work this way.");
	j.in.case_id = jv_int(r->json, "case_id", 0);
	j.in.contact_id = jv_int(r->json, "contact_id", 0);
	j.in.task_id = jv_int(r->json, "task_id", 0);
	if (j.in.case_id == 0 && j.in.contact_id == 0 && j.in.task_id == 0)
		return req_error(r, API_EINVALID, "case_id", "A booking is for "
		    "a case, a contact or an appointment (task).");
	if (!may_cases(r))
		return req_error(r, API_EFORBIDDEN, NULL, "Only staff who may "
		    "see cases book interpreters for them.");
	if (j.in.case_id != 0) {
		if ((rc = case_exists(db, j.in.case_id)) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0)
			return req_error(r, API_EINVALID, "case_id",
			    "No such case.");
	}
	if ((j.in.contact_id != 0 && tie_case(r, db, B_CONTACT_CASE,
	    "contact_id", j.in.contact_id, &j.in.case_id) == -1) ||
	    (j.in.task_id != 0 && tie_case(r, db, B_TASK_CASE, "task_id",
	    j.in.task_id, &j.in.case_id) == -1))
		return -1;
	if (j.in.case_id != 0 && case_open(r, db, j.in.case_id, &h) == -1)
		return -1;
	j.in.purpose = jv_str(r->json, "purpose");
	j.in.outside = !interp_within(b.slots, b.nslots, j.in.start,
	    j.in.end);
	j.iname = b.name;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), booking_create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.rc == 0)
		return busy_answer(r, &j.clash);
	if ((rc = booking_load(r, db, j.id, &o, &shown)) != 1)
		return req_dberror(r, db_err(db));
	warn = warnings_json(&b, j.in.outside);
	return req_json(r, 201, json_pack("{s:o, s:o}", "booking", o,
	    "warnings", warn));
}

static int
api_booking_get(struct req *r)
{
	struct db	*db;
	json_t		*o;
	int64_t		 id, shown;
	int		 rc;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL)
		return -1;
	if ((rc = booking_load(r, db, id, &o, &shown)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	if (shown != 0)
		auth_audit(r, "case.read", "case", shown, "ok",
		    "interpreter_booking");
	return req_json(r, 200, json_pack("{s:o}", "booking", o));
}

struct booking_update_job {
	int64_t			 id, version, by, case_id, interpreter_id;
	int64_t			 start, end;
	const char		*status, *mode, *purpose, *iname;
	bool			 purpose_given, moved, outside;
	struct interp_span	 clash;
	int			 rc;		/* 1 done, 0 stale, 2 busy */
};

static int
booking_update_write(struct db *db, void *arg, struct err *e)
{
	struct booking_update_job	*j = arg;
	struct audit_entry		 au = { j->by,
					    "interpreter.booking.update",
					    "interpreter_booking", j->id, "ok",
					    NULL };
	struct db_stmt			*st;
	char				 from[48], text[INTERP_NAME_MAX * 4 +
					    120];
	int64_t				 v;

	(void)e;
	au.detail = j->status;
	if (j->moved && strcmp(j->status, "booked") == 0) {
		if ((j->rc = booking_clash(db, j->interpreter_id, j->start,
		    j->end, j->id, &j->clash)) == -1)
			return -1;
		if (j->rc == 1) {
			j->rc = 2;
			return 0;
		}
	}
	if ((st = db_prepare(db, booking_sql[B_UPDATE])) == NULL)
		return -1;
	db_bind_str(st, 1, j->status);
	db_bind_i64(st, 2, j->start);
	db_bind_i64(st, 3, j->end);
	db_bind_str(st, 4, j->mode);
	db_bind_i64(st, 5, j->outside);
	db_bind_i64(st, 6, clock_now());
	db_bind_i64(st, 7, j->id);
	db_bind_i64(st, 8, j->version);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	if (j->purpose_given && booking_seal_purpose(db, j->id,
	    j->purpose) == -1)
		return -1;
	if (j->case_id != 0) {
		iso8601_warsaw(j->start, from);
		snprintf(text, sizeof(text), "interpreter booking %s: %s, %s",
		    strcmp(j->status, "booked") == 0 ? "changed" : j->status,
		    j->iname, from);
		if (case_event_add(db, j->case_id, j->by, "interpreter", 0,
		    text) == -1 || case_touch(db, j->case_id) == -1)
			return -1;
	}
	return audit_append(db, &au);
}

static int
api_booking_update(struct req *r)
{
	struct booking_update_job	 j;
	struct interp_brief		 b;
	struct case_head		 h;
	struct err			 e;
	struct db			*db;
	json_t				*old = NULL, *o;
	const char			*s, *status;
	int64_t				 shown;
	int				 rc;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.id) ||
	    req_check(r, booking_patch_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((rc = booking_load(r, db, j.id, &old, &shown)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	rc = -1;
	if (!may_cases(r)) {
		req_error(r, API_EFORBIDDEN, NULL, "Only staff who may see "
		    "cases change bookings.");
		goto out;
	}
	j.case_id = jv_int(json_object_get(old, "case"), "id", 0);
	if (j.case_id != 0 && case_open(r, db, j.case_id, &h) == -1)
		goto out;
	if (jv_int(old, "version", 0) != jv_int(r->json, "version", 0)) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "booking meanwhile: reload.");
		goto out;
	}
	status = jv_str(old, "status");
	if (strcmp(status, "booked") != 0) {
		req_error(r, API_EINVALID, "status", "A cancelled or done "
		    "booking does not change.");
		goto out;
	}
	j.interpreter_id = jv_int(json_object_get(old, "interpreter"), "id",
	    0);
	if (iso8601_parse(jv_str(old, "starts_at"), &j.start) == -1 ||
	    iso8601_parse(jv_str(old, "ends_at"), &j.end) == -1) {
		req_error(r, API_EINTERNAL, NULL, NULL);
		goto out;
	}
	if ((s = jv_str(r->json, "starts_at")) != NULL) {
		if (interp_time_arg(r, "starts_at", s, &j.start) == -1)
			goto out;
		j.moved = true;
	}
	if ((s = jv_str(r->json, "ends_at")) != NULL) {
		if (interp_time_arg(r, "ends_at", s, &j.end) == -1)
			goto out;
		j.moved = true;
	}
	if (j.moved && interp_times_ok(r, j.start, j.end) == -1)
		goto out;
	j.status = jv_str(r->json, "status");
	if (j.status == NULL)
		j.status = "booked";
	else if (!interp_status_allowed(status, j.status, j.start,
	    clock_now())) {
		req_error(r, API_EINVALID, "status", "A booking is done only "
		    "once it has started.");
		goto out;
	}
	if ((rc = interp_brief_load(db, j.interpreter_id, &b)) != 1) {
		rc = req_dberror(r, db_err(db));
		goto out;
	}
	rc = -1;
	j.mode = jv_str(r->json, "mode");
	if (j.mode == NULL)
		j.mode = jv_str(old, "mode");
	else if (!interp_csv_has(b.modes, j.mode)) {
		req_error(r, API_EINVALID, "mode", "This interpreter does not "
		    "work this way.");
		goto out;
	}
	j.purpose_given = json_object_get(r->json, "purpose") != NULL;
	j.purpose = jv_str(r->json, "purpose");
	j.outside = !interp_within(b.slots, b.nslots, j.start, j.end);
	j.version = jv_int(r->json, "version", 0);
	j.by = r->user_id;
	j.iname = b.name;
	if (dbpool_write(http_pool(r), booking_update_write, &j, &e) == -1) {
		rc = req_dberror(r, &e);
		goto out;
	}
	if (j.rc == 2) {
		rc = busy_answer(r, &j.clash);
		goto out;
	}
	if (j.rc == 0) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "booking meanwhile: reload.");
		goto out;
	}
	if ((rc = booking_load(r, db, j.id, &o, &shown)) != 1) {
		rc = req_dberror(r, db_err(db));
		goto out;
	}
	rc = req_json(r, 200, json_pack("{s:o, s:o}", "booking", o,
	    "warnings", warnings_json(&b, j.outside)));
out:
	json_decref(old);
	return rc;
}

/* The Monday of the Warsaw week of today. */
static struct cal_date
this_monday(void)
{
	struct cal_local	 l = cal_to_local(clock_now());

	return cal_date_of(cal_days(l.date) - (int64_t)l.wday);
}

static int
api_interp_bookings(struct req *r)
{
	struct db_stmt	*st;
	struct cal_date	 from;
	struct db	*db;
	const char	*s;
	char		 day[11];
	int64_t		 id, days = 7, t0, t1, shown;
	json_t		*who, *list;
	int		 rc;

	if (!path_int(r, "id", &id))
		return -1;
	if ((s = req_query(r, "from")) != NULL && *s != '\0') {
		if (date_parse(s, &from) == -1)
			return req_error(r, API_EINVALID, "from", "from is a "
			    "date, YYYY-MM-DD.");
	} else
		from = this_monday();
	if ((s = req_query(r, "days")) != NULL && *s != '\0' &&
	    !valid_i64(s, strlen(s), 1, DAYS_MAX, &days))
		return req_error(r, API_EINVALID, "days", "days is 1 to 31.");
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((rc = interp_load(db, id, false, &who)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	t0 = cal_from_local(from, 0);
	t1 = cal_from_local(cal_date_of(cal_days(from) + days), 0);
	if ((st = db_prepare(db, booking_sql[B_WEEK])) == NULL) {
		json_decref(who);
		return req_dberror(r, db_err(db));
	}
	db_bind_i64(st, 1, r->user_id);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, t1);
	db_bind_i64(st, 4, t0);
	list = json_array();
	if (booking_rows(r, db, st, list, &shown) == -1) {
		json_decref(who);
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	/* Purposes of bookings of cases were opened: one entry per view. */
	if (shown != 0)
		auth_audit(r, "interpreter.calendar.read", "interpreter", id,
		    "ok", NULL);
	date_format(from, day);
	return req_json(r, 200, json_pack("{s:o, s:s, s:I, s:o}",
	    "interpreter", who, "from", day, "days", (json_int_t)days,
	    "bookings", list));
}

static int
api_case_bookings(struct req *r)
{
	struct case_head	 h;
	struct db_stmt		*st;
	struct db		*db;
	int64_t			 id, shown;
	json_t			*list;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    case_open(r, db, id, &h) == -1)
		return -1;
	if ((st = db_prepare(db, booking_sql[B_CASE])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, r->user_id);
	db_bind_i64(st, 2, id);
	list = json_array();
	if (booking_rows(r, db, st, list, &shown) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "case.read", "case", id, "ok", "interpreter_bookings");
	return req_json(r, 200, json_pack("{s:o}", "bookings", list));
}

const struct route booking_routes[] = {
	{ HTTP_GET, "/api/v1/interpreters/{id:int}/bookings",
	  "interpreters.bookings", api_interp_bookings, PERM_INTERPRETERS, 0 },
	{ HTTP_POST, "/api/v1/interpreters/{id:int}/bookings",
	  "interpreters.book", api_booking_create, PERM_INTERPRETERS,
	  BOOKING_BODY_MAX },
	{ HTTP_GET, "/api/v1/interpreter-bookings/{id:int}",
	  "interpreter_bookings.get", api_booking_get, PERM_INTERPRETERS, 0 },
	{ HTTP_PATCH, "/api/v1/interpreter-bookings/{id:int}",
	  "interpreter_bookings.update", api_booking_update, PERM_INTERPRETERS,
	  BOOKING_BODY_MAX },
	{ HTTP_GET, "/api/v1/cases/{id:int}/interpreter-bookings",
	  "cases.interpreter_bookings", api_case_bookings, PERM_CASES, 0 },
};
const size_t booking_nroutes = sizeof(booking_routes) /
    sizeof(booking_routes[0]);
