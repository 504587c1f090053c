/*
 * The shelter's pure rules: what holds a bed on which night, the state a
 * bed shows on a day, collisions, departure dates and occupancy.  Days are
 * day numbers (days since 1970-01-01 of a local civil date); a hold keeps
 * the nights [from, to), night d being the one that starts on day d.
 */
#include <stdio.h>
#include <string.h>

#include "cases/legal.h"
#include "hotline/calendar.h"
#include "shelter/shelter.h"

static const char *const bed_states[BED_STATE__MAX] = {
	[BED_FREE] = "free",
	[BED_OCCUPIED] = "occupied",
	[BED_RESERVED] = "reserved",
	[BED_OUT_OF_SERVICE] = "out_of_service",
};

static const char *const placement_statuses[PLACEMENT__MAX] = {
	[PLACEMENT_RESERVED] = "reserved",
	[PLACEMENT_ACTIVE] = "active",
	[PLACEMENT_ENDED] = "ended",
	[PLACEMENT_CANCELLED] = "cancelled",
};

const char *
bed_state_code(enum bed_state s)
{
	return s < BED_STATE__MAX ? bed_states[s] : "free";
}

const char *
placement_status_code(enum placement_status s)
{
	return s < PLACEMENT__MAX ? placement_statuses[s] : "cancelled";
}

int
placement_status_parse(const char *s, enum placement_status *out)
{
	int	 i;

	for (i = 0; s != NULL && i < PLACEMENT__MAX; i++)
		if (strcmp(s, placement_statuses[i]) == 0) {
			*out = (enum placement_status)i;
			return 0;
		}
	return -1;
}

int
shelter_day(const char *s, int64_t *out)
{
	struct cal_date	 d;

	if (s == NULL || date_parse(s, &d) == -1)
		return -1;
	*out = cal_days(d);
	return 0;
}

void
shelter_day_format(int64_t day, char out[11])
{
	date_format(cal_date_of(day), out);
}

bool
shelter_stay_hold(const struct stay *s, int64_t today, struct hold *h)
{
	h->from = s->check_in;
	switch (s->status) {
	case PLACEMENT_ENDED:
		h->kind = HOLD_OCCUPIED;
		h->to = s->actual;
		return true;
	case PLACEMENT_ACTIVE:
		h->kind = HOLD_OCCUPIED;
		if (s->planned == 0)
			h->to = SHELTER_OPEN;
		else
			h->to = s->planned > today + 1 ? s->planned : today + 1;
		return true;
	case PLACEMENT_RESERVED:
		h->kind = HOLD_RESERVED;
		h->to = s->planned != 0 ? s->planned : SHELTER_OPEN;
		return true;
	default:
		return false;
	}
}

void
shelter_block_hold(int64_t from, int64_t to, struct hold *h)
{
	h->kind = HOLD_BLOCK;
	h->from = from;
	h->to = to == SHELTER_OPEN ? SHELTER_OPEN : to + 1;
}

static bool
holds_day(const struct hold *h, int64_t day)
{
	return h->from <= day && day < h->to;
}

enum bed_state
shelter_day_state(const struct hold *h, size_t n, int64_t bed_id,
    int64_t day, long *which)
{
	static const enum bed_state of_kind[HOLD__MAX] = {
		[HOLD_OCCUPIED] = BED_OCCUPIED,
		[HOLD_RESERVED] = BED_RESERVED,
		[HOLD_BLOCK] = BED_OUT_OF_SERVICE,
	};
	/* The lower the rank, the stronger the state. */
	static const int rank[HOLD__MAX] = {
		[HOLD_OCCUPIED] = 0, [HOLD_RESERVED] = 1, [HOLD_BLOCK] = 2,
	};
	long	 best = -1;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (bed_id != 0 && h[i].bed_id != bed_id)
			continue;
		if (h[i].kind >= HOLD__MAX || !holds_day(&h[i], day))
			continue;
		if (best == -1 || rank[h[i].kind] < rank[h[best].kind])
			best = (long)i;
	}
	if (which != NULL)
		*which = best;
	return best == -1 ? BED_FREE : of_kind[h[best].kind];
}

const struct hold *
shelter_conflict(const struct hold *h, size_t n, const struct hold *c)
{
	size_t	 i;
	bool	 c_block = c->kind == HOLD_BLOCK;

	if (c->to <= c->from)
		return NULL;	/* holds no night */
	for (i = 0; i < n; i++) {
		bool	 block = h[i].kind == HOLD_BLOCK;

		if (h[i].bed_id != c->bed_id)
			continue;
		if (h[i].id == c->id && block == c_block)
			continue;	/* itself, before the change */
		if (block && c_block)
			continue;	/* blocks may overlap each other */
		if (h[i].from < c->to && c->from < h[i].to)
			return &h[i];
	}
	return NULL;
}

enum departure_check
shelter_departure_check(int64_t check_in, int64_t day, int64_t today)
{
	if (day < check_in)
		return DEPART_BEFORE_CHECK_IN;
	if (day > today)
		return DEPART_IN_FUTURE;
	return DEPART_OK;
}

void
shelter_occupancy(const struct hold *h, size_t n, int64_t bed_id,
    int64_t from, int64_t to, int64_t *available, int64_t *occupied)
{
	int64_t	 day;

	for (day = from; day <= to; day++) {
		switch (shelter_day_state(h, n, bed_id, day, NULL)) {
		case BED_OCCUPIED:
			(*occupied)++;
			(*available)++;
			break;
		case BED_OUT_OF_SERVICE:
			break;
		default:
			(*available)++;
			break;
		}
	}
}
