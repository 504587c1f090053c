/*
 * libFuzzer target: query string values, as handlers read them.
 * libmicrohttpd splits and decodes the query; each handler then hands one
 * value (a NUL-terminated string) to a parser of its own kind: whole
 * numbers in a range, "AT.ID" cursors and "YEAR/NUMBER" references cut at
 * their separator, ISO 8601 times, dates, years, clock times, phone
 * numbers, pseudonyms, codes of enumerations, free text.  Every parser sees
 * every input, and what one accepts must be what it says it is: a parsed
 * value formats back to the same text, a normalised number normalises to
 * itself.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>

#include "auth/audit.h"
#include "auth/perm.h"
#include "base/valid.h"
#include "cases/identity.h"
#include "cases/legal.h"
#include "cases/lifecycle.h"
#include "fuzz.h"
#include "hotline/enums.h"
#include "hotline/hotline.h"
#include "network/consultancy.h"
#include "network/interpreter.h"
#include "network/network.h"
#include "screening/risk.h"
#include "screening/rule.h"
#include "shelter/shelter.h"
#include "stats/report.h"

/* A whole number as the handlers' query_int64 takes it. */
static void
number(const char *s, size_t n)
{
	char	 back[32];
	int64_t	 v, w;

	if (valid_i64(s, n, INT64_MIN, INT64_MAX, &v)) {
		snprintf(back, sizeof(back), "%" PRId64, v);
		assert(valid_i64(back, strlen(back), INT64_MIN, INT64_MAX,
		    &w) && w == v);
	}
	if (valid_i64(s, n, 1, 500, &v))
		assert(v >= 1 && v <= 500);
	(void)valid_i64(s, n, 0, INT64_MAX, NULL);
}

/* "STARTED_AT.ID" (contacts, prevention) and "2026/0042" (the register). */
static void
split(const char *s, char sep, int64_t lo, int64_t hi)
{
	const char	*at = strchr(s, sep);
	int64_t		 a, b;

	if (at == NULL)
		return;
	if (valid_i64(s, (size_t)(at - s), lo, hi, &a) &&
	    valid_i64(at + 1, strlen(at + 1), 1, INT64_MAX, &b))
		assert(a >= lo && a <= hi && b >= 1);
}

static void
times(const char *s)
{
	struct cal_date	 d;
	char		 out[48], date[11];
	int64_t		 t, t2, day;
	int		 y, minute;
	struct err	 e;

	/* A time it takes, written in Warsaw time as Haven answers it,
	 * reads back: a client sends it again to change the record. */
	if (iso8601_parse(s, &t) == 0) {
		iso8601_warsaw(t, out);
		assert(iso8601_parse(out, &t2) == 0 && t2 == t);
	}
	if (date_parse(s, &d) == 0) {
		date_format(d, date);
		assert(strcmp(date, s) == 0);
	}
	if (shelter_day(s, &day) == 0) {
		shelter_day_format(day, date);
		assert(strcmp(date, s) == 0);
	}
	if (report_year_parse(s, 2026, &y, &e) == 0)
		assert(y >= REPORT_YEAR_MIN && y <= 2026);
	if (interp_hhmm_parse(s, &minute) == 0) {
		assert(minute >= 0 && minute <= 1440);
		interp_hhmm_format(minute, date);
		assert(strcmp(date, s) == 0);
	}
}

static void
codes(const char *s)
{
	struct audit_checkpoint	 cp, again;
	enum report_format	 rf;
	enum placement_status	 ps;
	enum case_status	 cs;
	enum case_close_reason	 cr;
	enum risk_level		 rl;
	enum verdict		 vd;
	enum answer		 an;
	enum role		 ro;
	int64_t			 y, k;
	char			 line[96];
	int			 i;

	for (i = 0; i < ENUM__MAX; i++)
		if (enum_index((enum hotline_enum)i, s) >= 0)
			assert(valid_text(s, strlen(s), 64, false));
	(void)report_format_parse(s, &rf);
	(void)placement_status_parse(s, &ps);
	(void)case_status_parse(s, &cs);
	(void)case_close_reason_parse(s, &cr);
	(void)risk_level_parse(s, &rl);
	(void)verdict_parse(s, &vd);
	(void)answer_parse(s, &an);
	(void)role_parse(s, &ro);
	(void)referral_status_parse(s);
	(void)pseudonym_valid(s);
	if (consultancy_ref_parse(s, &y, &k)) {
		assert(y >= 2000 && y <= 2999 && k >= 1);
		snprintf(line, sizeof(line), "%04" PRId64 "/%04" PRId64, y, k);
		assert(strcmp(line, s) == 0);
	}
	if (audit_checkpoint_parse(s, &cp) == 0) {
		audit_checkpoint_format(&cp, line, sizeof(line));
		assert(audit_checkpoint_parse(line, &again) == 0 &&
		    memcmp(&again, &cp, sizeof(cp)) == 0);
	}
}

static void
phone(const char *s)
{
	char	 out[PHONE_MAX + 1], again[PHONE_MAX + 1];
	size_t	 i, n;

	if (phone_normalise(s, out) == -1)
		return;
	n = strlen(out);
	assert(n >= 7 && n <= PHONE_MAX && out[0] == '+' && out[1] != '0');
	for (i = 1; i < n; i++)
		assert(out[i] >= '0' && out[i] <= '9');
	/* The stored form is a fixed point: looked up again, it is found. */
	assert(phone_normalise(out, again) == 0 && strcmp(out, again) == 0);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_process_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	size_t	 n;

	if (size > 4096)
		return 0;
	s = fuzz_str(data, size);
	n = strlen(s);
	number(s, n);
	split(s, '.', INT64_MIN + 1, INT64_MAX);
	split(s, '/', 2000, 2100);
	times(s);
	codes(s);
	phone(s);
	(void)valid_text(s, n, 200, false);
	(void)valid_username(s, n);
	free(s);
	return 0;
}
