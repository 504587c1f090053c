/*
 * Instance settings kept in the database (table setting), with their
 * defaults and limits in one table.  demo_mode is set only by
 * `haven init --demo` and cannot be changed over the API: it relaxes the
 * second factor and makes the interface show a "demo" banner.
 */
#ifndef HAVEN_SETTINGS_H
#define HAVEN_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

enum setting {
	SETTING_SESSION_IDLE_MINUTES,
	SETTING_SESSION_LIFETIME_HOURS,
	SETTING_DEMO_MODE,
	/* The screening rule's unverified parts (screening/rule.h), 0 or 1. */
	SETTING_SCREEN_ADULT_NEEDS_DESTINATION,
	SETTING_SCREEN_CHILD_MEANS_OPTIONAL,
	SETTING_SCREEN_POSSIBLE_TWO_OF_THREE,
	/* What leaves Haven as numbers (stats/): the smallest count shown,
	 * and k of the anonymised export. */
	SETTING_STATS_THRESHOLD,
	SETTING_EXPORT_K,
	SETTING__MAX
};

struct setting_def {
	const char	*name;
	int64_t		 def, min, max;
	bool		 api;		/* may be changed over the API */
};

extern const struct setting_def	setting_defs[SETTING__MAX];

/* The value, or its default when unset; -1 on a database error. */
int	 setting_get(struct db *, enum setting, int64_t *)
	    __attribute__((warn_unused_result));
/* Set (inside a write transaction); the value must be within limits. */
int	 setting_set(struct db *, enum setting, int64_t)
	    __attribute__((warn_unused_result));

#endif
