/*
 * The driver-independent half of the data API: choosing the driver by URL,
 * the per-connection statement cache, binds and steps that record errors,
 * transactions and their retry loop.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/plugin.h"
#include "base/xmalloc.h"
#include "db/driver.h"

#define DB_TX_RETRIES	8

/*
 * What a URL names: SQLite's file or PostgreSQL's connection string, and
 * the kind of its driver; false with e set when it names neither.
 */
static bool
db_url_parse(const char *url, const char **target, enum db_kind *kind,
    struct err *e)
{
	if (strncmp(url, "sqlite:", 7) == 0) {
		*target = url + 7;
		*kind = DB_SQLITE;
	} else if (strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0) {
		*target = url;
		*kind = DB_POSTGRES;
	} else {
		err_set(e, ERR_INVALID, "database URL must start with "
		    "sqlite: or postgresql://");
		return false;
	}
	if (**target == '\0') {
		err_set(e, ERR_INVALID, "database URL has no path");
		return false;
	}
	return true;
}

bool
db_url_valid(const char *url, struct err *e)
{
	const char	*target;
	enum db_kind	 kind;

	return db_url_parse(url, &target, &kind, e);
}

int
db_open(const char *url, struct db **out, struct err *e)
{
	struct db		*db;
	const struct db_driver	*drv;
	const char		*target;
	enum db_kind		 kind;

	*out = NULL;
	if (!db_url_parse(url, &target, &kind, e))
		return -1;
	/* PostgreSQL's driver is the "pg" part, loaded on first use. */
	drv = kind == DB_SQLITE ? &sqlite_driver :
	    plugin_symbol("pg", "postgres_driver", e);
	if (drv == NULL)
		return -1;
	db = xcalloc(1, sizeof(*db));
	db->drv = drv;
	if (drv->open(db, target) == -1) {
		if (e != NULL)
			*e = db->err;
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < DB_STMT_CACHE; i++)
		if (db->cache[i] != NULL) {
			db->drv->finalize(db->cache[i]);
			free(db->cache[i]);
		}
	db->drv->close(db);
	free(db);
}

enum db_kind
db_kind(const struct db *db)
{
	return db->drv == &sqlite_driver ? DB_SQLITE : DB_POSTGRES;
}

const struct err *
db_err(const struct db *db)
{
	return &db->err;
}

void
db_fail(struct db *db, enum err_code code, const char *fmt, ...)
{
	va_list	 ap;

	db->err.code = code;
	va_start(ap, fmt);
	vsnprintf(db->err.msg, sizeof(db->err.msg), fmt, ap);
	va_end(ap);
}

int
db_exec(struct db *db, const char *sql)
{
	err_clear(&db->err);
	return db->drv->exec(db, sql);
}

/* Statements are keyed by the address of their static SQL text. */
static size_t
db_slot(const char *sql)
{
	uintptr_t	 h = (uintptr_t)sql;

	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 7) & (DB_STMT_CACHE - 1);
}

struct db_stmt *
db_prepare(struct db *db, const char *sql)
{
	struct db_stmt	*st;
	size_t		 i, slot = db_slot(sql);

	err_clear(&db->err);
	for (i = 0; i < DB_STMT_CACHE; i++) {
		size_t	 k = (slot + i) & (DB_STMT_CACHE - 1);

		if ((st = db->cache[k]) == NULL) {
			st = xcalloc(1, sizeof(*st));
			st->db = db;
			st->sql = sql;
			if (db->drv->prepare(db, st) == -1) {
				free(st);
				return NULL;
			}
			db->cache[k] = st;
			return st;
		}
		if (st->sql == sql) {
			db->drv->reset(st);
			st->bind_failed = false;
			return st;
		}
	}
	/* More distinct statements than slots is a programming error. */
	err_set(&db->err, ERR_DB, "statement cache full");
	log_warnx("db: statement cache full (%d)", DB_STMT_CACHE);
	return NULL;
}

void
db_bind_i64(struct db_stmt *st, int i, int64_t v)
{
	if (st->db->drv->bind_i64(st, i, v) == -1)
		st->bind_failed = true;
}

void
db_bind_double(struct db_stmt *st, int i, double v)
{
	if (st->db->drv->bind_double(st, i, v) == -1)
		st->bind_failed = true;
}

void
db_bind_text(struct db_stmt *st, int i, const char *s, size_t n)
{
	if (st->db->drv->bind_text(st, i, s, n) == -1)
		st->bind_failed = true;
}

void
db_bind_str(struct db_stmt *st, int i, const char *s)
{
	if (s == NULL)
		db_bind_null(st, i);
	else
		db_bind_text(st, i, s, strlen(s));
}

void
db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	if (st->db->drv->bind_blob(st, i, p, n) == -1)
		st->bind_failed = true;
}

void
db_bind_null(struct db_stmt *st, int i)
{
	if (st->db->drv->bind_null(st, i) == -1)
		st->bind_failed = true;
}

/* A link or a time, or NULL where there is none (0). */
void
db_bind_opt(struct db_stmt *st, int i, int64_t v)
{
	if (v != 0)
		db_bind_i64(st, i, v);
	else
		db_bind_null(st, i);
}

enum db_step_rc
db_step(struct db_stmt *st)
{
	if (st->bind_failed) {
		if (st->db->err.code == ERR_NONE)
			err_set(&st->db->err, ERR_DB, "bind failed");
		return DB_ERROR;
	}
	return st->db->drv->step(st);
}

void
db_reset(struct db_stmt *st)
{
	if (st == NULL)
		return;
	st->db->drv->reset(st);
	st->bind_failed = false;
}

void
db_reset_all(struct db *db)
{
	size_t	 i;

	for (i = 0; i < DB_STMT_CACHE; i++)
		if (db->cache[i] != NULL)
			db_reset(db->cache[i]);
}

int
db_col_count(struct db_stmt *st)
{
	return st->db->drv->col_count(st);
}

bool
db_col_null(struct db_stmt *st, int i)
{
	return st->db->drv->col_null(st, i);
}

int64_t
db_col_i64(struct db_stmt *st, int i)
{
	return st->db->drv->col_i64(st, i);
}

double
db_col_double(struct db_stmt *st, int i)
{
	return st->db->drv->col_double(st, i);
}

const char *
db_col_text(struct db_stmt *st, int i)
{
	return st->db->drv->col_text(st, i);
}

const void *
db_col_blob(struct db_stmt *st, int i, size_t *n)
{
	return st->db->drv->col_blob(st, i, n);
}

int
db_one_i64(struct db_stmt *st, int64_t *out)
{
	int	 rc;

	if ((rc = db_row(st)) == 1) {
		*out = db_col_i64(st, 0);
		db_reset(st);
	}
	return rc;
}

int
db_row(struct db_stmt *st)
{
	switch (db_step(st)) {
	case DB_ROW:
		return 1;
	case DB_DONE:
		db_reset(st);
		return 0;
	default:
		db_reset(st);
		return -1;
	}
}

int
db_done(struct db_stmt *st)
{
	enum db_step_rc	 rc = db_step(st);

	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int
db_tx_begin(struct db *db, enum db_tx_mode mode)
{
	if (db_exec(db, db->drv->tx_sql[mode]) == -1)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_tx_commit(struct db *db)
{
	db_reset_all(db);
	if (db_exec(db, "COMMIT") == -1)
		return -1;
	db->in_tx = 0;
	return 0;
}

void
db_tx_rollback(struct db *db)
{
	struct err	 saved = db->err;

	db_reset_all(db);
	if (!db->in_tx)
		return;
	/* Keep the error that made us roll back, not the rollback's own. */
	if (db_exec(db, "ROLLBACK") == -1)
		log_warnx("db: rollback: %s", db->err.msg);
	db->in_tx = 0;
	db->err = saved;
}

/* Savepoint names are fixed identifiers chosen by the caller, never input. */
static int
db_savepoint_cmd(struct db *db, const char *verb, const char *name)
{
	char	 sql[96];
	int	 n;

	n = snprintf(sql, sizeof(sql), "%s %s", verb, name);
	if (n < 0 || (size_t)n >= sizeof(sql)) {
		err_set(&db->err, ERR_INVALID, "savepoint name too long");
		return -1;
	}
	return db_exec(db, sql);
}

int
db_savepoint(struct db *db, const char *name)
{
	return db_savepoint_cmd(db, "SAVEPOINT", name);
}

int
db_savepoint_release(struct db *db, const char *name)
{
	return db_savepoint_cmd(db, "RELEASE SAVEPOINT", name);
}

void
db_savepoint_rollback(struct db *db, const char *name)
{
	struct err	 saved = db->err;

	db_reset_all(db);
	if (db_savepoint_cmd(db, "ROLLBACK TO SAVEPOINT", name) == -1 ||
	    db_savepoint_cmd(db, "RELEASE SAVEPOINT", name) == -1)
		log_warnx("db: rollback to savepoint: %s", db->err.msg);
	db->err = saved;
}

static void
db_pause(int attempt)
{
	struct timespec	 ts;
	long		 ms = 1L << (attempt < 6 ? attempt : 6);

	ts.tv_sec = 0;
	ts.tv_nsec = ms * 1000000L;
	nanosleep(&ts, NULL);
}

int
db_tx_run(struct db *db, enum db_tx_mode mode, db_tx_fn fn, void *arg,
    struct err *e)
{
	struct err	 fe;
	int		 attempt;

	for (attempt = 0; attempt < DB_TX_RETRIES; attempt++) {
		err_clear(&fe);
		if (attempt > 0)
			db_pause(attempt);
		if (db_tx_begin(db, mode) == -1) {
			fe = db->err;
			if (fe.code == ERR_BUSY)
				continue;
			break;
		}
		if (fn(db, arg, &fe) == -1) {
			if (fe.code == ERR_NONE)
				fe = db->err;
			db_tx_rollback(db);
			if (fe.code == ERR_BUSY)
				continue;
			break;
		}
		if (db_tx_commit(db) == 0) {
			err_clear(e);
			return 0;
		}
		fe = db->err;
		db_tx_rollback(db);
		if (fe.code != ERR_BUSY)
			break;
	}
	/*
	 * Every retry ends on ERR_BUSY, so ERR_NONE here means fn returned -1
	 * without a reason: not "busy", which tells the caller to retry.
	 */
	if (fe.code == ERR_NONE)
		err_set(&fe, ERR_DB, "transaction rolled back");
	if (e != NULL)
		*e = fe;
	return -1;
}

char *
db_translate(struct db *db, const char *script)
{
	struct buf		 b;
	const char		*p = script, *at, *end;
	const char *const	(*d)[2];
	size_t			 n;

	buf_init(&b, 1 << 24);
	while ((at = strchr(p, '@')) != NULL) {
		buf_add(&b, p, (size_t)(at - p));
		end = strchr(at + 1, '@');
		if (end == NULL) {
			p = at;		/* the text before it is already in */
			break;
		}
		n = (size_t)(end - at - 1);
		for (d = db->drv->dialect; (*d)[0] != NULL; d++)
			if (strlen((*d)[0]) == n &&
			    memcmp((*d)[0], at + 1, n) == 0)
				break;
		if ((*d)[0] == NULL) {
			/* Not a marker: keep the '@' and go on after it. */
			buf_addc(&b, '@');
			p = at + 1;
			continue;
		}
		buf_adds(&b, (*d)[1]);
		p = end + 1;
	}
	buf_adds(&b, p);
	return buf_detach(&b, NULL);
}
