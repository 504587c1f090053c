/*
 * Reader connections per thread and the single write path: see pool.h.
 * Invariant: only the writer thread touches the writer connection; the job
 * queue is guarded by mu; a job is owned by its caller, who waits on
 * job->done until the writer has committed or failed it.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/xmalloc.h"
#include "db/pool.h"

#define POOL_BATCH	128	/* writes grouped into one commit at most */
#define POOL_READER_CACHE_KIB "256"	/* a SQLite reader's page cache */

struct pool_conn {
	struct db		*db;
	struct pool_conn	*next;
};

struct pool_job {
	db_tx_fn		 fn;
	void			*arg;
	struct err		 err;
	int			 rc;
	bool			 done;
	pthread_cond_t		 cond;
	db_done_fn		 done_fn;	/* asynchronous: the writer's */
	struct pool_job		*next;
};

struct dbpool {
	char			*url;
	enum db_kind		 kind;
	pthread_key_t		 key;
	pthread_mutex_t		 mu;
	struct pool_conn	*conns;		/* every reader, for closing */

	/*
	 * The writer, with either database.  For PostgreSQL too: nearly every
	 * write updates the audit chain's head row, so concurrent serializable
	 * writers failed each other and retried, and under load some ran out
	 * of retries (503); one at a time, each paid a commit of its own.
	 */
	struct db		*wdb;
	pthread_t		 writer;
	bool			 writer_running;
	bool			 stopping;
	pthread_cond_t		 wcond;
	struct pool_job		*head, *tail;
};

enum db_kind
dbpool_kind(const struct dbpool *p)
{
	return p->kind;
}

struct db *
dbpool_reader(struct dbpool *p, struct err *e)
{
	struct pool_conn	*c;
	struct db		*db;

	if ((db = pthread_getspecific(p->key)) != NULL)
		return db;
	if (db_open(p->url, &db, e) == -1)
		return NULL;
	/*
	 * A SQLite reader's page cache is emptied whenever another connection
	 * has committed since its last read, which under load is every
	 * request: a small cache per reader costs no reads, and a worker
	 * each keeps the server's memory in bounds.
	 */
	if (p->kind == DB_SQLITE && db_exec(db, "PRAGMA cache_size = -"
	    POOL_READER_CACHE_KIB) == -1) {
		*e = *db_err(db);
		db_close(db);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->db = db;
	pthread_mutex_lock(&p->mu);
	c->next = p->conns;
	p->conns = c;
	pthread_mutex_unlock(&p->mu);
	if (pthread_setspecific(p->key, db) != 0)
		fatalx("pthread_setspecific");
	return db;
}

void
dbpool_release_thread(struct dbpool *p)
{
	struct db	*db = pthread_getspecific(p->key);

	if (db != NULL)
		db_reset_all(db);
}

/* Run one job inside the group's transaction, in its own savepoint. */
static void
pool_run_job(struct db *db, struct pool_job *j)
{
	err_clear(&j->err);
	if (db_savepoint(db, "job") == -1) {
		j->err = *db_err(db);
		j->rc = -1;
		return;
	}
	j->rc = j->fn(db, j->arg, &j->err);
	if (j->rc == -1) {
		if (j->err.code == ERR_NONE)
			j->err = *db_err(db);
		if (j->err.code == ERR_NONE)
			err_set(&j->err, ERR_DB, "write rolled back");
		db_savepoint_rollback(db, "job");
		return;
	}
	if (db_savepoint_release(db, "job") == -1) {
		j->err = *db_err(db);
		j->rc = -1;
		db_savepoint_rollback(db, "job");
	}
}

/*
 * One try at a batch in one transaction: 0 committed, -1 failed with *fail
 * set, 1 when a job failed unguarded (everything rolled back).  Guarded,
 * each job runs in its own savepoint, so that a failing job leaves the
 * others' writes; unguarded, none does, since a savepoint costs a SQLite
 * write a few per cent and a PostgreSQL write two round trips.
 */
static int
pool_try_batch(struct dbpool *p, struct pool_job *batch, bool guarded,
    struct err *fail)
{
	struct pool_job	*j;

	if (db_tx_begin(p->wdb, DB_TX_WRITE) == -1)
		goto failed;
	for (j = batch; j != NULL; j = j->next) {
		if (guarded) {
			pool_run_job(p->wdb, j);
			continue;
		}
		err_clear(&j->err);
		if ((j->rc = j->fn(p->wdb, j->arg, &j->err)) == -1) {
			db_tx_rollback(p->wdb);
			return 1;
		}
	}
	if (db_tx_commit(p->wdb) == 0)
		return 0;
failed:
	*fail = *db_err(p->wdb);
	db_tx_rollback(p->wdb);
	return -1;
}

/*
 * Commit a batch: unguarded first, and again guarded when a job fails or
 * the commit does (on PostgreSQL, a statement that failed inside a job
 * leaves the transaction aborted).  So a job runs more than once, as it
 * does when the database is busy: a job function must start anew each
 * time.  If BEGIN or COMMIT fails guarded, the whole batch fails; jobs that
 * had succeeded are told so, and nothing of theirs was kept.
 */
static void
pool_run_batch(struct dbpool *p, struct pool_job *batch)
{
	struct pool_job	*j;
	struct err	 fail;
	bool		 guarded = false;
	int		 attempt = 0, rc;

	err_clear(&fail);
	while (attempt < 3) {
		rc = pool_try_batch(p, batch, guarded, &fail);
		if (rc == 0)
			return;
		if (!guarded && (rc == 1 || fail.code != ERR_BUSY)) {
			guarded = true;
			continue;
		}
		if (fail.code != ERR_BUSY)
			break;
		attempt++;
		log_info("db writer: batch retried: %s", fail.msg);
	}
	log_warnx("db writer: batch failed: %s", fail.msg);
	for (j = batch; j != NULL; j = j->next) {
		j->rc = -1;
		j->err = fail;
	}
}

static void *
pool_writer(void *arg)
{
	struct dbpool	*p = arg;
	struct pool_job	*batch, *waiting, *j, *next, **tailp;
	int		 n;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->head == NULL && !p->stopping)
			pthread_cond_wait(&p->wcond, &p->mu);
		if (p->head == NULL && p->stopping)
			break;
		/* Take up to POOL_BATCH jobs off the queue. */
		batch = p->head;
		tailp = &batch;
		for (n = 0, j = p->head; j != NULL && n < POOL_BATCH; n++) {
			tailp = &j->next;
			j = j->next;
		}
		p->head = j;
		if (j == NULL)
			p->tail = NULL;
		*tailp = NULL;
		pthread_mutex_unlock(&p->mu);

		pool_run_batch(p, batch);

		/*
		 * Asynchronous callers are told outside the lock (a callback
		 * may take time), and their jobs freed; the waiting callers
		 * are woken under it.
		 */
		waiting = NULL;
		for (j = batch; j != NULL; j = next) {
			next = j->next;
			if (j->done_fn != NULL) {
				j->done_fn(j->arg, j->rc, &j->err);
				free(j);
			} else {
				j->next = waiting;
				waiting = j;
			}
		}
		pthread_mutex_lock(&p->mu);
		for (j = waiting; j != NULL; j = next) {
			next = j->next;
			j->done = true;
			pthread_cond_signal(&j->cond);
		}
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Queue a job for the writer; -1 when the pool is stopping. */
static int
pool_enqueue(struct dbpool *p, struct pool_job *job)
{
	if (p->stopping)
		return -1;
	if (p->tail != NULL)
		p->tail->next = job;
	else
		p->head = job;
	p->tail = job;
	pthread_cond_signal(&p->wcond);
	return 0;
}

int
dbpool_write(struct dbpool *p, db_tx_fn fn, void *arg, struct err *e)
{
	struct pool_job	 job;

	memset(&job, 0, sizeof(job));
	job.fn = fn;
	job.arg = arg;
	pthread_cond_init(&job.cond, NULL);
	pthread_mutex_lock(&p->mu);
	if (pool_enqueue(p, &job) == -1) {
		pthread_mutex_unlock(&p->mu);
		pthread_cond_destroy(&job.cond);
		err_set(e, ERR_IO, "database is shutting down");
		return -1;
	}
	while (!job.done)
		pthread_cond_wait(&job.cond, &p->mu);
	pthread_mutex_unlock(&p->mu);
	pthread_cond_destroy(&job.cond);
	if (job.rc == -1 && e != NULL)
		*e = job.err;
	else
		err_clear(e);
	return job.rc;
}

void
dbpool_write_async(struct dbpool *p, db_tx_fn fn, void *arg, db_done_fn done)
{
	struct pool_job	*job;
	struct err	 e;
	int		 rc;

	job = xcalloc(1, sizeof(*job));
	job->fn = fn;
	job->arg = arg;
	job->done_fn = done;	/* no waiter: its condition stays unused */
	pthread_mutex_lock(&p->mu);
	rc = pool_enqueue(p, job);
	pthread_mutex_unlock(&p->mu);
	if (rc == -1) {
		free(job);
		err_set(&e, ERR_IO, "database is shutting down");
		done(arg, -1, &e);
	}
}

int
dbpool_open(const char *url, struct dbpool **out, struct err *e)
{
	struct dbpool	*p;
	struct db	*probe = NULL;

	*out = NULL;
	/* Fail early, in the caller's thread, if the database is not there. */
	if (db_open(url, &probe, e) == -1)
		return -1;
	if (db_kind(probe) == DB_SQLITE) {
		/*
		 * Each write of a batch runs in a savepoint, whose journal of
		 * old pages went to a temporary file past 64 KiB: a pwrite
		 * per page touched, a fifth of a write's time.  In memory it
		 * holds at most one batch's pages.
		 */
		if (db_exec(probe, "PRAGMA temp_store = MEMORY") == -1) {
			*e = *db_err(probe);
			db_close(probe);
			return -1;
		}
	}
	p = xcalloc(1, sizeof(*p));
	p->url = xstrdup(url);
	p->kind = db_kind(probe);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->wcond, NULL);
	if (pthread_key_create(&p->key, NULL) != 0)
		fatalx("pthread_key_create");
	p->wdb = probe;
	if (pthread_create(&p->writer, NULL, pool_writer, p) != 0)
		fatalx("pthread_create: db writer");
	p->writer_running = true;
	*out = p;
	return 0;
}

void
dbpool_free(struct dbpool *p)
{
	struct pool_conn	*c, *next;

	if (p == NULL)
		return;
	if (p->writer_running) {
		pthread_mutex_lock(&p->mu);
		p->stopping = true;
		pthread_cond_signal(&p->wcond);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->writer, NULL);
	}
	db_close(p->wdb);
	/* The server's threads are gone: their readers can be closed here. */
	for (c = p->conns; c != NULL; c = next) {
		next = c->next;
		db_close(c->db);
		free(c);
	}
	pthread_key_delete(p->key);
	pthread_cond_destroy(&p->wcond);
	pthread_mutex_destroy(&p->mu);
	free(p->url);
	free(p);
}
