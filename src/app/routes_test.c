/*
 * The OpenAPI document and the route table must describe the same API:
 * every route is documented with its method, and every documented path and
 * method is a route.  The table must also pass router_check(), so every
 * route has a permission.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "base/embed.h"
#include "http/router.h"

/* What OpenAPI calls every method the router knows. */
static const char *const oa_methods[HTTP__MAX] = {
	[HTTP_GET] = "get",
	[HTTP_POST] = "post",
	[HTTP_PUT] = "put",
	[HTTP_PATCH] = "patch",
	[HTTP_DELETE] = "delete",
};

/* "/users/{id:int}/x" as OpenAPI writes it: "/users/{id}/x". */
static void
oa_path(const char *pattern, char *out, size_t outsz)
{
	const char	*p;
	size_t		 o = 0;
	bool		 in_type = false;

	for (p = pattern; *p != '\0'; p++) {
		if (*p == ':')
			in_type = true;
		if (*p == '}')
			in_type = false;
		if (in_type)
			continue;
		if (o + 1 >= outsz)
			fail_msg("pattern too long: %s", pattern);
		out[o++] = *p;
	}
	out[o] = '\0';
}

static json_t *
load_openapi(void)
{
	const struct embed_file	*f;
	json_error_t		 jerr;
	json_t			*doc;

	f = embed_find(embed_api, "openapi.json");
	if (f == NULL)
		fail_msg("openapi.json is not embedded");
	doc = json_loadb((const char *)f->data, f->len,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		fail_msg("openapi.json: line %d: %s", jerr.line, jerr.text);
	return doc;
}

static void
test_oa_path(void **state)
{
	char	 buf[128];

	(void)state;
	oa_path("/api/v1/users/{id:int}", buf, sizeof(buf));
	assert_string_equal(buf, "/api/v1/users/{id}");
	oa_path("/a/{x:str}/b/{id:int}", buf, sizeof(buf));
	assert_string_equal(buf, "/a/{x}/b/{id}");
	oa_path("/healthz", buf, sizeof(buf));
	assert_string_equal(buf, "/healthz");
}

static void
test_routes_documented(void **state)
{
	struct route	*t;
	json_t		*doc, *paths, *item;
	size_t		 n, i, missing = 0;
	char		 path[256];

	(void)state;
	t = app_routes(&n);
	doc = load_openapi();
	paths = json_object_get(doc, "paths");
	assert_true(json_is_object(paths));
	assert_true(n > 0);
	/* Name every undocumented route, then fail once. */
	for (i = 0; i < n; i++) {
		oa_path(t[i].pattern, path, sizeof(path));
		item = json_object_get(paths, path);
		if (json_is_object(json_object_get(item,
		    oa_methods[t[i].method])))
			continue;
		print_error("route %s %s (%s): openapi.json has no %s %s\n",
		    http_method_name(t[i].method), t[i].pattern, t[i].name,
		    oa_methods[t[i].method], path);
		missing++;
	}
	json_decref(doc);
	free(t);
	if (missing > 0)
		fail_msg("%zu routes are not in openapi.json", missing);
}

/* Is there a route for OpenAPI path and method (lower case)? */
static bool
has_route(const struct route *t, size_t n, const char *path,
    const char *method)
{
	char	 p[256];
	size_t	 i;

	for (i = 0; i < n; i++) {
		oa_path(t[i].pattern, p, sizeof(p));
		if (strcmp(p, path) == 0 &&
		    strcmp(oa_methods[t[i].method], method) == 0)
			return true;
	}
	return false;
}

/* Keys of a path item that are operations (OpenAPI 3.1, 4.8.9). */
static bool
is_operation(const char *key)
{
	static const char *const ops[] = {
		"get", "put", "post", "delete", "options", "head", "patch",
		"trace", NULL,
	};
	size_t	 i;

	for (i = 0; ops[i] != NULL; i++)
		if (strcmp(ops[i], key) == 0)
			return true;
	return false;
}

static void
test_documented_routes_exist(void **state)
{
	struct route	*t;
	json_t		*doc, *paths, *item, *op;
	const char	*path, *method;
	size_t		 n, nops = 0, extra = 0;

	(void)state;
	t = app_routes(&n);
	doc = load_openapi();
	paths = json_object_get(doc, "paths");
	assert_true(json_is_object(paths));
	json_object_foreach(paths, path, item) {
		assert_true(json_is_object(item));
		json_object_foreach(item, method, op) {
			if (!is_operation(method))
				continue;	/* summary, parameters, ... */
			nops++;
			if (has_route(t, n, path, method))
				continue;
			print_error("openapi.json documents %s %s, which is "
			    "no route\n", method, path);
			extra++;
		}
	}
	json_decref(doc);
	free(t);
	if (extra > 0)
		fail_msg("%zu operations of openapi.json are no route", extra);
	assert_true(nops > 0);
}

static void
test_routes_check(void **state)
{
	struct route	*t;
	struct err	 e;
	size_t		 n, i;

	(void)state;
	t = app_routes(&n);
	err_clear(&e);
	if (router_check(t, n, &e) != 0)
		fail_msg("router_check: %s", e.msg);
	for (i = 0; i < n; i++)
		assert_int_not_equal(t[i].perm, 0);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oa_path),
		cmocka_unit_test(test_routes_documented),
		cmocka_unit_test(test_documented_routes_exist),
		cmocka_unit_test(test_routes_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
