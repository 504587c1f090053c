/*
 * Unit tests for the route table: router_check's refusals, and
 * router_match's answers (found, 404, 405 with the allowed methods) with
 * typed parameters at their limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/router.h"

#define P	1	/* any permission other than 0 ("missing") */

static int
dummy(struct req *r)
{
	(void)r;
	return 0;
}

static const struct route table[] = {
	{ HTTP_GET, "/", "root", dummy, P, 0 },
	{ HTTP_GET, "/healthz", "healthz", dummy, P, 0 },
	{ HTTP_GET, "/api/v1/users", "users.list", dummy, P, 0 },
	{ HTTP_POST, "/api/v1/users", "users.create", dummy, P, 4096 },
	{ HTTP_GET, "/api/v1/users/me", "users.me", dummy, P, 0 },
	{ HTTP_GET, "/api/v1/users/{id:int}", "users.get", dummy, P, 0 },
	{ HTTP_PATCH, "/api/v1/users/{id:int}", "users.edit", dummy, P, 4096 },
	{ HTTP_DELETE, "/api/v1/users/{id:int}", "users.del", dummy, P, 0 },
	{ HTTP_GET, "/api/v1/files/{name:str}", "files.get", dummy, P, 0 },
	{ HTTP_GET, "/api/v1/cases/{case:int}/notes/{note:int}", "notes.get",
	  dummy, P, 0 },
	{ HTTP_PUT, "/api/v1/tags/{tag:str}/items/{id:int}", "tags.put",
	  dummy, P, 1024 },
	{ HTTP_GET, "/deep/{a:int}/{b:int}/{c:int}/{d:int}/end", "deep",
	  dummy, P, 0 },
};
#define NTABLE	(sizeof(table) / sizeof(table[0]))

/* The route found for m and path, or NULL; fails the test otherwise. */
static const struct route *
match(enum http_method m, const char *path, struct route_params *ps)
{
	const struct route	*r = (const struct route *)1;
	unsigned		 allowed = 12345;
	enum route_match	 rc;

	rc = router_match(table, NTABLE, m, path, &r, ps, &allowed);
	if (rc != ROUTE_FOUND)
		fail_msg("%s %s: not found (%d)", http_method_name(m), path,
		    (int)rc);
	assert_non_null(r);
	return r;
}

/* Assert that m and path get rc; return the allowed mask. */
static unsigned
nomatch(enum http_method m, const char *path, enum route_match want)
{
	const struct route	*r = (const struct route *)1;
	struct route_params	 ps;
	unsigned		 allowed = 12345;
	enum route_match	 rc;

	rc = router_match(table, NTABLE, m, path, &r, &ps, &allowed);
	if (rc != want)
		fail_msg("%s '%s': got %d, want %d", http_method_name(m), path,
		    (int)rc, (int)want);
	assert_null(r);
	if (want == ROUTE_NOPATH)
		assert_int_equal(allowed, 0);
	return allowed;
}

static void
test_check_ok(void **state)
{
	struct err	 e;

	(void)state;
	err_clear(&e);
	assert_int_equal(router_check(table, NTABLE, &e), 0);
	assert_int_equal(e.code, ERR_NONE);
	assert_int_equal(router_check(table, 0, &e), 0);
}

static void
test_check_bad_patterns(void **state)
{
	static const char *const bad[] = {
		"",
		"healthz",
		"/healthz/",
		"//",
		"/a//b",
		"/{id}",
		"/{id:}",
		"/{:int}",
		"/{id:float}",
		"/{id:integer}",
		"/{id:in}",
		"/{id:int",
		"/{id:int}x",
		"/{id:str}/",
		"/{a:int}/{b:int}/{c:int}/{d:int}/{e:int}",
		NULL,
	};
	struct route	 r = { HTTP_GET, NULL, "bad", dummy, P, 0 };
	struct err	 e;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r.pattern = bad[i];
		err_clear(&e);
		if (router_check(&r, 1, &e) != -1)
			fail_msg("bad pattern #%zu '%s' accepted", i,
			    bad[i] != NULL ? bad[i] : "(null)");
		assert_int_equal(e.code, ERR_INVALID);
		assert_true(e.msg[0] != '\0');
	}
}

static void
test_check_good_patterns(void **state)
{
	static const char *const good[] = {
		"/",
		"/a",
		"/a/b/c",
		"/a/{x:str}",
		"/{x:int}",
		"/a/{a:int}/{b:str}/{c:int}/{d:str}",
		"/a.b-c_d",
	};
	struct route	 r = { HTTP_GET, NULL, "good", dummy, P, 0 };
	struct err	 e;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		r.pattern = good[i];
		if (router_check(&r, 1, &e) != 0)
			fail_msg("good pattern '%s' refused: %s", good[i],
			    e.msg);
	}
}

static void
test_check_no_perm(void **state)
{
	struct route	 t[] = {
		{ HTTP_GET, "/healthz", "healthz", dummy, P, 0 },
		{ HTTP_DELETE, "/api/v1/secret/{id:int}", "secret.del", dummy,
		  0, 0 },
	};
	struct err	 e;

	(void)state;
	err_clear(&e);
	assert_int_equal(router_check(t, 2, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "DELETE /api/v1/secret/{id:int}"));
	assert_non_null(strstr(e.msg, "permission"));
}

static void
test_check_incomplete(void **state)
{
	struct route	 r;
	struct err	 e;

	(void)state;
	r = (struct route){ HTTP_GET, "/x", "x", NULL, P, 0 };
	assert_int_equal(router_check(&r, 1, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	r = (struct route){ HTTP_GET, "/x", NULL, dummy, P, 0 };
	assert_int_equal(router_check(&r, 1, &e), -1);
	r = (struct route){ HTTP__MAX, "/x", "x", dummy, P, 0 };
	assert_int_equal(router_check(&r, 1, &e), -1);
}

static void
test_check_duplicates(void **state)
{
	struct route	 t[] = {
		{ HTTP_GET, "/a/{id:int}", "a.get", dummy, P, 0 },
		{ HTTP_POST, "/a/{id:int}", "a.post", dummy, P, 0 },
		{ HTTP_GET, "/b", "b", dummy, P, 0 },
		{ HTTP_GET, "/a/{id:int}", "a.get2", dummy, P, 0 },
	};
	struct err	 e;

	(void)state;
	/* Same pattern, other method: fine. */
	assert_int_equal(router_check(t, 3, &e), 0);
	err_clear(&e);
	assert_int_equal(router_check(t, 4, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "GET /a/{id:int}"));
}

static void
test_match_literal(void **state)
{
	struct route_params	 ps;
	const struct route	*r;

	(void)state;
	r = match(HTTP_GET, "/healthz", &ps);
	assert_ptr_equal(r, &table[1]);
	assert_int_equal(ps.n, 0);
	r = match(HTTP_GET, "/", &ps);
	assert_ptr_equal(r, &table[0]);
	r = match(HTTP_GET, "/api/v1/users", &ps);
	assert_string_equal(r->name, "users.list");
	r = match(HTTP_POST, "/api/v1/users", &ps);
	assert_string_equal(r->name, "users.create");
	r = match(HTTP_GET, "/api/v1/users/me", &ps);
	assert_string_equal(r->name, "users.me");

	nomatch(HTTP_GET, "", ROUTE_NOPATH);
	nomatch(HTTP_GET, "healthz", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/HEALTHZ", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/health", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/healthzz", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/healthz/x", ROUTE_NOPATH);
	nomatch(HTTP_GET, "//healthz", ROUTE_NOPATH);
	nomatch(HTTP_GET, "//", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/api/v1", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/api//v1/users", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/nowhere", ROUTE_NOPATH);
}

static void
test_match_trailing_slash(void **state)
{
	(void)state;
	nomatch(HTTP_GET, "/healthz/", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/api/v1/users/", ROUTE_NOPATH);
	nomatch(HTTP_POST, "/api/v1/users/", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/api/v1/users/5/", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/api/v1/files/a/", ROUTE_NOPATH);
}

static void
test_match_int(void **state)
{
	static const char *const bad[] = {
		"0", "-1", "-0", "007", "01", "00",
		"9223372036854775808", "18446744073709551616",
		"99999999999999999999999999999999999",
		"abc", "1a", "a1", "+1", " 1", "1 ", "1.0", "0x10", "1e3",
		"%31", "１",
	};
	struct route_params	 ps;
	const struct route	*r;
	char			 path[128];
	int64_t			 v;
	size_t			 i;

	(void)state;
	r = match(HTTP_GET, "/api/v1/users/1", &ps);
	assert_string_equal(r->name, "users.get");
	assert_int_equal(ps.n, 1);
	assert_true(route_param_int(&ps, "id", &v));
	assert_int_equal(v, 1);

	r = match(HTTP_DELETE, "/api/v1/users/9223372036854775807", &ps);
	assert_string_equal(r->name, "users.del");
	assert_true(route_param_int(&ps, "id", &v));
	assert_true(v == INT64_MAX);

	r = match(HTTP_PATCH, "/api/v1/users/1234567890", &ps);
	assert_true(route_param_int(&ps, "id", &v));
	assert_int_equal(v, 1234567890);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/api/v1/users/%s", bad[i]);
		nomatch(HTTP_GET, path, ROUTE_NOPATH);
		nomatch(HTTP_DELETE, path, ROUTE_NOPATH);
	}
}

static void
test_match_str(void **state)
{
	static const char *const bad[] = {
		"a b", "a%20b", "ż", "a+b", "a~b", "a:b", "a?b", "a#b",
		"a\\b", "\t",
		/* 65 characters */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	static const char max64[] =
	    "AZaz09._-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	struct route_params	 ps;
	const struct route	*r;
	const char		*s;
	char			 path[160];
	size_t			 n, i;

	(void)state;
	r = match(HTTP_GET, "/api/v1/files/report-2024_v1.pdf", &ps);
	assert_string_equal(r->name, "files.get");
	assert_true(route_param_str(&ps, "name", &s, &n));
	assert_int_equal(n, strlen("report-2024_v1.pdf"));
	assert_memory_equal(s, "report-2024_v1.pdf", n);

	assert_int_equal(strlen(max64), 64);
	snprintf(path, sizeof(path), "/api/v1/files/%s", max64);
	r = match(HTTP_GET, path, &ps);
	assert_true(route_param_str(&ps, "name", &s, &n));
	assert_int_equal(n, 64);
	assert_memory_equal(s, max64, 64);
	/* The value points into the path, not into a copy. */
	assert_ptr_equal(s, path + strlen("/api/v1/files/"));

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/api/v1/files/%s", bad[i]);
		nomatch(HTTP_GET, path, ROUTE_NOPATH);
	}
	nomatch(HTTP_GET, "/api/v1/files/", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/api/v1/files/a/b", ROUTE_NOPATH);
}

static void
test_match_params(void **state)
{
	struct route_params	 ps;
	const struct route	*r;
	const char		*s;
	size_t			 n;
	int64_t			 v;

	(void)state;
	r = match(HTTP_GET, "/api/v1/cases/12/notes/34", &ps);
	assert_string_equal(r->name, "notes.get");
	assert_int_equal(ps.n, 2);
	assert_true(route_param_int(&ps, "case", &v));
	assert_int_equal(v, 12);
	assert_true(route_param_int(&ps, "note", &v));
	assert_int_equal(v, 34);
	/* Names match whole, and an int is not a string. */
	v = 777;
	assert_false(route_param_int(&ps, "cas", &v));
	assert_false(route_param_int(&ps, "cases", &v));
	assert_false(route_param_int(&ps, "id", &v));
	assert_int_equal(v, 777);
	assert_false(route_param_str(&ps, "case", &s, &n));
	nomatch(HTTP_GET, "/api/v1/cases/12/notes/x", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/api/v1/cases/x/notes/12", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/api/v1/cases/12/notes", ROUTE_NOPATH);

	r = match(HTTP_PUT, "/api/v1/tags/urgent/items/5", &ps);
	assert_string_equal(r->name, "tags.put");
	assert_true(route_param_str(&ps, "tag", &s, &n));
	assert_int_equal(n, 6);
	assert_memory_equal(s, "urgent", 6);
	assert_true(route_param_int(&ps, "id", &v));
	assert_int_equal(v, 5);
	/* A string is not an int. */
	assert_false(route_param_int(&ps, "tag", &v));
	assert_false(route_param_str(&ps, "id", &s, &n));

	/* ROUTE_MAXPARAMS parameters, then a literal segment. */
	r = match(HTTP_GET, "/deep/1/2/3/4/end", &ps);
	assert_string_equal(r->name, "deep");
	assert_int_equal(ps.n, ROUTE_MAXPARAMS);
	assert_true(route_param_int(&ps, "a", &v));
	assert_int_equal(v, 1);
	assert_true(route_param_int(&ps, "d", &v));
	assert_int_equal(v, 4);
	nomatch(HTTP_GET, "/deep/1/2/3/4/end/5", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/deep/1/2/3/4/5", ROUTE_NOPATH);
	nomatch(HTTP_GET, "/deep/1/2/3/4", ROUTE_NOPATH);
}

static void
test_match_nomethod(void **state)
{
	unsigned	 allowed;

	(void)state;
	allowed = nomatch(HTTP_PUT, "/api/v1/users/5", ROUTE_NOMETHOD);
	assert_int_equal(allowed, (1u << HTTP_GET) | (1u << HTTP_PATCH) |
	    (1u << HTTP_DELETE));
	allowed = nomatch(HTTP_POST, "/healthz", ROUTE_NOMETHOD);
	assert_int_equal(allowed, 1u << HTTP_GET);
	allowed = nomatch(HTTP_DELETE, "/api/v1/users", ROUTE_NOMETHOD);
	assert_int_equal(allowed, (1u << HTTP_GET) | (1u << HTTP_POST));
	/* "me" is a literal with GET only; it is no {id:int}. */
	allowed = nomatch(HTTP_DELETE, "/api/v1/users/me", ROUTE_NOMETHOD);
	assert_int_equal(allowed, 1u << HTTP_GET);
	/* A malformed id is no path at all, whatever the method. */
	nomatch(HTTP_PUT, "/api/v1/users/0", ROUTE_NOPATH);
}

static void
test_methods(void **state)
{
	enum http_method	 m;
	int			 i;

	(void)state;
	for (i = 0; i < HTTP__MAX; i++) {
		assert_int_equal(http_method_parse(
		    http_method_name((enum http_method)i), &m), 0);
		assert_int_equal(m, i);
	}
	assert_string_equal(http_method_name(HTTP_PATCH), "PATCH");
	assert_string_equal(http_method_name(HTTP__MAX), "?");
	assert_int_equal(http_method_parse("get", &m), -1);
	assert_int_equal(http_method_parse("HEAD", &m), -1);
	assert_int_equal(http_method_parse("", &m), -1);
	assert_int_equal(http_method_parse("GETX", &m), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_ok),
		cmocka_unit_test(test_check_bad_patterns),
		cmocka_unit_test(test_check_good_patterns),
		cmocka_unit_test(test_check_no_perm),
		cmocka_unit_test(test_check_incomplete),
		cmocka_unit_test(test_check_duplicates),
		cmocka_unit_test(test_match_literal),
		cmocka_unit_test(test_match_trailing_slash),
		cmocka_unit_test(test_match_int),
		cmocka_unit_test(test_match_str),
		cmocka_unit_test(test_match_params),
		cmocka_unit_test(test_match_nomethod),
		cmocka_unit_test(test_methods),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
