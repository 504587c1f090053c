/*
 * What a database driver implements, and the parts of struct db and
 * struct db_stmt that db.c shares with the drivers.  Only db.c, sqlite.c and
 * postgres.c include this file.
 */
#ifndef HAVEN_DB_DRIVER_H
#define HAVEN_DB_DRIVER_H

#include "db/db.h"

#define DB_STMT_CACHE	256	/* statements per connection, power of two */

struct db_stmt {
	struct db	*db;
	const char	*sql;		/* cache key: the caller's static text */
	void		*impl;		/* the driver's statement */
	bool		 bind_failed;	/* a bind error, reported at step */
};

struct db_driver {
	const char	*scheme;
	int	(*open)(struct db *, const char *url);
	void	(*close)(struct db *);
	int	(*exec)(struct db *, const char *sql);
	int	(*prepare)(struct db *, struct db_stmt *);
	void	(*finalize)(struct db_stmt *);
	void	(*reset)(struct db_stmt *);
	int	(*bind_i64)(struct db_stmt *, int, int64_t);
	int	(*bind_double)(struct db_stmt *, int, double);
	int	(*bind_text)(struct db_stmt *, int, const char *, size_t);
	int	(*bind_blob)(struct db_stmt *, int, const void *, size_t);
	int	(*bind_null)(struct db_stmt *, int);
	enum db_step_rc (*step)(struct db_stmt *);
	int	(*col_count)(struct db_stmt *);
	bool	(*col_null)(struct db_stmt *, int);
	int64_t	(*col_i64)(struct db_stmt *, int);
	double	(*col_double)(struct db_stmt *, int);
	const char *(*col_text)(struct db_stmt *, int);
	const void *(*col_blob)(struct db_stmt *, int, size_t *);
	const char *tx_sql[DB_TX__MAX];		/* how to begin each mode */
	/* What the migrations' @WORD@ markers become in this dialect. */
	const char *const (*dialect)[2];
};

struct db {
	const struct db_driver	*drv;
	void			*impl;
	struct err		 err;
	struct db_stmt		*cache[DB_STMT_CACHE];
	int			 in_tx;
};

extern const struct db_driver	sqlite_driver;
extern const struct db_driver	postgres_driver;

#endif
