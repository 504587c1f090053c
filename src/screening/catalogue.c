/* The indicator catalogue: see catalogue.h. */
#include <stdio.h>
#include <string.h>

#include "base/valid.h"
#include "base/xmalloc.h"
#include "screening/catalogue.h"

static const char *const list_codes[LIST__MAX] = {
	[LIST_ADULT_LABOUR] = "adult_labour",
	[LIST_ADULT_SEXUAL] = "adult_sexual",
	[LIST_CHILD_LABOUR] = "child_labour",
	[LIST_CHILD_SEXUAL] = "child_sexual",
};

static const char *const group_codes[GROUP__MAX] = {
	[GROUP_RECRUITMENT] = "recruitment",
	[GROUP_EXPLOITATION] = "exploitation",
	[GROUP_DESTINATION] = "destination",
};

const char *
list_code(enum cat_list l)
{
	return l < LIST__MAX ? list_codes[l] : "?";
}

int
list_parse(const char *s, enum cat_list *out)
{
	int	 i = valid_code(list_codes, LIST__MAX, s);

	if (i < 0)
		return -1;
	*out = (enum cat_list)i;
	return 0;
}

bool
list_is_child(enum cat_list l)
{
	return l == LIST_CHILD_LABOUR || l == LIST_CHILD_SEXUAL;
}

static int
cat_fail(struct cat_error *e, const char *field, const char *msg)
{
	snprintf(e->field, sizeof(e->field), "%s", field);
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	return -1;
}

/* A clean, non-empty text of at most CAT_TEXT_MAX characters. */
static bool
cat_text(const json_t *v)
{
	const char	*s = json_string_value(v);
	size_t		 n = json_string_length(v);

	return s != NULL && n > 0 && valid_text(s, n, CAT_TEXT_MAX, true);
}

/* {"pl": text, "en": text} and nothing else. */
static bool
cat_bilingual(const json_t *v)
{
	return json_is_object(v) && json_object_size(v) == 2 &&
	    cat_text(json_object_get(v, "pl")) &&
	    cat_text(json_object_get(v, "en"));
}

static bool
cat_id(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return i >= 3 && i <= 48;
}

static int
cat_head(const json_t *doc, struct catalogue *c, struct cat_error *e)
{
	json_t	*v, *d;
	size_t	 i;
	int	 l;

	if (!json_is_object(doc))
		return cat_fail(e, "", "a catalogue is a JSON object");
	if (!cat_text(json_object_get(doc, "catalogue")))
		return cat_fail(e, "catalogue", "the catalogue needs a name");
	v = json_object_get(doc, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 1000000)
		return cat_fail(e, "version", "version must be a whole "
		    "number from 1");
	c->version = json_integer_value(v);
	if (!cat_bilingual(json_object_get(doc, "title")))
		return cat_fail(e, "title", "title needs pl and en");
	if (!cat_text(json_object_get(doc, "source")))
		return cat_fail(e, "source", "source must say where the "
		    "indicators come from");
	if (!cat_bilingual(json_object_get(doc, "act")))
		return cat_fail(e, "act", "act (the child rule's question) "
		    "needs pl and en");
	v = json_object_get(doc, "lists");
	if (!json_is_array(v) || json_array_size(v) != LIST__MAX)
		return cat_fail(e, "lists", "lists must name the four lists");
	for (l = 0; l < LIST__MAX; l++)
		if (strcmp(json_string_value(json_array_get(v, (size_t)l)) ?
		    json_string_value(json_array_get(v, (size_t)l)) : "",
		    list_codes[l]) != 0)
			return cat_fail(e, "lists", "lists must be adult_labour, "
			    "adult_sexual, child_labour, child_sexual");
	v = json_object_get(doc, "dimensions");
	if (!json_is_array(v) || json_array_size(v) != DIM__MAX)
		return cat_fail(e, "dimensions", "dimensions must be the six, "
		    "in order");
	json_array_foreach(v, i, d) {
		const char	*code = json_string_value(json_object_get(d,
				    "code"));
		const char	*g = json_string_value(json_object_get(d,
				    "group"));

		if (code == NULL || strcmp(code,
		    dimension_code((enum dimension)i)) != 0 || g == NULL ||
		    strcmp(g, group_codes[dimension_group((enum dimension)i)]) !=
		    0 || json_object_size(d) != 4 ||
		    !cat_text(json_object_get(d, "pl")) ||
		    !cat_text(json_object_get(d, "en"))) {
			char	 f[48];

			snprintf(f, sizeof(f), "dimensions[%zu]", i);
			return cat_fail(e, f, "each dimension: its code, group, "
			    "pl and en, in the rule's order");
		}
	}
	return 0;
}

/* Check and index indicator i of the document. */
static int
cat_indicator(const json_t *o, size_t i, struct cat_indicator *ind,
    struct cat_error *e)
{
	char		 f[64];
	const char	*key;
	json_t		*v;
	enum cat_list	 l;
	size_t		 k;

	memset(ind, 0, sizeof(*ind));
	ind->obj = o;
	snprintf(f, sizeof(f), "indicators[%zu]", i);
	if (!json_is_object(o))
		return cat_fail(e, f, "an indicator is an object");
	json_object_foreach((json_t *)(uintptr_t)o, key, v)
		if (strcmp(key, "id") != 0 && strcmp(key, "dimension") != 0 &&
		    strcmp(key, "label") != 0 && strcmp(key, "question") != 0 &&
		    strcmp(key, "grades") != 0 &&
		    strcmp(key, "unverified") != 0)
			return cat_fail(e, f, "an indicator has id, dimension, "
			    "label, question, grades and unverified only");
	ind->id = json_string_value(json_object_get(o, "id"));
	if (!cat_id(ind->id)) {
		snprintf(f, sizeof(f), "indicators[%zu].id", i);
		return cat_fail(e, f, "an id is 3 to 48 of a-z, 0-9 and _");
	}
	if (dimension_parse(json_string_value(json_object_get(o,
	    "dimension")), &ind->dim) == -1) {
		snprintf(f, sizeof(f), "indicators[%zu].dimension", i);
		return cat_fail(e, f, "unknown dimension");
	}
	if (!cat_bilingual(json_object_get(o, "label")) ||
	    !cat_bilingual(json_object_get(o, "question"))) {
		snprintf(f, sizeof(f), "indicators[%zu].question", i);
		return cat_fail(e, f, "label and question need pl and en");
	}
	v = json_object_get(o, "grades");
	snprintf(f, sizeof(f), "indicators[%zu].grades", i);
	if (!json_is_object(v) || json_object_size(v) == 0)
		return cat_fail(e, f, "grades name at least one list");
	json_object_foreach(v, key, o) {
		if (list_parse(key, &l) == -1 ||
		    grade_parse(json_string_value(o), &ind->grade[l]) == -1)
			return cat_fail(e, f, "each grade: a list and strong, "
			    "medium or weak");
	}
	v = json_object_get(ind->obj, "unverified");
	snprintf(f, sizeof(f), "indicators[%zu].unverified", i);
	if (v != NULL) {
		if (!json_is_array(v))
			return cat_fail(e, f, "unverified is a list of lists");
		json_array_foreach(v, k, o) {
			if (list_parse(json_string_value(o), &l) == -1 ||
			    ind->grade[l] == GRADE_NONE)
				return cat_fail(e, f, "unverified names lists "
				    "the indicator is graded on");
			ind->unverified |= 1u << l;
		}
	}
	return 0;
}

int
catalogue_load(json_t *doc, struct catalogue *c, struct cat_error *e)
{
	json_t	*list;
	size_t	 i, k;
	int	 l, d, have;

	memset(c, 0, sizeof(*c));
	memset(e, 0, sizeof(*e));
	if (cat_head(doc, c, e) == -1)
		return -1;
	list = json_object_get(doc, "indicators");
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > CAT_INDICATORS_MAX)
		return cat_fail(e, "indicators", "indicators: 1 to 400");
	c->n = json_array_size(list);
	c->ind = xcalloc(c->n, sizeof(*c->ind));
	for (i = 0; i < c->n; i++) {
		if (cat_indicator(json_array_get(list, i), i, &c->ind[i], e) ==
		    -1)
			goto fail;
		for (k = 0; k < i; k++)
			if (strcmp(c->ind[k].id, c->ind[i].id) == 0) {
				char	 f[64];

				snprintf(f, sizeof(f), "indicators[%zu].id", i);
				cat_fail(e, f, "this id is used twice");
				goto fail;
			}
	}
	/* Every list can make every dimension positive, or be asked about. */
	for (l = 0; l < LIST__MAX; l++)
		for (d = 0; d < DIM__MAX; d++) {
			for (have = 0, i = 0; i < c->n && !have; i++)
				have = c->ind[i].dim == (enum dimension)d &&
				    c->ind[i].grade[l] != GRADE_NONE;
			if (!have) {
				cat_fail(e, "indicators", "every dimension needs "
				    "an indicator on every list");
				goto fail;
			}
		}
	c->doc = json_incref(doc);
	return 0;
fail:
	free(c->ind);
	memset(c, 0, sizeof(*c));
	return -1;
}

void
catalogue_free(struct catalogue *c)
{
	json_decref(c->doc);
	free(c->ind);
	memset(c, 0, sizeof(*c));
}

int
catalogue_find(const struct catalogue *c, const char *id)
{
	size_t	 i;

	if (id == NULL)
		return -1;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->ind[i].id, id) == 0)
			return (int)i;
	return -1;
}
