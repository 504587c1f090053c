/*
 * libFuzzer target: the session cookie, the CSRF header and the SIP
 * server's bearer secret, on a running Haven (fuzz_server.h).
 * libmicrohttpd parses the Cookie header; auth/cookie.c picks the session
 * cookie by its exact name (__Host-haven_session behind a proxy that says
 * https, else haven_session); session.c decodes and looks up the token;
 * authz.c compares X-CSRF-Token; sip.c the Authorization header.
 *
 * Input: one byte choosing the request (see reqs[]), then up to four
 * lines: the Cookie value, X-CSRF-Token, X-Forwarded-Proto and
 * Authorization.  $S/$C, $A/$B, $U/$V and $K stand for live tokens and the
 * SIP secret (fuzz_expand).
 *
 * The oracle is the point of the target: a 2xx answer needs a live session
 * token in the Cookie header (and, for a change, its own CSRF token in
 * X-CSRF-Token), or for the SIP route the secret in Authorization.
 */
#include <assert.h>

#include "fuzz_server.h"

static const struct {
	const char	*line;		/* method and path */
	const char	*body;		/* NULL: none */
	bool		 csrf;		/* a change: needs the CSRF token */
	bool		 sip;		/* the SIP server's route */
} reqs[] = {
	{ "GET /api/v1/auth/me", NULL, false, false },
	{ "PATCH /api/v1/auth/me", "{\"language\":\"pl\"}", true, false },
	{ "POST /api/v1/contacts/lookup", "{\"number\":\"+48555010001\"}",
	  true, false },
	{ "GET /api/v1/auth/sessions", NULL, false, false },
	{ "POST /api/v1/telephony/route", "{\"call_id\":\"a@pbx\","
	  "\"line\":\"+48225550100\",\"caller\":\"\"}", false, true },
	{ "GET /api/v1/contacts?limit=1", NULL, false, false },
};
#define NREQS	(sizeof(reqs) / sizeof(reqs[0]))

enum { H_COOKIE, H_CSRF, H_PROTO, H_AUTH, H__MAX };
static const char *const hnames[H__MAX] = {
	"Cookie", "X-CSRF-Token", "X-Forwarded-Proto", "Authorization",
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_server_start();
	return 0;
}

/* May the client that sent these headers get a 2xx from request k? */
static bool
may_pass(size_t k, char *const h[H__MAX])
{
	int	 i;

	if (reqs[k].sip)
		return h[H_AUTH] != NULL && strstr(h[H_AUTH], fz.secret) !=
		    NULL;
	if (h[H_COOKIE] == NULL)
		return false;
	for (i = 0; i < FUZZ__LOGINS; i++)
		if (strstr(h[H_COOKIE], fz.login[i].token) != NULL &&
		    (!reqs[k].csrf || (h[H_CSRF] != NULL &&
		    strcmp(h[H_CSRF], fz.login[i].csrf) == 0)))
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_resp	 resp;
	struct buf		 req;
	char			*in, *line, *next, *h[H__MAX] = { NULL };
	size_t			 len, k, i;
	int			 n;

	if (size < 1 || size > 4096)
		return 0;
	k = data[0] % NREQS;
	len = fuzz_expand(data + 1, size - 1, &in);
	for (n = 0, line = in; n < H__MAX && line != NULL; n++, line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		for (i = 0; line[i] != '\0'; i++)
			if ((unsigned char)line[i] < ' ' && line[i] != '\t')
				break;
		if (line[i] != '\0')
			continue;
		/* HTTP drops the blanks around a value. */
		while (*line == ' ' || *line == '\t')
			line++;
		i = strlen(line);
		while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t'))
			line[--i] = '\0';
		if (*line != '\0')
			h[n] = line;	/* an empty line: no such header */
	}
	buf_init(&req, 2 * len + 1024);
	buf_addf(&req, "%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\n", reqs[k].line);
	for (n = 0; n < H__MAX; n++)
		if (h[n] != NULL)
			buf_addf(&req, "%s: %s\r\n", hnames[n], h[n]);
	if (reqs[k].body != NULL)
		buf_addf(&req, "Content-Type: application/json\r\n"
		    "Content-Length: %zu\r\n\r\n%s", strlen(reqs[k].body),
		    reqs[k].body);
	else
		buf_adds(&req, "\r\n");
	fuzz_send(req.data, req.len, &resp);
	if (resp.status == 500 || !resp.json_ok ||
	    (resp.status >= 200 && resp.status < 300 && !may_pass(k, h))) {
		fprintf(stderr, "fuzz_cookie: answered %d%s to:\n%s\n",
		    resp.status, resp.json_ok ? "" : " (bad JSON)", req.data);
		abort();
	}
	fuzz_sessions_check();
	buf_release(&req);
	free(in);
	return 0;
}
