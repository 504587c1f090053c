/* The route tables of the hotline, and what its handler files share. */
#ifndef HAVEN_HOTLINE_API_H
#define HAVEN_HOTLINE_API_H

#include <stddef.h>

#include <jansson.h>

#include "http/http.h"
#include "hotline/contact.h"

extern const struct route	contact_routes[];
extern const size_t		contact_nroutes;
extern const struct route	desk_routes[];
extern const size_t		desk_nroutes;

/* A contact as JSON; full adds the sealed fields.  New reference. */
json_t	*contact_json(const struct contact *, bool full);
/* Answer a list of contacts under "key" in extra (stolen; may be NULL). */
int	 contact_list_answer(struct req *, const struct contact_filter *,
	    bool notes, const char *key, json_t *extra);
/* Time as ISO 8601 in Warsaw, or null for 0. */
json_t	*hotline_time_json(int64_t);

#endif
