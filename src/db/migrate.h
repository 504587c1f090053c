/*
 * Versioned schema migrations, embedded in the binary from
 * src/db/migrations/NNNN_name.sql and recorded in schema_migrations.
 * Each is applied in its own exclusive transaction, so running migrate
 * twice, or from two processes at once, applies each migration once.
 */
#ifndef HAVEN_MIGRATE_H
#define HAVEN_MIGRATE_H

#include "base/err.h"
#include "db/db.h"

/* Apply what is missing; *applied counts what this call applied. */
int	 migrate_up(struct db *, int *applied, struct err *)
	    __attribute__((warn_unused_result));

/*
 * 0 when the database has exactly the migrations this binary knows;
 * -1 with ERR_SCHEMA when it lacks some or has newer ones.
 */
int	 migrate_check(struct db *, struct err *)
	    __attribute__((warn_unused_result));

int	 migrate_latest(void);	/* the highest version this binary knows */

#endif
