/*
 * The demo's persons and case files: fictional people (their surname says
 * so: "Przykładowa", Polish for "example") with a case at every stage of
 * the lifecycle, pathways part done, legal tracks with deadlines, notes,
 * a sealed case, and call-back tasks.  Their phone numbers are among the
 * demo callers', so the call screen recognises them.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/demo.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "crypto/field.h"
#include "hotline/calendar.h"
#include "hotline/enums.h"
#include "screening/rule.h"
#include "screening/screening.h"

struct demo_person {
	const char	*first, *last, *dob, *phone, *sex, *citizenship;
	const char	*languages;
	const char	*safe;		/* the safe-contact protocol, JSON */
	const char	*status;	/* how far its case has come */
	const char	*forms;		/* exploitation codes, comma-separated */
	const char	*origin;
	bool		 urgent, sealed, legal;
	int		 pathway_done;	/* first items done */
	const char	*note;
};

static const struct demo_person demo_persons[] = {
	{ "Olena", "Przykładowa", "1994-03-12", "+48555010003", "female", "UA",
	  "uk,ru", "{\"call\":\"no\",\"voicemail\":\"no\",\"text\":\"yes\","
	  "\"hours\":\"[DEMO] dni robocze 10-12\",\"code_word\":\"Słonecznik\","
	  "\"do_not_inform\":\"[DEMO] Pracodawca i jego brat\"}",
	  "identified", "forced_labour", "UA", false, false, true, 6,
	  "[DEMO] Fikcyjna notatka: przewieziona do schroniska, czuje się "
	  "bezpiecznie; prosi o kontakt z konsulatem." },
	{ "Thi Lan", "Przykładowa", "1999-08-30", "+48555010007", "female",
	  "VN", "vi", "{\"call\":\"yes\",\"voicemail\":\"no\",\"text\":\"no\","
	  "\"hours\":\"[DEMO] po 18:00\",\"code_word\":\"Lotos\"}",
	  "provisional_identification", "sexual", "VN", true, false, true, 2,
	  "[DEMO] Fikcyjna notatka: potrzebny tłumacz języka wietnamskiego "
	  "na jutrzejsze spotkanie." },
	{ "Marek", "Przykładowy", "1981-11-02", "+48555010011", "male", "PL",
	  "pl", "{\"call\":\"yes\",\"voicemail\":\"yes\",\"text\":\"yes\"}",
	  "preliminary_verification", "forced_labour", "PL", false, false,
	  false, 0, "[DEMO] Fikcyjna notatka: praca na budowie w Niderlandach, "
	  "zabrany paszport." },
	{ "Ion", "Przykładowy", "2009-01-20", "+48555010015", "male", "MD",
	  "ro,ru", "{\"call\":\"no\",\"voicemail\":\"no\",\"text\":\"no\","
	  "\"notes\":\"[DEMO] Tylko przez opiekuna z ośrodka\"}",
	  "identified", "forced_begging", "MD", true, true, true, 4,
	  "[DEMO] Fikcyjna notatka: małoletni, kurator ustanowiony." },
	{ "Amina", "Przykładowa", "1990-06-05", "+48555010019", "female", "NG",
	  "en", "{\"call\":\"yes\",\"voicemail\":\"no\",\"text\":\"yes\","
	  "\"code_word\":\"Baobab\"}",
	  "not_identified", "domestic_servitude", "NG", false, false, false, 1,
	  "[DEMO] Fikcyjna notatka: brak wskaźników; przekazano do "
	  "poradnictwa migracyjnego." },
	{ "Kateryna", "Przykładowa", "1987-12-24", "+48555010023", "female",
	  "UA", "uk", "{\"call\":\"yes\",\"voicemail\":\"yes\",\"text\":\"yes\"}",
	  "closed", "forced_labour", "UA", false, false, true, 14,
	  "[DEMO] Fikcyjna notatka: pomoc zakończona, powrót do domu." },
	{ "Piotr", "Przykładowy", "1975-04-17", "+48555010027", "male", "PL",
	  "pl", NULL, "preliminary_verification", "forced_criminality", "PL",
	  true, false, false, 0, "[DEMO] Fikcyjna notatka: zmuszany do "
	  "wyłudzeń kredytów; rozmowa przerwana." },
	{ "Sunita", "Przykładowa", "1996-09-09", "+48555010031", "female",
	  "NP", "ne,en", "{\"call\":\"no\",\"voicemail\":\"no\",\"text\":\"yes\","
	  "\"hours\":\"[DEMO] w niedziele\",\"do_not_inform\":\"[DEMO] "
	  "Agencja pośrednictwa\"}",
	  "provisional_identification", "forced_labour,domestic_servitude",
	  "NP", false, false, true, 3, "[DEMO] Fikcyjna notatka: pracuje w "
	  "gospodarstwie, dokumenty u pośrednika." },
};

/* A fixed identity document for a demo person. */
static json_t *
demo_identity(const struct demo_person *p)
{
	return json_pack("{s:s, s:s, s:s, s:[s], s:[s], s:[{s:s, s:s}]}",
	    "first_name", p->first, "last_name", p->last, "date_of_birth",
	    p->dob, "phones", p->phone, "aliases", "[DEMO]", "documents",
	    "type", "passport", "number", "DEMO0000");
}

#define D(x)	(1u << (x))

/*
 * Identification as far as the case has come: a screening that found a
 * victim for an identified case, a possible one for a provisional
 * identification; and a risk assessment, high for the urgent cases.
 */
static int
demo_assess(struct db *db, const struct demo_ctx *d,
    const struct demo_person *p, int64_t cid)
{
	bool		 child = strcmp(p->first, "Ion") == 0;
	const char	*list = strstr(p->forms, "sexual") != NULL ?
			    (child ? "child_sexual" : "adult_sexual") :
			    (child ? "child_labour" : "adult_labour");
	json_t		*body;
	int		 rc = 0;

	if (strcmp(p->status, "identified") == 0 ||
	    strcmp(p->status, "closed") == 0)
		rc = screening_record(db, cid, list, D(DIM_DECEPTIVE) |
		    D(DIM_EXPLOITATION) | D(DIM_COERCION_DEST), 0,
		    d->consultant);
	else if (strcmp(p->status, "provisional_identification") == 0)
		rc = screening_record(db, cid, list, D(DIM_COERCIVE) |
		    D(DIM_EXPLOITATION), D(DIM_COERCION_DEST), d->consultant);
	if (rc == -1 || strcmp(p->status, "closed") == 0)
		return rc;
	body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i}",
	    "immediate_danger", "no", "family_danger", p->urgent ? "yes" :
	    "unknown", "perpetrators_contact", p->urgent ? "yes" : "no",
	    "captivity", "no", "medical_emergency", "no", "minor", child ?
	    "yes" : "no", "no_documents", p->legal ? "yes" : "no", "own_view",
	    p->urgent ? "[DEMO] Boi się, że sprawcy ją znajdą." : "[DEMO] Czuje "
	    "się bezpiecznie w schronisku.", "severity", p->urgent ? 3 : 2,
	    "likelihood", p->urgent ? 3 : 1);
	rc = risk_record(db, cid, body, d->consultant);
	json_decref(body);
	return rc;
}

static int
demo_one(struct db *db, const struct demo_ctx *d, const struct demo_person *p,
    size_t k)
{
	static const char *const path[] = { "preliminary_verification",
	    "provisional_identification", "identified", "closed" };
	const struct enum_value	*items = enum_defs[ENUM_PATHWAY_ITEM].values;
	struct person_attrs	 a;
	struct case_new		 c;
	struct cal_date		 dob;
	json_t			*identity, *safe = NULL, *body, *doc;
	char			 forms[64], *f, *save = NULL, due[11];
	const char		*prev;
	int64_t			 pid, cid, version = 1, task;
	int			 i, rc;

	memset(&a, 0, sizeof(a));
	snprintf(a.sex, sizeof(a.sex), "%s", p->sex);
	if (date_parse(p->dob, &dob) == -1)
		return -1;
	a.birth_year = dob.y;
	a.minor = cal_to_local(d->now).date.y - dob.y < 18;
	snprintf(a.citizenship, sizeof(a.citizenship), "%s", p->citizenship);
	snprintf(a.languages, sizeof(a.languages), "%s", p->languages);
	identity = demo_identity(p);
	if (p->safe != NULL)
		safe = json_loads(p->safe, 0, NULL);
	rc = person_insert(db, &a, identity, safe, d->consultant, &pid);
	json_decref(identity);
	json_decref(safe);
	if (rc == -1 || demo_link_calls(db, p->phone, pid) == -1)
		return -1;

	memset(&c, 0, sizeof(c));
	c.person_id = pid;
	c.by = d->consultant;
	c.key_id = k % 3 == 2 ? d->coordinator : d->consultant;
	c.year = cal_to_local(d->now).date.y;
	c.urgent = p->urgent;
	snprintf(c.origin, sizeof(c.origin), "%s", p->origin);
	snprintf(c.exploitation, sizeof(c.exploitation), "PL");
	snprintf(forms, sizeof(forms), "%s", p->forms);
	for (f = strtok_r(forms, ",", &save); f != NULL;
	    f = strtok_r(NULL, ",", &save))
		c.forms |= 1 << enum_index(ENUM_EXPLOITATION, f);
	if (case_insert(db, &c, &cid) == -1 ||
	    demo_backdate(db, cid, d->now - (int64_t)(k * 9 + 2) * 86400) == -1)
		return -1;

	/* Along the path to its status, one legal step at a time. */
	prev = path[0];
	for (i = 1; strcmp(prev, p->status) != 0 && i < 4; i++) {
		const char	*to = path[i];

		if (strcmp(p->status, "not_identified") == 0 && i == 2)
			to = "not_identified";
		if (strcmp(p->status, "closed") == 0 && i == 3 &&
		    strcmp(prev, "identified") != 0)
			return -1;
		if ((rc = case_status_set(db, cid, version++, to, prev,
		    strcmp(to, "closed") == 0 ? "assistance_completed" : NULL,
		    d->consultant)) != 1)
			return -1;
		prev = to;
	}
	for (i = 0; i < p->pathway_done && items[i].code != NULL; i++) {
		body = json_pack("{s:s, s:s}", "status", i % 5 == 4 ?
		    "not_applicable" : "done", "notes", "[DEMO] Fikcyjny wpis.");
		rc = pathway_put(db, cid, items[i].code, body, d->consultant);
		json_decref(body);
		if (rc == -1)
			return -1;
	}
	if (p->pathway_done < 14) {
		body = json_pack("{s:s}", "status", "in_progress");
		rc = pathway_put(db, cid, items[p->pathway_done].code, body,
		    d->consultant);
		json_decref(body);
		if (rc == -1)
			return -1;
	}
	if (p->legal) {
		/* The certificate issued 10 weeks ago: its end is near. */
		date_format(cal_to_local(d->now - 70 * 86400).date, due);
		doc = json_pack("{s:s, s:s}", "authority", "[DEMO] Placówka "
		    "Straży Granicznej", "issued_on", due);
		rc = legal_put(db, cid, "certificate", doc, c.key_id, a.minor,
		    d->consultant);
		json_decref(doc);
		if (rc == -1)
			return -1;
		date_format(cal_to_local(d->now + 20 * 86400).date, due);
		doc = json_pack("{s:s, s:s, s:[{s:s, s:s, s:b}]}", "authority",
		    "[DEMO] Prokuratura Rejonowa", "signature", "[DEMO] "
		    "PR 1 Ds. 0/26", "hearings", "date", due, "kind",
		    "testimony", "support_worker_present", 1);
		rc = legal_put(db, cid, "proceedings", doc, c.key_id, a.minor,
		    d->consultant);
		json_decref(doc);
		if (rc == -1)
			return -1;
	}
	if (case_event_add(db, cid, d->consultant, "note", 0, p->note) == -1)
		return -1;
	if (p->safe != NULL && k % 2 == 0) {
		date_format(cal_to_local(d->now - (int64_t)(k % 3) * 86400).date,
		    due);
		if (task_insert(db, cid, pid, 0, "callback", NULL, "[DEMO] "
		    "Oddzwonić i umówić spotkanie", due, d->consultant,
		    d->coordinator, &task) == -1)
			return -1;
	}
	if (demo_assess(db, d, p, cid) == -1)
		return -1;
	if (p->sealed && demo_seal(db, cid) == -1)
		return -1;
	return 0;
}

int
demo_cases(struct db *db, const struct demo_ctx *d)
{
	size_t	 i;

	for (i = 0; i < sizeof(demo_persons) / sizeof(demo_persons[0]); i++)
		if (demo_one(db, d, &demo_persons[i], i) == -1)
			return -1;
	return 0;
}
