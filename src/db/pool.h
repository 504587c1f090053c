/*
 * The server's database connections: one read connection per thread, opened
 * on first use, and one write path.
 *
 * SQLite has a single writer at a time, and threads that compete for its
 * lock sleep and retry, which wrecks tail latency.  So every write runs on
 * one writer thread with a connection of its own, and the writes that queue
 * up while a commit is in flight are committed together (group commit):
 * all in one transaction, each caller answered after the commit.  When a
 * write of the group fails, the group runs again with each write in its
 * own savepoint, so that the others are kept.  With PostgreSQL the same:
 * the audit chain's head row, which nearly every write updates, serialises
 * writers anyway, and one commit then serves many.  Its transaction is serializable; a batch whose
 * commit fails on a serialization failure (another Haven on the same
 * database) is run again.
 */
#ifndef HAVEN_POOL_H
#define HAVEN_POOL_H

#include "base/err.h"
#include "db/db.h"

struct dbpool;

int		 dbpool_open(const char *url, struct dbpool **, struct err *)
		    __attribute__((warn_unused_result));
void		 dbpool_free(struct dbpool *);
enum db_kind	 dbpool_kind(const struct dbpool *);

/*
 * This thread's read connection, borrowed until dbpool_free().  NULL (and
 * *e filled) when it cannot be opened.
 */
struct db	*dbpool_reader(struct dbpool *, struct err *)
		    __attribute__((warn_unused_result));

/* Reset every statement of this thread's reader: the end of a request. */
void		 dbpool_release_thread(struct dbpool *);

/*
 * Run fn in a write transaction and return after it is durable.  fn returns
 * 0 to keep its writes, -1 to undo them (filling *e); fn must not keep
 * pointers into the connection after it returns.  fn may be run more than
 * once (its group failed, or the database was busy): each run must start
 * anew, whatever an earlier run left in arg.  May be called from any
 * thread.
 */
int		 dbpool_write(struct dbpool *, db_tx_fn fn, void *arg,
		    struct err *) __attribute__((warn_unused_result));

/*
 * The same write without waiting for it: done(arg, rc, e) is called exactly
 * once after the write is durable (rc 0) or has failed (rc -1, *e says
 * why), on the writer thread or, with PostgreSQL, before this returns.
 * Writes keep their order with dbpool_write's.  done owns arg.  For the
 * audit entry of a read, whose answer may wait for it on no thread.
 */
typedef void	(*db_done_fn)(void *arg, int rc, const struct err *);
void		 dbpool_write_async(struct dbpool *, db_tx_fn fn, void *arg,
		    db_done_fn done);

#endif
