/*
 * The directory of organisations and institutions: search by kind,
 * country, region, language and text; one organisation; adding and
 * correcting (optimistic locking on version); deactivating instead of
 * deleting, so referrals keep what they point at.  Nothing here is about
 * a person the centre helps: the rows stay in clear and reads are not
 * audited; changes are.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/valid.h"
#include "cases/cases.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "network/network.h"

#define PAGE_DEFAULT	25
#define PAGE_MAX	100
#define Q_MAX		100	/* characters of a search text */
#define LANGS_MAX	20

enum dir_stmt {
	D_GET,
	D_COUNT,
	D_LIST,
	D_INSERT,
	D_UPDATE,
	D_KIND,
	D_NAME,
	D__MAX
};

#define ORG_COLS \
	"SELECT o.id, o.name, o.kind, o.country, o.region, o.city, " \
	"o.address, o.phone, o.email, o.website, o.contact_person, " \
	"o.languages, o.hours, o.notes, o.active, o.version, o.created_by, " \
	"u.username, o.created_at, o.updated_at FROM organisation o " \
	"JOIN app_user u ON u.id = o.created_by "
/* The filters: kind, country, region, language, text, active (-1 all). */
#define ORG_WHERE \
	"WHERE (? = '' OR o.kind = ?) AND (? = '' OR o.country = ?) " \
	"AND (? = '' OR o.region = ?) " \
	"AND (? = '' OR (',' || o.languages || ',') LIKE ?) " \
	"AND (? = '' OR o.search LIKE ?) AND (? < 0 OR o.active = ?) "

static const char *const dir_sql[D__MAX] = {
	[D_GET] = ORG_COLS "WHERE o.id = ?",
	[D_COUNT] = "SELECT count(*) FROM organisation o " ORG_WHERE,
	[D_LIST] = ORG_COLS ORG_WHERE "ORDER BY o.search, o.id "
	    "LIMIT ? OFFSET ?",
	[D_INSERT] = "INSERT INTO organisation (name, kind, country, region, "
	    "city, address, phone, email, website, contact_person, languages, "
	    "hours, notes, active, search, version, created_by, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "1, ?, ?, ?) RETURNING id",
	[D_UPDATE] = "UPDATE organisation SET name = ?, kind = ?, country = ?, "
	    "region = ?, city = ?, address = ?, phone = ?, email = ?, "
	    "website = ?, contact_person = ?, languages = ?, hours = ?, "
	    "notes = ?, active = ?, search = ?, version = version + 1, "
	    "updated_at = ? WHERE id = ? AND version = ? RETURNING version",
	[D_KIND] = "SELECT kind, active FROM organisation WHERE id = ?",
	[D_NAME] = "SELECT name FROM organisation WHERE id = ?",
};

/* The text members of an organisation, in the order of the columns. */
static const char *const texts[] = {
	"name", "kind", "country", "region", "city", "address", "phone",
	"email", "website", "contact_person"
};
#define NTEXTS	(sizeof(texts) / sizeof(texts[0]))

static const struct jv_field lang_item = { "", JV_STRING, false, false, 2,
	3, 0, 0, NULL, NULL, NULL };

enum {
	OF_NAME, OF_KIND, OF_COUNTRY, OF_REGION, OF_CITY, OF_ADDRESS,
	OF_PHONE, OF_EMAIL, OF_WEBSITE, OF_CONTACT, OF_LANGUAGES, OF_HOURS,
	OF_NOTES, OF_ACTIVE, OF_VERSION, OF__MAX
};
static struct jv_field	create_fields[OF__MAX];		/* to OF_VERSION */
static struct jv_field	patch_fields[OF__MAX + 1];
static pthread_once_t	fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	const struct jv_field	 f[OF__MAX] = {
		[OF_NAME] = { "name", JV_STRING, true, false, 1, 200, 0, 0,
		    NULL, NULL, NULL },
		[OF_KIND] = { "kind", JV_STRING, true, false, 1, ORG_KIND_MAX,
		    0, 0, enum_codes(ENUM_ORGANISATION_KIND), NULL, NULL },
		[OF_COUNTRY] = { "country", JV_STRING, true, false, 2, 2, 0,
		    0, NULL, NULL, NULL },
		[OF_REGION] = { "region", JV_STRING, false, true, 0, 100, 0, 0,
		    NULL, NULL, NULL },
		[OF_CITY] = { "city", JV_STRING, false, true, 0, 100, 0, 0,
		    NULL, NULL, NULL },
		[OF_ADDRESS] = { "address", JV_TEXT, false, true, 0, 300, 0, 0,
		    NULL, NULL, NULL },
		[OF_PHONE] = { "phone", JV_STRING, false, true, 0, 100, 0, 0,
		    NULL, NULL, NULL },
		[OF_EMAIL] = { "email", JV_STRING, false, true, 0, 200, 0, 0,
		    NULL, NULL, NULL },
		[OF_WEBSITE] = { "website", JV_STRING, false, true, 0, 200, 0,
		    0, NULL, NULL, NULL },
		[OF_CONTACT] = { "contact_person", JV_STRING, false, true, 0,
		    200, 0, 0, NULL, NULL, NULL },
		[OF_LANGUAGES] = { "languages", JV_ARRAY, false, false, 0,
		    LANGS_MAX, 0, 0, NULL, &lang_item, NULL },
		[OF_HOURS] = { "hours", JV_TEXT, false, true, 0, 300, 0, 0,
		    NULL, NULL, NULL },
		[OF_NOTES] = { "notes", JV_TEXT, false, true, 0, 2000, 0, 0,
		    NULL, NULL, NULL },
		[OF_ACTIVE] = { "active", JV_BOOL, false, false, 0, 0, 0, 0,
		    NULL, NULL, NULL },
		[OF_VERSION] = { "version", JV_INT, true, false, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
	};
	int	 i;

	memcpy(create_fields, f, sizeof(f));
	memset(&create_fields[OF_VERSION], 0, sizeof(create_fields[0]));
	memcpy(patch_fields, f, sizeof(f));
	for (i = 0; i < OF_VERSION; i++)
		patch_fields[i].required = false;
	memset(&patch_fields[OF__MAX], 0, sizeof(patch_fields[0]));
}

/* ---- For the other parts (network.h). */

int
organisation_kind(struct db *db, int64_t id, char out[ORG_KIND_MAX],
    bool *active)
{
	struct db_stmt	*st;
	int		 rc;

	out[0] = '\0';
	*active = false;
	if ((st = db_prepare(db, dir_sql[D_KIND])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	snprintf(out, ORG_KIND_MAX, "%s", db_col_text(st, 0));
	*active = db_col_i64(st, 1) != 0;
	db_reset(st);
	return 1;
}

int
organisation_exists(struct db *db, int64_t id)
{
	char	 kind[ORG_KIND_MAX];
	bool	 active;

	return organisation_kind(db, id, kind, &active);
}

int
organisation_name(struct db *db, int64_t id, char *out, size_t outsz)
{
	struct db_stmt	*st;
	int		 rc;

	if (outsz > 0)
		out[0] = '\0';
	if ((st = db_prepare(db, dir_sql[D_NAME])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	if (outsz > 0)
		snprintf(out, outsz, "%s", db_col_text(st, 0));
	db_reset(st);
	return 1;
}

/* ---- Rows and checks. */

/*
 * The organisation of the current row (ORG_COLS); a new reference.  A
 * req_row_fn: an organisation has nothing sealed, so full changes nothing.
 */
static json_t *
org_json(struct db *db, struct db_stmt *st, bool full)
{
	json_t	*o;
	size_t	 i;

	(void)db;
	(void)full;

	o = json_pack("{s:I, s:o, s:o, s:o, s:b, s:I, s:o, s:o, s:o}", "id",
	    (json_int_t)db_col_i64(st, 0), "languages",
	    csv_json(db_col_text(st, 11)), "hours",
	    str_or_null(db_col_text(st, 12)), "notes",
	    str_or_null(db_col_text(st, 13)), "active", db_col_i64(st, 14) != 0,
	    "version", (json_int_t)db_col_i64(st, 15), "created_by",
	    user_json(db_col_i64(st, 16), db_col_text(st, 17)), "created_at",
	    hotline_time_json(db_col_i64(st, 18)), "updated_at",
	    hotline_time_json(db_col_i64(st, 19)));
	for (i = 0; o != NULL && i < NTEXTS; i++)
		json_object_set_new(o, texts[i],
		    str_or_null(db_col_text(st, 1 + (int)i)));
	return o;
}

/* Organisation id as JSON: 1 found, 0 not, -1 error. */
static int
org_load(struct db *db, int64_t id, json_t **out)
{
	return req_load_row(db, dir_sql[D_GET], id, org_json, false, out);
}

/* A member as text, "" when absent or null. */
static const char *
text_of(const json_t *o, const char *name)
{
	const char	*s = jv_str(o, name);

	return s != NULL ? s : "";
}

/*
 * Check a whole organisation (created, or stored merged with a change)
 * beyond the field table: the country's shape, a voivodeship code as the
 * region in Poland, languages, e-mail and web address.  -1 answered.
 */
static int
org_check(struct req *r, const json_t *o)
{
	const char	*region = text_of(o, "region"), *s;
	json_t		*v, *w;
	size_t		 i, k;

	if (!directory_country_ok(text_of(o, "country")))
		return req_error(r, API_EINVALID, "country", "The country is "
		    "an ISO 3166 code in capitals (PL, UA).");
	if (strcmp(text_of(o, "country"), "PL") == 0 && *region != '\0' &&
	    enum_index(ENUM_VOIVODESHIP, region) < 0)
		return req_error(r, API_EINVALID, "region", "In Poland the "
		    "region is a voivodeship code (PL-MZ).");
	json_array_foreach(json_object_get(o, "languages"), i, v) {
		if (!directory_lang_ok(json_string_value(v)))
			return req_error(r, API_EINVALID, "languages", "Each "
			    "language is an ISO 639 code (uk, rom).");
		for (k = 0; k < i; k++) {
			w = json_array_get(json_object_get(o, "languages"), k);
			if (strcmp(json_string_value(v),
			    json_string_value(w)) == 0)
				return req_error(r, API_EINVALID, "languages",
				    "A language is listed twice.");
		}
	}
	s = text_of(o, "email");
	if (*s != '\0' && strchr(s, '@') == NULL)
		return req_error(r, API_EINVALID, "email", "An e-mail address "
		    "has an @.");
	s = text_of(o, "website");
	if (*s != '\0' && !directory_website_ok(s))
		return req_error(r, API_EINVALID, "website", "A web address "
		    "starts with https:// or http://.");
	if (*text_of(o, "name") == '\0' ||
	    strspn(text_of(o, "name"), " ") == strlen(text_of(o, "name")))
		return req_error(r, API_EINVALID, "name", "The name is "
		    "required.");
	return 0;
}

/* The languages of o as "uk,ru" (checked already: fits). */
static void
langs_csv(const json_t *o, char out[LANGS_MAX * 4 + 1])
{
	json_t	*v;
	size_t	 i, at = 0;

	out[0] = '\0';
	json_array_foreach(json_object_get(o, "languages"), i, v)
		at += (size_t)snprintf(out + at, LANGS_MAX * 4 + 1 - at, "%s%s",
		    at ? "," : "", json_string_value(v));
}

/* The search key of an organisation: its name, city and (abroad) region. */
static int
org_search(const json_t *o, char out[ORG_SEARCH_MAX])
{
	char	 text[ORG_SEARCH_MAX * 2];
	bool	 pl = strcmp(text_of(o, "country"), "PL") == 0;

	snprintf(text, sizeof(text), "%s %s %s", text_of(o, "name"),
	    text_of(o, "city"), pl ? "" : text_of(o, "region"));
	return directory_search_key(text, out, ORG_SEARCH_MAX);
}

/* Bind the 15 stored members of o from parameter 1. */
static int
org_bind(struct db_stmt *st, const json_t *o)
{
	char	 langs[LANGS_MAX * 4 + 1], key[ORG_SEARCH_MAX];
	json_t	*v;
	size_t	 i;

	if (org_search(o, key) == -1)
		return -1;
	for (i = 0; i < NTEXTS; i++) {
		const char	*s = text_of(o, texts[i]);

		if (*s != '\0')
			db_bind_str(st, 1 + (int)i, s);
		else
			db_bind_null(st, 1 + (int)i);
	}
	langs_csv(o, langs);
	db_bind_str(st, 11, langs);
	v = json_object_get(o, "hours");
	db_bind_str(st, 12, json_is_string(v) && *json_string_value(v) ?
	    json_string_value(v) : NULL);
	v = json_object_get(o, "notes");
	db_bind_str(st, 13, json_is_string(v) && *json_string_value(v) ?
	    json_string_value(v) : NULL);
	db_bind_i64(st, 14, jv_bool(o, "active", true) ? 1 : 0);
	db_bind_str(st, 15, key);
	return 0;
}

/* ---- Writes. */

struct org_job {
	const json_t	*o;
	int64_t		 id, version, by;
	bool		 deactivated;
	int		 rc;
};

int
organisation_insert(struct db *db, const json_t *o, int64_t by, int64_t *id)
{
	struct db_stmt	*st;
	int64_t		 now = clock_now();

	if ((st = db_prepare(db, dir_sql[D_INSERT])) == NULL)
		return -1;
	if (org_bind(st, o) == -1) {
		db_reset(st);
		db_fail(db, ERR_INVALID, "an organisation's search key");
		return -1;
	}
	db_bind_i64(st, 16, by);
	db_bind_i64(st, 17, now);
	db_bind_i64(st, 18, now);
	return db_one_i64(st, id) == 1 ? 0 : -1;
}

static int
org_create_write(struct db *db, void *arg, struct err *e)
{
	struct org_job		*j = arg;
	struct audit_entry	 au = { j->by, "organisation.create",
				    "organisation", 0, "ok", NULL };

	(void)e;
	if (organisation_insert(db, j->o, j->by, &j->id) == -1)
		return -1;
	au.object_id = j->id;
	return audit_append(db, &au);
}

static int
org_update_write(struct db *db, void *arg, struct err *e)
{
	struct org_job		*j = arg;
	struct audit_entry	 au = { j->by, "organisation.update",
				    "organisation", j->id, "ok", NULL };
	struct db_stmt		*st;
	int64_t			 v;

	if ((st = db_prepare(db, dir_sql[D_UPDATE])) == NULL)
		return -1;
	(void)e;
	if (org_bind(st, j->o) == -1) {
		db_reset(st);
		db_fail(db, ERR_INVALID, "an organisation's search key");
		return -1;
	}
	db_bind_i64(st, 16, clock_now());
	db_bind_i64(st, 17, j->id);
	db_bind_i64(st, 18, j->version);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	if (j->deactivated)
		au.detail = "deactivated";
	return audit_append(db, &au);
}

/* ---- Routes. */

static int
api_org_create(struct req *r)
{
	struct org_job	 j;
	struct err	 e;
	struct db	*db;
	json_t		*o;

	pthread_once(&fields_once, fields_init);
	if (req_check(r, create_fields) == -1 || org_check(r, r->json) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	memset(&j, 0, sizeof(j));
	j.o = r->json;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), org_create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (org_load(db, j.id, &o) != 1)
		return req_dberror(r, db_err(db));
	return req_json(r, 201, json_pack("{s:o}", "organisation", o));
}

static int
api_org_get(struct req *r)
{
	struct db	*db;
	json_t		*o;
	int64_t		 id;
	int		 rc;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL)
		return -1;
	if ((rc = org_load(db, id, &o)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	return req_json(r, 200, json_pack("{s:o}", "organisation", o));
}

static int
api_org_update(struct req *r)
{
	struct org_job	 j;
	struct err	 e;
	struct db	*db;
	json_t		*old = NULL, *merged = NULL, *o, *v;
	const char	*k;
	int		 rc;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((rc = org_load(db, j.id, &old)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	j.version = jv_int(r->json, "version", 0);
	rc = -1;
	if (jv_int(old, "version", 0) != j.version) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "organisation meanwhile: reload.");
		goto out;
	}
	merged = json_deep_copy(old);
	json_object_foreach(r->json, k, v)
		if (strcmp(k, "version") != 0)
			json_object_set(merged, k, v);
	if (org_check(r, merged) == -1)
		goto out;
	j.o = merged;
	j.by = r->user_id;
	j.deactivated = jv_bool(old, "active", true) &&
	    !jv_bool(merged, "active", true);
	if (dbpool_write(http_pool(r), org_update_write, &j, &e) == -1) {
		req_dberror(r, &e);
		goto out;
	}
	if (j.rc == 0) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "organisation meanwhile: reload.");
		goto out;
	}
	if (org_load(db, j.id, &o) != 1) {
		req_dberror(r, db_err(db));
		goto out;
	}
	rc = req_json(r, 200, json_pack("{s:o}", "organisation", o));
out:
	json_decref(old);
	json_decref(merged);
	return rc;
}

/* The filters of a list, checked; -1 answered. */
struct org_filter {
	const char	*kind, *country, *region;
	char		 lang[8];
	char		 like[ORG_SEARCH_MAX + 3];
	bool		 text;		/* a text was asked for */
	int64_t		 active;	/* 1, 0, -1: all */
	int64_t		 limit, offset;
};

static int
filter_parse(struct req *r, struct org_filter *f)
{
	const char	*s;
	char		 key[ORG_SEARCH_MAX];

	memset(f, 0, sizeof(*f));
	f->active = 1;
	f->limit = PAGE_DEFAULT;
	f->kind = (s = req_query(r, "kind")) != NULL ? s : "";
	if (*f->kind != '\0' && enum_index(ENUM_ORGANISATION_KIND, f->kind) < 0)
		return req_error(r, API_EINVALID, "kind", "Unknown kind of "
		    "organisation.");
	f->country = (s = req_query(r, "country")) != NULL ? s : "";
	if (*f->country != '\0' && !directory_country_ok(f->country))
		return req_error(r, API_EINVALID, "country", "The country is "
		    "an ISO 3166 code in capitals (PL).");
	f->region = (s = req_query(r, "region")) != NULL ? s : "";
	if (!valid_text(f->region, strlen(f->region), 100, false))
		return req_error(r, API_EINVALID, "region", "The region is "
		    "a text of up to 100 characters.");
	if ((s = req_query(r, "language")) != NULL && *s != '\0') {
		if (!directory_lang_ok(s))
			return req_error(r, API_EINVALID, "language", "The "
			    "language is an ISO 639 code (uk).");
		snprintf(f->lang, sizeof(f->lang), "%%,%s,%%", s);
	}
	if ((s = req_query(r, "q")) != NULL && *s != '\0') {
		if (!valid_text(s, strlen(s), Q_MAX, false) ||
		    directory_search_key(s, key, sizeof(key)) == -1)
			return req_error(r, API_EINVALID, "q", "Search for up "
			    "to 100 characters of text.");
		f->text = true;
		/* folded words hold letters, digits and spaces: no wildcard */
		snprintf(f->like, sizeof(f->like), "%%%s%%", key);
	}
	if ((s = req_query(r, "active")) != NULL) {
		if (strcmp(s, "true") == 0)
			f->active = 1;
		else if (strcmp(s, "false") == 0)
			f->active = 0;
		else if (strcmp(s, "all") == 0)
			f->active = -1;
		else
			return req_error(r, API_EINVALID, "active", "active is "
			    "true, false or all.");
	}
	if ((s = req_query(r, "limit")) != NULL && !valid_i64(s, strlen(s), 1,
	    PAGE_MAX, &f->limit))
		return req_error(r, API_EINVALID, "limit", "limit must be 1 "
		    "to 100.");
	if ((s = req_query(r, "offset")) != NULL && !valid_i64(s, strlen(s), 0,
	    INT32_MAX, &f->offset))
		return req_error(r, API_EINVALID, "offset", "offset must be 0 "
		    "or more.");
	return 0;
}

static void
filter_bind(struct db_stmt *st, const struct org_filter *f)
{
	/* A text that folds to no word ("a") finds nothing, not everything. */
	const char	*like = f->text && strcmp(f->like, "%%") == 0 ?
			    "\x01" : f->like;

	db_bind_str(st, 1, f->kind);
	db_bind_str(st, 2, f->kind);
	db_bind_str(st, 3, f->country);
	db_bind_str(st, 4, f->country);
	db_bind_str(st, 5, f->region);
	db_bind_str(st, 6, f->region);
	db_bind_str(st, 7, f->lang);
	db_bind_str(st, 8, f->lang);
	db_bind_str(st, 9, f->text ? "t" : "");
	db_bind_str(st, 10, like);
	db_bind_i64(st, 11, f->active);
	db_bind_i64(st, 12, f->active);
}

static int
api_orgs(struct req *r)
{
	struct org_filter	 f;
	struct db_stmt		*st;
	struct db		*db;
	json_t			*list, *o;
	int64_t			 total = 0;
	enum db_step_rc		 rc;

	if (filter_parse(r, &f) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, dir_sql[D_COUNT])) == NULL)
		return req_dberror(r, db_err(db));
	filter_bind(st, &f);
	if (db_one_i64(st, &total) == -1)
		return req_dberror(r, db_err(db));
	if ((st = db_prepare(db, dir_sql[D_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	filter_bind(st, &f);
	db_bind_i64(st, 13, f.limit);
	db_bind_i64(st, 14, f.offset);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if ((o = org_json(db, st, false)) == NULL) {
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
	return req_json(r, 200, json_pack("{s:o, s:I}", "organisations", list,
	    "total", (json_int_t)total));
}

const struct route directory_routes[] = {
	{ HTTP_GET, "/api/v1/organisations", "organisation.list", api_orgs,
	  PERM_DIRECTORY, 0 },
	{ HTTP_POST, "/api/v1/organisations", "organisation.create",
	  api_org_create, PERM_DIRECTORY_EDIT, 16 * 1024 },
	{ HTTP_GET, "/api/v1/organisations/{id:int}", "organisation.get",
	  api_org_get, PERM_DIRECTORY, 0 },
	{ HTTP_PATCH, "/api/v1/organisations/{id:int}", "organisation.update",
	  api_org_update, PERM_DIRECTORY_EDIT, 16 * 1024 },
};
const size_t directory_nroutes = sizeof(directory_routes) /
    sizeof(directory_routes[0]);
