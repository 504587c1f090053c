/*
 * How handlers answer: JSON bodies, errors in one shape, embedded files,
 * extra headers.  The server turns the answer into an MHD response after the
 * handler returns (server.c).
 */
#include <string.h>

#include <microhttpd.h>

#include "base/log.h"
#include "base/xmalloc.h"
#include "db/db.h"
#include "http/http.h"
#include "http/jv.h"

static const struct {
	int		 status;
	const char	*code;
	const char	*message;
} api_errs[API__MAX] = {
	[API_OK] =		{ 200, "ok", "OK" },
	[API_EBADREQ] =		{ 400, "bad_request", "The request is malformed." },
	[API_EBADJSON] =	{ 400, "bad_json", "The body is not valid JSON." },
	[API_EUNAUTH] =		{ 401, "unauthenticated", "Please log in." },
	[API_EFORBIDDEN] =	{ 403, "forbidden", "Not allowed." },
	[API_ENOTFOUND] =	{ 404, "not_found", "Not found." },
	[API_EMETHOD] =		{ 405, "method_not_allowed", "Method not allowed here." },
	[API_ECONFLICT] =	{ 409, "conflict", "This conflicts with existing data." },
	[API_ETOOBIG] =		{ 413, "too_large", "The request body is too large." },
	[API_EMEDIA] =		{ 415, "unsupported_media_type", "The body must be application/json." },
	[API_EINVALID] =	{ 422, "invalid", "A field is invalid." },
	[API_ETOOMANY] =	{ 429, "too_many_requests", "Too many attempts; wait and try again." },
	[API_EINTERNAL] =	{ 500, "internal", "Something went wrong on our side." },
	[API_EUNAVAILABLE] =	{ 503, "unavailable", "The service is unavailable; try again." },
};

int
api_err_status(enum api_err e)
{
	return e < API__MAX ? api_errs[e].status : 500;
}

const char *
api_err_code(enum api_err e)
{
	return e < API__MAX ? api_errs[e].code : "internal";
}

/* Replace whatever answer was set before. */
static void
req_clear_answer(struct req *r)
{
	buf_reset(&r->out);
	r->out_static = NULL;
	r->out_static_len = 0;
}

int
req_json(struct req *r, int status, json_t *body)
{
	char	*s;

	req_clear_answer(r);
	s = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (s == NULL) {
		log_warnx("req=%s: cannot encode a response", r->id);
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
	buf_adds(&r->out, s);
	free(s);
	if (r->out.err) {
		req_clear_answer(r);
		log_warnx("req=%s: response too large", r->id);
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
	r->status = status;
	r->ctype = "application/json";
	r->answered = true;
	return 0;
}

int
req_bytes(struct req *r, int status, const char *ctype, const void *data,
    size_t len, const char *filename)
{
	req_clear_answer(r);
	buf_add(&r->out, data, len);
	if (r->out.err) {
		req_clear_answer(r);
		log_warnx("req=%s: response too large", r->id);
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
	if (filename != NULL) {
		char	 cd[160];

		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"",
		    filename);
		req_header(r, "Content-Disposition", cd);
	}
	r->status = status;
	r->ctype = ctype;
	r->answered = true;
	return 0;
}

int
req_error(struct req *r, enum api_err e, const char *field, const char *msg)
{
	json_t	*o;

	if (e >= API__MAX)
		e = API_EINTERNAL;
	o = json_pack("{s:{s:s, s:s, s:s?}}", "error",
	    "code", api_errs[e].code,
	    "message", msg != NULL ? msg : api_errs[e].message,
	    "field", field);
	if (o == NULL) {
		/* Only reachable with invalid UTF-8 in msg: a bug. */
		log_warnx("req=%s: cannot encode error", r->id);
		o = json_pack("{s:{s:s, s:s}}", "error", "code", "internal",
		    "message", api_errs[API_EINTERNAL].message);
		e = API_EINTERNAL;
	}
	req_json(r, api_errs[e].status, o);
	return -1;
}

int
req_dberror(struct req *r, const struct err *e)
{
	switch (e->code) {
	case ERR_UNIQUE:
		return req_error(r, API_ECONFLICT, NULL, NULL);
	case ERR_BUSY:
	case ERR_IO:
		log_warnx("req=%s: database: %s", r->id, e->msg);
		return req_error(r, API_EUNAVAILABLE, NULL, NULL);
	default:
		log_warnx("req=%s: database: %s", r->id, e->msg);
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
}

int
req_not_loaded(struct req *r, struct db *db, int rc, const char *msg)
{
	if (rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, msg);
	return req_dberror(r, db_err(db));
}

int
req_load_row(struct db *db, const char *sql, int64_t id, req_row_fn *fn,
    bool full, json_t **out)
{
	struct db_stmt	*st;
	int		 rc;

	*out = NULL;
	if ((st = db_prepare(db, sql)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	*out = fn(db, st, full);
	db_reset(st);
	return *out != NULL ? 1 : -1;
}

int
req_load(struct req *r, struct db *db, const char *sql, int64_t id,
    req_row_fn *fn, bool full, const char *missing, json_t **out)
{
	int	 rc;

	if ((rc = req_load_row(db, sql, id, fn, full, out)) != 1)
		return req_not_loaded(r, db, rc, missing);
	return 0;
}

int
req_static(struct req *r, const char *ctype, const void *p, size_t n)
{
	req_clear_answer(r);
	r->out_static = p;
	r->out_static_len = n;
	r->ctype = ctype;
	r->status = 200;
	r->answered = true;
	return 0;
}

void
req_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdr >= REQ_MAXHEADERS) {
		log_warnx("req=%s: too many response headers", r->id);
		return;
	}
	r->hdr_name[r->nhdr] = xstrdup(name);
	r->hdr_value[r->nhdr] = xstrdup(value);
	r->nhdr++;
}

const char *
req_header_get(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

struct db *
req_db(struct req *r)
{
	struct err	 e;
	struct db	*db;

	if ((db = dbpool_reader(http_pool(r), &e)) == NULL) {
		log_warnx("req=%s: database: %s", r->id, e.msg);
		req_error(r, API_EUNAVAILABLE, NULL, NULL);
	}
	return db;
}

int
req_check(struct req *r, const struct jv_field *t)
{
	struct jv_error	 je;

	if (jv_check(r->json, t, &je) == 0)
		return 0;
	return req_error(r, API_EINVALID, je.field, je.msg);
}
