/*
 * The audit log: who did what to which record, when, with what result —
 * never the personal data itself.  Entries are hash-chained: each holds the
 * hash of the one before, so an edited, deleted, inserted or reordered entry
 * breaks the chain, and checkpoints (count + head hash) kept off the
 * machine reveal a cut-off tail.
 *
 * audit.c holds the pure rules (the hash, the verifier); audit_store.c the
 * SQL.
 */
#ifndef HAVEN_AUDIT_H
#define HAVEN_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"
#include "db/pool.h"

#define AUDIT_HASH_BYTES	32
#define AUDIT_CHECKPOINT_EVERY	100

/* What happened; the strings are static, never input. */
struct audit_entry {
	int64_t		 user_id;	/* 0: nobody logged in */
	const char	*action;	/* "login", "user.create", ... */
	const char	*object_type;	/* "user", "session", "route"; NULL */
	int64_t		 object_id;	/* 0: none */
	const char	*result;	/* "ok", "denied", "failed" */
	const char	*detail;	/* a route name or a role; NULL */
};

/* An entry as stored. */
struct audit_row {
	int64_t		 id;
	int64_t		 seq;
	int64_t		 at;		/* Unix ms */
	int64_t		 user_id;
	const char	*action;
	const char	*object_type;	/* NULL when SQL NULL */
	int64_t		 object_id;
	const char	*result;
	const char	*detail;	/* NULL when SQL NULL */
	unsigned char	 prev_hash[AUDIT_HASH_BYTES];
	unsigned char	 hash[AUDIT_HASH_BYTES];
};

struct audit_checkpoint {
	int64_t		 seq;
	unsigned char	 hash[AUDIT_HASH_BYTES];
};

/* The hash of an entry given its predecessor's hash. */
void	 audit_hash(const unsigned char prev[AUDIT_HASH_BYTES], int64_t seq,
	    int64_t at, int64_t user_id, const char *action,
	    const char *object_type, int64_t object_id, const char *result,
	    const char *detail, unsigned char out[AUDIT_HASH_BYTES]);

/*
 * The verifier: feed it every row in storage order, finish, then the
 * checkpoints.  Of the problems found it keeps the earliest in the log, as
 * one line in problem.
 */
struct audit_verifier {
	int64_t		 expect_seq;
	unsigned char	 prev[AUDIT_HASH_BYTES];
	int64_t		 rows;
	int64_t		 gap_from, gap_to;	/* entries not seen (yet) */
	bool		 failed;
	int64_t		 problem_at;		/* entry of the problem */
	char		 problem[256];
	/* hashes by seq, to check checkpoints against */
	unsigned char	(*hashes)[AUDIT_HASH_BYTES];
	size_t		 nhashes, caphashes;
};

void	 audit_verifier_init(struct audit_verifier *);
void	 audit_verifier_row(struct audit_verifier *, const struct audit_row *);
/* After the last row: missing entries that never turned up were deleted. */
void	 audit_verifier_finish(struct audit_verifier *);
void	 audit_verifier_checkpoint(struct audit_verifier *,
	    const struct audit_checkpoint *, const char *source);
void	 audit_verifier_release(struct audit_verifier *);
/* Parse "SEQ:HEX" (a checkpoint line); -1 when malformed. */
int	 audit_checkpoint_parse(const char *, struct audit_checkpoint *)
	    __attribute__((warn_unused_result));
void	 audit_checkpoint_format(const struct audit_checkpoint *, char *,
	    size_t);

/* Append inside the caller's write transaction. */
int	 audit_append(struct db *, const struct audit_entry *)
	    __attribute__((warn_unused_result));
/* Append in a write of its own (denials, failed logins, reads). */
int	 audit_log(struct dbpool *, const struct audit_entry *, struct err *)
	    __attribute__((warn_unused_result));
/*
 * The same without waiting: the entry is copied, and done(arg, rc, e) is
 * called once it is durable (rc 0) or failed (rc -1), on the writer thread
 * (see dbpool_write_async).  An answer that must not leave before its
 * entry waits for done, not a thread.
 */
typedef void	(*audit_done_fn)(void *arg, int rc, const struct err *);
void	 audit_log_async(struct dbpool *, const struct audit_entry *,
	    audit_done_fn done, void *arg);
/* Walk the whole log and the stored checkpoints through the verifier. */
int	 audit_verify_db(struct db *, struct audit_verifier *, struct err *)
	    __attribute__((warn_unused_result));
/* The current head as a checkpoint, and record it in the table. */
int	 audit_checkpoint_now(struct db *, struct audit_checkpoint *,
	    struct err *) __attribute__((warn_unused_result));

#endif
