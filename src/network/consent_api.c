/*
 * The consent ledger of a person: the list (with each consent's state
 * today), recording a consent, withdrawing one.  A withdrawal, in one
 * transaction, flags every referral that relied on the consent, writes a
 * time line entry on each case concerned and gives its key consultant a
 * task to tell the organisation.  Notes are sealed; every read and change
 * is audited.
 *
 * Who may: consultants and coordinators, for a person they can reach — one
 * with no case, or with at least one case they may open.  A person whose
 * every case is sealed against them answers 403, audited, as the cases do.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "network/network.h"

#define CONSENT_NOTE_MAX	2000

enum consent_stmt {
	C_PERSON,
	C_PERSON_CASES,
	C_LIST,
	C_GET,
	C_FACTS,
	C_INSERT,
	C_SEAL_NOTES,
	C_SEAL_WNOTE,
	C_WITHDRAW,
	C_RELYING,
	C_FLAG,
	C__MAX
};

#define CONSENT_COLS \
	"SELECT c.id, c.person_id, c.purpose, c.organisation_id, o.name, " \
	"o.kind, c.given_on, c.method, c.expires_on, c.notes, " \
	"c.recorded_by, u.username, c.recorded_at, c.withdrawn_on, " \
	"c.withdrawn_by, w.username, c.withdrawn_at, c.withdrawal_note, " \
	"(SELECT count(*) FROM referral r WHERE r.consent_id = c.id) " \
	"FROM consent c LEFT JOIN organisation o ON o.id = c.organisation_id " \
	"JOIN app_user u ON u.id = c.recorded_by " \
	"LEFT JOIN app_user w ON w.id = c.withdrawn_by "
/* A person's consents and those of the persons merged into it. */
#define CONSENT_OF \
	"WHERE c.person_id = ? OR c.person_id IN " \
	"(SELECT id FROM person WHERE merged_into = ?) "

static const char *const consent_sql[C__MAX] = {
	[C_PERSON] = "SELECT merged_into FROM person WHERE id = ?",
	[C_PERSON_CASES] = "SELECT id, sealed, key_consultant_id "
	    "FROM case_file WHERE person_id = ? ORDER BY sealed, id",
	[C_LIST] = CONSENT_COLS CONSENT_OF "ORDER BY c.given_on DESC, "
	    "c.id DESC LIMIT 500",
	[C_GET] = CONSENT_COLS "WHERE c.id = ?",
	[C_FACTS] = "SELECT c.id, c.purpose, c.organisation_id, c.given_on, "
	    "c.expires_on, c.withdrawn_on FROM consent c " CONSENT_OF
	    "ORDER BY c.id LIMIT 500",
	[C_INSERT] = "INSERT INTO consent (person_id, purpose, "
	    "organisation_id, given_on, method, expires_on, recorded_by, "
	    "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[C_SEAL_NOTES] = "UPDATE consent SET notes = ? WHERE id = ?",
	[C_SEAL_WNOTE] = "UPDATE consent SET withdrawal_note = ? WHERE id = ?",
	[C_WITHDRAW] = "UPDATE consent SET withdrawn_on = ?, withdrawn_by = ?, "
	    "withdrawn_at = ? WHERE id = ? AND withdrawn_on IS NULL "
	    "RETURNING id",
	[C_RELYING] = "SELECT r.id, r.case_id, cf.year, cf.number, "
	    "r.purpose, r.organisation_id, o.name, cf.key_consultant_id "
	    "FROM referral r JOIN case_file cf ON cf.id = r.case_id "
	    "JOIN organisation o ON o.id = r.organisation_id "
	    "WHERE r.consent_id = ? AND r.consent_withdrawn_at IS NULL "
	    "ORDER BY r.id LIMIT 1000",
	[C_FLAG] = "UPDATE referral SET consent_withdrawn_at = ?, "
	    "version = version + 1, updated_at = ? WHERE id = ?",
};

static struct jv_field		create_fields[7];
static const struct jv_field	withdraw_fields[] = {
	{ "withdrawn_on", JV_STRING, false, true, 10, 10, 0, 0, NULL, NULL,
	  NULL },
	{ "note", JV_TEXT, false, true, 0, CONSENT_NOTE_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};
static pthread_once_t		fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	const struct jv_field	 f[] = {
		{ "purpose", JV_STRING, true, false, 1, 24, 0, 0,
		  enum_codes(ENUM_CONSENT_PURPOSE), NULL, NULL },
		{ "organisation_id", JV_INT, false, true, 0, 0, 1, INT64_MAX,
		  NULL, NULL, NULL },
		{ "given_on", JV_STRING, true, false, 10, 10, 0, 0, NULL, NULL,
		  NULL },
		{ "method", JV_STRING, true, false, 1, 16, 0, 0,
		  enum_codes(ENUM_CONSENT_METHOD), NULL, NULL },
		{ "expires_on", JV_STRING, false, true, 10, 10, 0, 0, NULL,
		  NULL, NULL },
		{ "notes", JV_TEXT, false, true, 0, CONSENT_NOTE_MAX, 0, 0,
		  NULL, NULL, NULL },
		{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
	};

	memcpy(create_fields, f, sizeof(f));
}

/* ---- Reading. */

int
consent_facts_load(struct db *db, int64_t person_id,
    struct consent_facts **out, size_t *n)
{
	struct consent_facts	*list = NULL, *c;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	size_t			 cap = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, consent_sql[C_FACTS])) == NULL)
		return -1;
	db_bind_i64(st, 1, person_id);
	db_bind_i64(st, 2, person_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			list = xrealloc(list, cap * sizeof(*list));
		}
		c = &list[(*n)++];
		memset(c, 0, sizeof(*c));
		c->id = db_col_i64(st, 0);
		snprintf(c->purpose, sizeof(c->purpose), "%s",
		    db_col_text(st, 1));
		c->organisation_id = db_col_i64(st, 2);
		snprintf(c->given_on, sizeof(c->given_on), "%s",
		    db_col_text(st, 3));
		snprintf(c->expires_on, sizeof(c->expires_on), "%s",
		    db_col_text(st, 4));
		snprintf(c->withdrawn_on, sizeof(c->withdrawn_on), "%s",
		    db_col_text(st, 5));
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		free(list);
		*n = 0;
		return -1;
	}
	*out = list;
	return 0;
}

/* The consent of the current row (CONSENT_COLS); -1 when a seal fails. */
static int
consent_json(struct db *db, struct db_stmt *st, const char *today,
    json_t **out)
{
	struct consent_facts	 f;
	int64_t			 id = db_col_i64(st, 0);
	char			*notes = NULL, *wnote = NULL;
	json_t			*o;

	*out = NULL;
	if (sealed_get(db, st, 9, "consent", "notes", id, &notes) == -1 ||
	    sealed_get(db, st, 17, "consent", "withdrawal_note", id,
	    &wnote) == -1) {
		wipe_free(notes);
		return -1;
	}
	memset(&f, 0, sizeof(f));
	snprintf(f.given_on, sizeof(f.given_on), "%s", db_col_text(st, 6));
	snprintf(f.expires_on, sizeof(f.expires_on), "%s", db_col_text(st, 8));
	snprintf(f.withdrawn_on, sizeof(f.withdrawn_on), "%s",
	    db_col_text(st, 13));
	o = json_pack("{s:I, s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:s, s:I}", "id", (json_int_t)id,
	    "person_id", (json_int_t)db_col_i64(st, 1), "purpose",
	    db_col_text(st, 2), "organisation", db_col_null(st, 3) ?
	    json_null() : json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)db_col_i64(st, 3), "name", db_col_text(st, 4), "kind",
	    db_col_text(st, 5)), "given_on", f.given_on, "method",
	    db_col_text(st, 7), "expires_on", str_or_null(f.expires_on),
	    "notes", str_or_null(notes), "recorded_by",
	    user_json(db_col_i64(st, 10), db_col_text(st, 11)), "recorded_at",
	    hotline_time_json(db_col_i64(st, 12)), "withdrawn_on",
	    str_or_null(f.withdrawn_on), "withdrawn_by",
	    user_json(db_col_i64(st, 14), db_col_text(st, 15)), "withdrawn_at",
	    db_col_null(st, 16) ? json_null() :
	    hotline_time_json(db_col_i64(st, 16)), "withdrawal_note",
	    str_or_null(wnote), "state",
	    consent_state_code(consent_state_on(&f, today)), "referrals",
	    (json_int_t)db_col_i64(st, 18));
	wipe_free(notes);
	wipe_free(wnote);
	if (o == NULL)
		return -1;
	*out = o;
	return 0;
}

static int
consent_load(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt	*st;
	char		 today[DATE_LEN];
	int		 rc;

	*out = NULL;
	today_iso(today);
	if ((st = db_prepare(db, consent_sql[C_GET])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	rc = consent_json(db, st, today, out);
	db_reset(st);
	return rc == 0 ? 1 : -1;
}

/*
 * May the caller reach person id?  1 when they may (*merged tells whether
 * the person was merged into another); -1 answered (404, 403 audited).
 */
static int
person_reach(struct req *r, struct db *db, int64_t id, bool *merged)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	bool		 any = false, seen = false, named;
	int		 found;

	if ((st = db_prepare(db, consent_sql[C_PERSON])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	if ((found = db_row(st)) == -1)
		return req_dberror(r, db_err(db));
	if (found == 0)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	*merged = !db_col_null(st, 0);
	db_reset(st);
	if ((st = db_prepare(db, consent_sql[C_PERSON_CASES])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	/* unsealed cases come first: one of them is enough */
	while (!seen && (rc = db_step(st)) == DB_ROW) {
		any = true;
		if (db_col_i64(st, 1) == 0) {
			seen = true;
			break;
		}
		/* a second statement: case_named uses its own */
		if (case_named(db, db_col_i64(st, 0), db_col_i64(st, 2),
		    r->user_id, &named) == -1) {
			rc = DB_ERROR;
			break;
		}
		seen = named;
	}
	db_reset(st);
	if (rc == DB_ERROR)
		return req_dberror(r, db_err(db));
	if (!any || seen)
		return 1;
	auth_audit(r, "person.read", "person", id, "denied", "sealed");
	return req_error(r, API_EFORBIDDEN, NULL, "Every case of this person "
	    "is sealed: only their key consultants and the staff named on "
	    "them may see the consents.");
}

static int
api_consents(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	enum db_step_rc	 rc;
	json_t		*list, *o;
	char		 today[DATE_LEN], pseudonym[12];
	int64_t		 id;
	bool		 merged;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL ||
	    person_reach(r, db, id, &merged) == -1)
		return -1;
	if (person_pseudonym(db, id, pseudonym) == -1)
		return req_dberror(r, db_err(db));
	today_iso(today);
	if ((st = db_prepare(db, consent_sql[C_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, id);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (consent_json(db, st, today, &o) == -1) {
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
	auth_audit(r, "person.consents.read", "person", id, "ok", NULL);
	return req_json(r, 200, json_pack("{s:{s:I, s:s, s:b}, s:o, s:s}",
	    "person", "id", (json_int_t)id, "pseudonym", pseudonym, "merged",
	    merged, "consents", list, "today", today));
}

/* ---- Recording. */

struct consent_job {
	const json_t	*body;
	int64_t		 person_id, id, org_id, by;
	char		 today[DATE_LEN];
	/* withdrawal */
	const char	*withdrawn_on;
	json_t		*flagged;	/* the referrals flagged, for the answer */
	int		 rc;
};

int
consent_insert(struct db *db, const struct consent_new *n, int64_t *id)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, consent_sql[C_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, n->person_id);
	db_bind_str(st, 2, n->purpose);
	if (n->organisation_id != 0)
		db_bind_i64(st, 3, n->organisation_id);
	else
		db_bind_null(st, 3);
	db_bind_str(st, 4, n->given_on);
	db_bind_str(st, 5, n->method);
	db_bind_str(st, 6, n->expires_on);
	db_bind_i64(st, 7, n->by);
	db_bind_i64(st, 8, clock_now());
	if (db_one_i64(st, id) != 1)
		return -1;
	if (n->notes != NULL && *n->notes != '\0' && sealed_put(db,
	    consent_sql[C_SEAL_NOTES], "consent", "notes", *id, n->notes) == -1)
		return -1;
	return 0;
}

static int
consent_create_write(struct db *db, void *arg, struct err *e)
{
	struct consent_job	*j = arg;
	struct audit_entry	 au = { j->by, "consent.create", "consent", 0,
				    "ok", NULL };
	struct consent_new	 n;

	(void)e;
	memset(&n, 0, sizeof(n));
	n.person_id = j->person_id;
	n.organisation_id = j->org_id;
	n.by = j->by;
	n.purpose = jv_str(j->body, "purpose");
	n.given_on = jv_str(j->body, "given_on");
	n.method = jv_str(j->body, "method");
	n.expires_on = jv_str(j->body, "expires_on");
	n.notes = jv_str(j->body, "notes");
	if (consent_insert(db, &n, &j->id) == -1)
		return -1;
	au.object_id = j->id;
	au.detail = n.purpose;
	return audit_append(db, &au);
}

/* Is s a real date "YYYY-MM-DD"?  (NULL and "" are not.) */
static bool
date_ok(const char *s)
{
	struct cal_date	 d;

	return s != NULL && date_parse(s, &d) == 0;
}

static int
api_consent_create(struct req *r)
{
	struct consent_job	 j;
	struct err		 e;
	struct db		*db;
	const char		*purpose, *msg, *bad, *exp;
	char			 kind[ORG_KIND_MAX] = "";
	bool			 merged, active = true;
	json_t			*o;
	int			 rc;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.person_id) ||
	    req_check(r, create_fields) == -1 || (db = req_db(r)) == NULL ||
	    person_reach(r, db, j.person_id, &merged) == -1)
		return -1;
	if (merged)
		return req_error(r, API_ECONFLICT, NULL, "This person was "
		    "merged into another: record the consent there.");
	today_iso(j.today);
	exp = jv_str(r->json, "expires_on");
	if (!date_ok(jv_str(r->json, "given_on")))
		return req_error(r, API_EINVALID, "given_on", "given_on is a "
		    "date, YYYY-MM-DD.");
	if (exp != NULL && !date_ok(exp))
		return req_error(r, API_EINVALID, "expires_on", "expires_on "
		    "is a date, YYYY-MM-DD.");
	if ((bad = consent_dates_check(jv_str(r->json, "given_on"), exp,
	    j.today)) != NULL)
		return req_error(r, API_EINVALID, bad, strcmp(bad,
		    "given_on") == 0 ? "A consent cannot be given in the "
		    "future." : "A consent cannot expire before it was given.");
	purpose = jv_str(r->json, "purpose");
	j.org_id = jv_int(r->json, "organisation_id", 0);
	if (j.org_id != 0) {
		if ((rc = organisation_kind(db, j.org_id, kind, &active)) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0 || !active)
			return req_error(r, API_EINVALID, "organisation_id",
			    rc == 0 ? "No such organisation in the directory." :
			    "This organisation is no longer active in the "
			    "directory.");
	}
	if ((msg = consent_organisation_check(purpose, j.org_id, kind)) !=
	    NULL)
		return req_error(r, API_EINVALID, "organisation_id", msg);
	j.body = r->json;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), consent_create_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if ((rc = consent_load(db, j.id, &o)) != 1)
		return req_dberror(r, db_err(db));
	return req_json(r, 201, json_pack("{s:o}", "consent", o));
}

/* ---- Withdrawing. */

/* A referral that relied on the consent withdrawn. */
struct relying {
	int64_t		 id, case_id, year, number, org_id, key_id;
	char		 purpose[32];
	char		 org[256];
};

/* The referrals relying on consent id, read whole before any write. */
static int
relying_load(struct db *db, int64_t id, struct relying **out, size_t *n)
{
	struct relying	*list = NULL, *x;
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	size_t		 cap = 0, k;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, consent_sql[C_RELYING])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			list = xrealloc(list, cap * sizeof(*list));
		}
		x = &list[(*n)++];
		x->id = db_col_i64(st, 0);
		x->case_id = db_col_i64(st, 1);
		x->year = db_col_i64(st, 2);
		x->number = db_col_i64(st, 3);
		snprintf(x->purpose, sizeof(x->purpose), "%s",
		    db_col_text(st, 4));
		x->org_id = db_col_i64(st, 5);
		k = utf8_prefix(db_col_text(st, 6), sizeof(x->org) - 1);
		memcpy(x->org, db_col_text(st, 6), k);
		x->org[k] = '\0';
		x->key_id = db_col_i64(st, 7);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		free(list);
		*n = 0;
		return -1;
	}
	*out = list;
	return 0;
}

/* Flag one referral, tell its case's time line, task its key consultant. */
static int
relying_flag(struct db *db, const struct relying *x, int64_t by,
    const char *today, int64_t now)
{
	struct db_stmt	*st;
	char		 text[512], title[TITLE_MAX + 1];
	int64_t		 tid;
	int		 k;

	if ((st = db_prepare(db, consent_sql[C_FLAG])) == NULL)
		return -1;
	db_bind_i64(st, 1, now);
	db_bind_i64(st, 2, now);
	db_bind_i64(st, 3, x->id);
	if (db_done(st) == -1)
		return -1;
	snprintf(text, sizeof(text), "consent withdrawn: referral %s to %s "
	    "flagged", x->purpose, x->org);
	k = (int)utf8_prefix(x->org, 100);
	snprintf(title, sizeof(title), "Poinformuj o wycofaniu zgody / "
	    "Inform of consent withdrawn: %.*s", k, x->org);
	return case_event_add(db, x->case_id, by, "consent", 0, text) ==
	    -1 || case_touch(db, x->case_id) == -1 ||
	    task_insert(db, x->case_id, 0, 0, "task", "consent_withdrawn",
	    title, today, x->key_id != 0 ? x->key_id : by, by, &tid) == -1 ?
	    -1 : 0;
}

int
consent_withdraw(struct db *db, int64_t id, const char *on, const char *note,
    int64_t by, json_t *flagged)
{
	struct relying	*list = NULL;
	struct db_stmt	*st;
	char		 ref[REFERENCE_MAX], today[DATE_LEN];
	int64_t		 now = clock_now(), v;
	size_t		 n = 0, i;
	int		 rc;

	today_iso(today);
	if ((st = db_prepare(db, consent_sql[C_WITHDRAW])) == NULL)
		return -1;
	db_bind_str(st, 1, on);
	db_bind_i64(st, 2, by);
	db_bind_i64(st, 3, now);
	db_bind_i64(st, 4, id);
	if ((rc = db_one_i64(st, &v)) != 1)
		return rc;
	if (note != NULL && *note != '\0' && sealed_put(db,
	    consent_sql[C_SEAL_WNOTE], "consent", "withdrawal_note", id,
	    note) == -1)
		return -1;
	if (relying_load(db, id, &list, &n) == -1)
		return -1;
	rc = 1;
	for (i = 0; i < n && rc == 1; i++) {
		if (relying_flag(db, &list[i], by, today, now) == -1) {
			rc = -1;
			break;
		}
		if (flagged == NULL)
			continue;
		case_reference(list[i].year, list[i].number, ref);
		json_array_append_new(flagged, json_pack("{s:I, s:{s:I, s:s}, "
		    "s:{s:I, s:s}, s:s}", "id", (json_int_t)list[i].id, "case",
		    "id", (json_int_t)list[i].case_id, "reference", ref,
		    "organisation", "id", (json_int_t)list[i].org_id, "name",
		    list[i].org, "purpose", list[i].purpose));
	}
	free(list);
	return rc;
}

static int
consent_withdraw_write(struct db *db, void *arg, struct err *e)
{
	struct consent_job	*j = arg;
	struct audit_entry	 au = { j->by, "consent.withdraw", "consent",
				    j->id, "ok", NULL };
	char			 detail[48];

	(void)e;
	json_array_clear(j->flagged);	/* a retried transaction starts anew */
	if ((j->rc = consent_withdraw(db, j->id, j->withdrawn_on,
	    jv_str(j->body, "note"), j->by, j->flagged)) != 1)
		return j->rc == 0 ? 0 : -1;
	snprintf(detail, sizeof(detail), "flagged %zu",
	    json_array_size(j->flagged));
	au.detail = detail;
	return audit_append(db, &au);
}

static int
api_consent_withdraw(struct req *r)
{
	struct consent_job	 j;
	struct err		 e;
	struct db_stmt		*st;
	struct db		*db;
	const char		*on;
	char			 given[DATE_LEN];
	int64_t			 owner;
	bool			 merged;
	json_t			*o;
	int			 rc;

	memset(&j, 0, sizeof(j));
	if (!path_int(r, "id", &j.person_id) || !path_int(r, "cid", &j.id) ||
	    req_check(r, withdraw_fields) == -1 || (db = req_db(r)) == NULL ||
	    person_reach(r, db, j.person_id, &merged) == -1)
		return -1;
	/* the consent must be this person's (or a merged one's) */
	if ((st = db_prepare(db, consent_sql[C_GET])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, j.id);
	if ((rc = db_row(st)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	owner = db_col_i64(st, 1);
	snprintf(given, sizeof(given), "%s", db_col_text(st, 6));
	rc = db_col_null(st, 13) ? 0 : 1;
	db_reset(st);
	if (owner != j.person_id) {
		int64_t	 into = 0;

		/* a merged person's consent, seen through the survivor */
		if ((st = db_prepare(db, consent_sql[C_PERSON])) == NULL)
			return req_dberror(r, db_err(db));
		db_bind_i64(st, 1, owner);
		if (db_one_i64(st, &into) == -1)
			return req_dberror(r, db_err(db));
		if (into != j.person_id)
			return req_error(r, API_ENOTFOUND, NULL, NULL);
	}
	if (rc == 1)
		return req_error(r, API_ECONFLICT, NULL, "This consent was "
		    "withdrawn already.");
	today_iso(j.today);
	on = jv_str(r->json, "withdrawn_on");
	if (on == NULL)
		on = j.today;
	if (!date_ok(on))
		return req_error(r, API_EINVALID, "withdrawn_on", "withdrawn_on "
		    "is a date, YYYY-MM-DD.");
	if (strcmp(on, j.today) > 0 || strcmp(on, given) < 0)
		return req_error(r, API_EINVALID, "withdrawn_on", "A consent is "
		    "withdrawn between the day it was given and today.");
	j.withdrawn_on = on;
	j.body = r->json;
	j.by = r->user_id;
	j.flagged = json_array();
	if (dbpool_write(http_pool(r), consent_withdraw_write, &j, &e) == -1) {
		json_decref(j.flagged);
		return req_dberror(r, &e);
	}
	if (j.rc == 0) {
		json_decref(j.flagged);
		return req_error(r, API_ECONFLICT, NULL, "This consent was "
		    "withdrawn already.");
	}
	if ((rc = consent_load(db, j.id, &o)) != 1) {
		json_decref(j.flagged);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o, s:o}", "consent", o,
	    "flagged", j.flagged));
}

const struct route consent_routes[] = {
	{ HTTP_GET, "/api/v1/persons/{id:int}/consents", "consent.list",
	  api_consents, PERM_CASES, 0 },
	{ HTTP_POST, "/api/v1/persons/{id:int}/consents", "consent.create",
	  api_consent_create, PERM_CASES, 8 * 1024 },
	{ HTTP_POST, "/api/v1/persons/{id:int}/consents/{cid:int}/withdraw",
	  "consent.withdraw", api_consent_withdraw, PERM_CASES, 8 * 1024 },
};
const size_t consent_nroutes = sizeof(consent_routes) /
    sizeof(consent_routes[0]);
