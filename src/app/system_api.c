/*
 * Routes about the service itself: health (does the database answer, is its
 * schema current), the version, whether this is a demo instance, and the
 * OpenAPI document of the API.
 */
#include "auth/perm.h"
#include "auth/settings.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/version.h"
#include "db/migrate.h"
#include "http/http.h"
#include "app/system_api.h"

static int
api_healthz(struct req *r)
{
	struct db	*db;
	struct err	 e;

	if ((db = req_db(r)) == NULL)
		return -1;
	if (migrate_check(db, &e) == -1) {
		log_warnx("req=%s: healthz: %s", r->id, e.msg);
		return req_error(r, API_EUNAVAILABLE, NULL,
		    "The database is not ready.");
	}
	return req_json(r, 200, json_pack("{s:s, s:s, s:i}", "status", "ok",
	    "database", dbpool_kind(http_pool(r)) == DB_SQLITE ?
	    "sqlite" : "postgresql", "schema", migrate_latest()));
}

static int
api_version(struct req *r)
{
	return req_json(r, 200, json_pack("{s:s, s:s, s:s, s:i}",
	    "name", "haven", "version", HAVEN_VERSION,
	    "api", HAVEN_API_VERSION, "schema", migrate_latest()));
}

static int
api_instance(struct req *r)
{
	struct db	*db;
	int64_t		 demo;

	if ((db = req_db(r)) == NULL)
		return -1;
	if (setting_get(db, SETTING_DEMO_MODE, &demo) == -1)
		return req_dberror(r, db_err(db));
	return req_json(r, 200, json_pack("{s:b, s:s}", "demo", demo != 0,
	    "version", HAVEN_VERSION));
}

static int
api_openapi(struct req *r)
{
	const struct embed_file	*f = embed_find(embed_api, "openapi.json");

	if (f == NULL)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	return req_static(r, "application/json", f->data, f->len);
}

const struct route system_routes[] = {
	{ HTTP_GET, "/healthz", "healthz", api_healthz, PERM_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/version", "version", api_version, PERM_PUBLIC,
	  0 },
	{ HTTP_GET, "/api/v1/openapi.json", "openapi", api_openapi,
	  PERM_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/instance", "instance", api_instance, PERM_PUBLIC,
	  0 },
};
const size_t system_nroutes = sizeof(system_routes) / sizeof(system_routes[0]);
