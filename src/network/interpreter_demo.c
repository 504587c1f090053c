/*
 * The demo's interpreters: six fictional people ("Przykładowy tłumacz",
 * Polish for "sample interpreter") covering Ukrainian, Russian,
 * Vietnamese, Romanian, English and Bulgarian; one not vetted, one whose
 * confidentiality agreement has expired and one due for renewal; and a
 * few bookings on the demo cases (the Vietnamese interpreter tomorrow, as
 * the demo note asks).  Dates are relative to the time of the seeding.
 */
#include <stdio.h>
#include <string.h>

#include "app/demo.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/hotline.h"
#include "network/interpreter.h"

struct demo_interp {
	const char	*name, *languages, *modes, *region, *availability;
	const char	*note, *phone, *email;
	bool		 vetted;
	int		 agreement_days_ago;	/* -1: none */
};

static const struct demo_interp demo_interps[] = {
	{ "Przykładowy tłumacz Andrij K.", "uk,ru", "in_person,phone,video",
	  "mazowieckie",
	  "[{\"day\":\"mon\",\"from\":\"09:00\",\"to\":\"17:00\"},"
	  "{\"day\":\"tue\",\"from\":\"09:00\",\"to\":\"17:00\"},"
	  "{\"day\":\"wed\",\"from\":\"09:00\",\"to\":\"17:00\"},"
	  "{\"day\":\"thu\",\"from\":\"09:00\",\"to\":\"17:00\"},"
	  "{\"day\":\"fri\",\"from\":\"09:00\",\"to\":\"15:00\"}]",
	  NULL, "+48555020001", "andrij.demo@example.org", true, 200 },
	{ "Przykładowa tłumaczka Nguyen Thi H.", "vi,en", "phone,video",
	  NULL,
	  "[{\"day\":\"tue\",\"from\":\"12:00\",\"to\":\"20:00\"},"
	  "{\"day\":\"thu\",\"from\":\"12:00\",\"to\":\"20:00\"},"
	  "{\"day\":\"sat\",\"from\":\"10:00\",\"to\":\"14:00\"}]",
	  "[DEMO] Także w inne dni po uzgodnieniu.", "+48555020002",
	  "nguyen.demo@example.org", true, 90 },
	{ "Przykładowa tłumaczka Elena M.", "ro,ru", "in_person,phone",
	  "małopolskie",
	  "[{\"day\":\"mon\",\"from\":\"08:00\",\"to\":\"16:00\"},"
	  "{\"day\":\"wed\",\"from\":\"08:00\",\"to\":\"16:00\"}]",
	  NULL, "+48555020003", NULL, true, 3 * 365 },
	{ "Przykładowy tłumacz John S.", "en", "in_person,phone,video",
	  "mazowieckie",
	  "[{\"day\":\"mon\",\"from\":\"08:00\",\"to\":\"16:00\"},"
	  "{\"day\":\"tue\",\"from\":\"08:00\",\"to\":\"16:00\"},"
	  "{\"day\":\"wed\",\"from\":\"08:00\",\"to\":\"16:00\"},"
	  "{\"day\":\"thu\",\"from\":\"08:00\",\"to\":\"16:00\"},"
	  "{\"day\":\"fri\",\"from\":\"08:00\",\"to\":\"16:00\"}]",
	  NULL, "+48555020004", "john.demo@example.org", true, 400 },
	{ "Przykładowa tłumaczka Petya D.", "bg,ru", "phone,video", NULL,
	  "[]", "[DEMO] Dostępność do uzgodnienia telefonicznie.",
	  "+48555020005", NULL, false, -1 },
	{ "Przykładowa tłumaczka Oksana P.", "uk", "phone,video",
	  "pomorskie",
	  "[{\"day\":\"mon\",\"from\":\"18:00\",\"to\":\"22:00\"},"
	  "{\"day\":\"tue\",\"from\":\"18:00\",\"to\":\"22:00\"},"
	  "{\"day\":\"wed\",\"from\":\"18:00\",\"to\":\"22:00\"},"
	  "{\"day\":\"thu\",\"from\":\"18:00\",\"to\":\"22:00\"},"
	  "{\"day\":\"fri\",\"from\":\"18:00\",\"to\":\"22:00\"},"
	  "{\"day\":\"sat\",\"from\":\"10:00\",\"to\":\"22:00\"},"
	  "{\"day\":\"sun\",\"from\":\"10:00\",\"to\":\"22:00\"}]",
	  "[DEMO] Dyżury wieczorne i weekendowe.", "+48555020006",
	  "oksana.demo@example.org", true, 2 * 365 - 30 },
};

static const char *const sql_demo_case = "SELECT c.id FROM case_file c "
    "JOIN person p ON p.id = c.person_id WHERE c.sealed = 0 AND "
    "p.languages = ? ORDER BY c.id LIMIT 1";
static const char *const sql_demo_done = "UPDATE interpreter_booking "
    "SET status = 'done' WHERE id = ?";

/* The first unsealed demo case of a person speaking exactly langs. */
static int
demo_case_of(struct db *db, const char *langs, int64_t *cid)
{
	struct db_stmt	*st;

	*cid = 0;
	if ((st = db_prepare(db, sql_demo_case)) == NULL)
		return -1;
	db_bind_str(st, 1, langs);
	return db_one_i64(st, cid) == -1 ? -1 : 0;
}

/* Book interpreter iid for case cid on local day + offset, from-to. */
static int
demo_book(struct db *db, const struct demo_ctx *d, int64_t iid,
    const char *name, int64_t cid, const char *lang, const char *mode,
    int day_offset, int from, int to, const char *purpose, bool done)
{
	struct booking_in	 b;
	struct interp_span	 clash;
	struct cal_date		 day;
	char			 text[300], a[48], z[48];
	int64_t			 id;

	day = cal_date_of(cal_days(cal_to_local(d->now).date) + day_offset);
	memset(&b, 0, sizeof(b));
	b.interpreter_id = iid;
	b.case_id = cid;
	b.start = cal_from_local(day, from);
	b.end = cal_from_local(day, to);
	b.language = lang;
	b.mode = mode;
	b.purpose = purpose;
	if (booking_insert(db, &b, d->consultant, &id, &clash) != 1)
		return -1;
	if (done) {
		struct db_stmt	*st;

		if ((st = db_prepare(db, sql_demo_done)) == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		if (db_done(st) == -1)
			return -1;
	}
	/* Worded as the API words it (booking_api.c). */
	iso8601_warsaw(b.start, a);
	iso8601_warsaw(b.end, z);
	snprintf(text, sizeof(text), "interpreter booked: %s, %s, %s to %s, %s",
	    name, lang, a, z, mode);
	return case_event_add(db, cid, d->consultant, "interpreter", 0, text);
}

int
interpreter_demo(struct db *db, const struct demo_ctx *d)
{
	const struct demo_interp	*p;
	struct interp_in		 in;
	struct cal_date			 today = cal_to_local(d->now).date;
	char				 vetted_on[11], agreement_on[11];
	int64_t				 ids[6], cid;
	size_t				 i;

	for (i = 0; i < sizeof(demo_interps) / sizeof(demo_interps[0]); i++) {
		p = &demo_interps[i];
		memset(&in, 0, sizeof(in));
		in.name = p->name;
		in.languages = p->languages;
		in.modes = p->modes;
		in.region = p->region;
		in.availability = p->availability;
		in.availability_note = p->note;
		in.phone = p->phone;
		in.email = p->email;
		in.notes = "[DEMO] Fikcyjny tłumacz do wypróbowania rejestru.";
		in.vetted = p->vetted;
		in.active = true;
		date_format(cal_date_of(cal_days(today) - 400), vetted_on);
		in.vetted_on = p->vetted ? vetted_on : NULL;
		if (p->agreement_days_ago >= 0) {
			date_format(cal_date_of(cal_days(today) -
			    p->agreement_days_ago), agreement_on);
			in.agreement_on = agreement_on;
		}
		if (interp_insert(db, &in, d->coordinator, &ids[i]) == -1)
			return -1;
	}
	/* Olena (uk, ru): a meeting last week, done, and one tomorrow. */
	if (demo_case_of(db, "uk,ru", &cid) == -1)
		return -1;
	if (cid != 0 && (demo_book(db, d, ids[0], demo_interps[0].name, cid,
	    "uk", "in_person", -7, 600, 690, "[DEMO] Rozmowa w schronisku",
	    true) == -1 || demo_book(db, d, ids[0], demo_interps[0].name, cid,
	    "uk", "in_person", 1, 600, 690, "[DEMO] Wizyta w urzędzie "
	    "wojewódzkim", false) == -1))
		return -1;
	/* Thi Lan (vi): tomorrow's meeting, by video. */
	if (demo_case_of(db, "vi", &cid) == -1)
		return -1;
	if (cid != 0 && demo_book(db, d, ids[1], demo_interps[1].name, cid,
	    "vi", "video", 1, 780, 840, "[DEMO] Spotkanie z konsultantką",
	    false) == -1)
		return -1;
	return 0;
}
