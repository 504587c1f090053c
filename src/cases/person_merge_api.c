/*
 * Merging two records of one person: the one merged (from) keeps its row,
 * pointing to the survivor (into), and hands it its cases, contacts and
 * tasks; each case moved says so on its time line.  Case admins only.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "cases/identity.h"
#include "http/jv.h"

enum merge_stmt {
	M_MERGE,		/* from points to into */
	M_CASES,		/* what from had moves to into */
	M_CONTACTS,
	M_TASKS,
	M_CASE_IDS,		/* from's cases, for their time lines */
	M__MAX
};

static const char *const merge_sql[M__MAX] = {
	[M_MERGE] = "UPDATE person SET merged_into = ?, version = version + 1, "
	    "updated_at = ? WHERE id = ? AND merged_into IS NULL RETURNING id",
	[M_CASES] = "UPDATE case_file SET person_id = ? "
	    "WHERE person_id = ?",
	[M_CONTACTS] = "UPDATE contact SET person_id = ? "
	    "WHERE person_id = ?",
	[M_TASKS] = "UPDATE task SET person_id = ? WHERE person_id = ?",
	[M_CASE_IDS] = "SELECT id FROM case_file WHERE person_id = ?",
};

struct merge_job {
	int64_t		 into, from, by;
	char		 into_ps[PSEUDONYM_LEN + 1], from_ps[PSEUDONYM_LEN + 1];
	int		 rc;
};

static int
merge_write(struct db *db, void *arg, struct err *e)
{
	struct merge_job	*j = arg;
	struct audit_entry	 au = { j->by, "person.merge", "person",
				    j->into, "ok", NULL };
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	int64_t			 got, ids[256];
	size_t			 n = 0, i;
	char			 text[96];
	static const int	 moves[] = { M_CASES, M_CONTACTS, M_TASKS };

	(void)e;
	if ((st = db_prepare(db, merge_sql[M_MERGE])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->into);
	db_bind_i64(st, 2, clock_now());
	db_bind_i64(st, 3, j->from);
	if ((j->rc = db_one_i64(st, &got)) != 1)
		return j->rc == 0 ? 0 : -1;
	if ((st = db_prepare(db, merge_sql[M_CASE_IDS])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->from);
	while ((rc = db_step(st)) == DB_ROW && n < 256)
		ids[n++] = db_col_i64(st, 0);
	db_reset(st);
	if (rc == DB_ERROR)
		return -1;
	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		if ((st = db_prepare(db, merge_sql[moves[i]])) == NULL)
			return -1;
		db_bind_i64(st, 1, j->into);
		db_bind_i64(st, 2, j->from);
		if (db_done(st) == -1)
			return -1;
	}
	snprintf(text, sizeof(text), "%s merged into %s", j->from_ps,
	    j->into_ps);
	for (i = 0; i < n; i++)
		if (case_event_add(db, ids[i], j->by, "merged", 0, text) == -1)
			return -1;
	return audit_append(db, &au);
}

static const struct jv_field merge_fields[] = {
	{ "from", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static int
api_person_merge(struct req *r)
{
	struct merge_job	 j;
	struct err		 e;
	struct db		*db;
	json_t			*into, *from = NULL, *o;
	int			 rc;

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.into) || req_check(r, merge_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	j.from = jv_int(r->json, "from", 0);
	j.by = r->user_id;
	if ((rc = person_load_as(r->user_id, db, j.into, false, &into)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	rc = -1;
	if (!json_is_null(json_object_get(into, "merged_into"))) {
		req_error(r, API_EINVALID, NULL, "This person was merged into "
		    "another: merge into that one.");
		goto out;
	}
	if (j.from == j.into || person_load_as(r->user_id, db, j.from, false,
	    &from) != 1 ||
	    !json_is_null(json_object_get(from, "merged_into"))) {
		req_error(r, API_EINVALID, "from", "from must be another "
		    "person, not merged already.");
		goto out;
	}
	snprintf(j.into_ps, sizeof(j.into_ps), "%s", jv_str(into, "pseudonym"));
	snprintf(j.from_ps, sizeof(j.from_ps), "%s", jv_str(from, "pseudonym"));
	if (dbpool_write(http_pool(r), merge_write, &j, &e) == -1) {
		req_dberror(r, &e);
		goto out;
	}
	if (j.rc == 0) {
		req_error(r, API_ECONFLICT, "from", "That person was merged "
		    "meanwhile.");
		goto out;
	}
	if ((rc = person_load_as(r->user_id, db, j.into, true, &o)) != 1) {
		rc = req_dberror(r, db_err(db));
		goto out;
	}
	rc = req_json(r, 200, json_pack("{s:o}", "person", o));
out:
	json_decref(into);
	json_decref(from);
	return rc;
}

const struct route person_merge_routes[] = {
	{ HTTP_POST, "/api/v1/persons/{id:int}/merge", "persons.merge",
	  api_person_merge, PERM_CASE_ADMIN, 1024 },
};
const size_t person_merge_nroutes = sizeof(person_merge_routes) /
    sizeof(person_merge_routes[0]);
