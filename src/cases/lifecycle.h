/*
 * The life of a case file, as pure rules: its statuses, the transitions the
 * centre allows (no jumps), why a case closes, and the legal periods that
 * become deadlines.  No SQL, no I/O.
 *
 *   preliminary verification -> provisional identification
 *     -> identified | not identified -> closed (with a reason)
 *   closed -> reopened into the status it had when it was closed
 */
#ifndef HAVEN_LIFECYCLE_H
#define HAVEN_LIFECYCLE_H

#include <stdbool.h>

#include "hotline/calendar.h"

enum case_status {
	CASE_PRELIMINARY,	/* preliminary verification */
	CASE_PROVISIONAL,	/* provisional identification */
	CASE_IDENTIFIED,
	CASE_NOT_IDENTIFIED,
	CASE_CLOSED,
	CASE_STATUS__MAX
};

enum case_close_reason {
	CLOSE_ASSISTANCE_COMPLETED,
	CLOSE_RETURNED_HOME,
	CLOSE_TRANSFERRED,
	CLOSE_CONTACT_LOST,
	CLOSE_DECLINED_HELP,
	CLOSE_NOT_A_VICTIM,
	CLOSE_OTHER,
	CLOSE__MAX
};

const char	*case_status_code(enum case_status);
int		 case_status_parse(const char *, enum case_status *)
		    __attribute__((warn_unused_result));
const char	*case_close_reason_code(enum case_close_reason);
int		 case_close_reason_parse(const char *, enum case_close_reason *)
		    __attribute__((warn_unused_result));

/*
 * May a case go from "from" to "to"?  For a reopening (from closed),
 * before_close is the status it had when it was closed; otherwise it is
 * not read.
 */
bool		 case_transition_ok(enum case_status from, enum case_status to,
		    enum case_status before_close);

/*
 * A period of months counted as the Civil Code does (art. 112): it ends
 * on the day of the month with the start's number, or on the month's last
 * day when there is no such day (31 January + 1 month = 28/29 February).
 */
struct cal_date	 date_add_months(struct cal_date, int months);
/*
 * The end of validity of the certificate of presumed-victim status
 * (Foreigners Act art. 170): 3 months from issue, 4 for a minor.
 */
struct cal_date	 certificate_expiry(struct cal_date issued, bool minor);

#endif
