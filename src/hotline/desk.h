/*
 * The hotline desk's other records, and their SQL (desk_store.c): office
 * hours and closure days, the on-call rota, the staff who take calls, and
 * the morning team's acknowledgements of the hand-over.
 */
#ifndef HAVEN_DESK_H
#define HAVEN_DESK_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "hotline/calendar.h"

int	 hours_set(struct db *, const int open[WEEKDAY__MAX],
	    const int close[WEEKDAY__MAX]) __attribute__((warn_unused_result));
/* Add a closure day (YYYYMMDD); ERR_UNIQUE when it is there already. */
int	 closure_add(struct db *, int32_t day, const char *note, int64_t by)
	    __attribute__((warn_unused_result));
/* 1 removed, 0 no such day, -1 error. */
int	 closure_delete(struct db *, int32_t day)
	    __attribute__((warn_unused_result));

struct shift {
	int64_t		 id;
	int64_t		 user_id;
	char		 username[65];
	int64_t		 starts_at, ends_at;
};
typedef int	(*shift_fn)(const struct shift *, void *);
int	 shift_add(struct db *, const struct shift *, int64_t by, int64_t *id)
	    __attribute__((warn_unused_result));
int	 shift_delete(struct db *, int64_t id)
	    __attribute__((warn_unused_result));
/* Shifts overlapping [from, to), by start. */
int	 shift_list(struct db *, int64_t from, int64_t to, shift_fn, void *)
	    __attribute__((warn_unused_result));

struct staff {
	int64_t		 id;
	char		 username[65];
	char		 role[16];
};
typedef int	(*staff_fn)(const struct staff *, void *);
/* Enabled consultants and coordinators. */
int	 staff_list(struct db *, staff_fn, void *)
	    __attribute__((warn_unused_result));
/* Is user id an enabled consultant or coordinator? 1, 0, -1. */
int	 staff_is(struct db *, int64_t id) __attribute__((warn_unused_result));

/* The acknowledgement of the period ending at opened_at: 1, 0, -1. */
int	 handover_ack_get(struct db *, int64_t opened_at, int64_t *by,
	    char name[65], int64_t *at) __attribute__((warn_unused_result));
/* ERR_UNIQUE when acknowledged already. */
int	 handover_ack_add(struct db *, int64_t opened_at, int64_t by,
	    int64_t now) __attribute__((warn_unused_result));

#endif
