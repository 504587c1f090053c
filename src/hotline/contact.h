/*
 * Contacts with the centre, and the SQL behind them (contact_store.c).
 * summary, urgency_reason, caller_number and handover_note are sealed at
 * rest (crypto/field.h) and held here in clear only while a request needs
 * them: contact_release() wipes them.  The caller number is also kept as a
 * blind index, so a known number is found without being readable.
 */
#ifndef HAVEN_CONTACT_H
#define HAVEN_CONTACT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"
#include "hotline/calendar.h"
#include "hotline/hotline.h"

#define CONTACT_SUMMARY_MAX	4000	/* characters */
#define CONTACT_REASON_MAX	500
#define CONTACT_HANDOVER_MAX	1000

struct contact {
	int64_t		 id;
	int64_t		 started_at;
	int64_t		 duration_s;
	char		 channel[16];
	char		 direction[16];
	char		 country[3];		/* "" when unknown */
	char		 language[4];		/* "" when unknown */
	bool		 interpreter;
	char		 inquirer[24];
	uint32_t	 topics;		/* bit i: topic code i */
	char		 urgency[12];
	char		 outcome[16];
	char		*urgency_reason;	/* NULL when none; owned */
	char		*summary;
	char		*caller_number;		/* normalised */
	char		*handover_note;
	int64_t		 consultant_id;
	char		 consultant[65];
	bool		 out_of_hours;
	bool		 followup;
	int64_t		 followup_done_at;	/* 0: open */
	int64_t		 followup_done_by;
	char		 followup_done_by_name[65];
	int64_t		 person_id;		/* 0: not linked */
	char		 pseudonym[12];
	int64_t		 case_id;		/* 0: not linked */
	char		 reference[16];
	int64_t		 organisation_id;	/* 0: not linked */
	char		 organisation[256];
	bool		 draft;			/* from the SIP server, to complete */
	char		 line[PHONE_MAX + 1];	/* the centre's number; "" none */
	int64_t		 version;
	int64_t		 created_at;
	int64_t		 updated_at;
};

/* Wipe and free the sealed fields' clear text. */
void	 contact_release(struct contact *);

/* Count c (delta +1) or uncount it (-1) in the statistics' day rollup. */
int	 contact_count(struct db *, const struct contact *, int delta)
	    __attribute__((warn_unused_result));
/* Insert (inside a write transaction); sets c->id. */
int	 contact_insert(struct db *, struct contact *)
	    __attribute__((warn_unused_result));
/*
 * Load one contact; with open, its sealed fields too.  1 found, 0 not,
 * -1 on error.
 */
int	 contact_get(struct db *, int64_t id, bool open, struct contact *)
	    __attribute__((warn_unused_result));
/*
 * Replace contact "id" by c (inside a write transaction), keeping the old
 * values sealed in contact_revision.  1 done, 0 no such contact or a stale
 * version, -1 on error.
 */
int	 contact_update(struct db *, const struct contact *old,
	    struct contact *c, int64_t by, const char *old_json)
	    __attribute__((warn_unused_result));

struct contact_filter {
	int64_t		 from, to;		/* [from, to) */
	const char	*inquirer, *urgency, *channel;	/* "" = any */
	int64_t		 topic_mask;		/* 0 = any */
	int64_t		 consultant_id;		/* 0 = any */
	int		 out_of_hours;		/* -1 any, 0, 1 */
	int		 draft;			/* -1 any, 0, 1 */
	int		 followup_open;		/* 1: open follow-ups only */
	int64_t		 before_at, before_id;	/* keyset cursor */
	int64_t		 limit;
	bool		 oldest_first;
};

typedef int	(*contact_fn)(const struct contact *, void *);
/* Rows of a page (sealed fields not opened unless with_notes). */
int	 contact_page(struct db *, const struct contact_filter *,
	    bool with_notes, contact_fn, void *)
	    __attribute__((warn_unused_result));
/* Contacts from a number's blind index: count, and the latest. */
int	 contact_lookup(struct db *, const unsigned char *bidx, int64_t *count,
	    struct contact *last) __attribute__((warn_unused_result));
/* Close an open follow-up: 1 done, 0 not open, -1 error. */
int	 contact_followup_done(struct db *, int64_t id, int64_t by,
	    int64_t now) __attribute__((warn_unused_result));

struct contact_revision {
	int64_t		 version;
	int64_t		 changed_by;
	char		 changed_by_name[65];
	int64_t		 changed_at;
	char		*old_json;	/* opened; owned by the iteration */
};
typedef int	(*revision_fn)(const struct contact_revision *, void *);
int	 contact_revisions(struct db *, int64_t id, revision_fn, void *)
	    __attribute__((warn_unused_result));

/* The service calendar as stored: office hours and closure days. */
struct calendar_store {
	struct calendar	 cal;
	int32_t		*closures;	/* owned */
	char		**notes;	/* owned, one per closure */
};
int	 calendar_load(struct db *, struct calendar_store *)
	    __attribute__((warn_unused_result));
void	 calendar_release(struct calendar_store *);

#endif
