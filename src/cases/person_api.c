/*
 * The person routes: create (with likely duplicates shown first), read
 * (the identity: audited), correct, list by pseudonym, the safe-contact
 * protocol.  The search is person_search_api.c's, merging
 * person_merge_api.c's.
 *
 * The identity and the safe-contact protocol are sealed JSON documents;
 * identity_store.c seals the identity and keeps its blind indexes.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/valid.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "cases/identity.h"
#include "cases/legal.h"
#include "hotline/enums.h"
#include "hotline/hotline.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"

#define PERSON_BODY_MAX	(64 * 1024)
#define PAGE_DEFAULT	25
#define PAGE_MAX	100

enum person_stmt {
	P_PSEUDONYM_TAKEN,
	P_INSERT,
	P_SEAL_SAFE,
	P_GET,
	P_UPDATE,
	P_MERGED,
	P_CASES,
	P_LIST,
	P_COUNT,
	P__MAX
};

#define PERSON_COLS "p.id, p.pseudonym, p.sex, p.birth_year, p.minor, " \
	"p.citizenship, p.languages, p.merged_into, m.pseudonym, p.version, " \
	"p.created_at, p.updated_at, p.identity, p.safe_contact " \
	"FROM person p LEFT JOIN person m ON m.id = p.merged_into "

static const char *const person_sql[P__MAX] = {
	[P_PSEUDONYM_TAKEN] = "SELECT count(*) FROM person WHERE pseudonym = ?",
	[P_INSERT] = "INSERT INTO person (pseudonym, sex, birth_year, minor, "
	    "citizenship, languages, version, created_by, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
	[P_SEAL_SAFE] = "UPDATE person SET safe_contact = ? WHERE id = ?",
	[P_GET] = "SELECT " PERSON_COLS "WHERE p.id = ?",
	[P_UPDATE] = "UPDATE person SET sex = ?, birth_year = ?, minor = ?, "
	    "citizenship = ?, languages = ?, version = version + 1, "
	    "updated_at = ? WHERE id = ? AND version = ? RETURNING version",
	[P_MERGED] = "SELECT id, pseudonym FROM person WHERE merged_into = ? "
	    "ORDER BY id",
	[P_CASES] = "SELECT c.id, c.year, c.number, c.status, c.sealed, "
	    "c.key_consultant_id, c.urgent, c.forms, u.username "
	    "FROM case_file c LEFT JOIN app_user u "
	    "ON u.id = c.key_consultant_id WHERE c.person_id = ? "
	    "ORDER BY c.year, c.number",
	[P_LIST] = "SELECT " PERSON_COLS "WHERE p.merged_into IS NULL "
	    "AND (CAST(? AS TEXT) = '' OR p.pseudonym LIKE ?) "
	    "ORDER BY p.id DESC LIMIT ? OFFSET ?",
	[P_COUNT] = "SELECT count(*) FROM person p WHERE p.merged_into IS NULL "
	    "AND (CAST(? AS TEXT) = '' OR p.pseudonym LIKE ?)",
};

static const char *const doc_types[] = {
	"passport", "id_card", "residence_card", "other", NULL
};

/* The field tables; oneof filled from the enumerations at first use. */
static struct jv_field	name_item = { "", JV_STRING, false, false, 1, 100,
			    0, 0, NULL, NULL, NULL };
static struct jv_field	phone_item = { "", JV_STRING, false, false, 1, 32,
			    0, 0, NULL, NULL, NULL };
static struct jv_field	email_item = { "", JV_STRING, false, false, 3, 254,
			    0, 0, NULL, NULL, NULL };
static struct jv_field	address_item = { "", JV_TEXT, false, false, 1, 300,
			    0, 0, NULL, NULL, NULL };
static struct jv_field	document_members[] = {
	{ "type", JV_STRING, true, false, 1, 32, 0, 0, doc_types, NULL, NULL },
	{ "number", JV_STRING, true, false, 1, 40, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static struct jv_field	document_item = { "", JV_OBJECT, false, false, 0, 0,
			    0, 0, NULL, NULL, document_members };
static struct jv_field	identity_fields[] = {
	{ "first_name", JV_STRING, false, true, 0, 100, 0, 0, NULL, NULL,
	  NULL },
	{ "last_name", JV_STRING, false, true, 0, 100, 0, 0, NULL, NULL,
	  NULL },
	{ "aliases", JV_ARRAY, false, true, 0, 10, 0, 0, NULL, &name_item,
	  NULL },
	{ "date_of_birth", JV_STRING, false, true, 0, 10, 0, 0, NULL, NULL,
	  NULL },
	{ "phones", JV_ARRAY, false, true, 0, 5, 0, 0, NULL, &phone_item,
	  NULL },
	{ "emails", JV_ARRAY, false, true, 0, 5, 0, 0, NULL, &email_item,
	  NULL },
	{ "documents", JV_ARRAY, false, true, 0, 5, 0, 0, NULL,
	  &document_item, NULL },
	{ "addresses", JV_ARRAY, false, true, 0, 5, 0, 0, NULL, &address_item,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static struct jv_field	safe_fields[] = {
	{ "call", JV_STRING, false, false, 1, 16, 0, 0, NULL, NULL, NULL },
	{ "voicemail", JV_STRING, false, false, 1, 16, 0, 0, NULL, NULL, NULL },
	{ "text", JV_STRING, false, false, 1, 16, 0, 0, NULL, NULL, NULL },
	{ "hours", JV_STRING, false, true, 0, 200, 0, 0, NULL, NULL, NULL },
	{ "number", JV_STRING, false, true, 0, 32, 0, 0, NULL, NULL, NULL },
	{ "code_word", JV_STRING, false, true, 0, 100, 0, 0, NULL, NULL,
	  NULL },
	{ "do_not_inform", JV_TEXT, false, true, 0, 500, 0, 0, NULL, NULL,
	  NULL },
	{ "notes", JV_TEXT, false, true, 0, 1000, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static struct jv_field	lang_item = { "", JV_STRING, false, false, 2, 3,
			    0, 0, NULL, NULL, NULL };

enum {
	PF_SEX, PF_BIRTH_YEAR, PF_MINOR, PF_CITIZENSHIP, PF_LANGUAGES,
	PF_IDENTITY, PF_SAFE, PF_CONFIRM, PF_VERSION, PF__MAX
};
static struct jv_field	create_fields[PF__MAX];		/* to PF_VERSION */
static struct jv_field	patch_fields[PF__MAX];
static struct jv_field	dup_fields[2];
static pthread_once_t	fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	struct jv_field	 f[PF__MAX] = {
		[PF_SEX] = { "sex", JV_STRING, false, false, 1, 16, 0, 0,
		    enum_codes(ENUM_SEX), NULL, NULL },
		[PF_BIRTH_YEAR] = { "birth_year", JV_INT, false, true, 0, 0,
		    1900, 2100, NULL, NULL, NULL },
		[PF_MINOR] = { "minor", JV_BOOL, false, false, 0, 0, 0, 0,
		    NULL, NULL, NULL },
		[PF_CITIZENSHIP] = { "citizenship", JV_STRING, false, true, 2,
		    2, 0, 0, NULL, NULL, NULL },
		[PF_LANGUAGES] = { "languages", JV_ARRAY, false, false, 0, 10,
		    0, 0, NULL, &lang_item, NULL },
		[PF_IDENTITY] = { "identity", JV_OBJECT, false, false, 0, 0,
		    0, 0, NULL, NULL, identity_fields },
		[PF_SAFE] = { "safe_contact", JV_OBJECT, false, true, 0, 0, 0,
		    0, NULL, NULL, safe_fields },
		[PF_CONFIRM] = { "confirm_new", JV_BOOL, false, false, 0, 0, 0,
		    0, NULL, NULL, NULL },
		[PF_VERSION] = { "version", JV_INT, true, false, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
	};
	int	 i;

	for (i = 0; i < 3; i++)
		safe_fields[i].oneof = enum_codes(ENUM_SAFE_MODE);
	for (i = 0; i < PF_VERSION; i++)
		create_fields[i] = f[i];
	create_fields[PF_VERSION].name = NULL;
	for (i = 0; i < PF_CONFIRM; i++)
		patch_fields[i] = f[i];
	patch_fields[PF_CONFIRM] = f[PF_VERSION];
	patch_fields[PF_VERSION].name = NULL;
	dup_fields[0] = f[PF_IDENTITY];
	dup_fields[0].required = true;
	dup_fields[1].name = NULL;
}

/* ---- Checking and normalising what the body says. */

static bool
is_upper2(const char *s)
{
	return s != NULL && strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' &&
	    s[1] >= 'A' && s[1] <= 'Z';
}

static bool
is_lang(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return i >= 2 && i <= 3;
}

/* Is d a past or present date?  (Parsed already.) */
static bool
not_future(struct cal_date d)
{
	struct cal_local	 now = cal_to_local(clock_now());

	return cal_days(d) <= cal_days(now.date);
}

/* Age in whole years on today's date. */
static int
age_today(struct cal_date dob)
{
	struct cal_local	 now = cal_to_local(clock_now());
	int			 age = now.date.y - dob.y;

	if (now.date.m < dob.m || (now.date.m == dob.m && now.date.d < dob.d))
		age--;
	return age;
}

/*
 * Check what the field tables cannot in an identity document, and bring
 * phone numbers to their normal form (in place).  -1 when answered.
 */
static int
identity_normalise(struct req *r, json_t *id)
{
	json_t			*a, *v;
	struct cal_date		 d;
	char			 phone[PHONE_MAX + 1], key[IDENTITY_KEY_MAX];
	const char		*s;
	size_t			 i;

	if ((s = jv_str(id, "date_of_birth")) != NULL && *s != '\0' &&
	    (date_parse(s, &d) == -1 || !not_future(d)))
		return req_error(r, API_EINVALID, "identity.date_of_birth",
		    "The date of birth must be a past date, YYYY-MM-DD.");
	a = json_object_get(id, "phones");
	json_array_foreach(a, i, v) {
		if (phone_normalise(json_string_value(v), phone) == -1)
			return req_error(r, API_EINVALID, "identity.phones",
			    "Each phone must be a phone number.");
		json_array_set_new(a, i, json_string(phone));
	}
	a = json_object_get(id, "emails");
	json_array_foreach(a, i, v)
		if (identity_key_email(json_string_value(v), key) == -1)
			return req_error(r, API_EINVALID, "identity.emails",
			    "Each e-mail must be an address with one @.");
	a = json_object_get(id, "documents");
	json_array_foreach(a, i, v)
		if (identity_key_document(jv_str(v, "number"), key) == -1)
			return req_error(r, API_EINVALID,
			    "identity.documents.number", "A document number "
			    "needs letters or digits (at most 40).");
	if (((s = jv_str(id, "first_name")) != NULL && *s != '\0' &&
	    identity_name_normalise(s, key, sizeof(key)) == -1) ||
	    ((s = jv_str(id, "last_name")) != NULL && *s != '\0' &&
	    identity_name_normalise(s, key, sizeof(key)) == -1))
		return req_error(r, API_EINVALID, "identity.first_name",
		    "A name needs at least one letter.");
	return 0;
}

static int
safe_normalise(struct req *r, json_t *sc)
{
	static const char *const modes[] = { "call", "voicemail", "text" };
	char		 phone[PHONE_MAX + 1];
	const char	*s;
	size_t		 i;

	if (!json_is_object(sc))
		return 0;
	/* Not said is not safe: unknown until someone asks. */
	for (i = 0; i < 3; i++)
		if (json_object_get(sc, modes[i]) == NULL)
			json_object_set_new(sc, modes[i], json_string(
			    "unknown"));
	if ((s = jv_str(sc, "number")) != NULL && *s != '\0') {
		if (phone_normalise(s, phone) == -1)
			return req_error(r, API_EINVALID, "safe_contact.number",
			    "The number must be a phone number.");
		json_object_set_new(sc, "number", json_string(phone));
	}
	return 0;
}

/* ---- Writing persons. */

/* Seal a person's safe-contact protocol; none stores NULL. */
static int
safe_store(struct db *db, int64_t id, const json_t *sc)
{
	char	*s = json_is_object(sc) ? json_dumps(sc, JSON_COMPACT) : NULL;
	int	 rc;

	rc = sealed_put(db, person_sql[P_SEAL_SAFE], "person", "safe_contact",
	    id, s);
	wipe_free(s);
	return rc;
}

static void
attrs_bind(struct db_stmt *st, int i, const struct person_attrs *a)
{
	db_bind_str(st, i++, a->sex);
	if (a->birth_year != 0)
		db_bind_i64(st, i++, a->birth_year);
	else
		db_bind_null(st, i++);
	db_bind_i64(st, i++, a->minor);
	db_bind_str(st, i++, a->citizenship[0] != '\0' ? a->citizenship :
	    NULL);
	db_bind_str(st, i, a->languages);
}

/*
 * Apply the body to a (defaults or the stored values) and check what the
 * table cannot; the date of birth, when known, decides birth year and
 * minority.  -1 when answered.
 */
static int
attrs_apply(struct req *r, const json_t *o, const json_t *identity,
    struct person_attrs *a)
{
	const char	*s;
	json_t		*v, *item;
	size_t		 i, at;
	struct cal_date	 dob;

	if ((s = jv_str(o, "sex")) != NULL)
		snprintf(a->sex, sizeof(a->sex), "%s", s);
	if ((v = json_object_get(o, "birth_year")) != NULL)
		a->birth_year = json_is_integer(v) ? json_integer_value(v) : 0;
	if (a->birth_year != 0 && a->birth_year > cal_to_local(
	    clock_now()).date.y)
		return req_error(r, API_EINVALID, "birth_year",
		    "The year of birth cannot be in the future.");
	if (json_object_get(o, "minor") != NULL)
		a->minor = jv_bool(o, "minor", false);
	if ((v = json_object_get(o, "citizenship")) != NULL) {
		s = json_string_value(v);
		if (s != NULL && !is_upper2(s))
			return req_error(r, API_EINVALID, "citizenship",
			    "The citizenship must be an ISO 3166 code (PL).");
		snprintf(a->citizenship, sizeof(a->citizenship), "%s",
		    s != NULL ? s : "");
	}
	if ((v = json_object_get(o, "languages")) != NULL) {
		a->languages[0] = '\0';
		at = 0;
		json_array_foreach(v, i, item) {
			s = json_string_value(item);
			if (!is_lang(s))
				return req_error(r, API_EINVALID, "languages",
				    "Each language must be an ISO 639 code "
				    "(uk, rom).");
			at += (size_t)snprintf(a->languages + at,
			    sizeof(a->languages) - at, "%s%s", at ? "," : "",
			    s);
			if (at >= sizeof(a->languages))
				return req_error(r, API_EINVALID, "languages",
				    "Too many languages.");
		}
	}
	if (identity != NULL && (s = jv_str(identity, "date_of_birth")) !=
	    NULL && *s != '\0' && date_parse(s, &dob) == 0) {
		a->birth_year = dob.y;
		a->minor = age_today(dob) < 18;
	}
	return 0;
}

/* ---- Reading persons. */

/* A person row as JSON; with full, the identity and protocol too. */
static int
person_row_json(struct db *db, struct db_stmt *st, bool full, json_t **out)
{
	json_t	*o, *identity = NULL, *safe = NULL;
	int64_t	 id = db_col_i64(st, 0);

	o = json_pack("{s:I, s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:I, s:o, "
	    "s:o}", "id", (json_int_t)id, "pseudonym", db_col_text(st, 1),
	    "sex", db_col_text(st, 2), "birth_year", db_col_null(st, 3) ?
	    json_null() : json_integer(db_col_i64(st, 3)), "minor",
	    db_col_i64(st, 4) != 0, "citizenship",
	    str_or_null(db_col_text(st, 5)), "languages",
	    csv_json(db_col_text(st, 6)), "merged_into",
	    db_col_null(st, 7) ? json_null() : json_pack("{s:I, s:s}", "id",
	    (json_int_t)db_col_i64(st, 7), "pseudonym", db_col_text(st, 8)),
	    "version", (json_int_t)db_col_i64(st, 9), "created_at",
	    hotline_time_json(db_col_i64(st, 10)), "updated_at",
	    hotline_time_json(db_col_i64(st, 11)));
	if (o == NULL)
		return -1;
	if (full) {
		if (sealed_get_json(db, st, 12, "person", "identity", id,
		    &identity) == -1 || sealed_get_json(db, st, 13, "person",
		    "safe_contact", id, &safe) == -1) {
			json_decref(identity);
			json_decref(o);
			return -1;
		}
		json_object_set_new(o, "identity", json_is_null(identity) ?
		    json_object() : identity);
		json_object_set_new(o, "safe_contact", safe);
	}
	*out = o;
	return 0;
}

/* The cases of a person the caller may see; sealed others restricted. */
static int
person_cases(int64_t uid, struct db *db, int64_t id, json_t *list)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	char		 ref[REFERENCE_MAX];
	int64_t		 cid;
	bool		 named;

	if ((st = db_prepare(db, person_sql[P_CASES])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		cid = db_col_i64(st, 0);
		case_reference(db_col_i64(st, 1), db_col_i64(st, 2), ref);
		named = true;
		if (db_col_i64(st, 4) != 0) {
			/* a second statement: case_named uses its own */
			if (case_named(db, cid, db_col_i64(st, 5), uid,
			    &named) == -1)
				break;
		}
		json_array_append_new(list, named ? json_pack("{s:I, s:s, "
		    "s:s, s:b, s:b, s:o, s:o}", "id", (json_int_t)cid,
		    "reference", ref, "status", db_col_text(st, 3), "sealed",
		    db_col_i64(st, 4) != 0, "urgent", db_col_i64(st, 6) != 0,
		    "forms", forms_json(db_col_i64(st, 7)), "key_consultant",
		    user_json(db_col_i64(st, 5), db_col_text(st, 8))) :
		    json_pack("{s:I, s:s, s:b, s:b}", "id", (json_int_t)cid,
		    "reference", ref, "sealed", 1, "restricted", 1));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

static int
person_merged(struct db *db, int64_t id, json_t *list)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;

	if ((st = db_prepare(db, person_sql[P_MERGED])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(list, json_pack("{s:I, s:s}", "id",
		    (json_int_t)db_col_i64(st, 0), "pseudonym",
		    db_col_text(st, 1)));
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The whole person as uid sees them (see cases.h). */
int
person_load_as(int64_t uid, struct db *db, int64_t id, bool full,
    json_t **out)
{
	struct db_stmt	*st;
	json_t		*o, *cases, *merged;
	int		 rc;

	*out = NULL;
	if ((st = db_prepare(db, person_sql[P_GET])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	rc = person_row_json(db, st, full, &o);
	db_reset(st);
	if (rc == -1)
		return -1;
	cases = json_array();
	merged = json_array();
	json_object_set_new(o, "cases", cases);
	json_object_set_new(o, "merged", merged);
	if (person_cases(uid, db, id, cases) == -1 ||
	    person_merged(db, id, merged) == -1) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return 1;
}

/* ---- Routes. */

int
person_insert(struct db *db, const struct person_attrs *a,
    const json_t *identity, const json_t *safe, int64_t by, int64_t *id)
{
	struct db_stmt	*st;
	unsigned char	 rnd[6];
	char		 pseudonym[PSEUDONYM_LEN + 1];
	int64_t		 taken = 1, now = clock_now();
	int		 tries;

	/* 32^6 codes: a clash is rare, and a new draw fixes it. */
	for (tries = 0; taken != 0 && tries < 16; tries++) {
		randombytes_buf(rnd, sizeof(rnd));
		pseudonym_make(rnd, pseudonym);
		if ((st = db_prepare(db, person_sql[P_PSEUDONYM_TAKEN])) ==
		    NULL)
			return -1;
		db_bind_str(st, 1, pseudonym);
		if (db_one_i64(st, &taken) == -1)
			return -1;
	}
	if (taken != 0) {
		db_fail(db, ERR_IO, "no free pseudonym after 16 draws");
		return -1;
	}
	if ((st = db_prepare(db, person_sql[P_INSERT])) == NULL)
		return -1;
	db_bind_str(st, 1, pseudonym);
	attrs_bind(st, 2, a);
	db_bind_i64(st, 7, by);
	db_bind_i64(st, 8, now);
	db_bind_i64(st, 9, now);
	if (db_one_i64(st, id) != 1)
		return -1;
	if (identity != NULL && identity_store(db, *id, identity) == -1)
		return -1;
	return safe_store(db, *id, safe);
}

struct create_job {
	struct person_attrs	*a;
	const json_t		*identity, *safe;
	int64_t			 by, id;
};

static int
create_write(struct db *db, void *arg, struct err *e)
{
	struct create_job	*j = arg;
	struct audit_entry	 au = { j->by, "person.create", "person", 0,
				    "ok", NULL };

	(void)e;
	if (person_insert(db, j->a, j->identity, j->safe, j->by, &j->id) == -1)
		return -1;
	au.object_id = j->id;
	return audit_append(db, &au);
}

static int
api_person_create(struct req *r)
{
	struct person_attrs		 a;
	struct create_job	 j;
	struct err		 e;
	struct db		*db;
	json_t			*identity, *safe, *o, *body, *dups;
	int			 rc;

	pthread_once(&fields_once, fields_init);
	if (req_check(r, create_fields) == -1)
		return -1;
	memset(&a, 0, sizeof(a));
	snprintf(a.sex, sizeof(a.sex), "unknown");
	identity = json_object_get(r->json, "identity");
	safe = json_object_get(r->json, "safe_contact");
	if ((identity != NULL && identity_normalise(r, identity) == -1) ||
	    safe_normalise(r, safe) == -1 ||
	    attrs_apply(r, r->json, identity, &a) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if (identity != NULL && !jv_bool(r->json, "confirm_new", false)) {
		if (identity_duplicates(db, identity, &dups) == -1)
			return req_dberror(r, db_err(db));
		if (json_array_size(dups) > 0) {
			body = json_pack("{s:{s:s, s:s, s:s}, s:o}", "error",
			    "code", "duplicate", "message", "This person may "
			    "be known already: open one of the duplicates, or "
			    "confirm that this is a new person.", "field",
			    "identity", "duplicates", dups);
			return req_json(r, 409, body);
		}
		json_decref(dups);
	}
	memset(&j, 0, sizeof(j));
	j.a = &a;
	j.identity = identity;
	j.safe = safe;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if ((rc = person_load_as(r->user_id, db, j.id, true, &o)) != 1)
		return req_dberror(r, db_err(db));
	return req_json(r, 201, json_pack("{s:o}", "person", o));
}

static int
api_person_duplicates(struct req *r)
{
	struct db	*db;
	json_t		*identity, *dups;

	pthread_once(&fields_once, fields_init);
	if (req_check(r, dup_fields) == -1)
		return -1;
	identity = json_object_get(r->json, "identity");
	if (identity_normalise(r, identity) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if (identity_duplicates(db, identity, &dups) == -1)
		return req_dberror(r, db_err(db));
	return req_json(r, 200, json_pack("{s:o}", "duplicates", dups));
}

/* A person's page or protocol: loaded, its read audited; -1 answered. */
static int
person_read(struct req *r, const char *action, json_t **o)
{
	struct db	*db;
	int64_t		 id;
	int		 rc;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL)
		return -1;
	if ((rc = person_load_as(r->user_id, db, id, true, o)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	auth_audit(r, action, "person", id, "ok", NULL);
	return 0;
}

static int
api_person_get(struct req *r)
{
	json_t	*o;

	if (person_read(r, "person.identity.read", &o) == -1)
		return -1;
	return req_json(r, 200, json_pack("{s:o}", "person", o));
}

static int
api_person_safe(struct req *r)
{
	json_t	*o;
	int	 rc;

	if (person_read(r, "person.safe_contact.read", &o) == -1)
		return -1;
	rc = req_json(r, 200, json_pack("{s:{s:O, s:O}, s:O}", "person", "id",
	    json_object_get(o, "id"), "pseudonym", json_object_get(o,
	    "pseudonym"), "safe_contact", json_object_get(o, "safe_contact")));
	json_decref(o);
	return rc;
}

struct update_job {
	int64_t		 id, version, by;
	struct person_attrs	*a;
	const json_t	*identity, *safe;	/* NULL: kept */
	bool		 safe_given;
	int		 rc;
};

static int
update_write(struct db *db, void *arg, struct err *e)
{
	struct update_job	*j = arg;
	struct audit_entry	 au = { j->by, "person.update", "person", j->id,
				    "ok", NULL };
	struct db_stmt		*st;
	int64_t			 v;

	(void)e;
	if ((st = db_prepare(db, person_sql[P_UPDATE])) == NULL)
		return -1;
	attrs_bind(st, 1, j->a);
	db_bind_i64(st, 6, clock_now());
	db_bind_i64(st, 7, j->id);
	db_bind_i64(st, 8, j->version);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	if (j->identity != NULL && identity_store(db, j->id, j->identity) == -1)
		return -1;
	if (j->safe_given && safe_store(db, j->id, j->safe) == -1)
		return -1;
	return audit_append(db, &au);
}

/* The stored attributes of a loaded person. */
static void
attrs_from(const json_t *p, struct person_attrs *a)
{
	json_t		*v;
	size_t		 i, at = 0;

	memset(a, 0, sizeof(*a));
	snprintf(a->sex, sizeof(a->sex), "%s", jv_str(p, "sex"));
	a->birth_year = jv_int(p, "birth_year", 0);
	a->minor = jv_bool(p, "minor", false);
	snprintf(a->citizenship, sizeof(a->citizenship), "%s",
	    jv_str(p, "citizenship") ? jv_str(p, "citizenship") : "");
	json_array_foreach(json_object_get(p, "languages"), i, v)
		at += (size_t)snprintf(a->languages + at, sizeof(a->languages) -
		    at, "%s%s", at ? "," : "", json_string_value(v));
}

static int
api_person_update(struct req *r)
{
	struct update_job	 j;
	struct person_attrs		 a;
	struct err		 e;
	struct db		*db;
	json_t			*old, *identity, *o;
	int64_t			 id;
	int			 rc;

	pthread_once(&fields_once, fields_init);
	if (!path_int(r, "id", &id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((rc = person_load_as(r->user_id, db, id, true, &old)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	attrs_from(old, &a);
	identity = json_object_get(r->json, "identity");
	memset(&j, 0, sizeof(j));
	j.safe = json_object_get(r->json, "safe_contact");
	j.safe_given = j.safe != NULL;
	rc = -1;
	if (jv_int(old, "version", 0) != jv_int(r->json, "version", 0) ||
	    !json_is_null(json_object_get(old, "merged_into"))) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "person meanwhile, or merged them: reload.");
		goto out;
	}
	if ((identity != NULL && identity_normalise(r, identity) == -1) ||
	    safe_normalise(r, (json_t *)(uintptr_t)j.safe) == -1 ||
	    attrs_apply(r, r->json, identity != NULL ? identity :
	    json_object_get(old, "identity"), &a) == -1)
		goto out;
	j.id = id;
	j.version = jv_int(r->json, "version", 0);
	j.by = r->user_id;
	j.a = &a;
	j.identity = identity;
	if (dbpool_write(http_pool(r), update_write, &j, &e) == -1) {
		req_dberror(r, &e);
		goto out;
	}
	if (j.rc == 0) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "person meanwhile: reload.");
		goto out;
	}
	if ((rc = person_load_as(r->user_id, db, id, true, &o)) != 1) {
		rc = req_dberror(r, db_err(db));
		goto out;
	}
	rc = req_json(r, 200, json_pack("{s:o}", "person", o));
out:
	json_decref(old);
	return rc;
}

static int
api_persons(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	json_t		*list, *o;
	const char	*q = req_query(r, "q"), *s;
	char		 like[PSEUDONYM_LEN + 2], upper[PSEUDONYM_LEN + 1];
	int64_t		 limit = PAGE_DEFAULT, offset = 0, total = 0;
	enum db_step_rc	 rc;
	size_t		 i;

	if (q == NULL)
		q = "";
	if (strlen(q) > PSEUDONYM_LEN)
		return req_error(r, API_EINVALID, "q", "A pseudonym has at "
		    "most 8 characters.");
	for (i = 0; q[i] != '\0'; i++) {
		char	 c = q[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-'))
			return req_error(r, API_EINVALID, "q", "A pseudonym "
			    "has letters, digits and a dash.");
		upper[i] = c;
	}
	upper[i] = '\0';
	snprintf(like, sizeof(like), "%s%%", upper);
	if (((s = req_query(r, "limit")) != NULL && !valid_i64(s, strlen(s),
	    1, PAGE_MAX, &limit)))
		return req_error(r, API_EINVALID, "limit", "limit must be 1 "
		    "to 100.");
	if (((s = req_query(r, "offset")) != NULL && !valid_i64(s, strlen(s),
	    0, INT32_MAX, &offset)))
		return req_error(r, API_EINVALID, "offset", "offset must be "
		    "0 or more.");
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, person_sql[P_COUNT])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_str(st, 1, upper);
	db_bind_str(st, 2, like);
	if (db_one_i64(st, &total) == -1)
		return req_dberror(r, db_err(db));
	if ((st = db_prepare(db, person_sql[P_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_str(st, 1, upper);
	db_bind_str(st, 2, like);
	db_bind_i64(st, 3, limit);
	db_bind_i64(st, 4, offset);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (person_row_json(db, st, false, &o) == -1) {
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
	return req_json(r, 200, json_pack("{s:o, s:I}", "persons", list,
	    "total", (json_int_t)total));
}

const struct route person_routes[] = {
	{ HTTP_POST, "/api/v1/persons", "persons.create", api_person_create,
	  PERM_CASES, PERSON_BODY_MAX },
	{ HTTP_GET, "/api/v1/persons", "persons.list", api_persons,
	  PERM_CASES, 0 },
	{ HTTP_POST, "/api/v1/persons/duplicates", "persons.duplicates",
	  api_person_duplicates, PERM_CASES, PERSON_BODY_MAX },
	{ HTTP_GET, "/api/v1/persons/{id:int}", "persons.get", api_person_get,
	  PERM_CASES, 0 },
	{ HTTP_PATCH, "/api/v1/persons/{id:int}", "persons.update",
	  api_person_update, PERM_CASES, PERSON_BODY_MAX },
	{ HTTP_GET, "/api/v1/persons/{id:int}/safe-contact",
	  "persons.safe_contact", api_person_safe, PERM_CASES, 0 },
};
const size_t person_nroutes = sizeof(person_routes) /
    sizeof(person_routes[0]);
