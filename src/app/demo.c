/*
 * The demo data set for `make run`: clearly fictional, for trying Haven out
 * on a laptop.  Every account has the same published password, so a demo
 * instance must never hold real data; the setting demo_mode makes the
 * interface say so on every page, and lets the demo accounts in without a
 * second factor (auth/perm.c, totp_required).
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/demo.h"
#include "auth/password.h"
#include "auth/settings.h"
#include "auth/user.h"
#include "base/clock.h"
#include "base/xmalloc.h"
#include "crypto/field.h"
#include "hotline/contact.h"
#include "hotline/desk.h"
#include "hotline/enums.h"
#include "network/interpreter.h"
#include "network/network.h"
#include "network/prevention.h"
#include "shelter/shelter.h"
#include "telephony/telephony.h"

#define DEMO_PASSWORD	"haven-demo-only"

static const struct {
	const char	*username;
	enum role	 role;
} demo_users[] = {
	{ "demo.admin", ROLE_ADMIN },
	{ "demo.coordinator", ROLE_COORDINATOR },
	{ "demo.consultant", ROLE_CONSULTANT },
	{ "demo.shelter", ROLE_SHELTER_STAFF },
	{ "demo.auditor", ROLE_AUDITOR },
};

static int
demo_write(struct db *db, void *arg, struct err *e)
{
	struct user	 u;
	char		 hash[PASSWORD_HASHLEN];
	int64_t		 id;
	size_t		 i;
	int		 found;

	(void)arg;
	for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		if ((found = user_by_name(db, demo_users[i].username, &u)) == -1)
			return -1;
		if (found)
			continue;
		if (password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD),
		    hash) == -1) {
			err_set(e, ERR_IO, "cannot hash a password");
			return -1;
		}
		if (user_insert(db, demo_users[i].username, demo_users[i].role,
		    hash, false, &id) == -1)
			return -1;
	}
	return setting_set(db, SETTING_DEMO_MODE, 1);
}

/*
 * The hotline's demo: three months of contacts, day and night, an on-call
 * rota that covers the past and leaves a gap next week for the
 * coordinators to see, and a few follow-ups still open.  Deterministic (a
 * fixed seed) relative to the time of `haven init --demo`.
 */
static const char *const demo_summaries[] = {
	"[DEMO] Fikcyjna rozmowa: osoba pyta o bezpieczny wyjazd do pracy za "
	"granicą; omówiono umowę i kontakt do konsulatu.",
	"[DEMO] Fikcyjna rozmowa: matka martwi się o córkę pracującą w "
	"gospodarstwie w innym kraju; brak kontaktu od tygodnia.",
	"[DEMO] Fikcyjna rozmowa: policjant prosi o konsultację w sprawie "
	"wskaźników pracy przymusowej w zakładzie.",
	"[DEMO] Fikcyjna rozmowa: mężczyzna zgłasza odebrane dokumenty i dług "
	"u pośrednika; ustalono bezpieczny kontakt.",
	"[DEMO] Fikcyjna rozmowa: ośrodek pomocy społecznej pyta o miejsce w "
	"schronisku dla kobiety z dzieckiem.",
	"[DEMO] Fikcyjna rozmowa: anonimowy rozmówca pyta o prawa ofiary w "
	"postępowaniu karnym.",
};

static const char *const sql_demo_count = "SELECT count(*) FROM contact";
static const char *const sql_demo_link = "UPDATE contact SET person_id = ? "
    "WHERE caller_bidx = ?";
static const char *const sql_demo_backdate = "UPDATE case_file SET "
    "opened_at = ?, created_at = ? WHERE id = ?";
static const char *const sql_demo_seal = "UPDATE case_file SET sealed = 1 "
    "WHERE id = ?";

int
demo_link_calls(struct db *db, const char *number, int64_t person_id)
{
	struct db_stmt	*st;
	unsigned char	 bidx[BLIND_BYTES];

	blind_index("phone", number, strlen(number), bidx);
	if ((st = db_prepare(db, sql_demo_link)) == NULL)
		return -1;
	db_bind_i64(st, 1, person_id);
	db_bind_blob(st, 2, bidx, sizeof(bidx));
	return db_done(st);
}

int
demo_backdate(struct db *db, int64_t case_id, int64_t t)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, sql_demo_backdate)) == NULL)
		return -1;
	db_bind_i64(st, 1, t);
	db_bind_i64(st, 2, t);
	db_bind_i64(st, 3, case_id);
	return db_done(st);
}

int
demo_seal(struct db *db, int64_t case_id)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, sql_demo_seal)) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	return db_done(st);
}

static uint32_t
demo_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}


/* One fictional contact at t. */
static int
demo_contact(struct db *db, const struct demo_ctx *d, const struct calendar *cal,
    int64_t t, uint32_t *rs)
{
	static const char *const inq[] = { "victim_polish", "victim_foreign",
	    "family_friend", "organisation", "police_border_guard",
	    "going_abroad", "going_abroad", "anonymous", "at_risk" };
	static const char *const out[] = { "advice", "advice", "referred",
	    "intervention", "follow_up", "no_action" };
	struct contact	 c;
	char		 number[20];
	uint32_t	 r = demo_rand(rs);
	int		 rc;

	memset(&c, 0, sizeof(c));
	c.started_at = t;
	c.duration_s = 60 + (int64_t)(r % 1500);
	c.out_of_hours = !cal_is_open(cal, t);
	snprintf(c.channel, sizeof(c.channel), "%s", c.out_of_hours ?
	    "oncall_mobile" : (r % 7 == 0 ? "email" : "office_line"));
	snprintf(c.direction, sizeof(c.direction), "%s", r % 9 == 0 ?
	    "outgoing" : "incoming");
	snprintf(c.inquirer, sizeof(c.inquirer), "%s",
	    inq[demo_rand(rs) % (sizeof(inq) / sizeof(inq[0]))]);
	c.topics = (1u << (demo_rand(rs) % 9)) | (r % 3 == 0 ? 1u << 7 : 0);
	snprintf(c.urgency, sizeof(c.urgency), "%s",
	    c.out_of_hours && r % 3 == 0 ? "urgent" : "routine");
	snprintf(c.outcome, sizeof(c.outcome), "%s",
	    out[demo_rand(rs) % (sizeof(out) / sizeof(out[0]))]);
	if (strcmp(c.inquirer, "victim_foreign") == 0) {
		snprintf(c.country, sizeof(c.country), "%s", r % 2 ? "UA" :
		    "VN");
		snprintf(c.language, sizeof(c.language), "%s", r % 2 ? "uk" :
		    "vi");
		c.interpreter = r % 2 == 0;
	} else
		snprintf(c.country, sizeof(c.country), "PL");
	if (strcmp(c.urgency, "urgent") == 0)
		c.urgency_reason = xstrdup("[DEMO] Rozmówca mówi, że jest w "
		    "niebezpieczeństwie.");
	c.summary = xstrdup(demo_summaries[demo_rand(rs) %
	    (sizeof(demo_summaries) / sizeof(demo_summaries[0]))]);
	/* A few fictional numbers call back again and again. */
	snprintf(number, sizeof(number), "+4855501%04u",
	    (unsigned)(demo_rand(rs) % 40));
	c.caller_number = xstrdup(number);
	if (c.out_of_hours && strcmp(c.urgency, "routine") == 0)
		c.handover_note = xstrdup("[DEMO] Oddzwonić w godzinach pracy "
		    "biura.");
	c.followup = contact_needs_followup(c.out_of_hours,
	    strcmp(c.urgency, "urgent") == 0,
	    strcmp(c.outcome, "follow_up") == 0);
	c.consultant_id = c.out_of_hours && r % 2 ? d->coordinator :
	    d->consultant;
	rc = contact_insert(db, &c);
	/* Follow-ups older than three days were dealt with. */
	if (rc == 0 && c.followup && t < d->now - 3 * 86400)
		rc = contact_followup_done(db, c.id, d->consultant, t +
		    86400) == -1 ? -1 : 0;
	contact_release(&c);
	return rc;
}

static int
demo_hotline(struct db *db, void *arg, struct err *e)
{
	const struct demo_ctx	*d = arg;
	struct calendar_store	 cs;
	struct shift		 s;
	uint32_t		 rs = 20261128;
	int64_t			 t, day, open, id, n;
	int			 i, k, rc = -1;
	struct db_stmt		*st;

	(void)e;
	if ((st = db_prepare(db, sql_demo_count)) == NULL ||
	    db_one_i64(st, &n) == -1)
		return -1;
	if (n > 0)
		return 0;	/* seeded already */
	if (calendar_load(db, &cs) == -1)
		return -1;
	/*
	 * Ninety days of contacts up to now: on working days most in office
	 * hours, and every night and weekend a few on the on-call mobile.
	 */
	for (day = 90; day >= 0; day--) {
		struct cal_date	 date = cal_to_local(d->now - day * 86400).date;

		open = cal_is_closed_day(&cs.cal, date) ? 0 : 1;
		k = open ? 6 + (int)(demo_rand(&rs) % 8) : 0;
		k += 1 + (int)(demo_rand(&rs) % 3);
		for (i = 0; i < k; i++) {
			int	 minute = (int)(demo_rand(&rs) % 1440);

			if (open && i >= 2)	/* the night calls first */
				minute = 9 * 60 + (int)(demo_rand(&rs) % 480);
			t = cal_from_local(date, minute);
			if (t > d->now - 60)
				continue;
			if (demo_contact(db, d, &cs.cal, t, &rs) == -1)
				goto out;
		}
	}
	/* The rota: every closed period from 90 days ago to 7 days on. */
	t = d->now - 90 * 86400;
	i = 0;
	while (t < d->now + 7 * 86400) {
		if (cal_is_open(&cs.cal, t)) {
			t = cal_next_close(&cs.cal, t);
			continue;
		}
		s.user_id = i++ % 2 ? d->coordinator : d->consultant;
		s.starts_at = t;
		s.ends_at = cal_next_open(&cs.cal, t);
		if (s.ends_at < 0 || shift_add(db, &s, d->coordinator, &id) ==
		    -1)
			goto out;
		t = s.ends_at;
	}
	rc = demo_cases(db, d);
	if (rc == 0)
		rc = network_demo(db, d);
	if (rc == 0)
		rc = prevention_demo(db, d);
	if (rc == 0)
		rc = interpreter_demo(db, d);
	if (rc == 0)
		rc = shelter_demo(db, d);
	if (rc == 0)
		rc = telephony_demo(db, d);
out:
	calendar_release(&cs);
	return rc;
}

int
demo_seed(struct db *db, struct err *e)
{
	struct demo_ctx	 d;
	struct user	 u;
	size_t		 i;

	if (db_tx_run(db, DB_TX_WRITE, demo_write, NULL, e) == -1)
		return -1;
	if (user_by_name(db, "demo.consultant", &u) != 1 ||
	    (d.consultant = u.id, user_by_name(db, "demo.coordinator", &u)) !=
	    1) {
		err_set(e, ERR_DB, "the demo accounts are missing");
		return -1;
	}
	d.coordinator = u.id;
	d.now = clock_now();
	if (db_tx_run(db, DB_TX_WRITE, demo_hotline, &d, e) == -1)
		return -1;
	printf("Demo instance with fictional data. Log in as one of:\n");
	for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
		printf("  %-18s (%s)\n", demo_users[i].username,
		    role_name(demo_users[i].role));
	printf("Password for every demo account: %s\n", DEMO_PASSWORD);
	return 0;
}
