/*
 * The contact routes: log a contact, read it (audited), correct it (the
 * old values kept), list and search with keyset pages, recognise a known
 * caller number.  Whether a contact is out of hours is the server's call,
 * from the stored service calendar at the contact's start.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/audit.h"
#include "cases/cases.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/valid.h"
#include "base/xmalloc.h"
#include "crypto/field.h"
#include "http/jv.h"
#include "hotline/contact.h"
#include "hotline/enums.h"
#include "hotline/hotline_api.h"
#include "network/network.h"

#define PAGE_DEFAULT	25
#define PAGE_MAX	100
#define CONTACT_EARLIEST 946684800	/* 2000-01-01T00:00Z */
#define CONTACT_LATEST	4102444800	/* 2100-01-01T00:00Z */
/* The largest body: every text at its limit, each character escaped. */
#define CONTACT_BODY_MAX (64 * 1024)

/* The body fields; oneof filled from the enumerations at first use. */
enum {
	F_STARTED_AT, F_DURATION, F_CHANNEL, F_DIRECTION, F_COUNTRY,
	F_LANGUAGE, F_INTERPRETER, F_INQUIRER, F_TOPICS, F_URGENCY,
	F_URGENCY_REASON, F_OUTCOME, F_SUMMARY, F_CALLER, F_HANDOVER,
	F_PERSON, F_CASE, F_ORGANISATION, F_VERSION, F_DRAFT, F__MAX
};

static struct jv_field	create_fields[F__MAX];	/* ends at F_VERSION */
static struct jv_field	patch_fields[F__MAX + 1];
static pthread_once_t	fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	struct jv_field	 f[F__MAX] = {
		[F_STARTED_AT] = { "started_at", JV_STRING, true, false, 1,
		    40, 0, 0, NULL },
		[F_DURATION] = { "duration_seconds", JV_INT, true, false, 0, 0,
		    0, 86400, NULL },
		[F_CHANNEL] = { "channel", JV_STRING, true, false, 1, 32, 0, 0,
		    enum_codes(ENUM_CHANNEL) },
		[F_DIRECTION] = { "direction", JV_STRING, true, false, 1, 32,
		    0, 0, enum_codes(ENUM_DIRECTION) },
		[F_COUNTRY] = { "country", JV_STRING, false, true, 2, 2, 0, 0,
		    NULL },
		[F_LANGUAGE] = { "language", JV_STRING, false, true, 2, 3, 0,
		    0, NULL },
		[F_INTERPRETER] = { "interpreter", JV_BOOL, false, false, 0, 0,
		    0, 0, NULL },
		[F_INQUIRER] = { "inquirer", JV_STRING, true, false, 1, 32, 0,
		    0, enum_codes(ENUM_INQUIRER) },
		[F_TOPICS] = { "topics", JV_ARRAY, true, false, 1, 9, 0, 0,
		    NULL },
		[F_URGENCY] = { "urgency", JV_STRING, true, false, 1, 32, 0, 0,
		    enum_codes(ENUM_URGENCY) },
		[F_URGENCY_REASON] = { "urgency_reason", JV_TEXT, false, true,
		    0, CONTACT_REASON_MAX, 0, 0, NULL },
		[F_OUTCOME] = { "outcome", JV_STRING, true, false, 1, 32, 0, 0,
		    enum_codes(ENUM_OUTCOME) },
		[F_SUMMARY] = { "summary", JV_TEXT, false, true, 0,
		    CONTACT_SUMMARY_MAX, 0, 0, NULL },
		[F_CALLER] = { "caller_number", JV_STRING, false, true, 0, 32,
		    0, 0, NULL },
		[F_HANDOVER] = { "handover_note", JV_TEXT, false, true, 0,
		    CONTACT_HANDOVER_MAX, 0, 0, NULL },
		[F_PERSON] = { "person_id", JV_INT, false, true, 0, 0, 1,
		    INT64_MAX, NULL },
		[F_CASE] = { "case_id", JV_INT, false, true, 0, 0, 1,
		    INT64_MAX, NULL },
		[F_ORGANISATION] = { "organisation_id", JV_INT, false, true, 0,
		    0, 1, INT64_MAX, NULL },
		[F_VERSION] = { "version", JV_INT, true, false, 0, 0, 1,
		    INT64_MAX, NULL },
		/* A correction only: a draft from the SIP server completed. */
		[F_DRAFT] = { "draft", JV_BOOL, false, false, 0, 0, 0, 0,
		    NULL },
	};
	int	 i;

	for (i = 0; i < F_VERSION; i++) {
		create_fields[i] = f[i];
		patch_fields[i] = f[i];
		patch_fields[i].required = false;
	}
	create_fields[F_VERSION].name = NULL;
	patch_fields[F_VERSION] = f[F_VERSION];
	patch_fields[F_DRAFT] = f[F_DRAFT];
	patch_fields[F__MAX].name = NULL;
}

/* A copy of a text field, or NULL when absent, null or empty. */
static char *
opt_text(const json_t *o, const char *name)
{
	const char	*s = jv_str(o, name);

	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

static void
replace_text(char **slot, const json_t *o, const char *name)
{
	if (json_object_get(o, name) == NULL)
		return;		/* absent in a correction: kept */
	if (*slot != NULL) {
		sodium_memzero(*slot, strlen(*slot));
		free(*slot);
	}
	*slot = opt_text(o, name);
}

static bool
all_upper(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return s[n] == '\0';
}

static bool
all_lower(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return i >= 2 && i <= 3;
}

/*
 * Apply the body o to c (a new contact, or a copy of the stored one for a
 * correction), checking what the field table cannot.  -1 when answered.
 */
static int
contact_apply(struct req *r, const json_t *o, struct contact *c)
{
	const char	*s;
	json_t		*v, *item;
	size_t		 i;
	int		 k;
	char		 phone[PHONE_MAX + 1];

	if ((s = jv_str(o, "started_at")) != NULL &&
	    (iso8601_parse(s, &c->started_at) == -1 ||
	    c->started_at < CONTACT_EARLIEST || c->started_at > CONTACT_LATEST))
		return req_error(r, API_EINVALID, "started_at", "started_at "
		    "must be an ISO 8601 time with an offset, e.g. "
		    "2026-11-28T18:05:00+01:00, from the year 2000 to 2099");
	if (json_object_get(o, "duration_seconds") != NULL)
		c->duration_s = jv_int(o, "duration_seconds", 0);
	if ((s = jv_str(o, "channel")) != NULL)
		snprintf(c->channel, sizeof(c->channel), "%s", s);
	if ((s = jv_str(o, "direction")) != NULL)
		snprintf(c->direction, sizeof(c->direction), "%s", s);
	if ((s = jv_str(o, "inquirer")) != NULL)
		snprintf(c->inquirer, sizeof(c->inquirer), "%s", s);
	if ((s = jv_str(o, "urgency")) != NULL)
		snprintf(c->urgency, sizeof(c->urgency), "%s", s);
	if ((s = jv_str(o, "outcome")) != NULL)
		snprintf(c->outcome, sizeof(c->outcome), "%s", s);
	if (json_object_get(o, "interpreter") != NULL)
		c->interpreter = jv_bool(o, "interpreter", false);
	if ((v = json_object_get(o, "country")) != NULL) {
		s = json_string_value(v);
		if (s != NULL && !all_upper(s, 2))
			return req_error(r, API_EINVALID, "country", "country "
			    "must be an ISO 3166-1 code such as PL or UA");
		snprintf(c->country, sizeof(c->country), "%s", s ? s : "");
	}
	if ((v = json_object_get(o, "language")) != NULL) {
		s = json_string_value(v);
		if (s != NULL && !all_lower(s))
			return req_error(r, API_EINVALID, "language", "language "
			    "must be an ISO 639 code such as pl or uk");
		snprintf(c->language, sizeof(c->language), "%s", s ? s : "");
	}
	if ((v = json_object_get(o, "topics")) != NULL) {
		c->topics = 0;
		json_array_foreach(v, i, item) {
			k = enum_index(ENUM_TOPIC, json_string_value(item));
			if (k < 0 || (c->topics & (1u << k)))
				return req_error(r, API_EINVALID, "topics",
				    "topics must be distinct topic codes");
			c->topics |= 1u << k;
		}
	}
	replace_text(&c->urgency_reason, o, "urgency_reason");
	replace_text(&c->summary, o, "summary");
	replace_text(&c->handover_note, o, "handover_note");
	if ((v = json_object_get(o, "caller_number")) != NULL) {
		s = json_string_value(v);
		if (c->caller_number != NULL) {
			sodium_memzero(c->caller_number,
			    strlen(c->caller_number));
			free(c->caller_number);
			c->caller_number = NULL;
		}
		if (s != NULL && *s != '\0') {
			if (phone_normalise(s, phone) == -1)
				return req_error(r, API_EINVALID,
				    "caller_number", "caller_number must be a "
				    "phone number");
			c->caller_number = xstrdup(phone);
			sodium_memzero(phone, sizeof(phone));
		}
	}
	if (json_object_get(o, "draft") != NULL) {
		if (jv_bool(o, "draft", false))
			return req_error(r, API_EINVALID, "draft", "a contact "
			    "can only leave the drafts (draft: false)");
		/* Completed, it must hold what a new contact must. */
		if (c->draft && c->topics == 0)
			return req_error(r, API_EINVALID, "topics", "a "
			    "completed contact needs at least one topic");
		c->draft = false;
	}
	if (strcmp(c->urgency, "urgent") == 0 && c->urgency_reason == NULL)
		return req_error(r, API_EINVALID, "urgency_reason",
		    "an urgent contact needs the reason of its urgency");
	if ((v = json_object_get(o, "person_id")) != NULL)
		c->person_id = json_is_integer(v) ? json_integer_value(v) : 0;
	if ((v = json_object_get(o, "case_id")) != NULL)
		c->case_id = json_is_integer(v) ? json_integer_value(v) : 0;
	if ((v = json_object_get(o, "organisation_id")) != NULL)
		c->organisation_id = json_is_integer(v) ?
		    json_integer_value(v) : 0;
	return 0;
}

/*
 * Check the links of c: the person exists and the case is one the caller
 * may see (a case brings its person).  -1 when answered.
 */
static int
contact_links(struct req *r, struct db *db, struct contact *c)
{
	struct case_head	 h;
	int			 rc;

	if (c->case_id != 0) {
		if ((rc = case_exists(db, c->case_id)) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0)
			return req_error(r, API_EINVALID, "case_id",
			    "case_id must be a case file.");
		if (case_open(r, db, c->case_id, &h) == -1)
			return -1;
		c->person_id = h.person_id;
		snprintf(c->reference, sizeof(c->reference), "%s",
		    h.reference);
	}
	if (c->person_id != 0) {
		if ((rc = person_pseudonym(db, c->person_id,
		    c->pseudonym)) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0)
			return req_error(r, API_EINVALID, "person_id",
			    "person_id must be a person.");
	}
	if (c->organisation_id != 0) {
		if ((rc = organisation_name(db, c->organisation_id,
		    c->organisation, sizeof(c->organisation))) == -1)
			return req_dberror(r, db_err(db));
		if (rc == 0)
			return req_error(r, API_EINVALID, "organisation_id",
			    "organisation_id must be an organisation of the "
			    "directory.");
	}
	return 0;
}

/*
 * Decide out of hours and the follow-up from the stored calendar; a
 * routine contact out of hours needs its hand-over note.
 */
static int
contact_classify(struct req *r, struct db *db, struct contact *c)
{
	struct calendar_store	 cs;
	bool			 urgent = strcmp(c->urgency, "urgent") == 0;

	if (calendar_load(db, &cs) == -1)
		return req_dberror(r, db_err(db));
	c->out_of_hours = !cal_is_open(&cs.cal, c->started_at);
	calendar_release(&cs);
	if (c->out_of_hours && !urgent && !c->draft &&
	    c->handover_note == NULL)
		return req_error(r, API_EINVALID, "handover_note", "a routine "
		    "contact out of office hours needs a hand-over note for "
		    "the morning team");
	if (!c->followup || c->followup_done_at == 0)
		c->followup = contact_needs_followup(c->out_of_hours, urgent,
		    strcmp(c->outcome, "follow_up") == 0);
	return 0;
}

static json_t *
opt_json(const char *s)
{
	return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

json_t *
hotline_time_json(int64_t t)
{
	char	 iso[48];

	if (t <= 0)
		return json_null();
	iso8601_warsaw(t, iso);
	return json_string(iso);
}

json_t *
contact_json(const struct contact *c, bool full)
{
	json_t	*o, *topics = json_array(), *fu;
	int	 i;

	for (i = 0; enum_defs[ENUM_TOPIC].values[i].code != NULL; i++)
		if (c->topics & (1u << i))
			json_array_append_new(topics, json_string(
			    enum_defs[ENUM_TOPIC].values[i].code));
	fu = !c->followup ? json_null() : json_pack("{s:b, s:o, s:o}", "open",
	    c->followup_done_at == 0, "done_at",
	    hotline_time_json(c->followup_done_at), "done_by",
	    c->followup_done_by == 0 ? json_null() : json_pack("{s:I, s:s}",
	    "id", (json_int_t)c->followup_done_by, "username",
	    c->followup_done_by_name));
	o = json_pack("{s:I, s:o, s:I, s:s, s:s, s:o, s:o, s:b, s:s, s:o, "
	    "s:s, s:s, s:{s:I, s:s}, s:b, s:o, s:I, s:o, s:o}",
	    "id", (json_int_t)c->id, "started_at", hotline_time_json(c->started_at),
	    "duration_seconds", (json_int_t)c->duration_s,
	    "channel", c->channel, "direction", c->direction,
	    "country", opt_json(c->country), "language", opt_json(c->language),
	    "interpreter", c->interpreter, "inquirer", c->inquirer,
	    "topics", topics, "urgency", c->urgency, "outcome", c->outcome,
	    "consultant", "id", (json_int_t)c->consultant_id, "username",
	    c->consultant, "out_of_hours", c->out_of_hours, "followup", fu,
	    "version", (json_int_t)c->version,
	    "created_at", hotline_time_json(c->created_at),
	    "updated_at", hotline_time_json(c->updated_at));
	if (o != NULL) {
		json_object_set_new(o, "person", c->person_id == 0 ?
		    json_null() : json_pack("{s:I, s:s}", "id",
		    (json_int_t)c->person_id, "pseudonym", c->pseudonym));
		json_object_set_new(o, "case", c->case_id == 0 ? json_null() :
		    json_pack("{s:I, s:s}", "id", (json_int_t)c->case_id,
		    "reference", c->reference));
		json_object_set_new(o, "draft", json_boolean(c->draft));
		json_object_set_new(o, "line", opt_json(c->line));
		json_object_set_new(o, "organisation", c->organisation_id ==
		    0 ? json_null() : json_pack("{s:I, s:s}", "id",
		    (json_int_t)c->organisation_id, "name", c->organisation));
	}
	if (o != NULL && full) {
		json_object_set_new(o, "urgency_reason",
		    opt_json(c->urgency_reason));
		json_object_set_new(o, "summary", opt_json(c->summary));
		json_object_set_new(o, "caller_number",
		    opt_json(c->caller_number));
		json_object_set_new(o, "handover_note",
		    opt_json(c->handover_note));
	}
	return o;
}

struct create_job {
	struct contact	*c;
	int64_t		 by;
};

static int
create_write(struct db *db, void *arg, struct err *e)
{
	struct create_job	*j = arg;
	struct audit_entry	 a = { j->by, "contact.create", "contact", 0,
				    "ok", NULL };

	(void)e;
	if (contact_insert(db, j->c) == -1)
		return -1;
	a.object_id = j->c->id;
	return audit_append(db, &a);
}

static int
api_contact_create(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct contact		 c;
	struct create_job	 j;
	struct err		 e;
	struct db		*db;
	int			 rc = -1;

	pthread_once(&fields_once, fields_init);
	if (req_check(r, create_fields) == -1)
		return -1;
	memset(&c, 0, sizeof(c));
	c.consultant_id = p->user_id;
	snprintf(c.consultant, sizeof(c.consultant), "%s", p->username);
	if (contact_apply(r, r->json, &c) == -1 ||
	    (db = req_db(r)) == NULL || contact_links(r, db, &c) == -1 ||
	    contact_classify(r, db, &c) == -1)
		goto out;
	j.c = &c;
	j.by = p->user_id;
	if (dbpool_write(http_pool(r), create_write, &j, &e) == -1) {
		req_dberror(r, &e);
		goto out;
	}
	rc = req_json(r, 201, json_pack("{s:o}", "contact",
	    contact_json(&c, true)));
out:
	contact_release(&c);
	return rc;
}

/* The contact id of the path; 404 answered when there is none. */
static bool
path_id(struct req *r, int64_t *id)
{
	if (route_param_int(&r->params, "id", id))
		return true;
	req_error(r, API_ENOTFOUND, NULL, NULL);
	return false;
}

static int
api_contact_get(struct req *r)
{
	struct contact	 c;
	struct db	*db;
	int64_t		 id;
	int		 found, rc;

	if (!path_id(r, &id) || (db = req_db(r)) == NULL)
		return -1;
	if ((found = contact_get(db, id, true, &c)) != 1)
		return found == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
	auth_audit(r, "contact.read", "contact", id, "ok", NULL);
	rc = req_json(r, 200, json_pack("{s:o}", "contact",
	    contact_json(&c, true)));
	contact_release(&c);
	return rc;
}

struct update_job {
	const struct contact	*old;
	struct contact		*c;
	int64_t			 by;
	const char		*old_json;
	int			 rc;
};

static int
update_write(struct db *db, void *arg, struct err *e)
{
	struct update_job	*j = arg;
	struct audit_entry	 a = { j->by, "contact.update", "contact",
				    j->old->id, "ok", NULL };

	(void)e;
	if ((j->rc = contact_update(db, j->old, j->c, j->by, j->old_json)) != 1)
		return j->rc == 0 ? 0 : -1;
	return audit_append(db, &a);
}

/* The stored values the body changes, as JSON, for the revision. */
static char *
changed_json(const json_t *body, const struct contact *old)
{
	json_t		*full = contact_json(old, true), *out = json_object();
	const char	*key;
	json_t		*v;
	char		*s;

	json_object_foreach((json_t *)(uintptr_t)body, key, v) {
		const char	*k = strcmp(key, "person_id") == 0 ? "person" :
		    strcmp(key, "case_id") == 0 ? "case" :
		    strcmp(key, "organisation_id") == 0 ? "organisation" : key;

		if (strcmp(key, "version") == 0)
			continue;
		json_object_set(out, k, json_object_get(full, k));
	}
	s = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(full);
	json_decref(out);
	return s;
}

static int
api_contact_update(struct req *r)
{
	struct contact		 old, c;
	struct update_job	 j;
	struct err		 e;
	struct db		*db;
	char			*old_json = NULL;
	int64_t			 id;
	int			 found, rc = -1;

	pthread_once(&fields_once, fields_init);
	if (!path_id(r, &id) || req_check(r, patch_fields) == -1 ||
	    (db = req_db(r)) == NULL)
		return -1;
	if ((found = contact_get(db, id, true, &old)) != 1)
		return found == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
	/* Start from the stored contact: its texts are copied, not shared. */
	c = old;
	c.urgency_reason = old.urgency_reason ? xstrdup(old.urgency_reason) :
	    NULL;
	c.summary = old.summary ? xstrdup(old.summary) : NULL;
	c.caller_number = old.caller_number ? xstrdup(old.caller_number) : NULL;
	c.handover_note = old.handover_note ? xstrdup(old.handover_note) : NULL;
	if (jv_int(r->json, "version", 0) != old.version) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "contact meanwhile: reload it.");
		goto out;
	}
	if (contact_apply(r, r->json, &c) == -1 ||
	    contact_links(r, db, &c) == -1 ||
	    contact_classify(r, db, &c) == -1)
		goto out;
	if ((old_json = changed_json(r->json, &old)) == NULL) {
		req_error(r, API_EINTERNAL, NULL, NULL);
		goto out;
	}
	j.old = &old;
	j.c = &c;
	j.by = r->user_id;
	j.old_json = old_json;
	if (dbpool_write(http_pool(r), update_write, &j, &e) == -1) {
		req_dberror(r, &e);
		goto out;
	}
	if (j.rc == 0) {
		req_error(r, API_ECONFLICT, "version", "Someone changed this "
		    "contact meanwhile: reload it.");
		goto out;
	}
	rc = req_json(r, 200, json_pack("{s:o}", "contact",
	    contact_json(&c, true)));
out:
	if (old_json != NULL) {
		sodium_memzero(old_json, strlen(old_json));
		free(old_json);
	}
	contact_release(&old);
	contact_release(&c);
	return rc;
}

static int
revision_add(const struct contact_revision *rv, void *arg)
{
	json_t	*old = json_loads(rv->old_json, 0, NULL), *o;

	o = json_pack("{s:I, s:{s:I, s:s}, s:o, s:o}", "version",
	    (json_int_t)rv->version, "changed_by", "id",
	    (json_int_t)rv->changed_by, "username", rv->changed_by_name,
	    "changed_at", hotline_time_json(rv->changed_at), "old",
	    old != NULL ? old : json_object());
	return o != NULL ? json_array_append_new(arg, o) : -1;
}

static int
api_contact_revisions(struct req *r)
{
	struct contact	 c;
	struct db	*db;
	json_t		*list;
	int64_t		 id;
	int		 found;

	if (!path_id(r, &id) || (db = req_db(r)) == NULL)
		return -1;
	if ((found = contact_get(db, id, false, &c)) != 1)
		return found == 0 ? req_error(r, API_ENOTFOUND, NULL, NULL) :
		    req_dberror(r, db_err(db));
	list = json_array();
	if (contact_revisions(db, id, revision_add, list) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "contact.read", "contact", id, "ok", "revisions");
	return req_json(r, 200, json_pack("{s:o}", "revisions", list));
}

/* A page of contacts. */

static bool
query_code(struct req *r, const char *name, enum hotline_enum e,
    const char **out)
{
	const char	*s = req_query(r, name);

	*out = "";
	if (s == NULL || *s == '\0')
		return true;
	if (enum_index(e, s) < 0) {
		req_error(r, API_EINVALID, name, "not one of the allowed "
		    "values");
		return false;
	}
	*out = s;
	return true;
}

static bool
query_time(struct req *r, const char *name, int64_t *out)
{
	const char	*s = req_query(r, name);

	if (s == NULL || *s == '\0')
		return true;
	if (iso8601_parse(s, out) == -1) {
		req_error(r, API_EINVALID, name, "must be an ISO 8601 time "
		    "with an offset");
		return false;
	}
	return true;
}

static bool
query_int64(struct req *r, const char *name, int64_t min, int64_t max,
    int64_t *out)
{
	const char	*s = req_query(r, name);

	if (s == NULL || *s == '\0')
		return true;
	if (!valid_i64(s, strlen(s), min, max, out)) {
		req_error(r, API_EINVALID, name, "must be a whole number in "
		    "range");
		return false;
	}
	return true;
}

/* The cursor is "STARTED_AT.ID" of the last row of the previous page. */
static bool
query_cursor(struct req *r, int64_t *at, int64_t *id)
{
	const char	*s = req_query(r, "cursor"), *dot;

	*at = INT64_MAX;
	*id = INT64_MAX;
	if (s == NULL || *s == '\0')
		return true;
	dot = strchr(s, '.');
	if (dot == NULL || !valid_i64(s, (size_t)(dot - s), INT64_MIN + 1,
	    INT64_MAX, at) || !valid_i64(dot + 1, strlen(dot + 1), 1,
	    INT64_MAX, id)) {
		req_error(r, API_EINVALID, "cursor", "not a cursor of this "
		    "list: start again without it");
		return false;
	}
	return true;
}

struct page_ctx {
	json_t		*list;
	int64_t		 n, max, last_at, last_id;
	bool		 notes, more;
};

static int
page_add(const struct contact *c, void *arg)
{
	struct page_ctx	*p = arg;
	json_t		*o;

	if (p->n == p->max) {
		p->more = true;		/* the row after the page */
		return 0;
	}
	if ((o = contact_json(c, false)) == NULL)
		return -1;
	if (p->notes)
		json_object_set_new(o, "handover_note",
		    opt_json(c->handover_note));
	p->n++;
	p->last_at = c->started_at;
	p->last_id = c->id;
	return json_array_append_new(p->list, o);
}

int
contact_list_answer(struct req *r, const struct contact_filter *f,
    bool notes, const char *key, json_t *extra)
{
	struct page_ctx	 p = { json_array(), 0, f->limit > 0 ? f->limit :
			    INT64_MAX, 0, 0, notes, false };
	struct contact_filter page = *f;
	struct db	*db;
	char		 cursor[48];
	json_t		*o;

	if ((db = req_db(r)) == NULL) {
		json_decref(p.list);
		json_decref(extra);
		return -1;
	}
	/* One row more than the page: is there a next page? */
	page.limit = f->limit + 1;
	if (contact_page(db, &page, notes, page_add, &p) == -1) {
		json_decref(p.list);
		json_decref(extra);
		return req_dberror(r, db_err(db));
	}
	o = extra != NULL ? extra : json_object();
	json_object_set_new(o, key, p.list);
	if (!f->followup_open && !f->oldest_first) {
		snprintf(cursor, sizeof(cursor), "%" PRId64 ".%" PRId64,
		    p.last_at, p.last_id);
		json_object_set_new(o, "next_cursor", p.more ?
		    json_string(cursor) : json_null());
	}
	return req_json(r, 200, o);
}

static int
api_contacts(struct req *r)
{
	struct contact_filter	 f;
	const char		*topic, *ooh, *draft;
	int			 k;

	memset(&f, 0, sizeof(f));
	f.from = INT64_MIN / 2;
	f.to = INT64_MAX / 2;
	f.limit = PAGE_DEFAULT;
	f.out_of_hours = -1;
	f.draft = -1;
	if (!query_time(r, "from", &f.from) || !query_time(r, "to", &f.to) ||
	    !query_code(r, "inquirer", ENUM_INQUIRER, &f.inquirer) ||
	    !query_code(r, "urgency", ENUM_URGENCY, &f.urgency) ||
	    !query_code(r, "channel", ENUM_CHANNEL, &f.channel) ||
	    !query_code(r, "topic", ENUM_TOPIC, &topic) ||
	    !query_int64(r, "consultant_id", 1, INT64_MAX, &f.consultant_id) ||
	    !query_int64(r, "limit", 1, PAGE_MAX, &f.limit) ||
	    !query_cursor(r, &f.before_at, &f.before_id))
		return -1;
	if (*topic != '\0' && (k = enum_index(ENUM_TOPIC, topic)) >= 0)
		f.topic_mask = 1LL << k;
	if ((ooh = req_query(r, "out_of_hours")) != NULL && *ooh != '\0') {
		if (strcmp(ooh, "true") == 0)
			f.out_of_hours = 1;
		else if (strcmp(ooh, "false") == 0)
			f.out_of_hours = 0;
		else
			return req_error(r, API_EINVALID, "out_of_hours",
			    "must be true or false");
	}
	if ((draft = req_query(r, "draft")) != NULL && *draft != '\0') {
		if (strcmp(draft, "true") == 0)
			f.draft = 1;
		else if (strcmp(draft, "false") == 0)
			f.draft = 0;
		else
			return req_error(r, API_EINVALID, "draft",
			    "must be true or false");
	}
	return contact_list_answer(r, &f, false, "contacts", NULL);
}

static const struct jv_field lookup_fields[] = {
	{ .name = "number", .type = JV_STRING, .required = true, .min = 1,
	  .max = 32 },
	{ .name = NULL }
};

static int
api_contact_lookup(struct req *r)
{
	struct contact	 last;
	struct db	*db;
	unsigned char	 bidx[BLIND_BYTES];
	char		 phone[PHONE_MAX + 1];
	json_t		*person;
	int64_t		 count;
	int		 rc;

	if (req_check(r, lookup_fields) == -1)
		return -1;
	if (phone_normalise(jv_str(r->json, "number"), phone) == -1)
		return req_error(r, API_EINVALID, "number", "number must be a "
		    "phone number");
	if ((db = req_db(r)) == NULL)
		return -1;
	blind_index("phone", phone, strlen(phone), bidx);
	if (contact_lookup(db, bidx, &count, &last) == -1)
		return req_dberror(r, db_err(db));
	if (person_by_phone(r, db, phone, &person) == -1) {
		sodium_memzero(phone, sizeof(phone));
		return req_dberror(r, db_err(db));
	}
	auth_audit(r, "contact.lookup", NULL, 0, "ok", count > 0 ||
	    !json_is_null(person) ? "known" : "unknown");
	rc = req_json(r, 200, json_pack("{s:b, s:s, s:I, s:o, s:o}", "known",
	    count > 0 || !json_is_null(person), "number", phone, "contacts",
	    (json_int_t)count, "last_contact", count > 0 ?
	    contact_json(&last, false) : json_null(), "person", person));
	sodium_memzero(phone, sizeof(phone));
	return rc;
}

static int
api_enums(struct req *r)
{
	json_t	*o = json_object(), *list;
	int	 e, i;

	for (e = 0; e < ENUM__MAX; e++) {
		list = json_array();
		for (i = 0; enum_defs[e].values[i].code != NULL; i++)
			json_array_append_new(list, json_pack("{s:s, s:s, s:s}",
			    "code", enum_defs[e].values[i].code,
			    "pl", enum_defs[e].values[i].pl,
			    "en", enum_defs[e].values[i].en));
		json_object_set_new(o, enum_defs[e].name, list);
	}
	return req_json(r, 200, o);
}

const struct route contact_routes[] = {
	{ HTTP_GET, "/api/v1/enums", "enums", api_enums, PERM_SESSION, 0 },
	{ HTTP_POST, "/api/v1/contacts", "contacts.create",
	  api_contact_create, PERM_CONTACTS, CONTACT_BODY_MAX },
	{ HTTP_GET, "/api/v1/contacts", "contacts.list", api_contacts,
	  PERM_CONTACTS, 0 },
	{ HTTP_GET, "/api/v1/contacts/{id:int}", "contacts.get",
	  api_contact_get, PERM_CONTACTS, 0 },
	{ HTTP_PATCH, "/api/v1/contacts/{id:int}", "contacts.update",
	  api_contact_update, PERM_CONTACTS, CONTACT_BODY_MAX },
	{ HTTP_GET, "/api/v1/contacts/{id:int}/revisions",
	  "contacts.revisions", api_contact_revisions, PERM_CONTACTS, 0 },
	{ HTTP_POST, "/api/v1/contacts/lookup", "contacts.lookup",
	  api_contact_lookup, PERM_CONTACTS, 1024 },
};
const size_t contact_nroutes = sizeof(contact_routes) /
    sizeof(contact_routes[0]);
