/* Login throttling: see throttle.h. */
#include <ctype.h>
#include <string.h>

#include "auth/throttle.h"

enum throttle_stmt {
	THROTTLE_GET,
	THROTTLE_FAIL,
	THROTTLE_FORGET_KEY,
	THROTTLE__MAX
};

/*
 * The failure count restarts after THROTTLE_FORGET quiet seconds: the
 * upsert compares the stored last failure with now - THROTTLE_FORGET.
 */
static const char *const throttle_sql[THROTTLE__MAX] = {
	[THROTTLE_GET] = "SELECT failures, last_failure, blocked_until "
	    "FROM login_throttle WHERE key_hash = ?",
	[THROTTLE_FAIL] = "INSERT INTO login_throttle (key_hash, failures, "
	    "last_failure, blocked_until) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (key_hash) DO UPDATE SET failures = excluded.failures, "
	    "last_failure = excluded.last_failure, "
	    "blocked_until = excluded.blocked_until",
	[THROTTLE_FORGET_KEY] = "DELETE FROM login_throttle WHERE key_hash = ?",
};

int64_t
throttle_delay(int64_t failures, int64_t free)
{
	int64_t	 d = THROTTLE_BASE_DELAY;

	if (failures < free)
		return 0;
	for (failures -= free; failures > 0 && d < THROTTLE_MAX_DELAY;
	    failures--)
		d *= 2;
	return d < THROTTLE_MAX_DELAY ? d : THROTTLE_MAX_DELAY;
}

void
throttle_key_account(const char *username, unsigned char out[BLIND_BYTES])
{
	char	 low[256];
	size_t	 i, n = strlen(username);

	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)username[i]);
	blind_index("throttle-account", low, n, out);
}

void
throttle_key_client(const char *addr, unsigned char out[BLIND_BYTES])
{
	blind_index("throttle-client", addr, strlen(addr), out);
}

/* The stored failures (restarted if quiet long enough) and block. */
static int
throttle_get(struct db *db, const unsigned char key[BLIND_BYTES],
    int64_t now, int64_t *failures, int64_t *blocked_until)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;

	*failures = 0;
	*blocked_until = 0;
	if ((st = db_prepare(db, throttle_sql[THROTTLE_GET])) == NULL)
		return -1;
	db_bind_blob(st, 1, key, BLIND_BYTES);
	if ((rc = db_step(st)) == DB_ROW) {
		if (db_col_i64(st, 1) > now - THROTTLE_FORGET)
			*failures = db_col_i64(st, 0);
		*blocked_until = db_col_i64(st, 2);
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int64_t
throttle_wait(struct db *db, const unsigned char key[BLIND_BYTES],
    int64_t now)
{
	int64_t	 failures, until;

	if (throttle_get(db, key, now, &failures, &until) == -1)
		return -1;
	return until > now ? until - now : 0;
}

int
throttle_fail(struct db *db, const unsigned char key[BLIND_BYTES],
    int64_t free, int64_t now)
{
	struct db_stmt	*st;
	int64_t		 failures, until;

	if (throttle_get(db, key, now, &failures, &until) == -1)
		return -1;
	failures++;
	if ((st = db_prepare(db, throttle_sql[THROTTLE_FAIL])) == NULL)
		return -1;
	db_bind_blob(st, 1, key, BLIND_BYTES);
	db_bind_i64(st, 2, failures);
	db_bind_i64(st, 3, now);
	db_bind_i64(st, 4, now + throttle_delay(failures, free));
	return db_done(st);
}

int
throttle_forget(struct db *db, const unsigned char key[BLIND_BYTES])
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, throttle_sql[THROTTLE_FORGET_KEY])) == NULL)
		return -1;
	db_bind_blob(st, 1, key, BLIND_BYTES);
	return db_done(st);
}
