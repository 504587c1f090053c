/*
 * The telephony routes (telephony.h): the coordinators' configuration of
 * lines, numbers and extensions; the routing decision and the call events
 * that the SIP server sends with its secret; the call screens' stream.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/log.h"
#include "cases/cases.h"
#include "hotline/contact.h"
#include "hotline/desk.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "telephony/telephony.h"

#define TEL_CONFIG_BODY	(8 * 1024)
#define TEL_ROUTE_BODY	1024
#define TEL_EVENT_BODY	2048

static const char *const channels[] = { "office_line", "oncall_mobile",
	NULL };
static const char *const targets[] = { "group", "oncall", "fallback",
	"haven_down", NULL };
static const char *const events[] = { "ringing", "answered", "ended",
	"missed", NULL };
static const char *const reasons[] = { "cancelled", "no_answer", "busy",
	"failed", NULL };

/* ---- The configuration. */

static json_t *
config_json(const struct tel_config *c)
{
	json_t	*lines = json_array();
	size_t	 i;

	for (i = 0; i < c->nlines; i++)
		json_array_append_new(lines, json_pack("{s:s, s:s}", "number",
		    c->lines[i].number, "channel", c->lines[i].channel));
	return json_pack("{s:o, s:o, s:o, s:I}", "lines", lines,
	    "oncall_number", str_or_null(c->oncall), "fallback",
	    str_or_null(c->fallback), "version", (json_int_t)c->version);
}

static int
api_config_get(struct req *r)
{
	struct tel_config	 c;
	struct db		*db;

	if ((db = req_db(r)) == NULL)
		return -1;
	if (tel_config_load(db, &c) == -1)
		return req_dberror(r, db_err(db));
	return req_json(r, 200, json_pack("{s:o}", "config", config_json(&c)));
}

static const struct jv_field line_members[] = {
	{ .name = "number", .type = JV_STRING, .required = true, .min = 1,
	  .max = 32 },
	{ .name = "channel", .type = JV_STRING, .required = true, .min = 1,
	  .max = 16, .oneof = channels },
	{ .name = NULL }
};
static const struct jv_field line_item = { .name = "", .type = JV_OBJECT,
	.members = line_members };
static const struct jv_field config_fields[] = {
	{ .name = "lines", .type = JV_ARRAY, .required = true, .min = 0,
	  .max = TEL_LINES_MAX, .items = &line_item },
	{ .name = "oncall_number", .type = JV_STRING, .nullable = true,
	  .min = 0, .max = 32 },
	{ .name = "fallback", .type = JV_STRING, .nullable = true, .min = 0,
	  .max = TEL_URI_MAX },
	{ .name = "version", .type = JV_INT, .required = true, .imin = 0,
	  .imax = INT64_MAX },
	{ .name = NULL }
};

struct config_job {
	struct tel_config	*c;
	int64_t			 by;
	int			 rc;
};

static int
config_write(struct db *db, void *arg, struct err *e)
{
	struct config_job	*j = arg;
	struct audit_entry	 a = { j->by, "telephony.config", NULL, 0, "ok",
				    NULL };

	(void)e;
	if ((j->rc = tel_config_save(db, j->c, j->by, clock_now())) != 1)
		return j->rc == 0 ? 0 : -1;
	return audit_append(db, &a);
}

static int
api_config_put(struct req *r)
{
	struct tel_config	 c;
	struct config_job	 j;
	struct err		 e;
	struct db		*db;
	const char		*s;
	json_t			*item;
	size_t			 i, k;
	char			 field[48];

	if (req_check(r, config_fields) == -1)
		return -1;
	memset(&c, 0, sizeof(c));
	c.version = jv_int(r->json, "version", 0);
	json_array_foreach(json_object_get(r->json, "lines"), i, item) {
		snprintf(field, sizeof(field), "lines[%zu].number", i);
		if (phone_normalise(jv_str(item, "number"),
		    c.lines[i].number) == -1)
			return req_error(r, API_EINVALID, field,
			    "a line must be a phone number");
		for (k = 0; k < i; k++)
			if (strcmp(c.lines[k].number, c.lines[i].number) == 0)
				return req_error(r, API_EINVALID, field,
				    "a line is listed twice");
		snprintf(c.lines[i].channel, sizeof(c.lines[i].channel), "%s",
		    jv_str(item, "channel"));
		c.nlines = i + 1;
	}
	if ((s = jv_str(r->json, "oncall_number")) != NULL && *s != '\0' &&
	    phone_normalise(s, c.oncall) == -1)
		return req_error(r, API_EINVALID, "oncall_number",
		    "oncall_number must be a phone number");
	if ((s = jv_str(r->json, "fallback")) != NULL && *s != '\0') {
		if (s[0] != 's' && phone_normalise(s, c.fallback) == 0)
			;	/* a number, normalised */
		else if (tel_fallback_valid(s))
			snprintf(c.fallback, sizeof(c.fallback), "%s", s);
		else
			return req_error(r, API_EINVALID, "fallback",
			    "fallback must be a phone number or a sip: URI "
			    "such as sip:voicemail@pbx.example.org");
	}
	j.c = &c;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), config_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.rc == 0)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "the telephony settings meanwhile: reload them.");
	if ((db = req_db(r)) == NULL)
		return -1;
	if (tel_config_load(db, &c) == -1)
		return req_dberror(r, db_err(db));
	return req_json(r, 200, json_pack("{s:o}", "config", config_json(&c)));
}

/* ---- Extensions. */

static int
ext_add(const struct tel_extension *x, void *arg)
{
	json_array_append_new(arg, json_pack("{s:o, s:s, s:s}", "user",
	    user_json(x->user_id, x->username), "role", x->role, "extension",
	    x->extension));
	return 0;
}

static int
api_extensions(struct req *r)
{
	struct db	*db;
	json_t		*list = json_array();

	if ((db = req_db(r)) == NULL || tel_extensions(db, ext_add, list) ==
	    -1) {
		json_decref(list);
		return db == NULL ? -1 : req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "extensions", list));
}

static const struct jv_field ext_fields[] = {
	{ .name = "extension", .type = JV_STRING, .required = true,
	  .min = TEL_EXT_MIN, .max = TEL_EXT_MAX },
	{ .name = NULL }
};

struct ext_job {
	int64_t		 user;
	const char	*ext;	/* NULL: remove */
	int64_t		 by;
	int		 found;
};

static int
ext_write(struct db *db, void *arg, struct err *e)
{
	struct ext_job		*j = arg;
	struct audit_entry	 a = { j->by, "telephony.extension_set", "user",
				    j->user, "ok", NULL };

	(void)e;
	if (j->ext == NULL) {
		a.action = "telephony.extension_delete";
		if ((j->found = tel_extension_delete(db, j->user)) != 1)
			return j->found == 0 ? 0 : -1;
	} else if (tel_extension_set(db, j->user, j->ext) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
api_extension_put(struct req *r)
{
	struct ext_job	 j;
	struct err	 e;
	struct db	*db;
	int		 rc;

	if (!route_param_int(&r->params, "user_id", &j.user))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	if (req_check(r, ext_fields) == -1)
		return -1;
	j.ext = jv_str(r->json, "extension");
	if (!tel_extension_valid(j.ext))
		return req_error(r, API_EINVALID, "extension", "an extension "
		    "is 2 to 16 digits");
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((rc = staff_is(db, j.user)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_EINVALID, "user_id", "only an enabled "
		    "consultant or coordinator takes calls");
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), ext_write, &j, &e) == -1) {
		if (e.code == ERR_UNIQUE)
			return req_error(r, API_ECONFLICT, "extension", "Another "
			    "user has this extension.");
		return req_dberror(r, &e);
	}
	return req_json(r, 200, json_pack("{s:I, s:s}", "user_id",
	    (json_int_t)j.user, "extension", j.ext));
}

static int
api_extension_delete(struct req *r)
{
	struct ext_job	 j;
	struct err	 e;

	if (!route_param_int(&r->params, "user_id", &j.user))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	j.ext = NULL;
	j.by = r->user_id;
	j.found = 0;
	if (dbpool_write(http_pool(r), ext_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.found == 0)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	return req_bytes(r, 204, "application/json", "", 0, NULL);
}

/* ---- What the SIP server sends. */

/* The caller as sent: a number, or "anonymous" (kept as ""); -1 when
 * it is neither. */
static int
caller_parse(const char *s, char out[PHONE_MAX + 1])
{
	out[0] = '\0';
	if (s != NULL && strcmp(s, "anonymous") == 0)
		return 0;
	return s != NULL ? phone_normalise(s, out) : -1;
}

static const struct jv_field route_fields[] = {
	{ .name = "call_id", .type = JV_STRING, .required = true, .min = 1,
	  .max = TEL_CALL_ID_MAX },
	{ .name = "line", .type = JV_STRING, .required = true, .min = 1,
	  .max = 32 },
	{ .name = "caller", .type = JV_STRING, .required = true, .min = 1,
	  .max = 32 },
	{ .name = NULL }
};

/* Check call_id, line and caller of a hook's body; -1 when answered. */
static int
hook_common(struct req *r, char line[PHONE_MAX + 1],
    char caller[PHONE_MAX + 1])
{
	if (!tel_call_id_valid(jv_str(r->json, "call_id")))
		return req_error(r, API_EINVALID, "call_id", "call_id must be "
		    "the SIP Call-ID: 1 to 128 printable ASCII characters");
	if (phone_normalise(jv_str(r->json, "line"), line) == -1)
		return req_error(r, API_EINVALID, "line", "line must be a "
		    "phone number");
	if (caller_parse(jv_str(r->json, "caller"), caller) == -1)
		return req_error(r, API_EINVALID, "caller", "caller must be a "
		    "phone number or \"anonymous\"");
	return 0;
}

struct ext_list {
	json_t	*list;
	size_t	 n;
};

static int
ext_collect(const struct tel_extension *x, void *arg)
{
	struct ext_list	*l = arg;

	if (l->n >= TEL_GROUP_MAX)
		return 1;
	json_array_append_new(l->list, json_string(x->extension));
	l->n++;
	return 0;
}

static const char *const action_names[] = {
	[TEL_GROUP] = "group", [TEL_FORWARD] = "forward", [TEL_URI] = "uri",
	[TEL_REJECT] = "reject",
};

static int
api_route(struct req *r)
{
	struct tel_config	 c;
	struct calendar_store	 cs;
	struct tel_decision	 d;
	struct ext_list		 x = { NULL, 0 };
	struct db		*db;
	char			 line[PHONE_MAX + 1], caller[PHONE_MAX + 1];
	char			 oncall[65];
	int64_t			 t = tel_now_ms() / 1000, oncall_id;
	int			 shift;
	json_t			*o;

	if (req_check(r, route_fields) == -1 ||
	    hook_common(r, line, caller) == -1)
		return -1;
	sodium_memzero(caller, sizeof(caller));
	if ((db = req_db(r)) == NULL)
		return -1;
	if (tel_config_load(db, &c) == -1 || calendar_load(db, &cs) == -1)
		return req_dberror(r, db_err(db));
	if ((shift = tel_on_shift(db, t, &oncall_id, oncall)) == -1) {
		calendar_release(&cs);
		return req_dberror(r, db_err(db));
	}
	x.list = json_array();
	if (tel_extensions(db, ext_collect, &x) == -1) {
		calendar_release(&cs);
		json_decref(x.list);
		return req_dberror(r, db_err(db));
	}
	tel_decide(&c, &cs.cal, t, line, shift == 1, x.n, &d);
	calendar_release(&cs);
	o = json_pack("{s:s, s:s}", "action", action_names[d.action],
	    "reason", d.reason);
	if (d.action != TEL_REJECT || strcmp(d.reason, "unknown_line") != 0)
		json_object_set_new(o, "out_of_hours",
		    json_boolean(d.out_of_hours));
	if (d.action == TEL_GROUP)
		json_object_set(o, "extensions", x.list);
	else if (d.action == TEL_FORWARD)
		json_object_set_new(o, "number", json_string(d.target));
	else if (d.action == TEL_URI)
		json_object_set_new(o, "uri", json_string(d.target));
	if (d.action == TEL_FORWARD && strcmp(d.reason, "on_call") == 0)
		json_object_set_new(o, "on_call", json_string(oncall));
	json_decref(x.list);
	return req_json(r, 200, o);
}

/* ---- Call events. */

static const struct jv_field event_fields[] = {
	{ .name = "call_id", .type = JV_STRING, .required = true, .min = 1,
	  .max = TEL_CALL_ID_MAX },
	{ .name = "event", .type = JV_STRING, .required = true, .min = 1,
	  .max = 16, .oneof = events },
	{ .name = "line", .type = JV_STRING, .required = true, .min = 1,
	  .max = 32 },
	{ .name = "caller", .type = JV_STRING, .required = true, .min = 1,
	  .max = 32 },
	{ .name = "target", .type = JV_STRING, .min = 1, .max = 16,
	  .oneof = targets },
	{ .name = "extension", .type = JV_STRING, .min = 1,
	  .max = TEL_EXT_MAX },
	{ .name = "reason", .type = JV_STRING, .min = 1, .max = 16,
	  .oneof = reasons },
	{ .name = NULL }
};

struct event_job {
	/* In. */
	const char	*call_id;
	enum call_event	 ev;
	char		 line[PHONE_MAX + 1];
	char		 caller[PHONE_MAX + 1];
	const char	*target;
	const char	*extension;
	const char	*reason;
	int64_t		 now_ms;
	/* Out. */
	struct tel_call	 call;
	enum call_move	 move;
	int64_t		 push_to;	/* a user whose screen is told */
	json_t		*push;		/* what, owned */
};

/* The Warsaw date of t as YYYY-MM-DD, and its local time as HH:MM. */
static void
warsaw_day(int64_t t, char day[16], char hm[8])
{
	struct cal_local	 l = cal_to_local(t);
	unsigned		 y = (unsigned)l.date.y % 10000u;
	unsigned		 m = (unsigned)l.date.m % 13u;
	unsigned		 d = (unsigned)l.date.d % 32u;
	unsigned		 mi = (unsigned)l.minute % 1440u;

	snprintf(day, 16, "%04u-%02u-%02u", y, m, d);
	snprintf(hm, 8, "%02u:%02u", mi / 60, mi % 60);
}

/*
 * The draft contact of a call, for user (inside the write): the call's
 * times, line and number; placeholders that the consultant replaces.
 */
static int
draft_insert(struct db *db, const struct tel_config *cfg,
    struct tel_call *call, int64_t user, int64_t person, bool missed)
{
	const struct tel_line	*l = tel_line_find(cfg, call->line);
	struct contact		 c;
	int			 rc;

	memset(&c, 0, sizeof(c));
	c.started_at = call->started_ms / 1000;
	snprintf(c.channel, sizeof(c.channel), "%s", l != NULL ?
	    l->channel : "office_line");
	snprintf(c.direction, sizeof(c.direction), "incoming");
	snprintf(c.inquirer, sizeof(c.inquirer), "anonymous");
	snprintf(c.urgency, sizeof(c.urgency), "routine");
	snprintf(c.outcome, sizeof(c.outcome), "%s", missed ? "follow_up" :
	    "advice");
	c.consultant_id = user;
	c.out_of_hours = call->out_of_hours;
	c.followup = missed || contact_needs_followup(call->out_of_hours,
	    false, false);
	c.person_id = person;
	c.draft = true;
	snprintf(c.line, sizeof(c.line), "%s", call->line);
	c.caller_number = call->caller[0] != '\0' ? call->caller : NULL;
	rc = contact_insert(db, &c);
	c.caller_number = NULL;		/* borrowed */
	call->contact_id = c.id;
	return rc;
}

/* What the answering consultant's screen shows (inside the write). */
static int
pop_build(struct db *db, struct event_job *j, int64_t person)
{
	struct contact		 c;
	struct audit_entry	 a = { j->call.answered_by,
				    "person.safe_contact.read", "person",
				    person, "ok", "screen_pop" };
	json_t			*p = json_null();
	int			 rc;

	if (contact_get(db, j->call.contact_id, true, &c) != 1)
		return -1;
	if (person != 0) {
		if ((rc = person_pop_json(db, j->call.answered_by, person,
		    &p)) == -1) {
			contact_release(&c);
			return -1;
		}
		if (rc == 0)
			p = json_null();
		else if (audit_append(db, &a) == -1) {
			json_decref(p);
			contact_release(&c);
			return -1;
		}
	}
	j->push = json_pack("{s:s, s:s, s:o, s:{s:o, s:b, s:o}}", "call_id",
	    j->call.call_id, "state", "answered", "contact",
	    contact_json(&c, true), "caller", "number",
	    str_or_null(j->call.caller), "known", person != 0, "person", p);
	j->push_to = j->call.answered_by;
	contact_release(&c);
	return 0;
}

/* The call-back of a missed call from a number (inside the write). */
static int
callback_insert(struct db *db, struct event_job *j, int64_t user,
    int64_t person)
{
	char	 due[16], hm[8], at[16], title[64];

	warsaw_day(j->now_ms / 1000, due, hm);
	warsaw_day(j->call.started_ms / 1000, at, hm);
	/* Words come from the task's kind, in the reader's language. */
	snprintf(title, sizeof(title), "%s · %s %s", j->call.caller, at, hm);
	return task_insert(db, 0, person, j->call.contact_id, "callback",
	    "telephony", title, due, user, 0, &j->call.task_id);
}

static int
event_answered(struct db *db, struct event_job *j,
    const struct tel_config *cfg, int64_t person)
{
	char	 name[65];
	int	 rc = 0;
	bool	 known = false;		/* who took the call is certain */

	j->call.answered_ms = j->now_ms;
	if (j->extension != NULL) {
		snprintf(j->call.extension, sizeof(j->call.extension), "%s",
		    j->extension);
		rc = tel_extension_user(db, j->extension,
		    &j->call.answered_by);
		known = rc == 1;
	} else if (strcmp(j->call.target, "oncall") == 0) {
		rc = tel_on_shift(db, j->call.started_ms / 1000,
		    &j->call.answered_by, name);
		known = rc == 1;
	}
	if (rc == 0)
		rc = tel_responsible(db, j->call.started_ms / 1000, person,
		    &j->call.answered_by);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		log_warnx("telephony: a call was answered and no user takes "
		    "it: add a coordinator");
		return 0;
	}
	if (draft_insert(db, cfg, &j->call, j->call.answered_by, person,
	    false) == -1)
		return -1;
	/*
	 * An extension nobody has, or a phone the rota does not name: the
	 * draft goes to whoever the call belongs to, but no screen shows the
	 * caller to someone who did not take the call.
	 */
	if (!known) {
		log_warnx("telephony: a call was answered by an unknown phone "
		    "(extension %s): no screen-pop", j->call.extension[0] ?
		    j->call.extension : "none");
		return 0;
	}
	return pop_build(db, j, person);
}

static int
event_ended(struct db *db, struct event_job *j)
{
	/* Not over a duration that a consultant has written meanwhile. */
	static const char sql[] = "UPDATE contact SET duration_s = ? "
	    "WHERE id = ? AND (draft = 1 OR duration_s = 0)";
	struct db_stmt	*st;
	int64_t		 d;

	j->call.ended_ms = j->now_ms;
	d = call_duration_s(j->call.answered_ms, j->call.ended_ms);
	if (j->call.contact_id != 0) {
		/* A fact of the call, not a correction: no new version, so a
		 * consultant completing the draft meanwhile is not refused. */
		if ((st = db_prepare(db, sql)) == NULL)
			return -1;
		db_bind_i64(st, 1, d);
		db_bind_i64(st, 2, j->call.contact_id);
		if (db_done(st) == -1)
			return -1;
	}
	if (j->call.answered_by != 0) {
		j->push_to = j->call.answered_by;
		j->push = json_pack("{s:s, s:s, s:o, s:I}", "call_id",
		    j->call.call_id, "state", "ended", "contact_id",
		    j->call.contact_id != 0 ? json_integer(j->call.contact_id) :
		    json_null(), "duration_seconds", (json_int_t)d);
	}
	return 0;
}

static int
event_missed(struct db *db, struct event_job *j,
    const struct tel_config *cfg, int64_t person)
{
	int64_t	 user;
	int	 rc;

	snprintf(j->call.missed_reason, sizeof(j->call.missed_reason), "%s",
	    j->reason != NULL ? j->reason : "no_answer");
	if ((rc = tel_responsible(db, j->call.started_ms / 1000, person,
	    &user)) == -1)
		return -1;
	if (rc == 0) {
		log_warnx("telephony: a call was missed and no user takes it: "
		    "add a coordinator");
		return 0;
	}
	if (draft_insert(db, cfg, &j->call, user, person, true) == -1)
		return -1;
	if (j->call.caller[0] == '\0')
		return 0;	/* nobody to call back */
	return callback_insert(db, j, user, person);
}

static int
event_write(struct db *db, void *arg, struct err *e)
{
	struct event_job	*j = arg;
	struct tel_config	 cfg;
	struct calendar_store	 cs;
	struct audit_entry	 a = { 0, "telephony.call", "call", 0, "ok",
				    NULL };
	enum call_state		 next;
	int64_t			 person = 0;
	int			 rc;

	(void)e;
	/* A retried transaction starts anew (pool.c). */
	json_decref(j->push);
	j->push = NULL;
	j->push_to = 0;
	if ((rc = tel_call_get(db, j->call_id, &j->call)) == -1)
		return -1;
	if (rc == 0) {
		/* A call not seen yet starts now, whatever event came. */
		snprintf(j->call.call_id, sizeof(j->call.call_id), "%s",
		    j->call_id);
		snprintf(j->call.line, sizeof(j->call.line), "%s", j->line);
		snprintf(j->call.caller, sizeof(j->call.caller), "%s",
		    j->caller);
		snprintf(j->call.target, sizeof(j->call.target), "%s",
		    j->target != NULL ? j->target : "group");
		j->call.started_ms = j->now_ms;
		if (calendar_load(db, &cs) == -1)
			return -1;
		j->call.out_of_hours = !cal_is_open(&cs.cal,
		    j->now_ms / 1000);
		calendar_release(&cs);
	}
	if ((j->move = call_next(j->call.state, j->ev, &next)) != CALL_MOVE)
		return 0;
	if (j->call.caller[0] != '\0' &&
	    person_find_phone(db, j->call.caller, &person) == -1)
		return -1;
	if (tel_config_load(db, &cfg) == -1)
		return -1;
	j->call.state = next;
	if (rc == 0 && tel_call_insert(db, &j->call) == -1)
		return -1;
	if (next == CALL_ANSWERED)
		rc = event_answered(db, j, &cfg, person);
	else if (next == CALL_ENDED)
		rc = event_ended(db, j);
	else if (next == CALL_MISSED)
		rc = event_missed(db, j, &cfg, person);
	else
		rc = 0;
	if (rc == -1 || tel_call_update(db, &j->call) == -1)
		return -1;
	a.object_id = j->call.id;
	a.detail = call_state_name(next);
	return audit_append(db, &a);
}

static int
api_event(struct req *r)
{
	struct event_job	 j;
	struct err		 e;
	struct db		*db;
	json_t			*o;
	int			 rc;

	if (req_check(r, event_fields) == -1)
		return -1;
	memset(&j, 0, sizeof(j));
	if (hook_common(r, j.line, j.caller) == -1)
		return -1;
	(void)call_event_parse(jv_str(r->json, "event"), &j.ev);
	j.call_id = jv_str(r->json, "call_id");
	j.target = jv_str(r->json, "target");
	j.extension = jv_str(r->json, "extension");
	j.reason = jv_str(r->json, "reason");
	if (j.extension != NULL && (j.ev != CEV_ANSWERED ||
	    !tel_extension_valid(j.extension))) {
		rc = req_error(r, API_EINVALID, "extension", "extension is 2 "
		    "to 16 digits, sent with an answered call only");
		goto out;
	}
	if (j.reason != NULL && j.ev != CEV_MISSED) {
		rc = req_error(r, API_EINVALID, "reason", "reason is sent with "
		    "a missed call only");
		goto out;
	}
	j.now_ms = tel_now_ms();
	if (dbpool_write(http_pool(r), event_write, &j, &e) == -1) {
		rc = req_dberror(r, &e);
		goto out;
	}
	if (j.move == CALL_IMPOSSIBLE) {
		rc = req_error(r, API_ECONFLICT, "event", "This event cannot "
		    "follow what the call reported before.");
		goto out;
	}
	/* Committed: now the answering consultant's screen may show it. */
	if (j.push != NULL) {
		if ((db = req_db(r)) == NULL) {
			rc = -1;
			goto out;
		}
		tel_hub_push(db, j.push_to, "call", j.push);
		j.push = NULL;
	}
	o = json_pack("{s:{s:s, s:s, s:o, s:o}}", "call", "call_id",
	    j.call.call_id, "state", call_state_name(j.call.state),
	    "contact_id", j.call.contact_id != 0 ?
	    json_integer(j.call.contact_id) : json_null(), "task_id",
	    j.call.task_id != 0 ? json_integer(j.call.task_id) : json_null());
	rc = req_json(r, 200, o);
out:
	json_decref(j.push);
	sodium_memzero(j.caller, sizeof(j.caller));
	sodium_memzero(j.call.caller, sizeof(j.call.caller));
	return rc;
}

/* ---- The call screen's stream. */

static int
api_stream(struct req *r)
{
	return tel_hub_listen(r);
}

const struct route telephony_routes[] = {
	{ HTTP_GET, "/api/v1/telephony/config", "telephony.config",
	  api_config_get, PERM_CONTACTS, 0 },
	{ HTTP_PUT, "/api/v1/telephony/config", "telephony.config_set",
	  api_config_put, PERM_CALENDAR_EDIT, TEL_CONFIG_BODY },
	{ HTTP_GET, "/api/v1/telephony/extensions", "telephony.extensions",
	  api_extensions, PERM_CONTACTS, 0 },
	{ HTTP_PUT, "/api/v1/telephony/extensions/{user_id:int}",
	  "telephony.extension_set", api_extension_put, PERM_CALENDAR_EDIT,
	  256 },
	{ HTTP_DELETE, "/api/v1/telephony/extensions/{user_id:int}",
	  "telephony.extension_delete", api_extension_delete,
	  PERM_CALENDAR_EDIT, 0 },
	{ HTTP_POST, "/api/v1/telephony/route", "telephony.route", api_route,
	  PERM_SIP, TEL_ROUTE_BODY },
	{ HTTP_POST, "/api/v1/telephony/events", "telephony.event", api_event,
	  PERM_SIP, TEL_EVENT_BODY },
	{ HTTP_GET, "/api/v1/telephony/stream", "telephony.stream", api_stream,
	  PERM_CONTACTS, 0 },
};
const size_t telephony_nroutes = sizeof(telephony_routes) /
    sizeof(telephony_routes[0]);
