/*
 * libFuzzer target: the router.  A request's method and path (as
 * libmicrohttpd hands them over: decoded, NUL-terminated) against the whole
 * route table of the application, as server.c's req_start does, then each
 * typed parameter read back as a handler reads it, and the static files a
 * GET that no route takes may name.
 *
 * Input: one byte for the method (the known ones, or an unknown one that
 * asks every method as req_start does), then the path.
 */
#include <assert.h>

#include "app/app.h"
#include "base/embed.h"
#include "fuzz.h"
#include "http/router.h"

static struct route	*routes;
static size_t		 nroutes;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err	 e;

	(void)argc;
	(void)argv;
	fuzz_process_init();
	routes = app_routes(&nroutes);
	if (router_check(routes, nroutes, &e) == -1)
		abort();
	return 0;
}

/* Each parameter of a match, by its name, as the handler asks for it. */
static void
params_read(const struct route *rt, const struct route_params *ps)
{
	char		 name[64];
	const char	*s;
	size_t		 i, n;
	int64_t		 v;
	int		 k;

	assert(ps->n >= 0 && ps->n <= ROUTE_MAXPARAMS);
	for (k = 0; k < ps->n; k++) {
		n = ps->p[k].namelen;
		assert(n > 0 && n < sizeof(name));
		assert(ps->p[k].name > rt->pattern &&
		    ps->p[k].name + n < rt->pattern + strlen(rt->pattern));
		memcpy(name, ps->p[k].name, n);
		name[n] = '\0';
		if (route_param_int(ps, name, &v))
			assert(v >= 1);
		else if (route_param_str(ps, name, &s, &n)) {
			assert(n >= 1 && n <= 64);
			for (i = 0; i < n; i++)
				assert(s[i] != '/' && s[i] != '\0');
		} else
			abort();	/* a parameter that cannot be read */
	}
	(void)route_param_int(ps, "no_such_param", &v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct route	*rt;
	struct route_params	 ps;
	enum route_match	 rc;
	unsigned		 allowed;
	char			*path;
	int			 m;

	if (size < 1 || size > 4096)
		return 0;
	path = fuzz_str(data + 1, size - 1);
	if (data[0] < HTTP__MAX) {
		rc = router_match(routes, nroutes, (enum http_method)data[0],
		    path, &rt, &ps, &allowed);
		assert(rc < ROUTE__MAX);
		assert((rc == ROUTE_FOUND) == (rt != NULL));
		assert(rc != ROUTE_NOMETHOD || allowed != 0);
		if (rc == ROUTE_FOUND)
			params_read(rt, &ps);
		if (rc == ROUTE_NOPATH && path[0] == '/')
			(void)embed_find(embed_web, path[1] == '\0' ?
			    "index.html" : path + 1);
	} else {
		/* An unknown method: every method asked, for 405's Allow. */
		for (m = 0; m < HTTP__MAX; m++)
			if (router_match(routes, nroutes, (enum http_method)m,
			    path, &rt, &ps, &allowed) == ROUTE_FOUND)
				params_read(rt, &ps);
	}
	free(path);
	return 0;
}
