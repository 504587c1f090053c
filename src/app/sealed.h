/*
 * Every column that holds a sealed value (crypto/field.h), in one table, so
 * that a key rotation reaches them all.  A capability that seals a new
 * column adds it here; the rotation test fails if a sealed value is left
 * under the old key.
 */
#ifndef HAVEN_SEALED_H
#define HAVEN_SEALED_H

#include <stddef.h>

#include "base/err.h"
#include "db/db.h"

struct sealed_column {
	const char	*table;
	const char	*column;
	const char	*page_sql;	/* id, value WHERE id > ? ... LIMIT ? */
	const char	*update_sql;	/* SET column = ? WHERE id = ? */
	/* A blind index of the same value, made anew with the new key. */
	const char	*bidx_domain;	/* NULL: none */
	const char	*bidx_sql;	/* SET index = ? WHERE id = ? */
	/* Anything else made from the clear value with the blind key. */
	int		(*reindex)(struct db *, int64_t id, const char *pt);
};

extern const struct sealed_column	sealed_columns[];
extern const size_t			sealed_ncolumns;

/*
 * Re-seal every value that the current key (the first in the ring) did not
 * seal, in batches of one transaction each, so that an interrupted run
 * resumes where it stopped.  *done counts the values re-sealed.
 */
int	 sealed_rotate(struct db *, int64_t *done, struct err *)
	    __attribute__((warn_unused_result));

#endif
