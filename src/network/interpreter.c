/*
 * The pure rules of interpreters (see interpreter.h): no SQL, no I/O, no
 * clock.  Times are Unix seconds; availability is kept in Warsaw local
 * time, as the office hours are, and read through the calendar's
 * conversion so that summer time needs no time zone database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network/interpreter.h"

bool
interp_lang_valid(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return i >= 2 && i <= 3;
}

bool
interp_csv_has(const char *csv, const char *code)
{
	size_t		 n;
	const char	*p, *end;

	if (csv == NULL || code == NULL || (n = strlen(code)) == 0)
		return false;
	for (p = csv; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) == n && memcmp(p, code, n) == 0)
			return true;
	}
	return false;
}

int
interp_hhmm_parse(const char *s, int *minute)
{
	int	 h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	*minute = h * 60 + m;
	return 0;
}

void
interp_hhmm_format(int minute, char out[6])
{
	if (minute < 0 || minute > 1440)
		minute = 0;
	snprintf(out, 6, "%02d:%02d", minute / 60, minute % 60);
}

bool
interp_overlap(int64_t as, int64_t ae, int64_t bs, int64_t be)
{
	return as < be && bs < ae;
}

int
interp_conflict(const struct interp_span *b, size_t n, int64_t start,
    int64_t end, int64_t skip)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (b[i].id != skip && interp_overlap(b[i].start, b[i].end,
		    start, end))
			return (int)i;
	return -1;
}

enum interp_times
interp_times_check(int64_t start, int64_t end)
{
	if (end <= start)
		return TIMES_END_NOT_AFTER;
	if (end - start > INTERP_BOOKING_MAX_S)
		return TIMES_TOO_LONG;
	return TIMES_OK;
}

bool
interp_within(const struct interp_slot *s, size_t n, int64_t start,
    int64_t end)
{
	struct cal_local	 a, b;
	int			 to;
	size_t			 i;

	if (n == 0)
		return true;
	if (end <= start)
		return false;
	a = cal_to_local(start);
	b = cal_to_local(end);
	to = b.minute;
	/* Ending at midnight ends the day it started on. */
	if (cal_days(b.date) == cal_days(a.date) + 1 && b.minute == 0)
		to = 1440;
	else if (cal_days(b.date) != cal_days(a.date))
		return false;
	for (i = 0; i < n; i++)
		if (s[i].day == a.wday && s[i].from <= a.minute &&
		    to <= s[i].to)
			return true;
	return false;
}

/* d plus whole years; 29 February becomes 28 February in a common year. */
static struct cal_date
add_years(struct cal_date d, int years)
{
	struct cal_date	 r = d;
	int		 y;

	r.y = d.y + years;
	y = r.y;
	if (r.m == 2 && r.d == 29 && !((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0))
		r.d = 28;
	return r;
}

enum interp_agreement
interp_agreement_state(const struct cal_date *signed_on, struct cal_date today,
    struct cal_date *renew_by)
{
	struct cal_date	 until;
	int64_t		 left;

	if (signed_on == NULL)
		return AGREEMENT_NONE;
	until = add_years(*signed_on, INTERP_AGREEMENT_YEARS);
	if (renew_by != NULL)
		*renew_by = until;
	left = cal_days(until) - cal_days(today);
	if (left <= 0)
		return AGREEMENT_EXPIRED;
	if (left <= INTERP_AGREEMENT_WARN_DAYS)
		return AGREEMENT_DUE;
	return AGREEMENT_VALID;
}

static const char *const agreement_codes[AGREEMENT__MAX] = {
	[AGREEMENT_NONE] = "none",
	[AGREEMENT_VALID] = "valid",
	[AGREEMENT_DUE] = "renewal_due",
	[AGREEMENT_EXPIRED] = "expired",
};

const char *
interp_agreement_code(enum interp_agreement a)
{
	return a < AGREEMENT__MAX ? agreement_codes[a] : "none";
}

bool
interp_agreement_ok(enum interp_agreement a)
{
	return a == AGREEMENT_VALID || a == AGREEMENT_DUE;
}

bool
interp_status_allowed(const char *from, const char *to, int64_t start,
    int64_t now)
{
	if (from == NULL || to == NULL || strcmp(from, "booked") != 0)
		return false;
	if (strcmp(to, "cancelled") == 0)
		return true;
	if (strcmp(to, "done") == 0)
		return start <= now;
	return false;
}

static const char *const reason_codes[REASON__MAX] = {
	[REASON_NOT_VETTED] = "not_vetted",
	[REASON_NO_AGREEMENT] = "no_agreement",
	[REASON_AGREEMENT_EXPIRED] = "agreement_expired",
	[REASON_BUSY] = "busy",
	[REASON_OUTSIDE_AVAILABILITY] = "outside_availability",
};

const char *
interp_reason_code(enum interp_reason r)
{
	return r < REASON__MAX ? reason_codes[r] : "";
}

unsigned
interp_reasons(const struct interp_candidate *c)
{
	unsigned	 bits = 0;

	if (!c->vetted)
		bits |= 1u << REASON_NOT_VETTED;
	if (c->agreement == AGREEMENT_NONE)
		bits |= 1u << REASON_NO_AGREEMENT;
	else if (c->agreement == AGREEMENT_EXPIRED)
		bits |= 1u << REASON_AGREEMENT_EXPIRED;
	if (c->busy)
		bits |= 1u << REASON_BUSY;
	if (c->outside)
		bits |= 1u << REASON_OUTSIDE_AVAILABILITY;
	return bits;
}

static int
rank_cmp(const void *pa, const void *pb)
{
	const struct interp_candidate	*a = pa, *b = pb;
	int				 ta, tb, c;

	ta = !(a->vetted && interp_agreement_ok(a->agreement));
	tb = !(b->vetted && interp_agreement_ok(b->agreement));
	if (ta != tb)
		return ta - tb;
	if (a->busy != b->busy)
		return a->busy ? 1 : -1;
	if (a->outside != b->outside)
		return a->outside ? 1 : -1;
	if ((c = strcmp(a->name != NULL ? a->name : "",
	    b->name != NULL ? b->name : "")) != 0)
		return c;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

void
interp_rank(struct interp_candidate *c, size_t n)
{
	if (n > 1)
		qsort(c, n, sizeof(*c), rank_cmp);
}

static const char *const day_codes[WEEKDAY__MAX] = {
	[MON] = "mon", [TUE] = "tue", [WED] = "wed", [THU] = "thu",
	[FRI] = "fri", [SAT] = "sat", [SUN] = "sun",
};

const char *
interp_day_code(enum weekday d)
{
	return d < WEEKDAY__MAX ? day_codes[d] : "";
}

size_t
interp_slots_from_json(const json_t *a, struct interp_slot *out, size_t max)
{
	const json_t	*v;
	const char	*day;
	size_t		 i, n = 0;
	int		 d;

	json_array_foreach(a, i, v) {
		if (n == max)
			break;
		day = json_string_value(json_object_get(v, "day"));
		for (d = 0; d < WEEKDAY__MAX && (day == NULL ||
		    strcmp(day, day_codes[d]) != 0); d++)
			;
		if (d == WEEKDAY__MAX || interp_hhmm_parse(json_string_value(
		    json_object_get(v, "from")), &out[n].from) == -1 ||
		    interp_hhmm_parse(json_string_value(json_object_get(v,
		    "to")), &out[n].to) == -1 || out[n].from >= out[n].to)
			continue;
		out[n].day = (enum weekday)d;
		n++;
	}
	return n;
}
