/*
 * The service calendar (see calendar.h).  Civil date arithmetic follows the
 * well-known days-from-civil algorithm; Easter follows the anonymous
 * Gregorian algorithm (Meeus/Jones/Butcher).  Summer time in the EU starts
 * on the last Sunday of March and ends on the last Sunday of October, both
 * at 01:00 UTC, and Warsaw is UTC+1 in winter, UTC+2 in summer.
 */
#include "hotline/calendar.h"

int64_t
cal_days(struct cal_date dt)
{
	int64_t	 y = dt.y - (dt.m <= 2);
	int64_t	 era = (y >= 0 ? y : y - 399) / 400;
	int64_t	 yoe = y - era * 400;
	int64_t	 doy = (153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
	int64_t	 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct cal_date
cal_date_of(int64_t z)
{
	struct cal_date	 dt;
	int64_t		 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt.y = (int)(yoe + era * 400 + (dt.m <= 2));
	return dt;
}

int
cal_date_key(struct cal_date dt)
{
	return dt.y * 10000 + dt.m * 100 + dt.d;
}

static enum weekday
cal_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday. */
	int64_t	 w = (days + THU) % 7;

	return (enum weekday)(w < 0 ? w + 7 : w);
}

struct cal_date
cal_easter(int y)
{
	struct cal_date	 dt;
	int		 a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int		 f = (b + 8) / 25, g = (b - f + 1) / 3;
	int		 h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int		 l = (32 + 2 * e + 2 * i - h - k) % 7;
	int		 m = (a + 11 * h + 22 * l) / 451;

	dt.y = y;
	dt.m = (h + l - 7 * m + 114) / 31;
	dt.d = (h + l - 7 * m + 114) % 31 + 1;
	return dt;
}

static const struct {
	int		 m, d;
	int		 since;		/* first year it applies */
	const char	*name;
} fixed_holidays[] = {
	{ 1, 1, 0, "Nowy Rok" },
	{ 1, 6, 2011, "Święto Trzech Króli" },
	{ 5, 1, 0, "Święto Pracy" },
	{ 5, 3, 0, "Święto Konstytucji 3 Maja" },
	{ 8, 15, 0, "Wniebowzięcie Najświętszej Maryi Panny" },
	{ 11, 1, 0, "Wszystkich Świętych" },
	{ 11, 11, 0, "Narodowe Święto Niepodległości" },
	{ 12, 24, 2025, "Wigilia Bożego Narodzenia" },
	{ 12, 25, 0, "Boże Narodzenie (pierwszy dzień)" },
	{ 12, 26, 0, "Boże Narodzenie (drugi dzień)" },
};

static const struct {
	int		 after;		/* days after Easter Sunday */
	const char	*name;
} easter_holidays[] = {
	{ 0, "Wielkanoc" },
	{ 1, "Poniedziałek Wielkanocny" },
	{ 49, "Zielone Świątki" },
	{ 60, "Boże Ciało" },
};

bool
cal_is_holiday(struct cal_date dt, const char **name)
{
	int64_t	 easter, day;
	size_t	 i;

	for (i = 0; i < sizeof(fixed_holidays) / sizeof(fixed_holidays[0]);
	    i++)
		if (fixed_holidays[i].m == dt.m && fixed_holidays[i].d == dt.d &&
		    dt.y >= fixed_holidays[i].since) {
			if (name != NULL)
				*name = fixed_holidays[i].name;
			return true;
		}
	easter = cal_days(cal_easter(dt.y));
	day = cal_days(dt);
	for (i = 0; i < sizeof(easter_holidays) / sizeof(easter_holidays[0]);
	    i++)
		if (day - easter == easter_holidays[i].after) {
			if (name != NULL)
				*name = easter_holidays[i].name;
			return true;
		}
	return false;
}

void
calendar_default(struct calendar *c)
{
	int	 i;

	for (i = 0; i < WEEKDAY__MAX; i++) {
		c->open[i] = i <= FRI ? 9 * 60 : 0;
		c->close[i] = i <= FRI ? 17 * 60 : 0;
	}
	c->closures = NULL;
	c->nclosures = 0;
}

bool
cal_is_closed_day(const struct calendar *c, struct cal_date dt)
{
	size_t	 lo = 0, hi = c->nclosures;
	int32_t	 key = cal_date_key(dt);
	enum weekday w = cal_weekday(cal_days(dt));

	if (c->open[w] >= c->close[w] || cal_is_holiday(dt, NULL))
		return true;
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (c->closures[mid] == key)
			return true;
		if (c->closures[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* 01:00 UTC on the last Sunday of a month. */
static int64_t
last_sunday_1utc(int y, int m)
{
	struct cal_date	 last = { y, m, 31 };	/* March and October */
	int64_t		 d = cal_days(last);

	d -= (int64_t)((cal_weekday(d) - SUN + 7) % 7);
	return d * 86400 + 3600;
}

int
cal_offset(int64_t t)
{
	int	 y = cal_date_of(t >= 0 ? t / 86400 : (t - 86399) / 86400).y;

	return t >= last_sunday_1utc(y, 3) && t < last_sunday_1utc(y, 10) ?
	    7200 : 3600;
}

struct cal_local
cal_to_local(int64_t t)
{
	struct cal_local	 l;
	int64_t			 local, days;

	l.offset = cal_offset(t);
	local = t + l.offset;
	days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	l.date = cal_date_of(days);
	l.wday = cal_weekday(days);
	l.minute = (int)((local - days * 86400) / 60);
	return l;
}

int64_t
cal_from_local(struct cal_date dt, int minute)
{
	int64_t	 local = cal_days(dt) * 86400 + (int64_t)minute * 60;

	if (cal_offset(local - 7200) == 7200)
		return local - 7200;
	return local - 3600;
}

bool
cal_is_open(const struct calendar *c, int64_t t)
{
	struct cal_local	 l = cal_to_local(t);

	if (cal_is_closed_day(c, l.date))
		return false;
	return l.minute >= c->open[l.wday] && l.minute < c->close[l.wday];
}

/*
 * Walk the days from t's local date: the first office period that has not
 * ended by t.  *open and *close get its bounds.
 */
static bool
cal_period(const struct calendar *c, int64_t t, int64_t *open, int64_t *close)
{
	int64_t		 day = cal_days(cal_to_local(t).date);
	struct cal_date	 dt;
	enum weekday	 w;
	int		 i;

	for (i = 0; i < 400; i++, day++) {
		dt = cal_date_of(day);
		w = cal_weekday(day);
		if (cal_is_closed_day(c, dt))
			continue;
		*open = cal_from_local(dt, c->open[w]);
		*close = cal_from_local(dt, c->close[w]);
		if (t < *close)
			return true;
	}
	return false;
}

int64_t
cal_next_open(const struct calendar *c, int64_t t)
{
	int64_t	 open, close;

	if (!cal_period(c, t, &open, &close))
		return -1;
	return t >= open ? t : open;
}

int64_t
cal_next_close(const struct calendar *c, int64_t t)
{
	int64_t	 open, close;

	return cal_period(c, t, &open, &close) ? close : -1;
}

/*
 * Walk back from t's local date to the latest working day whose opening
 * (or closing, with close set) is at or before t (strictly before, for a
 * closing).
 */
static int64_t
cal_last(const struct calendar *c, int64_t t, bool close)
{
	int64_t		 day = cal_days(cal_to_local(t).date), at;
	struct cal_date	 dt;
	enum weekday	 w;
	int		 i;

	for (i = 0; i < 400; i++, day--) {
		dt = cal_date_of(day);
		w = cal_weekday(day);
		if (cal_is_closed_day(c, dt))
			continue;
		at = cal_from_local(dt, close ? c->close[w] : c->open[w]);
		if (close ? at < t : at <= t)
			return at;
	}
	return -1;
}

int64_t
cal_last_open(const struct calendar *c, int64_t t)
{
	return cal_last(c, t, false);
}

int64_t
cal_last_close(const struct calendar *c, int64_t t)
{
	return cal_last(c, t, true);
}
