/*
 * libFuzzer target: whole requests to a running Haven (fuzz_server.h), so
 * that every route's handler parses its own query values, path parameters
 * and body through its own field tables and checks, as logged-in users and
 * as the SIP server.
 *
 * Input, one line per part (the harness frames it as HTTP/1.1, so that
 * mutations go to what Haven reads rather than to the framing):
 *
 *	METHOD TARGET
 *	Name: value		(headers, any number)
 *
 *	body
 *
 * TARGET is the path and query; bytes that cannot stand in a request line
 * are sent %-escaped.  The harness adds Host, Content-Length and
 * Connection: close, and drops those headers from the input.  $S/$C,
 * $A/$B, $U/$V and $K stand for the coordinator's session and CSRF tokens,
 * the administrator's, the auditor's, and the SIP secret (fuzz_expand).
 *
 * A few routes would end the fuzzer's own sessions or never answer; inputs
 * that reach them are skipped.  Every answer must be a real status, never
 * 500 (an input Haven did not expect), and JSON that parses.
 */
#include <assert.h>

#include "fuzz_server.h"
#include "http/router.h"

/*
 * Routes the fuzzer must not take: its own sessions, open streams, and the
 * two whose Argon2id (seconds under ASan, by design) would take most of
 * the time, for a body of two short strings that jv_check reads as in
 * every other route.
 */
static const char *const skipped[] = {
	"auth.logout",			/* ends the session */
	"auth.session_revoke",		/* ends it too */
	"users.update",			/* disables or demotes the users */
	"users.password_reset",		/* sends them back to log in */
	"telephony.stream",		/* answers for ever */
	"auth.login",			/* Argon2id for any user name */
	"users.create",			/* Argon2id for the new account */
	NULL
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_server_start();
	return 0;
}

/* Would the server route method and target to a skipped route? */
static bool
fuzz_skipped(const char *method, const char *target, size_t tlen)
{
	const struct route	*rt;
	struct route_params	 ps;
	enum http_method	 m;
	unsigned		 allowed;
	char			*path;
	size_t			 i;
	bool			 skip = false;

	if (strcmp(method, "HEAD") == 0)
		m = HTTP_GET;
	else if (http_method_parse(method, &m) == -1)
		return false;		/* 405 before any handler */
	path = xstrndup(target, strcspn(target, "?") < tlen ?
	    strcspn(target, "?") : tlen);
	MHD_http_unescape(path);	/* as libmicrohttpd hands it on */
	if (router_match(fz.routes, fz.nroutes, m, path, &rt, &ps,
	    &allowed) == ROUTE_FOUND)
		for (i = 0; skipped[i] != NULL; i++)
			if (strcmp(rt->name, skipped[i]) == 0)
				skip = true;
	free(path);
	return skip;
}

static bool
header_dropped(const char *name, size_t n)
{
	static const char *const names[] = { "host", "content-length",
		"transfer-encoding", "connection", "expect", "upgrade", NULL };
	size_t	 i;

	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n &&
		    strncasecmp(names[i], name, n) == 0)
			return true;
	return false;
}

/* Frame the input as a request in *b; false to skip it. */
static bool
fuzz_frame(char *in, size_t len, struct buf *b)
{
	char		*line, *next, *body, *sp, *colon;
	size_t		 blen, i, n;
	int		 nhdr = 0;

	for (body = in; body + 1 < in + len; body++)
		if (body[0] == '\n' && body[1] == '\n')
			break;
	if (body + 1 < in + len) {
		*body = '\0';
		body += 2;
		blen = len - (size_t)(body - in);
	} else {
		body = in + len;
		blen = 0;
	}
	/* The request line: METHOD TARGET. */
	line = in;
	if ((next = memchr(line, '\n', strnlen(line, len))) != NULL)
		*next++ = '\0';
	n = strnlen(line, len);
	if ((sp = memchr(line, ' ', n)) == NULL)
		return false;
	*sp = '\0';
	if (sp == line || sp - line > 16)
		return false;
	for (i = 0; line[i] != '\0'; i++)
		if (!((line[i] >= 'A' && line[i] <= 'Z') || line[i] == '-'))
			return false;
	n = strlen(sp + 1);
	if (fuzz_skipped(line, sp + 1, n))
		return false;
	buf_addf(b, "%s ", line);
	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)sp[1 + i];

		if (c <= ' ' || c >= 0x7f)
			buf_addf(b, "%%%02X", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addf(b, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	    "Content-Length: %zu\r\n", blen);
	/* Headers: "Name: value", clean bytes only. */
	for (line = next; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((colon = strchr(line, ':')) == NULL || colon == line ||
		    ++nhdr > 32 || header_dropped(line, (size_t)(colon - line)))
			continue;
		for (i = 0; line[i] != '\0'; i++)
			if ((unsigned char)line[i] < ' ' && line[i] != '\t')
				break;
		if (line[i] != '\0')
			continue;
		for (i = 0; line + i < colon; i++)
			if (line[i] <= ' ' || line[i] >= 0x7f)
				break;
		if (line + i < colon)
			continue;
		buf_addf(b, "%s\r\n", line);
	}
	buf_adds(b, "\r\n");
	buf_add(b, body, blen);
	return b->err == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_resp	 resp;
	struct buf		 req;
	char			*in;
	size_t			 len;

	if (size > 128 * 1024)
		return 0;
	len = fuzz_expand(data, size, &in);
	buf_init(&req, 2 * len + 1024);
	if (fuzz_frame(in, len, &req)) {
		fuzz_send(req.data, req.len, &resp);
		if (resp.status == 500 || !resp.json_ok) {
			fprintf(stderr, "fuzz_http: answered %d%s to:\n%s\n",
			    resp.status, resp.json_ok ? "" : " (bad JSON)",
			    req.data);
			abort();
		}
		fuzz_sessions_check();
	}
	buf_release(&req);
	free(in);
	return 0;
}
