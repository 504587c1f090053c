/*
 * Shelters (coordinators manage them), the bed board and occupancy
 * figures; rooms, beds and beds out of service are room_api.c's, safety
 * incidents incident_api.c's.
 *
 * The address and phone of a shelter are sealed and answered by one route
 * only, GET /api/v1/shelters/{id}, and only to shelter staff, coordinators
 * and the key consultant of a case placed or expected there; each answer
 * writes "shelter.address" to the audit log.  Lists, the board, occupancy,
 * incidents, the time line, audit details and the log never carry them.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/valid.h"
#include "cases/cases.h"
#include "hotline/enums.h"
#include "hotline/hotline.h"
#include "hotline/hotline_api.h"
#include "http/jv.h"
#include "shelter/shelter.h"

#define NAME_MAX_CH	120
#define ADDRESS_MAX	500
#define PHONE_MAX_CH	40

enum shelter_stmt {
	K_LIST,
	K_INSERT,
	K_SEAL_ADDRESS,
	K_SEAL_PHONE,
	K_GET,
	K_UPDATE,
	K_ORG_EXISTS,
	K_KEY_PLACED,
	K_ROOMS_BEDS,
	K_BLOCKS,
	K_BEDS,
	K_BOARD_PLACEMENTS,
	K_SHELTER_IDS,
	K_RESIDENTS,
	K_SHELTER_PLACEMENTS,
	K__MAX
};

static const char *const shelter_sql[K__MAX] = {
	[K_LIST] = "SELECT s.id, s.name, s.kind, s.organisation_id, o.name, "
	    "s.active, s.version, (SELECT count(*) FROM shelter_bed b WHERE "
	    "b.shelter_id = s.id AND b.active = 1), (SELECT count(*) FROM "
	    "placement p WHERE p.shelter_id = s.id AND p.status = 'active') "
	    "FROM shelter s LEFT JOIN organisation o ON o.id = "
	    "s.organisation_id WHERE (? = 1 OR s.active = 1) "
	    "ORDER BY s.name, s.id LIMIT 500",
	[K_INSERT] = "INSERT INTO shelter (name, kind, organisation_id, active, "
	    "version, created_by, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
	[K_SEAL_ADDRESS] = "UPDATE shelter SET address = ? WHERE id = ?",
	[K_SEAL_PHONE] = "UPDATE shelter SET phone = ? WHERE id = ?",
	[K_GET] = "SELECT s.id, s.name, s.kind, s.organisation_id, o.name, "
	    "s.active, s.version, s.created_at, s.updated_at, s.address, "
	    "s.phone FROM shelter s LEFT JOIN organisation o ON "
	    "o.id = s.organisation_id WHERE s.id = ?",
	[K_UPDATE] = "UPDATE shelter SET name = ?, kind = ?, "
	    "organisation_id = ?, active = ?, version = version + 1, "
	    "updated_at = ? WHERE id = ? AND version = ? RETURNING version",
	[K_ORG_EXISTS] = "SELECT count(*) FROM organisation WHERE id = ?",
	[K_KEY_PLACED] = "SELECT count(*) FROM placement p JOIN case_file c "
	    "ON c.id = p.case_id WHERE p.shelter_id = ? AND p.status IN "
	    "('reserved', 'active') AND c.key_consultant_id = ?",
	[K_ROOMS_BEDS] = "SELECT r.id, r.name, b.id, b.label, b.active "
	    "FROM shelter_room r LEFT JOIN shelter_bed b ON b.room_id = r.id "
	    "WHERE r.shelter_id = ? ORDER BY r.name, r.id, b.label, b.id",
	[K_BLOCKS] = "SELECT k.id, k.bed_id, k.from_day, k.to_day, k.reason "
	    "FROM bed_block k JOIN shelter_bed b ON b.id = k.bed_id WHERE "
	    "b.shelter_id = ? AND k.to_day >= ? AND k.from_day <= ? "
	    "ORDER BY k.from_day, k.id",
	[K_BEDS] = "SELECT b.id, b.label, r.id, r.name FROM shelter_bed b "
	    "JOIN shelter_room r ON r.id = b.room_id WHERE b.shelter_id = ? "
	    "AND b.active = 1 ORDER BY r.name, r.id, b.label, b.id",
	[K_BOARD_PLACEMENTS] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM
	    "WHERE p.shelter_id = ? AND p.status <> 'cancelled' AND "
	    "p.check_in <= ? AND (p.status <> 'ended' OR "
	    "p.actual_departure > ?) ORDER BY p.check_in, p.id",
	[K_SHELTER_IDS] = "SELECT id, name, kind FROM shelter WHERE "
	    "active = 1 ORDER BY name, id LIMIT 500",
	[K_RESIDENTS] = "SELECT count(*) FROM placement WHERE shelter_id = ? "
	    "AND status = 'active'",
	[K_SHELTER_PLACEMENTS] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM
	    "WHERE p.shelter_id = ? AND (? = 1 OR p.status IN ('reserved', "
	    "'active')) ORDER BY p.check_in DESC, p.id DESC LIMIT 500",
};

/* ---- Validation tables (enumerations filled once from enums.c). */

static struct jv_field shelter_create_fields[] = {
	{ "name", JV_STRING, true, false, 1, NAME_MAX_CH, 0, 0, NULL, NULL,
	  NULL },
	{ "kind", JV_STRING, true, false, 1, 24, 0, 0, NULL, NULL, NULL },
	{ "organisation_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL,
	  NULL, NULL },
	{ "address", JV_TEXT, false, true, 0, ADDRESS_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "phone", JV_STRING, false, true, 0, PHONE_MAX_CH, 0, 0, NULL, NULL,
	  NULL },
	{ "active", JV_BOOL, false, false, 0, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static struct jv_field shelter_patch_fields[] = {
	{ "name", JV_STRING, false, false, 1, NAME_MAX_CH, 0, 0, NULL, NULL,
	  NULL },
	{ "kind", JV_STRING, false, false, 1, 24, 0, 0, NULL, NULL, NULL },
	{ "organisation_id", JV_INT, false, true, 0, 0, 1, INT64_MAX, NULL,
	  NULL, NULL },
	{ "address", JV_TEXT, false, true, 0, ADDRESS_MAX, 0, 0, NULL, NULL,
	  NULL },
	{ "phone", JV_STRING, false, true, 0, PHONE_MAX_CH, 0, 0, NULL, NULL,
	  NULL },
	{ "active", JV_BOOL, false, false, 0, 0, 0, 0, NULL, NULL, NULL },
	{ "version", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static pthread_once_t	fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	shelter_create_fields[1].oneof = enum_codes(ENUM_SHELTER_KIND);
	shelter_patch_fields[1].oneof = enum_codes(ENUM_SHELTER_KIND);
}

/* ---- Small helpers. */

int
shelter_open(struct req *r, struct db *db, struct shelter_head *h)
{
	int64_t	 id;
	int	 rc;

	if (!path_int(r, "id", &id))
		return -1;
	if ((rc = shelter_head_get(db, id, h)) != 1)
		return req_not_loaded(r, db, rc, "No such shelter.");
	return 1;
}

static json_t *
org_json(struct db_stmt *st, int id_col, int name_col)
{
	if (db_col_null(st, id_col))
		return json_null();
	return json_pack("{s:I, s:s}", "id",
	    (json_int_t)db_col_i64(st, id_col), "name",
	    db_col_text(st, name_col));
}

/*
 * May the caller read where shelter id is?  Shelter staff and
 * coordinators may; a consultant when key consultant of a case with a
 * reservation or a stay there.  0 with *out set, or -1.
 */
static int
may_see_address(struct req *r, struct db *db, int64_t id, bool *out)
{
	const struct principal	*p = auth_principal(r);
	int64_t			 n;

	*out = false;
	if (p == NULL)
		return 0;
	if (p->role == ROLE_SHELTER_STAFF || p->role == ROLE_COORDINATOR) {
		*out = true;
		return 0;
	}
	if (p->role != ROLE_CONSULTANT)
		return 0;
	if (shelter_count(db, shelter_sql[K_KEY_PLACED], id, r->user_id,
	    &n) == -1)
		return -1;
	*out = n > 0;
	return 0;
}

/* ---- Shelters. */

static int
api_shelters(struct req *r)
{
	struct db_stmt	*st;
	struct db	*db;
	enum db_step_rc	 rc;
	const char	*all = req_query(r, "all");
	json_t		*list;

	if ((db = req_db(r)) == NULL)
		return -1;
	if ((st = db_prepare(db, shelter_sql[K_LIST])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, all != NULL && strcmp(all, "1") == 0);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:o, "
		    "s:b, s:I, s:I, s:I}", "id", (json_int_t)db_col_i64(st, 0),
		    "name", db_col_text(st, 1), "kind", db_col_text(st, 2),
		    "organisation", org_json(st, 3, 4), "active",
		    db_col_i64(st, 5) != 0, "version",
		    (json_int_t)db_col_i64(st, 6), "beds",
		    (json_int_t)db_col_i64(st, 7), "residents",
		    (json_int_t)db_col_i64(st, 8)));
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "shelters", list));
}

/* Rooms with their beds, and the blocks from today on. */
static int
shelter_layout(struct db *db, int64_t id, json_t *o)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	json_t		*rooms = json_array(), *room = NULL, *blocks;
	int64_t		 last = 0;
	char		 today[11];

	json_object_set_new(o, "rooms", rooms);
	if ((st = db_prepare(db, shelter_sql[K_ROOMS_BEDS])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (room == NULL || db_col_i64(st, 0) != last) {
			last = db_col_i64(st, 0);
			room = json_pack("{s:I, s:s, s:[]}", "id",
			    (json_int_t)last, "name", db_col_text(st, 1),
			    "beds");
			json_array_append_new(rooms, room);
		}
		if (!db_col_null(st, 2))
			json_array_append_new(json_object_get(room, "beds"),
			    json_pack("{s:I, s:s, s:b}", "id",
			    (json_int_t)db_col_i64(st, 2), "label",
			    db_col_text(st, 3), "active",
			    db_col_i64(st, 4) != 0));
	}
	db_reset(st);
	if (rc == DB_ERROR)
		return -1;
	blocks = json_array();
	json_object_set_new(o, "blocks", blocks);
	shelter_day_format(shelter_today(), today);
	if ((st = db_prepare(db, shelter_sql[K_BLOCKS])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_str(st, 2, today);
	db_bind_str(st, 3, "9999-12-31");
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(blocks, json_pack("{s:I, s:I, s:s, s:s, "
		    "s:s}", "id", (json_int_t)db_col_i64(st, 0), "bed_id",
		    (json_int_t)db_col_i64(st, 1), "from", db_col_text(st, 2),
		    "to", db_col_text(st, 3), "reason", db_col_text(st, 4)));
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * Answer shelter id: its address and phone only when the caller may see
 * them, and then audited.
 */
static int
shelter_answer(struct req *r, struct db *db, int64_t id, int status)
{
	const struct principal	*p = auth_principal(r);
	struct db_stmt		*st;
	json_t			*o;
	char			*address = NULL, *phone = NULL;
	bool			 see;
	int			 rc;

	if (may_see_address(r, db, id, &see) == -1)
		return req_dberror(r, db_err(db));
	if ((st = db_prepare(db, shelter_sql[K_GET])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return req_not_loaded(r, db, rc, "No such shelter.");
	if (see && (sealed_get(db, st, 9, "shelter", "address", id,
	    &address) == -1 || sealed_get(db, st, 10, "shelter", "phone", id,
	    &phone) == -1)) {
		db_reset(st);
		wipe_free(address);
		return req_dberror(r, db_err(db));
	}
	o = json_pack("{s:I, s:s, s:s, s:o, s:b, s:I, s:o, s:o, s:b}",
	    "id", (json_int_t)db_col_i64(st, 0), "name", db_col_text(st, 1),
	    "kind", db_col_text(st, 2), "organisation", org_json(st, 3, 4),
	    "active", db_col_i64(st, 5) != 0, "version",
	    (json_int_t)db_col_i64(st, 6), "created_at",
	    hotline_time_json(db_col_i64(st, 7)), "updated_at",
	    hotline_time_json(db_col_i64(st, 8)), "address_shown", see);
	db_reset(st);
	json_object_set_new(o, "address", see ? str_or_null(address) :
	    json_null());
	json_object_set_new(o, "phone", see ? str_or_null(phone) :
	    json_null());
	wipe_free(address);
	wipe_free(phone);
	if (shelter_layout(db, id, o) == -1) {
		json_decref(o);
		return req_dberror(r, db_err(db));
	}
	if (see)
		auth_audit(r, "shelter.address", "shelter", id, "ok",
		    p != NULL ? role_name(p->role) : NULL);
	return req_json(r, status, o);
}

static int
api_shelter_get(struct req *r)
{
	struct shelter_head	 h;
	struct db		*db;

	if ((db = req_db(r)) == NULL || shelter_open(r, db, &h) == -1)
		return -1;
	return shelter_answer(r, db, h.id, 200);
}

struct shelter_job {
	int64_t		 id, by, version, org;
	const char	*name, *kind;
	bool		 active;
	const json_t	*body;
	bool		 stale;
};

/* Seal the address and phone the body names (null clears them). */
static int
shelter_seal(struct db *db, struct shelter_job *j)
{
	if (json_object_get(j->body, "address") != NULL) {
		const char	*a = jv_str(j->body, "address");

		if (sealed_put(db, shelter_sql[K_SEAL_ADDRESS], "shelter",
		    "address", j->id, a != NULL && *a != '\0' ? a : NULL) == -1)
			return -1;
	}
	if (json_object_get(j->body, "phone") != NULL) {
		const char	*ph = jv_str(j->body, "phone");

		if (sealed_put(db, shelter_sql[K_SEAL_PHONE], "shelter",
		    "phone", j->id, ph != NULL && *ph != '\0' ? ph : NULL) == -1)
			return -1;
	}
	return 0;
}

static int
shelter_insert_write(struct db *db, void *arg, struct err *e)
{
	struct shelter_job	*j = arg;
	struct audit_entry	 au = { j->by, "shelter.create", "shelter", 0,
				    "ok", NULL };
	struct db_stmt		*st;
	int64_t			 now = clock_now();

	(void)e;
	if ((st = db_prepare(db, shelter_sql[K_INSERT])) == NULL)
		return -1;
	db_bind_str(st, 1, j->name);
	db_bind_str(st, 2, j->kind);
	db_bind_opt(st, 3, j->org);
	db_bind_i64(st, 4, j->active);
	db_bind_i64(st, 5, j->by);
	db_bind_i64(st, 6, now);
	db_bind_i64(st, 7, now);
	if (db_one_i64(st, &j->id) != 1)
		return -1;
	au.object_id = j->id;
	if (shelter_seal(db, j) == -1)
		return -1;
	return audit_append(db, &au);
}

/* Is organisation_id of the body one of the directory's?  -1 answered. */
static int
org_check(struct req *r, struct db *db, int64_t *org)
{
	int64_t	 n;

	*org = jv_int(r->json, "organisation_id", 0);
	if (*org == 0)
		return 0;
	if (shelter_count(db, shelter_sql[K_ORG_EXISTS], *org, 0,
	    &n) == -1)
		return req_dberror(r, db_err(db));
	if (n == 0)
		return req_error(r, API_EINVALID, "organisation_id", "No such "
		    "organisation in the directory.");
	return 0;
}

/* For the demo: a shelter with its address (inside a write). */
int
shelter_insert(struct db *db, int64_t by, const char *name, const char *kind,
    const char *address, int64_t *id)
{
	struct shelter_job	 j;
	struct err		 e;
	json_t			*body;
	int			 rc;

	memset(&j, 0, sizeof(j));
	body = json_pack("{s:s}", "address", address);
	j.by = by;
	j.name = name;
	j.kind = kind;
	j.active = true;
	j.body = body;
	rc = shelter_insert_write(db, &j, &e);
	json_decref(body);
	*id = j.id;
	return rc;
}

static int
api_shelter_create(struct req *r)
{
	struct shelter_job	 j;
	struct err		 e;
	struct db		*db;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (req_check(r, shelter_create_fields) == -1 ||
	    (db = req_db(r)) == NULL || org_check(r, db, &j.org) == -1)
		return -1;
	j.by = r->user_id;
	j.name = jv_str(r->json, "name");
	j.kind = jv_str(r->json, "kind");
	j.active = jv_bool(r->json, "active", true);
	j.body = r->json;
	if (dbpool_write(http_pool(r), shelter_insert_write, &j, &e) == -1)
		return req_dberror(r, &e);
	return shelter_answer(r, db, j.id, 201);
}

static int
shelter_update_write(struct db *db, void *arg, struct err *e)
{
	struct shelter_job	*j = arg;
	struct audit_entry	 au = { j->by, "shelter.update", "shelter",
				    j->id, "ok", NULL };
	struct db_stmt		*st;
	int64_t			 v;
	int			 rc;

	(void)e;
	if ((st = db_prepare(db, shelter_sql[K_UPDATE])) == NULL)
		return -1;
	db_bind_str(st, 1, j->name);
	db_bind_str(st, 2, j->kind);
	db_bind_opt(st, 3, j->org);
	db_bind_i64(st, 4, j->active);
	db_bind_i64(st, 5, clock_now());
	db_bind_i64(st, 6, j->id);
	db_bind_i64(st, 7, j->version);
	if ((rc = db_one_i64(st, &v)) == -1)
		return -1;
	if (rc == 0) {
		j->stale = true;
		return 0;
	}
	if (shelter_seal(db, j) == -1)
		return -1;
	return audit_append(db, &au);
}

static int
api_shelter_patch(struct req *r)
{
	struct shelter_head	 h;
	struct shelter_job	 j;
	struct db_stmt		*st;
	struct err		 e;
	struct db		*db;
	char			 name[NAME_MAX_CH * 4 + 1], kind[24];
	int			 rc;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (req_check(r, shelter_patch_fields) == -1 ||
	    (db = req_db(r)) == NULL || shelter_open(r, db, &h) == -1)
		return -1;
	/* What the body leaves out stays as it is. */
	if ((st = db_prepare(db, shelter_sql[K_GET])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, h.id);
	if ((rc = db_row(st)) != 1)
		return req_dberror(r, db_err(db));
	snprintf(name, sizeof(name), "%s", db_col_text(st, 1));
	snprintf(kind, sizeof(kind), "%s", db_col_text(st, 2));
	j.org = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
	j.active = db_col_i64(st, 5) != 0;
	db_reset(st);
	if (json_object_get(r->json, "organisation_id") != NULL &&
	    org_check(r, db, &j.org) == -1)
		return -1;
	j.id = h.id;
	j.by = r->user_id;
	j.version = jv_int(r->json, "version", 0);
	j.name = jv_str(r->json, "name") != NULL ? jv_str(r->json, "name") :
	    name;
	j.kind = jv_str(r->json, "kind") != NULL ? jv_str(r->json, "kind") :
	    kind;
	j.active = jv_bool(r->json, "active", j.active);
	j.body = r->json;
	if (j.version != h.version)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this shelter meanwhile: reload it.");
	if (dbpool_write(http_pool(r), shelter_update_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.stale)
		return req_error(r, API_ECONFLICT, "version", "Someone changed "
		    "this shelter meanwhile: reload it.");
	return shelter_answer(r, db, h.id, 200);
}

/* ---- The bed board. */

/* A "YYYY-MM-DD" query argument, or def when absent; -1 answered. */
static int
query_day(struct req *r, const char *name, int64_t def, int64_t *out)
{
	const char	*s = req_query(r, name);

	*out = def;
	if (s == NULL || *s == '\0')
		return 0;
	if (shelter_day(s, out) == -1)
		return req_error(r, API_EINVALID, name, "A date is "
		    "YYYY-MM-DD.");
	return 0;
}

/* The placements of a shelter that reach the days from..to. */
static int
board_placements(struct db *db, int64_t id, int64_t from, int64_t to,
    json_t *out)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	char		 lo[11], hi[11];

	shelter_day_format(from, lo);
	shelter_day_format(to, hi);
	if ((st = db_prepare(db, shelter_sql[K_BOARD_PLACEMENTS])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_str(st, 2, hi);
	db_bind_str(st, 3, lo);
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(out, placement_row_json(st, NULL));
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

static json_t *
board_cell(const struct hold *holds, size_t n, int64_t bed, int64_t day,
    json_t *placements)
{
	json_t		*o, *p, *ref = json_null();
	enum bed_state	 s;
	size_t		 i;
	long		 which;
	char		 date[11];

	s = shelter_day_state(holds, n, bed, day, &which);
	shelter_day_format(day, date);
	o = json_pack("{s:s, s:s}", "date", date, "state", bed_state_code(s));
	if (which >= 0 && holds[which].kind == HOLD_BLOCK)
		ref = json_pack("{s:I}", "id", (json_int_t)holds[which].id);
	json_object_set_new(o, "block", ref);
	ref = json_null();
	if (which >= 0 && holds[which].kind != HOLD_BLOCK)
		json_array_foreach(placements, i, p)
			if (json_integer_value(json_object_get(p, "id")) ==
			    holds[which].id) {
				json_t	*c = json_object_get(p, "case");

				json_decref(ref);
				ref = json_pack("{s:I, s:O, s:O, s:O}", "id",
				    (json_int_t)holds[which].id, "pseudonym",
				    json_object_get(json_object_get(p,
				    "person"), "pseudonym"), "reference",
				    json_object_get(c, "reference"), "status",
				    json_object_get(p, "status"));
				break;
			}
	json_object_set_new(o, "placement", ref);
	return o;
}

static int
api_board(struct req *r)
{
	struct shelter_head	 h;
	struct db_stmt		*st;
	struct db		*db;
	struct hold		*holds = NULL;
	enum db_step_rc		 rc;
	json_t			*beds = NULL, *days, *placements = NULL, *bed;
	const char		*ds = req_query(r, "days");
	int64_t			 today = shelter_today(), from, ndays = 7, d;
	size_t			 n = 0;
	char			 date[11];

	if ((db = req_db(r)) == NULL || shelter_open(r, db, &h) == -1 ||
	    query_day(r, "from", today, &from) == -1)
		return -1;
	if (ds != NULL && (!valid_i64(ds, strlen(ds), 1, BOARD_DAYS_MAX,
	    &ndays)))
		return req_error(r, API_EINVALID, "days", "days is 1 to 31.");
	placements = json_array();
	if (board_placements(db, h.id, from, from + ndays - 1,
	    placements) == -1 || shelter_holds(db, h.id, 0, from,
	    from + ndays - 1, today, &holds, &n) == -1)
		goto dberr;
	days = json_array();
	for (d = from; d < from + ndays; d++) {
		shelter_day_format(d, date);
		json_array_append_new(days, json_string(date));
	}
	beds = json_array();
	if ((st = db_prepare(db, shelter_sql[K_BEDS])) == NULL) {
		json_decref(days);
		goto dberr;
	}
	db_bind_i64(st, 1, h.id);
	while ((rc = db_step(st)) == DB_ROW) {
		json_t	*cells = json_array();
		int64_t	 id = db_col_i64(st, 0);

		for (d = from; d < from + ndays; d++)
			json_array_append_new(cells, board_cell(holds, n, id, d,
			    placements));
		bed = json_pack("{s:I, s:s, s:{s:I, s:s}, s:o}", "id",
		    (json_int_t)id, "label", db_col_text(st, 1), "room", "id",
		    (json_int_t)db_col_i64(st, 2), "name", db_col_text(st, 3),
		    "days", cells);
		json_array_append_new(beds, bed);
	}
	db_reset(st);
	free(holds);
	if (rc == DB_ERROR) {
		json_decref(days);
		json_decref(beds);
		json_decref(placements);
		return req_dberror(r, db_err(db));
	}
	shelter_day_format(today, date);
	return req_json(r, 200, json_pack("{s:{s:I, s:s, s:s}, s:s, s:o, "
	    "s:o, s:o}", "shelter", "id", (json_int_t)h.id, "name", h.name,
	    "kind", h.kind, "today", date, "days", days, "beds", beds,
	    "placements", placements));
dberr:
	free(holds);
	json_decref(placements);
	json_decref(beds);
	return req_dberror(r, db_err(db));
}

/* ---- Occupancy. */

struct shelter_ref {
	int64_t	 id;
	char	 name[128], kind[24];
};

static json_t *
rate_json(int64_t occupied, int64_t available)
{
	if (available <= 0)
		return json_null();
	/* Four decimals, rounded: a rate, not a float's noise. */
	return json_real((double)((occupied * 10000 + available / 2) /
	    available) / 10000.0);
}

/* One shelter's figures over from..to. */
static json_t *
shelter_figures(struct db *db, const struct shelter_ref *s, int64_t from,
    int64_t to, int64_t today, int64_t sum[4])
{
	struct db_stmt	*st;
	struct hold	*holds = NULL;
	enum db_step_rc	 rc;
	int64_t		 beds = 0, avail = 0, occ = 0, res = 0;
	size_t		 n;

	if (shelter_holds(db, s->id, 0, from, to, today, &holds, &n) == -1)
		return NULL;
	if ((st = db_prepare(db, shelter_sql[K_BEDS])) == NULL) {
		free(holds);
		return NULL;
	}
	db_bind_i64(st, 1, s->id);
	while ((rc = db_step(st)) == DB_ROW) {
		beds++;
		shelter_occupancy(holds, n, db_col_i64(st, 0), from, to,
		    &avail, &occ);
	}
	db_reset(st);
	free(holds);
	if (rc == DB_ERROR || shelter_count(db, shelter_sql[K_RESIDENTS],
	    s->id, 0, &res) == -1)
		return NULL;
	sum[0] += beds;
	sum[1] += avail;
	sum[2] += occ;
	sum[3] += res;
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:o, s:I}", "id",
	    (json_int_t)s->id, "name", s->name, "kind", s->kind, "beds",
	    (json_int_t)beds, "bed_nights_available", (json_int_t)avail,
	    "bed_nights_occupied", (json_int_t)occ, "rate",
	    rate_json(occ, avail), "residents", (json_int_t)res);
}

static int
api_occupancy(struct req *r)
{
	struct db_stmt		*st;
	struct db		*db;
	struct shelter_ref	*refs = NULL;
	enum db_step_rc		 rc;
	json_t			*list, *o;
	int64_t			 today = shelter_today(), from, to;
	int64_t			 sum[4] = { 0, 0, 0, 0 };
	size_t			 n = 0, i;
	char			 lo[11], hi[11];

	if ((db = req_db(r)) == NULL ||
	    query_day(r, "to", today, &to) == -1 ||
	    query_day(r, "from", to - 29, &from) == -1)
		return -1;
	if (to < from)
		return req_error(r, API_EINVALID, "to", "The period ends before "
		    "it begins.");
	if (to - from >= OCCUPANCY_DAYS_MAX)
		return req_error(r, API_EINVALID, "to", "A period is 366 days "
		    "at most.");
	if ((st = db_prepare(db, shelter_sql[K_SHELTER_IDS])) == NULL)
		return req_dberror(r, db_err(db));
	refs = calloc(500, sizeof(*refs));
	if (refs == NULL)
		return req_error(r, API_EUNAVAILABLE, NULL, NULL);
	while (n < 500 && (rc = db_step(st)) == DB_ROW) {
		refs[n].id = db_col_i64(st, 0);
		snprintf(refs[n].name, sizeof(refs[n].name), "%s",
		    db_col_text(st, 1));
		snprintf(refs[n].kind, sizeof(refs[n].kind), "%s",
		    db_col_text(st, 2));
		n++;
	}
	db_reset(st);
	list = json_array();
	for (i = 0; i < n; i++) {
		if ((o = shelter_figures(db, &refs[i], from, to, today,
		    sum)) == NULL) {
			free(refs);
			json_decref(list);
			return req_dberror(r, db_err(db));
		}
		json_array_append_new(list, o);
	}
	free(refs);
	shelter_day_format(from, lo);
	shelter_day_format(to, hi);
	return req_json(r, 200, json_pack("{s:s, s:s, s:o, s:{s:I, s:I, s:I, "
	    "s:o, s:I}}", "from", lo, "to", hi, "shelters", list, "total",
	    "beds", (json_int_t)sum[0], "bed_nights_available",
	    (json_int_t)sum[1], "bed_nights_occupied", (json_int_t)sum[2],
	    "rate", rate_json(sum[2], sum[1]), "residents",
	    (json_int_t)sum[3]));
}

/* ---- The placements of a shelter. */

static int
api_shelter_placements(struct req *r)
{
	struct shelter_head	 h;
	struct db_stmt		*st;
	struct db		*db;
	enum db_step_rc		 rc;
	const char		*which = req_query(r, "status");
	json_t			*list;

	if ((db = req_db(r)) == NULL || shelter_open(r, db, &h) == -1)
		return -1;
	if (which != NULL && strcmp(which, "current") != 0 &&
	    strcmp(which, "all") != 0)
		return req_error(r, API_EINVALID, "status", "status is current "
		    "or all.");
	if ((st = db_prepare(db, shelter_sql[K_SHELTER_PLACEMENTS])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, h.id);
	db_bind_i64(st, 2, which != NULL && strcmp(which, "all") == 0);
	list = json_array();
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(list, placement_row_json(st, NULL));
	db_reset(st);
	if (rc == DB_ERROR) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "placements", list));
}

#define BODY	SHELTER_BODY_MAX

const struct route shelter_routes[] = {
	{ HTTP_GET, "/api/v1/shelters", "shelters.list", api_shelters,
	  PERM_SHELTER, 0 },
	{ HTTP_POST, "/api/v1/shelters", "shelters.create",
	  api_shelter_create, PERM_SHELTER_ADMIN, BODY },
	{ HTTP_GET, "/api/v1/shelters/occupancy", "shelters.occupancy",
	  api_occupancy, PERM_SHELTER, 0 },
	{ HTTP_GET, "/api/v1/shelters/{id:int}", "shelters.get",
	  api_shelter_get, PERM_SHELTER, 0 },
	{ HTTP_PATCH, "/api/v1/shelters/{id:int}", "shelters.update",
	  api_shelter_patch, PERM_SHELTER_ADMIN, BODY },
	{ HTTP_GET, "/api/v1/shelters/{id:int}/board", "shelters.board",
	  api_board, PERM_SHELTER, 0 },
	{ HTTP_GET, "/api/v1/shelters/{id:int}/placements",
	  "shelters.placements", api_shelter_placements, PERM_SHELTER, 0 },
};
const size_t shelter_nroutes = sizeof(shelter_routes) /
    sizeof(shelter_routes[0]);
