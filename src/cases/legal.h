/*
 * The legal track's deadlines, as pure rules: given the dates a case's
 * legal track records, which reminders fall due and when.  The API turns
 * them into tasks (kind "deadline") ahead of time; a reminder is known by
 * its key, so saving a date again moves its task instead of adding one.
 */
#ifndef HAVEN_LEGAL_H
#define HAVEN_LEGAL_H

#include <stdbool.h>
#include <stddef.h>

#include "hotline/calendar.h"

#define LEGAL_HEARINGS_MAX	20
#define LEGAL_DEADLINES_MAX	(3 + LEGAL_HEARINGS_MAX)
#define LEGAL_KEY_MAX		32
#define LEGAL_TITLE_MAX		96

/* Days of warning before each kind of date. */
#define LEAD_CERTIFICATE	14
#define LEAD_RESIDENCE		30
#define LEAD_PROGRAMME		14
#define LEAD_HEARING		7

/* The dates that make deadlines; a zero year means "not recorded". */
struct legal_dates {
	bool		 minor;
	struct cal_date	 certificate_issued;
	struct cal_date	 residence_expires;
	struct cal_date	 programme_ends;
	struct cal_date	 hearings[LEGAL_HEARINGS_MAX];
	size_t		 nhearings;
};

struct legal_deadline {
	char		 key[LEGAL_KEY_MAX];	/* "certificate", "hearing:3" */
	char		 title_en[LEGAL_TITLE_MAX];
	struct cal_date	 event;		/* the date itself */
	struct cal_date	 due;		/* event - lead days */
};

/*
 * The deadlines of d, in the order certificate, residence permit,
 * programme, hearings.  Returns how many were written to out (at most
 * LEGAL_DEADLINES_MAX).  The certificate's event is its expiry
 * (lifecycle.h certificate_expiry).
 */
size_t	 legal_deadlines(const struct legal_dates *d,
	    struct legal_deadline out[LEGAL_DEADLINES_MAX]);

/* d + days (negative allowed), across months and years. */
struct cal_date	 date_add_days(struct cal_date d, int days);
/* Parse "YYYY-MM-DD" (a real calendar date); -1 otherwise. */
int	 date_parse(const char *, struct cal_date *)
	    __attribute__((warn_unused_result));
/* Format as "YYYY-MM-DD". */
void	 date_format(struct cal_date, char out[11]);

#endif
