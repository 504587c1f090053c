/*
 * The application: what handlers share (http_app(r) returns a struct app),
 * the route table of every capability, and the demo data set.
 */
#ifndef HAVEN_APP_H
#define HAVEN_APP_H

#include <stddef.h>

#include "crypto/keyfile.h"
#include "db/db.h"
#include "http/router.h"

struct app {
	struct keyring	*keys;		/* owned by serve; also field_init() */
};

/*
 * Every route of every capability, in one new table the caller frees with
 * free(); the routes themselves are static.
 */
struct route	*app_routes(size_t *n);

/*
 * Load the fictional demo data set (idempotent) and mark the instance as a
 * demo.  Prints the demo logins on stdout.
 */
int		 demo_seed(struct db *, struct err *)
		    __attribute__((warn_unused_result));

#endif
