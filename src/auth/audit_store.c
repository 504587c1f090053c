/*
 * The SQL of the audit log (see audit.h).  An append bumps the single
 * audit_head row first: in SQLite the one writer makes appends sequential;
 * in PostgreSQL the row lock (and a serialization failure, retried, for a
 * transaction that read a stale head) does.  The entry, the new head and,
 * every AUDIT_CHECKPOINT_EVERY entries, a checkpoint are written in the
 * caller's transaction, so an audited change and its entry commit together.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/clock.h"
#include "base/xmalloc.h"

enum audit_stmt {
	AUDIT_BUMP,
	AUDIT_INSERT,
	AUDIT_SET_HEAD,
	AUDIT_CHECKPOINT,
	AUDIT_WALK,
	AUDIT_CHECKPOINTS,
	AUDIT_HEAD,
	AUDIT__MAX
};

static const char *const audit_sql[AUDIT__MAX] = {
	[AUDIT_BUMP] = "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 "
	    "RETURNING seq, hash",
	[AUDIT_INSERT] = "INSERT INTO audit_log (seq, at, user_id, action, "
	    "object_type, object_id, result, detail, prev_hash, hash) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[AUDIT_SET_HEAD] = "UPDATE audit_head SET hash = ? WHERE id = 1",
	[AUDIT_CHECKPOINT] = "INSERT INTO audit_checkpoint (seq, hash, at) "
	    "VALUES (?, ?, ?) ON CONFLICT (seq) DO NOTHING",
	[AUDIT_WALK] = "SELECT id, seq, at, user_id, action, object_type, "
	    "object_id, result, detail, prev_hash, hash FROM audit_log "
	    "ORDER BY id",
	[AUDIT_CHECKPOINTS] = "SELECT seq, hash FROM audit_checkpoint "
	    "ORDER BY seq",
	[AUDIT_HEAD] = "SELECT seq, hash FROM audit_head WHERE id = 1",
};

static int
audit_record_checkpoint(struct db *db, int64_t seq,
    const unsigned char *hash)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, audit_sql[AUDIT_CHECKPOINT])) == NULL)
		return -1;
	db_bind_i64(st, 1, seq);
	db_bind_blob(st, 2, hash, AUDIT_HASH_BYTES);
	db_bind_i64(st, 3, clock_now());
	return db_done(st);
}

int
audit_append(struct db *db, const struct audit_entry *a)
{
	struct db_stmt	*st;
	unsigned char	 prev[AUDIT_HASH_BYTES], hash[AUDIT_HASH_BYTES];
	const void	*p;
	size_t		 n;
	int64_t		 seq, at = clock_now_ms();

	if ((st = db_prepare(db, audit_sql[AUDIT_BUMP])) == NULL)
		return -1;
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return -1;
	}
	seq = db_col_i64(st, 0);
	p = db_col_blob(st, 1, &n);
	if (p == NULL || n != AUDIT_HASH_BYTES) {
		db_reset(st);
		return -1;
	}
	memcpy(prev, p, sizeof(prev));
	db_reset(st);

	audit_hash(prev, seq, at, a->user_id, a->action, a->object_type,
	    a->object_id, a->result, a->detail, hash);
	if ((st = db_prepare(db, audit_sql[AUDIT_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, seq);
	db_bind_i64(st, 2, at);
	db_bind_i64(st, 3, a->user_id);
	db_bind_str(st, 4, a->action);
	db_bind_str(st, 5, a->object_type);
	db_bind_i64(st, 6, a->object_id);
	db_bind_str(st, 7, a->result);
	db_bind_str(st, 8, a->detail);
	db_bind_blob(st, 9, prev, sizeof(prev));
	db_bind_blob(st, 10, hash, sizeof(hash));
	if (db_done(st) == -1)
		return -1;
	if ((st = db_prepare(db, audit_sql[AUDIT_SET_HEAD])) == NULL)
		return -1;
	db_bind_blob(st, 1, hash, sizeof(hash));
	if (db_done(st) == -1)
		return -1;
	if (seq % AUDIT_CHECKPOINT_EVERY == 0)
		return audit_record_checkpoint(db, seq, hash);
	return 0;
}

static int
audit_log_job(struct db *db, void *arg, struct err *e)
{
	(void)e;
	return audit_append(db, arg);
}

int
audit_log(struct dbpool *pool, const struct audit_entry *a, struct err *e)
{
	return dbpool_write(pool, audit_log_job, (void *)(uintptr_t)a, e);
}

/* An entry on its way to the writer, with copies of its strings. */
struct audit_async {
	struct audit_entry	 a;
	audit_done_fn		 done;
	void			*arg;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
audit_async_job(struct db *db, void *arg, struct err *e)
{
	struct audit_async	*j = arg;

	(void)e;
	return audit_append(db, &j->a);
}

static void
audit_async_done(void *arg, int rc, const struct err *e)
{
	struct audit_async	*j = arg;

	j->done(j->arg, rc, e);
	free((char *)j->a.action);
	free((char *)j->a.object_type);
	free((char *)j->a.result);
	free((char *)j->a.detail);
	free(j);
}

void
audit_log_async(struct dbpool *pool, const struct audit_entry *a,
    audit_done_fn done, void *arg)
{
	struct audit_async	*j = xcalloc(1, sizeof(*j));

	j->a.user_id = a->user_id;
	j->a.object_id = a->object_id;
	j->a.action = dup_or_null(a->action);
	j->a.object_type = dup_or_null(a->object_type);
	j->a.result = dup_or_null(a->result);
	j->a.detail = dup_or_null(a->detail);
	j->done = done;
	j->arg = arg;
	dbpool_write_async(pool, audit_async_job, j, audit_async_done);
}

static const char *
col_or_null(struct db_stmt *st, int i)
{
	return db_col_null(st, i) ? NULL : db_col_text(st, i);
}

static void
copy_hash(struct db_stmt *st, int i, unsigned char out[AUDIT_HASH_BYTES])
{
	const void	*p;
	size_t		 n;

	p = db_col_blob(st, i, &n);
	memset(out, 0, AUDIT_HASH_BYTES);
	if (p != NULL)
		memcpy(out, p, n < AUDIT_HASH_BYTES ? n : AUDIT_HASH_BYTES);
}

int
audit_verify_db(struct db *db, struct audit_verifier *v, struct err *e)
{
	struct db_stmt		*st;
	struct audit_row	 r;
	struct audit_checkpoint	 c;
	enum db_step_rc		 rc;

	if ((st = db_prepare(db, audit_sql[AUDIT_WALK])) == NULL)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		r.id = db_col_i64(st, 0);
		r.seq = db_col_i64(st, 1);
		r.at = db_col_i64(st, 2);
		r.user_id = db_col_i64(st, 3);
		r.action = db_col_text(st, 4);
		r.object_type = col_or_null(st, 5);
		r.object_id = db_col_i64(st, 6);
		r.result = db_col_text(st, 7);
		r.detail = col_or_null(st, 8);
		copy_hash(st, 9, r.prev_hash);
		copy_hash(st, 10, r.hash);
		audit_verifier_row(v, &r);
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	audit_verifier_finish(v);
	if ((st = db_prepare(db, audit_sql[AUDIT_CHECKPOINTS])) == NULL)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		c.seq = db_col_i64(st, 0);
		copy_hash(st, 1, c.hash);
		audit_verifier_checkpoint(v, &c, "a stored checkpoint");
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	if ((st = db_prepare(db, audit_sql[AUDIT_HEAD])) == NULL)
		goto fail;
	if ((rc = db_step(st)) == DB_ROW) {
		c.seq = db_col_i64(st, 0);
		copy_hash(st, 1, c.hash);
		audit_verifier_checkpoint(v, &c, "the head of the log");
		if (c.seq < (int64_t)v->nhashes && !v->failed) {
			v->failed = true;
			v->problem_at = c.seq + 1;
			snprintf(v->problem, sizeof(v->problem), "the head of "
			    "the log says %lld entries, but %zu are stored: "
			    "entries were appended behind its back",
			    (long long)c.seq, v->nhashes);
		}
	}
	db_reset(st);
	if (rc == DB_ERROR)
		goto fail;
	return 0;
fail:
	*e = *db_err(db);
	return -1;
}

int
audit_checkpoint_now(struct db *db, struct audit_checkpoint *c,
    struct err *e)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, audit_sql[AUDIT_HEAD])) == NULL)
		goto fail;
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		goto fail;
	}
	c->seq = db_col_i64(st, 0);
	copy_hash(st, 1, c->hash);
	db_reset(st);
	if (c->seq > 0 && audit_record_checkpoint(db, c->seq, c->hash) == -1)
		goto fail;
	return 0;
fail:
	*e = *db_err(db);
	return -1;
}
