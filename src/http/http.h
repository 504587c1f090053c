/*
 * The HTTP server over libmicrohttpd, the request every handler receives,
 * and the ways a handler answers.
 *
 * Order of checks before a handler runs, in one place (server.c): unknown
 * path 404, wrong method 405 with Allow, oversized body 413, the route's
 * permission (401/403, through the authorize hook), wrong content type 415,
 * malformed JSON 400.  A handler sees a parsed JSON object in r->json when
 * its route takes a body.
 */
#ifndef HAVEN_HTTP_H
#define HAVEN_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/embed.h"
#include "base/err.h"
#include "db/pool.h"
#include "http/router.h"

enum api_err {
	API_OK,
	API_EBADREQ,		/* 400 */
	API_EBADJSON,		/* 400 */
	API_EUNAUTH,		/* 401 */
	API_EFORBIDDEN,		/* 403 */
	API_ENOTFOUND,		/* 404 */
	API_EMETHOD,		/* 405 */
	API_ECONFLICT,		/* 409 */
	API_ETOOBIG,		/* 413 */
	API_EMEDIA,		/* 415 */
	API_EINVALID,		/* 422 */
	API_ETOOMANY,		/* 429 */
	API_EINTERNAL,		/* 500 */
	API_EUNAVAILABLE,	/* 503 */
	API__MAX
};

#define REQ_MAXHEADERS	8

struct http_server;

struct req {
	struct http_server	*srv;
	void			*conn;		/* struct MHD_Connection */
	const struct route	*route;		/* NULL: unmatched */
	enum route_match	 match;
	unsigned		 allowed;	/* methods, for 405 */
	enum http_method	 method;
	char			 mname[8];	/* as sent, for the log */
	char			*path;		/* for static files */
	struct route_params	 params;
	char			 id[17];	/* request id, hex */
	int64_t			 t0;		/* monotonic us */
	struct buf		 body;
	bool			 body_too_big;
	size_t			 dropped;	/* body bytes not kept */
	json_t			*json;		/* the parsed body, owned */

	/* The answer, turned into an MHD response by the server. */
	int			 status;
	struct buf		 out;
	const void		*out_static;	/* embedded file, borrowed */
	size_t			 out_static_len;
	const char		*ctype;
	struct http_stream	*stream;	/* an open stream's answer */
	char			*hdr_name[REQ_MAXHEADERS];
	char			*hdr_value[REQ_MAXHEADERS];
	int			 nhdr;
	bool			 answered;

	/* Handed to a worker (server.c); its answer is ready. */
	bool			 deferred;
	bool			 ready;
	struct req		*wnext;
	/* The worker's and audit entries' holds on the answer (server.c). */
	atomic_int		 holds;
	atomic_bool		 hold_failed;

	/* Who is asking: filled by the authorize hook. */
	int64_t			 user_id;	/* 0: nobody */
	void			*principal;	/* owned by the auth layer */
};

/* Hooks from the layer above (auth): who is asking, and may they. */
struct http_hooks {
	/*
	 * Decide whether r may use a route needing perm.  Returns 0 to go
	 * on; otherwise it has answered (401/403) and returns -1.
	 */
	int	(*authorize)(struct req *, int perm);
	/* Free r->principal. */
	void	(*release)(struct req *);
};

struct http_config {
	const char	*host;
	int		 port;		/* 0: any free port */
	int		 threads;	/* 0: one per core */
	int		 workers;	/* 0: HTTP_WORKERS_DEFAULT */
	bool		 tls_proxy;	/* trust X-Forwarded-Proto */
	/* Static files answered for GET paths no route takes; may be NULL. */
	const struct embed_file *web;
};

/*
 * Start serving "routes" (checked with router_check first).  app is handed
 * to handlers as http_app(r).  Returns NULL with *e filled on failure.
 */
struct http_server *http_start(const struct http_config *,
		    const struct route *, size_t, const struct http_hooks *,
		    struct dbpool *, void *app, struct err *);
int		 http_port(const struct http_server *);
/* Stop accepting, let requests in flight finish (up to grace_ms), stop. */
void		 http_stop(struct http_server *, int grace_ms);

struct dbpool	*http_pool(const struct req *);

/*
 * Hold r's answer back until as many http_req_release calls: an audited
 * read answers only once its entry is durable, without keeping a worker
 * waiting for the disk.  false when r is not on a worker (nothing held; the
 * caller must wait itself).  A release with failed set replaces the answer
 * with a 503: what the answer needed did not happen.  Release may be called
 * from any thread.
 */
bool		 http_req_hold(struct req *);
void		 http_req_release(struct req *, bool failed);
void		*http_app(const struct req *);

/* This thread's read connection; answers 503 itself on failure. */
struct db	*req_db(struct req *);

/* Answer with JSON; steals the reference to body. */
int		 req_json(struct req *, int status, json_t *body);
/*
 * Answer with bytes of type ctype (a static string), copied; with
 * filename (plain ASCII, no quotes), as a download of that name.
 */
int		 req_bytes(struct req *, int status, const char *ctype,
		    const void *data, size_t len, const char *filename);
/* Answer with an error; field may be NULL. Returns -1 for tail calls. */
int		 req_error(struct req *, enum api_err, const char *field,
		    const char *msg);
int		 req_dberror(struct req *, const struct err *);
/*
 * The answer to a load that did not find its row: rc is the load's result,
 * 0 (no such row: 404 with msg, or the generic text when NULL) or -1 (the
 * database's error, from db_err).  Returns -1 for tail calls.
 */
int		 req_not_loaded(struct req *, struct db *, int rc,
		    const char *msg);
/*
 * A row as JSON (a new reference), or NULL on failure; full asks for the
 * parts only a page of one record shows (sealed notes and the like).
 */
typedef json_t	*req_row_fn(struct db *, struct db_stmt *, bool full);
/*
 * Run sql, whose one parameter is id, and turn its row into JSON with fn:
 * 1 with *out (the caller's reference), 0 when there is no such row, -1 on
 * failure (db_err says which).
 */
int		 req_load_row(struct db *, const char *sql, int64_t id,
		    req_row_fn *fn, bool full, json_t **out);
/*
 * req_load_row answering a missing row (404 with missing, a sentence) or a
 * failure itself: 0 with *out (the caller's reference), -1 when answered.
 */
int		 req_load(struct req *, struct db *, const char *sql,
		    int64_t id, req_row_fn *fn, bool full, const char *missing,
		    json_t **out);
/*
 * Check r->json against a field table (http/jv.h); on failure answer 422
 * naming the field and return -1.
 */
struct jv_field;
int		 req_check(struct req *, const struct jv_field *)
		    __attribute__((warn_unused_result));
/*
 * Answer with a stream that stays open (Server-Sent Events, stream.c):
 * bytes are sent as http_stream_send() queues them, beat (static; may be
 * NULL) whenever the stream has been idle for 15 seconds.  When the client
 * goes or the server stops, gone(cls) is called once from a server thread;
 * the owner must then stop using the handle, which dies when gone returns.
 * NULL when the server is stopping (then r is answered 503).
 */
struct http_stream;
typedef void	(*stream_gone_fn)(void *cls);
struct http_stream *req_stream(struct req *, const char *ctype,
		    const char *beat, stream_gone_fn gone, void *cls);
/*
 * Queue bytes on a stream (any thread).  false when it is ending: its
 * client has gone, the server stops, or the client reads nothing and has
 * fallen 256 KiB behind.
 */
bool		 http_stream_send(struct http_stream *, const char *, size_t);
/* Send what is queued, then end the stream (any thread). */
void		 http_stream_end(struct http_stream *);
/* Answer with an embedded file. */
int		 req_static(struct req *, const char *ctype, const void *,
		    size_t);
void		 req_header(struct req *, const char *, const char *);
/* A request header, or NULL. */
const char	*req_header_get(struct req *, const char *);
/* A query string argument, or NULL. */
const char	*req_query(struct req *, const char *);
/*
 * The client's address as text: the peer, or behind a trusted TLS proxy the
 * last hop of X-Forwarded-For.  "unknown" when there is none.
 */
void		 req_client_addr(struct req *, char *, size_t);
/* Is the client connected over TLS, directly or through a trusted proxy? */
bool		 req_is_secure(struct req *);

int		 api_err_status(enum api_err);
const char	*api_err_code(enum api_err);

#endif
