/*
 * The case file routes: open a case (from a contact too), read it with its
 * pathway, legal track and open tasks (audited), correct it, move it along
 * its lifecycle (cases/lifecycle.h: no jumps, audited), seal and unseal it.
 * The register and its searches are register_api.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "cases/lifecycle.h"
#include "hotline/contact.h"
#include "hotline/desk.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"

#define CASE_BODY_MAX	(16 * 1024)
#define COUNTRIES_MAX	10
#define ACCESS_MAX	20

enum case_stmt {
	C_COUNTER_SET,
	C_COUNTER_NEW,
	C_INSERT,
	C_GET,
	C_ACCESS,
	C_ACCESS_CLEAR,
	C_ACCESS_ADD,
	C_UPDATE,
	C_STATUS,
	C_SEAL,
	C_PERSON_OK,
	C_CONTACT_LINK,
	C__MAX
};

static const char *const case_sql[C__MAX] = {
	[C_COUNTER_SET] = "UPDATE case_counter SET last = last + 1 "
	    "WHERE year = ? RETURNING last",
	[C_COUNTER_NEW] = "INSERT INTO case_counter (year, last) VALUES (?, 1)",
	[C_INSERT] = "INSERT INTO case_file (year, number, person_id, status, "
	    "forms, origin, transit, exploitation, urgent, key_consultant_id, "
	    "sealed, opened_at, version, created_by, created_at, updated_at) "
	    "VALUES (?, ?, ?, 'preliminary_verification', ?, ?, ?, ?, ?, ?, "
	    "0, ?, 1, ?, ?, ?) RETURNING id",
	[C_GET] = "SELECT c.id, c.year, c.number, c.person_id, p.pseudonym, "
	    "p.minor, p.citizenship, p.sex, c.status, c.status_before_close, "
	    "c.close_reason, c.forms, c.origin, c.transit, c.exploitation, "
	    "c.urgent, c.key_consultant_id, u.username, c.sealed, "
	    "c.opened_at, c.closed_at, c.version, c.created_at, c.updated_at, "
	    "c.risk_level FROM case_file c JOIN person p ON p.id = c.person_id "
	    "LEFT JOIN app_user u ON u.id = c.key_consultant_id "
	    "WHERE c.id = ?",
	[C_ACCESS] = "SELECT a.user_id, u.username FROM case_access a "
	    "JOIN app_user u ON u.id = a.user_id WHERE a.case_id = ? "
	    "ORDER BY u.username",
	[C_ACCESS_CLEAR] = "DELETE FROM case_access WHERE case_id = ?",
	[C_ACCESS_ADD] = "INSERT INTO case_access (case_id, user_id) "
	    "VALUES (?, ?) ON CONFLICT DO NOTHING",
	[C_UPDATE] = "UPDATE case_file SET forms = ?, origin = ?, transit = ?, "
	    "exploitation = ?, urgent = ?, key_consultant_id = ?, "
	    "version = version + 1, updated_at = ? "
	    "WHERE id = ? AND version = ? RETURNING version",
	[C_STATUS] = "UPDATE case_file SET status = ?, status_before_close = ?, "
	    "close_reason = ?, closed_at = ?, version = version + 1, "
	    "updated_at = ? WHERE id = ? AND version = ? RETURNING version",
	[C_SEAL] = "UPDATE case_file SET sealed = ?, version = version + 1, "
	    "updated_at = ? WHERE id = ? RETURNING version",
	[C_PERSON_OK] = "SELECT count(*) FROM person WHERE id = ? "
	    "AND merged_into IS NULL",
	[C_CONTACT_LINK] = "UPDATE contact SET case_id = ?, person_id = ? "
	    "WHERE id = ? RETURNING id",
};

/* ---- Field tables. */

static struct jv_field	country_item = { "", JV_STRING, false, false, 2, 2,
			    0, 0, NULL, NULL, NULL };
static struct jv_field	form_item = { "", JV_STRING, false, false, 1, 32,
			    0, 0, NULL, NULL, NULL };
static const struct jv_field countries_members[] = {
	{ "origin", JV_ARRAY, false, false, 0, COUNTRIES_MAX, 0, 0, NULL,
	  &country_item, NULL },
	{ "transit", JV_ARRAY, false, false, 0, COUNTRIES_MAX, 0, 0, NULL,
	  &country_item, NULL },
	{ "exploitation", JV_ARRAY, false, false, 0, COUNTRIES_MAX, 0, 0, NULL,
	  &country_item, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

enum {
	CF_PERSON, CF_CONTACT, CF_FORMS, CF_COUNTRIES, CF_URGENT, CF_KEY,
	CF_VERSION, CF__MAX
};
static struct jv_field	create_fields[CF__MAX];
static struct jv_field	patch_fields[CF__MAX];
static struct jv_field	status_fields[4];
static pthread_once_t	fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	struct jv_field	 f[CF__MAX] = {
		[CF_PERSON] = { "person_id", JV_INT, true, false, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
		[CF_CONTACT] = { "contact_id", JV_INT, false, true, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
		[CF_FORMS] = { "forms", JV_ARRAY, false, false, 0, 10, 0, 0,
		    NULL, &form_item, NULL },
		[CF_COUNTRIES] = { "countries", JV_OBJECT, false, false, 0, 0,
		    0, 0, NULL, NULL, countries_members },
		[CF_URGENT] = { "urgent", JV_BOOL, false, false, 0, 0, 0, 0,
		    NULL, NULL, NULL },
		[CF_KEY] = { "key_consultant_id", JV_INT, false, true, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
		[CF_VERSION] = { "version", JV_INT, true, false, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
	};
	int	 i, n = 0;

	form_item.oneof = enum_codes(ENUM_EXPLOITATION);
	for (i = 0; i < CF_VERSION; i++)
		create_fields[i] = f[i];
	create_fields[CF_VERSION].name = NULL;
	for (i = CF_FORMS; i <= CF_VERSION; i++)
		patch_fields[n++] = f[i];
	patch_fields[n].name = NULL;
	status_fields[0] = (struct jv_field){ "status", JV_STRING, true, false,
	    1, 32, 0, 0, enum_codes(ENUM_CASE_STATUS), NULL, NULL };
	status_fields[1] = (struct jv_field){ "close_reason", JV_STRING, false,
	    true, 1, 32, 0, 0, enum_codes(ENUM_CLOSE_REASON), NULL, NULL };
	status_fields[2] = f[CF_VERSION];
	status_fields[3].name = NULL;
}

/* ---- The case as stored. */

struct case_body {
	int64_t		 forms;
	char		 origin[COUNTRIES_MAX * 3 + 1];
	char		 transit[COUNTRIES_MAX * 3 + 1];
	char		 exploitation[COUNTRIES_MAX * 3 + 1];
	bool		 urgent;
	int64_t		 key_id;
};

json_t *
forms_json(int64_t forms)
{
	json_t	*a = json_array();
	int	 i;

	for (i = 0; enum_defs[ENUM_EXPLOITATION].values[i].code != NULL; i++)
		if (forms & (1 << i))
			json_array_append_new(a, json_string(
			    enum_defs[ENUM_EXPLOITATION].values[i].code));
	return a;
}

/* Countries of one role from the body into csv; -1 when answered. */
static int
countries_apply(struct req *r, const json_t *c, const char *role,
    char *csv, size_t n)
{
	json_t		*a = json_object_get(c, role), *v;
	const char	*s;
	char		 field[40];
	size_t		 i, at = 0;

	if (a == NULL)
		return 0;
	csv[0] = '\0';
	json_array_foreach(a, i, v) {
		s = json_string_value(v);
		if (s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z') {
			snprintf(field, sizeof(field), "countries.%s", role);
			return req_error(r, API_EINVALID, field, "Countries "
			    "are ISO 3166 codes in capitals (PL, UA).");
		}
		at += (size_t)snprintf(csv + at, n - at, "%s%s", at ? "," : "",
		    s);
	}
	return 0;
}

/*
 * Apply a create or patch body to b; only coordinators choose the key
 * consultant.  -1 when answered.
 */
static int
body_apply(struct req *r, struct db *db, const json_t *o,
    struct case_body *b)
{
	const struct principal	*p = auth_principal(r);
	json_t			*v, *c;
	size_t			 i;
	int			 ok;

	if ((v = json_object_get(o, "forms")) != NULL) {
		b->forms = 0;
		json_array_foreach(v, i, c)
			b->forms |= 1 << enum_index(ENUM_EXPLOITATION,
			    json_string_value(c));
	}
	if ((c = json_object_get(o, "countries")) != NULL &&
	    (countries_apply(r, c, "origin", b->origin,
	    sizeof(b->origin)) == -1 ||
	    countries_apply(r, c, "transit", b->transit,
	    sizeof(b->transit)) == -1 ||
	    countries_apply(r, c, "exploitation", b->exploitation,
	    sizeof(b->exploitation)) == -1))
		return -1;
	if (json_object_get(o, "urgent") != NULL)
		b->urgent = jv_bool(o, "urgent", false);
	if ((v = json_object_get(o, "key_consultant_id")) != NULL) {
		if (p->role != ROLE_COORDINATOR)
			return req_error(r, API_EFORBIDDEN,
			    "key_consultant_id", "Only a coordinator assigns "
			    "the key consultant.");
		b->key_id = json_is_integer(v) ? json_integer_value(v) : 0;
		if (b->key_id != 0) {
			if ((ok = staff_is(db, b->key_id)) == -1)
				return req_dberror(r, db_err(db));
			if (!ok)
				return req_error(r, API_EINVALID,
				    "key_consultant_id", "The key consultant "
				    "must be an enabled consultant or "
				    "coordinator.");
		}
	}
	return 0;
}

/* The whole case as the case page shows it. */
static int
case_load(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt	*st;
	json_t		*o, *access, *pathway = NULL, *missing = NULL,
			*legal = NULL;
	char		 ref[REFERENCE_MAX];
	enum db_step_rc	 rc;
	bool		 minor;

	*out = NULL;
	if ((st = db_prepare(db, case_sql[C_GET])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	case_reference(db_col_i64(st, 1), db_col_i64(st, 2), ref);
	minor = db_col_i64(st, 5) != 0;
	o = json_pack("{s:I, s:s, s:{s:I, s:s, s:b, s:o, s:s}, s:s, s:o, "
	    "s:o, s:o, s:{s:o, s:o, s:o}, s:b, s:o, s:b, s:o, s:o, s:I, s:o, "
	    "s:o}",
	    "id", (json_int_t)id, "reference", ref,
	    "person", "id", (json_int_t)db_col_i64(st, 3), "pseudonym",
	    db_col_text(st, 4), "minor", minor, "citizenship",
	    str_or_null(db_col_text(st, 6)), "sex", db_col_text(st, 7),
	    "status", db_col_text(st, 8),
	    "status_before_close", str_or_null(db_col_text(st, 9)),
	    "close_reason", str_or_null(db_col_text(st, 10)),
	    "forms", forms_json(db_col_i64(st, 11)),
	    "countries", "origin", csv_json(db_col_text(st, 12)),
	    "transit", csv_json(db_col_text(st, 13)),
	    "exploitation", csv_json(db_col_text(st, 14)),
	    "urgent", db_col_i64(st, 15) != 0,
	    "key_consultant", user_json(db_col_i64(st, 16),
	    db_col_text(st, 17)),
	    "sealed", db_col_i64(st, 18) != 0,
	    "opened_at", hotline_time_json(db_col_i64(st, 19)),
	    "closed_at", hotline_time_json(db_col_i64(st, 20)),
	    "version", (json_int_t)db_col_i64(st, 21),
	    "created_at", hotline_time_json(db_col_i64(st, 22)),
	    "updated_at", hotline_time_json(db_col_i64(st, 23)));
	if (o != NULL)
		json_object_set_new(o, "risk_level",
		    str_or_null(db_col_text(st, 24)));
	db_reset(st);
	if (o == NULL)
		return -1;
	access = json_array();
	json_object_set_new(o, "access", access);
	if ((st = db_prepare(db, case_sql[C_ACCESS])) == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(access, user_json(db_col_i64(st, 0),
		    db_col_text(st, 1)));
	db_reset(st);
	if (rc == DB_ERROR || pathway_load(db, id, &pathway, &missing) == -1 ||
	    legal_load(db, id, minor, &legal) == -1)
		goto fail;
	json_object_set_new(o, "pathway", pathway);
	json_object_set_new(o, "missing", missing);
	json_object_set_new(o, "legal", legal);
	*out = o;
	return 1;
fail:
	json_decref(pathway);
	json_decref(missing);
	json_decref(o);
	return -1;
}

/* Answer with the case (and its open tasks). */
static int
case_answer(struct req *r, struct db *db, int64_t id, int status)
{
	json_t	*o, *tasks;
	int	 rc;

	if ((rc = case_load(db, id, &o)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	tasks = json_array();
	json_object_set_new(o, "tasks", tasks);
	if (task_rows(r, db, id, 0, true, tasks) == -1) {
		json_decref(o);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, status, json_pack("{s:o}", "case", o));
}

/* ---- Routes. */

int
case_insert(struct db *db, const struct case_new *c, int64_t *id)
{
	struct db_stmt	*st;
	int64_t		 number, now = clock_now(), got;
	int		 rc;

	/* The year's next number: a counter row, never reused. */
	if ((st = db_prepare(db, case_sql[C_COUNTER_SET])) == NULL)
		return -1;
	db_bind_i64(st, 1, c->year);
	if ((rc = db_one_i64(st, &number)) == -1)
		return -1;
	if (rc == 0) {
		if ((st = db_prepare(db, case_sql[C_COUNTER_NEW])) == NULL)
			return -1;
		db_bind_i64(st, 1, c->year);
		if (db_done(st) == -1)
			return -1;
		number = 1;
	}
	if ((st = db_prepare(db, case_sql[C_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, c->year);
	db_bind_i64(st, 2, number);
	db_bind_i64(st, 3, c->person_id);
	db_bind_i64(st, 4, c->forms);
	db_bind_str(st, 5, c->origin);
	db_bind_str(st, 6, c->transit);
	db_bind_str(st, 7, c->exploitation);
	db_bind_i64(st, 8, c->urgent);
	if (c->key_id != 0)
		db_bind_i64(st, 9, c->key_id);
	else
		db_bind_null(st, 9);
	db_bind_i64(st, 10, now);
	db_bind_i64(st, 11, c->by);
	db_bind_i64(st, 12, now);
	db_bind_i64(st, 13, now);
	if (db_one_i64(st, id) != 1)
		return -1;
	if (case_event_add(db, *id, c->by, "opened", c->contact_id,
	    c->contact_id != 0 ? "Case opened from a contact" :
	    "Case opened") == -1)
		return -1;
	if (c->contact_id == 0)
		return 0;
	if ((st = db_prepare(db, case_sql[C_CONTACT_LINK])) == NULL)
		return -1;
	db_bind_i64(st, 1, *id);
	db_bind_i64(st, 2, c->person_id);
	db_bind_i64(st, 3, c->contact_id);
	if ((rc = db_one_i64(st, &got)) != 1) {
		if (rc == 0)
			db_fail(db, ERR_INVALID, "no contact %lld",
			    (long long)c->contact_id);
		return -1;
	}
	return 0;	/* the time line lists the case's contacts itself */
}

struct create_job {
	struct case_new	 c;
	int64_t		 id;
};

static int
create_write(struct db *db, void *arg, struct err *e)
{
	struct create_job	*j = arg;
	struct audit_entry	 au = { j->c.by, "case.create", "case", 0, "ok",
				    NULL };

	(void)e;
	if (case_insert(db, &j->c, &j->id) == -1)
		return -1;
	au.object_id = j->id;
	return audit_append(db, &au);
}

static int
person_usable(struct req *r, struct db *db, int64_t id)
{
	struct db_stmt	*st;
	int64_t		 n = 0;

	if ((st = db_prepare(db, case_sql[C_PERSON_OK])) == NULL ||
	    (db_bind_i64(st, 1, id), db_one_i64(st, &n)) == -1)
		return req_dberror(r, db_err(db));
	if (n == 0)
		return req_error(r, API_EINVALID, "person_id", "person_id must "
		    "be a person who was not merged into another.");
	return 0;
}

static int
api_case_create(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct case_body	 b;
	struct create_job	 j;
	struct contact		 c;
	struct err		 e;
	struct db		*db;
	int			 found;

	pthread_once(&fields_once, fields_init);
	if (req_check(r, create_fields) == -1 || (db = req_db(r)) == NULL)
		return -1;
	memset(&b, 0, sizeof(b));
	if (p->role == ROLE_CONSULTANT)
		b.key_id = p->user_id;
	memset(&j, 0, sizeof(j));
	j.c.person_id = jv_int(r->json, "person_id", 0);
	j.c.contact_id = jv_int(r->json, "contact_id", 0);
	if (person_usable(r, db, j.c.person_id) == -1 ||
	    body_apply(r, db, r->json, &b) == -1)
		return -1;
	if (j.c.contact_id != 0) {
		if ((found = contact_get(db, j.c.contact_id, false, &c)) == -1)
			return req_dberror(r, db_err(db));
		if (found == 0)
			return req_error(r, API_EINVALID, "contact_id",
			    "contact_id must be a logged contact.");
	}
	j.c.forms = b.forms;
	memcpy(j.c.origin, b.origin, sizeof(j.c.origin));
	memcpy(j.c.transit, b.transit, sizeof(j.c.transit));
	memcpy(j.c.exploitation, b.exploitation, sizeof(j.c.exploitation));
	j.c.urgent = b.urgent;
	j.c.key_id = b.key_id;
	j.c.by = p->user_id;
	j.c.year = cal_to_local(clock_now()).date.y;
	if (dbpool_write(http_pool(r), create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	return case_answer(r, db, j.id, 201);
}

static int
api_case_get(struct req *r)
{
	struct case_head	 h;
	struct db		*db;
	int64_t			 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    case_open(r, db, id, &h) == -1)
		return -1;
	auth_audit(r, "case.read", "case", id, "ok", NULL);
	return case_answer(r, db, id, 200);
}

struct update_job {
	struct case_body	*b;
	int64_t			 id, version, by;
	const char		*text;
	int			 rc;
};

static int
update_write(struct db *db, void *arg, struct err *e)
{
	struct update_job	*j = arg;
	struct audit_entry	 au = { j->by, "case.update", "case", j->id,
				    "ok", NULL };
	struct db_stmt		*st;
	int64_t			 v;

	(void)e;
	if ((st = db_prepare(db, case_sql[C_UPDATE])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->b->forms);
	db_bind_str(st, 2, j->b->origin);
	db_bind_str(st, 3, j->b->transit);
	db_bind_str(st, 4, j->b->exploitation);
	db_bind_i64(st, 5, j->b->urgent);
	if (j->b->key_id != 0)
		db_bind_i64(st, 6, j->b->key_id);
	else
		db_bind_null(st, 6);
	db_bind_i64(st, 7, clock_now());
	db_bind_i64(st, 8, j->id);
	db_bind_i64(st, 9, j->version);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	if (case_event_add(db, j->id, j->by, "updated", 0, j->text) == -1)
		return -1;
	return audit_append(db, &au);
}

/* The stored body of a loaded case. */
static void
body_from(const json_t *o, struct case_body *b)
{
	json_t		*v, *c = json_object_get(o, "countries");
	size_t		 i;
	const char	*roles[3] = { "origin", "transit", "exploitation" };
	char		*dst[3] = { b->origin, b->transit, b->exploitation };
	size_t		 k, at;

	memset(b, 0, sizeof(*b));
	json_array_foreach(json_object_get(o, "forms"), i, v)
		b->forms |= 1 << enum_index(ENUM_EXPLOITATION,
		    json_string_value(v));
	for (k = 0; k < 3; k++) {
		at = 0;
		json_array_foreach(json_object_get(c, roles[k]), i, v)
			at += (size_t)snprintf(dst[k] + at,
			    sizeof(b->origin) - at, "%s%s", at ? "," : "",
			    json_string_value(v));
	}
	b->urgent = jv_bool(o, "urgent", false);
	b->key_id = jv_int(json_object_get(o, "key_consultant"), "id", 0);
}

static int
api_case_update(struct req *r)
{
	struct case_head	 h;
	struct case_body	 b;
	struct update_job	 j;
	struct err		 e;
	struct db		*db;
	json_t			*old;
	char			 text[160];
	const char		*key;
	json_t			*v;
	size_t			 at = 0;
	int64_t			 id;
	int			 rc;

	pthread_once(&fields_once, fields_init);
	if (!path_int(r, "id", &id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL || case_open(r, db, id, &h) == -1)
		return -1;
	if ((rc = case_load(db, id, &old)) != 1)
		return req_dberror(r, db_err(db));
	body_from(old, &b);
	json_decref(old);
	if (body_apply(r, db, r->json, &b) == -1)
		return -1;
	if (jv_int(r->json, "version", 0) != h.version)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this case meanwhile: reload it.");
	/* The time line says which fields changed, not their values. */
	at = (size_t)snprintf(text, sizeof(text), "changed:");
	json_object_foreach(r->json, key, v)
		if (strcmp(key, "version") != 0 && at < sizeof(text))
			at += (size_t)snprintf(text + at, sizeof(text) - at,
			    " %s", key);
	memset(&j, 0, sizeof(j));
	j.b = &b;
	j.id = id;
	j.version = h.version;
	j.by = r->user_id;
	j.text = text;
	if (dbpool_write(http_pool(r), update_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.rc == 0)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this case meanwhile: reload it.");
	return case_answer(r, db, id, 200);
}

struct status_job {
	int64_t		 id, version, by;
	const char	*to, *before, *reason;
	char		 detail[64];
	int		 rc;
};

int
case_status_set(struct db *db, int64_t id, int64_t version, const char *to,
    const char *before, const char *reason, int64_t by)
{
	struct db_stmt	*st;
	int64_t		 v, now = clock_now();
	bool		 closing = strcmp(to, "closed") == 0;
	char		 text[80];
	int		 rc;

	if ((st = db_prepare(db, case_sql[C_STATUS])) == NULL)
		return -1;
	db_bind_str(st, 1, to);
	db_bind_str(st, 2, closing ? before : NULL);
	db_bind_str(st, 3, closing ? reason : NULL);
	if (closing)
		db_bind_i64(st, 4, now);
	else
		db_bind_null(st, 4);
	db_bind_i64(st, 5, now);
	db_bind_i64(st, 6, id);
	db_bind_i64(st, 7, version);
	if ((rc = db_one_i64(st, &v)) != 1)
		return rc;
	snprintf(text, sizeof(text), "%s>%s%s%s", before, to,
	    closing ? ": " : "", closing ? reason : "");
	return case_event_add(db, id, by, "status", 0, text) == -1 ? -1 : 1;
}

static int
status_write(struct db *db, void *arg, struct err *e)
{
	struct status_job	*j = arg;
	struct audit_entry	 au = { j->by, "case.status", "case", j->id,
				    "ok", j->detail };

	(void)e;
	if ((j->rc = case_status_set(db, j->id, j->version, j->to, j->before,
	    j->reason, j->by)) != 1)
		return j->rc == 0 ? 0 : -1;
	return audit_append(db, &au);
}

static int
api_case_status(struct req *r)
{
	struct case_head	 h;
	struct status_job	 j;
	struct err		 e;
	struct db		*db;
	json_t			*old;
	enum case_status	 from, to, before = CASE_STATUS__MAX;
	enum case_close_reason	 why;
	const char		*reason, *b;
	int64_t			 id;

	pthread_once(&fields_once, fields_init);
	if (!path_int(r, "id", &id) || req_check(r, status_fields) == -1 ||
	    (db = req_db(r)) == NULL || case_open(r, db, id, &h) == -1)
		return -1;
	if (case_status_parse(h.status, &from) == -1 ||
	    case_status_parse(jv_str(r->json, "status"), &to) == -1)
		return req_error(r, API_EINVALID, "status", "Unknown status.");
	if (from == CASE_CLOSED) {
		if (case_load(db, id, &old) != 1)
			return req_dberror(r, db_err(db));
		b = jv_str(old, "status_before_close");
		if (b == NULL || case_status_parse(b, &before) == -1)
			before = CASE_STATUS__MAX;
		json_decref(old);
	}
	if (!case_transition_ok(from, to, before)) {
		char	 msg[160];

		snprintf(msg, sizeof(msg), "A case cannot go from %s to %s.",
		    case_status_code(from), case_status_code(to));
		return req_error(r, API_EINVALID, "status", msg);
	}
	reason = jv_str(r->json, "close_reason");
	if (to == CASE_CLOSED && (reason == NULL ||
	    case_close_reason_parse(reason, &why) == -1))
		return req_error(r, API_EINVALID, "close_reason", "Closing a "
		    "case needs a reason.");
	if (to != CASE_CLOSED && reason != NULL)
		return req_error(r, API_EINVALID, "close_reason", "Only a "
		    "closing has a reason.");
	if (jv_int(r->json, "version", 0) != h.version)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this case meanwhile: reload it.");
	memset(&j, 0, sizeof(j));
	j.id = id;
	j.version = h.version;
	j.by = r->user_id;
	j.to = case_status_code(to);
	j.before = case_status_code(from);
	j.reason = reason;
	snprintf(j.detail, sizeof(j.detail), "%s>%s", case_status_code(from),
	    case_status_code(to));
	if (dbpool_write(http_pool(r), status_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.rc == 0)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this case meanwhile: reload it.");
	return case_answer(r, db, id, 200);
}

struct seal_job {
	int64_t		 id, by;
	bool		 seal;
	int64_t		 access[ACCESS_MAX];
	size_t		 naccess;
	int		 rc;
};

static int
seal_write(struct db *db, void *arg, struct err *e)
{
	struct seal_job		*j = arg;
	struct audit_entry	 au = { j->by, j->seal ? "case.seal" :
				    "case.unseal", "case", j->id, "ok", NULL };
	struct db_stmt		*st;
	int64_t			 v;
	size_t			 i;

	(void)e;
	if ((st = db_prepare(db, case_sql[C_SEAL])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->seal);
	db_bind_i64(st, 2, clock_now());
	db_bind_i64(st, 3, j->id);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	if ((st = db_prepare(db, case_sql[C_ACCESS_CLEAR])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->id);
	if (db_done(st) == -1)
		return -1;
	for (i = 0; i < j->naccess; i++) {
		if ((st = db_prepare(db, case_sql[C_ACCESS_ADD])) == NULL)
			return -1;
		db_bind_i64(st, 1, j->id);
		db_bind_i64(st, 2, j->access[i]);
		if (db_done(st) == -1)
			return -1;
	}
	if (case_event_add(db, j->id, j->by, j->seal ? "sealed" : "unsealed",
	    0, j->seal ? "Case sealed" : "Case unsealed") == -1)
		return -1;
	return audit_append(db, &au);
}

static struct jv_field	access_item = { "", JV_INT, false, false, 0, 0, 1,
			    INT64_MAX, NULL, NULL, NULL };
static const struct jv_field seal_fields[] = {
	{ "access", JV_ARRAY, true, false, 0, ACCESS_MAX, 0, 0, NULL,
	  &access_item, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static const struct jv_field empty_fields[] = {
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static int
api_case_seal(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct case_head	 h;
	struct seal_job		 j;
	struct err		 e;
	struct db		*db;
	json_t			*v;
	size_t			 i;
	int			 ok;
	bool			 named;

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.id) || req_check(r, seal_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	/*
	 * A coordinator may name who sees a sealed case without being named:
	 * they could unseal it anyway, and both are audited.
	 */
	if (p->role == ROLE_COORDINATOR) {
		if ((ok = case_head_get(db, j.id, &h)) == -1)
			return req_dberror(r, db_err(db));
		if (ok == 0)
			return req_error(r, API_ENOTFOUND, NULL, NULL);
	} else if (case_open(r, db, j.id, &h) == -1)
		return -1;
	if (p->role != ROLE_COORDINATOR && h.key_consultant_id != p->user_id) {
		auth_audit(r, "case.seal", "case", j.id, "denied", NULL);
		return req_error(r, API_EFORBIDDEN, NULL, "Only the key "
		    "consultant or a coordinator seals a case.");
	}
	json_array_foreach(json_object_get(r->json, "access"), i, v) {
		j.access[j.naccess] = json_integer_value(v);
		if ((ok = staff_is(db, j.access[j.naccess])) == -1)
			return req_dberror(r, db_err(db));
		if (!ok)
			return req_error(r, API_EINVALID, "access", "Each "
			    "named person must be an enabled consultant or "
			    "coordinator.");
		j.naccess++;
	}
	j.seal = true;
	j.by = p->user_id;
	if (dbpool_write(http_pool(r), seal_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (case_named(db, j.id, h.key_consultant_id, p->user_id, &named) ==
	    -1)
		return req_dberror(r, db_err(db));
	if (!named)	/* a coordinator who did not name themselves */
		return req_json(r, 200, json_pack("{s:{s:I, s:s, s:b, s:b}}",
		    "case", "id", (json_int_t)j.id, "reference", h.reference,
		    "sealed", 1, "restricted", 1));
	return case_answer(r, db, j.id, 200);
}

static int
api_case_unseal(struct req *r)
{
	struct seal_job	 j;
	struct err	 e;
	struct db	*db;

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.id) || req_check(r, empty_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	j.seal = false;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), seal_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	return case_answer(r, db, j.id, 200);
}

const struct route case_routes[] = {
	{ HTTP_POST, "/api/v1/cases", "cases.create", api_case_create,
	  PERM_CASES, CASE_BODY_MAX },
	{ HTTP_GET, "/api/v1/cases/{id:int}", "cases.get", api_case_get,
	  PERM_CASES, 0 },
	{ HTTP_PATCH, "/api/v1/cases/{id:int}", "cases.update",
	  api_case_update, PERM_CASES, CASE_BODY_MAX },
	{ HTTP_POST, "/api/v1/cases/{id:int}/status", "cases.status",
	  api_case_status, PERM_CASES, 1024 },
	{ HTTP_POST, "/api/v1/cases/{id:int}/seal", "cases.seal",
	  api_case_seal, PERM_CASES, 4096 },
	{ HTTP_POST, "/api/v1/cases/{id:int}/unseal", "cases.unseal",
	  api_case_unseal, PERM_CASE_ADMIN, 64 },
};
const size_t case_nroutes = sizeof(case_routes) / sizeof(case_routes[0]);
