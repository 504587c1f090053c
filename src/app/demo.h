/*
 * The parts of the demo data set (demo.c: accounts, the hotline;
 * demo_cases.c: persons and case files).  All fictional, all marked.
 */
#ifndef HAVEN_DEMO_H
#define HAVEN_DEMO_H

#include <stdint.h>

#include "db/db.h"

struct demo_ctx {
	int64_t	 consultant, coordinator, now;
};

/* Persons and their cases at every stage (inside the seeding write). */
int	 demo_cases(struct db *, const struct demo_ctx *)
	    __attribute__((warn_unused_result));
/* Link the demo contacts from number to person id. */
int	 demo_link_calls(struct db *, const char *number, int64_t person_id)
	    __attribute__((warn_unused_result));
/* Date a case's opening back to t. */
int	 demo_backdate(struct db *, int64_t case_id, int64_t t)
	    __attribute__((warn_unused_result));
/* Seal a case for its key consultant alone. */
int	 demo_seal(struct db *, int64_t case_id)
	    __attribute__((warn_unused_result));

#endif
