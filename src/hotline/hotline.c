/* The pure rules of the hotline: see hotline.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/valid.h"
#include "hotline/hotline.h"

int
phone_normalise(const char *in, char out[PHONE_MAX + 1])
{
	char	 digits[64];
	size_t	 n = 0, i;
	bool	 plus = false;

	for (i = 0; in[i] != '\0'; i++) {
		char	 c = in[i];

		if (c >= '0' && c <= '9') {
			if (n >= sizeof(digits) - 1)
				return -1;
			digits[n++] = c;
		} else if (c == '+' && n == 0 && !plus)
			plus = true;
		else if (c != ' ' && c != '-' && c != '.' && c != '(' &&
		    c != ')' && c != '/')
			return -1;
	}
	digits[n] = '\0';
	if (!plus && n > 2 && digits[0] == '0' && digits[1] == '0') {
		memmove(digits, digits + 2, n - 1);	/* 00 is the "+" */
		n -= 2;
		plus = true;
	}
	if (!plus && n == 9) {		/* a Polish number without +48 */
		memmove(digits + 2, digits, n + 1);
		digits[0] = '4';
		digits[1] = '8';
		n += 2;
	}
	if (n < 6 || n > 15 || digits[0] == '0')
		return -1;
	out[0] = '+';
	memcpy(out + 1, digits, n + 1);
	return 0;
}

/* n decimal digits at s; -1 when they are not. */
int
iso8601_parse(const char *s, int64_t *out)
{
	struct cal_date	 dt;
	int		 hh, mm, ss = 0, oh, om, sign;
	const char	*p;
	int64_t		 t;

	if (strlen(s) < 17 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return -1;
	dt.y = valid_digits(s, 4);
	dt.m = valid_digits(s + 5, 2);
	dt.d = valid_digits(s + 8, 2);
	hh = valid_digits(s + 11, 2);
	mm = valid_digits(s + 14, 2);
	if (dt.y < 1900 || dt.y > 2999 || dt.m < 1 || dt.m > 12 ||
	    dt.d < 1 || dt.d > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return -1;
	/* The day must exist in its month (no 31 April). */
	if (cal_date_of(cal_days(dt)).d != dt.d)
		return -1;
	p = s + 16;
	if (*p == ':') {
		if ((ss = valid_digits(p + 1, 2)) < 0 || ss > 59)
			return -1;
		p += 3;
		if (*p == '.' || *p == ',') {
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		}
	}
	t = cal_days(dt) * 86400 + hh * 3600 + mm * 60 + ss;
	if (p[0] != 'Z' || p[1] != '\0') {
		if ((p[0] != '+' && p[0] != '-') || strlen(p) != 6 ||
		    p[3] != ':')
			return -1;
		sign = p[0] == '+' ? 1 : -1;
		oh = valid_digits(p + 1, 2);
		om = valid_digits(p + 4, 2);
		if (oh < 0 || oh > 14 || om < 0 || om > 59)
			return -1;
		t -= sign * (oh * 3600 + om * 60);
	}
	/*
	 * In Warsaw's time too within the years taken: what Haven answers
	 * (iso8601_warsaw) must read back when a client sends it again.
	 */
	dt = cal_to_local(t).date;
	if (dt.y < 1900 || dt.y > 2999)
		return -1;
	*out = t;
	return 0;
}

void
iso8601_warsaw(int64_t t, char out[48])
{
	struct cal_local	 l = cal_to_local(t);
	int			 sec = (int)(((t % 60) + 60) % 60);

	snprintf(out, 48, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", l.date.y,
	    l.date.m, l.date.d, l.minute / 60, l.minute % 60, sec,
	    l.offset / 3600);
}

bool
contact_needs_followup(bool out_of_hours, bool urgent, bool follow_up)
{
	return (out_of_hours && !urgent) || follow_up;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span	*x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

size_t
rota_gaps(const struct calendar *cal, const struct span *shifts,
    size_t nshifts, int64_t from, int64_t to, struct span *gaps, size_t max)
{
	struct span	*sorted;
	size_t		 ngaps = 0, i;
	int64_t		 t = from, closed_end, open;

	sorted = malloc((nshifts ? nshifts : 1) * sizeof(*sorted));
	if (sorted == NULL)
		abort();	/* shifts are bounded by the caller's query */
	if (nshifts > 0)
		memcpy(sorted, shifts, nshifts * sizeof(*sorted));
	qsort(sorted, nshifts, sizeof(*sorted), span_cmp);
	while (t < to) {
		if (cal_is_open(cal, t)) {
			if ((t = cal_next_close(cal, t)) < 0)
				break;
			continue;
		}
		open = cal_next_open(cal, t);
		closed_end = open < 0 || open > to ? to : open;
		/* Walk the closed period [t, closed_end) through the shifts. */
		for (i = 0; i < nshifts && t < closed_end; i++) {
			if (sorted[i].end <= t)
				continue;
			if (sorted[i].start >= closed_end)
				break;
			if (sorted[i].start > t) {
				if (ngaps < max) {
					gaps[ngaps].start = t;
					gaps[ngaps].end = sorted[i].start;
				}
				ngaps++;
			}
			if (sorted[i].end > t)
				t = sorted[i].end;
		}
		if (t < closed_end) {
			if (ngaps < max) {
				gaps[ngaps].start = t;
				gaps[ngaps].end = closed_end;
			}
			ngaps++;
		}
		t = closed_end;
	}
	free(sorted);
	return ngaps;
}
