/* Recovery codes and their SQL: see recovery.h. */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "auth/recovery.h"
#include "base/clock.h"

static const char	 b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

enum recovery_stmt {
	RECOVERY_CLEAR,
	RECOVERY_INSERT,
	RECOVERY_USE,
	RECOVERY_LEFT,
	RECOVERY__MAX
};

static const char *const recovery_sql[RECOVERY__MAX] = {
	[RECOVERY_CLEAR] = "DELETE FROM recovery_code WHERE user_id = ?",
	[RECOVERY_INSERT] = "INSERT INTO recovery_code (user_id, code_hash, "
	    "created_at) VALUES (?, ?, ?)",
	[RECOVERY_USE] = "UPDATE recovery_code SET used_at = ? "
	    "WHERE user_id = ? AND code_hash = ? AND used_at IS NULL RETURNING id",
	[RECOVERY_LEFT] = "SELECT count(*) FROM recovery_code "
	    "WHERE user_id = ? AND used_at IS NULL",
};

void
recovery_generate(char codes[RECOVERY_COUNT][RECOVERY_TEXT])
{
	int	 i, j, o;

	for (i = 0; i < RECOVERY_COUNT; i++) {
		for (j = 0, o = 0; j < RECOVERY_CHARS; j++) {
			if (j > 0 && j % 4 == 0)
				codes[i][o++] = '-';
			codes[i][o++] = b32[randombytes_uniform(32)];
		}
		codes[i][o] = '\0';
	}
}

int
recovery_normalise(const char *in, char out[RECOVERY_CHARS + 1])
{
	size_t	 n = 0;
	int	 c;

	for (; *in != '\0'; in++) {
		if (*in == '-' || *in == ' ')
			continue;
		c = toupper((unsigned char)*in);
		if (strchr(b32, c) == NULL || c == '\0' ||
		    n >= RECOVERY_CHARS)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == RECOVERY_CHARS ? 0 : -1;
}

static void
recovery_hash(const char norm[RECOVERY_CHARS + 1], unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)norm,
	    RECOVERY_CHARS, NULL, 0);
}

int
recovery_clear(struct db *db, int64_t user_id)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, recovery_sql[RECOVERY_CLEAR])) == NULL)
		return -1;
	db_bind_i64(st, 1, user_id);
	return db_done(st);
}

int
recovery_store(struct db *db, int64_t user_id,
    char codes[RECOVERY_COUNT][RECOVERY_TEXT])
{
	struct db_stmt	*st;
	char		 norm[RECOVERY_CHARS + 1];
	unsigned char	 h[32];
	enum db_step_rc	 rc;
	int		 i;

	if (recovery_clear(db, user_id) == -1)
		return -1;
	for (i = 0; i < RECOVERY_COUNT; i++) {
		if (recovery_normalise(codes[i], norm) == -1)
			return -1;
		recovery_hash(norm, h);
		if ((st = db_prepare(db, recovery_sql[RECOVERY_INSERT])) ==
		    NULL)
			return -1;
		db_bind_i64(st, 1, user_id);
		db_bind_blob(st, 2, h, sizeof(h));
		db_bind_i64(st, 3, clock_now());
		rc = db_step(st);
		db_reset(st);
		if (rc != DB_DONE)
			return -1;
	}
	sodium_memzero(norm, sizeof(norm));
	return 0;
}

int
recovery_use(struct db *db, int64_t user_id, const char *code)
{
	struct db_stmt	*st;
	char		 norm[RECOVERY_CHARS + 1];
	unsigned char	 h[32];
	int64_t		 id;

	if (recovery_normalise(code, norm) == -1)
		return 0;
	recovery_hash(norm, h);
	sodium_memzero(norm, sizeof(norm));
	if ((st = db_prepare(db, recovery_sql[RECOVERY_USE])) == NULL)
		return -1;
	db_bind_i64(st, 1, clock_now());
	db_bind_i64(st, 2, user_id);
	db_bind_blob(st, 3, h, sizeof(h));
	return db_one_i64(st, &id);
}

int
recovery_left(struct db *db, int64_t user_id, int64_t *n)
{
	struct db_stmt	*st;

	*n = 0;
	if ((st = db_prepare(db, recovery_sql[RECOVERY_LEFT])) == NULL)
		return -1;
	db_bind_i64(st, 1, user_id);
	return db_one_i64(st, n) == -1 ? -1 : 0;
}
