/*
 * The legal track's deadlines and the date helpers they need: see legal.h.
 * Day arithmetic goes through calendar.h's day numbers, so months and leap
 * years are handled in one place; month periods come from lifecycle.h.
 */
#include <stdbool.h>
#include <stddef.h>

#include "base/valid.h"
#include "cases/legal.h"
#include "cases/lifecycle.h"

#define YEAR_MIN	1900
#define YEAR_MAX	2200

static bool
leap_year(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* Is d a calendar day within the years we accept? */
static bool
date_valid(struct cal_date d)
{
	return d.y >= YEAR_MIN && d.y <= YEAR_MAX && d.m >= 1 && d.m <= 12 &&
	    d.d >= 1 && d.d <= month_days(d.y, d.m);
}

/* n decimal digits at s; -1 when they are not all digits. */
/*
 * Strict on purpose: "2026-2-1" or a trailing time would be accepted by a
 * lenient parser and then stored in a second spelling of the same day.
 * *out is zero ("not recorded") on failure.
 */
int
date_parse(const char *s, struct cal_date *out)
{
	struct cal_date	 d;

	*out = (struct cal_date){ 0, 0, 0 };
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	d.y = valid_digits(s, 4);
	d.m = valid_digits(s + 5, 2);
	d.d = valid_digits(s + 8, 2);
	if (d.y == -1 || d.m == -1 || d.d == -1 || !date_valid(d))
		return -1;
	*out = d;
	return 0;
}

/*
 * A date outside 0000-01-01..9999-12-31 would not fit the format; it is
 * written as "0000-00-00" so out is always a well-formed, terminated string.
 */
void
date_format(struct cal_date d, char out[11])
{
	if (d.y < 0 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > 31)
		d = (struct cal_date){ 0, 0, 0 };
	(void)snprintf(out, 11, "%04d-%02d-%02d", d.y, d.m, d.d);
}

struct cal_date
date_add_days(struct cal_date d, int days)
{
	return cal_date_of(cal_days(d) + days);
}

/*
 * Fill one deadline.  key and title are formatted with the event date;
 * -1 when either does not fit (not expected: the formats are short).
 */
static int
deadline_set(struct legal_deadline *dl, const char *key, const char *what,
    struct cal_date event, int lead)
{
	char	 day[11];
	int	 n;

	date_format(event, day);
	n = snprintf(dl->key, sizeof(dl->key), "%s", key);
	if (n < 0 || (size_t)n >= sizeof(dl->key))
		return -1;
	n = snprintf(dl->title_en, sizeof(dl->title_en), "%s %s", what, day);
	if (n < 0 || (size_t)n >= sizeof(dl->title_en))
		return -1;
	dl->event = event;
	dl->due = date_add_days(event, -lead);
	return 0;
}

/*
 * A date that is not a calendar day (the API stores only what date_parse
 * accepted, so only a bug makes one) counts as not recorded: a reminder on
 * a nonsense day would be worse than none.
 */
size_t
legal_deadlines(const struct legal_dates *d,
    struct legal_deadline out[LEGAL_DEADLINES_MAX])
{
	char	 key[LEGAL_KEY_MAX];
	size_t	 n = 0, i, nh;
	int	 rc;

	if (d->certificate_issued.y != 0 && date_valid(d->certificate_issued) &&
	    deadline_set(&out[n], "certificate",
	    "Certificate of presumed-victim status expires",
	    certificate_expiry(d->certificate_issued, d->minor),
	    LEAD_CERTIFICATE) == 0)
		n++;
	if (d->residence_expires.y != 0 && date_valid(d->residence_expires) &&
	    deadline_set(&out[n], "residence_permit",
	    "Residence permit expires", d->residence_expires,
	    LEAD_RESIDENCE) == 0)
		n++;
	if (d->programme_ends.y != 0 && date_valid(d->programme_ends) &&
	    deadline_set(&out[n], "support_programme",
	    "Support programme ends", d->programme_ends,
	    LEAD_PROGRAMME) == 0)
		n++;

	/* The key is the hearing's slot, so it stays put as others change. */
	nh = d->nhearings < LEGAL_HEARINGS_MAX ? d->nhearings :
	    LEGAL_HEARINGS_MAX;
	for (i = 0; i < nh; i++) {
		if (d->hearings[i].y == 0 || !date_valid(d->hearings[i]))
			continue;
		rc = snprintf(key, sizeof(key), "hearing:%zu", i);
		if (rc < 0 || (size_t)rc >= sizeof(key))
			continue;
		if (deadline_set(&out[n], key, "Court hearing on",
		    d->hearings[i], LEAD_HEARING) == 0)
			n++;
	}
	return n;
}
