/*
 * libmicrohttpd glue: one daemon with an epoll thread pool sized to the
 * cores; a struct req per request, created on MHD's first call and freed in
 * its completed callback; the checks every route passes before its handler
 * (see http.h); one access-log line per request; a graceful stop.
 *
 * Handlers do not run on MHD's threads.  Many of them wait for a commit (a
 * write, or the audit entry of a read), and a commit waits for the disk: on
 * MHD's few threads that wait would hold up every connection of the thread,
 * and the writer could group no more commits than there are threads.  So
 * the request's connection is suspended and the request handed to a pool
 * of workers; the worker resumes the connection when the answer is ready,
 * and MHD, calling again, queues it.  Requests in flight can then be as
 * many as the workers, and one fsync serves them all (db/pool.c).
 *
 * MHD calls the access handler first with the headers, then once per chunk
 * of body, then a last time with no data.  The answer is queued on the last
 * call, never the first: queueing on the first call makes MHD close the
 * connection after the response, and keep-alive is lost.  Only a body that
 * is too large is refused during the upload, which closes the connection.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "http/http.h"
#include "http/stream_int.h"

#define HTTP_OUT_MAX	(64u << 20)	/* a response body, at most */
#define HTTP_CONN_LIMIT	1024
#define HTTP_FD_RESERVE	64		/* descriptors not for clients, */
#define HTTP_FD_THREAD	8		/* and more per thread */
#define HTTP_CONN_TIMEOUT 60		/* seconds idle */
#define HTTP_DROP_MAX	(1u << 20)	/* body bytes read to be dropped */
#define HTTP_WORKERS_DEFAULT 32
#define HTTP_WORKERS_MAX 256

/* The requests waiting for a worker, first in first out. */
struct workq {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct req		*head, *tail;
	bool			 stop;
	pthread_t		*threads;
	int			 n;
};

struct http_server {
	struct MHD_Daemon		*d;
	const struct route		*routes;
	size_t				 nroutes;
	const struct http_hooks		*hooks;
	struct dbpool			*pool;
	void				*app;
	struct http_config		 cfg;
	atomic_int			 active;	/* requests in flight */
	atomic_int			 held;		/* suspended for a worker
							   or an audit entry */
	atomic_bool			 closing;	/* no new connection */
	struct stream_set		 streams;
	struct workq			 work;
};

struct http_stream *
req_stream(struct req *r, const char *ctype, const char *beat,
    stream_gone_fn gone, void *cls)
{
	return req_stream_new(r, &r->srv->streams, ctype, beat, gone, cls);
}

/*
 * Security headers on every response.  The interface has no inline script
 * or style, so the policy can forbid both.
 */
static const char *const sec_headers[][2] = {
	{ "Content-Security-Policy", "default-src 'self'; script-src 'self'; "
	    "style-src 'self'; img-src 'self' data:; font-src 'self'; "
	    "connect-src 'self'; object-src 'none'; base-uri 'none'; "
	    "form-action 'self'; frame-ancestors 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "no-referrer" },
	{ "X-Frame-Options", "DENY" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ "Cross-Origin-Resource-Policy", "same-origin" },
	{ "Permissions-Policy", "camera=(), microphone=(), geolocation=()" },
};

struct dbpool *
http_pool(const struct req *r)
{
	return r->srv->pool;
}

void *
http_app(const struct req *r)
{
	return r->srv->app;
}

int
http_port(const struct http_server *s)
{
	const union MHD_DaemonInfo	*info;

	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	return info != NULL ? info->port : -1;
}

bool
req_is_secure(struct req *r)
{
	const char	*proto;

	if (!r->srv->cfg.tls_proxy)
		return false;
	proto = req_header_get(r, "X-Forwarded-Proto");
	return proto != NULL && strcasecmp(proto, "https") == 0;
}

void
req_client_addr(struct req *r, char *out, size_t n)
{
	const union MHD_ConnectionInfo	*ci;
	const struct sockaddr		*sa;
	const char			*xff, *last;

	snprintf(out, n, "unknown");
	if (r->srv->cfg.tls_proxy &&
	    (xff = req_header_get(r, "X-Forwarded-For")) != NULL) {
		last = strrchr(xff, ',');
		last = last != NULL ? last + 1 : xff;
		while (*last == ' ')
			last++;
		if (*last != '\0' && strlen(last) < 64) {
			snprintf(out, n, "%s", last);
			return;
		}
	}
	ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		    (socklen_t)n);
}

static struct req *
req_new(struct http_server *s, struct MHD_Connection *c)
{
	struct req	*r = xcalloc(1, sizeof(*r));
	unsigned char	 rnd[8];

	r->srv = s;
	r->conn = c;
	r->t0 = clock_mono_us();
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(r->id, sizeof(r->id), rnd, sizeof(rnd));
	buf_init(&r->body, 0);
	buf_init(&r->out, HTTP_OUT_MAX);
	return r;
}

static void
req_drop_headers(struct req *r)
{
	int	 i;

	for (i = 0; i < r->nhdr; i++) {
		free(r->hdr_name[i]);
		free(r->hdr_value[i]);
	}
	r->nhdr = 0;
}

static void
req_free(struct req *r)
{
	if (r == NULL)
		return;
	if (r->principal != NULL && r->srv->hooks->release != NULL)
		r->srv->hooks->release(r);
	json_decref(r->json);
	free(r->path);
	buf_release(&r->body);
	buf_release(&r->out);
	req_drop_headers(r);
	free(r);
}

/* Is this a JSON content type (with at most a UTF-8 charset)? */
static bool
ctype_is_json(const char *ct)
{
	size_t	 n = strlen("application/json");

	if (ct == NULL || strncasecmp(ct, "application/json", n) != 0)
		return false;
	ct += n;
	while (*ct == ' ')
		ct++;
	if (*ct == '\0')
		return true;
	if (*ct != ';')
		return false;
	ct++;
	while (*ct == ' ')
		ct++;
	return strcasecmp(ct, "charset=utf-8") == 0 ||
	    strcasecmp(ct, "charset=\"utf-8\"") == 0;
}

/* A new connection, closed at once when the server is stopping. */
static enum MHD_Result
on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http_server	*s = cls;

	(void)addr;
	(void)addrlen;
	return atomic_load(&s->closing) ? MHD_NO : MHD_YES;
}

/* Turn the handler's answer into an MHD response and queue it. */
static enum MHD_Result
req_queue(struct req *r)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	size_t			 i;
	int			 k;

	if (!r->answered)
		req_error(r, API_EINTERNAL, NULL, NULL);
	if (r->stream != NULL)
		resp = stream_response(r->stream);
	else if (r->out_static != NULL)
		resp = MHD_create_response_from_buffer(r->out_static_len,
		    (void *)(uintptr_t)r->out_static, MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(r->out.len,
		    r->out.data, MHD_RESPMEM_MUST_COPY);
	if (resp == NULL) {
		log_warnx("req=%s: cannot create a response", r->id);
		return MHD_NO;
	}
	for (i = 0; i < sizeof(sec_headers) / sizeof(sec_headers[0]); i++)
		MHD_add_response_header(resp, sec_headers[i][0],
		    sec_headers[i][1]);
	MHD_add_response_header(resp, "Content-Type", r->ctype);
	MHD_add_response_header(resp, "X-Request-Id", r->id);
	MHD_add_response_header(resp, "Cache-Control",
	    r->out_static != NULL ? "no-cache" : "no-store");
	if (r->stream != NULL)	/* a proxy must pass events on at once */
		MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	for (k = 0; k < r->nhdr; k++)
		MHD_add_response_header(resp, r->hdr_name[k], r->hdr_value[k]);
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
req_answer_405(struct req *r)
{
	struct buf	 allow;
	int		 m;

	buf_init(&allow, 128);
	for (m = 0; m < HTTP__MAX; m++)
		if (r->allowed & (1u << m))
			buf_addf(&allow, "%s%s", allow.len ? ", " : "",
			    http_method_name((enum http_method)m));
	req_header(r, "Allow", allow.data);
	buf_release(&allow);
	req_error(r, API_EMETHOD, NULL, NULL);
}

static const char *const static_types[][2] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
};

/*
 * A GET that no route takes may be a file of the interface: only names in
 * the embedded table are served, so there is no path to traverse.
 */
static bool
req_static_file(struct req *r)
{
	const struct embed_file	*f;
	const char		*name, *dot;
	size_t			 i;

	if (r->srv->cfg.web == NULL || r->method != HTTP_GET ||
	    r->path[0] != '/')
		return false;
	name = r->path[1] == '\0' ? "index.html" : r->path + 1;
	if ((f = embed_find(r->srv->cfg.web, name)) == NULL ||
	    (dot = strrchr(name, '.')) == NULL)
		return false;
	for (i = 0; i < sizeof(static_types) / sizeof(static_types[0]); i++)
		if (strcmp(dot, static_types[i][0]) == 0) {
			req_static(r, static_types[i][1], f->data, f->len);
			return true;
		}
	return false;
}

/* The checks of http.h, in order, then the handler. */
static void
req_dispatch(struct req *r)
{
	json_error_t	 jerr;
	const struct route *rt = r->route;

	if (r->match == ROUTE_NOPATH) {
		if (!req_static_file(r))
			req_error(r, API_ENOTFOUND, NULL, NULL);
		return;
	}
	if (r->match == ROUTE_NOMETHOD) {
		req_answer_405(r);
		return;
	}
	if (r->body_too_big) {
		req_error(r, API_ETOOBIG, NULL, NULL);
		return;
	}
	if (r->srv->hooks->authorize(r, rt->perm) == -1)
		return;
	if (rt->max_body > 0) {
		if (!ctype_is_json(req_header_get(r, "Content-Type"))) {
			req_error(r, API_EMEDIA, NULL, NULL);
			return;
		}
		r->json = json_loadb(r->body.data, r->body.len,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (r->json == NULL) {
			req_error(r, API_EBADJSON, NULL, NULL);
			return;
		}
		if (!json_is_object(r->json)) {
			req_error(r, API_EBADJSON, NULL,
			    "The body must be a JSON object.");
			return;
		}
	}
	if (rt->handler(r) == -1 && !r->answered)
		req_error(r, API_EINTERNAL, NULL, NULL);
}

static void
work_push(struct http_server *s, struct req *r)
{
	pthread_mutex_lock(&s->work.mu);
	r->wnext = NULL;
	if (s->work.tail != NULL)
		s->work.tail->wnext = r;
	else
		s->work.head = r;
	s->work.tail = r;
	pthread_cond_signal(&s->work.cv);
	pthread_mutex_unlock(&s->work.mu);
}

static void *
worker_main(void *arg)
{
	struct http_server	*s = arg;
	struct req		*r;

	pthread_mutex_lock(&s->work.mu);
	for (;;) {
		while (s->work.head == NULL && !s->work.stop)
			pthread_cond_wait(&s->work.cv, &s->work.mu);
		if ((r = s->work.head) == NULL)
			break;		/* stopping, and nothing left */
		s->work.head = r->wnext;
		if (s->work.head == NULL)
			s->work.tail = NULL;
		pthread_mutex_unlock(&s->work.mu);

		req_dispatch(r);
		/* No statement of this thread's reader stays open past a
		 * request. */
		dbpool_release_thread(s->pool);
		http_req_release(r, false);	/* the worker's own hold */

		pthread_mutex_lock(&s->work.mu);
	}
	pthread_mutex_unlock(&s->work.mu);
	/* This thread's database connection goes with it. */
	dbpool_release_thread(s->pool);
	return NULL;
}

bool
http_req_hold(struct req *r)
{
	if (!r->deferred)
		return false;
	atomic_fetch_add(&r->holds, 1);
	return true;
}

/*
 * The last release sends the answer: MHD is woken to queue it.  After the
 * resume r belongs to MHD's thread again (and may be freed at once), so the
 * server is read before it.
 */
void
http_req_release(struct req *r, bool failed)
{
	struct http_server	*s = r->srv;

	if (failed)
		atomic_store(&r->hold_failed, true);
	if (atomic_fetch_sub(&r->holds, 1) != 1)
		return;
	if (atomic_load(&r->hold_failed) && r->stream == NULL) {
		req_drop_headers(r);
		req_error(r, API_EUNAVAILABLE, NULL, "The request could not "
		    "be recorded in the audit log, so it was not answered. "
		    "Try again.");
	}
	r->ready = true;
	MHD_resume_connection(r->conn);
	atomic_fetch_sub(&s->held, 1);
}

static int
work_start(struct http_server *s, int n, struct err *e)
{
	memset(&s->work, 0, sizeof(s->work));
	pthread_mutex_init(&s->work.mu, NULL);
	pthread_cond_init(&s->work.cv, NULL);
	s->work.threads = xcalloc((size_t)n, sizeof(pthread_t));
	for (s->work.n = 0; s->work.n < n; s->work.n++)
		if ((errno = pthread_create(&s->work.threads[s->work.n], NULL,
		    worker_main, s)) != 0) {
			err_set(e, ERR_IO, "cannot start the HTTP workers: %s",
			    strerror(errno));
			return -1;
		}
	return 0;
}

static void
work_stop(struct http_server *s)
{
	int	 i;

	pthread_mutex_lock(&s->work.mu);
	s->work.stop = true;
	pthread_cond_broadcast(&s->work.cv);
	pthread_mutex_unlock(&s->work.mu);
	for (i = 0; i < s->work.n; i++)
		pthread_join(s->work.threads[i], NULL);
	free(s->work.threads);
	pthread_cond_destroy(&s->work.cv);
	pthread_mutex_destroy(&s->work.mu);
}

/* Set up the request on MHD's first call: match the route, size the body. */
static void
req_start(struct req *r, const char *url, const char *method)
{
	const char	*cl;
	char		*end;
	unsigned long long n;
	size_t		 cap = 0;

	bool		 known;

	r->path = xstrndup(url, strnlen(url, 1024));
	snprintf(r->mname, sizeof(r->mname), "%s", method);
	for (size_t i = 0; r->mname[i] != '\0'; i++)
		if (r->mname[i] < 'A' || r->mname[i] > 'Z')
			r->mname[i] = '?';	/* the log takes no odd bytes */
	known = http_method_parse(method, &r->method) == 0;
	if (!known && strcmp(method, "HEAD") == 0) {
		/* HEAD is answered like GET; MHD leaves out the body. */
		r->method = HTTP_GET;
		known = true;
	}
	if (known)
		r->match = router_match(r->srv->routes, r->srv->nroutes,
		    r->method, url, &r->route, &r->params, &r->allowed);
	else {
		/* An unknown method: 405 listing what the path takes. */
		const struct route	*rt;
		struct route_params	 ps;
		unsigned		 allowed;
		int			 m;

		r->allowed = 0;
		for (m = 0; m < HTTP__MAX; m++)
			if (router_match(r->srv->routes, r->srv->nroutes,
			    (enum http_method)m, url, &rt, &ps, &allowed) ==
			    ROUTE_FOUND)
				r->allowed |= 1u << m;
		r->match = r->allowed != 0 ? ROUTE_NOMETHOD : ROUTE_NOPATH;
	}
	if (r->route != NULL)
		cap = r->route->max_body;
	r->body.max = cap;
	cl = req_header_get(r, "Content-Length");
	if (cl != NULL) {
		n = strtoull(cl, &end, 10);
		if (*end != '\0' || n > cap)
			r->body_too_big = true;
	}
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http_server	*s = cls;
	struct req		*r = *con_cls;

	(void)version;
	if (r == NULL) {
		r = req_new(s, c);
		*con_cls = r;
		atomic_fetch_add(&s->active, 1);
		req_start(r, url, method);
		if (r->body_too_big && r->match == ROUTE_FOUND) {
			/*
			 * Content-Length is past the cap: refuse before the
			 * body is sent.  MHD takes a response only now or after
			 * the whole body, and closes the connection after it.
			 */
			req_error(r, API_ETOOBIG, NULL, NULL);
			return req_queue(r);
		}
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!r->body_too_big && r->match == ROUTE_FOUND) {
			buf_add(&r->body, upload, *upload_size);
			if (r->body.err)
				r->body_too_big = true;
		}
		/* A chunked body past the cap is read and dropped, up to a
		 * bound; past it the connection is closed without answer. */
		r->dropped += r->body_too_big || r->match != ROUTE_FOUND ?
		    *upload_size : 0;
		*upload_size = 0;
		return r->dropped > HTTP_DROP_MAX ? MHD_NO : MHD_YES;
	}
	if (r->ready)
		return req_queue(r);	/* back from its worker */
	if (r->answered || r->deferred)
		return MHD_YES;		/* 413 already queued; or in a worker */
	if (r->match != ROUTE_FOUND || r->body_too_big) {
		req_dispatch(r);	/* answered without a handler */
		return req_queue(r);
	}
	r->deferred = true;
	atomic_store(&r->holds, 1);		/* the worker's */
	atomic_fetch_add(&s->held, 1);
	MHD_suspend_connection(c);
	work_push(s, r);
	return MHD_YES;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_server	*s = cls;
	struct req		*r = *con_cls;

	(void)c;
	if (r == NULL)
		return;
	log_info("req=%s %s %s status=%d dur_us=%lld user=%lld%s", r->id,
	    r->mname,
	    r->route != NULL ? r->route->name : "-",
	    r->answered ? r->status : 0,
	    (long long)(clock_mono_us() - r->t0), (long long)r->user_id,
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	req_free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&s->active, 1);
}

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	 line[512];
	size_t	 n;

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	log_warnx("http: %s", line);
}

/* Resolve host (a name or a literal) into a socket address. */
static int
http_resolve(const char *host, int port, struct sockaddr_storage *ss,
    socklen_t *len, struct err *e)
{
	struct addrinfo	 hints, *res = NULL;
	char		 portstr[8];
	int		 rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(portstr, sizeof(portstr), "%d", port);
	if ((rc = getaddrinfo(host, portstr, &hints, &res)) != 0) {
		err_set(e, ERR_INVALID, "cannot resolve listen address %s: %s",
		    host, gai_strerror(rc));
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/*
 * Bind and listen here rather than in libmicrohttpd, so that a port in use
 * is one clear error line, with the reason.
 */
static int
http_listen(const struct sockaddr_storage *ss, socklen_t len, const char *host,
    int port, struct err *e)
{
	int	 fd, on = 1;

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0);
	if (fd == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1 ||
	    (ss->ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &on, sizeof(on)) == -1) ||
	    bind(fd, (const struct sockaddr *)ss, len) == -1 ||
	    listen(fd, 256) == -1) {
		err_set(e, ERR_IO, "cannot listen on %s:%d: %s", host, port,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

/*
 * How many connections to take at most: HTTP_CONN_LIMIT, the descriptor
 * limit allowing.  Clients must never take the descriptors the rest needs:
 * slow clients that held them all made SQLite fail writes ("unable to open
 * database file") and libmicrohttpd stop accepting.  So the soft limit is
 * raised towards the hard one (systemd's default soft limit is 1024), and
 * what it still lacks comes off the connections.
 */
static unsigned int
http_conn_limit(unsigned int threads)
{
	struct rlimit	 rl;
	rlim_t		 reserve, want;

	reserve = HTTP_FD_RESERVE + (rlim_t)threads * HTTP_FD_THREAD;
	want = HTTP_CONN_LIMIT + reserve;
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return HTTP_CONN_LIMIT;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max > want ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1 ||
		    getrlimit(RLIMIT_NOFILE, &rl) == -1)
			return HTTP_CONN_LIMIT;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return HTTP_CONN_LIMIT;
	want = rl.rlim_cur > 2 * reserve ? rl.rlim_cur - reserve :
	    rl.rlim_cur / 2;
	log_warnx("http: %u connections at most: the limit of open files is "
	    "%llu", (unsigned)want, (unsigned long long)rl.rlim_cur);
	return (unsigned)want;
}

struct http_server *
http_start(const struct http_config *cfg, const struct route *routes,
    size_t nroutes, const struct http_hooks *hooks, struct dbpool *pool,
    void *app, struct err *e)
{
	struct http_server	*s;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	unsigned int		 flags, threads;
	long			 ncpu;
	int			 fd;

	if (router_check(routes, nroutes, e) == -1)
		return NULL;
	if (http_resolve(cfg->host, cfg->port, &ss, &sslen, e) == -1)
		return NULL;
	if ((fd = http_listen(&ss, sslen, cfg->host, cfg->port, e)) == -1)
		return NULL;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	threads = cfg->threads > 0 ? (unsigned)cfg->threads :
	    (ncpu > 0 ? (unsigned)ncpu : 2);
	s = xcalloc(1, sizeof(*s));
	s->routes = routes;
	s->nroutes = nroutes;
	s->hooks = hooks;
	s->pool = pool;
	s->app = app;
	s->cfg = *cfg;
	atomic_init(&s->active, 0);
	if (stream_set_start(&s->streams) == -1) {
		err_set(e, ERR_IO, "cannot start the HTTP server's streams");
		close(fd);
		free(s);
		return NULL;
	}
	if (work_start(s, cfg->workers > 0 ? (cfg->workers < HTTP_WORKERS_MAX ?
	    cfg->workers : HTTP_WORKERS_MAX) : HTTP_WORKERS_DEFAULT, e) == -1) {
		work_stop(s);
		stream_set_stop(&s->streams);
		close(fd);
		free(s);
		return NULL;
	}
	flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(flags, 0, on_accept, s, on_request, s,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, http_conn_limit(threads +
	    (unsigned)s->work.n),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_CONN_TIMEOUT,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		err_set(e, ERR_IO, "cannot start the HTTP server on %s:%d",
		    cfg->host, cfg->port);
		work_stop(s);
		stream_set_stop(&s->streams);
		close(fd);
		free(s);
		return NULL;
	}
	return s;
}

void
http_stop(struct http_server *s, int grace_ms)
{
	int64_t		 deadline;
	struct timespec	 ts = { 0, 10 * 1000000L };

	if (s == NULL)
		return;
	/*
	 * New clients are turned away from now on (on_accept).  Not with
	 * MHD_quiesce_daemon: with epoll worker threads it races with the
	 * workers' own removal of the listening socket from their epoll sets,
	 * and libmicrohttpd 0.9.75 aborts the process when it loses.
	 */
	atomic_store(&s->closing, true);
	/* Open streams never finish by themselves: end them first. */
	stream_set_stop(&s->streams);
	deadline = clock_mono_us() + (int64_t)grace_ms * 1000;
	while (atomic_load(&s->active) > 0 && clock_mono_us() < deadline)
		nanosleep(&ts, NULL);
	if (atomic_load(&s->active) > 0)
		log_warnx("http: stopping with %d requests in flight",
		    atomic_load(&s->active));
	/* Every request has left its worker, or the grace is over. */
	work_stop(s);
	/* An answer held for its audit entry is resumed by the writer; the
	 * daemon must outlive that.  The writer does not stop before. */
	for (int64_t warn = clock_mono_us(); atomic_load(&s->held) > 0;
	    nanosleep(&ts, NULL))
		if (clock_mono_us() - warn > 5 * 1000000) {
			log_warnx("http: %d answers still wait for the "
			    "database", atomic_load(&s->held));
			warn = clock_mono_us();
		}
	MHD_stop_daemon(s->d);
	pthread_mutex_destroy(&s->streams.mu);
	pthread_cond_destroy(&s->streams.cv);
	free(s);
}
