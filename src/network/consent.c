/*
 * The consent ledger's rules: when a consent is valid, which consent a
 * referral needs and which one it relies on.  Pure: dates are
 * "YYYY-MM-DD" strings (they sort as they compare), kinds and purposes
 * are the codes of hotline/enums.c.
 */
#include <string.h>

#include "network/network.h"

static const char *const state_codes[CONSENT_STATE__MAX] = {
	[CONSENT_VALID] = "valid",
	[CONSENT_NOT_YET] = "not_yet",
	[CONSENT_EXPIRED] = "expired",
	[CONSENT_WITHDRAWN] = "withdrawn",
};

static const char *const need_codes[NEED__MAX] = {
	[NEED_NONE] = "none",
	[NEED_REFERRAL] = "referral",
	[NEED_LAW_ENFORCEMENT] = "law_enforcement",
};

/* The kinds whose referrals need the law-enforcement consent. */
static const char *const law_kinds[] = {
	"police", "police_coordinator", "border_guard", "prosecutor", "court",
	NULL
};

const char *
consent_state_code(enum consent_state s)
{
	return s < CONSENT_STATE__MAX ? state_codes[s] : "invalid";
}

const char *
consent_need_code(enum consent_need n)
{
	return n < NEED__MAX ? need_codes[n] : "invalid";
}

bool
org_kind_law_enforcement(const char *kind)
{
	size_t	 i;

	if (kind == NULL)
		return false;
	for (i = 0; law_kinds[i] != NULL; i++)
		if (strcmp(law_kinds[i], kind) == 0)
			return true;
	return false;
}

enum consent_state
consent_state_on(const struct consent_facts *c, const char *date)
{
	if (c->withdrawn_on[0] != '\0' && strcmp(c->withdrawn_on, date) <= 0)
		return CONSENT_WITHDRAWN;
	if (strcmp(c->given_on, date) > 0)
		return CONSENT_NOT_YET;
	if (c->expires_on[0] != '\0' && strcmp(c->expires_on, date) < 0)
		return CONSENT_EXPIRED;
	return CONSENT_VALID;
}

enum consent_need
referral_consent_need(bool personal_data, const char *org_kind)
{
	if (!personal_data)
		return NEED_NONE;
	return org_kind_law_enforcement(org_kind) ? NEED_LAW_ENFORCEMENT :
	    NEED_REFERRAL;
}

bool
consent_covers(const struct consent_facts *c, int64_t org_id,
    const char *org_kind, const char *date)
{
	bool	 fits;

	if (c->withdrawn_on[0] != '\0' ||
	    consent_state_on(c, date) != CONSENT_VALID)
		return false;
	if (strcmp(c->purpose, "referral") == 0)
		fits = c->organisation_id == org_id;
	else if (strcmp(c->purpose, "law_enforcement") == 0)
		fits = org_kind_law_enforcement(org_kind) &&
		    (c->organisation_id == 0 || c->organisation_id == org_id);
	else
		fits = false;
	return fits;
}

/* Is a better than b as the consent to rely on? */
static bool
better(const struct consent_facts *a, const struct consent_facts *b,
    int64_t org_id)
{
	bool	 an = a->organisation_id == org_id;
	bool	 bn = b->organisation_id == org_id;
	int	 d;

	if (an != bn)
		return an;
	if ((d = strcmp(a->given_on, b->given_on)) != 0)
		return d > 0;
	return a->id > b->id;
}

int
consent_pick(const struct consent_facts *list, size_t n, int64_t org_id,
    const char *org_kind, const char *date)
{
	size_t	 i;
	int	 best = -1;

	for (i = 0; i < n; i++) {
		if (!consent_covers(&list[i], org_id, org_kind, date))
			continue;
		if (best == -1 || better(&list[i], &list[best], org_id))
			best = (int)i;
	}
	return best;
}

const char *
consent_dates_check(const char *given_on, const char *expires_on,
    const char *today)
{
	if (strcmp(given_on, today) > 0)
		return "given_on";
	if (expires_on != NULL && expires_on[0] != '\0' &&
	    strcmp(expires_on, given_on) < 0)
		return "expires_on";
	return NULL;
}

const char *
consent_organisation_check(const char *purpose, int64_t org_id,
    const char *org_kind)
{
	if (strcmp(purpose, "referral") == 0)
		return org_id != 0 ? NULL : "A referral consent names the "
		    "organisation it allows the referral to.";
	if (strcmp(purpose, "law_enforcement") == 0)
		return org_id == 0 || org_kind_law_enforcement(org_kind) ?
		    NULL : "A law-enforcement consent may name only a police, "
		    "Border Guard, prosecutor's or court organisation.";
	return org_id == 0 ? NULL : "Only referral and law-enforcement "
	    "consents name an organisation.";
}

size_t
utf8_prefix(const char *s, size_t max)
{
	size_t	 n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	/* step back over continuation bytes to a character's start */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}
