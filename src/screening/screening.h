/*
 * Identification screening and the safety and risk assessment: the
 * capability's interface.  rule.c, risk.c and catalogue.c are pure;
 * screening_api.c holds the catalogue versions and screenings, risk_api.c
 * the assessments.
 */
#ifndef HAVEN_SCREENING_H
#define HAVEN_SCREENING_H

#include "base/err.h"
#include "db/pool.h"
#include "http/router.h"

extern const struct route	screening_routes[];
extern const size_t		screening_nroutes;
extern const struct route	risk_routes[];
extern const size_t		risk_nroutes;

/*
 * Store the catalogue shipped in the binary (data/indicators.json) when its
 * version is not in the database yet.  Run before serving.
 */
int	 screening_seed(struct dbpool *, struct err *)
	    __attribute__((warn_unused_result));

#endif
