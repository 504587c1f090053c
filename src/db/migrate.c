/*
 * Schema migrations: see migrate.h.  The migrations' file names carry their
 * version (0001_foundation.sql); the embedded table is sorted by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/valid.h"
#include "db/migrate.h"

static const char *const sql_bootstrap =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";
static const char *const sql_has =
    "SELECT count(*) FROM schema_migrations WHERE version = ?";
static const char *const sql_record =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (?, ?, ?)";
static const char *const sql_max =
    "SELECT coalesce(max(version), 0), count(*) FROM schema_migrations";

static int	 migrate_state(struct db *, int64_t *, int64_t *, struct err *);

static int
migration_version(const struct embed_file *f)
{
	int64_t	 v;

	if (strlen(f->name) < 5 || f->name[4] != '_' ||
	    !valid_i64(f->name, 4, 1, 9999, &v))
		fatalx("migration %s: name must start with NNNN_", f->name);
	return (int)v;
}

int
migrate_latest(void)
{
	const struct embed_file	*f;
	int			 v = 0;

	for (f = embed_migrations; f->name != NULL; f++)
		v = migration_version(f);
	return v;
}

struct migrate_step {
	const struct embed_file	*file;
	int			 version;
	int			 applied;
};

static int
migrate_one(struct db *db, void *arg, struct err *e)
{
	struct migrate_step	*m = arg;
	struct db_stmt		*st;
	char			*sql;
	int64_t			 have = 0;
	int			 rc;

	(void)e;
	m->applied = 0;
	if ((st = db_prepare(db, sql_has)) == NULL)
		return -1;
	db_bind_i64(st, 1, m->version);
	if (db_one_i64(st, &have) == -1)
		return -1;
	if (have > 0)
		return 0;	/* another migrator was first */
	sql = db_translate(db, (const char *)m->file->data);
	rc = db_exec(db, sql);
	free(sql);
	if (rc == -1)
		return -1;
	if ((st = db_prepare(db, sql_record)) == NULL)
		return -1;
	db_bind_i64(st, 1, m->version);
	db_bind_str(st, 2, m->file->name);
	db_bind_i64(st, 3, clock_now());
	if (db_step(st) != DB_DONE)
		return -1;
	db_reset(st);
	m->applied = 1;
	return 0;
}

int
migrate_up(struct db *db, int *applied, struct err *e)
{
	const struct embed_file	*f;
	struct migrate_step	 m;
	int64_t			 max, count;

	*applied = 0;
	if (db_exec(db, sql_bootstrap) == -1) {
		*e = *db_err(db);
		return -1;
	}
	if (migrate_state(db, &max, &count, e) == -1)
		return -1;
	for (f = embed_migrations; f->name != NULL; f++) {
		m.file = f;
		m.version = migration_version(f);
		if (db_tx_run(db, DB_TX_EXCLUSIVE, migrate_one, &m, e) == -1) {
			char	 msg[sizeof(e->msg)];

			snprintf(msg, sizeof(msg), "%s", e->msg);
			err_set(e, e->code, "migration %s: %s", f->name, msg);
			return -1;
		}
		if (m.applied) {
			log_info("applied migration %s", f->name);
			(*applied)++;
		}
	}
	err_clear(e);
	return 0;
}

/* The highest applied version and how many are applied. */
static int
migrate_state(struct db *db, int64_t *max, int64_t *count, struct err *e)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, sql_max)) == NULL) {
		*e = *db_err(db);
		if (strstr(e->msg, "schema_migrations") != NULL ||
		    e->code == ERR_SCHEMA)
			err_set(e, ERR_SCHEMA, "the database has no Haven "
			    "schema: run 'haven init' or 'haven migrate'");
		return -1;
	}
	if (db_step(st) != DB_ROW) {
		*e = *db_err(db);
		db_reset(st);
		return -1;
	}
	*max = db_col_i64(st, 0);
	*count = db_col_i64(st, 1);
	db_reset(st);
	if (*max > migrate_latest()) {
		err_set(e, ERR_SCHEMA, "the database schema (version %lld) is "
		    "newer than this haven (version %d): upgrade haven",
		    (long long)*max, migrate_latest());
		return -1;
	}
	return 0;
}

int
migrate_check(struct db *db, struct err *e)
{
	const struct embed_file	*f;
	int64_t			 max = 0, count = 0, known = 0;

	if (migrate_state(db, &max, &count, e) == -1)
		return -1;
	for (f = embed_migrations; f->name != NULL; f++)
		known++;
	if (count < known) {
		err_set(e, ERR_SCHEMA, "the database schema lacks %lld of %lld "
		    "migrations: run 'haven migrate'", (long long)(known - count),
		    (long long)known);
		return -1;
	}
	return 0;
}
