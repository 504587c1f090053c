/*
 * A person's identity in the database: the identity document sealed, and
 * a row in person_bidx per identity value with its blind index, so a
 * look-up is one indexed query and the database alone holds no name,
 * number or document in clear.  The keys come from identity.c; person_api.c
 * writes and looks for likely duplicates, the searches find by one key.
 */
#include <stdio.h>
#include <string.h>

#include "cases/cases.h"
#include "cases/identity.h"
#include "crypto/field.h"

enum identity_stmt {
	ID_SEAL,		/* the sealed identity document */
	ID_BIDX_DELETE,		/* a person's index rows, before new ones */
	ID_BIDX_INSERT,		/* an index row, its value empty ... */
	ID_BIDX_SEAL,		/* ... sealed once the row has its id */
	ID_BIDX_FIND,		/* the persons with an index value */
	ID__MAX
};

static const char *const identity_sql[ID__MAX] = {
	[ID_SEAL] = "UPDATE person SET identity = ? WHERE id = ?",
	[ID_BIDX_DELETE] = "DELETE FROM person_bidx WHERE person_id = ?",
	[ID_BIDX_INSERT] = "INSERT INTO person_bidx (person_id, kind, value, "
	    "bidx) VALUES (?, ?, ?, ?) RETURNING id",
	[ID_BIDX_SEAL] = "UPDATE person_bidx SET value = ? WHERE id = ?",
	[ID_BIDX_FIND] = "SELECT DISTINCT p.id, p.pseudonym, b.kind, "
	    "p.merged_into FROM person_bidx b JOIN person p "
	    "ON p.id = b.person_id WHERE b.bidx = ? ORDER BY p.id LIMIT 20",
};

/* The index keys of an identity document, handed to fn. */
typedef int (*key_fn)(enum identity_kind, const char *, void *);

static int
identity_keys(const json_t *id, key_fn fn, void *arg)
{
	char		 key[IDENTITY_KEY_MAX];
	const char	*dob = jv_str(id, "date_of_birth");
	json_t		*v;
	size_t		 i;

	if (dob != NULL && *dob != '\0' && identity_key_name_dob(
	    jv_str(id, "first_name"), jv_str(id, "last_name"), dob, key) == 0 &&
	    fn(IDENT_NAME_DOB, key, arg) == -1)
		return -1;
	json_array_foreach(json_object_get(id, "aliases"), i, v)
		if (dob != NULL && *dob != '\0' && identity_key_name_dob(
		    json_string_value(v), NULL, dob, key) == 0 &&
		    fn(IDENT_NAME_DOB, key, arg) == -1)
			return -1;
	json_array_foreach(json_object_get(id, "phones"), i, v)
		if (identity_key_phone(json_string_value(v), key) == 0 &&
		    fn(IDENT_PHONE, key, arg) == -1)
			return -1;
	json_array_foreach(json_object_get(id, "documents"), i, v)
		if (identity_key_document(jv_str(v, "number"), key) == 0 &&
		    fn(IDENT_DOCUMENT, key, arg) == -1)
			return -1;
	json_array_foreach(json_object_get(id, "emails"), i, v)
		if (identity_key_email(json_string_value(v), key) == 0 &&
		    fn(IDENT_EMAIL, key, arg) == -1)
			return -1;
	return 0;
}

/* ---- Finding persons by blind index. */

struct found {
	int64_t		 id;
	char		 pseudonym[PSEUDONYM_LEN + 1];
	unsigned	 kinds;		/* bit per identity_kind */
	int64_t		 merged_into;
};

struct finder {
	struct db	*db;
	int64_t		 except;	/* 0: none */
	bool		 with_merged;
	struct found	 found[IDENTITY_FOUND_MAX];
	size_t		 n;
};

static int
find_key(enum identity_kind kind, const char *key, void *arg)
{
	struct finder	*f = arg;
	struct db_stmt	*st;
	unsigned char	 bidx[BLIND_BYTES];
	enum db_step_rc	 rc;
	int64_t		 id;
	size_t		 i;

	(void)kind;
	blind_index("identity", key, strlen(key), bidx);
	if ((st = db_prepare(f->db, identity_sql[ID_BIDX_FIND])) == NULL)
		return -1;
	db_bind_blob(st, 1, bidx, sizeof(bidx));
	while ((rc = db_step(st)) == DB_ROW) {
		id = db_col_i64(st, 0);
		if (id == f->except || (!f->with_merged &&
		    !db_col_null(st, 3)))
			continue;
		for (i = 0; i < f->n && f->found[i].id != id; i++)
			;
		if (i == f->n) {
			if (f->n == IDENTITY_FOUND_MAX)
				continue;
			memset(&f->found[i], 0, sizeof(f->found[i]));
			f->found[i].id = id;
			snprintf(f->found[i].pseudonym,
			    sizeof(f->found[i].pseudonym), "%s",
			    db_col_text(st, 1));
			f->found[i].merged_into = db_col_i64(st, 3);
			f->n++;
		}
		{
			enum identity_kind	 k;
			const char		*kc = db_col_text(st, 2);

			for (k = 0; k < IDENT__MAX; k++)
				if (strcmp(kc, identity_kind_code(k)) == 0)
					f->found[i].kinds |= 1u << k;
		}
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

static json_t *
found_json(const struct finder *f)
{
	json_t		*list = json_array(), *kinds;
	size_t		 i;
	int		 k;

	for (i = 0; i < f->n; i++) {
		kinds = json_array();
		for (k = 0; k < IDENT__MAX; k++)
			if (f->found[i].kinds & (1u << k))
				json_array_append_new(kinds, json_string(
				    identity_kind_code((enum identity_kind)k)));
		json_array_append_new(list, json_pack("{s:I, s:s, s:o}", "id",
		    (json_int_t)f->found[i].id, "pseudonym",
		    f->found[i].pseudonym, "matched", kinds));
	}
	return list;
}

/* The likely duplicates of an identity document (see cases.h). */
int
identity_duplicates(struct db *db, const json_t *identity, json_t **out)
{
	struct finder	 f;

	*out = NULL;
	memset(&f, 0, sizeof(f));
	f.db = db;
	if (identity_keys(identity, find_key, &f) == -1)
		return -1;
	*out = found_json(&f);
	return 0;
}

int
identity_find(struct db *db, const char *key, int64_t *ids, size_t max,
    size_t *n)
{
	struct finder	 f;
	size_t		 i;

	memset(&f, 0, sizeof(f));
	f.db = db;
	if (find_key(IDENT_NAME_DOB, key, &f) == -1)
		return -1;
	/* A merged person is found as its survivor. */
	for (i = 0, *n = 0; i < f.n && *n < max; i++)
		ids[(*n)++] = f.found[i].merged_into != 0 ?
		    f.found[i].merged_into : f.found[i].id;
	return 0;
}

/* ---- Writing the index. */

struct bidx_job {
	struct db	*db;
	int64_t		 person_id;
};

static int
bidx_add(enum identity_kind kind, const char *key, void *arg)
{
	struct bidx_job	*j = arg;
	struct db_stmt	*st;
	unsigned char	 bidx[BLIND_BYTES];
	int64_t		 id;

	blind_index("identity", key, strlen(key), bidx);
	if ((st = db_prepare(j->db, identity_sql[ID_BIDX_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->person_id);
	db_bind_str(st, 2, identity_kind_code(kind));
	db_bind_blob(st, 3, "", 0);	/* sealed once the row has its id */
	db_bind_blob(st, 4, bidx, sizeof(bidx));
	if (db_one_i64(st, &id) != 1)
		return -1;
	return sealed_put(j->db, identity_sql[ID_BIDX_SEAL], "person_bidx",
	    "value", id, key);
}

/* Replace a person's sealed identity and its index rows (see cases.h). */
int
identity_store(struct db *db, int64_t id, const json_t *identity)
{
	struct bidx_job	 j = { db, id };
	struct db_stmt	*st;
	char		*s;
	int		 rc;

	if ((st = db_prepare(db, identity_sql[ID_BIDX_DELETE])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if (db_done(st) == -1)
		return -1;
	s = json_dumps(identity, JSON_COMPACT);
	rc = sealed_put(db, identity_sql[ID_SEAL], "person", "identity",
	    id, s);
	wipe_free(s);
	if (rc == -1)
		return -1;
	return identity_keys(identity, bidx_add, &j);
}
