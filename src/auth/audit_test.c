/*
 * The audit chain's verifier: an intact chain passes; each kind of
 * tampering is named (edited, deleted, inserted, moved, tail cut off,
 * rewritten).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>

#include "auth/audit.h"

#define N	10

static struct audit_row	rows[N];

/* A valid chain of N entries. */
static void
chain(void)
{
	unsigned char	 prev[AUDIT_HASH_BYTES] = { 0 };
	int		 i;

	for (i = 0; i < N; i++) {
		rows[i].id = i + 1;
		rows[i].seq = i + 1;
		rows[i].at = 1000 * (i + 1);
		rows[i].user_id = 7;
		rows[i].action = i % 2 ? "login" : "user.create";
		rows[i].object_type = "user";
		rows[i].object_id = i;
		rows[i].result = "ok";
		rows[i].detail = NULL;
		memcpy(rows[i].prev_hash, prev, sizeof(prev));
		audit_hash(prev, rows[i].seq, rows[i].at, rows[i].user_id,
		    rows[i].action, rows[i].object_type, rows[i].object_id,
		    rows[i].result, rows[i].detail, rows[i].hash);
		memcpy(prev, rows[i].hash, sizeof(prev));
	}
}

/* Verify rows[order[0..n)] and return the verifier's verdict. */
static const char *
verify(const int *order, int n, const struct audit_checkpoint *cp)
{
	static char		 problem[256];
	struct audit_verifier	 v;
	int			 i;

	audit_verifier_init(&v);
	for (i = 0; i < n; i++)
		audit_verifier_row(&v, &rows[order[i]]);
	audit_verifier_finish(&v);
	if (cp != NULL)
		audit_verifier_checkpoint(&v, cp, "the checkpoint");
	snprintf(problem, sizeof(problem), "%s", v.failed ? v.problem : "");
	audit_verifier_release(&v);
	return problem;
}

static const int	 all[N] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static void
test_intact(void **state)
{
	struct audit_checkpoint	 cp;

	(void)state;
	chain();
	assert_string_equal(verify(all, N, NULL), "");
	cp.seq = N;
	memcpy(cp.hash, rows[N - 1].hash, AUDIT_HASH_BYTES);
	assert_string_equal(verify(all, N, &cp), "");
}

static void
test_edited(void **state)
{
	(void)state;
	chain();
	rows[4].user_id = 8;		/* someone else did it */
	assert_non_null(strstr(verify(all, N, NULL), "entry 5"));
	assert_non_null(strstr(verify(all, N, NULL), "edited"));
}

static void
test_deleted(void **state)
{
	static const int	 order[] = { 0, 1, 2, 4, 5, 6, 7, 8, 9 };

	(void)state;
	chain();
	assert_non_null(strstr(verify(order, N - 1, NULL),
	    "entries 4 to 4 were deleted"));
}

static void
test_moved(void **state)
{
	static const int	 order[] = { 0, 1, 3, 2, 4, 5, 6, 7, 8, 9 };

	(void)state;
	chain();
	assert_non_null(strstr(verify(order, N, NULL), "entry 3 (row 3) was "
	    "moved"));
}

static void
test_inserted(void **state)
{
	int	 order[N + 1] = { 0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9 };

	(void)state;
	chain();
	assert_non_null(strstr(verify(order, N + 1, NULL),
	    "entry 4 (row 4) was inserted"));
}

static void
test_forged_rehashed(void **state)
{
	unsigned char	 fake_prev[AUDIT_HASH_BYTES];

	(void)state;
	chain();
	/* A forger re-hashes entry 5 consistently but cannot fix entry 6. */
	rows[4].user_id = 9;
	memcpy(fake_prev, rows[4].prev_hash, sizeof(fake_prev));
	audit_hash(fake_prev, rows[4].seq, rows[4].at, rows[4].user_id,
	    rows[4].action, rows[4].object_type, rows[4].object_id,
	    rows[4].result, rows[4].detail, rows[4].hash);
	assert_non_null(strstr(verify(all, N, NULL), "chain breaks at "
	    "entry 6"));
}

/* Renumbered to hide an insertion or a deletion: named as such. */
static void
test_renumbered(void **state)
{
	static const int	 order[] = { 0, 1, 2, 3, 5, 6, 7, 8, 9 };
	int			 i;

	(void)state;
	chain();
	for (i = 5; i < N; i++)
		rows[i].seq++;		/* a forged entry 6 went in before */
	assert_non_null(strstr(verify(all, N, NULL), "inserted before entry "
	    "6"));
	chain();
	for (i = 5; i < N; i++)
		rows[i].seq--;		/* entry 5 was taken out */
	assert_non_null(strstr(verify(order, N - 1, NULL), "deleted before "
	    "entry 6"));
}

static void
test_tail_cut(void **state)
{
	struct audit_checkpoint	 cp;

	(void)state;
	chain();
	cp.seq = N;
	memcpy(cp.hash, rows[N - 1].hash, AUDIT_HASH_BYTES);
	assert_non_null(strstr(verify(all, N - 3, &cp), "tail was cut off"));
}

static void
test_rewritten_before_checkpoint(void **state)
{
	struct audit_checkpoint	 cp;
	unsigned char		 keep[AUDIT_HASH_BYTES];

	(void)state;
	chain();
	memcpy(keep, rows[N - 1].hash, sizeof(keep));
	rows[2].user_id = 3;
	{
		unsigned char	 prev[AUDIT_HASH_BYTES] = { 0 };
		int		 i;

		for (i = 0; i < N; i++) {
			memcpy(rows[i].prev_hash, prev, sizeof(prev));
			audit_hash(prev, rows[i].seq, rows[i].at,
			    rows[i].user_id, rows[i].action,
			    rows[i].object_type, rows[i].object_id,
			    rows[i].result, rows[i].detail, rows[i].hash);
			memcpy(prev, rows[i].hash, sizeof(prev));
		}
	}
	/* The chain itself is consistent again; only the checkpoint knows. */
	assert_string_equal(verify(all, N, NULL), "");
	cp.seq = N;
	memcpy(cp.hash, keep, sizeof(keep));
	assert_non_null(strstr(verify(all, N, &cp), "rewritten"));
}

static void
test_checkpoint_parse(void **state)
{
	struct audit_checkpoint	 c, d;
	char			 line[128];

	(void)state;
	chain();
	c.seq = 42;
	memcpy(c.hash, rows[3].hash, AUDIT_HASH_BYTES);
	audit_checkpoint_format(&c, line, sizeof(line));
	assert_int_equal(audit_checkpoint_parse(line, &d), 0);
	assert_int_equal(d.seq, 42);
	assert_memory_equal(d.hash, c.hash, AUDIT_HASH_BYTES);
	assert_int_equal(audit_checkpoint_parse("42", &d), -1);
	assert_int_equal(audit_checkpoint_parse("x:00", &d), -1);
	assert_int_equal(audit_checkpoint_parse("0:00", &d), -1);
	assert_int_equal(audit_checkpoint_parse("5:abcd", &d), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact),
		cmocka_unit_test(test_edited),
		cmocka_unit_test(test_deleted),
		cmocka_unit_test(test_moved),
		cmocka_unit_test(test_inserted),
		cmocka_unit_test(test_forged_rehashed),
		cmocka_unit_test(test_renumbered),
		cmocka_unit_test(test_tail_cut),
		cmocka_unit_test(test_rewritten_before_checkpoint),
		cmocka_unit_test(test_checkpoint_parse),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
