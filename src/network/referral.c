/*
 * The life of a referral: sent, then accepted or declined by the
 * organisation; an accepted one is completed.  Declined and completed are
 * final.  Pure; referral_api.c refuses every other move with 422.
 */
#include <string.h>

#include "network/network.h"

static const char *const status_codes[REFERRAL_STATUS__MAX] = {
	[REFERRAL_SENT] = "sent",
	[REFERRAL_ACCEPTED] = "accepted",
	[REFERRAL_DECLINED] = "declined",
	[REFERRAL_COMPLETED] = "completed",
};

/* moves[from][to]: the only allowed moves. */
static const bool moves[REFERRAL_STATUS__MAX][REFERRAL_STATUS__MAX] = {
	[REFERRAL_SENT] = { [REFERRAL_ACCEPTED] = true,
	    [REFERRAL_DECLINED] = true },
	[REFERRAL_ACCEPTED] = { [REFERRAL_COMPLETED] = true },
};

const char *
referral_status_code(enum referral_status s)
{
	return s < REFERRAL_STATUS__MAX ? status_codes[s] : "invalid";
}

int
referral_status_parse(const char *s)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < REFERRAL_STATUS__MAX; i++)
		if (strcmp(status_codes[i], s) == 0)
			return i;
	return -1;
}

bool
referral_move_ok(enum referral_status from, enum referral_status to)
{
	if (from >= REFERRAL_STATUS__MAX || to >= REFERRAL_STATUS__MAX)
		return false;
	return moves[from][to];
}

bool
referral_final(enum referral_status s)
{
	return s == REFERRAL_DECLINED || s == REFERRAL_COMPLETED;
}
