/*
 * Finding persons by their identity: the exact search (one name with its
 * date of birth, phone, document or e-mail, through the blind indexes of
 * identity_store.c), and the look-up of a caller's number for the call
 * screen.  Every person found is shown as the caller may see them.
 */
#include <sodium.h>

#include "cases/cases.h"
#include "cases/identity.h"
#include "cases/legal.h"
#include "http/jv.h"

/* An exact-identity search, or (cases/search only) a word of the notes. */
const struct jv_field	identity_search_fields[] = {
	{ "first_name", JV_STRING, false, false, 0, 100, 0, 0, NULL, NULL,
	  NULL },
	{ "last_name", JV_STRING, false, false, 0, 100, 0, 0, NULL, NULL,
	  NULL },
	{ "date_of_birth", JV_STRING, false, false, 0, 10, 0, 0, NULL, NULL,
	  NULL },
	{ "phone", JV_STRING, false, false, 1, 32, 0, 0, NULL, NULL, NULL },
	{ "document", JV_STRING, false, false, 1, 40, 0, 0, NULL, NULL, NULL },
	{ "email", JV_STRING, false, false, 3, 254, 0, 0, NULL, NULL, NULL },
	{ "text", JV_STRING, false, false, 2, 64, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

/*
 * The one index key a search body asks for: name + date of birth, phone,
 * document or e-mail.  -1 when answered.
 */
int
identity_search_key(struct req *r, const json_t *o,
    char key[IDENTITY_KEY_MAX])
{
	const char	*first = jv_str(o, "first_name"),
			*last = jv_str(o, "last_name"),
			*dob = jv_str(o, "date_of_birth"), *s;
	struct cal_date	 d;
	int		 kinds = 0;

	kinds += (first != NULL || last != NULL || dob != NULL);
	kinds += json_object_get(o, "phone") != NULL;
	kinds += json_object_get(o, "document") != NULL;
	kinds += json_object_get(o, "email") != NULL;
	kinds += json_object_get(o, "text") != NULL;
	if (kinds != 1)
		return req_error(r, API_EINVALID, NULL, "Search by exactly one "
		    "of: name and date of birth, phone, document, e-mail.");
	if (first != NULL || last != NULL || dob != NULL) {
		if (dob == NULL || date_parse(dob, &d) == -1)
			return req_error(r, API_EINVALID, "date_of_birth",
			    "A name is searched with its date of birth, "
			    "YYYY-MM-DD.");
		if (identity_key_name_dob(first, last, dob, key) == -1)
			return req_error(r, API_EINVALID, "last_name",
			    "A name needs at least one letter.");
		return 0;
	}
	if ((s = jv_str(o, "phone")) != NULL) {
		if (identity_key_phone(s, key) == -1)
			return req_error(r, API_EINVALID, "phone",
			    "phone must be a phone number.");
		return 0;
	}
	if ((s = jv_str(o, "document")) != NULL) {
		if (identity_key_document(s, key) == -1)
			return req_error(r, API_EINVALID, "document",
			    "document needs letters or digits.");
		return 0;
	}
	if ((s = jv_str(o, "email")) != NULL &&
	    identity_key_email(s, key) == -1)
		return req_error(r, API_EINVALID, "email",
		    "email must be an address with one @.");
	return s != NULL ? 0 : req_error(r, API_EINVALID, "text",
	    "Search notes through /api/v1/cases/search.");
}

int
person_find_phone(struct db *db, const char *phone, int64_t *id)
{
	char	 key[IDENTITY_KEY_MAX];
	size_t	 n = 0;
	int	 rc;

	*id = 0;
	if (identity_key_phone(phone, key) == -1)
		return 0;
	rc = identity_find(db, key, id, 1, &n);
	sodium_memzero(key, sizeof(key));
	if (rc == -1)
		return -1;
	return n > 0;
}

int
person_pop_json(struct db *db, int64_t uid, int64_t id, json_t **out)
{
	json_t	*p;
	int	 rc;

	*out = NULL;
	if ((rc = person_load_as(uid, db, id, true, &p)) != 1)
		return rc;
	*out = json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(p,
	    "id"), "pseudonym", json_object_get(p, "pseudonym"),
	    "safe_contact", json_object_get(p, "safe_contact"), "cases",
	    json_object_get(p, "cases"));
	json_decref(p);
	return *out != NULL ? 1 : -1;
}

int
person_by_phone(struct req *r, struct db *db, const char *phone,
    json_t **out)
{
	int64_t	 id;
	json_t	*o;
	int	 rc;

	*out = json_null();
	if ((rc = person_find_phone(db, phone, &id)) != 1)
		return rc;
	if ((rc = person_pop_json(db, r->user_id, id, &o)) != 1)
		return rc;
	auth_audit(r, "person.safe_contact.read", "person", id, "ok",
	    "lookup");
	json_decref(*out);
	*out = o;
	return 0;
}

static int
api_person_search(struct req *r)
{
	struct db	*db;
	json_t		*list, *o;
	char		 key[IDENTITY_KEY_MAX];
	int64_t		 ids[IDENTITY_FOUND_MAX];
	size_t		 n, i, k;
	int		 rc;

	if (req_check(r, identity_search_fields) == -1 ||
	    identity_search_key(r, r->json, key) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	rc = identity_find(db, key, ids, IDENTITY_FOUND_MAX, &n);
	sodium_memzero(key, sizeof(key));
	if (rc == -1)
		return req_dberror(r, db_err(db));
	list = json_array();
	for (i = 0; i < n; i++) {
		for (k = 0; k < i && ids[k] != ids[i]; k++)
			;
		if (k < i)
			continue;
		if ((rc = person_load_as(r->user_id, db, ids[i], false,
		    &o)) == -1) {
			json_decref(list);
			return req_dberror(r, db_err(db));
		}
		if (rc == 1)
			json_array_append_new(list, o);
	}
	auth_audit(r, "person.search", "person", 0, "ok", NULL);
	return req_json(r, 200, json_pack("{s:o}", "persons", list));
}

const struct route person_search_routes[] = {
	{ HTTP_POST, "/api/v1/persons/search", "persons.search",
	  api_person_search, PERM_CASES, 4096 },
};
const size_t person_search_nroutes = sizeof(person_search_routes) /
    sizeof(person_search_routes[0]);
