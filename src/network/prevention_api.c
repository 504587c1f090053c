/*
 * The routes of preventive counselling (docs/API-prevention.md): record a
 * consultation, correct it (optimistic locking on version), list and read
 * them, print the advice sheet in the person's language, and count them
 * for statistics.  The assessment (flags, open questions, level, points)
 * is derived from the stored answers on every read (prevention.c); the
 * level and flags are also stored, in clear, for the statistics.  Notes
 * are sealed.  Nothing here is about a case: nothing goes on a time line.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/valid.h"
#include "cases/cases.h"
#include "cases/legal.h"
#include "hotline/calendar.h"
#include "hotline/enums.h"
#include "hotline/hotline.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "network/prevention.h"

#define PREVENTION_BODY_MAX	(16 * 1024)
#define NOTES_MAX		4000
#define AGENCY_MAX		200
#define SIGNALS_MAX		8
#define PAGE_DEFAULT		50
#define PAGE_MAX		200

enum prevention_stmt {
	P_INSERT,
	P_SEAL_NOTES,
	P_GET,
	P_UPDATE,
	P_LIST,
	P_SUMMARY,
	P__MAX
};

/*
 * The answers stored as text, in the order of the table's columns from
 * lang on; their names are the API's field names.
 */
static const char *const answer_keys[] = {
	"lang", "destination", "purpose", "sector", "offer_source",
	"agency_name", "agency_in_kraz", "kraz_number", "fee_asked",
	"fee_purpose", "contract_written", "contract_language_understood",
	"documents_kept_by", "accommodation", "paid_before_departure",
	"emergency_contacts_known"
};
#define NANSWERS	(sizeof(answer_keys) / sizeof(answer_keys[0]))
#define COL_ANSWERS	5	/* first answer's column in PREVENTION_COLS */

#define PREVENTION_COLS "SELECT p.id, p.held_at, p.held_by, u.username, " \
	"p.contact_id, p.lang, p.destination, p.purpose, p.sector, " \
	"p.offer_source, p.agency_name, p.agency_in_kraz, p.kraz_number, " \
	"p.fee_asked, p.fee_purpose, p.contract_written, " \
	"p.contract_language_understood, p.documents_kept_by, " \
	"p.accommodation, p.paid_before_departure, " \
	"p.emergency_contacts_known, p.signals, p.version, p.created_at, " \
	"p.updated_at, p.notes FROM prevention_consultation p " \
	"JOIN app_user u ON u.id = p.held_by "
enum { COL_SIGNALS = 21, COL_VERSION, COL_CREATED, COL_UPDATED, COL_NOTES };

static const char *const prevention_sql[P__MAX] = {
	[P_INSERT] = "INSERT INTO prevention_consultation (held_at, held_by, "
	    "contact_id, lang, destination, purpose, sector, offer_source, "
	    "agency_name, agency_in_kraz, kraz_number, fee_asked, fee_purpose, "
	    "contract_written, contract_language_understood, "
	    "documents_kept_by, accommodation, paid_before_departure, "
	    "emergency_contacts_known, signals, risk_level, flags, version, "
	    "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) "
	    "RETURNING id",
	[P_SEAL_NOTES] = "UPDATE prevention_consultation SET notes = ? "
	    "WHERE id = ?",
	[P_GET] = PREVENTION_COLS "WHERE p.id = ?",
	[P_UPDATE] = "UPDATE prevention_consultation SET held_at = ?, "
	    "contact_id = ?, lang = ?, destination = ?, purpose = ?, "
	    "sector = ?, offer_source = ?, agency_name = ?, "
	    "agency_in_kraz = ?, kraz_number = ?, fee_asked = ?, "
	    "fee_purpose = ?, contract_written = ?, "
	    "contract_language_understood = ?, documents_kept_by = ?, "
	    "accommodation = ?, paid_before_departure = ?, "
	    "emergency_contacts_known = ?, signals = ?, risk_level = ?, "
	    "flags = ?, version = version + 1, updated_at = ? "
	    "WHERE id = ? AND version = ? RETURNING version",
	[P_LIST] = PREVENTION_COLS "WHERE p.held_at >= ? AND p.held_at < ? "
	    "AND (? = '' OR p.destination = ?) "
	    "AND (? = '' OR p.risk_level = ?) "
	    "AND (? = 0 OR p.contact_id = ?) "
	    "AND (p.held_at < ? OR (p.held_at = ? AND p.id < ?)) "
	    "ORDER BY p.held_at DESC, p.id DESC LIMIT ?",
	[P_SUMMARY] = "SELECT destination, purpose, sector, offer_source, "
	    "risk_level, flags FROM prevention_consultation "
	    "WHERE held_at >= ? AND held_at < ?",
};

/* ---- The sheet's texts, parsed and checked once. */

static json_t		*texts;
static pthread_once_t	 texts_once = PTHREAD_ONCE_INIT;

static void
texts_load(void)
{
	const struct embed_file	*f = embed_find(embed_data,
				    "advice_sheet.json");
	json_error_t		 jerr;
	json_t			*doc;
	char			 err[160];

	if (f == NULL) {
		log_warnx("data/advice_sheet.json is missing from the build");
		return;
	}
	if ((doc = json_loadb((const char *)f->data, f->len,
	    JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		log_warnx("data/advice_sheet.json: %s", jerr.text);
		return;
	}
	if (prevention_texts_check(doc, err, sizeof(err)) == -1) {
		log_warnx("data/advice_sheet.json: %s", err);
		json_decref(doc);
		return;
	}
	texts = doc;	/* kept for good, read only */
}

const json_t *
prevention_texts(void)
{
	pthread_once(&texts_once, texts_load);
	return texts;
}

/* ---- Validation. */

static const char *const yes_no_unknown[] = { "yes", "no", "unknown", NULL };

enum { F_HELD_AT, F_CONTACT, F_LANG, F_DESTINATION, F_PURPOSE, F_SECTOR,
	F_SOURCE, F_AGENCY, F_KRAZ, F_KRAZ_NUMBER, F_FEE, F_FEE_PURPOSE,
	F_CONTRACT, F_CONTRACT_LANGUAGE, F_DOCUMENTS, F_ACCOMMODATION,
	F_PAID, F_EMERGENCY, F_SIGNALS, F_NOTES, F_VERSION, F__MAX };

static struct jv_field	 create_fields[F__MAX];
static struct jv_field	 patch_fields[F__MAX + 1];
static struct jv_field	 signal_item;
static pthread_once_t	 fields_once = PTHREAD_ONCE_INIT;

#define CODE(n, req, nul, e) { n, JV_STRING, req, nul, 1, 32, 0, 0, \
	enum_codes(e), NULL, NULL }

static void
fields_init(void)
{
	struct jv_field	 f[F__MAX] = {
		[F_HELD_AT] = { "held_at", JV_STRING, false, false, 1, 40, 0,
		    0, NULL, NULL, NULL },
		[F_CONTACT] = { "contact_id", JV_INT, false, true, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
		[F_LANG] = { "lang", JV_STRING, true, false, 2, 8, 0, 0, NULL,
		    NULL, NULL },
		[F_DESTINATION] = { "destination", JV_STRING, true, false, 2,
		    2, 0, 0, NULL, NULL, NULL },
		[F_PURPOSE] = CODE("purpose", true, false,
		    ENUM_PREVENTION_PURPOSE),
		[F_SECTOR] = CODE("sector", false, true,
		    ENUM_PREVENTION_SECTOR),
		[F_SOURCE] = CODE("offer_source", false, true,
		    ENUM_OFFER_SOURCE),
		[F_AGENCY] = { "agency_name", JV_STRING, false, true, 1,
		    AGENCY_MAX, 0, 0, NULL, NULL, NULL },
		[F_KRAZ] = CODE("agency_in_kraz", false, false,
		    ENUM_KRAZ_STATUS),
		[F_KRAZ_NUMBER] = { "kraz_number", JV_STRING, false, true, 1,
		    20, 0, 0, NULL, NULL, NULL },
		[F_FEE] = { "fee_asked", JV_STRING, false, false, 1, 8, 0, 0,
		    yes_no_unknown, NULL, NULL },
		[F_FEE_PURPOSE] = CODE("fee_purpose", false, true,
		    ENUM_FEE_PURPOSE),
		[F_CONTRACT] = { "contract_written", JV_STRING, false, false,
		    1, 8, 0, 0, yes_no_unknown, NULL, NULL },
		[F_CONTRACT_LANGUAGE] = { "contract_language_understood",
		    JV_STRING, false, false, 1, 8, 0, 0, yes_no_unknown, NULL,
		    NULL },
		[F_DOCUMENTS] = CODE("documents_kept_by", false, false,
		    ENUM_DOCUMENTS_KEEPER),
		[F_ACCOMMODATION] = CODE("accommodation", false, false,
		    ENUM_ACCOMMODATION),
		[F_PAID] = { "paid_before_departure", JV_STRING, false, false,
		    1, 8, 0, 0, yes_no_unknown, NULL, NULL },
		[F_EMERGENCY] = { "emergency_contacts_known", JV_STRING, false,
		    false, 1, 8, 0, 0, yes_no_unknown, NULL, NULL },
		[F_SIGNALS] = { "signals", JV_ARRAY, false, false, 0,
		    SIGNALS_MAX, 0, 0, NULL, &signal_item, NULL },
		[F_NOTES] = { "notes", JV_TEXT, false, true, 0, NOTES_MAX, 0,
		    0, NULL, NULL, NULL },
		[F_VERSION] = { "version", JV_INT, true, false, 0, 0, 1,
		    INT64_MAX, NULL, NULL, NULL },
	};
	int	 i;

	signal_item = (struct jv_field){ "signal", JV_STRING, true, false, 1,
	    32, 0, 0, enum_codes(ENUM_PREVENTION_SIGNAL), NULL, NULL };
	for (i = 0; i < F_VERSION; i++)
		create_fields[i] = f[i];
	create_fields[F_VERSION].name = NULL;
	/* A correction: the same fields, none required but the version. */
	for (i = 0; i < F__MAX; i++) {
		patch_fields[i] = f[i];
		if (i != F_VERSION)
			patch_fields[i].required = false;
	}
	patch_fields[F__MAX].name = NULL;
}

/* Defaults of the checklist's answers that were not given. */
static const struct {
	const char	*key, *value;
} answer_defaults[] = {
	{ "agency_in_kraz", "unknown" },
	{ "fee_asked", "unknown" },
	{ "contract_written", "unknown" },
	{ "contract_language_understood", "unknown" },
	{ "documents_kept_by", "unknown" },
	{ "accommodation", "unknown" },
	{ "paid_before_departure", "unknown" },
	{ "emergency_contacts_known", "unknown" },
};

/* The answers struct of a checked document (borrows its strings). */
static void
answers_of(const json_t *doc, struct prevention_answers *a)
{
	const json_t	*v;
	size_t		 i;
	int		 f;

	memset(a, 0, sizeof(*a));
	a->destination = jv_str(doc, "destination");
	a->purpose = jv_str(doc, "purpose");
	a->sector = jv_str(doc, "sector");
	a->offer_source = jv_str(doc, "offer_source");
	a->agency_named = jv_str(doc, "agency_name") != NULL;
	a->agency_in_kraz = jv_str(doc, "agency_in_kraz");
	a->fee_asked = jv_str(doc, "fee_asked");
	a->fee_purpose = jv_str(doc, "fee_purpose");
	a->contract_written = jv_str(doc, "contract_written");
	a->contract_language_understood = jv_str(doc,
	    "contract_language_understood");
	a->documents_kept_by = jv_str(doc, "documents_kept_by");
	a->accommodation = jv_str(doc, "accommodation");
	a->paid_before_departure = jv_str(doc, "paid_before_departure");
	a->emergency_contacts_known = jv_str(doc, "emergency_contacts_known");
	json_array_foreach(json_object_get(doc, "signals"), i, v)
		if ((f = prevention_signal_flag(json_string_value(v))) >= 0)
			a->signals |= 1u << f;
}

/*
 * The rules between fields of a whole document (after defaults); -1 when
 * answered.  *held_at is set from the document.
 */
static int
doc_check(struct req *r, struct db *db, const json_t *doc, int64_t *held_at)
{
	const char	*s;
	json_t		*v;
	int		 rc;

	if ((s = jv_str(doc, "held_at")) != NULL &&
	    iso8601_parse(s, held_at) == -1)
		return req_error(r, API_EINVALID, "held_at", "held_at is a "
		    "time in ISO 8601 with an offset.");
	if (*held_at > clock_now() + 86400)
		return req_error(r, API_EINVALID, "held_at", "A consultation "
		    "cannot be recorded ahead of time.");
	if (!prevention_lang_known(prevention_texts(), jv_str(doc, "lang")))
		return req_error(r, API_EINVALID, "lang", "There is no advice "
		    "sheet in this language.");
	if (!prevention_destination_valid(jv_str(doc, "destination")))
		return req_error(r, API_EINVALID, "destination", "The "
		    "destination is a country abroad, ISO 3166 in capitals "
		    "(DE, GB, NL).");
	if ((s = jv_str(doc, "kraz_number")) != NULL) {
		if (!prevention_kraz_number_valid(s))
			return req_error(r, API_EINVALID, "kraz_number", "A "
			    "KRAZ number is digits, with slashes between "
			    "them (7394, 12345/2021).");
		if (strcmp(jv_str(doc, "agency_in_kraz"), "yes") != 0)
			return req_error(r, API_EINVALID, "kraz_number", "A "
			    "KRAZ number goes with agency_in_kraz yes.");
	}
	if (jv_str(doc, "fee_purpose") != NULL &&
	    strcmp(jv_str(doc, "fee_asked"), "yes") != 0)
		return req_error(r, API_EINVALID, "fee_purpose", "What the fee "
		    "is for goes with fee_asked yes.");
	if ((v = json_object_get(doc, "contact_id")) != NULL &&
	    json_is_integer(v)) {
		if ((rc = contact_exists(db, json_integer_value(v))) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0)
			return req_error(r, API_EINVALID, "contact_id", "There "
			    "is no such contact.");
	}
	return 0;
}

/* ---- Writing. */

struct prev_job {
	const json_t		*doc;
	struct prevention_result res;
	int64_t			 id, by, held_at, version;
	bool			 set_notes;
	const char		*notes;
	char			 signals[SIGNALS_MAX * 33];
	char			 flags[PF__MAX * 32];
	int			 rc;
};

static void
job_prepare(struct prev_job *j)
{
	struct prevention_answers	 a;
	const json_t			*v;
	size_t				 i, at = 0;
	int				 k;

	answers_of(j->doc, &a);
	prevention_assess(&a, &j->res);
	/* Signals once each, in the order the enumeration lists them. */
	j->signals[0] = '\0';
	for (k = 0; k < PF__MAX; k++) {
		json_array_foreach(json_object_get(j->doc, "signals"), i, v)
			if (prevention_signal_flag(json_string_value(v)) == k) {
				at += (size_t)snprintf(j->signals + at,
				    sizeof(j->signals) - at, "%s%s",
				    at ? "," : "", prevention_flag_code(
				    (enum prevention_flag)k));
				break;
			}
	}
	at = 0;
	j->flags[0] = '\0';
	for (k = 0; k < PF__MAX; k++)
		if (j->res.flags & (1u << k))
			at += (size_t)snprintf(j->flags + at,
			    sizeof(j->flags) - at, "%s%s", at ? "," : "",
			    prevention_flag_code((enum prevention_flag)k));
}

/* Bind the answers from column n on; the next free column is returned. */
static int
bind_answers(struct db_stmt *st, int n, const struct prev_job *j)
{
	size_t	 i;

	for (i = 0; i < NANSWERS; i++)
		db_bind_str(st, n++, jv_str(j->doc, answer_keys[i]));
	db_bind_str(st, n++, j->signals);
	db_bind_str(st, n++, prevention_level_code(j->res.level));
	db_bind_str(st, n++, j->flags);
	return n;
}

static void
bind_contact(struct db_stmt *st, int n, const json_t *doc)
{
	int64_t	 c = jv_int(doc, "contact_id", 0);

	if (c > 0)
		db_bind_i64(st, n, c);
	else
		db_bind_null(st, n);
}

/* Store a prepared job as a new consultation (j->id set). */
static int
job_insert(struct db *db, struct prev_job *j)
{
	struct db_stmt		*st;
	int64_t			 now = clock_now();
	int			 n;

	if ((st = db_prepare(db, prevention_sql[P_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->held_at);
	db_bind_i64(st, 2, j->by);
	bind_contact(st, 3, j->doc);
	n = bind_answers(st, 4, j);
	db_bind_i64(st, n++, j->by);
	db_bind_i64(st, n++, now);
	db_bind_i64(st, n, now);
	if (db_one_i64(st, &j->id) != 1)
		return -1;
	if (j->notes != NULL && *j->notes != '\0' && sealed_put(db,
	    prevention_sql[P_SEAL_NOTES], "prevention_consultation", "notes",
	    j->id, j->notes) == -1)
		return -1;
	return 0;
}

/* Fill in the defaults of the answers a document does not give. */
static void
doc_defaults(json_t *doc)
{
	size_t	 i;

	for (i = 0; i < sizeof(answer_defaults) / sizeof(answer_defaults[0]);
	    i++)
		if (json_object_get(doc, answer_defaults[i].key) == NULL)
			json_object_set_new(doc, answer_defaults[i].key,
			    json_string(answer_defaults[i].value));
	if (json_object_get(doc, "signals") == NULL)
		json_object_set_new(doc, "signals", json_array());
}

int
prevention_insert(struct db *db, json_t *doc, int64_t held_at,
    const char *notes, int64_t by, int64_t *id)
{
	struct prev_job	 j;

	memset(&j, 0, sizeof(j));
	doc_defaults(doc);
	j.doc = doc;
	j.held_at = held_at;
	j.by = by;
	j.notes = notes;
	job_prepare(&j);
	if (job_insert(db, &j) == -1)
		return -1;
	*id = j.id;
	return 0;
}

static int
create_write(struct db *db, void *arg, struct err *e)
{
	struct prev_job		*j = arg;
	struct audit_entry	 au = { j->by, "prevention.create",
				    "prevention_consultation", 0, "ok", NULL };

	(void)e;
	if (job_insert(db, j) == -1)
		return -1;
	au.object_id = j->id;
	au.detail = prevention_level_code(j->res.level);
	return audit_append(db, &au);
}

static int
update_write(struct db *db, void *arg, struct err *e)
{
	struct prev_job		*j = arg;
	struct audit_entry	 au = { j->by, "prevention.update",
				    "prevention_consultation", j->id, "ok",
				    NULL };
	struct db_stmt		*st;
	int64_t			 v;
	int			 n;

	(void)e;
	if ((st = db_prepare(db, prevention_sql[P_UPDATE])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->held_at);
	bind_contact(st, 2, j->doc);
	n = bind_answers(st, 3, j);
	db_bind_i64(st, n++, clock_now());
	db_bind_i64(st, n++, j->id);
	db_bind_i64(st, n, j->version);
	if ((j->rc = db_one_i64(st, &v)) != 1)
		return j->rc == 0 ? 0 : -1;
	if (j->set_notes && sealed_put(db, prevention_sql[P_SEAL_NOTES],
	    "prevention_consultation", "notes", j->id, j->notes != NULL &&
	    *j->notes != '\0' ? j->notes : NULL) == -1)
		return -1;
	au.detail = prevention_level_code(j->res.level);
	return audit_append(db, &au);
}

/* ---- Reading. */

static json_t *
codes_json(uint32_t bits, int max, const char *(*code)(int))
{
	json_t	*a = json_array();
	int	 i;

	for (i = 0; i < max; i++)
		if (bits & (1u << i))
			json_array_append_new(a, json_string(code(i)));
	return a;
}

static const char *
flag_code(int i)
{
	return prevention_flag_code((enum prevention_flag)i);
}

static const char *
open_code(int i)
{
	return prevention_open_code((enum prevention_open)i);
}

static const char *
point_code(int i)
{
	return prevention_point_code((enum prevention_point)i);
}

static json_t *
csv_array(const char *csv)
{
	json_t		*a = json_array();
	const char	*p = csv, *c;

	while (p != NULL && *p != '\0') {
		c = strchr(p, ',');
		json_array_append_new(a, json_stringn(p, c != NULL ?
		    (size_t)(c - p) : strlen(p)));
		p = c != NULL ? c + 1 : NULL;
	}
	return a;
}

/*
 * The answers of the current row as a document (the shape of a create
 * body, without notes): a new reference.
 */
static json_t *
row_doc(struct db_stmt *st)
{
	json_t	*d = json_object();
	size_t	 i;
	int	 c;

	json_object_set_new(d, "held_at", hotline_time_json(db_col_i64(st,
	    1)));
	json_object_set_new(d, "contact_id", db_col_null(st, 4) ? json_null() :
	    json_integer(db_col_i64(st, 4)));
	for (i = 0; i < NANSWERS; i++) {
		c = COL_ANSWERS + (int)i;
		json_object_set_new(d, answer_keys[i], db_col_null(st, c) ?
		    json_null() : json_string(db_col_text(st, c)));
	}
	json_object_set_new(d, "signals", csv_array(db_col_text(st,
	    COL_SIGNALS)));
	return d;
}

/* The assessment of a document. */
static json_t *
assessment_json(const json_t *doc, struct prevention_result *res)
{
	struct prevention_answers	 a;

	answers_of(doc, &a);
	prevention_assess(&a, res);
	return json_pack("{s:s, s:o, s:o, s:o}", "risk_level",
	    prevention_level_code(res->level), "flags", codes_json(res->flags,
	    PF__MAX, flag_code), "open", codes_json(res->open, PO__MAX,
	    open_code), "points", codes_json(res->points, PP__MAX,
	    point_code));
}

/*
 * The consultation of the current row; with_notes opens the sealed notes.
 * A new reference, NULL (db failed) when the notes do not open.
 */
static json_t *
row_json(struct db *db, struct db_stmt *st, bool with_notes)
{
	struct prevention_result	 res;
	json_t				*o;
	char				*notes = NULL;
	int64_t				 id = db_col_i64(st, 0);

	if (with_notes && sealed_get(db, st, COL_NOTES,
	    "prevention_consultation", "notes", id, &notes) == -1)
		return NULL;
	o = row_doc(st);
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "held_by", user_json(db_col_i64(st, 2),
	    db_col_text(st, 3)));
	json_object_set_new(o, "assessment", assessment_json(o, &res));
	json_object_set_new(o, "version", json_integer(db_col_i64(st,
	    COL_VERSION)));
	json_object_set_new(o, "created_at", hotline_time_json(db_col_i64(st,
	    COL_CREATED)));
	json_object_set_new(o, "updated_at", hotline_time_json(db_col_i64(st,
	    COL_UPDATED)));
	if (with_notes)
		json_object_set_new(o, "notes", str_or_null(notes));
	wipe_free(notes);
	return o;
}

/* Load consultation id, or answer 404 or the error: -1 when answered. */
static int
load_or_answer(struct req *r, struct db *db, int64_t id, bool with_notes,
    json_t **out)
{
	return req_load(r, db, prevention_sql[P_GET], id, row_json, with_notes,
	    "There is no such consultation.", out);
}

static int
answer_one(struct req *r, struct db *db, int64_t id, int status)
{
	json_t	*o;

	if (load_or_answer(r, db, id, true, &o) == -1)
		return -1;
	return req_json(r, status, json_pack("{s:o}", "consultation", o));
}

/* ---- Routes. */

static int
api_prevention_create(struct req *r)
{
	struct prev_job	 j;
	struct err	 e;
	struct db	*db;
	json_t		*doc;

	pthread_once(&fields_once, fields_init);
	if (req_check(r, create_fields) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if (prevention_texts() == NULL)
		return req_error(r, API_EINTERNAL, NULL, "The advice sheet's "
		    "texts are broken: see the server log.");
	doc = json_deep_copy(r->json);
	json_object_del(doc, "notes");
	doc_defaults(doc);
	memset(&j, 0, sizeof(j));
	j.held_at = clock_now();
	if (doc_check(r, db, doc, &j.held_at) == -1) {
		json_decref(doc);
		return -1;
	}
	j.doc = doc;
	j.by = r->user_id;
	j.notes = jv_str(r->json, "notes");
	job_prepare(&j);
	if (dbpool_write(http_pool(r), create_write, &j, &e) == -1) {
		json_decref(doc);
		return req_dberror(r, &e);
	}
	json_decref(doc);
	return answer_one(r, db, j.id, 201);
}

static int
api_prevention_get(struct req *r)
{
	struct db	*db;
	int64_t		 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL)
		return -1;
	if (answer_one(r, db, id, 200) == -1)
		return -1;
	auth_audit(r, "prevention.read", "prevention_consultation", id, "ok",
	    NULL);
	return 0;
}

static int
api_prevention_update(struct req *r)
{
	struct prev_job	 j;
	struct err	 e;
	struct db	*db;
	json_t		*doc, *v;
	const char	*key;
	int64_t		 id;

	pthread_once(&fields_once, fields_init);
	if (!path_int(r, "id", &id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if (prevention_texts() == NULL)
		return req_error(r, API_EINTERNAL, NULL, "The advice sheet's "
		    "texts are broken: see the server log.");
	if (load_or_answer(r, db, id, false, &doc) == -1)
		return -1;
	if (jv_int(doc, "version", 0) != jv_int(r->json, "version", 0)) {
		json_decref(doc);
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this consultation meanwhile: reload it.");
	}
	memset(&j, 0, sizeof(j));
	json_object_foreach(r->json, key, v)
		if (strcmp(key, "version") != 0 && strcmp(key, "notes") != 0)
			json_object_set(doc, key, v);
	if (doc_check(r, db, doc, &j.held_at) == -1) {
		json_decref(doc);
		return -1;
	}
	j.doc = doc;
	j.id = id;
	j.by = r->user_id;
	j.version = jv_int(r->json, "version", 0);
	j.set_notes = json_object_get(r->json, "notes") != NULL;
	j.notes = jv_str(r->json, "notes");
	job_prepare(&j);
	if (dbpool_write(http_pool(r), update_write, &j, &e) == -1) {
		json_decref(doc);
		return req_dberror(r, &e);
	}
	json_decref(doc);
	if (j.rc == 0)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this consultation meanwhile: reload it.");
	return answer_one(r, db, id, 200);
}

/* The sheet: in ?lang=, else in the language chosen at the consultation. */
static int
api_prevention_sheet(struct req *r)
{
	struct prevention_result	 res;
	struct db			*db;
	const char			*lang = req_query(r, "lang");
	json_t				*doc, *sheet, *a;
	char				 date[11];
	int64_t				 id;

	if (!path_int(r, "id", &id) || (db = req_db(r)) == NULL)
		return -1;
	if (prevention_texts() == NULL)
		return req_error(r, API_EINTERNAL, NULL, "The advice sheet's "
		    "texts are broken: see the server log.");
	if (lang != NULL && *lang != '\0' &&
	    !prevention_lang_known(prevention_texts(), lang))
		return req_error(r, API_EINVALID, "lang", "There is no advice "
		    "sheet in this language.");
	if (load_or_answer(r, db, id, false, &doc) == -1)
		return -1;
	if (lang == NULL || *lang == '\0')
		lang = jv_str(doc, "lang");
	a = assessment_json(doc, &res);
	json_decref(a);
	sheet = prevention_sheet(prevention_texts(), lang, jv_str(doc,
	    "destination"), &res);
	snprintf(date, sizeof(date), "%s", jv_str(doc, "held_at"));
	json_decref(doc);
	if (sheet == NULL)
		return req_error(r, API_EINTERNAL, NULL, "The sheet could not "
		    "be made.");
	json_object_set_new(sheet, "consultation_id", json_integer(id));
	json_object_set_new(sheet, "date", json_string(date));
	auth_audit(r, "prevention.read", "prevention_consultation", id, "ok",
	    "sheet");
	return req_json(r, 200, json_pack("{s:o}", "sheet", sheet));
}

/* ---- Lists and counts. */

/*
 * The period of ?from= and ?to= (dates, Warsaw, both included) as
 * [*t0, *t1); -1 when answered.
 */
static int
query_period(struct req *r, int64_t *t0, int64_t *t1)
{
	struct cal_date	 d;
	const char	*s;

	*t0 = INT64_MIN / 2;
	*t1 = INT64_MAX / 2;
	if ((s = req_query(r, "from")) != NULL && *s != '\0') {
		if (date_parse(s, &d) == -1)
			return req_error(r, API_EINVALID, "from", "from is a "
			    "date, YYYY-MM-DD.");
		*t0 = cal_from_local(d, 0);
	}
	if ((s = req_query(r, "to")) != NULL && *s != '\0') {
		if (date_parse(s, &d) == -1)
			return req_error(r, API_EINVALID, "to", "to is a date, "
			    "YYYY-MM-DD.");
		*t1 = cal_from_local(cal_date_of(cal_days(d) + 1), 0);
	}
	return 0;
}

/* The keyset cursor "HELD_AT.ID" of the last row shown; -1 answered. */
static int
query_cursor(struct req *r, int64_t *at, int64_t *id)
{
	const char	*s = req_query(r, "cursor"), *dot;

	*at = INT64_MAX;
	*id = INT64_MAX;
	if (s == NULL || *s == '\0')
		return 0;
	dot = strchr(s, '.');
	if (dot == NULL || !valid_i64(s, (size_t)(dot - s), INT64_MIN + 1,
	    INT64_MAX, at) || !valid_i64(dot + 1, strlen(dot + 1), 1,
	    INT64_MAX, id))
		return req_error(r, API_EINVALID, "cursor", "Not a cursor of "
		    "this list: start again without it.");
	return 0;
}

static int
api_prevention_list(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	enum db_step_rc	 rc;
	const char	*dest = req_query(r, "destination");
	const char	*level = req_query(r, "risk_level"), *s;
	int64_t		 t0, t1, cat, cid, contact = 0, limit = PAGE_DEFAULT;
	int64_t		 n = 0, last_at = 0, last_id = 0;
	json_t		*list, *o;
	char		 cursor[48];
	bool		 more = false;

	if (query_period(r, &t0, &t1) == -1 || query_cursor(r, &cat, &cid) ==
	    -1)
		return -1;
	if (dest == NULL)
		dest = "";
	if (level == NULL)
		level = "";
	if (*dest != '\0' && !prevention_destination_valid(dest))
		return req_error(r, API_EINVALID, "destination", "A country, "
		    "ISO 3166 in capitals.");
	if (*level != '\0' && enum_index(ENUM_PREVENTION_RISK, level) < 0)
		return req_error(r, API_EINVALID, "risk_level", "low, medium "
		    "or high.");
	if ((s = req_query(r, "contact_id")) != NULL && *s != '\0' &&
	    !valid_i64(s, strlen(s), 1, INT64_MAX, &contact))
		return req_error(r, API_EINVALID, "contact_id", "A contact's "
		    "id.");
	if ((s = req_query(r, "limit")) != NULL && *s != '\0' &&
	    !valid_i64(s, strlen(s), 1, PAGE_MAX, &limit))
		return req_error(r, API_EINVALID, "limit", "1 to 200.");
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, prevention_sql[P_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, t0);
	db_bind_i64(st, 2, t1);
	db_bind_str(st, 3, dest);
	db_bind_str(st, 4, dest);
	db_bind_str(st, 5, level);
	db_bind_str(st, 6, level);
	db_bind_i64(st, 7, contact);
	db_bind_i64(st, 8, contact);
	db_bind_i64(st, 9, cat);
	db_bind_i64(st, 10, cat);
	db_bind_i64(st, 11, cid);
	db_bind_i64(st, 12, limit + 1);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {
			more = true;
			break;
		}
		if ((o = row_json(db, st, false)) == NULL) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(list, o);
		last_at = db_col_i64(st, 1);
		last_id = db_col_i64(st, 0);
		n++;
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	snprintf(cursor, sizeof(cursor), "%" PRId64 ".%" PRId64, last_at,
	    last_id);
	return req_json(r, 200, json_pack("{s:o, s:o}", "consultations", list,
	    "next_cursor", more ? json_string(cursor) : json_null()));
}

/* counts[key] += 1 */
static void
count(json_t *counts, const char *key)
{
	json_t	*v = json_object_get(counts, key);

	json_object_set_new(counts, key, json_integer(v != NULL ?
	    json_integer_value(v) + 1 : 1));
}

static int
api_prevention_summary(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	enum db_step_rc	 rc;
	int64_t		 t0, t1, total = 0;
	json_t		*dest, *purpose, *sector, *source, *level, *flags, *f;
	size_t		 i;

	if (query_period(r, &t0, &t1) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, prevention_sql[P_SUMMARY])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, t0);
	db_bind_i64(st, 2, t1);
	dest = json_object();
	purpose = json_object();
	sector = json_object();
	source = json_object();
	level = json_object();
	flags = json_object();
	while ((rc = db_step(st)) == DB_ROW) {
		total++;
		count(dest, db_col_text(st, 0));
		count(purpose, db_col_text(st, 1));
		count(sector, db_col_null(st, 2) ? "not_given" :
		    db_col_text(st, 2));
		count(source, db_col_null(st, 3) ? "not_given" :
		    db_col_text(st, 3));
		count(level, db_col_text(st, 4));
		f = csv_array(db_col_text(st, 5));
		for (i = 0; i < json_array_size(f); i++)
			count(flags, json_string_value(json_array_get(f, i)));
		json_decref(f);
	}
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(dest);
		json_decref(purpose);
		json_decref(sector);
		json_decref(source);
		json_decref(level);
		json_decref(flags);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:{s:o, s:o}, s:I, s:o, s:o, s:o, "
	    "s:o, s:o, s:o}", "period", "from", str_or_null(req_query(r,
	    "from")), "to", str_or_null(req_query(r, "to")), "total",
	    (json_int_t)total, "by_destination", dest, "by_purpose", purpose,
	    "by_sector", sector, "by_offer_source", source, "by_risk_level",
	    level, "by_flag", flags));
}

const struct route prevention_routes[] = {
	{ HTTP_GET, "/api/v1/prevention", "prevention.list",
	  api_prevention_list, PERM_CONTACTS, 0 },
	{ HTTP_POST, "/api/v1/prevention", "prevention.create",
	  api_prevention_create, PERM_CONTACTS, PREVENTION_BODY_MAX },
	{ HTTP_GET, "/api/v1/prevention/summary", "prevention.summary",
	  api_prevention_summary, PERM_CONTACTS, 0 },
	{ HTTP_GET, "/api/v1/prevention/{id:int}", "prevention.get",
	  api_prevention_get, PERM_CONTACTS, 0 },
	{ HTTP_PATCH, "/api/v1/prevention/{id:int}", "prevention.update",
	  api_prevention_update, PERM_CONTACTS, PREVENTION_BODY_MAX },
	{ HTTP_GET, "/api/v1/prevention/{id:int}/sheet", "prevention.sheet",
	  api_prevention_sheet, PERM_CONTACTS, 0 },
};
const size_t prevention_nroutes = sizeof(prevention_routes) /
    sizeof(prevention_routes[0]);
