/* The risk level: see risk.h. */
#include "base/valid.h"
#include "screening/risk.h"

static const char *const level_codes[RISK__MAX] = {
	[RISK_LOW] = "low",
	[RISK_MEDIUM] = "medium",
	[RISK_HIGH] = "high",
	[RISK_CRITICAL] = "critical",
};

int
risk_score(const struct risk_facts *f)
{
	return f->severity * f->likelihood;
}

enum risk_level
risk_level(const struct risk_facts *f)
{
	int		 s = risk_score(f);
	enum risk_level	 l;

	if (s >= 12)
		l = RISK_CRITICAL;
	else if (s >= 8)
		l = RISK_HIGH;
	else if (s >= 4)
		l = RISK_MEDIUM;
	else
		l = RISK_LOW;
	if ((f->immediate_danger || f->captivity || f->medical_emergency) &&
	    l < RISK_HIGH)
		l = RISK_HIGH;
	return l;
}

const char *
risk_level_code(enum risk_level l)
{
	return l < RISK__MAX ? level_codes[l] : "?";
}

int
risk_level_parse(const char *s, enum risk_level *out)
{
	int	 i = valid_code(level_codes, RISK__MAX, s);

	if (i < 0)
		return -1;
	*out = (enum risk_level)i;
	return 0;
}

bool
risk_intervene(enum risk_level l)
{
	return l >= RISK_HIGH;
}
