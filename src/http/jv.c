/* JSON body validation: see jv.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base/valid.h"
#include "http/jv.h"

static const char *const jv_type_names[JV__MAX] = {
	[JV_STRING] = "a string",
	[JV_TEXT] = "a string",
	[JV_INT] = "an integer",
	[JV_BOOL] = "true or false",
	[JV_ARRAY] = "an array",
	[JV_OBJECT] = "an object",
};

static int
jv_fail(struct jv_error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
jv_fail(struct jv_error *err, const char *field, const char *fmt, ...)
{
	va_list	 ap;

	err->field = field;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static bool
jv_type_ok(const json_t *v, enum jv_type t)
{
	switch (t) {
	case JV_STRING:
	case JV_TEXT:
		return json_is_string(v);
	case JV_INT:
		return json_is_integer(v);
	case JV_BOOL:
		return json_is_boolean(v);
	case JV_ARRAY:
		return json_is_array(v);
	case JV_OBJECT:
		return json_is_object(v);
	default:
		return false;
	}
}

/* A member's error, renamed "parent.member". */
static int
jv_nest(struct jv_error *err, const char *parent)
{
	char	 tmp[sizeof(err->path)];

	if (err->field == NULL)
		err->field = parent;
	else {
		snprintf(tmp, sizeof(tmp), "%s.%s", parent, err->field);
		memcpy(err->path, tmp, sizeof(tmp));
		err->field = err->path;
	}
	return -1;
}

static int
jv_check_value(const json_t *v, const struct jv_field *f,
    struct jv_error *err)
{
	const char		*s;
	size_t			 n, i;
	int64_t			 iv;

	if (json_is_null(v)) {
		if (f->nullable && !f->required)
			return 0;
		return jv_fail(err, f->name, "%s must not be null", f->name);
	}
	if (!jv_type_ok(v, f->type))
		return jv_fail(err, f->name, "%s must be %s", f->name,
		    jv_type_names[f->type]);
	switch (f->type) {
	case JV_STRING:
	case JV_TEXT:
		s = json_string_value(v);
		n = json_string_length(v);
		if (!valid_text(s, n, f->max, f->type == JV_TEXT))
			return jv_fail(err, f->name, "%s must be text of at "
			    "most %zu characters, without control characters",
			    f->name, f->max);
		if (utf8_count(s, n) < f->min)
			return jv_fail(err, f->name, f->min == 1 ?
			    "%s must not be empty" :
			    "%s must have at least %zu characters", f->name,
			    f->min);
		if (f->oneof != NULL) {
			for (i = 0; f->oneof[i] != NULL; i++)
				if (strcmp(f->oneof[i], s) == 0)
					break;
			if (f->oneof[i] == NULL)
				return jv_fail(err, f->name, "%s is not one "
				    "of the allowed values", f->name);
		}
		break;
	case JV_INT:
		iv = json_integer_value(v);
		if (iv < f->imin || iv > f->imax)
			return jv_fail(err, f->name, "%s must be between "
			    "%lld and %lld", f->name, (long long)f->imin,
			    (long long)f->imax);
		break;
	case JV_ARRAY:
		n = json_array_size(v);
		if (n < f->min || n > f->max)
			return jv_fail(err, f->name, "%s must have %zu to %zu "
			    "items", f->name, f->min, f->max);
		if (f->items != NULL) {
			struct jv_field	 item = *f->items;

			item.name = f->name;
			for (i = 0; i < n; i++)
				if (jv_check_value(json_array_get(v, i), &item,
				    err) == -1)
					return -1;
		}
		break;
	case JV_OBJECT:
		if (f->members != NULL && jv_check(v, f->members, err) == -1)
			return jv_nest(err, f->name);
		break;
	default:
		break;
	}
	return 0;
}

int
jv_check(const json_t *obj, const struct jv_field *t, struct jv_error *err)
{
	const struct jv_field	*f;
	const char		*key;
	json_t			*v;

	err->field = NULL;
	err->msg[0] = '\0';
	if (!json_is_object(obj))
		return jv_fail(err, NULL, "the body must be a JSON object");
	json_object_foreach((json_t *)(uintptr_t)obj, key, v) {
		for (f = t; f->name != NULL; f++)
			if (strcmp(f->name, key) == 0)
				break;
		if (f->name == NULL) {
			/* The key is input: report it only if it is clean. */
			if (!valid_text(key, strlen(key), 64, false))
				return jv_fail(err, NULL, "unknown field");
			return jv_fail(err, key, "unknown field %s", key);
		}
		if (jv_check_value(v, f, err) == -1)
			return -1;
	}
	for (f = t; f->name != NULL; f++)
		if (f->required && json_object_get(obj, f->name) == NULL)
			return jv_fail(err, f->name, "%s is required", f->name);
	return 0;
}

const char *
jv_str(const json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

int64_t
jv_int(const json_t *o, const char *name, int64_t def)
{
	json_t	*v = json_object_get(o, name);

	return json_is_integer(v) ? json_integer_value(v) : def;
}

bool
jv_bool(const json_t *o, const char *name, bool def)
{
	json_t	*v = json_object_get(o, name);

	return json_is_boolean(v) ? json_is_true(v) : def;
}

void
jv_wipe(json_t *o, const char *name)
{
	json_t	*v = json_object_get(o, name);

	/* jansson keeps the string in a buffer it owns; clear it there. */
	if (json_is_string(v))
		sodium_memzero((char *)(uintptr_t)json_string_value(v),
		    json_string_length(v));
}
