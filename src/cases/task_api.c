/*
 * Tasks (with "my tasks" and the deadlines the legal track makes), a
 * case's time line, and its notes.  A call-back task carries the person's
 * safe-contact protocol, so that it is read before anyone dials; that read
 * is audited like any other.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/valid.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/desk.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"

#define TASK_BODY_MAX	4096
#define NOTE_BODY_MAX	(24 * 1024)
#define TIMELINE_MAX	500

/* The columns of a task, in the order task_json() reads them. */
#define TASK_COLS "SELECT t.id, t.case_id, c.year, c.number, p.id, " \
	"p.pseudonym, t.kind, t.title, t.due_on, t.assignee_id, a.username, " \
	"t.done_at, t.done_by, d.username, t.contact_id, p.safe_contact, " \
	"t.source, t.event_on " \
	"FROM task t LEFT JOIN case_file c ON c.id = t.case_id " \
	"LEFT JOIN person p ON p.id = COALESCE(t.person_id, c.person_id) " \
	"JOIN app_user a ON a.id = t.assignee_id " \
	"LEFT JOIN app_user d ON d.id = t.done_by "

enum task_stmt {
	K_BY_CASE,
	K_MINE,
	K_ONE,
	K_INSERT,
	K_EVENT_ON,
	K_SEAL,
	K_UPDATE,
	K_DONE,
	K_DEADLINE_FIND,
	K_DEADLINE_MOVE,
	K_DEADLINES_OPEN,
	K_PERSON_OK,
	K_TIMELINE,
	K__MAX
};

static const char *const task_sql[K__MAX] = {
	[K_BY_CASE] = TASK_COLS "WHERE t.case_id = ? AND "
	    "(CAST(? AS INTEGER) = 0 OR t.done_at IS NULL) "
	    "ORDER BY t.due_on, t.id LIMIT 500",
	[K_MINE] = TASK_COLS "WHERE t.assignee_id = ? AND "
	    "(CAST(? AS INTEGER) = 0 OR t.done_at IS NULL) "
	    "ORDER BY t.due_on, t.id LIMIT 500",
	[K_ONE] = TASK_COLS "WHERE t.id = ?",
	[K_INSERT] = "INSERT INTO task (case_id, person_id, contact_id, kind, "
	    "source, title, due_on, assignee_id, created_by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[K_EVENT_ON] = "UPDATE task SET event_on = ? WHERE id = ?",
	[K_SEAL] = "UPDATE task SET title = ? WHERE id = ?",
	[K_UPDATE] = "UPDATE task SET due_on = ?, assignee_id = ? "
	    "WHERE id = ? RETURNING id",
	[K_DONE] = "UPDATE task SET done_at = ?, done_by = ? WHERE id = ? "
	    "AND done_at IS NULL RETURNING id",
	[K_DEADLINE_FIND] = "SELECT id, due_on, done_at FROM task "
	    "WHERE case_id = ? AND kind = 'deadline' AND source = ?",
	[K_DEADLINE_MOVE] = "UPDATE task SET due_on = ?, assignee_id = ?, "
	    "event_on = ?, done_at = NULL, done_by = NULL WHERE id = ?",
	[K_DEADLINES_OPEN] = "SELECT id, source FROM task WHERE case_id = ? "
	    "AND kind = 'deadline' AND done_at IS NULL",
	[K_PERSON_OK] = "SELECT count(*) FROM person WHERE id = ?",
	/* The case's own events, and every contact linked to it. */
	[K_TIMELINE] = "SELECT e.id, e.at, e.kind, e.user_id, u.username, "
	    "e.contact_id, e.text, NULL FROM case_event e LEFT JOIN app_user u "
	    "ON u.id = e.user_id WHERE e.case_id = ? "
	    "UNION ALL SELECT 0, c.started_at, 'contact', c.consultant_id, "
	    "u.username, c.id, NULL, c.channel || ', ' || c.inquirer || ', ' || "
	    "c.outcome FROM contact c JOIN app_user u ON u.id = c.consultant_id "
	    "WHERE c.case_id = ? ORDER BY 2 DESC, 1 DESC LIMIT 500",
};

/* ---- Reading tasks. */

/*
 * The persons whose protocol a page of tasks showed, audited once the rows
 * are read: an audit entry is a write, and on PostgreSQL a write on this
 * connection would end the read in progress.
 */
struct shown {
	int64_t		 pid[64];
	size_t		 n;
};

static void
shown_add(struct shown *sh, int64_t pid)
{
	size_t	 i;

	for (i = 0; i < sh->n && sh->pid[i] != pid; i++)
		;
	if (i == sh->n && sh->n < sizeof(sh->pid) / sizeof(sh->pid[0]))
		sh->pid[sh->n++] = pid;
}

static int
task_json(struct db *db, struct db_stmt *st, const char *today,
    struct shown *sh, json_t **out)
{
	char		 ref[REFERENCE_MAX], *title;
	json_t		*o, *safe;
	int64_t		 id = db_col_i64(st, 0), pid = db_col_i64(st, 4);
	const char	*kind = db_col_text(st, 6), *due = db_col_text(st, 8);
	bool		 done = !db_col_null(st, 11);

	*out = NULL;
	if (sealed_get(db, st, 7, "task", "title", id, &title) == -1)
		return -1;
	case_reference(db_col_i64(st, 2), db_col_i64(st, 3), ref);
	o = json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:b, "
	    "s:o}", "id", (json_int_t)id,
	    "case", db_col_null(st, 1) ? json_null() : json_pack("{s:I, s:s}",
	    "id", (json_int_t)db_col_i64(st, 1), "reference", ref),
	    "person", pid == 0 ? json_null() : json_pack("{s:I, s:s}", "id",
	    (json_int_t)pid, "pseudonym", db_col_text(st, 5)),
	    "kind", kind, "title", title != NULL ? title : "", "due_on", due,
	    "assignee", user_json(db_col_i64(st, 9), db_col_text(st, 10)),
	    "done_at", hotline_time_json(db_col_i64(st, 11)),
	    "done_by", user_json(db_col_i64(st, 12), db_col_text(st, 13)),
	    "overdue", !done && strcmp(due, today) < 0,
	    "contact_id", db_col_null(st, 14) ? json_null() :
	    json_integer(db_col_i64(st, 14)));
	if (o != NULL && strcmp(kind, "deadline") == 0) {
		/* The interface words a deadline in its own language. */
		json_object_set_new(o, "source", str_or_null(db_col_text(st,
		    16)));
		json_object_set_new(o, "event_on", str_or_null(db_col_text(st,
		    17)));
	}
	wipe_free(title);
	if (o == NULL)
		return -1;
	if (strcmp(kind, "callback") == 0) {
		safe = json_null();
		if (pid != 0) {
			if (sealed_get_json(db, st, 15, "person",
			    "safe_contact", pid, &safe) == -1) {
				json_decref(o);
				return -1;
			}
			shown_add(sh, pid);
		}
		json_object_set_new(o, "safe_contact", safe);
	}
	*out = o;
	return 0;
}

static int
task_rows_run(struct req *r, struct db *db, struct db_stmt *st, json_t *out)
{
	struct shown	 sh;
	enum db_step_rc	 rc;
	char		 today[11];
	json_t		*o;
	size_t		 i;

	sh.n = 0;
	today_iso(today);
	while ((rc = db_step(st)) == DB_ROW) {
		if (task_json(db, st, today, &sh, &o) == -1) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(out, o);
	}
	db_reset(st);
	for (i = 0; i < sh.n; i++)
		auth_audit(r, "person.safe_contact.read", "person", sh.pid[i],
		    "ok", "task");
	return rc == DB_ERROR ? -1 : 0;
}

int
task_rows(struct req *r, struct db *db, int64_t case_id, int64_t user_id,
    bool open_only, json_t *out)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, task_sql[case_id != 0 ? K_BY_CASE :
	    K_MINE])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id != 0 ? case_id : user_id);
	db_bind_i64(st, 2, open_only);
	return task_rows_run(r, db, st, out);
}

/* One task: 1 found, 0 not, -1 error; *case_id its case (0: none). */
static int
task_one(struct req *r, struct db *db, int64_t id, json_t **out,
    int64_t *case_id)
{
	struct db_stmt	*st;
	json_t		*list = json_array();
	int		 rc;

	*out = NULL;
	if ((st = db_prepare(db, task_sql[K_ONE])) == NULL) {
		json_decref(list);
		return -1;
	}
	db_bind_i64(st, 1, id);
	rc = task_rows_run(r, db, st, list);
	if (rc == 0 && json_array_size(list) == 1) {
		*out = json_incref(json_array_get(list, 0));
		*case_id = jv_int(json_object_get(*out, "case"), "id", 0);
		rc = 1;
	}
	json_decref(list);
	return rc;
}

/* ---- Deadlines from the legal track. */

int
task_insert(struct db *db, int64_t case_id, int64_t person_id,
    int64_t contact_id, const char *kind, const char *source,
    const char *title, const char *due_on, int64_t assignee, int64_t by,
    int64_t *id)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, task_sql[K_INSERT])) == NULL)
		return -1;
	if (case_id != 0)
		db_bind_i64(st, 1, case_id);
	else
		db_bind_null(st, 1);
	if (person_id != 0)
		db_bind_i64(st, 2, person_id);
	else
		db_bind_null(st, 2);
	if (contact_id != 0)
		db_bind_i64(st, 3, contact_id);
	else
		db_bind_null(st, 3);
	db_bind_str(st, 4, kind);
	db_bind_str(st, 5, source);
	db_bind_blob(st, 6, "", 0);	/* sealed once the row has its id */
	db_bind_str(st, 7, due_on);
	db_bind_i64(st, 8, assignee);
	if (by != 0)
		db_bind_i64(st, 9, by);
	else
		db_bind_null(st, 9);	/* made by the SIP server's report */
	db_bind_i64(st, 10, clock_now());
	if (db_one_i64(st, id) != 1)
		return -1;
	return sealed_put(db, task_sql[K_SEAL], "task", "title", *id, title);
}

int
task_deadline_put(struct db *db, int64_t case_id, const char *source,
    const char *title, const char *event_on, const char *due_on,
    int64_t assignee, int64_t by)
{
	struct db_stmt	*st;
	int64_t		 id;
	bool		 same;
	int		 rc;

	if ((st = db_prepare(db, task_sql[K_DEADLINE_FIND])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	db_bind_str(st, 2, source);
	if ((rc = db_row(st)) == -1)
		return -1;
	if (rc == 0) {
		if (task_insert(db, case_id, 0, 0, "deadline", source, title,
		    due_on, assignee, by, &id) == -1 ||
		    (st = db_prepare(db, task_sql[K_EVENT_ON])) == NULL)
			return -1;
		db_bind_str(st, 1, event_on);
		db_bind_i64(st, 2, id);
		return db_done(st);
	}
	id = db_col_i64(st, 0);
	same = strcmp(db_col_text(st, 1), due_on) == 0 && db_col_null(st, 2);
	db_reset(st);
	if (same)
		return 0;
	/* The date moved (or came back): the reminder is open again. */
	if ((st = db_prepare(db, task_sql[K_DEADLINE_MOVE])) == NULL)
		return -1;
	db_bind_str(st, 1, due_on);
	db_bind_i64(st, 2, assignee);
	db_bind_str(st, 3, event_on);
	db_bind_i64(st, 4, id);
	if (db_done(st) == -1)
		return -1;
	return sealed_put(db, task_sql[K_SEAL], "task", "title", id, title);
}

int
task_deadline_prune(struct db *db, int64_t case_id, const char *prefix,
    const char *const *keep, int64_t by)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	int64_t		 gone[64], got;
	size_t		 n = 0, i;
	const char	*src;

	if ((st = db_prepare(db, task_sql[K_DEADLINES_OPEN])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	while ((rc = db_step(st)) == DB_ROW && n < 64) {
		src = db_col_text(st, 1);
		if (strncmp(src, prefix, strlen(prefix)) != 0)
			continue;
		for (i = 0; keep[i] != NULL && strcmp(keep[i], src) != 0; i++)
			;
		if (keep[i] == NULL)
			gone[n++] = db_col_i64(st, 0);
	}
	db_reset(st);
	if (rc == DB_ERROR)
		return -1;
	for (i = 0; i < n; i++) {
		if ((st = db_prepare(db, task_sql[K_DONE])) == NULL)
			return -1;
		db_bind_i64(st, 1, clock_now());
		db_bind_i64(st, 2, by);
		db_bind_i64(st, 3, gone[i]);
		if (db_one_i64(st, &got) == -1)
			return -1;
	}
	return 0;
}

/* ---- Routes. */

static const char *const task_kinds[] = { "task", "callback", NULL };

static const struct jv_field create_fields[] = {
	{ "case_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ "person_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ "contact_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ "kind", JV_STRING, false, false, 1, 16, 0, 0, task_kinds, NULL,
	  NULL },
	{ "title", JV_STRING, true, false, 1, TITLE_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "due_on", JV_STRING, true, false, 10, 10, 0, 0, NULL, NULL, NULL },
	{ "assignee_id", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static const struct jv_field patch_fields[] = {
	{ "title", JV_STRING, false, false, 1, TITLE_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "due_on", JV_STRING, false, false, 10, 10, 0, 0, NULL, NULL, NULL },
	{ "assignee_id", JV_INT, false, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static const struct jv_field empty_fields[] = {
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

/* Check due_on and assignee_id of a body; -1 when answered. */
static int
task_body_ok(struct req *r, struct db *db, const json_t *o)
{
	struct cal_date	 d;
	const char	*s = jv_str(o, "due_on");
	int		 ok;

	if (s != NULL && date_parse(s, &d) == -1)
		return req_error(r, API_EINVALID, "due_on", "due_on is a date, "
		    "YYYY-MM-DD.");
	if (json_object_get(o, "assignee_id") == NULL)
		return 0;
	if ((ok = staff_is(db, jv_int(o, "assignee_id", 0))) == -1)
		return req_dberror(r, db_err(db));
	if (!ok)
		return req_error(r, API_EINVALID, "assignee_id", "The assignee "
		    "must be an enabled consultant or coordinator.");
	return 0;
}

struct task_job {
	const json_t	*body;
	int64_t		 id, case_id, person_id, contact_id, by;
	int		 rc;
};

static int
create_write(struct db *db, void *arg, struct err *e)
{
	struct task_job		*j = arg;
	const char		*kind = jv_str(j->body, "kind");

	(void)e;
	if (task_insert(db, j->case_id, j->person_id, j->contact_id,
	    kind != NULL ? kind : "task", NULL, jv_str(j->body, "title"),
	    jv_str(j->body, "due_on"), jv_int(j->body, "assignee_id", 0),
	    j->by, &j->id) == -1)
		return -1;
	if (j->case_id != 0 && case_event_add(db, j->case_id, j->by, "task", 0,
	    jv_str(j->body, "title")) == -1)
		return -1;
	return 0;
}

static int
api_task_create(struct req *r)
{
	struct case_head	 h;
	struct task_job		 j;
	struct db_stmt		*st;
	struct err		 e;
	struct db		*db;
	json_t			*o;
	int64_t			 n = 0, cid;

	memset(&j, 0, sizeof(j));
	if (req_check(r, create_fields) == -1 || (db = req_db(r)) == NULL ||
	    task_body_ok(r, db, r->json) == -1)
		return -1;
	j.case_id = jv_int(r->json, "case_id", 0);
	j.person_id = jv_int(r->json, "person_id", 0);
	j.contact_id = jv_int(r->json, "contact_id", 0);
	if (j.case_id != 0) {
		if ((n = case_exists(db, j.case_id)) == -1)
			return req_dberror(r, db_err(db));
		if (n == 0)
			return req_error(r, API_EINVALID, "case_id",
			    "No such case.");
		if (case_open(r, db, j.case_id, &h) == -1)
			return -1;
	}
	if (j.person_id != 0) {
		if ((st = db_prepare(db, task_sql[K_PERSON_OK])) == NULL)
			return req_dberror(r, db_err(db));
		db_bind_i64(st, 1, j.person_id);
		if (db_one_i64(st, &n) == -1)
			return req_dberror(r, db_err(db));
		if (n == 0)
			return req_error(r, API_EINVALID, "person_id",
			    "No such person.");
	}
	if (j.contact_id != 0) {
		if ((n = contact_exists(db, j.contact_id)) == -1)
			return req_dberror(r, db_err(db));
		if (n == 0)
			return req_error(r, API_EINVALID, "contact_id",
			    "No such contact.");
	}
	j.body = r->json;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (task_one(r, db, j.id, &o, &cid) != 1)
		return req_dberror(r, db_err(db));
	return req_json(r, 201, json_pack("{s:o}", "task", o));
}

static int
api_tasks(struct req *r)
{
	struct case_head	 h;
	struct db		*db;
	const char		*s;
	json_t			*list;
	int64_t			 case_id = 0;
	bool			 open_only = true;

	if ((s = req_query(r, "case_id")) != NULL && !valid_i64(s, strlen(s),
	    1, INT64_MAX, &case_id))
		return req_error(r, API_EINVALID, "case_id", "case_id must be "
		    "a case id.");
	if ((s = req_query(r, "open")) != NULL) {
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			return req_error(r, API_EINVALID, "open", "open is "
			    "true or false.");
		open_only = strcmp(s, "true") == 0;
	}
	if ((s = req_query(r, "mine")) != NULL && strcmp(s, "true") != 0 &&
	    strcmp(s, "false") != 0)
		return req_error(r, API_EINVALID, "mine", "mine is true or "
		    "false.");
	if ((db = req_db(r)) == NULL)
		return -1;
	if (case_id != 0 && case_open(r, db, case_id, &h) == -1)
		return -1;
	list = json_array();
	if (task_rows(r, db, case_id, r->user_id, open_only, list) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "tasks", list));
}

static int
update_write(struct db *db, void *arg, struct err *e)
{
	struct task_job	*j = arg;
	struct db_stmt	*st;
	const char	*title = jv_str(j->body, "title");
	int64_t		 got;

	(void)e;
	if ((st = db_prepare(db, task_sql[K_UPDATE])) == NULL)
		return -1;
	db_bind_str(st, 1, jv_str(j->body, "due_on"));
	db_bind_i64(st, 2, jv_int(j->body, "assignee_id", 0));
	db_bind_i64(st, 3, j->id);
	if ((j->rc = db_one_i64(st, &got)) != 1)
		return j->rc == 0 ? 0 : -1;
	if (title != NULL && sealed_put(db, task_sql[K_SEAL], "task", "title",
	    j->id, title) == -1)
		return -1;
	return 0;
}

static int
done_write(struct db *db, void *arg, struct err *e)
{
	struct task_job	*j = arg;
	struct db_stmt	*st;
	int64_t		 got;

	(void)e;
	if ((st = db_prepare(db, task_sql[K_DONE])) == NULL)
		return -1;
	db_bind_i64(st, 1, clock_now());
	db_bind_i64(st, 2, j->by);
	db_bind_i64(st, 3, j->id);
	if ((j->rc = db_one_i64(st, &got)) != 1)
		return j->rc == 0 ? 0 : -1;
	return 0;
}

/* Load task id, with its case's access checked; -1 when answered. */
static int
task_reach(struct req *r, struct db *db, int64_t id, json_t **old)
{
	struct case_head	 h;
	int64_t			 cid = 0;
	int			 rc;

	if ((rc = task_one(r, db, id, old, &cid)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	if (cid != 0 && case_open(r, db, cid, &h) == -1) {
		json_decref(*old);
		return -1;
	}
	return 0;
}

static int
api_task_update(struct req *r)
{
	struct task_job	 j;
	struct err	 e;
	struct db	*db;
	json_t		*old, *body, *o;
	int64_t		 cid;

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL || task_body_ok(r, db, r->json) == -1 ||
	    task_reach(r, db, j.id, &old) == -1)
		return -1;
	/* The stored values under the body's. */
	body = json_pack("{s:O, s:I}", "due_on", json_object_get(old,
	    "due_on"), "assignee_id", (json_int_t)jv_int(json_object_get(old,
	    "assignee"), "id", 0));
	json_decref(old);
	json_object_update(body, r->json);
	j.body = body;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), update_write, &j, &e) == -1) {
		json_decref(body);
		return req_dberror(r, &e);
	}
	json_decref(body);
	if (task_one(r, db, j.id, &o, &cid) != 1)
		return req_dberror(r, db_err(db));
	return req_json(r, 200, json_pack("{s:o}", "task", o));
}

static int
api_task_done(struct req *r)
{
	struct task_job	 j;
	struct err	 e;
	struct db	*db;
	json_t		*old, *o;
	int64_t		 cid;

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.id) || req_check(r, empty_fields) == -1 ||
	    (db = req_db(r)) == NULL || task_reach(r, db, j.id, &old) == -1)
		return -1;
	json_decref(old);
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), done_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.rc == 0)
		return req_error(r, API_ECONFLICT, NULL, "This task is done "
		    "already.");
	if (task_one(r, db, j.id, &o, &cid) != 1)
		return req_dberror(r, db_err(db));
	return req_json(r, 200, json_pack("{s:o}", "task", o));
}

/* ---- The time line and notes. */

static int
api_timeline(struct req *r)
{
	struct case_head	 h;
	struct db_stmt		*st;
	struct db		*db;
	enum db_step_rc		 rc;
	json_t			*list;
	char			*text;
	int64_t			 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    case_open(r, db, id, &h) == -1)
		return -1;
	if ((st = db_prepare(db, task_sql[K_TIMELINE])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, id);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (sealed_get(db, st, 6, "case_event", "text",
		    db_col_i64(st, 0), &text) == -1) {
			rc = DB_ERROR;
			break;
		}
		if (text == NULL && !db_col_null(st, 7))
			text = xstrdup(db_col_text(st, 7));
		json_array_append_new(list, json_pack("{s:o, s:o, s:s, s:o, "
		    "s:o, s:o}", "id", db_col_i64(st, 0) == 0 ? json_null() :
		    json_integer(db_col_i64(st, 0)), "at",
		    hotline_time_json(db_col_i64(st, 1)), "kind", db_col_text(st, 2),
		    "by", user_json(db_col_i64(st, 3), db_col_text(st, 4)),
		    "text", str_or_null(text), "contact_id",
		    db_col_null(st, 5) ? json_null() :
		    json_integer(db_col_i64(st, 5))));
		wipe_free(text);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "case.read", "case", id, "ok", "timeline");
	return req_json(r, 200, json_pack("{s:o}", "events", list));
}

static const struct jv_field note_fields[] = {
	{ "text", JV_TEXT, true, false, 1, NOTE_MAX, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

struct note_job {
	int64_t		 case_id, by, id;
	const char	*text;
};

static int
note_write(struct db *db, void *arg, struct err *e)
{
	struct note_job		*j = arg;
	struct audit_entry	 au = { j->by, "case.note", "case", j->case_id,
				    "ok", NULL };

	(void)e;
	if (case_event_add_id(db, j->case_id, j->by, "note", 0, j->text,
	    &j->id) == -1 || case_touch(db, j->case_id) == -1)
		return -1;
	return audit_append(db, &au);
}

static int
api_note_add(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct case_head	 h;
	struct note_job		 j;
	struct err		 e;
	struct db		*db;

	if (!path_int(r, "id", &j.case_id) || req_check(r, note_fields) == -1 ||
	    (db = req_db(r)) == NULL || case_open(r, db, j.case_id, &h) == -1)
		return -1;
	j.by = r->user_id;
	j.text = jv_str(r->json, "text");
	if (dbpool_write(http_pool(r), note_write, &j, &e) == -1)
		return req_dberror(r, &e);
	return req_json(r, 201, json_pack("{s:{s:I, s:o, s:s, s:{s:I, s:s}, "
	    "s:s, s:n}}", "event", "id", (json_int_t)j.id, "at",
	    hotline_time_json(clock_now()), "kind", "note", "by", "id",
	    (json_int_t)p->user_id, "username", p->username, "text", j.text,
	    "contact_id"));
}

const struct route task_routes[] = {
	{ HTTP_POST, "/api/v1/tasks", "tasks.create", api_task_create,
	  PERM_CASES, TASK_BODY_MAX },
	{ HTTP_GET, "/api/v1/tasks", "tasks.list", api_tasks, PERM_CASES, 0 },
	{ HTTP_PATCH, "/api/v1/tasks/{id:int}", "tasks.update",
	  api_task_update, PERM_CASES, TASK_BODY_MAX },
	{ HTTP_POST, "/api/v1/tasks/{id:int}/done", "tasks.done",
	  api_task_done, PERM_CASES, 64 },
	{ HTTP_GET, "/api/v1/cases/{id:int}/timeline", "cases.timeline",
	  api_timeline, PERM_CASES, 0 },
	{ HTTP_POST, "/api/v1/cases/{id:int}/notes", "cases.notes",
	  api_note_add, PERM_CASES, NOTE_BODY_MAX },
};
const size_t task_nroutes = sizeof(task_routes) / sizeof(task_routes[0]);
