/*
 * The service calendar: when the centre's office is staffed.  Office hours
 * per weekday in Europe/Warsaw local time (summer time included), Polish
 * public holidays for any year, and extra closure days.  Pure functions of
 * their arguments: no clock, no I/O, no time zone database, so that they
 * are the same on every machine and testable with tables.
 */
#ifndef HAVEN_CALENDAR_H
#define HAVEN_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Weekdays, Monday first, as the office hours are kept. */
enum weekday {
	MON, TUE, WED, THU, FRI, SAT, SUN, WEEKDAY__MAX
};

/* A local civil date. */
struct cal_date {
	int	 y, m, d;	/* 1-12, 1-31 */
};

/* A local civil time in Warsaw. */
struct cal_local {
	struct cal_date	 date;
	enum weekday	 wday;
	int		 minute;	/* of the day, 0-1439 */
	int		 offset;	/* seconds east of UTC: 3600 or 7200 */
};

struct calendar {
	/* Minutes after local midnight; open >= close: closed that day. */
	int		 open[WEEKDAY__MAX];
	int		 close[WEEKDAY__MAX];
	/* Extra closure days, as y * 10000 + m * 100 + d, sorted. */
	const int32_t	*closures;
	size_t		 nclosures;
};

/* Monday to Friday, 9:00 to 17:00. */
void		 calendar_default(struct calendar *);

/* Easter Sunday (Gregorian). */
struct cal_date	 cal_easter(int year);
/*
 * Is this a Polish public holiday?  Its Polish name goes to *name when it
 * is.  The list follows the Act on days free from work as amended: Epiphany
 * from 2011, Christmas Eve from 2025.
 */
bool		 cal_is_holiday(struct cal_date, const char **name);
bool		 cal_is_closed_day(const struct calendar *, struct cal_date);

/* Seconds east of UTC in Warsaw at Unix time t (EU summer-time rule). */
int		 cal_offset(int64_t t);
struct cal_local cal_to_local(int64_t t);
/*
 * The Unix time of a local date and minute.  A minute that does not exist
 * (the hour skipped in spring) is taken one hour later; one that exists
 * twice (autumn) is the first.
 */
int64_t		 cal_from_local(struct cal_date, int minute);

/* Is the office staffed at Unix time t? */
bool		 cal_is_open(const struct calendar *, int64_t t);
/*
 * When the office next opens at or after t (t itself when open now);
 * -1 when it never opens in the coming 400 days.
 */
int64_t		 cal_next_open(const struct calendar *, int64_t t);
/* When the current or next office period closes, after t; -1 never. */
int64_t		 cal_next_close(const struct calendar *, int64_t t);

/*
 * The latest office opening at or before t, and the latest closing before
 * that opening (the start of the out-of-hours period it ended); -1 when
 * there is none in the last 400 days.
 */
int64_t		 cal_last_open(const struct calendar *, int64_t t);
int64_t		 cal_last_close(const struct calendar *, int64_t t);

/* Days since 1970-01-01 of a civil date, and back. */
int64_t		 cal_days(struct cal_date);
struct cal_date	 cal_date_of(int64_t days);
int		 cal_date_key(struct cal_date);	/* y * 10000 + m * 100 + d */

#endif
