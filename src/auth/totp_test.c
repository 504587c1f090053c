/*
 * TOTP against RFC 6238's test vectors (SHA-1, secret "12345678901234567890",
 * the last six digits of each eight-digit value), the window, replays, and
 * the pure rules around it: stages, the permission table, throttling
 * delays, recovery code normalisation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>

#include "auth/perm.h"
#include "auth/recovery.h"
#include "auth/throttle.h"
#include "auth/totp.h"

static const unsigned char	 rfc_secret[] = "12345678901234567890";

static void
test_rfc6238_vectors(void **state)
{
	static const struct {
		int64_t		 t;
		const char	*code;
	} v[] = {
		{ 59, "287082" },
		{ 1111111109, "081804" },
		{ 1111111111, "050471" },
		{ 1234567890, "005924" },
		{ 2000000000, "279037" },
		{ 20000000000LL, "353130" },
	};
	char	 out[7];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(totp_code(rfc_secret, 20, v[i].t, out), 0);
		assert_string_equal(out, v[i].code);
		assert_int_equal(totp_check(rfc_secret, 20, v[i].t, 0,
		    v[i].code), v[i].t / 30);
	}
}

static void
test_window_and_replay(void **state)
{
	char	 code[7];
	int64_t	 now = 1795890000, step = now / 30;

	(void)state;
	assert_int_equal(totp_code(rfc_secret, 20, now, code), 0);
	/* One step either side is accepted; two are not. */
	assert_int_equal(totp_check(rfc_secret, 20, now + 30, 0, code), step);
	assert_int_equal(totp_check(rfc_secret, 20, now - 30, 0, code), step);
	assert_int_equal(totp_check(rfc_secret, 20, now + 61, 0, code), 0);
	/* A step already used, or an earlier one, is refused. */
	assert_int_equal(totp_check(rfc_secret, 20, now, step, code), 0);
	assert_int_equal(totp_check(rfc_secret, 20, now, step + 1, code), 0);
	assert_int_equal(totp_check(rfc_secret, 20, now, step - 1, code),
	    step);
	/* Malformed codes. */
	assert_int_equal(totp_check(rfc_secret, 20, now, 0, "12345"), 0);
	assert_int_equal(totp_check(rfc_secret, 20, now, 0, "1234567"), 0);
	assert_int_equal(totp_check(rfc_secret, 20, now, 0, "12a456"), 0);
	assert_int_equal(totp_check(rfc_secret, 20, now, 0, ""), 0);
	assert_false(totp_code_valid(NULL));
}

static void
test_base32(void **state)
{
	char	 b32[TOTP_BASE32_LEN + 1];

	(void)state;
	totp_base32(rfc_secret, b32);
	assert_string_equal(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

static void
test_stages(void **state)
{
	(void)state;
	/* Not demo: the second factor first, enrolled or not. */
	assert_int_equal(auth_stage(false, true, false, true), STAGE_TOTP);
	assert_int_equal(auth_stage(false, false, false, true),
	    STAGE_TOTP_ENROL);
	assert_int_equal(auth_stage(true, true, false, true), STAGE_PASSWORD);
	assert_int_equal(auth_stage(true, true, false, false), STAGE_DONE);
	/* Demo: optional unless enrolled. */
	assert_int_equal(auth_stage(false, false, true, false), STAGE_DONE);
	assert_int_equal(auth_stage(false, true, true, false), STAGE_TOTP);
	assert_true(totp_required(false, false));
	assert_false(totp_required(false, true));
}

static void
test_permission_table(void **state)
{
	int	 r, p;

	(void)state;
	/* Nobody may use a route without an entry. */
	for (r = 0; r < ROLE__MAX; r++)
		assert_false(perm_allows((enum role)r, PERM__NONE));
	assert_true(perm_allows(ROLE_ADMIN, PERM_USERS));
	assert_false(perm_allows(ROLE_COORDINATOR, PERM_USERS));
	assert_false(perm_allows(ROLE_AUDITOR, PERM_USERS));
	assert_true(perm_allows(ROLE_AUDITOR, PERM_AUDIT_READ));
	assert_false(perm_allows(ROLE_ADMIN, PERM_AUDIT_READ));
	assert_false(perm_allows(ROLE_CONSULTANT, PERM_AUDIT_READ));
	/* An unknown role is allowed nothing. */
	for (p = 0; p < PERM__MAX; p++)
		assert_false(perm_allows(ROLE__MAX, (enum perm)p));
}

static void
test_throttle_delay(void **state)
{
	(void)state;
	assert_int_equal(throttle_delay(0, 5), 0);
	assert_int_equal(throttle_delay(4, 5), 0);
	assert_int_equal(throttle_delay(5, 5), THROTTLE_BASE_DELAY);
	assert_int_equal(throttle_delay(6, 5), 2 * THROTTLE_BASE_DELAY);
	assert_int_equal(throttle_delay(7, 5), 4 * THROTTLE_BASE_DELAY);
	assert_int_equal(throttle_delay(50, 5), THROTTLE_MAX_DELAY);
	assert_int_equal(throttle_delay(1000000, 5), THROTTLE_MAX_DELAY);
	assert_int_equal(throttle_delay(19, 20), 0);
}

static void
test_recovery_codes(void **state)
{
	char	 codes[RECOVERY_COUNT][RECOVERY_TEXT], n[RECOVERY_CHARS + 1];
	int	 i, j;

	(void)state;
	recovery_generate(codes);
	for (i = 0; i < RECOVERY_COUNT; i++) {
		assert_int_equal(strlen(codes[i]), 19);
		assert_int_equal(recovery_normalise(codes[i], n), 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(codes[i], codes[j]);
	}
	assert_int_equal(recovery_normalise("abcd-efgh ijkl-mnop", n), 0);
	assert_string_equal(n, "ABCDEFGHIJKLMNOP");
	assert_int_equal(recovery_normalise("ABCD-EFGH-IJKL-MNO", n), -1);
	assert_int_equal(recovery_normalise("ABCD-EFGH-IJKL-MNOPQ", n), -1);
	assert_int_equal(recovery_normalise("ABCD-EFGH-IJKL-MN01", n), -1);
	assert_int_equal(recovery_normalise("", n), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_window_and_replay),
		cmocka_unit_test(test_base32),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_permission_table),
		cmocka_unit_test(test_throttle_delay),
		cmocka_unit_test(test_recovery_codes),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
