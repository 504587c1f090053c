/*
 * The SQLite driver.  Every connection runs in WAL mode with foreign keys,
 * secure_delete, the defensive flag and synchronous=FULL, so that a write
 * that was acknowledged survives a crash or a power cut.  A connection is
 * used by one thread at a time (SQLITE_OPEN_NOMUTEX).
 */
#include <errno.h>
#include <string.h>

#include <sqlite3.h>

#include "base/log.h"
#include "db/driver.h"

#define SQLITE_BUSY_MS	5000

static sqlite3 *
sq(struct db *db)
{
	return db->impl;
}

static sqlite3_stmt *
sqs(struct db_stmt *st)
{
	return st->impl;
}

/* Record the connection's last error with the SQLite error class. */
static int
sqlite_fail(struct db *db, int rc, const char *what)
{
	enum err_code	 code = ERR_DB;
	sqlite3		*h = sq(db);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = ERR_BUSY;
		break;
	case SQLITE_CONSTRAINT:
		code = rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY ?
		    ERR_UNIQUE : ERR_CONSTRAINT;
		break;
	default:
		break;
	}
	err_set(&db->err, code, "sqlite: %s: %s", what,
	    h != NULL ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
	return -1;
}

static int
sqlite_open(struct db *db, const char *path)
{
	sqlite3		*h = NULL;
	int		 rc;
	static const char *const pragmas =
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA secure_delete=ON;"
	    "PRAGMA trusted_schema=OFF;";

	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
	    NULL);
	db->impl = h;
	if (rc != SQLITE_OK)
		return sqlite_fail(db, rc, "open");
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, SQLITE_BUSY_MS);
	if ((rc = sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1,
	    NULL)) != SQLITE_OK)
		return sqlite_fail(db, rc, "defensive");
	if ((rc = sqlite3_exec(h, pragmas, NULL, NULL, NULL)) != SQLITE_OK)
		return sqlite_fail(db, rc, "pragmas");
	return 0;
}

static void
sqlite_close(struct db *db)
{
	if (db->impl != NULL && sqlite3_close(sq(db)) != SQLITE_OK)
		log_warnx("sqlite: close: %s", sqlite3_errmsg(sq(db)));
	db->impl = NULL;
}

static int
sqlite_exec(struct db *db, const char *sql)
{
	int	 rc;

	if ((rc = sqlite3_exec(sq(db), sql, NULL, NULL, NULL)) != SQLITE_OK)
		return sqlite_fail(db, sqlite3_extended_errcode(sq(db)),
		    "exec");
	return 0;
}

static int
sqlite_prepare(struct db *db, struct db_stmt *st)
{
	sqlite3_stmt	*s = NULL;
	int		 rc;

	rc = sqlite3_prepare_v3(sq(db), st->sql, -1,
	    SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK)
		return sqlite_fail(db, rc, "prepare");
	st->impl = s;
	return 0;
}

static void
sqlite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(sqs(st));
	st->impl = NULL;
}

static void
sqlite_reset(struct db_stmt *st)
{
	/* The result repeats the last step's error, already reported. */
	(void)sqlite3_reset(sqs(st));
	(void)sqlite3_clear_bindings(sqs(st));
}

static int
sqlite_bindrc(struct db_stmt *st, int rc)
{
	return rc == SQLITE_OK ? 0 : sqlite_fail(st->db, rc, "bind");
}

static int
sqlite_bind_i64(struct db_stmt *st, int i, int64_t v)
{
	return sqlite_bindrc(st, sqlite3_bind_int64(sqs(st), i, v));
}

static int
sqlite_bind_double(struct db_stmt *st, int i, double v)
{
	return sqlite_bindrc(st, sqlite3_bind_double(sqs(st), i, v));
}

static int
sqlite_bind_text(struct db_stmt *st, int i, const char *s, size_t n)
{
	return sqlite_bindrc(st, sqlite3_bind_text64(sqs(st), i, s, n,
	    SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int
sqlite_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	return sqlite_bindrc(st, sqlite3_bind_blob64(sqs(st), i, p, n,
	    SQLITE_TRANSIENT));
}

static int
sqlite_bind_null(struct db_stmt *st, int i)
{
	return sqlite_bindrc(st, sqlite3_bind_null(sqs(st), i));
}

static enum db_step_rc
sqlite_step(struct db_stmt *st)
{
	int	 rc = sqlite3_step(sqs(st));

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	sqlite_fail(st->db, sqlite3_extended_errcode(sq(st->db)), "step");
	/* Leave no half-run statement holding a lock. */
	(void)sqlite3_reset(sqs(st));
	return DB_ERROR;
}

static int
sqlite_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(sqs(st));
}

static bool
sqlite_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(sqs(st), i) == SQLITE_NULL;
}

static int64_t
sqlite_col_i64(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(sqs(st), i);
}

static double
sqlite_col_double(struct db_stmt *st, int i)
{
	return sqlite3_column_double(sqs(st), i);
}

static const char *
sqlite_col_text(struct db_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(sqs(st), i);

	return t != NULL ? (const char *)t : "";
}

static const void *
sqlite_col_blob(struct db_stmt *st, int i, size_t *n)
{
	const void	*p = sqlite3_column_blob(sqs(st), i);

	*n = (size_t)sqlite3_column_bytes(sqs(st), i);
	return p;
}

static const char *const sqlite_dialect[][2] = {
	{ "ID", "INTEGER PRIMARY KEY" },	/* the rowid: no extra index */
	{ "BLOB", "BLOB" },
	{ "ZERO32", "X'0000000000000000000000000000000000000000000000000000000000000000'" },
	{ NULL, NULL },
};

const struct db_driver sqlite_driver = {
	.scheme = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.reset = sqlite_reset,
	.bind_i64 = sqlite_bind_i64,
	.bind_double = sqlite_bind_double,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.col_count = sqlite_col_count,
	.col_null = sqlite_col_null,
	.col_i64 = sqlite_col_i64,
	.col_double = sqlite_col_double,
	.col_text = sqlite_col_text,
	.col_blob = sqlite_col_blob,
	.tx_sql = {
		[DB_TX_READ] = "BEGIN DEFERRED",
		[DB_TX_WRITE] = "BEGIN IMMEDIATE",
		[DB_TX_EXCLUSIVE] = "BEGIN IMMEDIATE",
	},
	.dialect = sqlite_dialect,
};
