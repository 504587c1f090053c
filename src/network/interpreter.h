/*
 * Interpreters: the registry of the interpreters the centre works with
 * (languages, modes, weekly availability, vetting, the confidentiality
 * agreement), their bookings tied to a case, a contact or an appointment
 * (a task), and the suggestions for a language.
 *
 * interpreter.c holds the pure rules (no SQL, no I/O, no clock: times and
 * "today" are arguments): overlaps and conflicts, availability, the
 * agreement's renewal, booking status changes, and the order of
 * suggestions.  interpreter_store.c holds the writes, interpreter_api.c
 * the routes of the registry and the suggestions, booking_api.c those of
 * the bookings, interpreter_demo.c the demo registry.
 */
#ifndef HAVEN_INTERPRETER_H
#define HAVEN_INTERPRETER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "hotline/calendar.h"
#include "http/router.h"

#define INTERP_NAME_MAX		120	/* characters */
#define INTERP_LANGS_MAX	12	/* languages of one interpreter */
#define INTERP_SLOTS_MAX	21	/* weekly availability slots */
#define INTERP_TEXT_MAX		200	/* region, availability note, purpose */
#define INTERP_NOTES_MAX	2000
/* A confidentiality agreement must be renewed this long after signing. */
#define INTERP_AGREEMENT_YEARS	2
/* ... and is flagged as due this many days before. */
#define INTERP_AGREEMENT_WARN_DAYS 60
/* The longest booking: a working day (a hearing, a day at the shelter). */
#define INTERP_BOOKING_MAX_S	(12 * 3600)

/* One weekly slot of availability, in Warsaw local time. */
struct interp_slot {
	enum weekday	 day;
	int		 from, to;	/* minutes of the day, from < to <= 1440 */
};

/* A booking as the conflict rule sees it: [start, end), Unix seconds. */
struct interp_span {
	int64_t		 id;
	int64_t		 start, end;
};

enum interp_agreement {
	AGREEMENT_NONE,		/* never signed (or the date is unknown) */
	AGREEMENT_VALID,
	AGREEMENT_DUE,		/* valid, renewal due within the warning */
	AGREEMENT_EXPIRED,	/* older than INTERP_AGREEMENT_YEARS */
	AGREEMENT__MAX
};

enum interp_times {
	TIMES_OK,
	TIMES_END_NOT_AFTER,	/* end <= start */
	TIMES_TOO_LONG,		/* longer than INTERP_BOOKING_MAX_S */
	TIMES__MAX
};

/* Why a suggested interpreter is not a first choice (bits). */
enum interp_reason {
	REASON_NOT_VETTED,
	REASON_NO_AGREEMENT,
	REASON_AGREEMENT_EXPIRED,
	REASON_BUSY,
	REASON_OUTSIDE_AVAILABILITY,
	REASON__MAX
};

/* An interpreter as the suggestion rule sees it. */
struct interp_candidate {
	int64_t			 id;
	const char		*name;		/* borrowed */
	bool			 vetted;
	enum interp_agreement	 agreement;
	bool			 busy;		/* an overlapping booking */
	bool			 outside;	/* outside the weekly slots */
	size_t			 row;		/* the caller's own index */
};

/* Is s an ISO 639 code as persons keep them: 2 or 3 letters a-z? */
bool		 interp_lang_valid(const char *s);
/* Does the comma-separated list csv hold code? */
bool		 interp_csv_has(const char *csv, const char *code);
/* "HH:MM" (00:00 to 24:00) as minutes of the day; -1 when malformed. */
int		 interp_hhmm_parse(const char *, int *minute)
		    __attribute__((warn_unused_result));
void		 interp_hhmm_format(int minute, char out[6]);
/* "mon" .. "sun". */
const char	*interp_day_code(enum weekday);
/*
 * The slots of an availability array [{"day","from","to"}]; items that do
 * not parse, or end before they start, are skipped.  Returns how many
 * were written (at most max).
 */
size_t		 interp_slots_from_json(const json_t *, struct interp_slot *,
		    size_t max);

/* Do [as, ae) and [bs, be) overlap?  Touching ends do not. */
bool		 interp_overlap(int64_t as, int64_t ae, int64_t bs,
		    int64_t be);
/*
 * The first of the n bookings that overlaps [start, end), skipping the
 * booking whose id is skip (a booking being moved); -1 when none does.
 */
int		 interp_conflict(const struct interp_span *, size_t n,
		    int64_t start, int64_t end, int64_t skip);
enum interp_times interp_times_check(int64_t start, int64_t end);
/*
 * Is [start, end) inside one of the weekly slots (Warsaw local time, on
 * one day)?  With no slots nothing is known, and the answer is true.
 */
bool		 interp_within(const struct interp_slot *, size_t n,
		    int64_t start, int64_t end);

/*
 * The state of an agreement signed on *signed_on (NULL: none) on day
 * today; *renew_by (when not NULL and signed) gets the day it must be
 * renewed by.
 */
enum interp_agreement interp_agreement_state(const struct cal_date *signed_on,
		    struct cal_date today, struct cal_date *renew_by);
const char	*interp_agreement_code(enum interp_agreement);
/* Is the agreement in force (valid or due)? */
bool		 interp_agreement_ok(enum interp_agreement);

/*
 * May a booking in status from move to status to?  booked -> cancelled
 * always, booked -> done once it has started (start <= now); nothing
 * leaves cancelled or done.  Unknown statuses: false.
 */
bool		 interp_status_allowed(const char *from, const char *to,
		    int64_t start, int64_t now);

/* The reasons of a candidate, as bits of enum interp_reason. */
unsigned	 interp_reasons(const struct interp_candidate *);
const char	*interp_reason_code(enum interp_reason);
/*
 * Order candidates for a suggestion: vetted with an agreement in force
 * first, then free at the time asked, then inside their availability,
 * then by name and id.  Stable for equal keys.
 */
void		 interp_rank(struct interp_candidate *, size_t n);

/*
 * ---- The store and routes (interpreter_store.c, interpreter_api.c,
 * booking_api.c).
 */

extern const struct route	interpreter_routes[];
extern const size_t		interpreter_nroutes;
extern const struct route	booking_routes[];
extern const size_t		booking_nroutes;

/* What a booking needs to know of the interpreter it books. */
struct interp_brief {
	bool			 found, active, vetted;
	enum interp_agreement	 agreement;	/* as of today */
	char			 name[INTERP_NAME_MAX * 4 + 1];
	char			 langs[INTERP_LANGS_MAX * 4 + 1];
	char			 modes[32];
	struct interp_slot	 slots[INTERP_SLOTS_MAX];
	size_t			 nslots;
};

/*
 * interpreter_api.c, for booking_api.c as well.  interp_load: interpreter
 * id as the API shows it (full: with its sealed phone, e-mail and notes,
 * which the caller audits): 1 with *out a new reference the caller
 * decrefs, 0 none, -1 error (*out NULL both times).  interp_brief_load:
 * the same interpreter as *b: 1, 0 none, -1 error.
 */
int	 interp_load(struct db *, int64_t id, bool full, json_t **out)
	    __attribute__((warn_unused_result));
int	 interp_brief_load(struct db *, int64_t id, struct interp_brief *b)
	    __attribute__((warn_unused_result));
/*
 * Request helpers of interpreter_api.c shared with booking_api.c.
 * interp_time_arg: s, the value of argument or member name, as ISO 8601
 * with its offset into *t: 0, or -1 when it has answered 422 on name (s
 * NULL as well).
 * interp_times_ok: 0 when [start, end) passes interp_times_check(), or
 * -1 when it has answered (422 ends_at).
 */
int	 interp_time_arg(struct req *, const char *name, const char *s,
	    int64_t *t) __attribute__((warn_unused_result));
int	 interp_times_ok(struct req *, int64_t start, int64_t end)
	    __attribute__((warn_unused_result));

/* An interpreter to write: borrowed strings; NULL stores NULL. */
struct interp_in {
	const char	*name;
	const char	*languages;	/* comma-separated, checked */
	const char	*modes;		/* comma-separated, checked */
	const char	*region;
	const char	*availability;	/* JSON array of slots, checked */
	const char	*availability_note;
	const char	*vetted_on;	/* YYYY-MM-DD */
	const char	*agreement_on;	/* YYYY-MM-DD */
	const char	*phone;		/* sealed */
	const char	*email;		/* sealed */
	const char	*notes;		/* sealed */
	bool		 vetted, active;
};

/* A booking to write; ties are 0 when absent. */
struct booking_in {
	int64_t		 interpreter_id, case_id, contact_id, task_id;
	int64_t		 start, end;
	const char	*language, *mode;
	const char	*purpose;	/* sealed; may be NULL */
	bool		 outside;	/* outside the weekly slots */
};

/*
 * The writes, inside a write transaction, auditing left to the caller.
 * interp_insert: *id the new row.  interp_update: 1 done, 0 stale version.
 */
int	 interp_insert(struct db *, const struct interp_in *, int64_t by,
	    int64_t *id) __attribute__((warn_unused_result));
int	 interp_update(struct db *, int64_t id, int64_t version,
	    const struct interp_in *) __attribute__((warn_unused_result));
/*
 * Book: 1 with *id the new booking; 0 when it overlaps another booking of
 * the interpreter that is not cancelled (*clash says which and when);
 * -1 on error.  The check and the insert share the transaction, so two
 * bookings racing for one slot cannot both get it.
 */
int	 booking_insert(struct db *, const struct booking_in *, int64_t by,
	    int64_t *id, struct interp_span *clash)
	    __attribute__((warn_unused_result));
/*
 * Seal purpose (NULL or "" for none) into booking id's row: 0, or -1 with
 * the db failed.
 */
int	 booking_seal_purpose(struct db *, int64_t id, const char *purpose)
	    __attribute__((warn_unused_result));
/*
 * The bookings of interpreter id that are not cancelled and overlap
 * [start, end), other than skip: 1 and *clash the first, 0 none, -1.
 */
int	 booking_clash(struct db *, int64_t interpreter_id, int64_t start,
	    int64_t end, int64_t skip, struct interp_span *clash)
	    __attribute__((warn_unused_result));

/* The demo registry and a few bookings (inside the seeding write). */
struct demo_ctx;
int	 interpreter_demo(struct db *, const struct demo_ctx *)
	    __attribute__((warn_unused_result));

#endif
