/* The SQL of telephony: see telephony.h and 0013_telephony.sql. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cases/cases.h"
#include "crypto/field.h"
#include "hotline/desk.h"
#include "telephony/telephony.h"

enum tel_stmt {
	T_CONFIG,
	T_LINES,
	T_CONFIG_PUT,
	T_LINES_CLEAR,
	T_LINE_ADD,
	T_EXTENSIONS,
	T_EXT_USER,
	T_EXT_SET,
	T_EXT_DELETE,
	T_CALL_GET,
	T_CALL_INSERT,
	T_CALL_SEAL,
	T_CALL_UPDATE,
	T_KEY_CONSULTANT,
	T_COORDINATOR,
	T__MAX
};

#define EXT_COLS "u.id, u.username, u.role, x.extension FROM sip_extension x " \
	"JOIN app_user u ON u.id = x.user_id WHERE u.disabled = 0 AND " \
	"u.role IN ('consultant', 'coordinator') "

static const char *const tel_sql[T__MAX] = {
	[T_CONFIG] = "SELECT oncall_number, fallback, version "
	    "FROM telephony_config WHERE id = 1",
	[T_LINES] = "SELECT number, channel FROM telephony_line "
	    "ORDER BY number",
	/* The version guards a concurrent change (0: the first save). */
	[T_CONFIG_PUT] = "INSERT INTO telephony_config (id, oncall_number, "
	    "fallback, version, updated_by, updated_at) "
	    "VALUES (1, ?, ?, 1, ?, ?) ON CONFLICT (id) DO UPDATE SET "
	    "oncall_number = excluded.oncall_number, "
	    "fallback = excluded.fallback, "
	    "version = telephony_config.version + 1, "
	    "updated_by = excluded.updated_by, "
	    "updated_at = excluded.updated_at "
	    "WHERE telephony_config.version = ? RETURNING version",
	[T_LINES_CLEAR] = "DELETE FROM telephony_line",
	[T_LINE_ADD] = "INSERT INTO telephony_line (number, channel) "
	    "VALUES (?, ?)",
	[T_EXTENSIONS] = "SELECT " EXT_COLS "ORDER BY x.extension",
	[T_EXT_USER] = "SELECT " EXT_COLS "AND x.extension = ?",
	[T_EXT_SET] = "INSERT INTO sip_extension (user_id, extension) "
	    "VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET "
	    "extension = excluded.extension",
	[T_EXT_DELETE] = "DELETE FROM sip_extension WHERE user_id = ? "
	    "RETURNING user_id",
	[T_CALL_GET] = "SELECT id, call_id, line, caller_number, target, "
	    "state, out_of_hours, started_at_ms, answered_at_ms, ended_at_ms, "
	    "answered_by, extension, missed_reason, contact_id, task_id "
	    "FROM call_log WHERE call_id = ?",
	[T_CALL_INSERT] = "INSERT INTO call_log (call_id, line, caller_bidx, "
	    "target, state, out_of_hours, started_at_ms) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[T_CALL_SEAL] = "UPDATE call_log SET caller_number = ? WHERE id = ?",
	[T_CALL_UPDATE] = "UPDATE call_log SET state = ?, answered_at_ms = ?, "
	    "ended_at_ms = ?, answered_by = ?, extension = ?, "
	    "missed_reason = ?, contact_id = ?, task_id = ? WHERE id = ?",
	[T_KEY_CONSULTANT] = "SELECT f.key_consultant_id FROM case_file f "
	    "JOIN app_user u ON u.id = f.key_consultant_id "
	    "WHERE f.person_id = ? AND u.disabled = 0 "
	    "ORDER BY f.opened_at DESC, f.id DESC LIMIT 1",
	[T_COORDINATOR] = "SELECT id FROM app_user WHERE role = 'coordinator' "
	    "AND disabled = 0 ORDER BY id LIMIT 1",
};

static void
copy_col(char *dst, size_t n, struct db_stmt *st, int col)
{
	const char	*s = db_col_text(st, col);

	snprintf(dst, n, "%s", s != NULL ? s : "");
}

int
tel_config_load(struct db *db, struct tel_config *c)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	int		 found;

	memset(c, 0, sizeof(*c));
	if ((st = db_prepare(db, tel_sql[T_CONFIG])) == NULL)
		return -1;
	if ((found = db_row(st)) == -1)
		return -1;
	if (found == 1) {
		copy_col(c->oncall, sizeof(c->oncall), st, 0);
		copy_col(c->fallback, sizeof(c->fallback), st, 1);
		c->version = db_col_i64(st, 2);
		db_reset(st);
	}
	if ((st = db_prepare(db, tel_sql[T_LINES])) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && c->nlines < TEL_LINES_MAX) {
		copy_col(c->lines[c->nlines].number,
		    sizeof(c->lines[0].number), st, 0);
		copy_col(c->lines[c->nlines].channel,
		    sizeof(c->lines[0].channel), st, 1);
		c->nlines++;
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
tel_config_save(struct db *db, const struct tel_config *c, int64_t by,
    int64_t now)
{
	struct db_stmt	*st;
	int64_t		 v;
	size_t		 i;
	int		 rc;

	if ((st = db_prepare(db, tel_sql[T_CONFIG_PUT])) == NULL)
		return -1;
	db_bind_str(st, 1, c->oncall[0] != '\0' ? c->oncall : NULL);
	db_bind_str(st, 2, c->fallback[0] != '\0' ? c->fallback : NULL);
	if (by != 0)
		db_bind_i64(st, 3, by);
	else
		db_bind_null(st, 3);
	db_bind_i64(st, 4, now);
	db_bind_i64(st, 5, c->version);
	if ((rc = db_one_i64(st, &v)) != 1)
		return rc;
	if ((st = db_prepare(db, tel_sql[T_LINES_CLEAR])) == NULL ||
	    db_done(st) == -1)
		return -1;
	for (i = 0; i < c->nlines; i++) {
		if ((st = db_prepare(db, tel_sql[T_LINE_ADD])) == NULL)
			return -1;
		db_bind_str(st, 1, c->lines[i].number);
		db_bind_str(st, 2, c->lines[i].channel);
		if (db_done(st) == -1)
			return -1;
	}
	return 1;
}

static void
ext_fill(struct db_stmt *st, struct tel_extension *x)
{
	memset(x, 0, sizeof(*x));
	x->user_id = db_col_i64(st, 0);
	copy_col(x->username, sizeof(x->username), st, 1);
	copy_col(x->role, sizeof(x->role), st, 2);
	copy_col(x->extension, sizeof(x->extension), st, 3);
}

int
tel_extensions(struct db *db, tel_ext_fn fn, void *arg)
{
	struct tel_extension	 x;
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	int			 ret = 0;

	if ((st = db_prepare(db, tel_sql[T_EXTENSIONS])) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		ext_fill(st, &x);
		if ((ret = fn(&x, arg)) != 0)
			break;
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : ret;
}

int
tel_extension_user(struct db *db, const char *ext, int64_t *user)
{
	struct db_stmt	*st;
	int		 rc;

	*user = 0;
	if ((st = db_prepare(db, tel_sql[T_EXT_USER])) == NULL)
		return -1;
	db_bind_str(st, 1, ext);
	if ((rc = db_row(st)) == 1) {
		*user = db_col_i64(st, 0);
		db_reset(st);
	}
	return rc;
}

int
tel_extension_set(struct db *db, int64_t user, const char *ext)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, tel_sql[T_EXT_SET])) == NULL)
		return -1;
	db_bind_i64(st, 1, user);
	db_bind_str(st, 2, ext);
	return db_done(st);
}

int
tel_extension_delete(struct db *db, int64_t user)
{
	struct db_stmt	*st;
	int64_t		 got;

	if ((st = db_prepare(db, tel_sql[T_EXT_DELETE])) == NULL)
		return -1;
	db_bind_i64(st, 1, user);
	return db_one_i64(st, &got);
}

int
tel_call_get(struct db *db, const char *call_id, struct tel_call *c)
{
	struct db_stmt	*st;
	char		*caller = NULL;
	int		 rc;

	memset(c, 0, sizeof(*c));
	if ((st = db_prepare(db, tel_sql[T_CALL_GET])) == NULL)
		return -1;
	db_bind_str(st, 1, call_id);
	if ((rc = db_row(st)) != 1)
		return rc;
	c->id = db_col_i64(st, 0);
	copy_col(c->call_id, sizeof(c->call_id), st, 1);
	copy_col(c->line, sizeof(c->line), st, 2);
	copy_col(c->target, sizeof(c->target), st, 4);
	if (call_state_parse(db_col_text(st, 5), &c->state) == -1)
		c->state = CALL_NONE;
	c->out_of_hours = db_col_i64(st, 6) != 0;
	c->started_ms = db_col_i64(st, 7);
	c->answered_ms = db_col_i64(st, 8);
	c->ended_ms = db_col_i64(st, 9);
	c->answered_by = db_col_i64(st, 10);
	copy_col(c->extension, sizeof(c->extension), st, 11);
	copy_col(c->missed_reason, sizeof(c->missed_reason), st, 12);
	c->contact_id = db_col_i64(st, 13);
	c->task_id = db_col_i64(st, 14);
	rc = sealed_get(db, st, 3, "call_log", "caller_number", c->id,
	    &caller);
	db_reset(st);
	if (rc == -1)
		return -1;
	if (caller != NULL) {
		snprintf(c->caller, sizeof(c->caller), "%s", caller);
		wipe_free(caller);
	}
	return 1;
}

int
tel_call_insert(struct db *db, struct tel_call *c)
{
	struct db_stmt	*st;
	unsigned char	 bidx[BLIND_BYTES];

	if ((st = db_prepare(db, tel_sql[T_CALL_INSERT])) == NULL)
		return -1;
	db_bind_str(st, 1, c->call_id);
	db_bind_str(st, 2, c->line);
	if (c->caller[0] != '\0') {
		blind_index("phone", c->caller, strlen(c->caller), bidx);
		db_bind_blob(st, 3, bidx, sizeof(bidx));
	} else
		db_bind_null(st, 3);
	db_bind_str(st, 4, c->target);
	db_bind_str(st, 5, call_state_name(c->state));
	db_bind_i64(st, 6, c->out_of_hours);
	db_bind_i64(st, 7, c->started_ms);
	if (db_one_i64(st, &c->id) != 1)
		return -1;
	if (c->caller[0] == '\0')
		return 0;
	return sealed_put(db, tel_sql[T_CALL_SEAL], "call_log",
	    "caller_number", c->id, c->caller);
}

int
tel_call_update(struct db *db, const struct tel_call *c)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, tel_sql[T_CALL_UPDATE])) == NULL)
		return -1;
	db_bind_str(st, 1, call_state_name(c->state));
	db_bind_opt(st, 2, c->answered_ms);
	db_bind_opt(st, 3, c->ended_ms);
	db_bind_opt(st, 4, c->answered_by);
	db_bind_str(st, 5, c->extension[0] != '\0' ? c->extension : NULL);
	db_bind_str(st, 6, c->missed_reason[0] != '\0' ? c->missed_reason :
	    NULL);
	db_bind_opt(st, 7, c->contact_id);
	db_bind_opt(st, 8, c->task_id);
	db_bind_i64(st, 9, c->id);
	return db_done(st);
}

struct shift_find {
	int64_t		 user;
	char		*name;
};

static int
shift_first(const struct shift *s, void *arg)
{
	struct shift_find	*f = arg;

	if (f->user == 0) {
		f->user = s->user_id;
		snprintf(f->name, 65, "%s", s->username);
	}
	return 0;
}

int
tel_on_shift(struct db *db, int64_t t, int64_t *user, char name[65])
{
	struct shift_find	 f = { 0, name };

	name[0] = '\0';
	if (shift_list(db, t, t + 1, shift_first, &f) == -1)
		return -1;
	*user = f.user;
	return f.user != 0;
}

int
tel_responsible(struct db *db, int64_t t, int64_t person, int64_t *user)
{
	struct db_stmt	*st;
	char		 name[65];
	int		 rc;

	if ((rc = tel_on_shift(db, t, user, name)) != 0)
		return rc;
	if (person != 0) {
		if ((st = db_prepare(db, tel_sql[T_KEY_CONSULTANT])) == NULL)
			return -1;
		db_bind_i64(st, 1, person);
		if ((rc = db_one_i64(st, user)) != 0)
			return rc;
	}
	if ((st = db_prepare(db, tel_sql[T_COORDINATOR])) == NULL)
		return -1;
	return db_one_i64(st, user);
}
