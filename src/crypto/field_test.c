/*
 * Field encryption: values open where they were sealed and nowhere else;
 * tampering is caught; old keys open old values during a rotation; blind
 * indexes are stable, keyed and separated by domain.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/field.h"
#include "crypto/keyfile.h"

static char	 dir[] = "/tmp/haven-field-XXXXXX";
static char	 path[64];

static struct keyring *
ring_load(void)
{
	struct keyring	*k = NULL;
	struct err	 e;

	assert_int_equal(keyfile_load(path, &k, &e), 0);
	return k;
}

static int
setup(void **state)
{
	struct err	 e;

	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/haven.key", dir);
	return keyfile_create(path, &e);
}

static int
teardown(void **state)
{
	char	 tmp[80];

	(void)state;
	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	rmdir(dir);
	return 0;
}

static void
test_roundtrip_and_binding(void **state)
{
	struct keyring	*k = ring_load();
	struct buf	 out;
	unsigned char	*ct;
	size_t		 n;
	const char	*name = "Żaneta Kowalska";

	(void)state;
	field_init(k);
	assert_int_equal(field_seal("person", "name", 42, name, strlen(name),
	    &ct, &n), 0);
	assert_int_equal(n, strlen(name) + FIELD_OVERHEAD);
	for (size_t i = 0; i + 8 <= n; i++)
		assert_memory_not_equal(ct + i, "Kowalska", 8);
	buf_init(&out, 1024);
	assert_int_equal(field_open("person", "name", 42, ct, n, &out), 0);
	assert_string_equal(out.data, name);
	buf_reset(&out);
	/* Another row, column or table: does not open. */
	assert_int_equal(field_open("person", "name", 43, ct, n, &out), -1);
	assert_int_equal(field_open("person", "alias", 42, ct, n, &out), -1);
	assert_int_equal(field_open("contact", "name", 42, ct, n, &out), -1);
	/* A flipped bit anywhere: does not open. */
	ct[n - 1] ^= 1;
	assert_int_equal(field_open("person", "name", 42, ct, n, &out), -1);
	ct[n - 1] ^= 1;
	ct[2] ^= 1;		/* the key id */
	assert_int_equal(field_open("person", "name", 42, ct, n, &out), -1);
	ct[2] ^= 1;
	assert_int_equal(field_open("person", "name", 42, ct, n - 1, &out), -1);
	assert_int_equal(field_open("person", "name", 42, ct, 3, &out), -1);
	assert_int_equal(out.len, 0);
	buf_release(&out);
	free(ct);
	field_init(NULL);
	keyring_free(k);
}

static void
test_rotation_keys(void **state)
{
	struct keyring	*k = ring_load(), *k2;
	struct buf	 out;
	struct err	 e;
	unsigned char	*old, *new;
	size_t		 nold, nnew;
	uint32_t	 first;

	(void)state;
	field_init(k);
	first = k->id[0];
	assert_int_equal(field_seal("t", "c", 1, "old", 3, &old, &nold), 0);
	assert_int_equal(field_key_id(old, nold), first);
	/* A new key in front: new values use it, old ones still open. */
	assert_int_equal(keyring_push_new(k, &e), 0);
	assert_int_equal(k->n, 2);
	assert_int_equal(keyfile_write(path, k, &e), 0);
	k2 = ring_load();
	assert_int_equal(k2->n, 2);
	assert_int_equal(k2->id[0], first + 1);
	field_init(k2);
	assert_int_equal(field_seal("t", "c", 1, "new", 3, &new, &nnew), 0);
	assert_int_equal(field_key_id(new, nnew), first + 1);
	buf_init(&out, 64);
	assert_int_equal(field_open("t", "c", 1, old, nold, &out), 0);
	assert_string_equal(out.data, "old");
	/* Once the old key is dropped, old values no longer open. */
	keyring_drop_old(k2);
	assert_int_equal(k2->n, 1);
	buf_reset(&out);
	assert_int_equal(field_open("t", "c", 1, old, nold, &out), -1);
	assert_int_equal(field_open("t", "c", 1, new, nnew, &out), 0);
	assert_int_equal(keyfile_write(path, k2, &e), 0);
	buf_release(&out);
	free(old);
	free(new);
	field_init(NULL);
	keyring_free(k);
	keyring_free(k2);
}

static void
test_blind_index(void **state)
{
	struct keyring	*k = ring_load(), *other;
	struct err	 e;
	unsigned char	 a[BLIND_BYTES], b[BLIND_BYTES], c[BLIND_BYTES];

	(void)state;
	field_init(k);
	blind_index("phone", "+48123456789", 12, a);
	blind_index("phone", "+48123456789", 12, b);
	assert_memory_equal(a, b, BLIND_BYTES);
	blind_index("name", "+48123456789", 12, c);
	assert_memory_not_equal(a, c, BLIND_BYTES);
	blind_index("phone", "+48123456780", 12, c);
	assert_memory_not_equal(a, c, BLIND_BYTES);
	/* Another key gives other indexes: they depend on the key file. */
	other = ring_load();
	assert_int_equal(keyring_push_new(other, &e), 0);
	field_init(other);
	blind_index("phone", "+48123456789", 12, c);
	assert_memory_not_equal(a, c, BLIND_BYTES);
	field_init(NULL);
	keyring_free(k);
	keyring_free(other);
}

static void
test_keyfile_refusals(void **state)
{
	struct keyring	*k = NULL;
	struct err	 e;
	FILE		*f;

	(void)state;
	/* Readable by others: refused, with the fix in the message. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(keyfile_load(path, &k, &e), -1);
	assert_non_null(strstr(e.msg, "chmod 600"));
	assert_int_equal(chmod(path, 0600), 0);
	/* Existing: not overwritten by create. */
	assert_int_equal(keyfile_create(path, &e), -1);
	/* Damaged. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("haven-key-v1 1 not-base64!\n", f);
	fclose(f);
	assert_int_equal(keyfile_load(path, &k, &e), -1);
	assert_non_null(strstr(e.msg, "damaged"));
	f = fopen(path, "w");
	fputs("something else\n", f);
	fclose(f);
	assert_int_equal(keyfile_load(path, &k, &e), -1);
	assert_null(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_and_binding),
		cmocka_unit_test(test_rotation_keys),
		cmocka_unit_test(test_blind_index),
		cmocka_unit_test(test_keyfile_refusals),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
