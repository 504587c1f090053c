/*
 * The routes of logging in and of one's own account: log in, the second
 * factor (verify, enrol, confirm), change password, log out, who am I,
 * one's sessions.
 *
 * A failed login answers the same whether the account exists or not, and
 * takes as long: an unknown name is checked against a dummy hash, and is
 * throttled like a real one (auth/throttle.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/cookie.h"
#include "auth/qr.h"
#include "auth/recovery.h"
#include "auth/throttle.h"
#include "auth/totp.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/valid.h"
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

static json_t *
user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:s, s:b}",
	    "id", (json_int_t)u->id, "username", u->username,
	    "role", role_name(u->role),
	    "must_change_password", u->must_change_pw,
	    "language", u->language, "totp_enrolled", u->totp_enrolled);
}

static void
principal_user(const struct principal *p, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = p->user_id;
	memcpy(u->username, p->username, sizeof(u->username));
	u->role = p->role;
	u->must_change_pw = p->must_change_pw;
	memcpy(u->language, p->language, sizeof(u->language));
	u->totp_enrolled = p->totp_enrolled;
}

/* 429 with Retry-After, the same for every kind of throttling. */
static int
answer_throttled(struct req *r, int64_t wait)
{
	char	 s[24];

	snprintf(s, sizeof(s), "%lld", (long long)wait);
	req_header(r, "Retry-After", s);
	return req_error(r, API_ETOOMANY, NULL, NULL);
}

/* The User-Agent, cut and cleaned, to tell sessions apart. */
static void
client_label(struct req *r, char *out, size_t n)
{
	const char	*ua = req_header_get(r, "User-Agent");
	size_t		 i, len;

	out[0] = '\0';
	if (ua == NULL)
		return;
	len = strlen(ua);
	if (len > SESSION_CLIENT_MAX)
		len = SESSION_CLIENT_MAX;
	if (len >= n)
		len = n - 1;
	for (i = 0; i < len; i++)
		out[i] = ua[i] >= 0x20 && ua[i] < 0x7f ? ua[i] : '?';
	out[len] = '\0';
}

static const struct jv_field login_fields[] = {
	{ .name = "username", .type = JV_STRING, .required = true, .min = 1,
	  .max = USERNAME_MAX },
	{ .name = "password", .type = JV_STRING, .required = true, .min = 1,
	  .max = PASSWORD_MAX },
	{ .name = NULL }
};

struct login_job {
	const struct user	*user;		/* NULL: failed */
	const char		*password;	/* for a rehash */
	size_t			 pwlen;
	int64_t			 now;
	unsigned char		 akey[BLIND_BYTES], ckey[BLIND_BYTES];
	struct session_limits	 limits;
	bool			 mfa_ok;
	const char		*client;
	char			 token[SESSION_TOKEN_CHARS + 1];
	int64_t			 session_id;
	int64_t			 failed_user;	/* for the audit entry */
};

static int
login_fail_write(struct db *db, void *arg, struct err *e)
{
	struct login_job	*j = arg;
	struct audit_entry	 a = { j->failed_user, "login", "user",
				    j->failed_user, "failed", "password" };

	(void)e;
	if (throttle_fail(db, j->akey, THROTTLE_FREE_ACCOUNT, j->now) == -1 ||
	    throttle_fail(db, j->ckey, THROTTLE_FREE_CLIENT, j->now) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
login_ok_write(struct db *db, void *arg, struct err *e)
{
	struct login_job	*j = arg;
	struct audit_entry	 a = { j->user->id, "login", "user",
				    j->user->id, "ok", "password" };
	char			 hash[PASSWORD_HASHLEN];

	(void)e;
	if (password_needs_rehash(j->user->pw_hash)) {
		if (password_hash(j->password, j->pwlen, hash) == -1 ||
		    user_set_password(db, j->user->id, hash,
		    j->user->must_change_pw) == -1)
			return -1;
	}
	if (throttle_forget(db, j->akey) == -1 ||
	    throttle_forget(db, j->ckey) == -1 ||
	    user_set_last_login(db, j->user->id, j->now) == -1 ||
	    session_create(db, j->user->id, j->now, &j->limits, j->client,
	    j->mfa_ok, j->token, &j->session_id) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
api_login(struct req *r)
{
	struct login_job	 j;
	struct auth_settings	 set;
	struct user		 u;
	struct err		 e;
	struct db		*db;
	const char		*name, *pw;
	char			 addr[64], client[SESSION_CLIENT_MAX + 1];
	char			 csrf[SESSION_CSRF_CHARS + 1];
	int64_t			 wait, wait2;
	int			 found, rc;
	bool			 ok;
	enum auth_stage		 stage;

	if (req_check(r, login_fields) == -1)
		return -1;
	name = jv_str(r->json, "username");
	pw = jv_str(r->json, "password");
	memset(&j, 0, sizeof(j));
	j.now = clock_now();
	req_client_addr(r, addr, sizeof(addr));
	throttle_key_account(name, j.akey);
	throttle_key_client(addr, j.ckey);
	if ((db = req_db(r)) == NULL)
		goto out;
	if ((wait = throttle_wait(db, j.akey, j.now)) == -1 ||
	    (wait2 = throttle_wait(db, j.ckey, j.now)) == -1) {
		req_dberror(r, db_err(db));
		goto out;
	}
	if (wait > 0 || wait2 > 0) {
		auth_audit(r, "login", NULL, 0, "blocked", "throttled");
		answer_throttled(r, wait > wait2 ? wait : wait2);
		goto out;
	}
	if ((found = user_by_name(db, name, &u)) == -1 ||
	    auth_settings(db, &set) == -1) {
		req_dberror(r, db_err(db));
		goto out;
	}
	if (!found)
		pthread_once(&dummy_once, dummy_init);
	ok = password_verify(found ? u.pw_hash : dummy_hash, pw, strlen(pw));
	if (!found || !ok || u.disabled || u.role == ROLE__MAX) {
		j.failed_user = found ? u.id : 0;
		if (dbpool_write(http_pool(r), login_fail_write, &j, &e) == -1)
			log_warnx("req=%s: login failure: %s", r->id, e.msg);
		req_error(r, API_EUNAUTH, NULL,
		    "The user name or password is wrong.");
		goto out;
	}
	client_label(r, client, sizeof(client));
	j.user = &u;
	j.password = pw;
	j.pwlen = strlen(pw);
	j.limits = set.limits;
	j.mfa_ok = !totp_required(u.totp_enrolled, set.demo);
	j.client = client;
	rc = dbpool_write(http_pool(r), login_ok_write, &j, &e);
	if (rc == -1) {
		req_dberror(r, &e);
		goto out;
	}
	r->user_id = u.id;
	cookie_set_session(r, j.token);
	if (!session_csrf(j.token, csrf))
		csrf[0] = '\0';
	stage = auth_stage(j.mfa_ok, u.totp_enrolled, set.demo,
	    u.must_change_pw);
	req_json(r, 200, json_pack("{s:o, s:s, s:s, s:b}", "user",
	    user_json(&u), "stage", stage_name(stage), "csrf", csrf,
	    "demo", set.demo));
out:
	sodium_memzero(j.token, sizeof(j.token));
	jv_wipe(r->json, "password");
	return r->status < 400 ? 0 : -1;
}

/* The second factor. */

static const struct jv_field verify_fields[] = {
	{ .name = "code", .type = JV_STRING, .min = 6, .max = 6 },
	{ .name = "recovery_code", .type = JV_STRING, .min = 16, .max = 32 },
	{ .name = NULL }
};

struct verify_job {
	const struct principal	*p;
	int64_t			 step;		/* a TOTP code's step, or 0 */
	const char		*recovery;	/* or a recovery code */
	bool			 ok;
	unsigned char		 akey[BLIND_BYTES];
	int64_t			 now;
};

static int
verify_write(struct db *db, void *arg, struct err *e)
{
	struct verify_job	*j = arg;
	struct audit_entry	 a = { j->p->user_id, "login", "user",
				    j->p->user_id, "failed", NULL };
	int			 rc = 0;

	(void)e;
	if (j->step > 0)
		rc = user_totp_use_step(db, j->p->user_id, j->step);
	else if (j->recovery != NULL)
		rc = recovery_use(db, j->p->user_id, j->recovery);
	if (rc == -1)
		return -1;
	j->ok = rc == 1;
	a.detail = j->recovery != NULL ? "recovery_code" : "totp";
	if (j->ok) {
		a.result = "ok";
		if (session_set_mfa(db, j->p->session_id) == -1 ||
		    throttle_forget(db, j->akey) == -1)
			return -1;
	} else if (throttle_fail(db, j->akey, THROTTLE_FREE_ACCOUNT,
	    j->now) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
api_totp_verify(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct verify_job	 j;
	struct buf		 secret;
	struct err		 e;
	struct db		*db;
	const char		*code, *rcode;
	int64_t			 wait;
	int			 rc;

	if (req_check(r, verify_fields) == -1)
		return -1;
	code = jv_str(r->json, "code");
	rcode = jv_str(r->json, "recovery_code");
	if ((code == NULL) == (rcode == NULL))
		return req_error(r, API_EINVALID, "code",
		    "give either code or recovery_code");
	if (code != NULL && !totp_code_valid(code))
		return req_error(r, API_EINVALID, "code",
		    "code must be six digits");
	if (p->stage != STAGE_TOTP)
		return req_error(r, API_ECONFLICT, NULL,
		    "No code is expected now.");
	if ((db = req_db(r)) == NULL)
		return -1;
	memset(&j, 0, sizeof(j));
	j.p = p;
	j.now = clock_now();
	throttle_key_account(p->username, j.akey);
	if ((wait = throttle_wait(db, j.akey, j.now)) == -1)
		return req_dberror(r, db_err(db));
	if (wait > 0)
		return answer_throttled(r, wait);
	if (code != NULL) {
		buf_init(&secret, 256);
		rc = user_totp_get(db, p->user_id, USER_TOTP_SECRET, &secret);
		if (rc == 1)
			j.step = totp_check((unsigned char *)secret.data,
			    secret.len, j.now, 0, code);
		buf_release(&secret);
		if (rc == -1)
			return req_dberror(r, db_err(db));
	} else
		j.recovery = rcode;
	/* A wrong code still goes through the write: it counts as a failure. */
	if (dbpool_write(http_pool(r), verify_write, &j, &e) == -1)
		return req_dberror(r, &e);
	if (!j.ok)
		return req_error(r, API_EUNAUTH, NULL,
		    "The code is wrong or was used already.");
	return req_json(r, 200, json_pack("{s:s}", "stage", stage_name(
	    auth_stage(true, true, false, p->must_change_pw))));
}

struct enrol_job {
	const struct principal	*p;
	unsigned char		 secret[TOTP_SECRET_BYTES];
};

static int
enrol_write(struct db *db, void *arg, struct err *e)
{
	struct enrol_job	*j = arg;

	(void)e;
	return user_totp_set_pending(db, j->p->user_id, j->secret,
	    sizeof(j->secret));
}

static int
api_totp_enrol(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct enrol_job	 j;
	struct buf		 uri, svg;
	struct err		 e;
	char			 b32[TOTP_BASE32_LEN + 1];
	int			 rc = -1;

	if (p->stage != STAGE_TOTP_ENROL && p->stage != STAGE_DONE)
		return req_error(r, API_ECONFLICT, NULL,
		    "Enter your current code first.");
	j.p = p;
	totp_secret_new(j.secret);
	totp_base32(j.secret, b32);
	buf_init(&uri, 512);
	buf_init(&svg, 256 * 1024);
	/* User names are [a-z0-9._-]: nothing in them needs escaping. */
	buf_addf(&uri, "otpauth://totp/Haven:%s?secret=%s&issuer=Haven"
	    "&algorithm=SHA1&digits=6&period=%d", p->username, b32, TOTP_STEP);
	if (dbpool_write(http_pool(r), enrol_write, &j, &e) == -1)
		req_dberror(r, &e);
	else if (qr_svg(uri.data, &svg) == -1) {
		log_warnx("req=%s: cannot draw the QR code", r->id);
		req_error(r, API_EINTERNAL, NULL, NULL);
	} else
		rc = req_json(r, 200, json_pack("{s:s, s:s, s:s}", "secret",
		    b32, "uri", uri.data, "qr_svg", svg.data));
	sodium_memzero(j.secret, sizeof(j.secret));
	sodium_memzero(b32, sizeof(b32));
	buf_release(&uri);
	buf_release(&svg);
	return rc;
}

static const struct jv_field confirm_fields[] = {
	{ .name = "code", .type = JV_STRING, .required = true, .min = 6,
	  .max = 6 },
	{ .name = NULL }
};

struct confirm_job {
	const struct principal	*p;
	int64_t			 step;
	char			 codes[RECOVERY_COUNT][RECOVERY_TEXT];
};

static int
confirm_write(struct db *db, void *arg, struct err *e)
{
	struct confirm_job	*j = arg;
	struct audit_entry	 a = { j->p->user_id, "totp.enrol", "user",
				    j->p->user_id, "ok", NULL };

	(void)e;
	if (user_totp_confirm(db, j->p->user_id, j->step) == -1 ||
	    recovery_store(db, j->p->user_id, j->codes) == -1 ||
	    session_set_mfa(db, j->p->session_id) == -1 ||
	    session_revoke_all(db, j->p->user_id, j->p->session_id,
	    clock_now()) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
api_totp_confirm(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct confirm_job	 j;
	struct buf		 secret;
	struct err		 e;
	struct db		*db;
	json_t			*codes;
	int			 rc, i;

	if (req_check(r, confirm_fields) == -1)
		return -1;
	if (!totp_code_valid(jv_str(r->json, "code")))
		return req_error(r, API_EINVALID, "code",
		    "code must be six digits");
	if (p->stage != STAGE_TOTP_ENROL && p->stage != STAGE_DONE)
		return req_error(r, API_ECONFLICT, NULL,
		    "Enter your current code first.");
	if ((db = req_db(r)) == NULL)
		return -1;
	memset(&j, 0, sizeof(j));
	j.p = p;
	buf_init(&secret, 256);
	rc = user_totp_get(db, p->user_id, USER_TOTP_PENDING, &secret);
	if (rc == 1)
		j.step = totp_check((unsigned char *)secret.data, secret.len,
		    clock_now(), 0, jv_str(r->json, "code"));
	buf_release(&secret);
	if (rc == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_ECONFLICT, NULL,
		    "Start the enrolment first.");
	if (j.step == 0)
		return req_error(r, API_EINVALID, "code",
		    "The code does not match. Check the time on your phone.");
	recovery_generate(j.codes);
	if (dbpool_write(http_pool(r), confirm_write, &j, &e) == -1) {
		sodium_memzero(j.codes, sizeof(j.codes));
		return req_dberror(r, &e);
	}
	codes = json_array();
	for (i = 0; i < RECOVERY_COUNT; i++)
		json_array_append_new(codes, json_string(j.codes[i]));
	sodium_memzero(j.codes, sizeof(j.codes));
	return req_json(r, 200, json_pack("{s:o, s:s}", "recovery_codes",
	    codes, "stage", stage_name(auth_stage(true, true, false,
	    p->must_change_pw))));
}

/* Passwords. */

static const struct jv_field password_fields[] = {
	{ .name = "current_password", .type = JV_STRING, .required = true,
	  .min = 1, .max = PASSWORD_MAX },
	{ .name = "new_password", .type = JV_STRING, .required = true,
	  .min = 1, .max = PASSWORD_MAX },
	{ .name = NULL }
};

struct password_job {
	const struct principal	*p;
	char			 hash[PASSWORD_HASHLEN];
};

static int
password_write(struct db *db, void *arg, struct err *e)
{
	struct password_job	*j = arg;
	struct audit_entry	 a = { j->p->user_id, "password.change", "user",
				    j->p->user_id, "ok", NULL };

	(void)e;
	if (user_set_password(db, j->p->user_id, j->hash, false) == -1 ||
	    session_revoke_all(db, j->p->user_id, j->p->session_id,
	    clock_now()) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
api_password(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct password_job	 j;
	struct user		 u;
	struct err		 e;
	struct db		*db;
	const char		*cur, *nw, *why;
	int			 rc = -1;

	if (req_check(r, password_fields) == -1)
		goto out;
	cur = jv_str(r->json, "current_password");
	nw = jv_str(r->json, "new_password");
	if (p->stage != STAGE_PASSWORD && p->stage != STAGE_DONE) {
		req_error(r, API_ECONFLICT, NULL, "Finish logging in first.");
		goto out;
	}
	if ((why = password_policy(nw, strlen(nw), p->username)) != NULL) {
		req_error(r, API_EINVALID, "new_password", why);
		goto out;
	}
	if (strcmp(cur, nw) == 0) {
		req_error(r, API_EINVALID, "new_password",
		    "the new password must differ from the current one");
		goto out;
	}
	if ((db = req_db(r)) == NULL)
		goto out;
	if (user_by_id(db, p->user_id, &u) != 1) {
		req_dberror(r, db_err(db));
		goto out;
	}
	if (!password_verify(u.pw_hash, cur, strlen(cur))) {
		auth_audit(r, "password.change", "user", p->user_id, "failed",
		    NULL);
		req_error(r, API_EUNAUTH, "current_password",
		    "The current password is wrong.");
		goto out;
	}
	j.p = p;
	if (password_hash(nw, strlen(nw), j.hash) == -1) {
		req_error(r, API_EINTERNAL, NULL, NULL);
		goto out;
	}
	if (dbpool_write(http_pool(r), password_write, &j, &e) == -1) {
		req_dberror(r, &e);
		goto out;
	}
	/* Only a session past its second factor gets here. */
	rc = req_json(r, 200, json_pack("{s:s}", "stage",
	    stage_name(STAGE_DONE)));
out:
	jv_wipe(r->json, "current_password");
	jv_wipe(r->json, "new_password");
	return rc;
}

/* Log out, who am I, language. */

struct logout_job {
	const struct principal	*p;
};

static int
logout_write(struct db *db, void *arg, struct err *e)
{
	struct logout_job	*j = arg;
	struct audit_entry	 a = { j->p->user_id, "logout", "session",
				    j->p->session_id, "ok", NULL };

	(void)e;
	if (session_revoke(db, j->p->session_id, j->p->user_id,
	    clock_now()) == -1)
		return -1;
	return audit_append(db, &a);
}

static int
api_logout(struct req *r)
{
	struct logout_job	 j = { auth_principal(r) };
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
	struct auth_settings	 set;
	struct user		 u;
	struct db		*db;

	if ((db = req_db(r)) == NULL)
		return -1;
	if (auth_settings(db, &set) == -1)
		return req_dberror(r, db_err(db));
	principal_user(p, &u);
	return req_json(r, 200, json_pack("{s:o, s:s, s:s, s:b}", "user",
	    user_json(&u), "stage", stage_name(p->stage), "csrf", p->csrf,
	    "demo", set.demo));
}

static const char *const languages[] = { "pl", "en", NULL };

static const struct jv_field me_fields[] = {
	{ .name = "language", .type = JV_STRING, .required = true, .min = 2,
	  .max = 2, .oneof = languages },
	{ .name = NULL }
};

struct language_job {
	int64_t		 user_id;
	const char	*language;
};

static int
language_write(struct db *db, void *arg, struct err *e)
{
	struct language_job	*j = arg;

	(void)e;
	return user_set_language(db, j->user_id, j->language);
}

static int
api_me_update(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct language_job	 j;
	struct user		 u;
	struct err		 e;

	if (req_check(r, me_fields) == -1)
		return -1;
	j.user_id = p->user_id;
	j.language = jv_str(r->json, "language");
	if (dbpool_write(http_pool(r), language_write, &j, &e) == -1)
		return req_dberror(r, &e);
	principal_user(p, &u);
	snprintf(u.language, sizeof(u.language), "%s", j.language);
	return req_json(r, 200, json_pack("{s:o}", "user", user_json(&u)));
}

/* One's own sessions. */

struct sessions_ctx {
	json_t		*list;
	int64_t		 current;
};

static int
sessions_add(const struct session_info *si, void *arg)
{
	struct sessions_ctx	*c = arg;
	json_t			*o;

	o = json_pack("{s:I, s:I, s:I, s:s, s:b}", "id", (json_int_t)si->id,
	    "created_at", (json_int_t)si->created_at,
	    "last_seen", (json_int_t)si->last_seen,
	    "client", valid_utf8(si->client, strlen(si->client)) ?
	    si->client : "", "current", si->id == c->current);
	return o != NULL ? json_array_append_new(c->list, o) : -1;
}

static int
api_sessions(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct auth_settings	 set;
	struct sessions_ctx	 c;
	struct db		*db;

	if ((db = req_db(r)) == NULL)
		return -1;
	c.list = json_array();
	c.current = p->session_id;
	if (auth_settings(db, &set) == -1 || session_list(db, p->user_id,
	    clock_now(), &set.limits, sessions_add, &c) == -1) {
		json_decref(c.list);
		return req_dberror(r, db_err(db));
	}
	return req_json(r, 200, json_pack("{s:o}", "sessions", c.list));
}

struct revoke_job {
	const struct principal	*p;
	int64_t			 id;
	int			 found;
};

static int
revoke_write(struct db *db, void *arg, struct err *e)
{
	struct revoke_job	*j = arg;
	struct audit_entry	 a = { j->p->user_id, "session.revoke",
				    "session", j->id, "ok", NULL };

	(void)e;
	if ((j->found = session_revoke(db, j->id, j->p->user_id,
	    clock_now())) != 1)
		return j->found == 0 ? 0 : -1;
	return audit_append(db, &a);
}

static int
api_session_revoke(struct req *r)
{
	struct revoke_job	 j;
	struct err		 e;

	j.p = auth_principal(r);
	if (!route_param_int(&r->params, "id", &j.id))
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	if (dbpool_write(http_pool(r), revoke_write, &j, &e) == -1)
		return req_dberror(r, &e);
	/* Another user's session and no session answer alike. */
	if (j.found != 1)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	if (j.id == j.p->session_id)
		cookie_clear_session(r);
	return req_json(r, 200, json_pack("{s:b}", "ok", 1));
}

const struct route auth_routes[] = {
	{ HTTP_POST, "/api/v1/auth/login", "auth.login", api_login,
	  PERM_PUBLIC, 4096 },
	{ HTTP_POST, "/api/v1/auth/totp/verify", "auth.totp_verify",
	  api_totp_verify, PERM_LOGIN_STEP, 1024 },
	{ HTTP_POST, "/api/v1/auth/totp/enrol", "auth.totp_enrol",
	  api_totp_enrol, PERM_LOGIN_STEP, 0 },
	{ HTTP_POST, "/api/v1/auth/totp/confirm", "auth.totp_confirm",
	  api_totp_confirm, PERM_LOGIN_STEP, 1024 },
	{ HTTP_POST, "/api/v1/auth/password", "auth.password", api_password,
	  PERM_LOGIN_STEP, 4096 },
	{ HTTP_POST, "/api/v1/auth/logout", "auth.logout", api_logout,
	  PERM_LOGIN_STEP, 0 },
	{ HTTP_GET, "/api/v1/auth/me", "auth.me", api_me, PERM_LOGIN_STEP, 0 },
	{ HTTP_PATCH, "/api/v1/auth/me", "auth.me_update", api_me_update,
	  PERM_SESSION, 1024 },
	{ HTTP_GET, "/api/v1/auth/sessions", "auth.sessions", api_sessions,
	  PERM_SESSION, 0 },
	{ HTTP_DELETE, "/api/v1/auth/sessions/{id:int}", "auth.session_revoke",
	  api_session_revoke, PERM_SESSION, 0 },
};
const size_t auth_nroutes = sizeof(auth_routes) / sizeof(auth_routes[0]);
