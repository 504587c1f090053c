/*
 * The auth routes: log in, log out, who am I.  A failed login answers the
 * same whether the account exists or not, and takes as long: an unknown
 * name is checked against a dummy hash.
 */
#include <pthread.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/cookie.h"
#include "auth/session.h"
#include "base/clock.h"
#include "base/log.h"
#include "http/jv.h"

static char		dummy_hash[PASSWORD_HASHLEN];
static pthread_once_t	dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	char	 pw[21];

	password_generate(pw);
	if (password_hash(pw, strlen(pw), dummy_hash) == -1)
		fatalx("cannot hash the dummy password");
	sodium_memzero(pw, sizeof(pw));
}

static const struct jv_field login_fields[] = {
	{ .name = "username", .type = JV_STRING, .required = true, .min = 1,
	  .max = USERNAME_MAX },
	{ .name = "password", .type = JV_STRING, .required = true, .min = 1,
	  .max = PASSWORD_MAX },
	{ .name = NULL }
};

struct login_job {
	const struct user	*user;
	const char		*password;	/* for a rehash */
	size_t			 pwlen;
	int64_t			 now;
	char			 token[SESSION_TOKEN_CHARS + 1];
	int64_t			 session_id;
};

static int
login_write(struct db *db, void *arg, struct err *e)
{
	struct login_job	*j = arg;
	char			 hash[PASSWORD_HASHLEN];

	(void)e;
	if (password_needs_rehash(j->user->pw_hash)) {
		if (password_hash(j->password, j->pwlen, hash) == -1 ||
		    user_set_password(db, j->user->id, hash,
		    j->user->must_change_pw) == -1)
			return -1;
	}
	return session_create(db, j->user->id, j->now, j->token,
	    &j->session_id);
}

static json_t *
user_json(int64_t id, const char *username, enum role role, bool mustchange)
{
	return json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)id,
	    "username", username, "role", role_name(role),
	    "must_change_password", mustchange);
}

static int
api_login(struct req *r)
{
	struct login_job	 j;
	struct user		 u;
	struct err		 e;
	struct db		*db;
	const char		*name, *pw;
	int			 found, rc;
	bool			 ok;

	if (req_check(r, login_fields) == -1)
		return -1;
	name = jv_str(r->json, "username");
	pw = jv_str(r->json, "password");
	if ((db = req_db(r)) == NULL)
		return -1;
	if ((found = user_by_name(db, name, &u)) == -1)
		return req_dberror(r, db_err(db));
	if (!found)
		pthread_once(&dummy_once, dummy_init);
	ok = password_verify(found ? u.pw_hash : dummy_hash, pw, strlen(pw));
	if (!found || !ok || u.disabled || u.role == ROLE__MAX) {
		jv_wipe(r->json, "password");
		return req_error(r, API_EUNAUTH, NULL,
		    "The user name or password is wrong.");
	}
	memset(&j, 0, sizeof(j));
	j.user = &u;
	j.password = pw;
	j.pwlen = strlen(pw);
	j.now = clock_now();
	rc = dbpool_write(http_pool(r), login_write, &j, &e);
	jv_wipe(r->json, "password");
	if (rc == -1)
		return req_dberror(r, &e);
	r->user_id = u.id;
	cookie_set_session(r, j.token);
	sodium_memzero(j.token, sizeof(j.token));
	return req_json(r, 200, json_pack("{s:o}", "user", user_json(u.id,
	    u.username, u.role, u.must_change_pw)));
}

struct logout_job {
	int64_t	 session_id;
};

static int
logout_write(struct db *db, void *arg, struct err *e)
{
	struct logout_job	*j = arg;

	(void)e;
	return session_revoke(db, j->session_id, clock_now());
}

static int
api_logout(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct logout_job	 j = { p->session_id };
	struct err		 e;

	if (dbpool_write(http_pool(r), logout_write, &j, &e) == -1)
		return req_dberror(r, &e);
	cookie_clear_session(r);
	return req_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static int
api_me(struct req *r)
{
	const struct principal	*p = auth_principal(r);

	return req_json(r, 200, json_pack("{s:o}", "user", user_json(
	    p->user_id, p->username, p->role, p->must_change_pw)));
}

const struct route auth_routes[] = {
	{ HTTP_POST, "/api/v1/auth/login", "auth.login", api_login,
	  PERM_PUBLIC, 4096 },
	{ HTTP_POST, "/api/v1/auth/logout", "auth.logout", api_logout,
	  PERM_SESSION, 0 },
	{ HTTP_GET, "/api/v1/auth/me", "auth.me", api_me, PERM_SESSION, 0 },
};
const size_t auth_nroutes = sizeof(auth_routes) / sizeof(auth_routes[0]);
