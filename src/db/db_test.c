/*
 * Unit tests for the data API on SQLite, each on its own database file in a
 * temporary folder removed at the end: URLs, the statement cache, binds,
 * errors, transactions and savepoints, migrations, and the pool's group
 * commit under concurrent writers.
 *
 * The PostgreSQL driver's placeholder numbering (pg_number, static in
 * postgres.c) is not tested here: the API suite runs against PostgreSQL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <float.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/embed.h"
#include "db/db.h"
#include "db/migrate.h"
#include "db/pool.h"

static char	 tmpdir[] = "/tmp/haven-db-test-XXXXXX";

static int
group_setup(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

static int
group_teardown(void **state)
{
	struct dirent	*de;
	DIR		*d;
	char		 path[512];

	(void)state;
	if ((d = opendir(tmpdir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
		unlink(path);
	}
	closedir(d);
	return rmdir(tmpdir);
}

/* The URL of database file "name" in the temporary folder. */
static const char *
url_of(const char *name)
{
	static char	 url[512];

	snprintf(url, sizeof(url), "sqlite:%s/%s.db", tmpdir, name);
	return url;
}

static struct db *
open_db(const char *name)
{
	struct db	*db = NULL;
	struct err	 e;

	if (db_open(url_of(name), &db, &e) == -1)
		fail_msg("db_open %s: %s", name, e.msg);
	return db;
}

static void
exec_ok(struct db *db, const char *sql)
{
	if (db_exec(db, sql) == -1)
		fail_msg("%s: %s", sql, db_err(db)->msg);
}

/* The single integer that sql returns. */
static int64_t
one(struct db *db, const char *sql)
{
	struct db_stmt	*st;
	int64_t		 v = 0;

	if ((st = db_prepare(db, sql)) == NULL)
		fail_msg("%s: %s", sql, db_err(db)->msg);
	if (db_one_i64(st, &v) != 1)
		fail_msg("%s: no row: %s", sql, db_err(db)->msg);
	return v;
}

static void
test_urls(void **state)
{
	static const char *const bad[] = {
		"", "sqlite:", "sqlite", "SQLITE:/tmp/x.db", "file:/tmp/x.db",
		"/tmp/x.db", "mysql://localhost/haven", "postgresql:/x",
		" sqlite:/tmp/x.db",
	};
	struct db	*db;
	struct err	 e;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		if (db_url_valid(bad[i], &e))
			fail_msg("bad URL '%s' accepted", bad[i]);
		assert_int_equal(e.code, ERR_INVALID);
		db = (struct db *)1;
		err_clear(&e);
		assert_int_equal(db_open(bad[i], &db, &e), -1);
		assert_null(db);
		assert_int_equal(e.code, ERR_INVALID);
	}
	assert_true(db_url_valid("sqlite:/tmp/x.db", &e));
	assert_true(db_url_valid("sqlite:relative.db", &e));
	assert_true(db_url_valid("postgresql://localhost/haven", &e));
	assert_true(db_url_valid("postgres://u@h:5432/haven", &e));

	/* A well-formed URL whose file cannot be created. */
	db = (struct db *)1;
	err_clear(&e);
	assert_int_equal(db_open("sqlite:/nonexistent-haven-dir/x.db", &db,
	    &e), -1);
	assert_null(db);
	assert_int_not_equal(e.code, ERR_NONE);
	assert_true(e.msg[0] != '\0');

	db = open_db("urls");
	assert_int_equal(db_kind(db), DB_SQLITE);
	db_close(db);
	db_close(NULL);
}

static const char	 sql_a[] = "SELECT 1";
static const char	 sql_a2[] = "SELECT 1";	/* same text, other address */
static const char	 sql_param[] = "SELECT ?";
static const char	 sql_rows[] =
    "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3";
static const char	 sql_broken[] = "SELEKT 1";

static void
test_stmt_cache(void **state)
{
	struct db	*db = open_db("cache");
	struct db_stmt	*a, *b, *c;
	int64_t		 v;

	(void)state;
	a = db_prepare(db, sql_a);
	assert_non_null(a);
	b = db_prepare(db, sql_a);
	assert_ptr_equal(a, b);
	c = db_prepare(db, sql_a2);
	assert_non_null(c);
	assert_ptr_not_equal(a, c);
	assert_ptr_equal(db_prepare(db, sql_a2), c);

	/* Getting it again resets a statement left mid-result ... */
	a = db_prepare(db, sql_rows);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_col_i64(a, 0), 1);
	assert_int_equal(db_step(a), DB_ROW);
	assert_ptr_equal(db_prepare(db, sql_rows), a);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_col_i64(a, 0), 1);
	db_reset(a);

	/* ... and clears its binds. */
	a = db_prepare(db, sql_param);
	db_bind_i64(a, 1, 42);
	assert_int_equal(db_one_i64(a, &v), 1);
	assert_int_equal(v, 42);
	a = db_prepare(db, sql_param);
	assert_int_equal(db_step(a), DB_ROW);
	assert_true(db_col_null(a, 0));
	db_reset(a);

	/* Bad SQL: NULL and an error, and the connection goes on. */
	assert_null(db_prepare(db, sql_broken));
	assert_int_equal(db_err(db)->code, ERR_DB);
	assert_null(db_prepare(db, sql_broken));
	assert_int_equal(one(db, sql_a), 1);
	assert_int_equal(db_err(db)->code, ERR_NONE);
	db_close(db);
}

static const char	 sql_bind_table[] =
    "CREATE TABLE t (k INTEGER, i INTEGER, d REAL, s TEXT, b BLOB)";
static const char	 sql_bind_ins[] =
    "INSERT INTO t (k, i, d, s, b) VALUES (?, ?, ?, ?, ?)";
static const char	 sql_bind_get[] =
    "SELECT i, d, s, b, typeof(i), typeof(d), typeof(s), typeof(b) "
    "FROM t WHERE k = ?";

static void
insert_row(struct db *db, int64_t k, int64_t i, double d, const char *s,
    size_t slen, const void *b, size_t blen)
{
	struct db_stmt	*st = db_prepare(db, sql_bind_ins);

	assert_non_null(st);
	db_bind_i64(st, 1, k);
	db_bind_i64(st, 2, i);
	db_bind_double(st, 3, d);
	if (s != NULL)
		db_bind_text(st, 4, s, slen);
	else
		db_bind_null(st, 4);
	if (b != NULL)
		db_bind_blob(st, 5, b, blen);
	else
		db_bind_null(st, 5);
	if (db_step(st) != DB_DONE)
		fail_msg("insert %lld: %s", (long long)k, db_err(db)->msg);
	db_reset(st);
}

/* Step sql_bind_get for row k; the statement is left on that row. */
static struct db_stmt *
get_row(struct db *db, int64_t k)
{
	struct db_stmt	*st = db_prepare(db, sql_bind_get);

	assert_non_null(st);
	db_bind_i64(st, 1, k);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_count(st), 8);
	return st;
}

static void
test_binds(void **state)
{
	static const char	 utf8[] = "Zażółć gęślą jaźń \xf0\x9f\x99\x82";
	static const unsigned char blob[] = { 0, 1, 0, 0xff, 0, 0x80, 0 };
	struct db		*db = open_db("binds");
	struct db_stmt		*st;
	const void		*p;
	size_t			 n;

	(void)state;
	exec_ok(db, sql_bind_table);
	insert_row(db, 1, INT64_MIN, -0.1, utf8, strlen(utf8), blob,
	    sizeof(blob));
	insert_row(db, 2, INT64_MAX, DBL_MAX, "abcdef", 3, "", 0);
	insert_row(db, 3, 0, 0.0, "", 0, NULL, 0);
	insert_row(db, 4, -1, 1e-300, NULL, 0, NULL, 0);

	st = get_row(db, 1);
	assert_true(db_col_i64(st, 0) == INT64_MIN);
	assert_true(db_col_double(st, 1) == -0.1);
	assert_string_equal(db_col_text(st, 2), utf8);
	p = db_col_blob(st, 3, &n);
	assert_int_equal(n, sizeof(blob));
	assert_memory_equal(p, blob, sizeof(blob));
	assert_string_equal(db_col_text(st, 4), "integer");
	assert_string_equal(db_col_text(st, 5), "real");
	assert_string_equal(db_col_text(st, 6), "text");
	assert_string_equal(db_col_text(st, 7), "blob");
	assert_false(db_col_null(st, 0));
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);

	st = get_row(db, 2);
	assert_true(db_col_i64(st, 0) == INT64_MAX);
	assert_true(db_col_double(st, 1) == DBL_MAX);
	assert_string_equal(db_col_text(st, 2), "abc");	/* the length */
	db_col_blob(st, 3, &n);
	assert_int_equal(n, 0);
	assert_string_equal(db_col_text(st, 7), "blob");
	db_reset(st);

	st = get_row(db, 3);
	assert_int_equal(db_col_i64(st, 0), 0);
	assert_string_equal(db_col_text(st, 2), "");
	assert_false(db_col_null(st, 2));		/* empty, not null */
	assert_true(db_col_null(st, 3));
	db_reset(st);

	st = get_row(db, 4);
	assert_int_equal(db_col_i64(st, 0), -1);
	assert_true(db_col_double(st, 1) == 1e-300);
	assert_true(db_col_null(st, 2));
	assert_string_equal(db_col_text(st, 2), "");	/* "" for NULL */
	assert_string_equal(db_col_text(st, 6), "null");
	db_reset(st);

	/* db_bind_str: a C string, or NULL for SQL NULL. */
	st = db_prepare(db, sql_param);
	db_bind_str(st, 1, "żółw");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "żółw");
	st = db_prepare(db, sql_param);
	db_bind_str(st, 1, NULL);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_null(st, 0));
	db_reset(st);

	/* A bind that fails is reported by the step, not lost. */
	st = db_prepare(db, sql_param);
	db_bind_i64(st, 2, 1);			/* no parameter 2 */
	assert_int_equal(db_step(st), DB_ERROR);
	assert_int_not_equal(db_err(db)->code, ERR_NONE);
	/* And forgotten when the statement is taken again. */
	st = db_prepare(db, sql_param);
	db_bind_i64(st, 1, 7);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_i64(st, 0), 7);
	db_reset(st);
	db_close(db);
}

static const char	 sql_abs[] = "SELECT abs(?)";
static const char	 sql_none[] = "SELECT 1 WHERE ? = 0";

static void
test_one_i64(void **state)
{
	struct db	*db = open_db("one");
	struct db_stmt	*st;
	int64_t		 v;

	(void)state;
	st = db_prepare(db, sql_abs);
	db_bind_i64(st, 1, -5);
	assert_int_equal(db_one_i64(st, &v), 1);
	assert_int_equal(v, 5);

	st = db_prepare(db, sql_none);
	db_bind_i64(st, 1, 1);
	v = 99;
	assert_int_equal(db_one_i64(st, &v), 0);
	assert_int_equal(v, 99);

	/* abs(INT64_MIN) overflows: an error at step time. */
	st = db_prepare(db, sql_abs);
	db_bind_i64(st, 1, INT64_MIN);
	assert_int_equal(db_one_i64(st, &v), -1);
	assert_int_equal(db_err(db)->code, ERR_DB);
	/* The statement was reset and can be used again. */
	st = db_prepare(db, sql_abs);
	db_bind_i64(st, 1, INT64_MAX);
	assert_int_equal(db_one_i64(st, &v), 1);
	assert_true(v == INT64_MAX);
	db_close(db);
}

static const char	 sql_cons_parent[] = "INSERT INTO parent (id, name) "
    "VALUES (?, ?)";
static const char	 sql_cons_child[] = "INSERT INTO child (parent_id, n) "
    "VALUES (?, ?)";

static enum err_code
insert_parent(struct db *db, int64_t id, const char *name)
{
	struct db_stmt	*st = db_prepare(db, sql_cons_parent);
	enum db_step_rc	 rc;

	assert_non_null(st);
	db_bind_i64(st, 1, id);
	db_bind_str(st, 2, name);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? ERR_NONE : db_err(db)->code;
}

static enum err_code
insert_child(struct db *db, int64_t parent, int64_t n)
{
	struct db_stmt	*st = db_prepare(db, sql_cons_child);
	enum db_step_rc	 rc;

	assert_non_null(st);
	db_bind_i64(st, 1, parent);
	db_bind_i64(st, 2, n);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? ERR_NONE : db_err(db)->code;
}

static void
test_constraints(void **state)
{
	struct db	*db = open_db("constraints");

	(void)state;
	exec_ok(db, "CREATE TABLE parent (id INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL UNIQUE)");
	exec_ok(db, "CREATE TABLE child (parent_id BIGINT NOT NULL"
	    " REFERENCES parent (id), n INTEGER CHECK (n > 0))");
	assert_int_equal(insert_parent(db, 1, "anna"), ERR_NONE);
	assert_int_equal(insert_parent(db, 2, "anna"), ERR_UNIQUE);
	assert_int_equal(insert_parent(db, 1, "ewa"), ERR_UNIQUE);
	assert_int_equal(insert_parent(db, 3, NULL), ERR_CONSTRAINT);
	assert_int_equal(insert_child(db, 1, 1), ERR_NONE);
	assert_int_equal(insert_child(db, 1, 0), ERR_CONSTRAINT);
	/* foreign_keys=ON */
	assert_int_equal(insert_child(db, 42, 1), ERR_CONSTRAINT);
	assert_int_equal(one(db, "SELECT count(*) FROM parent"), 1);
	assert_int_equal(one(db, "SELECT count(*) FROM child"), 1);
	db_close(db);
}

static const char	 sql_tx_ins[] = "INSERT INTO tx (v) VALUES (?)";
static const char	 sql_tx_count[] = "SELECT count(*) FROM tx";

struct tx_arg {
	int64_t		 v;
	int		 calls;
	int		 rc;		/* what fn returns */
	bool		 set_err;	/* fill *e on failure */
};

static int
tx_fn(struct db *db, void *arg, struct err *e)
{
	struct tx_arg	*a = arg;
	struct db_stmt	*st;

	a->calls++;
	if ((st = db_prepare(db, sql_tx_ins)) == NULL)
		return -1;
	db_bind_i64(st, 1, a->v);
	if (db_step(st) != DB_DONE)
		return -1;
	db_reset(st);
	if (a->rc == -1 && a->set_err)
		err_set(e, ERR_INVALID, "refused by fn");
	return a->rc;
}

static void
test_tx_run(void **state)
{
	struct db	*db = open_db("tx"), *other = open_db("tx");
	struct tx_arg	 a;
	struct err	 e;

	(void)state;
	exec_ok(db, "CREATE TABLE tx (v INTEGER UNIQUE)");

	/* Commit: another connection sees the row. */
	a = (struct tx_arg){ .v = 1, .rc = 0 };
	err_set(&e, ERR_DB, "stale");
	assert_int_equal(db_tx_run(db, DB_TX_WRITE, tx_fn, &a, &e), 0);
	assert_int_equal(e.code, ERR_NONE);
	assert_int_equal(a.calls, 1);
	assert_int_equal(one(other, sql_tx_count), 1);

	/* fn returns -1 after its insert: rolled back, its error kept. */
	a = (struct tx_arg){ .v = 2, .rc = -1, .set_err = true };
	assert_int_equal(db_tx_run(db, DB_TX_WRITE, tx_fn, &a, &e), -1);
	assert_int_equal(a.calls, 1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.msg, "refused by fn");
	assert_int_equal(one(db, sql_tx_count), 1);
	assert_int_equal(one(other, sql_tx_count), 1);

	/* fn fails on a statement: the connection's error is passed on. */
	a = (struct tx_arg){ .v = 1, .rc = 0 };
	assert_int_equal(db_tx_run(db, DB_TX_WRITE, tx_fn, &a, &e), -1);
	assert_int_equal(e.code, ERR_UNIQUE);
	assert_int_equal(a.calls, 1);

	/*
	 * -1 without an error of its own: rolled back at once, and not
	 * reported as ERR_BUSY, which would tell the caller to retry.
	 */
	a = (struct tx_arg){ .v = 3, .rc = -1 };
	assert_int_equal(db_tx_run(db, DB_TX_EXCLUSIVE, tx_fn, &a, &e), -1);
	assert_int_equal(a.calls, 1);
	assert_int_not_equal(e.code, ERR_NONE);
	assert_int_not_equal(e.code, ERR_BUSY);
	assert_int_equal(one(db, sql_tx_count), 1);

	/* The connection is usable after all that. */
	a = (struct tx_arg){ .v = 4, .rc = 0 };
	assert_int_equal(db_tx_run(db, DB_TX_WRITE, tx_fn, &a, NULL), 0);
	assert_int_equal(one(other, sql_tx_count), 2);

	/* Begin, insert, roll back by hand. */
	assert_int_equal(db_tx_begin(db, DB_TX_WRITE), 0);
	a = (struct tx_arg){ .v = 5, .rc = 0 };
	assert_int_equal(tx_fn(db, &a, &e), 0);
	assert_int_equal(one(db, sql_tx_count), 3);
	db_tx_rollback(db);
	assert_int_equal(one(db, sql_tx_count), 2);
	db_close(other);
	db_close(db);
}

static const char	 sql_sp_has[] = "SELECT count(*) FROM tx WHERE v = ?";

static int64_t
has(struct db *db, int64_t v)
{
	struct db_stmt	*st = db_prepare(db, sql_sp_has);
	int64_t		 n = -1;

	assert_non_null(st);
	db_bind_i64(st, 1, v);
	assert_int_equal(db_one_i64(st, &n), 1);
	return n;
}

static void
add(struct db *db, int64_t v)
{
	struct tx_arg	 a = { .v = v, .rc = 0 };
	struct err	 e;

	assert_int_equal(tx_fn(db, &a, &e), 0);
}

static void
test_savepoints(void **state)
{
	struct db	*db = open_db("savepoints");
	char		 longname[128];

	(void)state;
	exec_ok(db, "CREATE TABLE tx (v INTEGER UNIQUE)");
	assert_int_equal(db_tx_begin(db, DB_TX_WRITE), 0);
	add(db, 1);
	assert_int_equal(db_savepoint(db, "a"), 0);
	add(db, 2);
	db_savepoint_rollback(db, "a");
	assert_int_equal(has(db, 1), 1);
	assert_int_equal(has(db, 2), 0);

	assert_int_equal(db_savepoint(db, "b"), 0);
	add(db, 3);
	assert_int_equal(db_savepoint(db, "c"), 0);	/* nested */
	add(db, 4);
	db_savepoint_rollback(db, "c");
	add(db, 5);
	assert_int_equal(db_savepoint_release(db, "b"), 0);

	/* The same name again after a rollback: it was released. */
	assert_int_equal(db_savepoint(db, "a"), 0);
	add(db, 6);
	assert_int_equal(db_savepoint_release(db, "a"), 0);
	assert_int_equal(db_tx_commit(db), 0);

	assert_int_equal(has(db, 1), 1);
	assert_int_equal(has(db, 2), 0);
	assert_int_equal(has(db, 3), 1);
	assert_int_equal(has(db, 4), 0);
	assert_int_equal(has(db, 5), 1);
	assert_int_equal(has(db, 6), 1);

	/* Releasing what was never made is an error. */
	assert_int_equal(db_savepoint_release(db, "nosuch"), -1);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(db_savepoint(db, longname), -1);
	assert_int_equal(db_err(db)->code, ERR_INVALID);
	db_close(db);
}

static void
translated(struct db *db, const char *in, const char *want)
{
	char	*out = db_translate(db, in);

	assert_non_null(out);
	if (strcmp(out, want) != 0)
		fail_msg("db_translate('%s') = '%s', want '%s'", in, out, want);
	free(out);
}

static void
test_translate(void **state)
{
	struct db		*db = open_db("translate");
	const struct embed_file	*f;
	char			*out;

	(void)state;
	translated(db, "", "");
	translated(db, "SELECT 1", "SELECT 1");
	translated(db, "CREATE TABLE x (id @ID@, b @BLOB@ NOT NULL)",
	    "CREATE TABLE x (id INTEGER PRIMARY KEY, b BLOB NOT NULL)");
	translated(db, "@ID@@BLOB@", "INTEGER PRIMARY KEY" "BLOB");
	/* Other '@' are left alone. */
	translated(db, "a@b.c", "a@b.c");
	translated(db, "@", "@");
	translated(db, "x@", "x@");
	translated(db, "x@@y", "x@@y");
	translated(db, "a@b@c", "a@b@c");
	translated(db, "@ID", "@ID");
	translated(db, "@id@", "@id@");
	translated(db, "@IDX@", "@IDX@");
	translated(db, "'anna@example.org' @ID@",
	    "'anna@example.org' INTEGER PRIMARY KEY");
	translated(db, "-- by a@b\nid @ID@",
	    "-- by a@b\nid INTEGER PRIMARY KEY");

	/* No marker survives in the embedded migrations. */
	for (f = embed_migrations; f->name != NULL; f++) {
		out = db_translate(db, (const char *)f->data);
		if (strstr(out, "@ID@") != NULL ||
		    strstr(out, "@BLOB@") != NULL)
			fail_msg("%s: marker left after translation", f->name);
		free(out);
	}
	db_close(db);
}

static int
known_migrations(void)
{
	const struct embed_file	*f;
	int			 n = 0;

	for (f = embed_migrations; f->name != NULL; f++)
		n++;
	return n;
}

static const char	 sql_mig_future[] = "INSERT INTO schema_migrations "
    "(version, name, applied_at) VALUES (?, 'future', 0)";

static void
test_migrate(void **state)
{
	struct db	*db = open_db("migrate"), *empty, *bare;
	struct db_stmt	*st;
	struct err	 e;
	int		 applied = -1;

	(void)state;
	assert_true(known_migrations() >= 1);
	assert_true(migrate_latest() >= known_migrations());

	/* An empty database has no schema. */
	err_clear(&e);
	assert_int_equal(migrate_check(db, &e), -1);
	assert_int_equal(e.code, ERR_SCHEMA);

	assert_int_equal(migrate_up(db, &applied, &e), 0);
	assert_int_equal(applied, known_migrations());
	assert_int_equal(e.code, ERR_NONE);
	assert_int_equal(one(db, "SELECT count(*) FROM schema_migrations"),
	    known_migrations());
	assert_int_equal(one(db, "SELECT max(version) FROM schema_migrations"),
	    migrate_latest());
	/* The tables are there. */
	assert_int_equal(one(db, "SELECT count(*) FROM app_user"), 0);

	applied = -1;
	assert_int_equal(migrate_up(db, &applied, &e), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_check(db, &e), 0);

	/* A database from a newer haven. */
	st = db_prepare(db, sql_mig_future);
	assert_non_null(st);
	db_bind_i64(st, 1, migrate_latest() + 1);
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);
	err_clear(&e);
	assert_int_equal(migrate_check(db, &e), -1);
	assert_int_equal(e.code, ERR_SCHEMA);
	err_clear(&e);
	assert_int_equal(migrate_up(db, &applied, &e), -1);
	assert_int_equal(e.code, ERR_SCHEMA);
	assert_int_equal(applied, 0);
	db_close(db);

	/* A second, untouched database file: still empty. */
	empty = open_db("migrate-empty");
	assert_int_equal(migrate_check(empty, &e), -1);
	assert_int_equal(e.code, ERR_SCHEMA);
	db_close(empty);

	/* The bookkeeping table alone: migrations are missing. */
	bare = open_db("migrate-bare");
	exec_ok(bare, "CREATE TABLE schema_migrations (version BIGINT "
	    "PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
	err_clear(&e);
	assert_int_equal(migrate_check(bare, &e), -1);
	assert_int_equal(e.code, ERR_SCHEMA);
	db_close(bare);
}

/* The pool: concurrent writers, group commit, failures kept apart. */

#define POOL_THREADS	4
#define POOL_WRITES	200
#define POOL_FAILS	10	/* failing writes per thread, in between */

static const char	 sql_w_ins[] =
    "INSERT INTO w (thread, seq, good) VALUES (?, ?, ?)";

struct w_arg {
	int64_t		 thread, seq;
	bool		 good;
};

/* Insert a row; a bad write then asks for its undoing. */
static int
w_fn(struct db *db, void *arg, struct err *e)
{
	struct w_arg	*a = arg;
	struct db_stmt	*st;

	if ((st = db_prepare(db, sql_w_ins)) == NULL)
		return -1;
	db_bind_i64(st, 1, a->thread);
	db_bind_i64(st, 2, a->seq);
	db_bind_i64(st, 3, a->good);
	if (db_step(st) != DB_DONE)
		return -1;
	db_reset(st);
	if (!a->good) {
		err_set(e, ERR_INVALID, "bad write %lld", (long long)a->seq);
		return -1;
	}
	return 0;
}

struct w_thread {
	struct dbpool	*pool;
	int		 id;
	int		 ok, failed, wrong;
	pthread_t	 tid;
};

static void *
w_thread(void *arg)
{
	struct w_thread	*t = arg;
	struct w_arg	 a;
	struct err	 e;
	int		 i;

	for (i = 0; i < POOL_WRITES; i++) {
		a = (struct w_arg){ .thread = t->id, .seq = i, .good = true };
		if (dbpool_write(t->pool, w_fn, &a, &e) == 0)
			t->ok++;
		else
			t->wrong++;
		if (i % (POOL_WRITES / POOL_FAILS) != 7)
			continue;
		a = (struct w_arg){ .thread = t->id, .seq = 100000 + i,
		    .good = false };
		if (dbpool_write(t->pool, w_fn, &a, &e) == -1 &&
		    e.code == ERR_INVALID && strstr(e.msg, "bad write") != NULL)
			t->failed++;
		else
			t->wrong++;
	}
	return NULL;
}

static void
pool_create_table(const char *name)
{
	struct db	*db = open_db(name);

	exec_ok(db, "CREATE TABLE w (thread INTEGER NOT NULL,"
	    " seq INTEGER NOT NULL, good INTEGER NOT NULL,"
	    " UNIQUE (thread, seq))");
	db_close(db);
}

static void
test_pool_concurrent(void **state)
{
	struct w_thread	 t[POOL_THREADS];
	struct dbpool	*pool;
	struct db	*db;
	struct err	 e;
	int		 i;

	(void)state;
	pool_create_table("pool");
	assert_int_equal(dbpool_open(url_of("pool"), &pool, &e), 0);
	assert_int_equal(dbpool_kind(pool), DB_SQLITE);
	for (i = 0; i < POOL_THREADS; i++) {
		t[i] = (struct w_thread){ .pool = pool, .id = i };
		assert_int_equal(pthread_create(&t[i].tid, NULL, w_thread,
		    &t[i]), 0);
	}
	for (i = 0; i < POOL_THREADS; i++) {
		assert_int_equal(pthread_join(t[i].tid, NULL), 0);
		assert_int_equal(t[i].ok, POOL_WRITES);
		assert_int_equal(t[i].failed, POOL_FAILS);
		assert_int_equal(t[i].wrong, 0);
	}

	/* A reader of the pool sees every good write and no bad one. */
	db = dbpool_reader(pool, &e);
	assert_non_null(db);
	assert_ptr_equal(dbpool_reader(pool, &e), db);
	assert_int_equal(one(db, "SELECT count(*) FROM w WHERE good = 1"),
	    POOL_THREADS * POOL_WRITES);
	assert_int_equal(one(db, "SELECT count(*) FROM w WHERE good = 0"), 0);
	assert_int_equal(one(db, "SELECT count(DISTINCT thread) FROM w"),
	    POOL_THREADS);
	dbpool_release_thread(pool);
	dbpool_free(pool);

	/* And it is durable: a new connection after the pool is gone. */
	db = open_db("pool");
	assert_int_equal(one(db, "SELECT count(*) FROM w"),
	    POOL_THREADS * POOL_WRITES);
	db_close(db);
	dbpool_free(NULL);
}

/*
 * One batch of three writes.  A first write holds the writer until the
 * three others have queued behind it, so that they are committed together;
 * each records how many good rows of the batch it saw uncommitted (visible
 * in its transaction, not from outside).  A batch runs its jobs without
 * savepoints, and again with them when one fails: the job functions are
 * counted.
 */
static struct {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cond;
	bool		 blocker_running;
	int		 waiting;	/* threads about to call dbpool_write */
	struct db	*outside;	/* a connection of its own */
	int		 order;		/* jobs run so far in the batch */
	int64_t		 seen[8];	/* by order: uncommitted good rows */
} batch = {
	.mu = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static const char	 sql_b_good[] =
    "SELECT count(*) FROM w WHERE good = 1 AND thread = 1";
static const char	 sql_b_good_out[] =
    "SELECT count(*) FROM w WHERE good = 1 AND thread = 1";

static int
b_blocker(struct db *db, void *arg, struct err *e)
{
	struct timespec	 ts = { 0, 300 * 1000000L };

	(void)db;
	(void)arg;
	(void)e;
	pthread_mutex_lock(&batch.mu);
	batch.blocker_running = true;
	pthread_cond_broadcast(&batch.cond);
	while (batch.waiting < 3)
		pthread_cond_wait(&batch.cond, &batch.mu);
	pthread_mutex_unlock(&batch.mu);
	/* Give the three callers time to queue their jobs. */
	nanosleep(&ts, NULL);
	return 0;
}

static int
b_fn(struct db *db, void *arg, struct err *e)
{
	struct db_stmt	*st;
	int64_t		 inside = -1, outside = -1;

	if ((st = db_prepare(db, sql_b_good)) == NULL ||
	    db_one_i64(st, &inside) != 1)
		return -1;
	if ((st = db_prepare(batch.outside, sql_b_good_out)) == NULL ||
	    db_one_i64(st, &outside) != 1)
		return -1;
	if (batch.order < 8)
		batch.seen[batch.order] = inside - outside;
	batch.order++;
	return w_fn(db, arg, e);
}

struct b_thread {
	struct dbpool	*pool;
	struct w_arg	 a;
	int		 rc;
	struct err	 e;
	pthread_t	 tid;
};

static void *
b_thread(void *arg)
{
	struct b_thread	*t = arg;

	pthread_mutex_lock(&batch.mu);
	batch.waiting++;
	pthread_cond_broadcast(&batch.cond);
	pthread_mutex_unlock(&batch.mu);
	t->rc = dbpool_write(t->pool, b_fn, &t->a, &t->e);
	return NULL;
}

static void *
b_block_thread(void *arg)
{
	struct b_thread	*t = arg;

	t->rc = dbpool_write(t->pool, b_blocker, NULL, &t->e);
	return NULL;
}

/* The batch of three writes to thread and name, good but for bad (-1: none). */
static void
run_batch(const char *name, int bad, struct b_thread t[3])
{
	struct b_thread	 blocker;
	struct dbpool	*pool;
	struct err	 e;
	int		 i;

	pool_create_table(name);
	batch.outside = open_db(name);
	batch.blocker_running = false;
	batch.waiting = 0;
	batch.order = 0;
	assert_int_equal(dbpool_open(url_of(name), &pool, &e), 0);

	blocker = (struct b_thread){ .pool = pool };
	assert_int_equal(pthread_create(&blocker.tid, NULL, b_block_thread,
	    &blocker), 0);
	pthread_mutex_lock(&batch.mu);
	while (!batch.blocker_running)
		pthread_cond_wait(&batch.cond, &batch.mu);
	pthread_mutex_unlock(&batch.mu);

	for (i = 0; i < 3; i++) {
		t[i] = (struct b_thread){ .pool = pool,
		    .a = { .thread = 1, .seq = i, .good = i != bad } };
		assert_int_equal(pthread_create(&t[i].tid, NULL, b_thread,
		    &t[i]), 0);
	}
	assert_int_equal(pthread_join(blocker.tid, NULL), 0);
	assert_int_equal(blocker.rc, 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(pthread_join(t[i].tid, NULL), 0);
	dbpool_free(pool);
	/*
	 * Whatever their order, the last job run ran after at least one good
	 * write whose row was not yet committed: one transaction.
	 */
	if (batch.order < 3 || batch.order > 8 ||
	    batch.seen[batch.order - 1] < 1)
		fail_msg("the three writes were not grouped (%d runs)",
		    batch.order);
}

static void
test_pool_batch(void **state)
{
	struct b_thread	 t[3];
	struct db	*db;
	int		 i;

	(void)state;
	/* Three good writes: each job runs once. */
	run_batch("batch-good", -1, t);
	for (i = 0; i < 3; i++)
		assert_int_equal(t[i].rc, 0);
	assert_int_equal(batch.order, 3);
	db = batch.outside;
	assert_int_equal(one(db, "SELECT count(*) FROM w"), 3);
	db_close(db);

	/*
	 * A failing write between two good ones: the unguarded run stops at
	 * it and is rolled back, and the three run again in savepoints; the
	 * failing one alone is left out.
	 */
	run_batch("batch", 1, t);
	assert_int_equal(t[0].rc, 0);
	assert_int_equal(t[1].rc, -1);
	assert_int_equal(t[1].e.code, ERR_INVALID);
	assert_int_equal(t[2].rc, 0);
	assert_in_range(batch.order, 4, 6);
	db = batch.outside;
	assert_int_equal(one(db, "SELECT count(*) FROM w WHERE seq = 0"), 1);
	assert_int_equal(one(db, "SELECT count(*) FROM w WHERE seq = 1"), 0);
	assert_int_equal(one(db, "SELECT count(*) FROM w WHERE seq = 2"), 1);
	db_close(db);
	batch.outside = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_stmt_cache),
		cmocka_unit_test(test_binds),
		cmocka_unit_test(test_one_i64),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_tx_run),
		cmocka_unit_test(test_savepoints),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_migrate),
		cmocka_unit_test(test_pool_concurrent),
		cmocka_unit_test(test_pool_batch),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
