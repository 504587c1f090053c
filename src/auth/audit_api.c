/*
 * The audit log for auditors: entries filtered by user, action, object and
 * period, newest first, a page at a time; and a check of the whole chain.
 * Reading the log is itself audited.
 */
#include <stdint.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/valid.h"

#define AUDIT_PAGE_DEFAULT	50
#define AUDIT_PAGE_MAX		200

static const char *const sql_audit_page =
    "SELECT a.seq, a.at, a.user_id, u.username, a.action, a.object_type, "
    "a.object_id, a.result, a.detail FROM audit_log a "
    "LEFT JOIN app_user u ON u.id = a.user_id "
    "WHERE a.seq < ? "
    "AND (CAST(? AS BIGINT) = 0 OR a.user_id = ?) "
    "AND (CAST(? AS TEXT) = '' OR u.username = ?) "
    "AND (CAST(? AS TEXT) = '' OR a.action = ?) "
    "AND (CAST(? AS TEXT) = '' OR a.object_type = ?) "
    "AND (CAST(? AS BIGINT) = 0 OR a.object_id = ?) "
    "AND a.at >= ? AND a.at < ? "
    "ORDER BY a.seq DESC LIMIT ?";

struct audit_filter {
	int64_t		 before, user_id, object_id, from_ms, to_ms, limit;
	const char	*action, *object_type, *username;
};

/* One integer query argument; false (and answered 422) when malformed. */
static bool
query_int(struct req *r, const char *name, int64_t min, int64_t max,
    int64_t *v)
{
	const char	*s = req_query(r, name);

	if (s == NULL || *s == '\0')
		return true;
	if (!valid_i64(s, strlen(s), min, max, v)) {
		req_error(r, API_EINVALID, name, "must be a whole number in "
		    "range");
		return false;
	}
	return true;
}

static bool
query_word(struct req *r, const char *name, const char **v)
{
	const char	*s = req_query(r, name);
	size_t		 i;

	*v = "";
	if (s == NULL)
		return true;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= 64 || !((s[i] >= 'a' && s[i] <= 'z') || s[i] == '.' ||
		    s[i] == '_')) {
			req_error(r, API_EINVALID, name, "must be an action "
			    "or object name such as login or user.create");
			return false;
		}
	*v = s;
	return true;
}

static bool
audit_filter_parse(struct req *r, struct audit_filter *f)
{
	int64_t	 from = 0, to = INT64_MAX / 1000;

	f->before = INT64_MAX;
	f->user_id = f->object_id = 0;
	f->limit = AUDIT_PAGE_DEFAULT;
	if (!query_int(r, "before", 1, INT64_MAX, &f->before) ||
	    !query_int(r, "user_id", 1, INT64_MAX, &f->user_id) ||
	    !query_int(r, "object_id", 1, INT64_MAX, &f->object_id) ||
	    !query_int(r, "from", 0, INT64_MAX / 1000, &from) ||
	    !query_int(r, "to", 0, INT64_MAX / 1000, &to) ||
	    !query_int(r, "limit", 1, AUDIT_PAGE_MAX, &f->limit) ||
	    !query_word(r, "action", &f->action) ||
	    !query_word(r, "object_type", &f->object_type))
		return false;
	f->username = req_query(r, "username");
	if (f->username == NULL)
		f->username = "";
	else if (!valid_username(f->username, strlen(f->username))) {
		req_error(r, API_EINVALID, "username", "must be a user name");
		return false;
	}
	f->from_ms = from * 1000;
	f->to_ms = to * 1000;
	return true;
}

static json_t *
text_or_null(struct db_stmt *st, int i)
{
	return db_col_null(st, i) ? json_null() :
	    json_string(db_col_text(st, i));
}

static int
api_audit(struct req *r)
{
	struct audit_filter	 f;
	struct db_stmt		*st;
	struct db		*db;
	enum db_step_rc		 rc;
	json_t			*list, *e;
	int64_t			 last = 0, n = 0;

	if (!audit_filter_parse(r, &f))
		return -1;
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, sql_audit_page)) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, f.before);
	db_bind_i64(st, 2, f.user_id);
	db_bind_i64(st, 3, f.user_id);
	db_bind_str(st, 4, f.username);
	db_bind_str(st, 5, f.username);
	db_bind_str(st, 6, f.action);
	db_bind_str(st, 7, f.action);
	db_bind_str(st, 8, f.object_type);
	db_bind_str(st, 9, f.object_type);
	db_bind_i64(st, 10, f.object_id);
	db_bind_i64(st, 11, f.object_id);
	db_bind_i64(st, 12, f.from_ms);
	db_bind_i64(st, 13, f.to_ms);
	db_bind_i64(st, 14, f.limit);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		last = db_col_i64(st, 0);
		n++;
		e = json_pack("{s:I, s:I, s:o, s:o, s:s, s:o, s:o, s:s, s:o}",
		    "seq", (json_int_t)last, "at", (json_int_t)db_col_i64(st, 1),
		    "user_id", db_col_i64(st, 2) > 0 ?
		    json_integer(db_col_i64(st, 2)) : json_null(),
		    "username", text_or_null(st, 3),
		    "action", db_col_text(st, 4),
		    "object_type", text_or_null(st, 5),
		    "object_id", db_col_i64(st, 6) > 0 ?
		    json_integer(db_col_i64(st, 6)) : json_null(),
		    "result", db_col_text(st, 7),
		    "detail", text_or_null(st, 8));
		if (e == NULL || json_array_append_new(list, e) == -1)
			break;
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "audit.read", NULL, 0, "ok", NULL);
	return req_json(r, 200, json_pack("{s:o, s:o}", "entries", list,
	    "next_before", n == f.limit && last > 1 ? json_integer(last) :
	    json_null()));
}

static int
api_audit_verify(struct req *r)
{
	struct audit_verifier	 v;
	struct err		 e;
	struct db		*db;
	int			 rc;

	if ((db = req_db(r)) == NULL)
		return -1;
	audit_verifier_init(&v);
	if (audit_verify_db(db, &v, &e) == -1) {
		audit_verifier_release(&v);
		return req_dberror(r, &e);
	}
	auth_audit(r, "audit.verify", NULL, 0, v.failed ? "failed" : "ok",
	    NULL);
	rc = req_json(r, 200, json_pack("{s:b, s:I, s:o}", "ok", !v.failed,
	    "entries", (json_int_t)v.rows, "problem", v.failed ?
	    json_string(v.problem) : json_null()));
	audit_verifier_release(&v);
	return rc;
}

const struct route audit_routes[] = {
	{ HTTP_GET, "/api/v1/audit", "audit.list", api_audit,
	  PERM_AUDIT_READ, 0 },
	{ HTTP_POST, "/api/v1/audit/verify", "audit.verify", api_audit_verify,
	  PERM_AUDIT_READ, 0 },
};
const size_t audit_nroutes = sizeof(audit_routes) / sizeof(audit_routes[0]);
