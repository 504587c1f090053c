/*
 * Consultancy for institutions: the consultations and trainings the centre
 * gives to police units, social services, consulates and others.  Kept
 * apart from victim cases: a case discussed with an institution is named
 * only by its reference text ("2026/0042"), never linked to the case, and
 * nothing of the case is shown with it.  Notes are sealed (they might name
 * someone); the rest is statistics.
 *
 * consultancy.c is pure (case references); consultancy_api.c the routes.
 */
#ifndef HAVEN_CONSULTANCY_H
#define HAVEN_CONSULTANCY_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "http/http.h"


#define CASE_REFS_MAX	20	/* case references on one consultation */

/*
 * Parse a case reference "YYYY/NNNN" (year 2000-2999, number 1-999999
 * written with at least four digits, as case_reference() prints them).
 * true with *year and *number set; false when it is not one.
 */
bool	 consultancy_ref_parse(const char *, int64_t *year, int64_t *number);

/* A consultation to store (its strings borrowed), checked by the caller. */
struct consultancy_new {
	int64_t		 org_id;		/* 0: none */
	const char	*name;			/* NULL with org_id */
	const char	*inst_kind, *kind, *topic, *format;
	const char	*held_on;		/* YYYY-MM-DD */
	int64_t		 duration;		/* minutes; 0: not given */
	int64_t		 participants, held_by;
	char		 org_kind[33];		/* the directory's, scratch */
	char		 refs[CASE_REFS_MAX * 12];	/* comma-separated */
};

/*
 * Store a consultation (inside a write transaction; no audit entry), its
 * notes sealed: for the routes and the demo data.
 */
int	 consultancy_insert(struct db *, const struct consultancy_new *,
	    const char *notes, int64_t by, int64_t *id)
	    __attribute__((warn_unused_result));

/* consultancy_api.c: the routes. */
extern const struct route	consultancy_routes[];
extern const size_t		consultancy_nroutes;

#endif
