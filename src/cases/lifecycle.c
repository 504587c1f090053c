/* The life of a case file: see lifecycle.h. */
#include <string.h>

#include "base/valid.h"
#include "cases/lifecycle.h"

static const char *const status_codes[CASE_STATUS__MAX] = {
	[CASE_PRELIMINARY] = "preliminary_verification",
	[CASE_PROVISIONAL] = "provisional_identification",
	[CASE_IDENTIFIED] = "identified",
	[CASE_NOT_IDENTIFIED] = "not_identified",
	[CASE_CLOSED] = "closed",
};

static const char *const reason_codes[CLOSE__MAX] = {
	[CLOSE_ASSISTANCE_COMPLETED] = "assistance_completed",
	[CLOSE_RETURNED_HOME] = "returned_home",
	[CLOSE_TRANSFERRED] = "transferred",
	[CLOSE_CONTACT_LOST] = "contact_lost",
	[CLOSE_DECLINED_HELP] = "declined_help",
	[CLOSE_NOT_A_VICTIM] = "not_a_victim",
	[CLOSE_OTHER] = "other",
};

/* allowed[from] has bit "to" set when from -> to is a step of the path. */
static const unsigned allowed[CASE_STATUS__MAX] = {
	[CASE_PRELIMINARY] = 1u << CASE_PROVISIONAL,
	[CASE_PROVISIONAL] = 1u << CASE_IDENTIFIED | 1u << CASE_NOT_IDENTIFIED,
	[CASE_IDENTIFIED] = 1u << CASE_CLOSED,
	[CASE_NOT_IDENTIFIED] = 1u << CASE_CLOSED,
	[CASE_CLOSED] = 0,	/* reopening: see case_transition_ok */
};

const char *
case_status_code(enum case_status s)
{
	return s < CASE_STATUS__MAX ? status_codes[s] : "?";
}

int
case_status_parse(const char *s, enum case_status *out)
{
	int	 i = valid_code(status_codes, CASE_STATUS__MAX, s);

	if (i < 0)
		return -1;
	*out = (enum case_status)i;
	return 0;
}

const char *
case_close_reason_code(enum case_close_reason r)
{
	return r < CLOSE__MAX ? reason_codes[r] : "?";
}

int
case_close_reason_parse(const char *s, enum case_close_reason *out)
{
	int	 i = valid_code(reason_codes, CLOSE__MAX, s);

	if (i < 0)
		return -1;
	*out = (enum case_close_reason)i;
	return 0;
}

bool
case_transition_ok(enum case_status from, enum case_status to,
    enum case_status before_close)
{
	if (from >= CASE_STATUS__MAX || to >= CASE_STATUS__MAX)
		return false;
	if (from == CASE_CLOSED)
		return before_close != CASE_CLOSED &&
		    before_close < CASE_STATUS__MAX && to == before_close;
	return (allowed[from] & (1u << to)) != 0;
}

struct cal_date
date_add_months(struct cal_date d, int months)
{
	struct cal_date	 out, first;
	int		 m0 = d.y * 12 + (d.m - 1) + months, last;

	out.y = m0 / 12;
	out.m = m0 % 12 + 1;
	/* The month's last day: the day before the next month's first. */
	first.y = out.m == 12 ? out.y + 1 : out.y;
	first.m = out.m == 12 ? 1 : out.m + 1;
	first.d = 1;
	last = cal_date_of(cal_days(first) - 1).d;
	out.d = d.d <= last ? d.d : last;
	return out;
}

struct cal_date
certificate_expiry(struct cal_date issued, bool minor)
{
	return date_add_months(issued, minor ? 4 : 3);
}
