/*
 * The safety and risk assessment's level, as a pure rule: severity times
 * likelihood (each 1 to 4) gives a score, the score a level; an immediate
 * danger, captivity or a medical emergency make it at least high, because
 * the response they need (112, a safe place, a doctor) cannot wait for a
 * score.  A high or critical level drives the intervention (risk_api.c).
 */
#ifndef HAVEN_RISK_H
#define HAVEN_RISK_H

#include <stdbool.h>

enum risk_level {
	RISK_LOW,		/* score 1-3 */
	RISK_MEDIUM,		/* 4-7 */
	RISK_HIGH,		/* 8-11 */
	RISK_CRITICAL,		/* 12-16 */
	RISK__MAX
};

struct risk_facts {
	int	 severity, likelihood;		/* 1-4 */
	bool	 immediate_danger, captivity, medical_emergency;
};

int		 risk_score(const struct risk_facts *);
enum risk_level	 risk_level(const struct risk_facts *);
const char	*risk_level_code(enum risk_level);
int		 risk_level_parse(const char *, enum risk_level *)
		    __attribute__((warn_unused_result));
/* Does this level open the intervention (urgent, safety steps)? */
bool		 risk_intervene(enum risk_level);

#endif
