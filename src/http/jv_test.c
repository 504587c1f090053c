/*
 * Unit tests for JSON body validation: each refusal names the right field,
 * and what passes is read back through the accessors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/jv.h"

static const char *const roles[] = { "admin", "consultant", "auditor", NULL };

static const struct jv_field fields[] = {
	{ .name = "name", .type = JV_STRING, .required = true, .min = 1,
	  .max = 5 },
	{ .name = "note", .type = JV_TEXT, .nullable = true, .max = 10 },
	{ .name = "code", .type = JV_STRING, .min = 3, .max = 3 },
	{ .name = "role", .type = JV_STRING, .max = 20, .oneof = roles },
	{ .name = "age", .type = JV_INT, .imin = 18, .imax = 120 },
	{ .name = "score", .type = JV_INT, .nullable = true,
	  .imin = INT64_MIN, .imax = INT64_MAX },
	{ .name = "active", .type = JV_BOOL },
	{ .name = "tags", .type = JV_ARRAY, .min = 1, .max = 3 },
	{ .name = "meta", .type = JV_OBJECT },
	{ .name = NULL }
};

/*
 * Parse text and check it against the table.  *op is the parsed object,
 * kept for the caller to free, since je->field may point into it.
 */
static int
check(const char *text, json_t **op, struct jv_error *je)
{
	json_error_t	 jerr;

	*op = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (*op == NULL)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return jv_check(*op, fields, je);
}

static void
ok(const char *text)
{
	struct jv_error	 je;
	json_t		*o;

	if (check(text, &o, &je) != 0)
		fail_msg("%s: refused: %s", text, je.msg);
	assert_null(je.field);
	json_decref(o);
}

/* text must be refused, naming field (NULL: no field) in the message. */
static void
bad(const char *text, const char *field)
{
	struct jv_error	 je;
	json_t		*o;

	if (check(text, &o, &je) != -1)
		fail_msg("%s: accepted", text);
	if (field == NULL) {
		assert_null(je.field);
	} else {
		if (je.field == NULL || strcmp(je.field, field) != 0)
			fail_msg("%s: field %s, want %s", text,
			    je.field != NULL ? je.field : "(null)", field);
		if (strstr(je.msg, field) == NULL)
			fail_msg("%s: message '%s' does not name %s", text,
			    je.msg, field);
	}
	assert_true(je.msg[0] != '\0');
	json_decref(o);
}

static void
test_ok(void **state)
{
	(void)state;
	ok("{\"name\":\"Anna\"}");
	ok("{\"name\":\"Anna\",\"note\":\"hi\",\"code\":\"abc\","
	    "\"role\":\"admin\",\"age\":18,\"score\":-5,\"active\":false,"
	    "\"tags\":[1],\"meta\":{}}");
}

static void
test_not_object(void **state)
{
	struct jv_error	 je;
	json_t		*v;

	(void)state;
	v = json_array();
	assert_int_equal(jv_check(v, fields, &je), -1);
	assert_null(je.field);
	json_decref(v);
	v = json_string("x");
	assert_int_equal(jv_check(v, fields, &je), -1);
	json_decref(v);
	assert_int_equal(jv_check(NULL, fields, &je), -1);
}

static void
test_unknown(void **state)
{
	struct jv_error	 je;
	json_t		*o;

	(void)state;
	bad("{\"name\":\"Anna\",\"admin\":true}", "admin");
	bad("{\"nam\":\"Anna\"}", "nam");
	bad("{\"Name\":\"Anna\"}", "Name");
	/* A key that is not clean text is not echoed back. */
	assert_int_equal(check("{\"name\":\"Anna\",\"a\\u001bb\":1}", &o,
	    &je), -1);
	assert_null(je.field);
	assert_null(strchr(je.msg, '\x1b'));
	json_decref(o);
}

static void
test_required(void **state)
{
	(void)state;
	bad("{}", "name");
	bad("{\"age\":30}", "name");
	bad("{\"name\":null}", "name");		/* required, not nullable */
}

static void
test_types(void **state)
{
	(void)state;
	/* JV_STRING */
	bad("{\"name\":5}", "name");
	bad("{\"name\":true}", "name");
	bad("{\"name\":[\"Anna\"]}", "name");
	bad("{\"name\":{}}", "name");
	/* JV_TEXT */
	bad("{\"name\":\"A\",\"note\":1}", "note");
	bad("{\"name\":\"A\",\"note\":false}", "note");
	/* JV_INT */
	bad("{\"name\":\"A\",\"age\":\"30\"}", "age");
	bad("{\"name\":\"A\",\"age\":30.0}", "age");
	bad("{\"name\":\"A\",\"age\":30.5}", "age");
	bad("{\"name\":\"A\",\"age\":true}", "age");
	/* JV_BOOL */
	bad("{\"name\":\"A\",\"active\":1}", "active");
	bad("{\"name\":\"A\",\"active\":\"true\"}", "active");
	/* JV_ARRAY */
	bad("{\"name\":\"A\",\"tags\":{}}", "tags");
	bad("{\"name\":\"A\",\"tags\":\"a,b\"}", "tags");
	/* JV_OBJECT */
	bad("{\"name\":\"A\",\"meta\":[]}", "meta");
	bad("{\"name\":\"A\",\"meta\":\"{}\"}", "meta");
	ok("{\"name\":\"A\",\"active\":true,\"meta\":{\"x\":[1,2]}}");
}

static void
test_null(void **state)
{
	(void)state;
	ok("{\"name\":\"A\",\"note\":null}");
	ok("{\"name\":\"A\",\"score\":null}");
	bad("{\"name\":\"A\",\"age\":null}", "age");
	bad("{\"name\":\"A\",\"active\":null}", "active");
	bad("{\"name\":\"A\",\"code\":null}", "code");
	bad("{\"name\":\"A\",\"tags\":null}", "tags");
	bad("{\"name\":\"A\",\"meta\":null}", "meta");
}

static void
test_string_length(void **state)
{
	(void)state;
	/* max 5 characters, not bytes: "Łucja" is 6 bytes. */
	ok("{\"name\":\"Łucja\"}");
	ok("{\"name\":\"żółćę\"}");			/* 10 bytes */
	bad("{\"name\":\"żółćęą\"}", "name");
	bad("{\"name\":\"Annaaa\"}", "name");
	ok("{\"name\":\"\\ud83d\\ude00\"}");		/* one character */
	/* min 1 */
	bad("{\"name\":\"\"}", "name");
	/* min 3, max 3, counted in characters */
	ok("{\"name\":\"A\",\"code\":\"ąęó\"}");
	bad("{\"name\":\"A\",\"code\":\"ab\"}", "code");
	bad("{\"name\":\"A\",\"code\":\"ąę\"}", "code");
	bad("{\"name\":\"A\",\"code\":\"abcd\"}", "code");
	/* JV_TEXT max 10 */
	ok("{\"name\":\"A\",\"note\":\"0123456789\"}");
	bad("{\"name\":\"A\",\"note\":\"0123456789a\"}", "note");
}

static void
test_text_rules(void **state)
{
	(void)state;
	ok("{\"name\":\"A\",\"note\":\"a\\nb\\tc\"}");
	bad("{\"name\":\"A\\nB\"}", "name");		/* JV_STRING */
	bad("{\"name\":\"A\\tB\"}", "name");
	bad("{\"name\":\"A\",\"note\":\"a\\u0007\"}", "note");
	bad("{\"name\":\"A\",\"note\":\"a\\u202e\"}", "note");
	bad("{\"name\":\"A\\u2066\"}", "name");
	bad("{\"name\":\"A\\u0085\"}", "name");
}

static void
test_oneof(void **state)
{
	(void)state;
	ok("{\"name\":\"A\",\"role\":\"consultant\"}");
	ok("{\"name\":\"A\",\"role\":\"auditor\"}");
	bad("{\"name\":\"A\",\"role\":\"root\"}", "role");
	bad("{\"name\":\"A\",\"role\":\"Admin\"}", "role");
	bad("{\"name\":\"A\",\"role\":\"admin \"}", "role");
	bad("{\"name\":\"A\",\"role\":\"\"}", "role");
	bad("{\"name\":\"A\",\"role\":\"adm\"}", "role");
}

static void
test_int_range(void **state)
{
	(void)state;
	ok("{\"name\":\"A\",\"age\":18}");
	ok("{\"name\":\"A\",\"age\":120}");
	bad("{\"name\":\"A\",\"age\":17}", "age");
	bad("{\"name\":\"A\",\"age\":121}", "age");
	bad("{\"name\":\"A\",\"age\":-18}", "age");
	bad("{\"name\":\"A\",\"age\":9223372036854775807}", "age");
	bad("{\"name\":\"A\",\"age\":-9223372036854775808}", "age");
	ok("{\"name\":\"A\",\"score\":9223372036854775807}");
	ok("{\"name\":\"A\",\"score\":-9223372036854775808}");
}

static void
test_array_items(void **state)
{
	(void)state;
	ok("{\"name\":\"A\",\"tags\":[\"a\"]}");
	ok("{\"name\":\"A\",\"tags\":[1,2,3]}");
	bad("{\"name\":\"A\",\"tags\":[]}", "tags");
	bad("{\"name\":\"A\",\"tags\":[1,2,3,4]}", "tags");
}

static void
test_accessors(void **state)
{
	json_error_t	 jerr;
	struct jv_error	 je;
	json_t		*o;

	(void)state;
	o = json_loads("{\"name\":\"Łucja\",\"note\":null,\"age\":42,"
	    "\"active\":false,\"score\":-7}", 0, &jerr);
	assert_non_null(o);
	assert_int_equal(jv_check(o, fields, &je), 0);
	assert_string_equal(jv_str(o, "name"), "Łucja");
	assert_null(jv_str(o, "note"));			/* null */
	assert_null(jv_str(o, "code"));			/* absent */
	assert_null(jv_str(o, "age"));			/* not a string */
	assert_int_equal(jv_int(o, "age", -1), 42);
	assert_int_equal(jv_int(o, "score", 0), -7);
	assert_int_equal(jv_int(o, "missing", 99), 99);
	assert_int_equal(jv_int(o, "name", 99), 99);
	assert_false(jv_bool(o, "active", true));
	assert_true(jv_bool(o, "missing", true));
	assert_false(jv_bool(o, "missing", false));
	assert_true(jv_bool(o, "age", true));
	json_decref(o);

	o = json_loads("{\"active\":true}", 0, &jerr);
	assert_true(jv_bool(o, "active", false));
	json_decref(o);
}

static void
test_wipe(void **state)
{
	static const char	 zero[32];
	json_error_t		 jerr;
	json_t			*o;
	const char		*p;
	size_t			 n;

	(void)state;
	o = json_loads("{\"password\":\"correct horse battery\",\"n\":1}", 0,
	    &jerr);
	assert_non_null(o);
	p = json_string_value(json_object_get(o, "password"));
	n = json_string_length(json_object_get(o, "password"));
	assert_int_equal(n, strlen("correct horse battery"));
	jv_wipe(o, "password");
	/* Same buffer, same length, every byte zero. */
	assert_ptr_equal(json_string_value(json_object_get(o, "password")), p);
	assert_memory_equal(p, zero, n);
	/* Absent keys and other types are left alone. */
	jv_wipe(o, "missing");
	jv_wipe(o, "n");
	assert_int_equal(json_integer_value(json_object_get(o, "n")), 1);
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_not_object),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_string_length),
		cmocka_unit_test(test_text_rules),
		cmocka_unit_test(test_oneof),
		cmocka_unit_test(test_int_range),
		cmocka_unit_test(test_array_items),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_wipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
