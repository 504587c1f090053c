/*
 * The enumerations of the hotline, in one place: the API validates against
 * them, the database stores their codes, and the interface gets them with
 * their labels from GET /api/v1/enums (no second copy in JavaScript).
 */
#ifndef HAVEN_ENUMS_H
#define HAVEN_ENUMS_H

#include <stddef.h>

#define ENUM_VALUES_MAX	24	/* values of the longest enumeration */
#define ENUM_PATHWAY_COUNT 14	/* items of the aid pathway */

struct enum_value {
	const char	*code;
	const char	*pl;
	const char	*en;
};

struct enum_def {
	const char		*name;		/* as the API names the field */
	const struct enum_value	*values;	/* ended by a NULL code */
};

enum hotline_enum {
	ENUM_CHANNEL,
	ENUM_DIRECTION,
	ENUM_INQUIRER,
	ENUM_TOPIC,
	ENUM_URGENCY,
	ENUM_OUTCOME,
	ENUM_SEX,
	ENUM_CASE_STATUS,
	ENUM_CLOSE_REASON,
	ENUM_EXPLOITATION,
	ENUM_PATHWAY_ITEM,
	ENUM_PATHWAY_STATUS,
	ENUM_SAFE_MODE,
	ENUM_TASK_KIND,
	ENUM_REGISTER_COLUMN,
	ENUM_ORGANISATION_KIND,	/* network/: the directory */
	ENUM_VOIVODESHIP,
	ENUM_CONSENT_PURPOSE,	/* network/: the consent ledger */
	ENUM_CONSENT_METHOD,
	ENUM_REFERRAL_PURPOSE,	/* network/: referrals */
	ENUM_REFERRAL_STATUS,
	ENUM_DATA_CATEGORY,
	ENUM_PREVENTION_PURPOSE,	/* network/: preventive counselling */
	ENUM_PREVENTION_SECTOR,
	ENUM_OFFER_SOURCE,
	ENUM_KRAZ_STATUS,
	ENUM_FEE_PURPOSE,
	ENUM_DOCUMENTS_KEEPER,
	ENUM_ACCOMMODATION,
	ENUM_PREVENTION_SIGNAL,
	ENUM_PREVENTION_FLAG,
	ENUM_PREVENTION_RISK,
	ENUM_CONSULTANCY_KIND,	/* network/: consultancy for institutions */
	ENUM_CONSULTANCY_TOPIC,
	ENUM_CONSULTANCY_FORMAT,
	ENUM_INTERPRETER_MODE,	/* network/: interpreters */
	ENUM_BOOKING_STATUS,
	ENUM_SHELTER_KIND,	/* shelter/ */
	ENUM_PLACEMENT_STATUS,
	ENUM_LEAVING_REASON,
	ENUM_BED_STATE,
	ENUM_BLOCK_REASON,
	ENUM_INCIDENT_KIND,
	ENUM_INCIDENT_SEVERITY,
	ENUM__MAX
};

extern const struct enum_def	enum_defs[ENUM__MAX];

/* The index of code in the enumeration, or -1. */
int	 enum_index(enum hotline_enum, const char *code);
/* The codes of an enumeration, NULL-terminated, for jv_field.oneof. */
const char *const *enum_codes(enum hotline_enum);

#endif
