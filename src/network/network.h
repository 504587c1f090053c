/*
 * The centre's network: the directory of organisations and institutions
 * (directory.c pure, directory_api.c), the consent ledger of a person
 * (consent.c pure, consent_api.c) and referrals from a case to an
 * organisation (referral.c pure, referral_api.c).  Interpreters,
 * prevention and consultancy have headers of their own in this folder.
 *
 * Invariants: a referral that carries personal data always names the
 * consent it relied on (consent_pick found it valid on the day it was
 * sent); withdrawing that consent flags the referral in the same
 * transaction.  Organisations are deactivated, never deleted.
 */
#ifndef HAVEN_NETWORK_H
#define HAVEN_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "http/router.h"

struct demo_ctx;

extern const struct route	directory_routes[];
extern const size_t		directory_nroutes;
extern const struct route	consent_routes[];
extern const size_t		consent_nroutes;
extern const struct route	referral_routes[];
extern const size_t		referral_nroutes;

#define ORG_KIND_MAX	32	/* bytes of a kind code, NUL included */
#define ORG_SEARCH_MAX	2048	/* bytes of an organisation's search key */
#define DATE_LEN	11	/* "YYYY-MM-DD" and its NUL */

/* ---- The directory (directory.c: pure; directory_api.c: the rest). */

/* Does organisation id exist (active or not)?  1 yes, 0 no, -1 error. */
int	 organisation_exists(struct db *, int64_t id)
	    __attribute__((warn_unused_result));
/*
 * The kind code of organisation id in out and whether it is active:
 * 1 found, 0 not, -1 error.
 */
int	 organisation_kind(struct db *, int64_t id, char out[ORG_KIND_MAX],
	    bool *active) __attribute__((warn_unused_result));
/*
 * An organisation's name copied into out (cut to outsz bytes): 1 found,
 * 0 not, -1 error.  For time line and task texts.
 */
int	 organisation_name(struct db *, int64_t id, char *out, size_t outsz)
	    __attribute__((warn_unused_result));

/* Is kind one of law enforcement: police, its coordinators, the Border
 * Guard, prosecutors, courts? */
bool	 org_kind_law_enforcement(const char *kind);
/*
 * The search key of a text: its words lower case, diacritics folded,
 * joined by single spaces in their order (so a substring of the key is a
 * substring of the words typed).  0, or -1 when it is not UTF-8 or does
 * not fit outsz (out is then "").
 */
int	 directory_search_key(const char *text, char *out, size_t outsz)
	    __attribute__((warn_unused_result));
/* Is s an ISO 639 code as persons have them (2-3 letters a-z)? */
bool	 directory_lang_ok(const char *s);
/* Is s an http:// or https:// address without spaces or controls? */
bool	 directory_website_ok(const char *s);
/* Is s an ISO 3166 alpha-2 code in upper case? */
bool	 directory_country_ok(const char *s);

/* ---- The consent ledger (consent.c: pure). */

/* A consent as the rules see it; dates "YYYY-MM-DD", "" when none. */
struct consent_facts {
	int64_t		 id;
	char		 purpose[24];
	int64_t		 organisation_id;	/* 0: none named */
	char		 given_on[DATE_LEN];
	char		 expires_on[DATE_LEN];
	char		 withdrawn_on[DATE_LEN];
};

enum consent_state {
	CONSENT_VALID,		/* given, not expired, not withdrawn */
	CONSENT_NOT_YET,	/* given after the day asked about */
	CONSENT_EXPIRED,	/* the day is after expires_on */
	CONSENT_WITHDRAWN,	/* withdrawn on or before the day */
	CONSENT_STATE__MAX
};

/* What a referral needs before it may be sent. */
enum consent_need {
	NEED_NONE,		/* no personal data travels */
	NEED_REFERRAL,		/* a referral consent naming the organisation */
	NEED_LAW_ENFORCEMENT,	/* law_enforcement (general or naming it), or
				   a referral consent naming it */
	NEED__MAX
};

/* The state of a consent on day date (expires_on counts as valid). */
enum consent_state consent_state_on(const struct consent_facts *,
	    const char *date);
const char	*consent_state_code(enum consent_state);
const char	*consent_need_code(enum consent_need);
enum consent_need referral_consent_need(bool personal_data,
	    const char *org_kind);
/*
 * May a referral sent on date to organisation org_id (of org_kind) rely
 * on consent c?  Its purpose and organisation fit, it is valid on date,
 * and it was never withdrawn (a withdrawn consent is not relied on anew,
 * whatever the date of the referral).
 */
bool	 consent_covers(const struct consent_facts *, int64_t org_id,
	    const char *org_kind, const char *date);
/*
 * The consent a referral relies on among n: the index of the one that
 * covers it, preferring one naming the organisation, then the latest
 * given, then the highest id; -1 when none does.
 */
int	 consent_pick(const struct consent_facts *, size_t n, int64_t org_id,
	    const char *org_kind, const char *date);
/*
 * Check the dates of a new consent against today: given_on not after
 * today, expires_on ("" none) not before given_on.  NULL when they are
 * fine, else the name of the field at fault.
 */
const char	*consent_dates_check(const char *given_on,
	    const char *expires_on, const char *today);
/*
 * May a consent with this purpose name an organisation (org_id, 0 none,
 * of kind org_kind)?  NULL when yes, else a message for the client:
 * referral needs one; law_enforcement may name a law-enforcement one;
 * the other purposes name none.
 */
const char	*consent_organisation_check(const char *purpose,
	    int64_t org_id, const char *org_kind);

/*
 * The consents of a person and of the persons merged into it, as facts:
 * *out is a new array of *n (NULL when none) the caller frees.  0 or -1.
 */
int	 consent_facts_load(struct db *, int64_t person_id,
	    struct consent_facts **out, size_t *n)
	    __attribute__((warn_unused_result));
/*
 * The first bytes of UTF-8 text s, at most max, never cutting a
 * character: how many bytes to keep.
 */
size_t	 utf8_prefix(const char *s, size_t max);

/*
 * The writes behind the routes, for the routes and the demo data: each runs
 * inside a write transaction and leaves auditing to its caller.
 */
int	 organisation_insert(struct db *, const json_t *org, int64_t by,
	    int64_t *id) __attribute__((warn_unused_result));
struct consent_new {
	int64_t		 person_id, organisation_id, by;	/* org 0: none */
	const char	*purpose, *given_on, *method;
	const char	*expires_on, *notes;		/* NULL: none */
};
int	 consent_insert(struct db *, const struct consent_new *, int64_t *id)
	    __attribute__((warn_unused_result));
/*
 * Withdraw consent id on day on (note may be NULL): flag every referral
 * that relied on it, with a time line entry on its case and a task for
 * the case's key consultant (by, when there is none) due today.  Each
 * referral flagged is appended to flagged (when not NULL) as {"id",
 * "case":{"id","reference"}, "organisation":{"id","name"}, "purpose"}.
 * 1 done, 0 withdrawn already, -1 error.
 */
int	 consent_withdraw(struct db *, int64_t id, const char *on,
	    const char *note, int64_t by, json_t *flagged)
	    __attribute__((warn_unused_result));
struct referral_new {
	int64_t		 case_id, organisation_id, by;
	int64_t		 consent_id;		/* 0: none relied on */
	const char	*purpose, *sent_on;
	const char	*data_shared;		/* "identity,health"; "" */
	const char	*notes;			/* NULL: none */
	bool		 personal;
};
/* Send a referral: the row, its time line entry; the case touched. */
int	 referral_insert(struct db *, const struct referral_new *,
	    int64_t *id) __attribute__((warn_unused_result));
/*
 * Change referral id of case case_id at version: to status to (NULL: kept;
 * the caller checked the move) and, when set_outcome, its outcome (NULL
 * clears).  A status change goes on the time line.  1 done, 0 the version
 * is stale, -1 error.
 */
int	 referral_set(struct db *, int64_t id, int64_t case_id,
	    int64_t version, const char *to, bool set_outcome,
	    const char *outcome, int64_t by)
	    __attribute__((warn_unused_result));

/* ---- Referrals (referral.c: pure). */

enum referral_status {
	REFERRAL_SENT,
	REFERRAL_ACCEPTED,
	REFERRAL_DECLINED,
	REFERRAL_COMPLETED,
	REFERRAL_STATUS__MAX
};

const char	*referral_status_code(enum referral_status);
/* The status of code s; -1 when s is not one. */
int		 referral_status_parse(const char *s);
/* May a referral go from one status to another?  (Never to itself.) */
bool		 referral_move_ok(enum referral_status from,
		    enum referral_status to);
/* Is a status final (declined, completed)? */
bool		 referral_final(enum referral_status);

/*
 * Counts of referrals sent between two days (inclusive, "YYYY-MM-DD"),
 * for the statistics: {"total", "by_purpose":{code:n}, "by_status":
 * {code:n}, "by_organisation_kind":{code:n}, "with_personal_data",
 * "consent_withdrawn"}.  *out is a new object the caller frees.
 */
int	 referral_stats(struct db *, const char *from, const char *to,
	    json_t **out) __attribute__((warn_unused_result));

/*
 * The demo directory, consents and referrals (inside the seeding write,
 * after demo_cases).
 */
int	 network_demo(struct db *, const struct demo_ctx *)
	    __attribute__((warn_unused_result));

#endif
