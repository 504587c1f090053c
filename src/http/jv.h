/*
 * Validation of JSON request bodies against a field table (kcgi's
 * fieldmap): unknown keys, missing required keys, wrong types, text that is
 * not clean UTF-8 or too long, numbers out of range, values outside an
 * enumeration.  The first problem found is reported with the field's name,
 * so the client is told exactly what to fix (422).
 */
#ifndef HAVEN_JV_H
#define HAVEN_JV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

enum jv_type {
	JV_STRING,
	JV_TEXT,	/* multi-line string: newlines and tabs allowed */
	JV_INT,
	JV_BOOL,
	JV_ARRAY,
	JV_OBJECT,
	JV__MAX
};

struct jv_field {
	const char		*name;
	enum jv_type		 type;
	bool			 required;
	bool			 nullable;
	size_t			 min, max;	/* characters or items */
	int64_t			 imin, imax;	/* for JV_INT */
	const char *const	*oneof;		/* NULL-terminated, strings */
	/* JV_ARRAY: each item is checked against this (its name unused). */
	const struct jv_field	*items;
	/* JV_OBJECT: the member table; errors name "field.member". */
	const struct jv_field	*members;
};

struct jv_error {
	const char	*field;		/* the table, the body, or path */
	char		 msg[160];
	char		 path[128];	/* a nested field's "a.b" */
};

/*
 * Check obj against the table (ended by a NULL name).  0 when it conforms;
 * -1 with *err naming the first offending field.
 */
int		 jv_check(const json_t *obj, const struct jv_field *,
		    struct jv_error *) __attribute__((warn_unused_result));

/* Accessors for a checked object; NULL/def when absent or null. */
const char	*jv_str(const json_t *, const char *);
int64_t		 jv_int(const json_t *, const char *, int64_t def);
bool		 jv_bool(const json_t *, const char *, bool def);
/* Overwrite a string member in place (a password) before it is freed. */
void		 jv_wipe(json_t *, const char *);

#endif
