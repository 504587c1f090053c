/*
 * A call's states (telephony.h).  The SIP server may repeat an event (a
 * retried HTTP request) or lose one (Haven restarted): a repeat changes
 * nothing, and an event for a call never seen starts it.
 */
#include <string.h>

#include "telephony/telephony.h"

static const char *const state_names[CALL__MAX] = {
	[CALL_NONE] = "none",
	[CALL_RINGING] = "ringing",
	[CALL_ANSWERED] = "answered",
	[CALL_ENDED] = "ended",
	[CALL_MISSED] = "missed",
};

static const char *const event_names[CEV__MAX] = {
	[CEV_RINGING] = "ringing",
	[CEV_ANSWERED] = "answered",
	[CEV_ENDED] = "ended",
	[CEV_MISSED] = "missed",
};

/* What each event leads to from each state; CALL__MAX: impossible. */
static const enum call_state moves[CALL__MAX][CEV__MAX] = {
	/*		   ringing	 answered	ended	     missed */
	[CALL_NONE] =	 { CALL_RINGING, CALL_ANSWERED, CALL__MAX,  CALL_MISSED },
	[CALL_RINGING] = { CALL_RINGING, CALL_ANSWERED, CALL__MAX,  CALL_MISSED },
	[CALL_ANSWERED] = { CALL__MAX,	 CALL_ANSWERED, CALL_ENDED, CALL__MAX },
	[CALL_ENDED] =	 { CALL__MAX,	 CALL__MAX,	CALL_ENDED, CALL__MAX },
	[CALL_MISSED] =	 { CALL__MAX,	 CALL__MAX,	CALL__MAX,  CALL_MISSED },
};

enum call_move
call_next(enum call_state s, enum call_event ev, enum call_state *next)
{
	if (s >= CALL__MAX || ev >= CEV__MAX || moves[s][ev] == CALL__MAX)
		return CALL_IMPOSSIBLE;
	*next = moves[s][ev];
	return *next == s ? CALL_REPEAT : CALL_MOVE;
}

const char *
call_state_name(enum call_state s)
{
	return s < CALL__MAX ? state_names[s] : "?";
}

int
call_state_parse(const char *s, enum call_state *out)
{
	int	 i;

	for (i = 0; i < CALL__MAX; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum call_state)i;
			return 0;
		}
	return -1;
}

int
call_event_parse(const char *s, enum call_event *out)
{
	int	 i;

	for (i = 0; i < CEV__MAX; i++)
		if (strcmp(s, event_names[i]) == 0) {
			*out = (enum call_event)i;
			return 0;
		}
	return -1;
}

int64_t
call_duration_s(int64_t from_ms, int64_t to_ms)
{
	return to_ms > from_ms ? (to_ms - from_ms + 500) / 1000 : 0;
}
