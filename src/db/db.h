/*
 * The data API: one small interface over SQLite and PostgreSQL.
 *
 * SQL is written once, with ? placeholders, in the common subset of both
 * dialects; the PostgreSQL driver numbers the placeholders.  Statements are
 * prepared once per connection and cached by the address of their SQL text,
 * so pass the static strings of a store's query table, never built text.
 *
 * A struct db is one connection, used by one thread at a time.  Errors are
 * recorded on the connection (db_err) and the failing call returns -1 or
 * DB_ERROR.  ERR_BUSY means "retry the transaction".
 */
#ifndef HAVEN_DB_H
#define HAVEN_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum db_kind {
	DB_SQLITE,
	DB_POSTGRES,
	DB__MAX
};

enum db_step_rc {
	DB_ERROR = -1,
	DB_DONE = 0,
	DB_ROW = 1
};

enum db_tx_mode {
	DB_TX_READ,		/* a consistent snapshot */
	DB_TX_WRITE,		/* takes the write lock up front */
	DB_TX_EXCLUSIVE,	/* also excludes other migrators */
	DB_TX__MAX
};

struct db;
struct db_stmt;

/*
 * Open a connection for "url" (sqlite:PATH or postgresql://...).  On success
 * *out is a new connection the caller closes with db_close().
 */
int		 db_open(const char *url, struct db **out, struct err *)
		    __attribute__((warn_unused_result));
void		 db_close(struct db *);
enum db_kind	 db_kind(const struct db *);
const struct err *db_err(const struct db *);
bool		 db_url_valid(const char *url, struct err *);
/* Record a failure found by a store (not by SQL) on the connection. */
void		 db_fail(struct db *, enum err_code, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Run a script of statements without parameters (migrations). */
int		 db_exec(struct db *, const char *sql)
		    __attribute__((warn_unused_result));

/*
 * The cached statement for "sql", reset with no binds; borrowed from the
 * connection until db_close().  NULL on error.
 */
struct db_stmt	*db_prepare(struct db *, const char *sql)
		    __attribute__((warn_unused_result));
void		 db_bind_i64(struct db_stmt *, int, int64_t);
void		 db_bind_double(struct db_stmt *, int, double);
void		 db_bind_text(struct db_stmt *, int, const char *, size_t);
void		 db_bind_str(struct db_stmt *, int, const char *); /* NULL ok */
void		 db_bind_blob(struct db_stmt *, int, const void *, size_t);
void		 db_bind_null(struct db_stmt *, int);
void		 db_bind_opt(struct db_stmt *, int, int64_t); /* 0: NULL */
enum db_step_rc	 db_step(struct db_stmt *) __attribute__((warn_unused_result));
void		 db_reset(struct db_stmt *);
void		 db_reset_all(struct db *);

/* Columns of the current row, 0-based; valid until the next step or reset. */
int		 db_col_count(struct db_stmt *);
bool		 db_col_null(struct db_stmt *, int);
int64_t		 db_col_i64(struct db_stmt *, int);
double		 db_col_double(struct db_stmt *, int);
const char	*db_col_text(struct db_stmt *, int);	/* "" when NULL */
const void	*db_col_blob(struct db_stmt *, int, size_t *);

/*
 * Convenience: run a statement that returns at most one integer.  Returns
 * 1 with *out set, 0 when there was no row, -1 on error.
 */
int		 db_one_i64(struct db_stmt *, int64_t *out)
		    __attribute__((warn_unused_result));
/*
 * Step a statement that returns at most one row: 1 with the row current
 * (the caller reads it, then resets), 0 when there is none and -1 on an
 * error (both reset already).
 */
int		 db_row(struct db_stmt *) __attribute__((warn_unused_result));
/* Run a statement that returns no row, then reset it; 0 or -1. */
int		 db_done(struct db_stmt *) __attribute__((warn_unused_result));

int		 db_tx_begin(struct db *, enum db_tx_mode)
		    __attribute__((warn_unused_result));
int		 db_tx_commit(struct db *) __attribute__((warn_unused_result));
void		 db_tx_rollback(struct db *);
int		 db_savepoint(struct db *, const char *)
		    __attribute__((warn_unused_result));
int		 db_savepoint_release(struct db *, const char *)
		    __attribute__((warn_unused_result));
void		 db_savepoint_rollback(struct db *, const char *);

/*
 * Run fn inside a transaction of the given mode, retrying the whole
 * transaction (up to a bound, with a short growing pause) when the database
 * reports ERR_BUSY.  fn returns 0 to commit, -1 to roll back; on -1 it may
 * fill *e, otherwise the connection's error is copied there.
 */
typedef int	(*db_tx_fn)(struct db *, void *arg, struct err *);
int		 db_tx_run(struct db *, enum db_tx_mode, db_tx_fn, void *,
		    struct err *) __attribute__((warn_unused_result));

/*
 * The script with this dialect's words put in for the @WORD@ markers that
 * migrations use where SQLite and PostgreSQL differ (@ID@, @BLOB@, ...).
 * The caller frees the result.
 */
char		*db_translate(struct db *, const char *script);

#endif
