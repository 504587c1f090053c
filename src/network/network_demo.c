/*
 * The demo's network: a directory of fictional organisations of every
 * kind (each name says "Przykładowy/-a/-e", Polish for "example"; phone
 * numbers and addresses are made up, web addresses on example.org), the
 * consents of a few demo persons, and referrals from their cases — one of
 * them flagged because its consent was withdrawn.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/demo.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/calendar.h"
#include "network/network.h"

struct demo_org {
	const char	*name, *kind, *country, *region, *city, *phone;
	const char	*languages, *hours, *notes;
	bool		 active;
};

static const struct demo_org demo_orgs[] = {
	{ "Przykładowa Komenda Wojewódzka Policji — koordynator ds. handlu "
	  "ludźmi", "police_coordinator", "PL", "PL-MZ", "Warszawa",
	  "+48 22 555 01 10", "pl,en", "pn.–pt. 8:00–16:00; dyżur całodobowy "
	  "przez oficera dyżurnego", "[DEMO] Koordynator przyjmuje zgłoszenia "
	  "także anonimowo.", true },
	{ "Przykładowa Komenda Miejska Policji w Łodzi", "police", "PL",
	  "PL-LD", "Łódź", "+48 42 555 01 20", "pl", "całodobowo", NULL, true },
	{ "Przykładowa Placówka Straży Granicznej w Przemyślu", "border_guard",
	  "PL", "PL-PK", "Przemyśl", "+48 16 555 01 30", "pl,uk,ru",
	  "całodobowo", NULL, true },
	{ "Przykładowa Prokuratura Okręgowa w Krakowie", "prosecutor", "PL",
	  "PL-MA", "Kraków", "+48 12 555 01 40", "pl", "pn.–pt. 7:30–15:30",
	  NULL, true },
	{ "Przykładowy Sąd Rejonowy w Poznaniu — Wydział Karny", "court", "PL",
	  "PL-WP", "Poznań", "+48 61 555 01 50", "pl", "pn.–pt. 8:00–15:00",
	  NULL, true },
	{ "Przykładowy Konsulat Generalny Ukrainy w Lublinie",
	  "consulate_foreign", "PL", "PL-LU", "Lublin", "+48 81 555 01 60",
	  "uk,pl,ru", "pn.–pt. 9:00–13:00", "[DEMO] Paszporty tymczasowe "
	  "wydawane w ciągu kilku dni.", true },
	{ "Przykładowa Ambasada Wietnamu w Warszawie", "consulate_foreign",
	  "PL", "PL-MZ", "Warszawa", "+48 22 555 01 70", "vi,en",
	  "pn.–pt. 9:00–12:00", NULL, true },
	{ "Przykładowy Konsulat Generalny RP w Amsterdamie",
	  "consulate_polish_abroad", "NL", "Noord-Holland", "Amsterdam",
	  "+31 20 555 0180", "pl,nl,en", "pn.–pt. 9:00–14:00",
	  "[DEMO] Pomoc obywatelom RP pokrzywdzonym w Niderlandach.", true },
	{ "Przykładowy Mazowiecki Urząd Wojewódzki — Wydział Spraw "
	  "Cudzoziemców", "voivode", "PL", "PL-MZ", "Warszawa",
	  "+48 22 555 01 90", "pl,en", "pn.–pt. 8:15–16:15", NULL, true },
	{ "Przykładowy Urząd do Spraw Cudzoziemców", "office_for_foreigners",
	  "PL", "PL-MZ", "Warszawa", "+48 22 555 02 00", "pl,en,ru",
	  "pn.–pt. 8:15–16:15", NULL, true },
	{ "Przykładowy Miejski Ośrodek Pomocy Społecznej w Gdańsku",
	  "social_welfare", "PL", "PL-PM", "Gdańsk", "+48 58 555 02 10", "pl",
	  "pn.–pt. 7:30–15:30", NULL, true },
	{ "Przykładowy Ośrodek Interwencji Kryzysowej w Łodzi",
	  "crisis_intervention", "PL", "PL-LD", "Łódź", "+48 42 555 02 20",
	  "pl,en,uk", "całodobowo", "[DEMO] Miejsca hostelowe dla kobiet z "
	  "dziećmi.", true },
	{ "Przykładowy Szpital Specjalistyczny w Katowicach", "health", "PL",
	  "PL-SL", "Katowice", "+48 32 555 02 30", "pl,en",
	  "izba przyjęć całodobowo", NULL, true },
	{ "Przykładowa Fundacja Pomocy Prawnej", "legal_aid", "PL", "PL-DS",
	  "Wrocław", "+48 71 555 02 40", "pl,en,uk,ru", "pn.–czw. 10:00–18:00",
	  "[DEMO] Bezpłatne porady; pełnomocnictwo w postępowaniu karnym.",
	  true },
	{ "Przykładowy Okręgowy Inspektorat Pracy w Szczecinie",
	  "labour_inspection", "PL", "PL-ZP", "Szczecin", "+48 91 555 02 50",
	  "pl", "pn.–pt. 7:30–15:30", NULL, true },
	{ "Przykładowe Stowarzyszenie Pomocy Migrantom", "ngo", "PL", "PL-KP",
	  "Bydgoszcz", "+48 52 555 02 60", "pl,en,uk,vi", "pn.–pt. 9:00–17:00",
	  "[DEMO] Tłumacze języka wietnamskiego na miejscu.", true },
	{ "Przykładowa Organizacja Międzynarodowa ds. Migracji — biuro w "
	  "Kiszyniowie", "international_org", "MD", "Chișinău", "Chișinău",
	  "+373 22 555 027", "ro,ru,en", "pn.–pt. 9:00–17:00",
	  "[DEMO] Pomoc w bezpiecznym powrocie i reintegracji.", true },
	{ "Przykładowe Stowarzyszenie (zakończyło działalność)", "ngo", "PL",
	  "PL-SK", "Kielce", NULL, "pl", NULL, "[DEMO] Nieaktywne: tylko dla "
	  "historii skierowań.", false },
};
#define NORGS	(sizeof(demo_orgs) / sizeof(demo_orgs[0]))

static const char *const sql_demo_case =
    "SELECT c.id, c.person_id FROM case_file c "
    "JOIN person p ON p.id = c.person_id "
    "WHERE p.citizenship = ? AND p.languages = ? ORDER BY c.id LIMIT 1";

/* The first case of the demo person with this citizenship and languages. */
static int
demo_case_of(struct db *db, const char *citizenship, const char *langs,
    int64_t *case_id, int64_t *person_id)
{
	struct db_stmt	*st;
	int		 rc;

	if ((st = db_prepare(db, sql_demo_case)) == NULL)
		return -1;
	db_bind_str(st, 1, citizenship);
	db_bind_str(st, 2, langs);
	if ((rc = db_row(st)) != 1) {
		if (rc == 0)
			db_fail(db, ERR_NOTFOUND, "a demo person is missing");
		return -1;
	}
	*case_id = db_col_i64(st, 0);
	*person_id = db_col_i64(st, 1);
	db_reset(st);
	return 0;
}

static int
demo_org(struct db *db, const struct demo_ctx *d, const struct demo_org *g,
    int64_t *id)
{
	json_t	*o, *langs;
	char	 email[64];
	int	 rc;

	langs = csv_json(g->languages);
	snprintf(email, sizeof(email), "kontakt.%s@example.org", g->kind);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, "
	    "s:b}", "name", g->name, "kind", g->kind, "country", g->country,
	    "region", g->region, "city", g->city, "address", "[DEMO] ul. "
	    "Przykładowa 1", "email", email, "website", "https://example.org/",
	    "contact_person", "[DEMO] Jan Przykładowy", "languages", langs,
	    "active", g->active);
	if (o == NULL)
		return -1;
	if (g->phone != NULL)
		json_object_set_new(o, "phone", json_string(g->phone));
	if (g->hours != NULL)
		json_object_set_new(o, "hours", json_string(g->hours));
	if (g->notes != NULL)
		json_object_set_new(o, "notes", json_string(g->notes));
	rc = organisation_insert(db, o, d->coordinator, id);
	json_decref(o);
	return rc;
}

/* The day `days` before the demo's now, "YYYY-MM-DD". */
static void
demo_day(const struct demo_ctx *d, int days, char out[DATE_LEN])
{
	date_format(cal_to_local(d->now - (int64_t)days * 86400).date, out);
}

int
network_demo(struct db *db, const struct demo_ctx *d)
{
	struct consent_new	 cn;
	struct referral_new	 rn;
	int64_t			 org[NORGS], olena, olena_p, lan, lan_p;
	int64_t			 amina, amina_p, cid, rid, withdraw;
	char			 d1[DATE_LEN], d2[DATE_LEN], d9[DATE_LEN];
	char			 d10[DATE_LEN], d30[DATE_LEN];
	size_t			 i;

	for (i = 0; i < NORGS; i++)
		if (demo_org(db, d, &demo_orgs[i], &org[i]) == -1)
			return -1;
	if (demo_case_of(db, "UA", "uk,ru", &olena, &olena_p) == -1 ||
	    demo_case_of(db, "VN", "vi", &lan, &lan_p) == -1 ||
	    demo_case_of(db, "NG", "en", &amina, &amina_p) == -1)
		return -1;
	demo_day(d, 1, d1);
	demo_day(d, 2, d2);
	demo_day(d, 9, d9);
	demo_day(d, 10, d10);
	demo_day(d, 30, d30);

	/*
	 * Olena: her consents in writing; a referral to her consulate for
	 * documents (accepted), an anonymous consultation with the legal
	 * aid foundation (completed).
	 */
	memset(&cn, 0, sizeof(cn));
	cn.person_id = olena_p;
	cn.by = d->consultant;
	cn.method = "written";
	cn.given_on = d2;
	cn.purpose = "data_processing";
	if (consent_insert(db, &cn, &cid) == -1)
		return -1;
	cn.purpose = "statistics";
	if (consent_insert(db, &cn, &cid) == -1)
		return -1;
	cn.purpose = "law_enforcement";
	cn.method = "spoken";
	cn.notes = "[DEMO] Zgoda na przekazanie danych Policji i Straży "
	    "Granicznej, po rozmowie z tłumaczem.";
	if (consent_insert(db, &cn, &cid) == -1)
		return -1;
	cn.purpose = "referral";
	cn.method = "written";
	cn.organisation_id = org[5];	/* the consulate of Ukraine */
	cn.notes = "[DEMO] Zgoda na kontakt z konsulatem w sprawie "
	    "paszportu.";
	if (consent_insert(db, &cn, &cid) == -1)
		return -1;
	memset(&rn, 0, sizeof(rn));
	rn.case_id = olena;
	rn.organisation_id = org[5];
	rn.by = d->consultant;
	rn.consent_id = cid;
	rn.purpose = "documents";
	rn.sent_on = d1;
	rn.data_shared = "identity,documents";
	rn.personal = true;
	rn.notes = "[DEMO] Wniosek o paszport tymczasowy.";
	if (referral_insert(db, &rn, &rid) == -1 ||
	    referral_set(db, rid, olena, 1, "accepted", false, NULL,
	    d->consultant) != 1)
		return -1;
	memset(&rn, 0, sizeof(rn));
	rn.case_id = olena;
	rn.organisation_id = org[13];	/* the legal aid foundation */
	rn.by = d->consultant;
	rn.purpose = "legal_aid";
	rn.sent_on = d2;
	rn.data_shared = "";
	rn.notes = "[DEMO] Konsultacja sprawy bez danych osobowych.";
	if (referral_insert(db, &rn, &rid) == -1 ||
	    referral_set(db, rid, olena, 1, "accepted", false, NULL,
	    d->consultant) != 1 ||
	    referral_set(db, rid, olena, 2, "completed", true, "[DEMO] "
	    "Fundacja potwierdziła możliwość reprezentacji.",
	    d->consultant) != 1)
		return -1;

	/*
	 * Thi Lan: a spoken consent to refer her to the migrants'
	 * association, the referral sent on it, then the consent withdrawn:
	 * the referral is flagged and her key consultant has a task.
	 */
	memset(&cn, 0, sizeof(cn));
	cn.person_id = lan_p;
	cn.by = d->consultant;
	cn.method = "spoken";
	cn.given_on = d10;
	cn.purpose = "referral";
	cn.organisation_id = org[15];
	cn.notes = "[DEMO] Zgoda ustna w obecności tłumacza.";
	if (consent_insert(db, &cn, &withdraw) == -1)
		return -1;
	memset(&rn, 0, sizeof(rn));
	rn.case_id = lan;
	rn.organisation_id = org[15];
	rn.by = d->consultant;
	rn.consent_id = withdraw;
	rn.purpose = "interpreting";
	rn.sent_on = d9;
	rn.data_shared = "contact_details,case_facts";
	rn.personal = true;
	if (referral_insert(db, &rn, &rid) == -1 ||
	    consent_withdraw(db, withdraw, d1, "[DEMO] Osoba nie chce "
	    "kontaktu ze stowarzyszeniem.", d->consultant, NULL) != 1)
		return -1;

	/* Amina: a shelter asked without her data; it had no place. */
	memset(&rn, 0, sizeof(rn));
	rn.case_id = amina;
	rn.organisation_id = org[11];	/* the crisis intervention centre */
	rn.by = d->coordinator;
	rn.purpose = "shelter";
	rn.sent_on = d30;
	rn.data_shared = "";
	if (referral_insert(db, &rn, &rid) == -1 ||
	    referral_set(db, rid, amina, 1, "declined", true, "[DEMO] Brak "
	    "wolnych miejsc.", d->coordinator) != 1)
		return -1;
	return 0;
}
