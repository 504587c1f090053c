/*
 * Demo data of preventive counselling and consultancy for institutions:
 * a few consultations about going abroad (several destinations, one of
 * high risk, one tied to a demo hotline contact) and consultations and
 * trainings given to institutions (one naming a demo case by its
 * reference).  All fictional, marked "Przykładowy/-a/-e".
 */
#include <stdio.h>
#include <string.h>

#include "app/demo.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/calendar.h"
#include "network/consultancy.h"
#include "network/prevention.h"

static const char *const demo_sql[] = {
	"SELECT id FROM contact WHERE inquirer = 'going_abroad' "
	    "ORDER BY started_at DESC, id DESC LIMIT 1",
	"SELECT year, number FROM case_file WHERE sealed = 0 "
	    "ORDER BY id LIMIT 1",
	"SELECT id FROM organisation WHERE active = 1 ORDER BY id LIMIT 1",
	"SELECT kind FROM organisation WHERE id = ?",
};

struct demo_prev {
	int		 days_ago;
	bool		 coordinator, contact;
	const char	*json, *notes;
};

static const struct demo_prev prevs[] = {
	{ 52, false, false,
	  "{\"lang\":\"pl\",\"destination\":\"DE\",\"purpose\":\"work\","
	  "\"sector\":\"agriculture\",\"offer_source\":\"agency\","
	  "\"agency_name\":\"Przykładowa Agencja Pracy Sezonowej\","
	  "\"agency_in_kraz\":\"yes\",\"kraz_number\":\"12345\","
	  "\"fee_asked\":\"yes\",\"fee_purpose\":\"travel\","
	  "\"contract_written\":\"yes\","
	  "\"contract_language_understood\":\"yes\","
	  "\"documents_kept_by\":\"self\",\"accommodation\":\"employer\","
	  "\"paid_before_departure\":\"no\","
	  "\"emergency_contacts_known\":\"yes\"}", NULL },
	{ 30, true, false,
	  "{\"lang\":\"pl\",\"destination\":\"NL\",\"purpose\":\"work\","
	  "\"sector\":\"logistics\",\"offer_source\":\"internet_ad\","
	  "\"agency_name\":\"Przykładowe Biuro Rekrutacji\","
	  "\"agency_in_kraz\":\"unknown\",\"fee_asked\":\"unknown\","
	  "\"contract_written\":\"unknown\","
	  "\"documents_kept_by\":\"self\",\"accommodation\":\"agency\","
	  "\"paid_before_departure\":\"unknown\","
	  "\"emergency_contacts_known\":\"yes\"}", NULL },
	{ 9, false, true,
	  "{\"lang\":\"uk\",\"destination\":\"GB\",\"purpose\":\"work\","
	  "\"sector\":\"care\",\"offer_source\":\"social_media\","
	  "\"agency_in_kraz\":\"not_applicable\",\"fee_asked\":\"yes\","
	  "\"fee_purpose\":\"placement\",\"contract_written\":\"no\","
	  "\"documents_kept_by\":\"employer\",\"accommodation\":\"employer\","
	  "\"paid_before_departure\":\"yes\","
	  "\"emergency_contacts_known\":\"no\","
	  "\"signals\":[\"travel_debt\",\"pressure_to_decide\"]}",
	  "Przykładowa notatka: oferta z grupy w mediach społecznościowych, "
	  "rozmówczyni zastanowi się jeszcze nad wyjazdem." },
	{ 4, true, false,
	  "{\"lang\":\"en\",\"destination\":\"NO\",\"purpose\":\"au_pair\","
	  "\"sector\":\"domestic_work\",\"offer_source\":\"friend_family\","
	  "\"agency_in_kraz\":\"not_applicable\",\"fee_asked\":\"no\","
	  "\"contract_written\":\"yes\","
	  "\"contract_language_understood\":\"yes\","
	  "\"documents_kept_by\":\"self\",\"accommodation\":\"employer\","
	  "\"paid_before_departure\":\"no\","
	  "\"emergency_contacts_known\":\"no\"}", NULL },
	{ 2, false, false,
	  "{\"lang\":\"en\",\"destination\":\"US\",\"purpose\":\"study\","
	  "\"offer_source\":\"other\",\"agency_in_kraz\":\"not_applicable\","
	  "\"fee_asked\":\"no\",\"contract_written\":\"yes\","
	  "\"contract_language_understood\":\"yes\","
	  "\"documents_kept_by\":\"self\",\"accommodation\":\"own\","
	  "\"emergency_contacts_known\":\"yes\"}", NULL },
};

static int
one_i64(struct db *db, const char *sql, int64_t *out)
{
	struct db_stmt	*st;

	*out = 0;
	if ((st = db_prepare(db, sql)) == NULL)
		return -1;
	return db_one_i64(st, out) == -1 ? -1 : 0;
}

static void
days_ago(const struct demo_ctx *d, int n, char out[11])
{
	struct cal_date	 day = cal_date_of((d->now + 3600) / 86400 - n);

	date_format(day, out);
}

static int
demo_consultancy(struct db *db, const struct demo_ctx *d, const char *ref)
{
	struct consultancy_new	 c;
	struct db_stmt		*st;
	char			 day[11];
	int64_t			 id, org = 0;
	int			 rc;

	memset(&c, 0, sizeof(c));
	days_ago(d, 40, day);
	c.name = "Przykładowa Placówka Straży Granicznej";
	c.inst_kind = "border_guard";
	c.kind = "training";
	c.topic = "labour_exploitation";
	c.format = "online";
	c.held_on = day;
	c.duration = 90;
	c.participants = 35;
	c.held_by = d->coordinator;
	if (consultancy_insert(db, &c, NULL, d->coordinator, &id) == -1)
		return -1;

	days_ago(d, 20, day);
	c.name = "Przykładowa Komenda Powiatowa Policji";
	c.inst_kind = "police";
	c.topic = "identification";
	c.format = "training_session";
	c.duration = 180;
	c.participants = 18;
	if (consultancy_insert(db, &c, NULL, d->coordinator, &id) == -1)
		return -1;

	days_ago(d, 5, day);
	c.name = "Przykładowy Ośrodek Pomocy Społecznej";
	c.inst_kind = "social_welfare";
	c.kind = "consultation";
	c.topic = "referral_procedure";
	c.format = "phone";
	c.duration = 30;
	c.participants = 2;
	c.held_by = d->consultant;
	if (ref != NULL)
		snprintf(c.refs, sizeof(c.refs), "%s", ref);
	if (consultancy_insert(db, &c, "Przykładowa notatka: omówiono "
	    "kierowanie do schronienia i potrzebne dokumenty.",
	    d->consultant, &id) == -1)
		return -1;

	/* One from the directory, when it has an organisation. */
	if (one_i64(db, demo_sql[2], &org) == -1)
		return -1;
	if (org == 0)
		return 0;
	memset(&c, 0, sizeof(c));
	if ((st = db_prepare(db, demo_sql[3])) == NULL)
		return -1;
	db_bind_i64(st, 1, org);
	if ((rc = db_row(st)) != 1)
		return rc;
	snprintf(c.org_kind, sizeof(c.org_kind), "%s", db_col_text(st, 0));
	db_reset(st);
	days_ago(d, 1, day);
	c.org_id = org;
	c.inst_kind = c.org_kind;
	c.kind = "consultation";
	c.topic = "safe_migration";
	c.format = "email";
	c.held_on = day;
	c.participants = 1;
	c.held_by = d->consultant;
	return consultancy_insert(db, &c, NULL, d->consultant, &id);
}

int
prevention_demo(struct db *db, const struct demo_ctx *d)
{
	json_t		*doc;
	json_error_t	 jerr;
	struct db_stmt	*st;
	char		 ref[REFERENCE_MAX] = "";
	int64_t		 contact, id;
	size_t		 i;
	int		 rc;

	if (one_i64(db, demo_sql[0], &contact) == -1)
		return -1;
	for (i = 0; i < sizeof(prevs) / sizeof(prevs[0]); i++) {
		if ((doc = json_loads(prevs[i].json, 0, &jerr)) == NULL) {
			db_fail(db, ERR_INVALID, "demo prevention %zu: %s", i,
			    jerr.text);
			return -1;
		}
		if (prevs[i].contact && contact > 0)
			json_object_set_new(doc, "contact_id",
			    json_integer(contact));
		rc = prevention_insert(db, doc, d->now - prevs[i].days_ago *
		    86400 - 3600, prevs[i].notes, prevs[i].coordinator ?
		    d->coordinator : d->consultant, &id);
		json_decref(doc);
		if (rc == -1)
			return -1;
	}
	if ((st = db_prepare(db, demo_sql[1])) == NULL)
		return -1;
	if ((rc = db_row(st)) == -1)
		return -1;
	if (rc == 1) {
		case_reference(db_col_i64(st, 0), db_col_i64(st, 1), ref);
		db_reset(st);
	}
	return demo_consultancy(db, d, rc == 1 ? ref : NULL);
}
