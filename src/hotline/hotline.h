/*
 * The pure rules of the hotline: caller numbers, times, when a contact is
 * out of hours and when it needs a follow-up, and where the on-call rota
 * leaves gaps.  No SQL, no HTTP, no clock.
 */
#ifndef HAVEN_HOTLINE_H
#define HAVEN_HOTLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hotline/calendar.h"

#define PHONE_MAX	16	/* "+" and up to 15 digits (E.164) */

/*
 * Normalise a phone number as typed ("0048 123-456-789", "(12) 345 67 89",
 * "123456789") to "+" and digits, taking Poland (+48) for nine digits
 * without a prefix.  -1 when it cannot be a phone number.
 */
int	 phone_normalise(const char *in, char out[PHONE_MAX + 1])
	    __attribute__((warn_unused_result));

/*
 * Parse an ISO 8601 time with an offset ("2026-11-28T18:05:00+01:00",
 * "...Z"; seconds and fractions optional) into Unix seconds.  -1 when
 * malformed, without an offset, or outside the years 1900-2999 (in its
 * own offset or in Warsaw's, so that iso8601_warsaw's answer reads back).
 */
int	 iso8601_parse(const char *, int64_t *) __attribute__((warn_unused_result));
/* Format t in Warsaw local time with its offset (25 characters). */
void	 iso8601_warsaw(int64_t t, char out[48]);

/* A contact's follow-up rule: routine out of hours, or asked for. */
bool	 contact_needs_followup(bool out_of_hours, bool urgent,
	    bool outcome_follow_up);

/* An on-call shift, or a gap, as [start, end). */
struct span {
	int64_t	 start;
	int64_t	 end;
};

/*
 * The parts of [from, to) when the office is closed and no shift covers
 * it.  shifts need not be sorted or disjoint.  Writes at most max gaps and
 * returns how many there are (possibly more than max).
 */
size_t	 rota_gaps(const struct calendar *, const struct span *shifts,
	    size_t nshifts, int64_t from, int64_t to, struct span *gaps,
	    size_t max);

#endif
