/*
 * Identification screening and the safety and risk assessment: the
 * capability's interface.  rule.c, risk.c and catalogue.c are pure;
 * screening_api.c holds the catalogue versions and screenings, risk_api.c
 * the assessments.
 */
#ifndef HAVEN_SCREENING_H
#define HAVEN_SCREENING_H

#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "db/pool.h"
#include "http/router.h"

extern const struct route	screening_routes[];
extern const size_t		screening_nroutes;
extern const struct route	risk_routes[];
extern const size_t		risk_nroutes;

/*
 * Store the catalogue shipped in the binary (data/indicators.json) when its
 * version is not in the database yet (a write transaction's function: run
 * before serving, and by init before the demo data).
 */
int	 screening_seed(struct db *, void *, struct err *)
	    __attribute__((warn_unused_result));
/*
 * For the demo data (inside a write transaction): a completed screening of
 * a case on a list, concluded as the tool says, whose answers make the
 * dimensions in yes_dims positive (bit per enum dimension, strongest
 * indicators first) and leave two indicators of each of open_dims unknown;
 * and a risk assessment from a body as the API takes it.
 */
int	 screening_record(struct db *, int64_t case_id, const char *list,
	    unsigned yes_dims, unsigned open_dims, int64_t by)
	    __attribute__((warn_unused_result));
int	 risk_record(struct db *, int64_t case_id, const json_t *body,
	    int64_t by) __attribute__((warn_unused_result));

#endif
