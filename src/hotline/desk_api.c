/*
 * The hotline desk's routes: the follow-up queue, the morning hand-over,
 * the service calendar, the on-call rota and the staff list.  Coordinators
 * change the calendar and the rota; everyone logged in reads them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/user.h"
#include "base/clock.h"
#include "base/valid.h"
#include "http/jv.h"
#include "hotline/desk.h"
#include "hotline/hotline_api.h"

#define ROTA_DEFAULT_DAYS	14
#define ROTA_MAX_DAYS		92
#define GAPS_MAX		200

/* Follow-ups. */

static int
api_followups(struct req *r)
{
	struct contact_filter	 f;

	memset(&f, 0, sizeof(f));
	f.followup_open = 1;
	return contact_list_answer(r, &f, true, "followups", NULL);
}

struct done_job {
	int64_t	 id;
	int64_t	 by;
	int	 found;
};

static int
done_write(struct db *db, void *arg, struct err *e)
{
	struct done_job		*j = arg;
	struct audit_entry	 a = { j->by, "followup.done", "contact", j->id,
				    "ok", NULL };

	(void)e;
	if ((j->found = contact_followup_done(db, j->id, j->by,
	    clock_now())) != 1)
		return j->found == 0 ? 0 : -1;
	return audit_append(db, &a);
}

static int
api_followup_done(struct req *r)
{
	struct done_job	 j = { 0, r->user_id, 0 };
	struct err	 e;

	if (!route_param_int(&r->params, "id", &j.id))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	if (dbpool_write(http_pool(r), done_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.found != 1)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	return req_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* The hand-over: the last out-of-hours period, up to the last opening. */

static int
handover_period(struct req *r, struct db *db, int64_t *from, int64_t *to)
{
	struct calendar_store	 cs;

	if (calendar_load(db, &cs) == -1)
		return req_dberror(r, db_err(db));
	*to = cal_last_open(&cs.cal, clock_now());
	*from = *to < 0 ? -1 : cal_last_close(&cs.cal, *to);
	calendar_release(&cs);
	if (*to < 0 || *from < 0)
		return req_error(r, API_ENOTFOUND, NULL, "The office has not "
		    "opened in the last year: there is no hand-over.");
	return 0;
}

static json_t *
ack_json(struct db *db, int64_t opened_at, int *rc)
{
	char	 name[65];
	int64_t	 by, at;

	if ((*rc = handover_ack_get(db, opened_at, &by, name, &at)) != 1)
		return json_null();
	return json_pack("{s:{s:I, s:s}, s:o}", "by", "id", (json_int_t)by,
	    "username", name, "at", hotline_time_json(at));
}

static int
api_handover(struct req *r)
{
	struct contact_filter	 f;
	struct db		*db;
	json_t			*ack;
	int			 rc;

	if ((db = req_db(r)) == NULL)
		return -1;
	memset(&f, 0, sizeof(f));
	f.oldest_first = true;
	if (handover_period(r, db, &f.from, &f.to) == -1)
		return -1;
	ack = ack_json(db, f.to, &rc);
	if (rc == -1)
		return req_dberror(r, db_err(db));
	return contact_list_answer(r, &f, true, "contacts", json_pack(
	    "{s:{s:o, s:o}, s:o}", "period", "from", hotline_time_json(f.from),
	    "to", hotline_time_json(f.to), "acknowledged", ack));
}

static const struct jv_field ack_fields[] = {
	{ .name = "to", .type = JV_STRING, .required = true, .min = 1,
	  .max = 40 },
	{ .name = NULL }
};

struct ack_job {
	int64_t	 opened_at;
	int64_t	 by;
};

static int
ack_write(struct db *db, void *arg, struct err *e)
{
	struct ack_job		*j = arg;
	struct audit_entry	 a = { j->by, "handover.ack", NULL, 0, "ok",
				    NULL };

	(void)e;
	if (handover_ack_add(db, j->opened_at, j->by, clock_now()) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
api_handover_ack(struct req *r)
{
	struct ack_job	 j;
	struct err	 e;
	struct db	*db;
	json_t		*ack;
	int64_t		 from, to, given;
	int		 rc;

	if (req_check(r, ack_fields) == -1 || (db = req_db(r)) == NULL)
		return -1;
	if (handover_period(r, db, &from, &to) == -1)
		return -1;
	if (iso8601_parse(jv_str(r->json, "to"), &given) == -1 || given != to)
		return req_error(r, API_EINVALID, "to", "to must be the end of "
		    "the current hand-over period");
	j.opened_at = to;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), ack_write, &j, &e) == -1) {
		if (e.code == ERR_UNIQUE)
			return req_error(r, API_ECONFLICT, NULL, "This "
			    "hand-over was acknowledged already.");
		return req_dberror(r, &e);
	}
	ack = ack_json(db, to, &rc);
	if (rc != 1) {
		json_decref(ack);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "acknowledged", ack));
}

/* The service calendar. */

static void
hhmm(int minute, char out[8])
{
	unsigned	 m = minute < 0 || minute > 1440 ? 0 : (unsigned)minute;

	snprintf(out, 8, "%02u:%02u", m / 60, m % 60);
}

static json_t *
day_json(int32_t key)
{
	char	 s[16];

	snprintf(s, sizeof(s), "%04d-%02d-%02d", key / 10000,
	    (key / 100) % 100, key % 100);
	return json_string(s);
}

static int
calendar_answer(struct req *r, struct db *db, int year)
{
	struct calendar_store	 cs;
	struct cal_date		 dt;
	const char		*name;
	json_t			*hours, *closures, *holidays;
	char			 o[8], c[8];
	int64_t			 day, now = clock_now();
	size_t			 i;
	int			 w;

	if (calendar_load(db, &cs) == -1)
		return req_dberror(r, db_err(db));
	hours = json_array();
	for (w = 0; w < WEEKDAY__MAX; w++) {
		hhmm(cs.cal.open[w], o);
		hhmm(cs.cal.close[w], c);
		json_array_append_new(hours, json_pack("{s:i, s:s, s:s, s:b}",
		    "weekday", w, "open", o, "close", c, "closed",
		    cs.cal.open[w] >= cs.cal.close[w]));
	}
	closures = json_array();
	for (i = 0; i < cs.cal.nclosures; i++)
		json_array_append_new(closures, json_pack("{s:o, s:s}", "day",
		    day_json(cs.closures[i]), "note", cs.notes[i]));
	holidays = json_array();
	dt.y = year;
	dt.m = 1;
	dt.d = 1;
	for (day = cal_days(dt); cal_date_of(day).y == year; day++)
		if (cal_is_holiday(cal_date_of(day), &name))
			json_array_append_new(holidays, json_pack("{s:o, s:s}",
			    "day", day_json(cal_date_key(cal_date_of(day))),
			    "name", name));
	w = cal_is_open(&cs.cal, now);
	day = cal_next_open(&cs.cal, now);
	now = cal_next_close(&cs.cal, now);
	calendar_release(&cs);
	return req_json(r, 200, json_pack("{s:o, s:o, s:o, s:{s:b, s:o, s:o}}",
	    "hours", hours, "closures", closures, "holidays", holidays, "now",
	    "open", w, "next_open", hotline_time_json(day), "next_close",
	    hotline_time_json(now)));
}

static int
api_calendar(struct req *r)
{
	struct db	*db;
	const char	*ys = req_query(r, "year");
	int64_t		 year = cal_to_local(clock_now()).date.y;

	if (ys != NULL && *ys != '\0' && !valid_i64(ys, strlen(ys), 1970,
	    2999, &year))
		return req_error(r, API_EINVALID, "year", "year must be a year "
		    "from 1970 to 2999");
	if ((db = req_db(r)) == NULL)
		return -1;
	return calendar_answer(r, db, (int)year);
}

/* "HH:MM" (00:00 to 24:00) into minutes; -1 when malformed. */
static int
parse_hhmm(const char *s)
{
	int64_t	 h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    !valid_i64(s, 2, 0, 24, &h) || !valid_i64(s + 3, 2, 0, 59, &m) ||
	    (h == 24 && m != 0))
		return -1;
	return (int)(h * 60 + m);
}

static const struct jv_field hours_fields[] = {
	{ .name = "hours", .type = JV_ARRAY, .required = true, .min = 7,
	  .max = 7 },
	{ .name = NULL }
};

static const struct jv_field day_hours_fields[] = {
	{ .name = "weekday", .type = JV_INT, .required = true, .imin = 0,
	  .imax = 6 },
	{ .name = "open", .type = JV_STRING, .required = true, .min = 5,
	  .max = 5 },
	{ .name = "close", .type = JV_STRING, .required = true, .min = 5,
	  .max = 5 },
	{ .name = "closed", .type = JV_BOOL },
	{ .name = NULL }
};

struct hours_job {
	int	 open[WEEKDAY__MAX], close[WEEKDAY__MAX];
	int64_t	 by;
};

static int
hours_write(struct db *db, void *arg, struct err *e)
{
	struct hours_job	*j = arg;
	struct audit_entry	 a = { j->by, "calendar.hours", NULL, 0, "ok",
				    NULL };

	(void)e;
	if (hours_set(db, j->open, j->close) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
api_calendar_hours(struct req *r)
{
	struct hours_job	 j;
	struct jv_error		 je;
	struct err		 e;
	struct db		*db;
	json_t			*item;
	bool			 seen[WEEKDAY__MAX] = { false };
	size_t			 i;
	int			 w;

	if (req_check(r, hours_fields) == -1)
		return -1;
	json_array_foreach(json_object_get(r->json, "hours"), i, item) {
		if (jv_check(item, day_hours_fields, &je) == -1)
			return req_error(r, API_EINVALID, "hours", je.msg);
		w = (int)jv_int(item, "weekday", 0);
		j.open[w] = parse_hhmm(jv_str(item, "open"));
		j.close[w] = parse_hhmm(jv_str(item, "close"));
		if (seen[w] || j.open[w] < 0 || j.close[w] < 0)
			return req_error(r, API_EINVALID, "hours", "hours must "
			    "give each weekday once, with times as HH:MM");
		if (jv_bool(item, "closed", false))
			j.open[w] = j.close[w] = 0;
		seen[w] = true;
	}
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), hours_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if ((db = req_db(r)) == NULL)
		return -1;
	return calendar_answer(r, db, cal_to_local(clock_now()).date.y);
}

static const struct jv_field closure_fields[] = {
	{ .name = "day", .type = JV_STRING, .required = true, .min = 10,
	  .max = 10 },
	{ .name = "note", .type = JV_STRING, .required = true, .min = 1,
	  .max = 200 },
	{ .name = NULL }
};

struct closure_job {
	int32_t		 day;
	const char	*note;
	int64_t		 by;
	int		 found;
};

static int
closure_write(struct db *db, void *arg, struct err *e)
{
	struct closure_job	*j = arg;
	struct audit_entry	 a = { j->by, "calendar.closure_add", NULL,
				    j->day, "ok", NULL };

	(void)e;
	if (j->note == NULL) {
		a.action = "calendar.closure_delete";
		if ((j->found = closure_delete(db, j->day)) != 1)
			return j->found == 0 ? 0 : -1;
	} else if (closure_add(db, j->day, j->note, j->by) == -1)
		return -1;
	return audit_append(db, &a);
}

/* "YYYY-MM-DD" of a real date into YYYYMMDD; -1 when not. */
static int32_t
parse_day(const char *s)
{
	int64_t		 t;
	char		 iso[32];
	struct cal_date	 dt;

	snprintf(iso, sizeof(iso), "%sT12:00Z", s);
	if (strlen(s) != 10 || iso8601_parse(iso, &t) == -1)
		return -1;
	dt = cal_date_of(t / 86400);
	return cal_date_key(dt);
}

static int
api_closure_add(struct req *r)
{
	struct closure_job	 j;
	struct err		 e;

	if (req_check(r, closure_fields) == -1)
		return -1;
	if ((j.day = parse_day(jv_str(r->json, "day"))) < 0)
		return req_error(r, API_EINVALID, "day", "day must be a date "
		    "as YYYY-MM-DD");
	j.note = jv_str(r->json, "note");
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), closure_write, &j, &e) == -1) {
		if (e.code == ERR_UNIQUE)
			return req_error(r, API_ECONFLICT, "day", "The office "
			    "is closed that day already.");
		return req_dberror(r, &e);
	}
	return req_json(r, 201, json_pack("{s:o, s:s}", "day", day_json(j.day),
	    "note", j.note));
}

static int
api_closure_delete(struct req *r)
{
	struct closure_job	 j;
	struct err		 e;
	int64_t			 day;

	if (!route_param_int(&r->params, "day", &day) || day > 29991231)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	j.day = (int32_t)day;
	j.note = NULL;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), closure_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.found != 1)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	return req_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* The on-call rota. */

static json_t *
shift_json(const struct shift *s)
{
	return json_pack("{s:I, s:{s:I, s:s}, s:o, s:o}", "id",
	    (json_int_t)s->id, "user", "id", (json_int_t)s->user_id,
	    "username", s->username, "starts_at",
	    hotline_time_json(s->starts_at), "ends_at",
	    hotline_time_json(s->ends_at));
}

struct rota_ctx {
	json_t		*list;
	struct span	*spans;
	size_t		 n, cap;
	json_t		*now;
	int64_t		 t;
};

static int
rota_add(const struct shift *s, void *arg)
{
	struct rota_ctx	*c = arg;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->spans = realloc(c->spans, c->cap * sizeof(*c->spans));
		if (c->spans == NULL)
			return -1;
	}
	c->spans[c->n].start = s->starts_at;
	c->spans[c->n].end = s->ends_at;
	c->n++;
	return json_array_append_new(c->list, shift_json(s));
}

/* Who is on call now, whatever window was asked for. */
static int
rota_now(const struct shift *s, void *arg)
{
	json_t	**now = arg;

	if (*now == NULL)
		*now = shift_json(s);
	return 0;
}

static int
api_oncall(struct req *r)
{
	struct rota_ctx		 c;
	struct calendar_store	 cs;
	struct span		 gaps[GAPS_MAX];
	struct db		*db;
	json_t			*gl;
	int64_t			 from = clock_now(), to;
	size_t			 n = 0, i;
	int			 rc;

	if (req_query(r, "from") != NULL && iso8601_parse(req_query(r, "from"),
	    &from) == -1)
		return req_error(r, API_EINVALID, "from", "from must be an ISO "
		    "8601 time with an offset");
	if (req_query(r, "to") != NULL) {
		if (iso8601_parse(req_query(r, "to"), &to) == -1)
			return req_error(r, API_EINVALID, "to", "to must be an "
			    "ISO 8601 time with an offset");
	} else
		to = from + ROTA_DEFAULT_DAYS * 86400;
	if (to <= from || to - from > ROTA_MAX_DAYS * 86400)
		return req_error(r, API_EINVALID, "to", "to must be after from, "
		    "at most 92 days on");
	if ((db = req_db(r)) == NULL)
		return -1;
	memset(&c, 0, sizeof(c));
	c.list = json_array();
	c.t = clock_now();
	if ((rc = shift_list(db, from, to, rota_add, &c)) == 0 &&
	    (rc = shift_list(db, c.t, c.t + 1, rota_now, &c.now)) == 0 &&
	    (rc = calendar_load(db, &cs)) == 0) {
		n = rota_gaps(&cs.cal, c.spans, c.n, from, to, gaps, GAPS_MAX);
		calendar_release(&cs);
	}
	free(c.spans);
	if (rc == -1) {
		json_decref(c.list);
		json_decref(c.now);
		return req_dberror(r, db_err(db));
	}
	gl = json_array();
	for (i = 0; i < n && i < GAPS_MAX; i++)
		json_array_append_new(gl, json_pack("{s:o, s:o}", "start",
		    hotline_time_json(gaps[i].start), "end",
		    hotline_time_json(gaps[i].end)));
	return req_json(r, 200, json_pack("{s:o, s:o, s:o}", "shifts", c.list,
	    "gaps", gl, "now", c.now != NULL ? c.now : json_null()));
}

static const struct jv_field shift_fields[] = {
	{ .name = "user_id", .type = JV_INT, .required = true, .imin = 1,
	  .imax = INT64_MAX },
	{ .name = "starts_at", .type = JV_STRING, .required = true, .min = 1,
	  .max = 40 },
	{ .name = "ends_at", .type = JV_STRING, .required = true, .min = 1,
	  .max = 40 },
	{ .name = NULL }
};

struct shift_job {
	struct shift	 s;
	int64_t		 by;
	int		 ok;	/* 0: user is not staff, or no such shift */
};

static int
shift_write(struct db *db, void *arg, struct err *e)
{
	struct shift_job	*j = arg;
	struct audit_entry	 a = { j->by, "oncall.add", "user",
				    j->s.user_id, "ok", NULL };

	(void)e;
	struct user		 u;

	if ((j->ok = staff_is(db, j->s.user_id)) != 1)
		return j->ok == 0 ? 0 : -1;
	if (shift_add(db, &j->s, j->by, &j->s.id) == -1 ||
	    user_by_id(db, j->s.user_id, &u) != 1)
		return -1;
	snprintf(j->s.username, sizeof(j->s.username), "%s", u.username);
	return audit_append(db, &a);
}

static int
api_oncall_add(struct req *r)
{
	struct shift_job	 j;
	struct err		 e;

	if (req_check(r, shift_fields) == -1)
		return -1;
	memset(&j, 0, sizeof(j));
	j.s.user_id = jv_int(r->json, "user_id", 0);
	if (iso8601_parse(jv_str(r->json, "starts_at"), &j.s.starts_at) == -1)
		return req_error(r, API_EINVALID, "starts_at", "starts_at must "
		    "be an ISO 8601 time with an offset");
	if (iso8601_parse(jv_str(r->json, "ends_at"), &j.s.ends_at) == -1)
		return req_error(r, API_EINVALID, "ends_at", "ends_at must be "
		    "an ISO 8601 time with an offset");
	if (j.s.ends_at <= j.s.starts_at || j.s.ends_at - j.s.starts_at >
	    31 * 86400)
		return req_error(r, API_EINVALID, "ends_at", "a shift ends "
		    "after it starts, within 31 days");
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), shift_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.ok != 1)
		return req_error(r, API_EINVALID, "user_id", "the on-call "
		    "person must be an enabled consultant or coordinator");
	return req_json(r, 201, json_pack("{s:o}", "shift", shift_json(&j.s)));
}

static int
shift_delete_write(struct db *db, void *arg, struct err *e)
{
	struct shift_job	*j = arg;
	struct audit_entry	 a = { j->by, "oncall.delete", "shift",
				    j->s.id, "ok", NULL };

	(void)e;
	if ((j->ok = shift_delete(db, j->s.id)) != 1)
		return j->ok == 0 ? 0 : -1;
	return audit_append(db, &a);
}

static int
api_oncall_delete(struct req *r)
{
	struct shift_job	 j;
	struct err		 e;

	memset(&j, 0, sizeof(j));
	if (!route_param_int(&r->params, "id", &j.s.id))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), shift_delete_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.ok != 1)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	return req_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static int
staff_add(const struct staff *s, void *arg)
{
	return json_array_append_new(arg, json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)s->id, "username", s->username, "role", s->role));
}

static int
api_staff(struct req *r)
{
	struct db	*db;
	json_t		*list;

	if ((db = req_db(r)) == NULL)
		return -1;
	list = json_array();
	if (staff_list(db, staff_add, list) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "staff", list));
}

const struct route desk_routes[] = {
	{ HTTP_GET, "/api/v1/followups", "followups.list", api_followups,
	  PERM_CONTACTS, 0 },
	{ HTTP_POST, "/api/v1/followups/{id:int}/done", "followups.done",
	  api_followup_done, PERM_CONTACTS, 0 },
	{ HTTP_GET, "/api/v1/handover", "handover.get", api_handover,
	  PERM_CONTACTS, 0 },
	{ HTTP_POST, "/api/v1/handover/ack", "handover.ack", api_handover_ack,
	  PERM_CONTACTS, 1024 },
	{ HTTP_GET, "/api/v1/calendar", "calendar.get", api_calendar,
	  PERM_SESSION, 0 },
	{ HTTP_PUT, "/api/v1/calendar/hours", "calendar.hours",
	  api_calendar_hours, PERM_CALENDAR_EDIT, 4096 },
	{ HTTP_POST, "/api/v1/calendar/closures", "calendar.closure_add",
	  api_closure_add, PERM_CALENDAR_EDIT, 1024 },
	{ HTTP_DELETE, "/api/v1/calendar/closures/{day:int}",
	  "calendar.closure_delete", api_closure_delete, PERM_CALENDAR_EDIT,
	  0 },
	{ HTTP_GET, "/api/v1/oncall", "oncall.list", api_oncall, PERM_SESSION,
	  0 },
	{ HTTP_POST, "/api/v1/oncall", "oncall.add", api_oncall_add,
	  PERM_CALENDAR_EDIT, 1024 },
	{ HTTP_DELETE, "/api/v1/oncall/{id:int}", "oncall.delete",
	  api_oncall_delete, PERM_CALENDAR_EDIT, 0 },
	{ HTTP_GET, "/api/v1/staff", "staff.list", api_staff, PERM_STAFF, 0 },
};
const size_t desk_nroutes = sizeof(desk_routes) / sizeof(desk_routes[0]);
