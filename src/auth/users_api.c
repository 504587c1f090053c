/*
 * Staff accounts, for admins: list, create (with a one-time password shown
 * once), change role or disable, reset the password, reset the second
 * factor, and the instance settings.  Every change is audited in the same
 * transaction.  The last enabled admin cannot be disabled or demoted.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/settings.h"
#include "base/clock.h"
#include "base/valid.h"
#include "http/jv.h"

static const char *const role_names[] = {
	"admin", "coordinator", "consultant", "shelter_staff", "auditor", NULL
};

static json_t *
user_admin_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:b, s:b, s:s, s:I, s:o}",
	    "id", (json_int_t)u->id, "username", u->username,
	    "role", role_name(u->role), "disabled", u->disabled,
	    "totp_enrolled", u->totp_enrolled,
	    "must_change_password", u->must_change_pw,
	    "language", u->language, "created_at", (json_int_t)u->created_at,
	    "last_login_at", u->last_login_at > 0 ?
	    json_integer(u->last_login_at) : json_null());
}

static int
users_add(const struct user *u, void *arg)
{
	json_t	*o = user_admin_json(u);

	return o != NULL ? json_array_append_new(arg, o) : -1;
}

static int
api_users(struct req *r)
{
	struct db	*db;
	json_t		*list;

	if ((db = req_db(r)) == NULL)
		return -1;
	list = json_array();
	if (user_list(db, users_add, list) == -1) {
		json_decref(list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "users", list));
}

static const struct jv_field create_fields[] = {
	{ .name = "username", .type = JV_STRING, .required = true, .min = 1,
	  .max = USERNAME_MAX },
	{ .name = "role", .type = JV_STRING, .required = true, .min = 1,
	  .max = 32, .oneof = role_names },
	{ .name = NULL }
};

static int
api_user_create(struct req *r)
{
	struct account_create	 j;
	struct user		 u;
	struct err		 e;
	struct db		*db;
	char			 pw[21];
	int			 rc;

	if (req_check(r, create_fields) == -1)
		return -1;
	j.by = r->user_id;
	j.username = jv_str(r->json, "username");
	if (!valid_username(j.username, strlen(j.username)))
		return req_error(r, API_EINVALID, "username", "a user name is "
		    "1 to 64 of a-z, 0-9, '.', '_' and '-'");
	if (role_parse(jv_str(r->json, "role"), &j.role) == -1)
		return req_error(r, API_EINVALID, "role", NULL);
	password_generate(pw);
	if (password_hash(pw, strlen(pw), j.hash) == -1) {
		sodium_memzero(pw, sizeof(pw));
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
	if (dbpool_write(http_pool(r), account_create_job, &j, &e) == -1) {
		sodium_memzero(pw, sizeof(pw));
		if (e.code == ERR_UNIQUE)
			return req_error(r, API_ECONFLICT, "username",
			    "This user name is taken.");
		return req_dberror(r, &e);
	}
	if ((db = req_db(r)) == NULL || user_by_id(db, j.id, &u) != 1) {
		sodium_memzero(pw, sizeof(pw));
		return db != NULL ? req_dberror(r, db_err(db)) : -1;
	}
	rc = req_json(r, 201, json_pack("{s:o, s:s}", "user",
	    user_admin_json(&u), "password", pw));
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

static const struct jv_field update_fields[] = {
	{ .name = "role", .type = JV_STRING, .min = 1, .max = 32,
	  .oneof = role_names },
	{ .name = "disabled", .type = JV_BOOL },
	{ .name = NULL }
};

static int
api_user_update(struct req *r)
{
	struct account_update	 j;
	struct err		 e;
	const char		*role;

	if (req_check(r, update_fields) == -1)
		return -1;
	memset(&j, 0, sizeof(j));
	j.by = r->user_id;
	if (!route_param_int(&r->params, "id", &j.id))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	if ((role = jv_str(r->json, "role")) != NULL) {
		j.set_role = true;
		if (role_parse(role, &j.role) == -1)
			return req_error(r, API_EINVALID, "role", NULL);
	}
	if (json_object_get(r->json, "disabled") != NULL) {
		j.set_disabled = true;
		j.disabled = jv_bool(r->json, "disabled", false);
	}
	if (dbpool_write(http_pool(r), account_update_job, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.found != 1)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	if (j.last_admin)
		return req_error(r, API_ECONFLICT, NULL,
		    "This is the last enabled admin: keep it, or make another "
		    "admin first.");
	return req_json(r, 200, json_pack("{s:o}", "user",
	    user_admin_json(&j.after)));
}

static int
api_user_password(struct req *r)
{
	struct account_reset	 j;
	struct err		 e;
	char			 pw[21], hash[PASSWORD_HASHLEN];
	int			 rc;

	j.by = r->user_id;
	if (!route_param_int(&r->params, "id", &j.id))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	password_generate(pw);
	if (password_hash(pw, strlen(pw), hash) == -1) {
		sodium_memzero(pw, sizeof(pw));
		return req_error(r, API_EINTERNAL, NULL, NULL);
	}
	j.hash = hash;
	if (dbpool_write(http_pool(r), account_reset_job, &j, &e) == -1)
		rc = req_dberror(r, &e);
	else if (j.found != 1)
		rc = req_error(r, API_ENOTFOUND, NULL, NULL);
	else
		rc = req_json(r, 200, json_pack("{s:s}", "password", pw));
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

static int
api_user_totp_reset(struct req *r)
{
	struct account_reset	 j;
	struct err		 e;

	j.by = r->user_id;
	j.hash = NULL;
	if (!route_param_int(&r->params, "id", &j.id))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	if (dbpool_write(http_pool(r), account_reset_job, &j, &e) == -1)
		return req_dberror(r, &e);
	if (j.found != 1)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	return req_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* Settings. */

static int
settings_answer(struct req *r, struct db *db)
{
	json_t	*o = json_object();
	int64_t	 v;
	int	 i;

	for (i = 0; i < SETTING__MAX; i++) {
		if (setting_get(db, (enum setting)i, &v) == -1) {
			json_decref(o);
			return req_dberror(r, db_err(db));
		}
		json_object_set_new(o, setting_defs[i].name,
		    i == SETTING_DEMO_MODE ? json_boolean(v) : json_integer(v));
	}
	return req_json(r, 200, o);
}

static int
api_settings(struct req *r)
{
	struct db	*db;

	if ((db = req_db(r)) == NULL)
		return -1;
	return settings_answer(r, db);
}

/* The body's fields: every setting the API may change, with its limits. */
static struct jv_field	settings_fields[SETTING__MAX + 1];
static pthread_once_t	settings_once = PTHREAD_ONCE_INIT;

static void
settings_fields_init(void)
{
	int	 i, n = 0;

	for (i = 0; i < SETTING__MAX; i++) {
		if (!setting_defs[i].api)
			continue;
		settings_fields[n].name = setting_defs[i].name;
		settings_fields[n].type = JV_INT;
		settings_fields[n].imin = setting_defs[i].min;
		settings_fields[n].imax = setting_defs[i].max;
		n++;
	}
	settings_fields[n].name = NULL;
}

struct settings_job {
	int64_t		 by;
	const json_t	*body;
};

static int
settings_write(struct db *db, void *arg, struct err *e)
{
	struct settings_job	*j = arg;
	struct audit_entry	 a = { j->by, "settings.update", "setting", 0,
				    "ok", NULL };
	json_t			*v;
	int			 i;

	(void)e;
	for (i = 0; i < SETTING__MAX; i++) {
		if (!setting_defs[i].api || (v = json_object_get(j->body,
		    setting_defs[i].name)) == NULL)
			continue;
		a.detail = setting_defs[i].name;
		if (setting_set(db, (enum setting)i, json_integer_value(v)) ==
		    -1 || audit_append(db, &a) == -1)
			return -1;
	}
	return 0;
}

static int
api_settings_update(struct req *r)
{
	struct settings_job	 j;
	struct err		 e;
	struct db		*db;

	pthread_once(&settings_once, settings_fields_init);
	if (req_check(r, settings_fields) == -1)
		return -1;
	j.by = r->user_id;
	j.body = r->json;
	if (dbpool_write(http_pool(r), settings_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if ((db = req_db(r)) == NULL)
		return -1;
	return settings_answer(r, db);
}

const struct route users_routes[] = {
	{ HTTP_GET, "/api/v1/users", "users.list", api_users, PERM_USERS, 0 },
	{ HTTP_POST, "/api/v1/users", "users.create", api_user_create,
	  PERM_USERS, 2048 },
	{ HTTP_PATCH, "/api/v1/users/{id:int}", "users.update",
	  api_user_update, PERM_USERS, 2048 },
	{ HTTP_POST, "/api/v1/users/{id:int}/password", "users.password_reset",
	  api_user_password, PERM_USERS, 0 },
	{ HTTP_DELETE, "/api/v1/users/{id:int}/totp", "users.totp_reset",
	  api_user_totp_reset, PERM_USERS, 0 },
	{ HTTP_GET, "/api/v1/settings", "settings.get", api_settings,
	  PERM_SETTINGS, 0 },
	{ HTTP_PATCH, "/api/v1/settings", "settings.update",
	  api_settings_update, PERM_SETTINGS, 2048 },
};
const size_t users_nroutes = sizeof(users_routes) / sizeof(users_routes[0]);
