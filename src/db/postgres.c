/*
 * The PostgreSQL driver, over libpq.  SQL arrives with ? placeholders and is
 * prepared server-side once per connection with $1..$n.  Parameters travel
 * as text (blobs as binary), results come back as text and are converted on
 * read, so the stores need not know the server's type OIDs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "db/driver.h"

#define PG_MAXPARAMS	64

struct pg_param {
	char	*val;		/* owned; NULL for SQL NULL */
	int	 len;
	int	 fmt;		/* 0 text, 1 binary */
};

struct pg_stmt {
	char		 name[24];
	int		 nparams;
	struct pg_param	 params[PG_MAXPARAMS];
	PGresult	*res;		/* rows of the current execution */
	int		 row;		/* current row, -1 before the first */
	unsigned char	*blob;		/* last unescaped bytea, owned */
};

struct pg_conn {
	PGconn		*conn;
	unsigned	 nstmts;	/* names for prepared statements */
};

static PGconn *
pgc(struct db *db)
{
	return ((struct pg_conn *)db->impl)->conn;
}

static struct pg_stmt *
pgs(struct db_stmt *st)
{
	return st->impl;
}

/*
 * Classify a failed result by its SQLSTATE: serialization failures and
 * deadlocks are retryable, class 23 is a constraint.
 */
static int
pg_fail(struct db *db, const PGresult *res, const char *what)
{
	const char	*state = NULL, *msg;
	enum err_code	 code = ERR_DB;
	size_t		 n;
	char		 line[200];

	if (res != NULL)
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state != NULL) {
		if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		    strcmp(state, "55P03") == 0)
			code = ERR_BUSY;
		else if (strcmp(state, "23505") == 0)
			code = ERR_UNIQUE;
		else if (strncmp(state, "23", 2) == 0)
			code = ERR_CONSTRAINT;
		else if (strcmp(state, "42P01") == 0)
			code = ERR_SCHEMA;
	}
	msg = res != NULL ? PQresultErrorMessage(res) : "";
	if (*msg == '\0')
		msg = PQerrorMessage(pgc(db));
	/* One line: libpq messages end with a newline and may have details. */
	snprintf(line, sizeof(line), "%s", msg);
	n = strcspn(line, "\n");
	line[n] = '\0';
	err_set(&db->err, code, "postgres: %s: %s%s%s", what, line,
	    state != NULL ? " (SQLSTATE " : "", state != NULL ? state : "");
	if (state != NULL) {
		n = strlen(db->err.msg);
		if (n + 1 < sizeof(db->err.msg)) {
			db->err.msg[n] = ')';
			db->err.msg[n + 1] = '\0';
		}
	}
	return -1;
}

static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;	/* NOTICEs ("relation exists, skipping") are noise. */
}

static int
pg_open(struct db *db, const char *url)
{
	struct pg_conn	*c = xcalloc(1, sizeof(*c));
	PGresult	*res;

	db->impl = c;
	c->conn = PQconnectdb(url);
	if (c->conn == NULL) {
		err_set(&db->err, ERR_IO, "postgres: out of memory");
		return -1;
	}
	if (PQstatus(c->conn) != CONNECTION_OK)
		return pg_fail(db, NULL, "connect");
	PQsetNoticeProcessor(c->conn, pg_notice, NULL);
	/*
	 * No parallel workers: starting them took 50 ms for a count of the
	 * register that needs 2 (a query planned for 500,000 rows stops after
	 * 1,001), and on a server of many small requests the cores are busy
	 * anyway.
	 */
	res = PQexec(c->conn, "SET client_encoding = 'UTF8'; "
	    "SET TIME ZONE 'UTC'; SET max_parallel_workers_per_gather = 0");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_fail(db, res, "session settings");
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

static void
pg_close(struct db *db)
{
	struct pg_conn	*c = db->impl;

	if (c == NULL)
		return;
	if (c->conn != NULL)
		PQfinish(c->conn);
	free(c);
	db->impl = NULL;
}

static int
pg_exec(struct db *db, const char *sql)
{
	PGresult	*res = PQexec(pgc(db), sql);
	int		 rc = 0;

	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
		/*
		 * COMMIT of a transaction that a failed statement aborted rolls
		 * it back and says so only in its tag: that is a failure.
		 */
		if (strcmp(sql, "COMMIT") == 0 &&
		    strcmp(PQcmdStatus(res), "COMMIT") != 0) {
			db_fail(db, ERR_DB, "commit: the transaction had "
			    "failed and was rolled back");
			rc = -1;
		}
		break;
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		break;
	default:
		rc = pg_fail(db, res, "exec");
		break;
	}
	PQclear(res);
	return rc;
}

/*
 * Number the ? placeholders, leaving quoted strings, quoted identifiers and
 * comments alone.  Returns the new text (caller frees) and the count.
 */
static char *
pg_number(const char *sql, int *count)
{
	struct buf	 b;
	const char	*p;
	int		 n = 0;
	char		 quote = 0;

	buf_init(&b, 1 << 20);
	for (p = sql; *p != '\0'; p++) {
		if (quote != 0) {
			buf_addc(&b, *p);
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_addc(&b, *p);
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				buf_addc(&b, *p++);
			if (*p == '\0')
				break;
			buf_addc(&b, *p);
		} else if (*p == '?')
			buf_addf(&b, "$%d", ++n);
		else
			buf_addc(&b, *p);
	}
	*count = n;
	return buf_detach(&b, NULL);
}

static int
pg_prepare(struct db *db, struct db_stmt *st)
{
	struct pg_conn	*c = db->impl;
	struct pg_stmt	*s;
	PGresult	*res;
	char		*sql;
	int		 n;

	sql = pg_number(st->sql, &n);
	if (n > PG_MAXPARAMS) {
		free(sql);
		err_set(&db->err, ERR_INVALID, "postgres: %d parameters, "
		    "more than %d", n, PG_MAXPARAMS);
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "h%u", c->nstmts++);
	s->nparams = n;
	s->row = -1;
	res = PQprepare(c->conn, s->name, sql, 0, NULL);
	free(sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_fail(db, res, "prepare");
		PQclear(res);
		free(s);
		return -1;
	}
	PQclear(res);
	st->impl = s;
	return 0;
}

static void
pg_clear_params(struct pg_stmt *s)
{
	int	 i;

	for (i = 0; i < s->nparams; i++) {
		free(s->params[i].val);
		s->params[i].val = NULL;
		s->params[i].len = 0;
		s->params[i].fmt = 0;
	}
}

static void
pg_reset(struct db_stmt *st)
{
	struct pg_stmt	*s = pgs(st);

	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	PQfreemem(s->blob);
	s->blob = NULL;
	pg_clear_params(s);
}

static void
pg_finalize(struct db_stmt *st)
{
	struct pg_stmt	*s = pgs(st);

	if (s == NULL)
		return;
	pg_reset(st);
	free(s);
	st->impl = NULL;
}

static int
pg_set(struct db_stmt *st, int i, char *val, size_t len, int fmt)
{
	struct pg_stmt	*s = pgs(st);

	if (i < 1 || i > s->nparams || len > 0x7fffffff) {
		free(val);
		err_set(&st->db->err, ERR_INVALID, "postgres: bind %d of %d",
		    i, s->nparams);
		return -1;
	}
	free(s->params[i - 1].val);
	s->params[i - 1].val = val;
	s->params[i - 1].len = (int)len;
	s->params[i - 1].fmt = fmt;
	return 0;
}

static int
pg_bind_i64(struct db_stmt *st, int i, int64_t v)
{
	char	 tmp[24];
	int	 n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v);

	return pg_set(st, i, xstrndup(tmp, (size_t)n), (size_t)n, 0);
}

static int
pg_bind_double(struct db_stmt *st, int i, double v)
{
	char	 tmp[40];
	int	 n = snprintf(tmp, sizeof(tmp), "%.17g", v);

	return pg_set(st, i, xstrndup(tmp, (size_t)n), (size_t)n, 0);
}

static int
pg_bind_text(struct db_stmt *st, int i, const char *p, size_t n)
{
	/* Text parameters end at the first NUL: refuse to cut silently. */
	if (memchr(p, '\0', n) != NULL) {
		err_set(&st->db->err, ERR_INVALID, "postgres: NUL in text");
		return -1;
	}
	return pg_set(st, i, xstrndup(p, n), n, 0);
}

static int
pg_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	char	*copy = xmalloc(n);

	memcpy(copy, p, n);
	return pg_set(st, i, copy, n, 1);
}

static int
pg_bind_null(struct db_stmt *st, int i)
{
	return pg_set(st, i, NULL, 0, 0);
}

static enum db_step_rc
pg_step(struct db_stmt *st)
{
	struct pg_stmt	*s = pgs(st);
	const char	*vals[PG_MAXPARAMS];
	int		 lens[PG_MAXPARAMS], fmts[PG_MAXPARAMS], i;

	if (s->res == NULL) {
		for (i = 0; i < s->nparams; i++) {
			vals[i] = s->params[i].val;
			lens[i] = s->params[i].len;
			fmts[i] = s->params[i].fmt;
		}
		s->res = PQexecPrepared(pgc(st->db), s->name, s->nparams,
		    vals, lens, fmts, 0);
		switch (PQresultStatus(s->res)) {
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
			break;
		default:
			pg_fail(st->db, s->res, "step");
			PQclear(s->res);
			s->res = NULL;
			return DB_ERROR;
		}
		s->row = -1;
	}
	PQfreemem(s->blob);
	s->blob = NULL;
	if (s->row + 1 < PQntuples(s->res)) {
		s->row++;
		return DB_ROW;
	}
	s->row = PQntuples(s->res);
	return DB_DONE;
}

static int
pg_col_count(struct db_stmt *st)
{
	return pgs(st)->res != NULL ? PQnfields(pgs(st)->res) : 0;
}

static bool
pg_valid_cell(struct db_stmt *st, int i)
{
	struct pg_stmt	*s = pgs(st);

	return s->res != NULL && s->row >= 0 && s->row < PQntuples(s->res) &&
	    i >= 0 && i < PQnfields(s->res);
}

static bool
pg_col_null(struct db_stmt *st, int i)
{
	if (!pg_valid_cell(st, i))
		return true;
	return PQgetisnull(pgs(st)->res, pgs(st)->row, i);
}

static int64_t
pg_col_i64(struct db_stmt *st, int i)
{
	const char	*v;

	if (pg_col_null(st, i))
		return 0;
	v = PQgetvalue(pgs(st)->res, pgs(st)->row, i);
	/* Booleans come back as t/f. */
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	return strtoll(v, NULL, 10);
}

static double
pg_col_double(struct db_stmt *st, int i)
{
	if (pg_col_null(st, i))
		return 0;
	return strtod(PQgetvalue(pgs(st)->res, pgs(st)->row, i), NULL);
}

static const char *
pg_col_text(struct db_stmt *st, int i)
{
	if (pg_col_null(st, i))
		return "";
	return PQgetvalue(pgs(st)->res, pgs(st)->row, i);
}

static const void *
pg_col_blob(struct db_stmt *st, int i, size_t *n)
{
	struct pg_stmt	*s = pgs(st);

	*n = 0;
	if (pg_col_null(st, i))
		return NULL;
	PQfreemem(s->blob);
	s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res,
	    s->row, i), n);
	return s->blob;
}

static const char *const pg_dialect[][2] = {
	{ "ID", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
	{ "BLOB", "BYTEA" },
	{ "ZERO32", "'\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea" },
	{ NULL, NULL },
};

const struct db_driver postgres_driver = {
	.scheme = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_i64 = pg_bind_i64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_null = pg_col_null,
	.col_i64 = pg_col_i64,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.tx_sql = {
		[DB_TX_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
		[DB_TX_WRITE] = "BEGIN ISOLATION LEVEL SERIALIZABLE",
		/*
		 * Migrators exclude each other with a transaction-scoped
		 * advisory lock (key: "haven" in ASCII).
		 */
		[DB_TX_EXCLUSIVE] = "BEGIN ISOLATION LEVEL SERIALIZABLE; "
		    "SELECT pg_advisory_xact_lock(448378203246)",
	},
	.dialect = pg_dialect,
};
