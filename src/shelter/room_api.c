/*
 * A shelter's rooms, its beds and the days a bed is out of service (a
 * block): coordinators define and change them.  A bed leaves service
 * neither by deactivation nor by a block under someone placed or expected
 * on it.  Reading them is shelter_api.c's (the shelter, the board).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "hotline/enums.h"
#include "http/jv.h"
#include "shelter/shelter.h"

#define BODY	SHELTER_BODY_MAX

enum room_stmt {
	R_ROOM_NAME_USED,
	R_ROOM_INSERT,
	R_ROOM_OF,
	R_BED_LABEL_USED,
	R_BED_INSERT,
	R_BED_GET,
	R_BED_UPDATE,
	R_BED_BUSY,
	R_BLOCK_INSERT,
	R_BLOCK_DELETE,
	R__MAX
};

static const char *const room_sql[R__MAX] = {
	[R_ROOM_NAME_USED] = "SELECT count(*) FROM shelter_room WHERE "
	    "shelter_id = ? AND name = ?",
	[R_ROOM_INSERT] = "INSERT INTO shelter_room (shelter_id, name, "
	    "created_at) VALUES (?, ?, ?) RETURNING id",
	[R_ROOM_OF] = "SELECT count(*) FROM shelter_room WHERE id = ? AND "
	    "shelter_id = ?",
	[R_BED_LABEL_USED] = "SELECT count(*) FROM shelter_bed WHERE "
	    "room_id = ? AND label = ? AND id <> ?",
	[R_BED_INSERT] = "INSERT INTO shelter_bed (shelter_id, room_id, "
	    "label, active, created_at) VALUES (?, ?, ?, 1, ?) RETURNING id",
	[R_BED_GET] = "SELECT b.id, b.room_id, b.label, b.active, r.name "
	    "FROM shelter_bed b JOIN shelter_room r ON r.id = b.room_id "
	    "WHERE b.id = ? AND b.shelter_id = ?",
	[R_BED_UPDATE] = "UPDATE shelter_bed SET label = ?, active = ? "
	    "WHERE id = ?",
	[R_BED_BUSY] = "SELECT count(*) FROM placement WHERE bed_id = ? AND "
	    "status IN ('reserved', 'active')",
	[R_BLOCK_INSERT] = "INSERT INTO bed_block (bed_id, from_day, to_day, "
	    "reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) "
	    "RETURNING id",
	[R_BLOCK_DELETE] = "DELETE FROM bed_block WHERE id = ? AND bed_id IN "
	    "(SELECT id FROM shelter_bed WHERE shelter_id = ?) RETURNING id",
};

/* ---- Validation tables (enumerations filled once from enums.c). */

static const struct jv_field room_fields[] = {
	{ "name", JV_STRING, true, false, 1, 60, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct jv_field bed_fields[] = {
	{ "room_id", JV_INT, true, false, 0, 0, 1, INT64_MAX, NULL, NULL,
	  NULL },
	{ "label", JV_STRING, true, false, 1, 30, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct jv_field bed_patch_fields[] = {
	{ "label", JV_STRING, false, false, 1, 30, 0, 0, NULL, NULL, NULL },
	{ "active", JV_BOOL, false, false, 0, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static struct jv_field block_fields[] = {
	{ "from", JV_STRING, true, false, 10, 10, 0, 0, NULL, NULL, NULL },
	{ "to", JV_STRING, true, false, 10, 10, 0, 0, NULL, NULL, NULL },
	{ "reason", JV_STRING, true, false, 1, 24, 0, 0, NULL, NULL, NULL },
	{ NULL, 0, false, false, 0, 0, 0, 0, NULL, NULL, NULL }
};

static pthread_once_t	fields_once = PTHREAD_ONCE_INIT;

static void
fields_init(void)
{
	block_fields[2].oneof = enum_codes(ENUM_BLOCK_REASON);
}

struct layout_job {
	int64_t		 shelter_id, room_id, bed_id, by, id;
	const char	*name, *label, *reason;
	bool		 active;
	int64_t		 from, to;
	const char	*action;
	bool		 removal;	/* of block id */
	bool		 conflict, missing;
};

static int
room_write(struct db *db, void *arg, struct err *e)
{
	struct layout_job	*j = arg;
	struct audit_entry	 au = { j->by, "shelter.room", "shelter",
				    j->shelter_id, "ok", "create" };
	struct db_stmt		*st;

	(void)e;
	if ((st = db_prepare(db, room_sql[R_ROOM_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->shelter_id);
	db_bind_str(st, 2, j->name);
	db_bind_i64(st, 3, clock_now());
	if (db_one_i64(st, &j->id) != 1)
		return -1;
	return audit_append(db, &au);
}

int
shelter_room_insert(struct db *db, int64_t shelter_id, const char *name,
    int64_t by, int64_t *id)
{
	struct layout_job	 j;
	struct err		 e;

	memset(&j, 0, sizeof(j));
	j.shelter_id = shelter_id;
	j.name = name;
	j.by = by;
	if (room_write(db, &j, &e) == -1)
		return -1;
	*id = j.id;
	return 0;
}

static int
api_room_create(struct req *r)
{
	struct shelter_head	 h;
	struct layout_job	 j;
	struct db_stmt		*st;
	struct err		 e;
	struct db		*db;
	int64_t			 n = 0;

	memset(&j, 0, sizeof(j));
	if (req_check(r, room_fields) == -1 || (db = req_db(r)) == NULL ||
	    shelter_open(r, db, &h) == -1)
		return -1;
	j.name = jv_str(r->json, "name");
	if ((st = db_prepare(db, room_sql[R_ROOM_NAME_USED])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, h.id);
	db_bind_str(st, 2, j.name);
	if (db_one_i64(st, &n) == -1)
		return req_dberror(r, db_err(db));
	if (n > 0)
		return req_error(r, API_ECONFLICT, "name", "This shelter has a "
		    "room of that name already.");
	j.shelter_id = h.id;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), room_write, &j, &e) == -1)
		return req_dberror(r, &e);
	return req_json(r, 201, json_pack("{s:{s:I, s:s, s:[]}}", "room", "id",
	    (json_int_t)j.id, "name", j.name, "beds"));
}

static int
bed_write(struct db *db, void *arg, struct err *e)
{
	struct layout_job	*j = arg;
	struct audit_entry	 au = { j->by, "shelter.bed", "shelter",
				    j->shelter_id, "ok", NULL };
	struct db_stmt		*st;
	int64_t			 n;

	(void)e;
	au.detail = j->bed_id == 0 ? "create" : j->active ? "update" :
	    "deactivate";
	if (j->bed_id == 0) {
		if ((st = db_prepare(db, room_sql[R_BED_INSERT])) == NULL)
			return -1;
		db_bind_i64(st, 1, j->shelter_id);
		db_bind_i64(st, 2, j->room_id);
		db_bind_str(st, 3, j->label);
		db_bind_i64(st, 4, clock_now());
		if (db_one_i64(st, &j->id) != 1)
			return -1;
		return audit_append(db, &au);
	}
	if (!j->active) {
		/* No bed leaves service under someone placed or expected. */
		if (shelter_count(db, room_sql[R_BED_BUSY], j->bed_id, 0,
		    &n) == -1)
			return -1;
		if (n > 0) {
			j->conflict = true;
			return 0;
		}
	}
	if ((st = db_prepare(db, room_sql[R_BED_UPDATE])) == NULL)
		return -1;
	db_bind_str(st, 1, j->label);
	db_bind_i64(st, 2, j->active);
	db_bind_i64(st, 3, j->bed_id);
	j->id = j->bed_id;
	if (db_done(st) == -1)
		return -1;
	return audit_append(db, &au);
}

int
shelter_bed_insert(struct db *db, int64_t shelter_id, int64_t room_id,
    const char *label, int64_t by, int64_t *id)
{
	struct layout_job	 j;
	struct err		 e;

	memset(&j, 0, sizeof(j));
	j.shelter_id = shelter_id;
	j.room_id = room_id;
	j.label = label;
	j.by = by;
	if (bed_write(db, &j, &e) == -1)
		return -1;
	*id = j.id;
	return 0;
}

static int
label_free(struct req *r, struct db *db, int64_t room, const char *label,
    int64_t bed)
{
	struct db_stmt	*st;
	int64_t		 n = 0;

	if ((st = db_prepare(db, room_sql[R_BED_LABEL_USED])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, room);
	db_bind_str(st, 2, label);
	db_bind_i64(st, 3, bed);
	if (db_one_i64(st, &n) == -1)
		return req_dberror(r, db_err(db));
	if (n > 0)
		return req_error(r, API_ECONFLICT, "label", "This room has a "
		    "bed of that label already.");
	return 0;
}

static json_t *
bed_json(int64_t id, int64_t room, const char *label, bool active)
{
	return json_pack("{s:{s:I, s:I, s:s, s:b}}", "bed", "id",
	    (json_int_t)id, "room_id", (json_int_t)room, "label", label,
	    "active", active);
}

static int
api_bed_create(struct req *r)
{
	struct shelter_head	 h;
	struct layout_job	 j;
	struct err		 e;
	struct db		*db;
	int64_t			 n;

	memset(&j, 0, sizeof(j));
	if (req_check(r, bed_fields) == -1 || (db = req_db(r)) == NULL ||
	    shelter_open(r, db, &h) == -1)
		return -1;
	j.room_id = jv_int(r->json, "room_id", 0);
	j.label = jv_str(r->json, "label");
	if (shelter_count(db, room_sql[R_ROOM_OF], j.room_id, h.id,
	    &n) == -1)
		return req_dberror(r, db_err(db));
	if (n == 0)
		return req_error(r, API_EINVALID, "room_id", "No such room in "
		    "this shelter.");
	if (label_free(r, db, j.room_id, j.label, 0) == -1)
		return -1;
	j.shelter_id = h.id;
	j.by = r->user_id;
	j.active = true;
	if (dbpool_write(http_pool(r), bed_write, &j, &e) == -1)
		return req_dberror(r, &e);
	return req_json(r, 201, bed_json(j.id, j.room_id, j.label, true));
}

/* The bed of the path in the shelter of the path: 1, or -1 answered. */
static int
bed_open(struct req *r, struct db *db, int64_t shelter_id, int64_t *room,
    char label[128], bool *active)
{
	struct db_stmt	*st;
	int64_t		 bed;
	int		 rc;

	if (!path_int(r, "bed", &bed))
		return -1;
	if ((st = db_prepare(db, room_sql[R_BED_GET])) == NULL)
		return req_dberror(r, db_err(db));
	db_bind_i64(st, 1, bed);
	db_bind_i64(st, 2, shelter_id);
	if ((rc = db_row(st)) != 1)
		return req_not_loaded(r, db, rc, "No such bed in this "
		    "shelter.");
	*room = db_col_i64(st, 1);
	snprintf(label, 128, "%s", db_col_text(st, 2));
	*active = db_col_i64(st, 3) != 0;
	db_reset(st);
	return 1;
}

static int
api_bed_patch(struct req *r)
{
	struct shelter_head	 h;
	struct layout_job	 j;
	struct err		 e;
	struct db		*db;
	char			 label[128];

	memset(&j, 0, sizeof(j));
	if (req_check(r, bed_patch_fields) == -1 || (db = req_db(r)) == NULL ||
	    shelter_open(r, db, &h) == -1 ||
	    bed_open(r, db, h.id, &j.room_id, label, &j.active) == -1)
		return -1;
	route_param_int(&r->params, "bed", &j.bed_id);
	j.label = jv_str(r->json, "label") != NULL ? jv_str(r->json, "label") :
	    label;
	j.active = jv_bool(r->json, "active", j.active);
	if (label_free(r, db, j.room_id, j.label, j.bed_id) == -1)
		return -1;
	j.shelter_id = h.id;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), bed_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.conflict)
		return req_error(r, API_ECONFLICT, "active", "Someone is placed "
		    "on this bed or expected on it: end or move the placement "
		    "first.");
	return req_json(r, 200, bed_json(j.bed_id, j.room_id, j.label,
	    j.active));
}

static int
block_write(struct db *db, void *arg, struct err *e)
{
	struct layout_job	*j = arg;
	struct audit_entry	 au = { j->by, "shelter.block", "shelter",
				    j->shelter_id, "ok", NULL };
	struct db_stmt		*st;
	struct hold		*holds = NULL, c;
	size_t			 n;
	char			 from[11], to[11];
	int64_t			 gone;
	int			 rc;

	(void)e;
	j->conflict = j->missing = false;	/* a retry starts anew */
	if (j->removal) {
		au.detail = "delete";
		if ((st = db_prepare(db, room_sql[R_BLOCK_DELETE])) == NULL)
			return -1;
		db_bind_i64(st, 1, j->id);
		db_bind_i64(st, 2, j->shelter_id);
		if ((rc = db_one_i64(st, &gone)) == -1)
			return -1;
		if (rc == 0) {
			j->missing = true;
			return 0;
		}
		return audit_append(db, &au);
	}
	au.detail = j->reason;
	if (shelter_holds(db, j->shelter_id, j->bed_id, j->from, j->to,
	    shelter_today(), &holds, &n) == -1)
		return -1;
	shelter_block_hold(j->from, j->to, &c);
	c.id = 0;
	c.bed_id = j->bed_id;
	j->conflict = shelter_conflict(holds, n, &c) != NULL;
	free(holds);
	if (j->conflict)
		return 0;
	shelter_day_format(j->from, from);
	shelter_day_format(j->to, to);
	if ((st = db_prepare(db, room_sql[R_BLOCK_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, j->bed_id);
	db_bind_str(st, 2, from);
	db_bind_str(st, 3, to);
	db_bind_str(st, 4, j->reason);
	db_bind_i64(st, 5, j->by);
	db_bind_i64(st, 6, clock_now());
	if (db_one_i64(st, &j->id) != 1)
		return -1;
	return audit_append(db, &au);
}

int
shelter_block_insert(struct db *db, int64_t shelter_id, int64_t bed_id,
    int64_t from, int64_t to, const char *reason, int64_t by)
{
	struct layout_job	 j;
	struct err		 e;

	memset(&j, 0, sizeof(j));
	j.shelter_id = shelter_id;
	j.bed_id = bed_id;
	j.from = from;
	j.to = to;
	j.reason = reason;
	j.by = by;
	if (block_write(db, &j, &e) == -1)
		return -1;
	return j.conflict ? -1 : 0;
}

static int
api_block_create(struct req *r)
{
	struct shelter_head	 h;
	struct layout_job	 j;
	struct err		 e;
	struct db		*db;
	char			 label[128];
	bool			 active;

	pthread_once(&fields_once, fields_init);
	memset(&j, 0, sizeof(j));
	if (req_check(r, block_fields) == -1 || (db = req_db(r)) == NULL ||
	    shelter_open(r, db, &h) == -1 ||
	    bed_open(r, db, h.id, &j.room_id, label, &active) == -1)
		return -1;
	route_param_int(&r->params, "bed", &j.bed_id);
	if (shelter_day(jv_str(r->json, "from"), &j.from) == -1)
		return req_error(r, API_EINVALID, "from", "A date is "
		    "YYYY-MM-DD.");
	if (shelter_day(jv_str(r->json, "to"), &j.to) == -1)
		return req_error(r, API_EINVALID, "to", "A date is "
		    "YYYY-MM-DD.");
	if (j.to < j.from)
		return req_error(r, API_EINVALID, "to", "The last day out of "
		    "service cannot come before the first.");
	if (j.to - j.from >= OCCUPANCY_DAYS_MAX)
		return req_error(r, API_EINVALID, "to", "A bed is out of "
		    "service for a year at most: deactivate it instead.");
	j.reason = jv_str(r->json, "reason");
	j.shelter_id = h.id;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), block_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.conflict)
		return req_error(r, API_ECONFLICT, "from", "Someone is placed "
		    "on this bed or expected on it in these days.");
	return req_json(r, 201, json_pack("{s:{s:I, s:I, s:s, s:s, s:s}}",
	    "block", "id", (json_int_t)j.id, "bed_id", (json_int_t)j.bed_id,
	    "from", jv_str(r->json, "from"), "to", jv_str(r->json, "to"),
	    "reason", j.reason));
}

static int
api_block_delete(struct req *r)
{
	struct shelter_head	 h;
	struct layout_job	 j;
	struct err		 e;
	struct db		*db;

	memset(&j, 0, sizeof(j));
	if ((db = req_db(r)) == NULL || shelter_open(r, db, &h) == -1 ||
	    !path_int(r, "block", &j.id))
		return -1;
	j.removal = true;
	j.shelter_id = h.id;
	j.by = r->user_id;
	if (dbpool_write(http_pool(r), block_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.missing)
		return req_error(r, API_ENOTFOUND, NULL, "No such block in "
		    "this shelter.");
	return req_json(r, 200, json_pack("{s:b}", "deleted", true));
}
const struct route room_routes[] = {
	{ HTTP_POST, "/api/v1/shelters/{id:int}/rooms", "shelters.room_create",
	  api_room_create, PERM_SHELTER_ADMIN, BODY },
	{ HTTP_POST, "/api/v1/shelters/{id:int}/beds", "shelters.bed_create",
	  api_bed_create, PERM_SHELTER_ADMIN, BODY },
	{ HTTP_PATCH, "/api/v1/shelters/{id:int}/beds/{bed:int}",
	  "shelters.bed_update", api_bed_patch, PERM_SHELTER_ADMIN, BODY },
	{ HTTP_POST, "/api/v1/shelters/{id:int}/beds/{bed:int}/blocks",
	  "shelters.block_create", api_block_create, PERM_SHELTER_ADMIN,
	  BODY },
	{ HTTP_DELETE, "/api/v1/shelters/{id:int}/blocks/{block:int}",
	  "shelters.block_delete", api_block_delete, PERM_SHELTER_ADMIN, 0 },
};
const size_t room_nroutes = sizeof(room_routes) / sizeof(room_routes[0]);
