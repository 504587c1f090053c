/*
 * Referrals from a case to an organisation of the directory: the list of
 * a case, sending one (refused, 422 "consent", when personal data would
 * travel without a valid consent for it), its status and outcome, which
 * consent a referral would rely on (for the form), a coordinator's
 * overview, and the counts for statistics.  Every creation and status
 * change goes on the case's time line (organisation and purpose, nothing
 * personal) and into the audit log.  Notes and outcome are sealed.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/valid.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "network/network.h"

#define REFERRAL_TEXT_MAX	2000
#define OVERVIEW_MAX		200

enum referral_stmt {
	R_LIST_CASE,
	R_GET,
	R_OVERVIEW,
	R_INSERT,
	R_SEAL_NOTES,
	R_SEAL_OUTCOME,
	R_STATUS,
	R_TOUCH,
	R_CONSENT_WITHDRAWN,
	R_TEXT,
	R_STATS,
	R__MAX
};

#define REFERRAL_COLS \
	"SELECT r.id, r.case_id, cf.year, cf.number, r.organisation_id, " \
	"o.name, o.kind, r.purpose, r.sent_on, r.sent_by, u.username, " \
	"r.carries_personal_data, r.data_shared, r.consent_id, cn.purpose, " \
	"cn.given_on, cn.expires_on, cn.withdrawn_on, " \
	"r.consent_withdrawn_at, r.status, r.status_at, r.status_by, " \
	"s.username, r.notes, r.outcome, r.version, r.created_at, " \
	"r.updated_at, cf.sealed, cf.key_consultant_id " \
	"FROM referral r JOIN case_file cf ON cf.id = r.case_id " \
	"JOIN organisation o ON o.id = r.organisation_id " \
	"JOIN app_user u ON u.id = r.sent_by " \
	"JOIN app_user s ON s.id = r.status_by " \
	"LEFT JOIN consent cn ON cn.id = r.consent_id "

static const char *const referral_sql[R__MAX] = {
	[R_LIST_CASE] = REFERRAL_COLS "WHERE r.case_id = ? "
	    "ORDER BY r.sent_on DESC, r.id DESC LIMIT 500",
	[R_GET] = REFERRAL_COLS "WHERE r.id = ?",
	[R_OVERVIEW] = REFERRAL_COLS "WHERE (? = '' OR r.status = ?) "
	    "AND (? = 0 OR r.organisation_id = ?) "
	    "AND (? = 0 OR r.consent_withdrawn_at IS NOT NULL) "
	    "ORDER BY r.sent_on DESC, r.id DESC LIMIT 200",
	[R_INSERT] = "INSERT INTO referral (case_id, organisation_id, purpose, "
	    "sent_on, sent_by, carries_personal_data, data_shared, consent_id, "
	    "status, status_at, status_by, version, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sent', ?, ?, 1, ?, ?) "
	    "RETURNING id",
	[R_SEAL_NOTES] = "UPDATE referral SET notes = ? WHERE id = ?",
	[R_SEAL_OUTCOME] = "UPDATE referral SET outcome = ? WHERE id = ?",
	[R_STATUS] = "UPDATE referral SET status = ?, status_at = ?, "
	    "status_by = ?, version = version + 1, updated_at = ? "
	    "WHERE id = ? AND version = ? RETURNING version",
	[R_TOUCH] = "UPDATE referral SET version = version + 1, "
	    "updated_at = ? WHERE id = ? AND version = ? RETURNING version",
	[R_CONSENT_WITHDRAWN] = "SELECT count(*) FROM consent "
	    "WHERE id = ? AND withdrawn_on IS NOT NULL",
	[R_TEXT] = "SELECT r.purpose, o.name FROM referral r "
	    "JOIN organisation o ON o.id = r.organisation_id WHERE r.id = ?",
	[R_STATS] = "SELECT r.purpose, r.status, o.kind, "
	    "r.carries_personal_data, CASE WHEN r.consent_withdrawn_at IS NULL "
	    "THEN 0 ELSE 1 END, count(*) FROM referral r "
	    "JOIN organisation o ON o.id = r.organisation_id "
	    "WHERE r.sent_on >= ? AND r.sent_on <= ? "
	    "GROUP BY r.purpose, r.status, o.kind, r.carries_personal_data, "
	    "CASE WHEN r.consent_withdrawn_at IS NULL THEN 0 ELSE 1 END",
};

static struct jv_field		create_fields[8];
static struct jv_field		data_item;
static struct jv_field		patch_fields[4];
static pthread_once_t		fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	const struct jv_field	 item = { "", JV_STRING, false, false, 1, 32,
				    0, 0, enum_codes(ENUM_DATA_CATEGORY), NULL,
				    NULL };
	const struct jv_field	 c[] = {
		{ "organisation_id", JV_INT, true, false, 0, 0, 1, INT64_MAX,
		  NULL, NULL, NULL },
		{ "purpose", JV_STRING, true, false, 1, 32, 0, 0,
		  enum_codes(ENUM_REFERRAL_PURPOSE), NULL, NULL },
		{ "sent_on", JV_STRING, false, true, 10, 10, 0, 0, NULL, NULL,
		  NULL },
		{ "carries_personal_data", JV_BOOL, true, false, 0, 0, 0, 0,
		  NULL, NULL, NULL },
		{ "data_shared", JV_ARRAY, false, false, 0, 6, 0, 0, NULL,
		  &data_item, NULL },
		{ "consent_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL,
		  NULL, NULL },
		{ "notes", JV_TEXT, false, true, 0, REFERRAL_TEXT_MAX, 0, 0,
		  NULL, NULL, NULL },
		{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
	};
	const struct jv_field	 p[] = {
		{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL,
		  NULL, NULL },
		{ "status", JV_STRING, false, false, 1, 16, 0, 0,
		  enum_codes(ENUM_REFERRAL_STATUS), NULL, NULL },
		{ "outcome", JV_TEXT, false, true, 0, REFERRAL_TEXT_MAX, 0, 0,
		  NULL, NULL, NULL },
		{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
	};

	data_item = item;
	memcpy(create_fields, c, sizeof(c));
	memcpy(patch_fields, p, sizeof(p));
}

/* ---- Reading. */

/*
 * The referral of the current row (REFERRAL_COLS); with full, its sealed
 * notes and outcome too.  -1 when a sealed value does not open.
 */
static int
referral_json(struct db *db, struct db_stmt *st, bool full, json_t **out)
{
	int64_t	 id = db_col_i64(st, 0);
	char	 ref[REFERENCE_MAX], *notes = NULL, *outcome = NULL;
	json_t	*o, *consent;

	*out = NULL;
	if (full && (sealed_get(db, st, 23, "referral", "notes", id,
	    &notes) == -1 || sealed_get(db, st, 24, "referral", "outcome", id,
	    &outcome) == -1)) {
		wipe_free(notes);
		return -1;
	}
	case_reference(db_col_i64(st, 2), db_col_i64(st, 3), ref);
	consent = db_col_null(st, 13) ? json_null() : json_pack("{s:I, s:s, "
	    "s:s, s:o, s:o}", "id", (json_int_t)db_col_i64(st, 13), "purpose",
	    db_col_text(st, 14), "given_on", db_col_text(st, 15),
	    "expires_on", str_or_null(db_col_text(st, 16)), "withdrawn_on",
	    str_or_null(db_col_text(st, 17)));
	o = json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s, s:s}, s:s, s:s, "
	    "s:o, s:b, s:o, s:o, s:o, s:s, s:o, s:o, s:I, s:o, s:o}",
	    "id", (json_int_t)id, "case", "id", (json_int_t)db_col_i64(st, 1),
	    "reference", ref, "organisation", "id",
	    (json_int_t)db_col_i64(st, 4), "name", db_col_text(st, 5), "kind",
	    db_col_text(st, 6), "purpose", db_col_text(st, 7), "sent_on",
	    db_col_text(st, 8), "sent_by", user_json(db_col_i64(st, 9),
	    db_col_text(st, 10)), "carries_personal_data",
	    db_col_i64(st, 11) != 0, "data_shared",
	    csv_json(db_col_text(st, 12)), "consent", consent,
	    "consent_withdrawn_at", db_col_null(st, 18) ? json_null() :
	    hotline_time_json(db_col_i64(st, 18)), "status",
	    db_col_text(st, 19), "status_at",
	    hotline_time_json(db_col_i64(st, 20)), "status_by",
	    user_json(db_col_i64(st, 21), db_col_text(st, 22)), "version",
	    (json_int_t)db_col_i64(st, 25), "created_at",
	    hotline_time_json(db_col_i64(st, 26)), "updated_at",
	    hotline_time_json(db_col_i64(st, 27)));
	if (o != NULL && full) {
		json_object_set_new(o, "notes", str_or_null(notes));
		json_object_set_new(o, "outcome", str_or_null(outcome));
	}
	wipe_free(notes);
	wipe_free(outcome);
	if (o == NULL)
		return -1;
	*out = o;
	return 0;
}

/* Referral id in full: 1 found (*case_id its case), 0 not, -1 error. */
static int
referral_load(struct db *db, int64_t id, json_t **out, int64_t *case_id)
{
	struct db_stmt	*st;
	int		 rc;

	*out = NULL;
	if ((st = db_prepare(db, referral_sql[R_GET])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	if (case_id != NULL)
		*case_id = db_col_i64(st, 1);
	rc = referral_json(db, st, true, out);
	db_reset(st);
	return rc == 0 ? 1 : -1;
}

static int
api_case_referrals(struct req *r)
{
	struct case_head	 h;
	struct db_stmt		*st;
	struct db		*db;
	enum db_step_rc		 rc;
	json_t			*list, *o;
	int64_t			 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    case_open(r, db, id, &h) == -1)
		return -1;
	if ((st = db_prepare(db, referral_sql[R_LIST_CASE])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (referral_json(db, st, true, &o) == -1) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(list, o);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "case.read", "case", id, "ok", "referrals");
	return req_json(r, 200, json_pack("{s:o}", "referrals", list));
}

/* ---- Which consent a referral relies on. */

struct cover {
	enum consent_need	 need;
	struct consent_facts	 consent;	/* id 0: none found */
};

/*
 * Find the consent a referral of case h to org_id (of kind) on date would
 * rely on; asked (0: any) is the one the client named.  0 with *c filled,
 * -1 on a database error.
 */
static int
cover_find(struct db *db, const struct case_head *h, int64_t org_id,
    const char *kind, bool personal, const char *date, int64_t asked,
    struct cover *c)
{
	struct consent_facts	*list = NULL;
	size_t			 n = 0, i;
	int			 k;

	memset(c, 0, sizeof(*c));
	c->need = referral_consent_need(personal, kind);
	if (c->need == NEED_NONE)
		return 0;
	if (consent_facts_load(db, h->person_id, &list, &n) == -1)
		return -1;
	if (asked != 0) {
		for (i = 0; i < n; i++)
			if (list[i].id == asked && consent_covers(&list[i],
			    org_id, kind, date))
				c->consent = list[i];
	} else if ((k = consent_pick(list, n, org_id, kind, date)) >= 0)
		c->consent = list[k];
	free(list);
	return 0;
}

static const char *
cover_refusal(const struct cover *c, bool named)
{
	if (named)
		return "The consent named does not cover this referral: it is "
		    "another person's, for another purpose or organisation, "
		    "expired, withdrawn or not yet given on that day.";
	return c->need == NEED_LAW_ENFORCEMENT ? "Personal data may go to "
	    "law enforcement only with the person's valid consent to share "
	    "with law enforcement (or to refer to this organisation): record "
	    "it first, or send the referral without personal data." :
	    "Personal data may go to this organisation only with the "
	    "person's valid consent to a referral naming it: record it first, "
	    "or send the referral without personal data.";
}

/* Read an organisation for a referral: -1 answered when unusable. */
static int
referral_org(struct req *r, struct db *db, int64_t org_id,
    char kind[ORG_KIND_MAX])
{
	bool	 active;
	int	 rc;

	if ((rc = organisation_kind(db, org_id, kind, &active)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_EINVALID, "organisation_id", "No such "
		    "organisation in the directory.");
	if (!active)
		return req_error(r, API_EINVALID, "organisation_id", "This "
		    "organisation is no longer active in the directory.");
	return 0;
}

static json_t *
cover_json(struct db *db, const struct cover *c)
{
	char	 name[256] = "";

	if (c->consent.id == 0)
		return json_null();
	if (c->consent.organisation_id != 0 && organisation_name(db,
	    c->consent.organisation_id, name, sizeof(name)) == -1)
		return NULL;
	return json_pack("{s:I, s:s, s:o, s:s, s:o}", "id",
	    (json_int_t)c->consent.id, "purpose", c->consent.purpose,
	    "organisation", c->consent.organisation_id == 0 ? json_null() :
	    json_pack("{s:I, s:s}", "id",
	    (json_int_t)c->consent.organisation_id, "name", name), "given_on",
	    c->consent.given_on, "expires_on",
	    str_or_null(c->consent.expires_on));
}

/* Is s a real date "YYYY-MM-DD" not after today? */
static bool
past_date_ok(const char *s, const char *today)
{
	struct cal_date	 d;

	return s != NULL && date_parse(s, &d) == 0 && strcmp(s, today) <= 0;
}

static int
api_referral_consent(struct req *r)
{
	struct case_head	 h;
	struct cover		 c;
	struct db		*db;
	const char		*s, *date;
	char			 kind[ORG_KIND_MAX], today[DATE_LEN];
	int64_t			 id, org_id = 0;
	bool			 personal = true;
	json_t			*cj;

	if (!path_int(r, "id", &id))
		return -1;
	today_iso(today);
	if ((s = req_query(r, "organisation_id")) == NULL || !valid_i64(s,
	    strlen(s), 1, INT64_MAX, &org_id))
		return req_error(r, API_EINVALID, "organisation_id", "Name the "
		    "organisation (its id).");
	if ((s = req_query(r, "carries_personal_data")) != NULL) {
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			return req_error(r, API_EINVALID,
			    "carries_personal_data", "true or false.");
		personal = strcmp(s, "true") == 0;
	}
	date = (s = req_query(r, "sent_on")) != NULL ? s : today;
	if (!past_date_ok(date, today))
		return req_error(r, API_EINVALID, "sent_on", "sent_on is a "
		    "date, YYYY-MM-DD, not in the future.");
	if ((db = req_db(r)) == NULL || case_open(r, db, id, &h) == -1 ||
	    referral_org(r, db, org_id, kind) == -1)
		return -1;
	if (cover_find(db, &h, org_id, kind, personal, date, 0, &c) == -1 ||
	    (cj = cover_json(db, &c)) == NULL)
		return req_dberror(r, db_err(db));
	auth_audit(r, "case.read", "case", id, "ok", "referral-consent");
	return req_json(r, 200, json_pack("{s:s, s:b, s:o}", "needs",
	    consent_need_code(c.need), "covered", c.need == NEED_NONE ||
	    c.consent.id != 0, "consent", cj));
}

/* ---- Sending. */

struct referral_job {
	const json_t	*body;
	int64_t		 case_id, org_id, consent_id, by, id, version;
	char		 sent_on[DATE_LEN];
	char		 data[128];
	bool		 personal;
	/* a change */
	const char	*status, *from;
	bool		 outcome_given;
	int		 rc;
};

int
referral_insert(struct db *db, const struct referral_new *n, int64_t *id)
{
	struct db_stmt	*st;
	char		 org[256], text[512];
	int64_t		 now = clock_now();

	if (organisation_name(db, n->organisation_id, org, sizeof(org)) != 1)
		return -1;
	if ((st = db_prepare(db, referral_sql[R_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, n->case_id);
	db_bind_i64(st, 2, n->organisation_id);
	db_bind_str(st, 3, n->purpose);
	db_bind_str(st, 4, n->sent_on);
	db_bind_i64(st, 5, n->by);
	db_bind_i64(st, 6, n->personal ? 1 : 0);
	db_bind_str(st, 7, n->data_shared);
	if (n->consent_id != 0)
		db_bind_i64(st, 8, n->consent_id);
	else
		db_bind_null(st, 8);
	db_bind_i64(st, 9, now);
	db_bind_i64(st, 10, n->by);
	db_bind_i64(st, 11, now);
	db_bind_i64(st, 12, now);
	if (db_one_i64(st, id) != 1)
		return -1;
	if (n->notes != NULL && *n->notes != '\0' && sealed_put(db,
	    referral_sql[R_SEAL_NOTES], "referral", "notes", *id, n->notes) ==
	    -1)
		return -1;
	snprintf(text, sizeof(text), "referral %s to %s: sent", n->purpose,
	    org);
	if (case_event_add(db, n->case_id, n->by, "referral", 0, text) == -1)
		return -1;
	return case_touch(db, n->case_id);
}

static int
referral_create_write(struct db *db, void *arg, struct err *e)
{
	struct referral_job	*j = arg;
	struct audit_entry	 au = { j->by, "referral.create", "referral",
				    0, "ok", NULL };
	struct referral_new	 n;
	struct db_stmt		*st;
	int64_t			 gone = 0;

	(void)e;
	j->rc = 1;
	if (j->consent_id != 0) {
		/* withdrawn since it was checked?  then nothing is sent */
		if ((st = db_prepare(db, referral_sql[R_CONSENT_WITHDRAWN])) ==
		    NULL)
			return -1;
		db_bind_i64(st, 1, j->consent_id);
		if (db_one_i64(st, &gone) == -1)
			return -1;
		if (gone != 0) {
			j->rc = 0;
			return 0;
		}
	}
	memset(&n, 0, sizeof(n));
	n.case_id = j->case_id;
	n.organisation_id = j->org_id;
	n.by = j->by;
	n.consent_id = j->consent_id;
	n.purpose = jv_str(j->body, "purpose");
	n.sent_on = j->sent_on;
	n.data_shared = j->data;
	n.notes = jv_str(j->body, "notes");
	n.personal = j->personal;
	if (referral_insert(db, &n, &j->id) == -1)
		return -1;
	au.object_id = j->id;
	au.detail = n.purpose;
	return audit_append(db, &au);
}

/* The data categories of the body as "identity,health"; -1 answered. */
static int
data_shared_csv(struct req *r, struct referral_job *j)
{
	json_t		*a = json_object_get(r->json, "data_shared"), *v, *w;
	size_t		 i, k, at = 0;

	j->data[0] = '\0';
	json_array_foreach(a, i, v) {
		for (k = 0; k < i; k++) {
			w = json_array_get(a, k);
			if (strcmp(json_string_value(v),
			    json_string_value(w)) == 0)
				return req_error(r, API_EINVALID,
				    "data_shared", "A category is listed "
				    "twice.");
		}
		at += (size_t)snprintf(j->data + at, sizeof(j->data) - at,
		    "%s%s", at ? "," : "", json_string_value(v));
	}
	if (j->personal && at == 0)
		return req_error(r, API_EINVALID, "data_shared", "Say which "
		    "personal data are shared.");
	if (!j->personal && at != 0)
		return req_error(r, API_EINVALID, "data_shared", "A referral "
		    "without personal data shares none.");
	return 0;
}

static int
api_referral_create(struct req *r)
{
	struct referral_job	 j;
	struct case_head	 h;
	struct cover		 c;
	struct err		 e;
	struct db		*db;
	const char		*s;
	char			 kind[ORG_KIND_MAX], today[DATE_LEN];
	json_t			*o;
	int			 rc;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.case_id) || req_check(r, create_fields) == -1)
		return -1;
	today_iso(today);
	s = jv_str(r->json, "sent_on");
	if (s != NULL && !past_date_ok(s, today))
		return req_error(r, API_EINVALID, "sent_on", "sent_on is a "
		    "date, YYYY-MM-DD, not in the future.");
	snprintf(j.sent_on, sizeof(j.sent_on), "%s", s != NULL ? s : today);
	j.personal = jv_bool(r->json, "carries_personal_data", false);
	j.org_id = jv_int(r->json, "organisation_id", 0);
	if (data_shared_csv(r, &j) == -1 || (db = req_db(r)) == NULL ||
	    case_open(r, db, j.case_id, &h) == -1 ||
	    referral_org(r, db, j.org_id, kind) == -1)
		return -1;
	j.consent_id = jv_int(r->json, "consent_id", 0);
	if (!j.personal && j.consent_id != 0)
		return req_error(r, API_EINVALID, "consent_id", "A referral "
		    "without personal data relies on no consent.");
	if (cover_find(db, &h, j.org_id, kind, j.personal, j.sent_on,
	    j.consent_id, &c) == -1)
		return req_dberror(r, db_err(db));
	if (c.need != NEED_NONE && c.consent.id == 0) {
		auth_audit(r, "referral.create", "case", j.case_id, "denied",
		    "no consent");
		return req_error(r, API_EINVALID, "consent",
		    cover_refusal(&c, j.consent_id != 0));
	}
	j.consent_id = c.consent.id;
	j.body = r->json;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), referral_create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.rc == 0)
		return req_error(r, API_EINVALID, "consent", "The consent was "
		    "withdrawn meanwhile: nothing was sent.");
	if ((rc = referral_load(db, j.id, &o, NULL)) != 1)
		return req_dberror(r, db_err(db));
	return req_json(r, 201, json_pack("{s:o}", "referral", o));
}

/* ---- Status and outcome. */

int
referral_set(struct db *db, int64_t id, int64_t case_id, int64_t version,
    const char *to, bool set_outcome, const char *outcome, int64_t by)
{
	struct db_stmt	*st;
	char		 text[512];
	int64_t		 now = clock_now(), v;
	int		 rc;

	text[0] = '\0';
	if (to != NULL) {
		if ((st = db_prepare(db, referral_sql[R_TEXT])) == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		if ((rc = db_row(st)) != 1)
			return rc;
		snprintf(text, sizeof(text), "referral %s to %s: %s",
		    db_col_text(st, 0), db_col_text(st, 1), to);
		db_reset(st);
		if ((st = db_prepare(db, referral_sql[R_STATUS])) == NULL)
			return -1;
		db_bind_str(st, 1, to);
		db_bind_i64(st, 2, now);
		db_bind_i64(st, 3, by);
		db_bind_i64(st, 4, now);
		db_bind_i64(st, 5, id);
		db_bind_i64(st, 6, version);
	} else {
		if ((st = db_prepare(db, referral_sql[R_TOUCH])) == NULL)
			return -1;
		db_bind_i64(st, 1, now);
		db_bind_i64(st, 2, id);
		db_bind_i64(st, 3, version);
	}
	if ((rc = db_one_i64(st, &v)) != 1)
		return rc;
	if (set_outcome && sealed_put(db, referral_sql[R_SEAL_OUTCOME],
	    "referral", "outcome", id, outcome != NULL && *outcome != '\0' ?
	    outcome : NULL) == -1)
		return -1;
	if (to != NULL && case_event_add(db, case_id, by, "referral", 0,
	    text) == -1)
		return -1;
	return case_touch(db, case_id) == -1 ? -1 : 1;
}

static int
referral_update_write(struct db *db, void *arg, struct err *e)
{
	struct referral_job	*j = arg;
	struct audit_entry	 au = { j->by, "referral.update", "referral",
				    j->id, "ok", NULL };
	char			 detail[48];

	(void)e;
	if ((j->rc = referral_set(db, j->id, j->case_id, j->version, j->status,
	    j->outcome_given, jv_str(j->body, "outcome"),
	    j->by)) != 1)
		return j->rc == 0 ? 0 : -1;
	if (j->status != NULL) {
		au.action = "referral.status";
		snprintf(detail, sizeof(detail), "%s>%s", j->from, j->status);
		au.detail = detail;
	}
	return audit_append(db, &au);
}

static int
api_referral_update(struct req *r)
{
	struct referral_job	 j;
	struct case_head	 h;
	struct err		 e;
	struct db		*db;
	json_t			*old = NULL, *o;
	char			 from[16];
	int			 rc, to, at;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((rc = referral_load(db, j.id, &old, &j.case_id)) != 1)
		return req_not_loaded(r, db, rc, NULL);
	rc = -1;
	if (case_open(r, db, j.case_id, &h) == -1)
		goto out;
	j.version = jv_int(r->json, "version", 0);
	if (jv_int(old, "version", 0) != j.version) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "referral meanwhile: reload.");
		goto out;
	}
	snprintf(from, sizeof(from), "%s", jv_str(old, "status"));
	j.status = jv_str(r->json, "status");
	if (j.status != NULL) {
		at = referral_status_parse(from);
		to = referral_status_parse(j.status);
		if (at < 0 || to < 0 || !referral_move_ok(
		    (enum referral_status)at, (enum referral_status)to)) {
			char	 msg[160];

			snprintf(msg, sizeof(msg), "A referral cannot go from "
			    "%s to %s.", from, j.status);
			req_error(r, API_EINVALID, "status", msg);
			goto out;
		}
		j.from = from;
	}
	j.outcome_given = json_object_get(r->json, "outcome") != NULL;
	j.body = r->json;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), referral_update_write, &j, &e) == -1) {
		req_dberror(r, &e);
		goto out;
	}
	if (j.rc == 0) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "referral meanwhile: reload.");
		goto out;
	}
	if (referral_load(db, j.id, &o, NULL) != 1) {
		req_dberror(r, db_err(db));
		goto out;
	}
	rc = req_json(r, 200, json_pack("{s:o}", "referral", o));
out:
	json_decref(old);
	return rc;
}

/* ---- The overview: referrals of every case the caller may open. */

struct overview_row {
	json_t	*o;
	int64_t	 case_id, key_id;
	bool	 sealed;
};

static int
api_referrals(struct req *r)
{
	struct overview_row	*rows = NULL;
	struct db_stmt		*st;
	struct db		*db;
	enum db_step_rc		 rc = DB_DONE;
	const char		*s, *status = "";
	json_t			*list, *o;
	int64_t			 org_id = 0;
	bool			 flagged = false, named;
	size_t			 n = 0, i;

	if ((s = req_query(r, "status")) != NULL && *s != '\0') {
		if (referral_status_parse(s) < 0)
			return req_error(r, API_EINVALID, "status", "Unknown "
			    "status.");
		status = s;
	}
	if ((s = req_query(r, "organisation_id")) != NULL && !valid_i64(s,
	    strlen(s), 1, INT64_MAX, &org_id))
		return req_error(r, API_EINVALID, "organisation_id", "An "
		    "organisation's id.");
	if ((s = req_query(r, "flagged")) != NULL) {
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			return req_error(r, API_EINVALID, "flagged", "true or "
			    "false.");
		flagged = strcmp(s, "true") == 0;
	}
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, referral_sql[R_OVERVIEW])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_str(st, 1, status);
	db_bind_str(st, 2, status);
	db_bind_i64(st, 3, org_id);
	db_bind_i64(st, 4, org_id);
	db_bind_i64(st, 5, flagged ? 1 : 0);
	rows = xcalloc(OVERVIEW_MAX, sizeof(*rows));
	while (n < OVERVIEW_MAX && (rc = db_step(st)) == DB_ROW) {
		if (referral_json(db, st, false, &o) == -1) {
			rc = DB_ERROR;
			break;
		}
		rows[n].o = o;
		rows[n].case_id = db_col_i64(st, 1);
		rows[n].sealed = db_col_i64(st, 28) != 0;
		rows[n].key_id = db_col_i64(st, 29);
		n++;
	}
	db_reset(st);
	list = json_array();
	for (i = 0; i < n; i++) {
		named = true;
		if (rc != DB_ERROR && rows[i].sealed && case_named(db,
		    rows[i].case_id, rows[i].key_id, r->user_id, &named) == -1)
			rc = DB_ERROR;
		if (rc != DB_ERROR && named)
			json_array_append(list, rows[i].o);
		json_decref(rows[i].o);
	}
	free(rows);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "referrals", list));
}

/* ---- Statistics. */

static void
count_add(json_t *o, const char *key, json_int_t n)
{
	json_t	*v = json_object_get(o, key);

	json_object_set_new(o, key, json_integer((v != NULL ?
	    json_integer_value(v) : 0) + n));
}

int
referral_stats(struct db *db, const char *from, const char *to,
    json_t **out)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	json_t		*o, *purpose, *status, *kind;
	json_int_t	 n, total = 0, personal = 0, withdrawn = 0;

	*out = NULL;
	if ((st = db_prepare(db, referral_sql[R_STATS])) == NULL)
		return -1;
	db_bind_str(st, 1, from);
	db_bind_str(st, 2, to);
	purpose = json_object();
	status = json_object();
	kind = json_object();
	while ((rc = db_step(st)) == DB_ROW) {
		n = (json_int_t)db_col_i64(st, 5);
		count_add(purpose, db_col_text(st, 0), n);
		count_add(status, db_col_text(st, 1), n);
		count_add(kind, db_col_text(st, 2), n);
		total += n;
		if (db_col_i64(st, 3) != 0)
			personal += n;
		if (db_col_i64(st, 4) != 0)
			withdrawn += n;
	}
	db_reset(st);
	o = json_pack("{s:I, s:o, s:o, s:o, s:I, s:I}", "total", total,
	    "by_purpose", purpose, "by_status", status,
	    "by_organisation_kind", kind, "with_personal_data", personal,
	    "consent_withdrawn", withdrawn);
	if (rc == DB_ERROR) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return o != NULL ? 0 : -1;
}

const struct route referral_routes[] = {
	{ HTTP_GET, "/api/v1/cases/{id:int}/referrals", "referral.list",
	  api_case_referrals, PERM_CASES, 0 },
	{ HTTP_POST, "/api/v1/cases/{id:int}/referrals", "referral.create",
	  api_referral_create, PERM_CASES, 16 * 1024 },
	{ HTTP_GET, "/api/v1/cases/{id:int}/referral-consent",
	  "referral.consent", api_referral_consent, PERM_CASES, 0 },
	{ HTTP_PATCH, "/api/v1/referrals/{id:int}", "referral.update",
	  api_referral_update, PERM_CASES, 8 * 1024 },
	{ HTTP_GET, "/api/v1/referrals", "referral.overview", api_referrals,
	  PERM_CASES, 0 },
};
const size_t referral_nroutes = sizeof(referral_routes) /
    sizeof(referral_routes[0]);
