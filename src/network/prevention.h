/*
 * Preventive counselling for people considering going abroad for work or
 * another non-tourist purpose: a structured consultation (the safe-migration
 * checklist), the red flags its answers show, a risk level by a documented
 * rule, and the advice sheet in the person's language.  No identity is
 * stored: the answers are statistics attributes; the notes are sealed.
 *
 * prevention.c is pure (no SQL, no HTTP): answers in, flags, open
 * questions, level and advice points out; the sheet is built from the
 * texts of data/advice_sheet.json.  prevention_api.c holds the routes.
 */
#ifndef HAVEN_PREVENTION_H
#define HAVEN_PREVENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "http/http.h"

struct demo_ctx;

/* The red flags, most serious first (codes: prevention_flag_code). */
enum prevention_flag {
	PF_DOCUMENTS_WITHHELD,		/* passport kept by employer/agency */
	PF_TRAVEL_DEBT,			/* travel advanced, to be worked off */
	PF_FEE_FOR_JOB,			/* a fee, not a documented cost */
	PF_AGENCY_NOT_IN_KRAZ,
	PF_NO_WRITTEN_CONTRACT,
	PF_CONTRACT_NOT_UNDERSTOOD,
	PF_UNDECLARED_WORK,
	PF_TRIAL_WITHOUT_CONTRACT,
	PF_PAID_IN_ADVANCE,		/* accommodation paid before leaving */
	PF_NO_EMERGENCY_CONTACTS,
	PF_EMPLOYER_UNVERIFIED,
	PF_TOO_GOOD_TO_BE_TRUE,
	PF_PRESSURE_TO_DECIDE,
	PF_ENTERTAINMENT_OFFER,		/* a sector traffickers often use */
	PF__MAX
};

/* Checklist items the person could not answer: each gets its advice. */
enum prevention_open {
	PO_KRAZ,			/* an agency, register unchecked */
	PO_FEE,
	PO_CONTRACT,
	PO_CONTRACT_LANGUAGE,
	PO_DOCUMENTS,
	PO_ACCOMMODATION_PAYMENT,
	PO_EMERGENCY_CONTACTS,
	PO__MAX
};

/* The advice points, in the order the sheet lists them. */
enum prevention_point {
	PP_DOCUMENTS_WITHHELD,
	PP_NO_TRAVEL_DEBT,
	PP_NO_PLACEMENT_FEE,
	PP_FEE_RECEIPTS,
	PP_CHECK_KRAZ,
	PP_WRITTEN_CONTRACT,
	PP_CONTRACT_TRANSLATION,
	PP_DECLARED_WORK,
	PP_NO_TRIAL_WITHOUT_CONTRACT,
	PP_NO_ADVANCE_PAYMENT,
	PP_VERIFY_EMPLOYER,
	PP_VERIFY_OFFER,
	PP_TAKE_TIME,
	PP_ENTERTAINMENT_OFFER,
	PP_EMERGENCY_PLAN,
	PP_KEEP_DOCUMENTS,		/* the points below are always given */
	PP_CONSULATE,
	PP_INSURANCE_MONEY,
	PP_IF_THINGS_GO_WRONG,
	PP__MAX
};

enum prevention_level {
	PL_LOW,
	PL_MEDIUM,
	PL_HIGH,
	PL__MAX
};

/*
 * The answers, as the enumeration codes of src/hotline/enums.c (checked
 * before they get here).  NULL means not given; yes/no/unknown answers
 * are "yes", "no" or "unknown".
 */
struct prevention_answers {
	const char	*destination;		/* ISO 3166 alpha-2 */
	const char	*purpose;
	const char	*sector;		/* NULL */
	const char	*offer_source;		/* NULL */
	bool		 agency_named;		/* agency_name given */
	const char	*agency_in_kraz;	/* or not_applicable */
	const char	*fee_asked;
	const char	*fee_purpose;		/* NULL */
	const char	*contract_written;
	const char	*contract_language_understood;
	const char	*documents_kept_by;
	const char	*accommodation;
	const char	*paid_before_departure;
	const char	*emergency_contacts_known;
	uint32_t	 signals;		/* bits of prevention_flag */
};

struct prevention_result {
	uint32_t		 flags;		/* bits of prevention_flag */
	uint32_t		 open;		/* bits of prevention_open */
	uint32_t		 points;	/* bits of prevention_point */
	enum prevention_level	 level;
	int			 serious;	/* flags counted as serious */
};

/*
 * The rule (docs/API-prevention.md): flags from the answers, then
 * HIGH  when documents are withheld or travel is a debt (control over the
 *       person), or at least two serious flags (fee for the job, agency
 *       not in KRAZ, no written contract, undeclared work), or four flags;
 * MEDIUM when there is any flag, or three or more open questions;
 * LOW   otherwise.
 */
void		 prevention_assess(const struct prevention_answers *,
		    struct prevention_result *);

const char	*prevention_flag_code(enum prevention_flag);
const char	*prevention_open_code(enum prevention_open);
const char	*prevention_point_code(enum prevention_point);
const char	*prevention_level_code(enum prevention_level);
/* The flag of a consultant's signal code (prevention_signal), or -1. */
int		 prevention_signal_flag(const char *);
/* Is the point given whatever the answers? */
bool		 prevention_point_always(enum prevention_point);

/* Does 112 answer in this country (EU, EEA, Switzerland, UK)? */
bool		 prevention_has_112(const char *country);
/*
 * A KRAZ certificate number as people read it out: 1 to 20 characters,
 * digits with optional slashes, starting and ending with a digit
 * ("7394", "12345/2021").  Lenient on purpose: the register's own
 * numbering changed over the years.
 */
bool		 prevention_kraz_number_valid(const char *);
/* A destination: ISO 3166 alpha-2 in capitals, not Poland. */
bool		 prevention_destination_valid(const char *);

/*
 * The advice sheet's texts (the parsed data/advice_sheet.json).  check:
 * 0 when every text the rules can ask for exists, non-empty, in every
 * language the file lists; -1 with what is missing in err.
 */
int		 prevention_texts_check(const json_t *texts, char *err,
		    size_t errlen) __attribute__((warn_unused_result));
/* Is lang one of the sheet's languages? */
bool		 prevention_lang_known(const json_t *texts, const char *lang);
/*
 * The sheet of a result in lang, as JSON (a new reference the caller
 * owns): title, intro, risk, flags, points, emergency numbers.  NULL when
 * lang is not one of the file's.
 */
json_t		*prevention_sheet(const json_t *texts, const char *lang,
		    const char *destination,
		    const struct prevention_result *);

/* The embedded texts, parsed and checked once; NULL (logged) if broken. */
const json_t	*prevention_texts(void);

/* prevention_api.c: the routes. */
extern const struct route	prevention_routes[];
extern const size_t		prevention_nroutes;

/*
 * Store a consultation (inside a write transaction; no audit entry): doc
 * holds the answers as the API takes them, checked by the caller; the
 * defaults of answers it lacks are added to it.  For the demo data.
 */
int		 prevention_insert(struct db *, json_t *doc, int64_t held_at,
		    const char *notes, int64_t by, int64_t *id)
		    __attribute__((warn_unused_result));

/*
 * prevention_demo.c: sample preventive consultations and consultancy for
 * institutions (inside the seeding write).
 */
int		 prevention_demo(struct db *, const struct demo_ctx *)
		    __attribute__((warn_unused_result));

#endif
