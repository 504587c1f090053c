/*
 * The routes of consultancy for institutions (docs/API-prevention.md):
 * record a consultation or training given to an institution, correct it
 * (optimistic locking on version), list and read them, and count them for
 * statistics.  A case discussed is named by its reference text only: the
 * reference is checked to exist, then stored as text; no link to the case
 * is kept and nothing of the case is shown, and nothing goes on the case's
 * time line.  Notes are sealed.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/valid.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/desk.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "network/consultancy.h"

#define CONSULTANCY_BODY_MAX	(16 * 1024)
#define NOTES_MAX		4000
#define NAME_MAX_CHARS		200
#define PARTICIPANTS_MAX	10000
#define PAGE_DEFAULT		50
#define PAGE_MAX		200

enum consultancy_stmt {
	C_INSERT,
	C_SEAL_NOTES,
	C_GET,
	C_UPDATE,
	C_LIST,
	C_SUMMARY,
	C_ORG_KIND,
	C_CASE_REF,
	C__MAX
};

#define CONSULTANCY_COLS "SELECT c.id, c.organisation_id, o.name, " \
	"c.institution_name, c.institution_kind, c.kind, c.topic, " \
	"c.format, c.held_on, c.duration_minutes, c.participants, " \
	"c.case_refs, c.held_by, u.username, c.version, c.created_at, " \
	"c.updated_at, c.notes FROM institution_consultation c " \
	"JOIN app_user u ON u.id = c.held_by " \
	"LEFT JOIN organisation o ON o.id = c.organisation_id "
enum { K_ID, K_ORG, K_ORG_NAME, K_NAME, K_INST_KIND, K_KIND, K_TOPIC,
	K_FORMAT, K_HELD_ON, K_DURATION, K_PARTICIPANTS, K_REFS, K_BY,
	K_BY_NAME, K_VERSION, K_CREATED, K_UPDATED, K_NOTES };

static const char *const consultancy_sql[C__MAX] = {
	[C_INSERT] = "INSERT INTO institution_consultation (organisation_id, "
	    "institution_name, institution_kind, kind, topic, format, "
	    "held_on, duration_minutes, participants, case_refs, held_by, "
	    "version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
	[C_SEAL_NOTES] = "UPDATE institution_consultation SET notes = ? "
	    "WHERE id = ?",
	[C_GET] = CONSULTANCY_COLS "WHERE c.id = ?",
	[C_UPDATE] = "UPDATE institution_consultation SET organisation_id = ?, "
	    "institution_name = ?, institution_kind = ?, kind = ?, topic = ?, "
	    "format = ?, held_on = ?, duration_minutes = ?, participants = ?, "
	    "case_refs = ?, held_by = ?, version = version + 1, "
	    "updated_at = ? WHERE id = ? AND version = ? RETURNING version",
	[C_LIST] = CONSULTANCY_COLS "WHERE c.held_on >= ? AND c.held_on <= ? "
	    "AND (? = '' OR c.kind = ?) AND (? = '' OR c.topic = ?) "
	    "AND (? = 0 OR c.organisation_id = ?) "
	    "AND (c.held_on < ? OR (c.held_on = ? AND c.id < ?)) "
	    "ORDER BY c.held_on DESC, c.id DESC LIMIT ?",
	[C_SUMMARY] = "SELECT kind, topic, format, institution_kind, "
	    "participants, duration_minutes FROM institution_consultation "
	    "WHERE held_on >= ? AND held_on <= ?",
	[C_ORG_KIND] = "SELECT kind FROM organisation WHERE id = ?",
	[C_CASE_REF] = "SELECT count(*) FROM case_file "
	    "WHERE year = ? AND number = ?",
};

/* ---- Validation. */

enum { F_ORG, F_NAME, F_INST_KIND, F_KIND, F_TOPIC, F_FORMAT, F_HELD_ON,
	F_DURATION, F_PARTICIPANTS, F_REFS, F_HELD_BY, F_NOTES, F_VERSION,
	F__MAX };

static struct jv_field	 create_fields[F__MAX];
static struct jv_field	 patch_fields[F__MAX + 1];
static const struct jv_field ref_item = { "case_ref", JV_STRING, true, false,
	9, 11, 0, 0, NULL, NULL, NULL };
static pthread_once_t	 fields_once = PTHREAD_ONCE_INIT;

#define CODE(n, req, e) { n, JV_STRING, req, false, 1, 32, 0, 0, \
	enum_codes(e), NULL, NULL }

static void
fields_init(void)
{
	struct jv_field	 f[F__MAX] = {
		[F_ORG] = { "organisation_id", JV_INT, false, true, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
		[F_NAME] = { "institution_name", JV_STRING, false, true, 1,
		    NAME_MAX_CHARS, 0, 0, NULL, NULL, NULL },
		[F_INST_KIND] = { "institution_kind", JV_STRING, false, true,
		    1, 32, 0, 0, enum_codes(ENUM_ORGANISATION_KIND), NULL,
		    NULL },
		[F_KIND] = CODE("kind", true, ENUM_CONSULTANCY_KIND),
		[F_TOPIC] = CODE("topic", true, ENUM_CONSULTANCY_TOPIC),
		[F_FORMAT] = CODE("format", true, ENUM_CONSULTANCY_FORMAT),
		[F_HELD_ON] = { "held_on", JV_STRING, true, false, 10, 10, 0,
		    0, NULL, NULL, NULL },
		[F_DURATION] = { "duration_minutes", JV_INT, false, true, 0,
		    0, 1, 24 * 60, NULL, NULL, NULL },
		[F_PARTICIPANTS] = { "participants", JV_INT, true, false, 0,
		    0, 1, PARTICIPANTS_MAX, NULL, NULL, NULL },
		[F_REFS] = { "case_refs", JV_ARRAY, false, false, 0,
		    CASE_REFS_MAX, 0, 0, NULL, &ref_item, NULL },
		[F_HELD_BY] = { "held_by_id", JV_INT, false, false, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
		[F_NOTES] = { "notes", JV_TEXT, false, true, 0, NOTES_MAX, 0,
		    0, NULL, NULL, NULL },
		[F_VERSION] = { "version", JV_INT, true, false, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
	};
	int	 i;

	for (i = 0; i < F_VERSION; i++)
		create_fields[i] = f[i];
	create_fields[F_VERSION].name = NULL;
	for (i = 0; i < F__MAX; i++) {
		patch_fields[i] = f[i];
		if (i != F_VERSION)
			patch_fields[i].required = false;
	}
	patch_fields[F__MAX].name = NULL;
}

/* Is item i of refs the same as an earlier one? */
static bool
ref_seen(const json_t *refs, size_t i)
{
	size_t	 k;

	for (k = 0; k < i; k++)
		if (json_equal(json_array_get(refs, k), json_array_get(refs,
		    i)))
			return true;
	return false;
}

/*
 * Check a whole document (a create body, or a stored one with a
 * correction laid over it) into d (borrowing its strings); -1 answered.
 */
static int
doc_check(struct req *r, struct db *db, const json_t *doc,
    struct consultancy_new *d)
{
	struct db_stmt	*st;
	struct cal_date	 day;
	const json_t	*v;
	int64_t		 y, n, found;
	size_t		 i, at = 0;
	int		 rc;

	memset(d, 0, sizeof(*d));
	d->org_id = jv_int(doc, "organisation_id", 0);
	d->name = jv_str(doc, "institution_name");
	d->inst_kind = jv_str(doc, "institution_kind");
	d->kind = jv_str(doc, "kind");
	d->topic = jv_str(doc, "topic");
	d->format = jv_str(doc, "format");
	d->held_on = jv_str(doc, "held_on");
	d->duration = jv_int(doc, "duration_minutes", 0);
	d->participants = jv_int(doc, "participants", 1);
	d->held_by = jv_int(doc, "held_by_id", r->user_id);
	if (d->held_on == NULL || date_parse(d->held_on, &day) == -1)
		return req_error(r, API_EINVALID, "held_on", "held_on is a "
		    "date, YYYY-MM-DD.");
	if (d->org_id != 0) {
		if ((st = db_prepare(db, consultancy_sql[C_ORG_KIND])) == NULL)
			return req_dberror(r, db_err(db));
		db_bind_i64(st, 1, d->org_id);
		if ((rc = db_row(st)) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0)
			return req_error(r, API_EINVALID, "organisation_id",
			    "There is no such organisation in the directory.");
		snprintf(d->org_kind, sizeof(d->org_kind), "%s",
		    db_col_text(st, 0));
		db_reset(st);
		/* The directory says what kind of institution it is. */
		if (d->inst_kind == NULL && enum_index(ENUM_ORGANISATION_KIND,
		    d->org_kind) >= 0)
			d->inst_kind = d->org_kind;
	} else if (d->name == NULL)
		return req_error(r, API_EINVALID, "institution_name", "Name "
		    "the institution, or choose it from the directory.");
	if (d->inst_kind == NULL)
		return req_error(r, API_EINVALID, "institution_kind", "Say "
		    "what kind of institution it is.");
	if (d->held_by != r->user_id) {
		if ((rc = staff_is(db, d->held_by)) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0)
			return req_error(r, API_EINVALID, "held_by_id", "The "
			    "person who held it must be an enabled consultant "
			    "or coordinator.");
	}
	/* Case references: text only, but a real case's. */
	json_array_foreach(json_object_get(doc, "case_refs"), i, v) {
		if (!consultancy_ref_parse(json_string_value(v), &y, &n))
			return req_error(r, API_EINVALID, "case_refs", "A case "
			    "reference is YYYY/NNNN.");
		if ((st = db_prepare(db, consultancy_sql[C_CASE_REF])) ==
		    NULL)
			return req_dberror(r, db_err(db));
		db_bind_i64(st, 1, y);
		db_bind_i64(st, 2, n);
		if (db_one_i64(st, &found) != 1)
			return req_dberror(r, db_err(db));
		if (found == 0)
			return req_error(r, API_EINVALID, "case_refs", "There "
			    "is no case with this reference.");
		if (!ref_seen(json_object_get(doc, "case_refs"), i))
			at += (size_t)snprintf(d->refs + at, sizeof(d->refs) -
			    at, "%s%s", at ? "," : "", json_string_value(v));
	}
	return 0;
}

/* ---- Writing. */

struct cons_job {
	struct consultancy_new	 d;
	int64_t		 id, by, version;
	bool		 set_notes;
	const char	*notes;
	int		 rc;
};

static int
bind_doc(struct db_stmt *st, int n, const struct consultancy_new *d)
{
	if (d->org_id != 0)
		db_bind_i64(st, n++, d->org_id);
	else
		db_bind_null(st, n++);
	db_bind_str(st, n++, d->name);
	db_bind_str(st, n++, d->inst_kind);
	db_bind_str(st, n++, d->kind);
	db_bind_str(st, n++, d->topic);
	db_bind_str(st, n++, d->format);
	db_bind_str(st, n++, d->held_on);
	if (d->duration > 0)
		db_bind_i64(st, n++, d->duration);
	else
		db_bind_null(st, n++);
	db_bind_i64(st, n++, d->participants);
	db_bind_str(st, n++, d->refs);
	db_bind_i64(st, n++, d->held_by);
	return n;
}

int
consultancy_insert(struct db *db, const struct consultancy_new *d,
    const char *notes, int64_t by, int64_t *id)
{
	struct db_stmt		*st;
	int64_t			 now = clock_now();
	int			 n;

	if ((st = db_prepare(db, consultancy_sql[C_INSERT])) == NULL)
		return -1;
	n = bind_doc(st, 1, d);
	db_bind_i64(st, n++, by);
	db_bind_i64(st, n++, now);
	db_bind_i64(st, n, now);
	if (db_one_i64(st, id) != 1)
		return -1;
	if (notes != NULL && *notes != '\0' && sealed_put(db,
	    consultancy_sql[C_SEAL_NOTES], "institution_consultation",
	    "notes", *id, notes) == -1)
		return -1;
	return 0;
}

static int
create_write(struct db *db, void *arg, struct err *e)
{
	struct cons_job		*j = arg;
	struct audit_entry	 au = { j->by, "consultancy.create",
				    "institution_consultation", 0, "ok",
				    NULL };

	(void)e;
	if (consultancy_insert(db, &j->d, j->notes, j->by, &j->id) == -1)
		return -1;
	au.object_id = j->id;
	au.detail = j->d.kind;
	return audit_append(db, &au);
}

static int
update_write(struct db *db, void *arg, struct err *e)
{
	struct cons_job		*j = arg;
	struct audit_entry	 au = { j->by, "consultancy.update",
				    "institution_consultation", j->id, "ok",
				    NULL };
	struct db_stmt		*st;
	int64_t			 v;
	int			 n;

	(void)e;
	if ((st = db_prepare(db, consultancy_sql[C_UPDATE])) == NULL)
		return -1;
	n = bind_doc(st, 1, &j->d);
	db_bind_i64(st, n++, clock_now());
	db_bind_i64(st, n++, j->id);
	db_bind_i64(st, n, j->version);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	if (j->set_notes && sealed_put(db, consultancy_sql[C_SEAL_NOTES],
	    "institution_consultation", "notes", j->id, j->notes != NULL &&
	    *j->notes != '\0' ? j->notes : NULL) == -1)
		return -1;
	return audit_append(db, &au);
}

/* ---- Reading. */

static json_t *
refs_json(const char *csv)
{
	json_t		*a = json_array();
	const char	*p = csv, *c;

	while (p != NULL && *p != '\0') {
		c = strchr(p, ',');
		json_array_append_new(a, json_stringn(p, c != NULL ?
		    (size_t)(c - p) : strlen(p)));
		p = c != NULL ? c + 1 : NULL;
	}
	return a;
}

/* The consultation of the current row (new); NULL when notes fail. */
static json_t *
row_json(struct db *db, struct db_stmt *st, bool with_notes)
{
	json_t	*o;
	char	*notes = NULL;
	int64_t	 id = db_col_i64(st, K_ID);

	if (with_notes && sealed_get(db, st, K_NOTES,
	    "institution_consultation", "notes", id, &notes) == -1)
		return NULL;
	o = json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:I, "
	    "s:o, s:o, s:I, s:o, s:o}",
	    "id", (json_int_t)id,
	    "organisation", db_col_null(st, K_ORG) ? json_null() :
	    json_pack("{s:I, s:s}", "id", (json_int_t)db_col_i64(st, K_ORG),
	    "name", db_col_text(st, K_ORG_NAME)),
	    "institution_name", str_or_null(db_col_text(st, K_NAME)),
	    "institution_kind", db_col_text(st, K_INST_KIND),
	    "kind", db_col_text(st, K_KIND),
	    "topic", db_col_text(st, K_TOPIC),
	    "format", db_col_text(st, K_FORMAT),
	    "held_on", db_col_text(st, K_HELD_ON),
	    "duration_minutes", db_col_null(st, K_DURATION) ? json_null() :
	    json_integer(db_col_i64(st, K_DURATION)),
	    "participants", (json_int_t)db_col_i64(st, K_PARTICIPANTS),
	    "case_refs", refs_json(db_col_text(st, K_REFS)),
	    "held_by", user_json(db_col_i64(st, K_BY), db_col_text(st,
	    K_BY_NAME)),
	    "version", (json_int_t)db_col_i64(st, K_VERSION),
	    "created_at", hotline_time_json(db_col_i64(st, K_CREATED)),
	    "updated_at", hotline_time_json(db_col_i64(st, K_UPDATED)));
	if (o != NULL && with_notes)
		json_object_set_new(o, "notes", str_or_null(notes));
	wipe_free(notes);
	return o;
}

/* Load consultation id, or answer 404 or the error: -1 when answered. */
static int
load_or_answer(struct req *r, struct db *db, int64_t id, bool with_notes,
    json_t **out)
{
	return req_load(r, db, consultancy_sql[C_GET], id, row_json, with_notes,
	    "There is no such consultation.", out);
}

static int
answer_one(struct req *r, struct db *db, int64_t id, int status)
{
	json_t	*o;

	if (load_or_answer(r, db, id, true, &o) == -1)
		return -1;
	return req_json(r, status, json_pack("{s:o}", "consultation", o));
}

/* ---- Routes. */

static int
api_consultancy_create(struct req *r)
{
	struct cons_job	 j;
	struct err	 e;
	struct db	*db;

	pthread_once(&fields_once, fields_init);
	if (req_check(r, create_fields) == -1 || (db = req_db(r)) == NULL)
		return -1;
	memset(&j, 0, sizeof(j));
	if (doc_check(r, db, r->json, &j.d) == -1)
		return -1;
	j.by = r->user_id;
	j.notes = jv_str(r->json, "notes");
	if (dbpool_write(http_pool(r), create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	return answer_one(r, db, j.id, 201);
}

static int
api_consultancy_get(struct req *r)
{
	struct db	*db;
	int64_t		 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL)
		return -1;
	if (answer_one(r, db, id, 200) == -1)
		return -1;
	auth_audit(r, "consultancy.read", "institution_consultation", id,
	    "ok", NULL);
	return 0;
}

/* The stored consultation as a create body, for a correction. */
static json_t *
stored_doc(const json_t *o)
{
	json_t	*d = json_object();
	size_t	 i;
	static const char *const same[] = { "institution_name",
		"institution_kind", "kind", "topic", "format", "held_on",
		"duration_minutes", "participants", "case_refs" };

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		json_object_set(d, same[i], json_object_get(o, same[i]));
	json_object_set(d, "organisation_id", json_object_get(
	    json_object_get(o, "organisation"), "id"));
	json_object_set(d, "held_by_id", json_object_get(json_object_get(o,
	    "held_by"), "id"));
	return d;
}

static int
api_consultancy_update(struct req *r)
{
	struct cons_job	 j;
	struct err	 e;
	struct db	*db;
	json_t		*old, *doc, *v;
	const char	*key;
	int64_t		 id, version;
	int		 rc;

	pthread_once(&fields_once, fields_init);
	if (!path_int(r, "id", &id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if (load_or_answer(r, db, id, false, &old) == -1)
		return -1;
	version = jv_int(old, "version", 0);
	doc = stored_doc(old);
	json_decref(old);
	if (version != jv_int(r->json, "version", 0)) {
		json_decref(doc);
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this consultation meanwhile: reload it.");
	}
	json_object_foreach(r->json, key, v)
		if (strcmp(key, "version") != 0 && strcmp(key, "notes") != 0)
			json_object_set(doc, key, v);
	/* Choosing an organisation anew: its kind unless one is given. */
	if (json_object_get(r->json, "organisation_id") != NULL &&
	    json_object_get(r->json, "institution_kind") == NULL &&
	    !json_is_null(json_object_get(r->json, "organisation_id")))
		json_object_del(doc, "institution_kind");
	memset(&j, 0, sizeof(j));
	rc = doc_check(r, db, doc, &j.d);
	if (rc == 0) {
		j.id = id;
		j.by = r->user_id;
		j.version = version;
		j.set_notes = json_object_get(r->json, "notes") != NULL;
		j.notes = jv_str(r->json, "notes");
		if (dbpool_write(http_pool(r), update_write, &j, &e) == -1)
			rc = req_dberror(r, &e);
	}
	json_decref(doc);	/* j.d borrowed its strings until here */
	if (rc == -1)
		return -1;
	if (j.rc == 0)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this consultation meanwhile: reload it.");
	return answer_one(r, db, id, 200);
}

/* The period of ?from= and ?to= (dates, both included); -1 answered. */
static int
query_period(struct req *r, const char **from, const char **to)
{
	struct cal_date	 d;

	*from = req_query(r, "from");
	*to = req_query(r, "to");
	if (*from == NULL || **from == '\0')
		*from = "0000-01-01";
	else if (date_parse(*from, &d) == -1)
		return req_error(r, API_EINVALID, "from", "from is a date, "
		    "YYYY-MM-DD.");
	if (*to == NULL || **to == '\0')
		*to = "9999-12-31";
	else if (date_parse(*to, &d) == -1)
		return req_error(r, API_EINVALID, "to", "to is a date, "
		    "YYYY-MM-DD.");
	return 0;
}

static int
query_code(struct req *r, const char *name, enum hotline_enum e,
    const char **out)
{
	*out = req_query(r, name);
	if (*out == NULL)
		*out = "";
	if (**out != '\0' && enum_index(e, *out) < 0)
		return req_error(r, API_EINVALID, name, "Not one of the "
		    "allowed values.");
	return 0;
}

static int
api_consultancy_list(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	enum db_step_rc	 rc;
	const char	*from, *to, *kind, *topic, *s, *dot;
	const char	*cday = "9999-12-31";
	char		 day[11], last_day[11] = "", cursor[32];
	int64_t		 org = 0, limit = PAGE_DEFAULT, cid = INT64_MAX, n = 0;
	int64_t		 last_id = 0;
	json_t		*list, *o;
	bool		 more = false;

	if (query_period(r, &from, &to) == -1 || query_code(r, "kind",
	    ENUM_CONSULTANCY_KIND, &kind) == -1 || query_code(r, "topic",
	    ENUM_CONSULTANCY_TOPIC, &topic) == -1)
		return -1;
	if ((s = req_query(r, "organisation_id")) != NULL && *s != '\0' &&
	    !valid_i64(s, strlen(s), 1, INT64_MAX, &org))
		return req_error(r, API_EINVALID, "organisation_id", "An "
		    "organisation's id.");
	if ((s = req_query(r, "limit")) != NULL && *s != '\0' &&
	    !valid_i64(s, strlen(s), 1, PAGE_MAX, &limit))
		return req_error(r, API_EINVALID, "limit", "1 to 200.");
	/* The keyset cursor "YYYY-MM-DD.ID" of the last row shown. */
	if ((s = req_query(r, "cursor")) != NULL && *s != '\0') {
		struct cal_date	 d;

		dot = strchr(s, '.');
		if (dot == NULL || dot - s != 10 ||
		    (snprintf(day, sizeof(day), "%.10s", s),
		    date_parse(day, &d) == -1) ||
		    !valid_i64(dot + 1, strlen(dot + 1), 1, INT64_MAX, &cid))
			return req_error(r, API_EINVALID, "cursor", "Not a "
			    "cursor of this list: start again without it.");
		cday = day;
	}
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, consultancy_sql[C_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_str(st, 1, from);
	db_bind_str(st, 2, to);
	db_bind_str(st, 3, kind);
	db_bind_str(st, 4, kind);
	db_bind_str(st, 5, topic);
	db_bind_str(st, 6, topic);
	db_bind_i64(st, 7, org);
	db_bind_i64(st, 8, org);
	db_bind_str(st, 9, cday);
	db_bind_str(st, 10, cday);
	db_bind_i64(st, 11, cid);
	db_bind_i64(st, 12, limit + 1);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {
			more = true;
			break;
		}
		if ((o = row_json(db, st, false)) == NULL) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(list, o);
		snprintf(last_day, sizeof(last_day), "%s", db_col_text(st,
		    K_HELD_ON));
		last_id = db_col_i64(st, K_ID);
		n++;
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	snprintf(cursor, sizeof(cursor), "%s.%" PRId64, last_day, last_id);
	return req_json(r, 200, json_pack("{s:o, s:o}", "consultations", list,
	    "next_cursor", more ? json_string(cursor) : json_null()));
}

static void
count(json_t *counts, const char *key)
{
	json_t	*v = json_object_get(counts, key);

	json_object_set_new(counts, key, json_integer(v != NULL ?
	    json_integer_value(v) + 1 : 1));
}

static int
api_consultancy_summary(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	enum db_step_rc	 rc;
	const char	*from, *to;
	int64_t		 total = 0, people = 0, minutes = 0;
	json_t		*kind, *topic, *format, *inst;

	if (query_period(r, &from, &to) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, consultancy_sql[C_SUMMARY])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_str(st, 1, from);
	db_bind_str(st, 2, to);
	kind = json_object();
	topic = json_object();
	format = json_object();
	inst = json_object();
	while ((rc = db_step(st)) == DB_ROW) {
		total++;
		count(kind, db_col_text(st, 0));
		count(topic, db_col_text(st, 1));
		count(format, db_col_text(st, 2));
		count(inst, db_col_text(st, 3));
		people += db_col_i64(st, 4);
		minutes += db_col_i64(st, 5);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(kind);
		json_decref(topic);
		json_decref(format);
		json_decref(inst);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:{s:o, s:o}, s:I, s:I, s:I, "
	    "s:o, s:o, s:o, s:o}", "period", "from", str_or_null(req_query(r,
	    "from")), "to", str_or_null(req_query(r, "to")), "total",
	    (json_int_t)total, "participants", (json_int_t)people,
	    "duration_minutes", (json_int_t)minutes, "by_kind", kind,
	    "by_topic", topic, "by_format", format, "by_institution_kind",
	    inst));
}

const struct route consultancy_routes[] = {
	{ HTTP_GET, "/api/v1/consultancy", "consultancy.list",
	  api_consultancy_list, PERM_CONTACTS, 0 },
	{ HTTP_POST, "/api/v1/consultancy", "consultancy.create",
	  api_consultancy_create, PERM_CONTACTS, CONSULTANCY_BODY_MAX },
	{ HTTP_GET, "/api/v1/consultancy/summary", "consultancy.summary",
	  api_consultancy_summary, PERM_CONTACTS, 0 },
	{ HTTP_GET, "/api/v1/consultancy/{id:int}", "consultancy.get",
	  api_consultancy_get, PERM_CONTACTS, 0 },
	{ HTTP_PATCH, "/api/v1/consultancy/{id:int}", "consultancy.update",
	  api_consultancy_update, PERM_CONTACTS, CONSULTANCY_BODY_MAX },
};
const size_t consultancy_nroutes = sizeof(consultancy_routes) /
    sizeof(consultancy_routes[0]);
