/*
 * The indicator catalogue: a JSON document (data/indicators.json, and the
 * revisions coordinators load), checked in full before it is used, and
 * indexed for the rule (rule.h).  Pure: no SQL; the document is parsed
 * from text and kept, so labels and questions are read from it.
 */
#ifndef HAVEN_CATALOGUE_H
#define HAVEN_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "screening/rule.h"

enum cat_list {
	LIST_ADULT_LABOUR,
	LIST_ADULT_SEXUAL,
	LIST_CHILD_LABOUR,
	LIST_CHILD_SEXUAL,
	LIST__MAX
};

#define CAT_TEXT_MAX	1000	/* characters of a label or question */
#define CAT_INDICATORS_MAX 400

struct cat_indicator {
	const char	*id;		/* borrowed from the document */
	enum dimension	 dim;
	enum grade	 grade[LIST__MAX];	/* GRADE_NONE: not on it */
	unsigned	 unverified;		/* bit per list */
	const json_t	*obj;			/* the entry */
};

struct catalogue {
	json_t			*doc;		/* owned */
	int64_t			 version;
	struct cat_indicator	*ind;		/* owned */
	size_t			 n;
};

/* Where a catalogue is wrong: the field's path and why. */
struct cat_error {
	char	 field[96];
	char	 msg[160];
};

/*
 * Check doc (a reference is taken) and index it into c.  0 when it is a
 * valid catalogue; -1 with *e naming the first problem.
 */
int		 catalogue_load(json_t *doc, struct catalogue *c,
		    struct cat_error *e) __attribute__((warn_unused_result));
void		 catalogue_free(struct catalogue *);
/* The index of indicator id, or -1. */
int		 catalogue_find(const struct catalogue *, const char *id);

const char	*list_code(enum cat_list);
int		 list_parse(const char *, enum cat_list *)
		    __attribute__((warn_unused_result));
bool		 list_is_child(enum cat_list);

#endif
