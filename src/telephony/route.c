/*
 * The routing decision (telephony.h): pure, so that every branch is tested
 * with tables, and so cheap that the SIP server can wait for it on every
 * call.
 */
#include <string.h>

#include "telephony/telephony.h"

const struct tel_line *
tel_line_find(const struct tel_config *c, const char *number)
{
	size_t	 i;

	for (i = 0; i < c->nlines; i++)
		if (strcmp(c->lines[i].number, number) == 0)
			return &c->lines[i];
	return NULL;
}

/* The fallback, or a refusal when there is none. */
static void
decide_fallback(const struct tel_config *c, const char *reason,
    struct tel_decision *d)
{
	d->reason = reason;
	if (c->fallback[0] == '\0')
		d->action = TEL_REJECT;
	else if (c->fallback[0] == '+')
		d->action = TEL_FORWARD;
	else
		d->action = TEL_URI;
	d->target = d->action == TEL_REJECT ? NULL : c->fallback;
}

void
tel_decide(const struct tel_config *c, const struct calendar *cal, int64_t t,
    const char *line, bool on_shift, size_t nextensions,
    struct tel_decision *d)
{
	memset(d, 0, sizeof(*d));
	if (tel_line_find(c, line) == NULL) {
		d->action = TEL_REJECT;
		d->reason = "unknown_line";
		return;
	}
	d->out_of_hours = !cal_is_open(cal, t);
	if (!d->out_of_hours) {
		if (nextensions > 0) {
			d->action = TEL_GROUP;
			d->reason = "office_hours";
		} else
			decide_fallback(c, "no_extensions", d);
		return;
	}
	if (on_shift && c->oncall[0] != '\0') {
		d->action = TEL_FORWARD;
		d->reason = "on_call";
		d->target = c->oncall;
		return;
	}
	decide_fallback(c, "rota_gap", d);
}

bool
tel_fallback_valid(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > TEL_URI_MAX)
		return false;
	if (s[0] == '+') {
		/* E.164: no country code starts with 0 (phone_normalise). */
		if (n < 8 || n > PHONE_MAX || s[1] == '0')
			return false;
		for (i = 1; i < n; i++)
			if (s[i] < '0' || s[i] > '9')
				return false;
		return true;
	}
	/* sip:user@host[:port]: letters, digits and the few marks a plain
	 * URI needs; nothing the SIP server's script would read as syntax. */
	if (strncmp(s, "sip:", 4) != 0 || strchr(s + 4, '@') == NULL ||
	    s[4] == '@' || s[n - 1] == '@')
		return false;
	for (i = 4; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr("@.:-_+", s[i]) != NULL))
			return false;
	return true;
}

bool
tel_call_id_valid(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > TEL_CALL_ID_MAX)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

bool
tel_extension_valid(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n < TEL_EXT_MIN || n > TEL_EXT_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}
