/*
 * The route table and its matcher: pure functions, no I/O.
 *
 * A pattern is a path of literal segments and typed parameters:
 * "/api/v1/users/{id:int}".  {x:int} takes a decimal integer in
 * 1..INT64_MAX, {x:str} a token of 1..64 characters of [A-Za-z0-9._-].
 * A segment that does not fit its type does not match, so a malformed id
 * answers 404 like any unknown path.
 */
#ifndef HAVEN_ROUTER_H
#define HAVEN_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum http_method {
	HTTP_GET,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP__MAX
};

#define ROUTE_MAXPARAMS	4

struct req;

struct route {
	enum http_method	 method;
	const char		*pattern;
	const char		*name;		/* for the access log */
	int			(*handler)(struct req *);
	int			 perm;		/* auth/perm.h; 0: missing */
	size_t			 max_body;	/* bytes; 0: no body */
};

struct route_param {
	const char	*name;		/* points into the pattern */
	size_t		 namelen;
	int64_t		 i;		/* for {x:int} */
	const char	*s;		/* for {x:str}: points into the path */
	size_t		 slen;
};

struct route_params {
	int			 n;
	struct route_param	 p[ROUTE_MAXPARAMS];
};

enum route_match {
	ROUTE_FOUND,
	ROUTE_NOPATH,		/* 404 */
	ROUTE_NOMETHOD,		/* 405: *allowed has the methods' bits */
	ROUTE__MAX
};

const char	*http_method_name(enum http_method);
int		 http_method_parse(const char *, enum http_method *)
		    __attribute__((warn_unused_result));

/*
 * Check a table before serving: well-formed patterns, a permission for
 * every route, no two routes for the same method and pattern.
 */
int		 router_check(const struct route *, size_t, struct err *)
		    __attribute__((warn_unused_result));

enum route_match router_match(const struct route *, size_t,
		    enum http_method, const char *path,
		    const struct route **, struct route_params *,
		    unsigned *allowed);

/* A parameter by name; false when the route has no such parameter. */
bool		 route_param_int(const struct route_params *, const char *,
		    int64_t *);
bool		 route_param_str(const struct route_params *, const char *,
		    const char **, size_t *);

#endif
