/*
 * The interpreter routes: the registry (coordinators keep it; consultants,
 * coordinators and shelter staff read it) and suggestions for a language
 * or for a person's languages.  Bookings and an interpreter's calendar
 * are booking_api.c's; it reads interpreters through the functions this
 * file shares in interpreter.h.
 *
 * An interpreter's phone, e-mail and notes are sealed and opened only by
 * the card (GET one, audited).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/enums.h"
#include "hotline/hotline.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "network/interpreter.h"

#define INTERP_BODY_MAX		(16 * 1024)
#define LIST_MAX		500
#define SUGGEST_MAX		200

/* The columns of an interpreter, in the order interp_json() reads them. */
#define INTERP_COLS "SELECT i.id, i.name, i.languages, i.modes, i.region, " \
	"i.availability, i.availability_note, i.vetted, i.vetted_on, " \
	"i.agreement_on, i.active, i.version, i.created_at, i.updated_at, " \
	"i.phone, i.email, i.notes FROM interpreter i "

enum api_stmt {
	A_LIST,
	A_ONE,
	A_SUGGEST,
	A_BUSY,
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
	[A_PERSON] = "SELECT pseudonym, languages FROM person WHERE id = ?",
};

/* ---- Small helpers. */

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

/* Shared with booking_api.c: see interpreter.h. */
int
interp_time_arg(struct req *r, const char *name, const char *s, int64_t *t)
{
	if (s == NULL || iso8601_parse(s, t) == -1)
		return req_error(r, API_EINVALID, name, "A time is ISO 8601 "
		    "with its offset, e.g. 2026-05-04T10:00:00+02:00.");
	return 0;
}

/* Shared with booking_api.c: see interpreter.h. */
int
interp_times_ok(struct req *r, int64_t start, int64_t end)
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

/* Interpreter id: 1 with *out, 0 none, -1 error (see interpreter.h). */
int
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
	size_t			 i;

	mode_item.oneof = modes;
	for (i = 0; i < F__MAX; i++) {
		patch_fields[i] = f[i];
		patch_fields[i].required = i == F_VERSION;
		if (i != F_VERSION)
			create_fields[i < F_VERSION ? i : i - 1] = f[i];
	}
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
		return req_not_loaded(r, db, rc, NULL);
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
		return req_not_loaded(r, db, rc, NULL);
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
		return req_not_loaded(r, db, rc, NULL);
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
	if (interp_time_arg(r, "starts_at", s, start) == -1 ||
	    interp_time_arg(r, "ends_at", e, end) == -1)
		return -1;
	return interp_times_ok(r, *start, *end);
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
		return req_not_loaded(r, db, rc, NULL);
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

/* ---- What a booking needs of its interpreter (booking_api.c). */

/* Interpreter id as a struct: see interpreter.h. */
int
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
	{ HTTP_GET, "/api/v1/persons/{id:int}/interpreters",
	  "persons.interpreters", api_person_interpreters, PERM_CASES, 0 },
};
const size_t interpreter_nroutes = sizeof(interpreter_routes) /
    sizeof(interpreter_routes[0]);
