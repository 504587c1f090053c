/*
 * The shipped indicator catalogue loads, and the checks refuse what a
 * revised catalogue must not be.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "base/embed.h"
#include "screening/catalogue.h"

static json_t *
shipped(void)
{
	const struct embed_file	*f = embed_find(embed_data, "indicators.json");
	json_error_t		 e;
	json_t			*doc;

	assert_non_null(f);
	doc = json_loadb((const char *)f->data, f->len, 0, &e);
	if (doc == NULL)
		fail_msg("indicators.json: %s", e.text);
	return doc;
}

static void
test_shipped_loads(void **state)
{
	struct catalogue	 c;
	struct cat_error	 e;
	json_t			*doc = shipped();
	size_t			 i, on[LIST__MAX] = { 0 };
	int			 l;

	(void)state;
	if (catalogue_load(doc, &c, &e) == -1)
		fail_msg("%s: %s", e.field, e.msg);
	assert_int_equal(c.version, 1);
	for (i = 0; i < c.n; i++)
		for (l = 0; l < LIST__MAX; l++)
			if (c.ind[i].grade[l] != GRADE_NONE)
				on[l]++;
	/* The labour lists as the reference counts them. */
	assert_int_equal(on[LIST_ADULT_LABOUR], 67);
	assert_int_equal(on[LIST_CHILD_LABOUR], 65);
	/* The sexual lists' grades are not verified: every one says so. */
	for (i = 0; i < c.n; i++)
		for (l = LIST_ADULT_SEXUAL; l <= LIST_CHILD_SEXUAL;
		    l += LIST_CHILD_SEXUAL - LIST_ADULT_SEXUAL)
			if (c.ind[i].grade[l] != GRADE_NONE)
				assert_true(c.ind[i].unverified & (1u << l));
	assert_true(catalogue_find(&c, c.ind[0].id) == 0);
	assert_int_equal(catalogue_find(&c, "no_such_indicator"), -1);
	catalogue_free(&c);
	json_decref(doc);
}

/* Break a copy of the shipped catalogue and expect field to be named. */
static void
expect_refused(void (*breakit)(json_t *), const char *field)
{
	struct catalogue	 c;
	struct cat_error	 e;
	json_t			*doc = shipped();

	breakit(doc);
	assert_int_equal(catalogue_load(doc, &c, &e), -1);
	if (strcmp(e.field, field) != 0)
		fail_msg("named %s (%s), want %s", e.field, e.msg, field);
	json_decref(doc);
}

static void
no_version(json_t *d)
{
	json_object_set_new(d, "version", json_string("two"));
}

static void
swapped_dimensions(json_t *d)
{
	json_t	*dims = json_object_get(d, "dimensions");
	json_t	*first = json_incref(json_array_get(dims, 0));

	json_array_remove(dims, 0);
	json_array_append_new(dims, first);
}

static void
twice_the_same_id(json_t *d)
{
	json_t	*ind = json_object_get(d, "indicators");

	json_object_set(json_array_get(ind, 1), "id",
	    json_object_get(json_array_get(ind, 0), "id"));
}

static void
bad_grade(json_t *d)
{
	json_t	*g = json_object_get(json_array_get(json_object_get(d,
		    "indicators"), 3), "grades");

	json_object_set_new(g, "adult_labour", json_string("very strong"));
}

static void
empty_question(json_t *d)
{
	json_t	*q = json_object_get(json_array_get(json_object_get(d,
		    "indicators"), 2), "question");

	json_object_set_new(q, "pl", json_string(""));
}

static void
unverified_elsewhere(json_t *d)
{
	json_t	*i = json_array_get(json_object_get(d, "indicators"), 0);

	json_object_set_new(json_object_get(i, "grades"), "adult_sexual",
	    json_null());
	json_object_del(json_object_get(i, "grades"), "adult_sexual");
	json_object_set_new(i, "unverified", json_pack("[s]",
	    "adult_sexual"));
}

static void
dimension_emptied(json_t *d)
{
	json_t	*ind = json_object_get(d, "indicators"), *keep = json_array();
	json_t	*i;
	size_t	 k;

	json_array_foreach(ind, k, i)
		if (strcmp(json_string_value(json_object_get(i, "dimension")),
		    "vulnerability_destination") != 0)
			json_array_append(keep, i);
	json_object_set_new(d, "indicators", keep);
}

static void
test_refused(void **state)
{
	(void)state;
	expect_refused(no_version, "version");
	expect_refused(swapped_dimensions, "dimensions[0]");
	expect_refused(twice_the_same_id, "indicators[1].id");
	expect_refused(bad_grade, "indicators[3].grades");
	expect_refused(empty_question, "indicators[2].question");
	expect_refused(unverified_elsewhere, "indicators[0].unverified");
	expect_refused(dimension_emptied, "indicators");
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(test_shipped_loads),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
