/*
 * The interpreter routes: the registry (coordinators keep it; consultants,
 * coordinators and shelter staff read it), suggestions for a language or
 * for a person's languages, bookings and an interpreter's calendar.
 *
 * An interpreter's phone, e-mail and notes are sealed and opened only by
 * the card (GET one, audited).  A booking is tied to a case, a contact or
 * a task; only staff who may see cases (consultants, coordinators) make
 * or change bookings, and a booking of a sealed case shows its ties and
 * purpose only to the staff who may open the case.  Everyone else sees
 * when the interpreter is busy, nothing more.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/valid.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/enums.h"
#include "hotline/hotline.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "network/interpreter.h"

#define INTERP_BODY_MAX		(16 * 1024)
#define BOOKING_BODY_MAX	4096
#define LIST_MAX		500
#define SUGGEST_MAX		200
#define DAYS_MAX		31

/* The columns of an interpreter, in the order interp_json() reads them. */
#define INTERP_COLS "SELECT i.id, i.name, i.languages, i.modes, i.region, " \
	"i.availability, i.availability_note, i.vetted, i.vetted_on, " \
	"i.agreement_on, i.active, i.version, i.created_at, i.updated_at, " \
	"i.phone, i.email, i.notes FROM interpreter i "

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

enum api_stmt {
	A_LIST,
	A_ONE,
	A_SUGGEST,
	A_BUSY,
	A_WEEK,
	A_CASE,
	A_BOOKING,
	A_BOOKING_UPDATE,
	A_SEAL_PURPOSE,
	A_CONTACT_CASE,
	A_TASK_CASE,
	A_PERSON,
	A__MAX
};

static const char *const api_sql[A__MAX] = {
	[A_LIST] = INTERP_COLS "WHERE (CAST(? AS TEXT) = '' OR i.id IN "
	    "(SELECT interpreter_id FROM interpreter_language "
	    "WHERE language = ?)) "
	    "AND (CAST(? AS INTEGER) < 0 OR i.vetted = ?) "
	    "AND (CAST(? AS INTEGER) < 0 OR i.active = ?) "
	    "ORDER BY i.name, i.id LIMIT 500",
	[A_ONE] = INTERP_COLS "WHERE i.id = ?",
	[A_SUGGEST] = INTERP_COLS "JOIN interpreter_language l "
	    "ON l.interpreter_id = i.id WHERE l.language = ? AND i.active = 1 "
	    "ORDER BY i.name, i.id LIMIT 200",
	/* Bounded as booking_clash() is: see interpreter_store.c. */
	[A_BUSY] = "SELECT b.interpreter_id, b.starts_at, b.ends_at "
	    "FROM interpreter_booking b JOIN interpreter_language l "
	    "ON l.interpreter_id = b.interpreter_id WHERE l.language = ? "
	    "AND b.status <> 'cancelled' AND b.starts_at < ? "
	    "AND b.starts_at > ? AND b.ends_at > ? LIMIT 1000",
	[A_WEEK] = BOOKING_COLS "WHERE b.interpreter_id = ? AND "
	    "b.starts_at < ? AND b.ends_at > ? ORDER BY b.starts_at, b.id "
	    "LIMIT 500",
	[A_CASE] = BOOKING_COLS "WHERE b.case_id = ? "
	    "ORDER BY b.starts_at DESC, b.id DESC LIMIT 200",
	[A_BOOKING] = BOOKING_COLS "WHERE b.id = ?",
	[A_BOOKING_UPDATE] = "UPDATE interpreter_booking SET status = ?, "
	    "starts_at = ?, ends_at = ?, mode = ?, outside_availability = ?, "
	    "version = version + 1, updated_at = ? WHERE id = ? AND "
	    "version = ? RETURNING version",
	[A_SEAL_PURPOSE] = "UPDATE interpreter_booking SET purpose = ? "
	    "WHERE id = ?",
	[A_CONTACT_CASE] = "SELECT coalesce(case_id, 0) FROM contact "
	    "WHERE id = ?",
	[A_TASK_CASE] = "SELECT coalesce(case_id, 0) FROM task WHERE id = ?",
	[A_PERSON] = "SELECT pseudonym, languages FROM person WHERE id = ?",
};

/* ---- Small helpers. */

/* May the caller see cases (and so make and read the ties of bookings)? */
static bool
may_cases(const struct req *r)
{
	const struct principal	*p = auth_principal(r);

	return p != NULL && perm_allows(p->role, PERM_CASES);
}

static struct cal_date
today_date(void)
{
	return cal_to_local(clock_now()).date;
}

/* The agreement of a stored date ("" or NULL: none). */
static enum interp_agreement
agreement_of(const char *on, struct cal_date today, struct cal_date *by)
{
	struct cal_date	 d;

	if (on == NULL || *on == '\0' || date_parse(on, &d) == -1)
		return AGREEMENT_NONE;
	return interp_agreement_state(&d, today, by);
}

/* Parse an ISO 8601 time argument; -1 when answered. */
static int
time_arg(struct req *r, const char *name, const char *s, int64_t *t)
{
	if (s == NULL || iso8601_parse(s, t) == -1)
		return req_error(r, API_EINVALID, name, "A time is ISO 8601 "
		    "with its offset, e.g. 2026-05-04T10:00:00+02:00.");
	return 0;
}

/* Check a booking's [start, end); -1 when answered. */
static int
times_ok(struct req *r, int64_t start, int64_t end)
{
	switch (interp_times_check(start, end)) {
	case TIMES_END_NOT_AFTER:
		return req_error(r, API_EINVALID, "ends_at", "The end must be "
		    "after the start.");
	case TIMES_TOO_LONG:
		return req_error(r, API_EINVALID, "ends_at", "A booking lasts "
		    "at most 12 hours.");
	default:
		return 0;
	}
}

/* ---- Interpreters as JSON. */

/*
 * The interpreter of the current row; full adds the sealed contact
 * details and notes.  *out is a new reference; -1 when a value does not
 * open.
 */
static int
interp_json(struct db *db, struct db_stmt *st, bool full,
    struct cal_date today, json_t **out)
{
	struct cal_date		 by;
	enum interp_agreement	 a;
	json_t			*o, *avail, *ag;
	char			*phone = NULL, *email = NULL, *notes = NULL;
	char			 renew[11];
	int64_t			 id = db_col_i64(st, 0);
	int			 rc = -1;

	*out = NULL;
	if ((avail = json_loads(db_col_text(st, 5), 0, NULL)) == NULL ||
	    !json_is_array(avail)) {
		json_decref(avail);
		avail = json_array();
	}
	a = agreement_of(db_col_text(st, 9), today, &by);
	if (a == AGREEMENT_NONE)
		ag = json_pack("{s:s, s:n}", "state", "none", "renew_by");
	else {
		date_format(by, renew);
		ag = json_pack("{s:s, s:s}", "state", interp_agreement_code(a),
		    "renew_by", renew);
	}
	o = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, "
	    "s:o, s:b, s:I, s:o, s:o}", "id", (json_int_t)id,
	    "name", db_col_text(st, 1),
	    "languages", csv_json(db_col_text(st, 2)),
	    "modes", csv_json(db_col_text(st, 3)),
	    "region", str_or_null(db_col_text(st, 4)),
	    "availability", avail,
	    "availability_note", str_or_null(db_col_text(st, 6)),
	    "vetted", db_col_i64(st, 7) != 0,
	    "vetted_on", str_or_null(db_col_text(st, 8)),
	    "agreement_on", str_or_null(db_col_text(st, 9)),
	    "agreement", ag,
	    "active", db_col_i64(st, 10) != 0,
	    "version", (json_int_t)db_col_i64(st, 11),
	    "created_at", hotline_time_json(db_col_i64(st, 12)),
	    "updated_at", hotline_time_json(db_col_i64(st, 13)));
	if (o == NULL)
		return -1;
	if (full) {
		if (sealed_get(db, st, 14, "interpreter", "phone", id,
		    &phone) == -1 || sealed_get(db, st, 15, "interpreter",
		    "email", id, &email) == -1 || sealed_get(db, st, 16,
		    "interpreter", "notes", id, &notes) == -1) {
			json_decref(o);
			goto out;
		}
		json_object_set_new(o, "phone", str_or_null(phone));
		json_object_set_new(o, "email", str_or_null(email));
		json_object_set_new(o, "notes", str_or_null(notes));
	}
	*out = o;
	rc = 0;
out:
	wipe_free(phone);
	wipe_free(email);
	wipe_free(notes);
	return rc;
}

/* Interpreter id: 1 with *out, 0 none, -1 error. */
static int
interp_load(struct db *db, int64_t id, bool full, json_t **out)
{
	struct db_stmt	*st;
	int		 rc;

	*out = NULL;
	if ((st = db_prepare(db, api_sql[A_ONE])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	rc = interp_json(db, st, full, today_date(), out);
	db_reset(st);
	return rc == -1 ? -1 : 1;
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
	if ((st = db_prepare(db, api_sql[A_BOOKING])) == NULL)
		return -1;
	db_bind_i64(st, 1, r->user_id);
	db_bind_i64(st, 2, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	rc = booking_json(r, db, st, out, shown);
	db_reset(st);
	return rc == -1 ? -1 : 1;
}

/* ---- The registry. */

static const char *const day_codes[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL
};

static const struct jv_field slot_members[] = {
	{ "day", JV_STRING, true, false, 3, 3, 0, 0, day_codes, NULL, NULL },
	{ "from", JV_STRING, true, false, 5, 5, 0, 0, NULL, NULL, NULL },
	{ "to", JV_STRING, true, false, 5, 5, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static const struct jv_field slot_item = { "", JV_OBJECT, false, false, 0, 0,
    0, 0, NULL, NULL, slot_members };
static const struct jv_field lang_item = { "", JV_STRING, false, false, 2, 3,
    0, 0, NULL, NULL, NULL };
static struct jv_field	 mode_item = { "", JV_STRING, false, false, 1, 16,
    0, 0, NULL, NULL, NULL };

enum interp_field {
	F_NAME, F_LANGUAGES, F_MODES, F_REGION, F_AVAILABILITY, F_AVAIL_NOTE,
	F_VETTED, F_VETTED_ON, F_AGREEMENT_ON, F_PHONE, F_EMAIL, F_NOTES,
	F_ACTIVE, F_VERSION, F__MAX
};

/* The tables of POST (all but version; name, languages, modes required)
 * and PATCH (all optional but version); built once. */
static struct jv_field	 create_fields[F__MAX + 1];
static struct jv_field	 patch_fields[F__MAX + 1];
static struct jv_field	 booking_fields[9];
static struct jv_field	 booking_patch_fields[7];
static pthread_once_t	 fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	const char *const	*modes = enum_codes(ENUM_INTERPRETER_MODE);
	const struct jv_field	 f[F__MAX] = {
		[F_NAME] = { "name", JV_STRING, true, false, 1,
		    INTERP_NAME_MAX, 0, 0, NULL, NULL, NULL },
		[F_LANGUAGES] = { "languages", JV_ARRAY, true, false, 1,
		    INTERP_LANGS_MAX, 0, 0, NULL, &lang_item, NULL },
		[F_MODES] = { "modes", JV_ARRAY, true, false, 1, 3, 0, 0, NULL,
		    &mode_item, NULL },
		[F_REGION] = { "region", JV_STRING, false, true, 0,
		    INTERP_TEXT_MAX, 0, 0, NULL, NULL, NULL },
		[F_AVAILABILITY] = { "availability", JV_ARRAY, false, false, 0,
		    INTERP_SLOTS_MAX, 0, 0, NULL, &slot_item, NULL },
		[F_AVAIL_NOTE] = { "availability_note", JV_STRING, false, true,
		    0, INTERP_TEXT_MAX, 0, 0, NULL, NULL, NULL },
		[F_VETTED] = { "vetted", JV_BOOL, false, false, 0, 0, 0, 0,
		    NULL, NULL, NULL },
		[F_VETTED_ON] = { "vetted_on", JV_STRING, false, true, 10, 10,
		    0, 0, NULL, NULL, NULL },
		[F_AGREEMENT_ON] = { "agreement_on", JV_STRING, false, true,
		    10, 10, 0, 0, NULL, NULL, NULL },
		[F_PHONE] = { "phone", JV_STRING, false, true, 1, 32, 0, 0,
		    NULL, NULL, NULL },
		[F_EMAIL] = { "email", JV_STRING, false, true, 3, 254, 0, 0,
		    NULL, NULL, NULL },
		[F_NOTES] = { "notes", JV_TEXT, false, true, 0,
		    INTERP_NOTES_MAX, 0, 0, NULL, NULL, NULL },
		[F_ACTIVE] = { "active", JV_BOOL, false, false, 0, 0, 0, 0,
		    NULL, NULL, NULL },
		[F_VERSION] = { "version", JV_INT, true, false, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
	};
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
	size_t			 i;

	mode_item.oneof = modes;
	for (i = 0; i < F__MAX; i++) {
		patch_fields[i] = f[i];
		patch_fields[i].required = i == F_VERSION;
		if (i != F_VERSION)
			create_fields[i < F_VERSION ? i : i - 1] = f[i];
	}
	memcpy(booking_fields, b, sizeof(b));
	memcpy(booking_patch_fields, bp, sizeof(bp));
}

/* What a checked interpreter body becomes: the row to write. */
struct interp_form {
	struct interp_in	 in;
	char			 langs[INTERP_LANGS_MAX * 4 + 1];
	char			 modes[32];
	char			 phone[PHONE_MAX + 1];
	char			*avail;		/* JSON text, freed */
};

/* Join the codes of a checked array as "a,b", without repeats. */
static int
codes_csv(const json_t *a, char *out, size_t size)
{
	const json_t	*v;
	size_t		 i, at = 0;
	int		 n;

	out[0] = '\0';
	json_array_foreach(a, i, v) {
		if (interp_csv_has(out, json_string_value(v)))
			continue;
		n = snprintf(out + at, size - at, "%s%s", at ? "," : "",
		    json_string_value(v));
		if (n < 0 || (size_t)n >= size - at)
			return -1;
		at += (size_t)n;
	}
	return 0;
}

/* A date field: a real day, not in the future; -1 when answered. */
static int
past_date(struct req *r, const json_t *o, const char *name)
{
	struct cal_date	 d;
	const char	*s = jv_str(o, name);

	if (s == NULL)
		return 0;
	if (date_parse(s, &d) == -1)
		return req_error(r, API_EINVALID, name, "A date is YYYY-MM-DD.");
	if (cal_days(d) > cal_days(today_date()))
		return req_error(r, API_EINVALID, name, "This date cannot be "
		    "in the future.");
	return 0;
}

/*
 * Check the rules the field table cannot say, on the whole (merged)
 * interpreter o, and fill form (its strings borrow from o).  -1 when
 * answered.
 */
static int
interp_form_fill(struct req *r, const json_t *o, struct interp_form *fm)
{
	const json_t	*a, *v;
	const char	*s;
	size_t		 i;
	int		 from, to;

	memset(fm, 0, sizeof(*fm));
	json_array_foreach(json_object_get(o, "languages"), i, v)
		if (!interp_lang_valid(json_string_value(v)))
			return req_error(r, API_EINVALID, "languages", "Each "
			    "language is an ISO 639 code in small letters "
			    "(uk, rom).");
	a = json_object_get(o, "availability");
	json_array_foreach(a, i, v)
		if (interp_hhmm_parse(jv_str(v, "from"), &from) == -1 ||
		    interp_hhmm_parse(jv_str(v, "to"), &to) == -1 ||
		    from >= to)
			return req_error(r, API_EINVALID, "availability",
			    "Each slot runs from HH:MM to a later HH:MM "
			    "(24:00 at the latest).");
	if (past_date(r, o, "vetted_on") == -1 ||
	    past_date(r, o, "agreement_on") == -1)
		return -1;
	if ((s = jv_str(o, "phone")) != NULL && *s != '\0' &&
	    phone_normalise(s, fm->phone) == -1)
		return req_error(r, API_EINVALID, "phone", "This is not a "
		    "phone number.");
	if ((s = jv_str(o, "email")) != NULL && *s != '\0' &&
	    (strchr(s, '@') == NULL || strchr(s, ' ') != NULL))
		return req_error(r, API_EINVALID, "email", "This is not an "
		    "e-mail address.");
	if (codes_csv(json_object_get(o, "languages"), fm->langs,
	    sizeof(fm->langs)) == -1 || codes_csv(json_object_get(o, "modes"),
	    fm->modes, sizeof(fm->modes)) == -1)
		return req_error(r, API_EINVALID, "languages", "Too many "
		    "codes.");
	fm->avail = a != NULL ? json_dumps(a, JSON_COMPACT) : xstrdup("[]");
	if (fm->avail == NULL)
		return req_error(r, API_EINTERNAL, NULL, NULL);
	fm->in.name = jv_str(o, "name");
	fm->in.languages = fm->langs;
	fm->in.modes = fm->modes;
	fm->in.region = jv_str(o, "region");
	fm->in.availability = fm->avail;
	fm->in.availability_note = jv_str(o, "availability_note");
	fm->in.vetted = jv_bool(o, "vetted", false);
	fm->in.vetted_on = jv_str(o, "vetted_on");
	fm->in.agreement_on = jv_str(o, "agreement_on");
	fm->in.phone = fm->phone[0] != '\0' ? fm->phone : NULL;
	s = jv_str(o, "email");
	fm->in.email = s != NULL && *s != '\0' ? s : NULL;
	s = jv_str(o, "notes");
	fm->in.notes = s != NULL && *s != '\0' ? s : NULL;
	fm->in.active = jv_bool(o, "active", true);
	return 0;
}

static void
interp_form_release(struct interp_form *fm)
{
	free(fm->avail);
	fm->avail = NULL;
}

struct interp_job {
	const struct interp_in	*in;
	int64_t			 id, version, by;
	int			 rc;
};

static int
interp_create_write(struct db *db, void *arg, struct err *e)
{
	struct interp_job	*j = arg;
	struct audit_entry	 au = { j->by, "interpreter.create",
				    "interpreter", 0, "ok", NULL };

	(void)e;
	if (interp_insert(db, j->in, j->by, &j->id) == -1)
		return -1;
	au.object_id = j->id;
	return audit_append(db, &au);
}

static int
interp_update_write(struct db *db, void *arg, struct err *e)
{
	struct interp_job	*j = arg;
	struct audit_entry	 au = { j->by, "interpreter.update",
				    "interpreter", j->id, "ok", NULL };

	(void)e;
	if ((j->rc = interp_update(db, j->id, j->version, j->in)) != 1)
		return j->rc == 0 ? 0 : -1;
	return audit_append(db, &au);
}

/* Answer interpreter id in full with status. */
static int
interp_answer(struct req *r, struct db *db, int64_t id, int status)
{
	json_t	*o;
	int	 rc;

	if ((rc = interp_load(db, id, true, &o)) != 1)
		return rc == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
	return req_json(r, status, json_pack("{s:o}", "interpreter", o));
}

static int
api_interp_create(struct req *r)
{
	struct interp_form	 fm;
	struct interp_job	 j;
	struct err		 e;
	struct db		*db;
	int			 rc = -1;

	pthread_once(&fields_once, fields_init);
	memset(&fm, 0, sizeof(fm));
	if (req_check(r, create_fields) == -1 ||
	    interp_form_fill(r, r->json, &fm) == -1 ||
	    (db = req_db(r)) == NULL)
		goto out;
	memset(&j, 0, sizeof(j));
	j.in = &fm.in;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), interp_create_write, &j, &e) == -1) {
		rc = req_dberror(r, &e);
		goto out;
	}
	rc = interp_answer(r, db, j.id, 201);
out:
	interp_form_release(&fm);
	return rc;
}

static int
api_interp_update(struct req *r)
{
	struct interp_form	 fm;
	struct interp_job	 j;
	struct err		 e;
	struct db		*db;
	json_t			*old = NULL;
	const char		*k;
	json_t			*v;
	int64_t			 id;
	int			 rc = -1;

	pthread_once(&fields_once, fields_init);
	memset(&fm, 0, sizeof(fm));
	if (!path_int(r, "id", &id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((rc = interp_load(db, id, true, &old)) != 1)
		return rc == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
	rc = -1;
	if (jv_int(old, "version", 0) != jv_int(r->json, "version", 0)) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "interpreter meanwhile: reload.");
		goto out;
	}
	/* The body's members replace the stored ones. */
	json_object_foreach(r->json, k, v)
		json_object_set(old, k, v);
	if (interp_form_fill(r, old, &fm) == -1)
		goto out;
	memset(&j, 0, sizeof(j));
	j.in = &fm.in;
	j.id = id;
	j.version = jv_int(r->json, "version", 0);
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), interp_update_write, &j, &e) == -1) {
		rc = req_dberror(r, &e);
		goto out;
	}
	if (j.rc == 0) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "interpreter meanwhile: reload.");
		goto out;
	}
	rc = interp_answer(r, db, id, 200);
out:
	interp_form_release(&fm);
	json_decref(old);
	return rc;
}

static int
api_interp_get(struct req *r)
{
	struct db	*db;
	int64_t		 id;
	json_t		*o;
	int		 rc;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL)
		return -1;
	if ((rc = interp_load(db, id, true, &o)) != 1)
		return rc == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
	/* The card opens the sealed contact details. */
	auth_audit(r, "interpreter.read", "interpreter", id, "ok", NULL);
	return req_json(r, 200, json_pack("{s:o}", "interpreter", o));
}

/* A true/false query filter as -1 (absent), 0 or 1; -2 when answered. */
static int
bool_arg(struct req *r, const char *name)
{
	const char	*s = req_query(r, name);

	if (s == NULL || *s == '\0')
		return -1;
	if (strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "false") == 0)
		return 0;
	req_error(r, API_EINVALID, name, "This filter is true or false.");
	return -2;
}

/* The language and mode query arguments; -1 when answered. */
static int
lang_mode_args(struct req *r, bool lang_required, const char **lang,
    const char **mode)
{
	*lang = req_query(r, "language");
	*mode = req_query(r, "mode");
	if (*lang != NULL && **lang == '\0')
		*lang = NULL;
	if (*mode != NULL && **mode == '\0')
		*mode = NULL;
	if ((*lang == NULL && lang_required) ||
	    (*lang != NULL && !interp_lang_valid(*lang)))
		return req_error(r, API_EINVALID, "language", "language is an "
		    "ISO 639 code in small letters (uk, rom).");
	if (*mode != NULL && enum_index(ENUM_INTERPRETER_MODE, *mode) == -1)
		return req_error(r, API_EINVALID, "mode", "mode is in_person, "
		    "phone or video.");
	return 0;
}

static int
api_interp_list(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	enum db_step_rc	 rc;
	struct cal_date	 today = today_date();
	const char	*lang, *mode;
	json_t		*list, *o;
	int		 vetted, active;

	if (lang_mode_args(r, false, &lang, &mode) == -1 ||
	    (vetted = bool_arg(r, "vetted")) == -2 ||
	    (active = bool_arg(r, "active")) == -2 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, api_sql[A_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_str(st, 1, lang != NULL ? lang : "");
	db_bind_str(st, 2, lang != NULL ? lang : "");
	db_bind_i64(st, 3, vetted);
	db_bind_i64(st, 4, vetted);
	db_bind_i64(st, 5, active);
	db_bind_i64(st, 6, active);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (mode != NULL && !interp_csv_has(db_col_text(st, 3), mode))
			continue;
		if (interp_json(db, st, false, today, &o) == -1) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(list, o);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "interpreters", list));
}

/* ---- Suggestions. */

/*
 * The interpreters covering lang (active, offering mode when given),
 * ranked, each with the reasons it is not a first choice; with a time
 * (start < end), busy and outside-availability are judged too.  *out is
 * a new array.
 */
static int
suggest(struct db *db, const char *lang, const char *mode, int64_t start,
    int64_t end, json_t **out)
{
	struct interp_candidate	 c[SUGGEST_MAX];
	struct interp_slot	 slots[INTERP_SLOTS_MAX];
	struct cal_date		 today = today_date();
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	json_t			*rows, *o, *why;
	size_t			 n = 0, i, k, ns;
	unsigned		 bits;
	int64_t			 id;
	bool			 timed = start < end;

	*out = NULL;
	rows = json_array();
	if ((st = db_prepare(db, api_sql[A_SUGGEST])) == NULL)
		goto fail;
	db_bind_str(st, 1, lang);
	while ((rc = db_step(st)) == DB_ROW && n < SUGGEST_MAX) {
		if (mode != NULL && !interp_csv_has(db_col_text(st, 3), mode))
			continue;
		if (interp_json(db, st, false, today, &o) == -1) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(rows, o);
		memset(&c[n], 0, sizeof(c[n]));
		c[n].id = jv_int(o, "id", 0);
		c[n].name = jv_str(o, "name");
		c[n].vetted = jv_bool(o, "vetted", false);
		c[n].agreement = agreement_of(jv_str(o, "agreement_on"), today,
		    NULL);
		if (timed) {
			ns = interp_slots_from_json(json_object_get(o,
			    "availability"), slots, INTERP_SLOTS_MAX);
			c[n].outside = !interp_within(slots, ns, start, end);
		}
		c[n].row = n;
		n++;
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	if (timed && n > 0) {
		if ((st = db_prepare(db, api_sql[A_BUSY])) == NULL)
			goto fail;
		db_bind_str(st, 1, lang);
		db_bind_i64(st, 2, end);
		db_bind_i64(st, 3, start - INTERP_BOOKING_MAX_S - 1);
		db_bind_i64(st, 4, start);
		while ((rc = db_step(st)) == DB_ROW) {
			id = db_col_i64(st, 0);
			if (!interp_overlap(db_col_i64(st, 1), db_col_i64(st, 2),
			    start, end))
				continue;
			for (i = 0; i < n; i++)
				if (c[i].id == id)
					c[i].busy = true;
		}
		db_reset(st);
		if (rc == DB_ERROR)
			goto fail;
	}
	interp_rank(c, n);
	*out = json_array();
	for (i = 0; i < n; i++) {
		bits = interp_reasons(&c[i]);
		why = json_array();
		for (k = 0; k < REASON__MAX; k++)
			if (bits & (1u << k))
				json_array_append_new(why, json_string(
				    interp_reason_code((enum interp_reason)k)));
		json_array_append_new(*out, json_pack("{s:O, s:b, s:o}",
		    "interpreter", json_array_get(rows, c[i].row),
		    "first_choice", bits == 0, "reasons", why));
	}
	json_decref(rows);
	return 0;
fail:
	json_decref(rows);
	return -1;
}

/* The optional starts_at/ends_at of a query (both or neither). */
static int
time_args(struct req *r, int64_t *start, int64_t *end)
{
	const char	*s = req_query(r, "starts_at"), *e = req_query(r,
			    "ends_at");

	*start = *end = 0;
	if (s != NULL && *s == '\0')
		s = NULL;
	if (e != NULL && *e == '\0')
		e = NULL;
	if (s == NULL && e == NULL)
		return 0;
	if (time_arg(r, "starts_at", s, start) == -1 ||
	    time_arg(r, "ends_at", e, end) == -1)
		return -1;
	return times_ok(r, *start, *end);
}

static int
api_interp_suggest(struct req *r)
{
	struct db	*db;
	const char	*lang, *mode;
	int64_t		 start, end;
	json_t		*list;

	if (lang_mode_args(r, true, &lang, &mode) == -1 ||
	    time_args(r, &start, &end) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if (suggest(db, lang, mode, start, end, &list) == -1)
		return req_dberror(r, db_err(db));
	return req_json(r, 200, json_pack("{s:s, s:o}", "language", lang,
	    "suggestions", list));
}

static int
api_person_interpreters(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	const char	*mode, *lang, *p, *end_p;
	char		 pseudonym[12], langs[64], code[4];
	int64_t		 id, start, end;
	json_t		*out, *list;
	size_t		 n;
	int		 rc;

	if (!path_int(r, "id", &id) ||
	    lang_mode_args(r, false, &lang, &mode) == -1 ||
	    time_args(r, &start, &end) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, api_sql[A_PERSON])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
	snprintf(pseudonym, sizeof(pseudonym), "%s", db_col_text(st, 0));
	snprintf(langs, sizeof(langs), "%s", db_col_text(st, 1));
	db_reset(st);
	out = json_array();
	/* Polish needs no interpreter. */
	for (p = langs; *p != '\0'; p = *end_p == ',' ? end_p + 1 : end_p) {
		if ((end_p = strchr(p, ',')) == NULL)
			end_p = p + strlen(p);
		n = (size_t)(end_p - p);
		if (n == 0 || n >= sizeof(code))
			continue;
		memcpy(code, p, n);
		code[n] = '\0';
		if (strcmp(code, "pl") == 0 || !interp_lang_valid(code))
			continue;
		if (suggest(db, code, mode, start, end, &list) == -1) {
			json_decref(out);
			return req_dberror(r, db_err(db));
		}
		json_array_append_new(out, json_pack("{s:s, s:o}", "language",
		    code, "interpreters", list));
	}
	return req_json(r, 200, json_pack("{s:{s:I, s:s, s:o}, s:o}",
	    "person", "id", (json_int_t)id, "pseudonym", pseudonym,
	    "languages", csv_json(langs), "suggestions", out));
}

/* ---- Bookings. */

/* What the interpreter being booked is. */
struct interp_brief {
	bool			 found, active, vetted;
	enum interp_agreement	 agreement;
	char			 name[INTERP_NAME_MAX * 4 + 1];
	char			 langs[INTERP_LANGS_MAX * 4 + 1];
	char			 modes[32];
	struct interp_slot	 slots[INTERP_SLOTS_MAX];
	size_t			 nslots;
};

static int
interp_brief_load(struct db *db, int64_t id, struct interp_brief *b)
{
	json_t	*o;
	int	 rc;

	memset(b, 0, sizeof(*b));
	if ((rc = interp_load(db, id, false, &o)) != 1)
		return rc;
	b->found = true;
	b->active = jv_bool(o, "active", false);
	b->vetted = jv_bool(o, "vetted", false);
	b->agreement = agreement_of(jv_str(o, "agreement_on"), today_date(),
	    NULL);
	snprintf(b->name, sizeof(b->name), "%s", jv_str(o, "name"));
	if (codes_csv(json_object_get(o, "languages"), b->langs,
	    sizeof(b->langs)) == -1)
		b->langs[0] = '\0';
	if (codes_csv(json_object_get(o, "modes"), b->modes,
	    sizeof(b->modes)) == -1)
		b->modes[0] = '\0';
	b->nslots = interp_slots_from_json(json_object_get(o, "availability"),
	    b->slots, INTERP_SLOTS_MAX);
	json_decref(o);
	return 1;
}

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
tie_case(struct req *r, struct db *db, enum api_stmt which,
    const char *field, int64_t id, int64_t *case_id)
{
	struct db_stmt	*st;
	int64_t		 cid = 0;
	int		 rc;

	if ((st = db_prepare(db, api_sql[which])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	if ((rc = db_one_i64(st, &cid)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_EINVALID, field, which ==
		    A_CONTACT_CASE ? "No such contact." : "No such task.");
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
	    time_arg(r, "starts_at", jv_str(r->json, "starts_at"),
	    &j.in.start) == -1 ||
	    time_arg(r, "ends_at", jv_str(r->json, "ends_at"), &j.in.end) ==
	    -1 || times_ok(r, j.in.start, j.in.end) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((rc = interp_brief_load(db, j.in.interpreter_id, &b)) != 1)
		return rc == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
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
	if ((j.in.contact_id != 0 && tie_case(r, db, A_CONTACT_CASE,
	    "contact_id", j.in.contact_id, &j.in.case_id) == -1) ||
	    (j.in.task_id != 0 && tie_case(r, db, A_TASK_CASE, "task_id",
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
		return rc == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
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
	if ((st = db_prepare(db, api_sql[A_BOOKING_UPDATE])) == NULL)
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
	if (j->purpose_given && sealed_put(db, api_sql[A_SEAL_PURPOSE],
	    "interpreter_booking", "purpose", j->id, j->purpose != NULL &&
	    *j->purpose != '\0' ? j->purpose : NULL) == -1)
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
		return rc == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
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
		if (time_arg(r, "starts_at", s, &j.start) == -1)
			goto out;
		j.moved = true;
	}
	if ((s = jv_str(r->json, "ends_at")) != NULL) {
		if (time_arg(r, "ends_at", s, &j.end) == -1)
			goto out;
		j.moved = true;
	}
	if (j.moved && times_ok(r, j.start, j.end) == -1)
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
		return rc == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
	t0 = cal_from_local(from, 0);
	t1 = cal_from_local(cal_date_of(cal_days(from) + days), 0);
	if ((st = db_prepare(db, api_sql[A_WEEK])) == NULL) {
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
	if ((st = db_prepare(db, api_sql[A_CASE])) == NULL)
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

const struct route interpreter_routes[] = {
	{ HTTP_GET, "/api/v1/interpreters", "interpreters.list",
	  api_interp_list, PERM_INTERPRETERS, 0 },
	{ HTTP_POST, "/api/v1/interpreters", "interpreters.create",
	  api_interp_create, PERM_INTERPRETER_ADMIN, INTERP_BODY_MAX },
	{ HTTP_GET, "/api/v1/interpreters/suggest", "interpreters.suggest",
	  api_interp_suggest, PERM_INTERPRETERS, 0 },
	{ HTTP_GET, "/api/v1/interpreters/{id:int}", "interpreters.get",
	  api_interp_get, PERM_INTERPRETERS, 0 },
	{ HTTP_PATCH, "/api/v1/interpreters/{id:int}", "interpreters.update",
	  api_interp_update, PERM_INTERPRETER_ADMIN, INTERP_BODY_MAX },
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
	{ HTTP_GET, "/api/v1/persons/{id:int}/interpreters",
	  "persons.interpreters", api_person_interpreters, PERM_CASES, 0 },
};
const size_t interpreter_nroutes = sizeof(interpreter_routes) /
    sizeof(interpreter_routes[0]);
