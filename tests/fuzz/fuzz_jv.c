/*
 * libFuzzer target: the JSON-to-struct step of every route.  The body is
 * parsed as server.c parses it (json_loadb, JSON_REJECT_DUPLICATES, an
 * object) and checked by jv_check against field tables.  The routes' own
 * tables are static in their files, so the tables here stand for them:
 * every jv_type, required and nullable, text bounds in characters, integer
 * bounds up to the ends of int64, enumerations, arrays of strings, of
 * objects and of arrays, objects nested in objects; and the one table that
 * is not static, identity_search_fields.  (tests/fuzz/fuzz_http.c sends
 * bodies to the routes themselves.)
 *
 * What passes must be what the handlers then assume when they read it
 * through jv_str/jv_int/jv_bool: right types, text that is clean and
 * within bounds, numbers in range; what fails names a field in a message.
 */
#include <assert.h>

#include <jansson.h>

#include "base/valid.h"
#include "cases/cases.h"
#include "fuzz.h"
#include "http/jv.h"
#include "network/interpreter.h"

static const char *const kinds[] = { "call", "chat", "e-mail", NULL };

static const struct jv_field	lang_item = { .name = "", .type = JV_STRING,
	.min = 2, .max = 3 };
static const struct jv_field	kind_item = { .name = "", .type = JV_STRING,
	.min = 1, .max = 16, .oneof = kinds };
static const struct jv_field	int_item = { .name = "", .type = JV_INT,
	.imin = 0, .imax = 6 };
static const struct jv_field	row_item = { .name = "", .type = JV_ARRAY,
	.min = 1, .max = 4, .items = &int_item };
static const struct jv_field	slot_members[] = {
	{ .name = "day", .type = JV_STRING, .required = true, .min = 3,
	  .max = 3 },
	{ .name = "from", .type = JV_STRING, .required = true, .min = 5,
	  .max = 5 },
	{ .name = "to", .type = JV_STRING, .min = 5, .max = 5 },
	{ .name = NULL }
};
static const struct jv_field	slot_item = { .name = "", .type = JV_OBJECT,
	.members = slot_members };
static const struct jv_field	inner_members[] = {
	{ .name = "mode", .type = JV_STRING, .required = true, .max = 16,
	  .oneof = kinds },
	{ .name = "note", .type = JV_TEXT, .nullable = true, .max = 50 },
	{ .name = NULL }
};
static const struct jv_field	safe_members[] = {
	{ .name = "phone", .type = JV_STRING, .nullable = true, .min = 1,
	  .max = 32 },
	{ .name = "when", .type = JV_INT, .imin = 0, .imax = 1440 },
	{ .name = "inner", .type = JV_OBJECT, .nullable = true,
	  .members = inner_members },
	{ .name = NULL }
};

/* A contact-like body: the scalar types and their bounds. */
static const struct jv_field	t_contact[] = {
	{ .name = "channel", .type = JV_STRING, .required = true, .min = 1,
	  .max = 16, .oneof = kinds },
	{ .name = "summary", .type = JV_TEXT, .nullable = true, .max = 2000 },
	{ .name = "name", .type = JV_STRING, .min = 1, .max = 100 },
	{ .name = "code", .type = JV_STRING, .nullable = true, .min = 2,
	  .max = 2 },
	{ .name = "duration", .type = JV_INT, .nullable = true, .imin = 0,
	  .imax = 86400 },
	{ .name = "version", .type = JV_INT, .required = true, .imin = 1,
	  .imax = INT64_MAX },
	{ .name = "offset", .type = JV_INT, .imin = INT64_MIN,
	  .imax = INT64_MAX },
	{ .name = "urgent", .type = JV_BOOL },
	{ .name = "meta", .type = JV_OBJECT },
	{ .name = NULL }
};

/* A person-like body: arrays and nested objects. */
static const struct jv_field	t_person[] = {
	{ .name = "languages", .type = JV_ARRAY, .max = 10,
	  .items = &lang_item },
	{ .name = "kinds", .type = JV_ARRAY, .min = 1, .max = 3,
	  .nullable = true, .items = &kind_item },
	{ .name = "slots", .type = JV_ARRAY, .max = 14, .items = &slot_item },
	{ .name = "grid", .type = JV_ARRAY, .max = 4, .items = &row_item },
	{ .name = "any", .type = JV_ARRAY, .max = 100 },
	{ .name = "safe_contact", .type = JV_OBJECT, .nullable = true,
	  .members = safe_members },
	{ .name = "confirm", .type = JV_BOOL, .required = true },
	{ .name = NULL }
};

/* No fields at all: only {} passes. */
static const struct jv_field	t_empty[] = { { .name = NULL } };

static const struct jv_field *const tables[] = {
	t_contact, t_person, t_empty, identity_search_fields,
};

static void passed(const json_t *, const struct jv_field *);

/* A value jv_check passed against f, as the handler will read it. */
static void
value_passed(const json_t *v, const struct jv_field *f)
{
	const char	*s;
	size_t		 n, i;
	json_t		*item;

	if (json_is_null(v)) {
		assert(f->nullable && !f->required);
		return;
	}
	switch (f->type) {
	case JV_STRING:
	case JV_TEXT:
		assert(json_is_string(v));
		s = json_string_value(v);
		n = json_string_length(v);
		/* No NUL inside: jv_str hands it on as a C string. */
		assert(strlen(s) == n);
		assert(valid_text(s, n, f->max, f->type == JV_TEXT));
		assert(utf8_count(s, n) >= f->min);
		if (f->oneof != NULL) {
			for (i = 0; f->oneof[i] != NULL; i++)
				if (strcmp(f->oneof[i], s) == 0)
					break;
			assert(f->oneof[i] != NULL);
		}
		break;
	case JV_INT:
		assert(json_is_integer(v));
		assert(json_integer_value(v) >= f->imin &&
		    json_integer_value(v) <= f->imax);
		break;
	case JV_BOOL:
		assert(json_is_boolean(v));
		break;
	case JV_ARRAY:
		assert(json_is_array(v));
		assert(json_array_size(v) >= f->min &&
		    json_array_size(v) <= f->max);
		if (f->items != NULL)
			json_array_foreach(v, i, item)
				value_passed(item, f->items);
		break;
	case JV_OBJECT:
		assert(json_is_object(v));
		if (f->members != NULL)
			passed(v, f->members);
		break;
	default:
		abort();
	}
}

/* An object jv_check passed against t. */
static void
passed(const json_t *o, const struct jv_field *t)
{
	const struct jv_field	*f;
	const char		*key;
	json_t			*v;

	json_object_foreach((json_t *)(uintptr_t)o, key, v) {
		for (f = t; f->name != NULL; f++)
			if (strcmp(f->name, key) == 0)
				break;
		assert(f->name != NULL);
		value_passed(v, f);
	}
	for (f = t; f->name != NULL; f++) {
		if (f->required)
			assert(json_object_get(o, f->name) != NULL);
		if (f->type == JV_INT)
			(void)jv_int(o, f->name, 0);
		else if (f->type == JV_BOOL)
			(void)jv_bool(o, f->name, false);
		else if (f->type == JV_STRING || f->type == JV_TEXT)
			(void)jv_str(o, f->name);
	}
}

/*
 * An interpreter's weekly availability, as interpreter_api.c turns the
 * checked "slots" array into its struct: every slot kept is a real day and
 * a real span of it.
 */
static void
slots(const json_t *o)
{
	struct interp_slot	 s[14];
	size_t			 i, n;

	n = interp_slots_from_json(json_object_get(o, "slots"), s, 14);
	assert(n <= 14);
	for (i = 0; i < n; i++)
		assert(s[i].day < WEEKDAY__MAX && s[i].from >= 0 &&
		    s[i].from < s[i].to && s[i].to <= 1440);
	(void)interp_within(s, n, 1767600000, 1767600000 + 3600);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_process_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jv_error	 je;
	json_error_t	 jerr;
	json_t		*o;
	size_t		 i, n;

	if (size > 65536)
		return 0;
	o = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (o == NULL)
		return 0;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (jv_check(o, tables[i], &je) == 0) {
			assert(je.field == NULL);
			passed(o, tables[i]);
			if (tables[i] == t_person)
				slots(o);
			continue;
		}
		n = strnlen(je.msg, sizeof(je.msg));
		assert(n > 0 && n < sizeof(je.msg));
		/* A field named back to the client is clean, short text. */
		if (je.field != NULL)
			assert(valid_text(je.field, strlen(je.field), 127,
			    false));
	}
	/* Wiping a password in place leaves a string of the same length. */
	if (json_is_object(o) && json_is_string(json_object_get(o, "name"))) {
		n = json_string_length(json_object_get(o, "name"));
		jv_wipe(o, "name");
		assert(json_string_length(json_object_get(o, "name")) == n);
	}
	json_decref(o);
	return 0;
}
