/*
 * Unit tests for struct buf: appends, growth of formatted output across the
 * sizes where it stops fitting, the hard cap and its sticky error, and the
 * ownership hand-over of buf_detach().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"

/* The invariant every test checks after every step. */
static void
assert_terminated(const struct buf *b)
{
	assert_non_null(b->data);
	assert_true(b->len < b->cap);
	assert_true(b->len <= b->max);
	assert_int_equal(b->data[b->len], '\0');
}

static void
test_init(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 100);
	assert_terminated(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.err, 0);
	assert_int_equal(b.max, 100);
	buf_release(&b);
	assert_null(b.data);
}

static void
test_appends(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 1000);
	buf_adds(&b, "abc");
	assert_terminated(&b);
	buf_addc(&b, '-');
	buf_add(&b, "defXXX", 3);
	assert_terminated(&b);
	buf_adds(&b, "");
	buf_add(&b, "ignored", 0);
	buf_addf(&b, "%s", "");
	assert_terminated(&b);
	buf_addf(&b, "|%d|%s|%05.1f|", -42, "zażółć", 3.14159);
	assert_terminated(&b);
	assert_string_equal(b.data, "abc-def|-42|zażółć|003.1|");
	assert_int_equal(b.len, strlen("abc-def|-42|zażółć|003.1|"));
	assert_int_equal(b.err, 0);

	/* Bytes, not strings: a NUL in the middle is kept. */
	buf_add(&b, "x\0y", 3);
	assert_terminated(&b);
	assert_memory_equal(b.data + b.len - 3, "x\0y", 3);
	buf_release(&b);
}

/*
 * Formatted appends of every length around and past the capacity, after
 * every amount of prior content: the first vsnprintf either fits or the
 * buffer grows and formats again, and both paths must give the same text.
 */
static void
test_addf_sizes(void **state)
{
	struct buf	 b;
	char		 src[1200];
	size_t		 pre, n;

	(void)state;
	for (n = 0; n < sizeof(src); n++)
		src[n] = (char)('a' + n % 26);
	for (pre = 0; pre < 140; pre += 3) {
		for (n = 0; n < sizeof(src); n += n < 300 ? 1 : 37) {
			buf_init(&b, 4096);
			buf_add(&b, src, pre);
			buf_addf(&b, "<%.*s>", (int)n, src);
			assert_int_equal(b.err, 0);
			assert_terminated(&b);
			assert_int_equal(b.len, pre + n + 2);
			assert_memory_equal(b.data, src, pre);
			assert_int_equal(b.data[pre], '<');
			assert_memory_equal(b.data + pre + 1, src, n);
			assert_int_equal(b.data[pre + n + 1], '>');
			buf_release(&b);
		}
	}
}

/* Many small appends that cross many growth steps. */
static void
test_addf_many(void **state)
{
	struct buf	 b;
	char		 want[16];
	size_t		 at = 0;
	int		 i, n;

	(void)state;
	buf_init(&b, 1 << 20);
	for (i = 0; i < 20000; i++)
		buf_addf(&b, "%05d|", i);
	assert_int_equal(b.err, 0);
	assert_terminated(&b);
	assert_int_equal(b.len, 20000 * 6);
	for (i = 0; i < 20000; i++) {
		n = snprintf(want, sizeof(want), "%05d|", i);
		assert_memory_equal(b.data + at, want, (size_t)n);
		at += (size_t)n;
	}
	buf_release(&b);
}

/* Exactly max is allowed; one byte more sets the sticky error. */
static void
test_cap_exact(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 10);
	buf_adds(&b, "12345");
	buf_adds(&b, "67890");
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "1234567890");
	buf_addc(&b, 'x');
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_terminated(&b);
	assert_string_equal(b.data, "1234567890");

	/* Sticky: even what would fit is now a no-op. */
	buf_add(&b, "", 0);
	buf_adds(&b, "");
	buf_addf(&b, "%s", "");
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "1234567890");
	buf_release(&b);
}

static void
test_cap_sticky(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 8);
	buf_adds(&b, "abc");
	buf_adds(&b, "defghi");		/* 9 > 8: refused whole */
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_terminated(&b);
	assert_string_equal(b.data, "abc");
	buf_addc(&b, 'd');		/* would fit, but the error sticks */
	buf_adds(&b, "d");
	buf_add(&b, "d", 1);
	buf_addf(&b, "%c", 'd');
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	buf_release(&b);
}

/* buf_addf past max, when the text fits the allocation but not the cap. */
static void
test_cap_addf_within_alloc(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 10);
	buf_adds(&b, "ab");
	buf_addf(&b, "%s", "123456789");	/* 11 > 10, fits cap 64 */
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_terminated(&b);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.data, "ab");
	buf_addf(&b, "%d", 1);
	assert_string_equal(b.data, "ab");
	buf_release(&b);

	buf_init(&b, 10);
	buf_addf(&b, "%s", "1234567890");	/* exactly 10 */
	assert_int_equal(b.err, 0);
	assert_string_equal(b.data, "1234567890");
	buf_release(&b);
}

/* buf_addf past max when the text is also larger than the allocation. */
static void
test_cap_addf_grow(void **state)
{
	struct buf	 b;
	char		 big[300];

	(void)state;
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b, 200);
	buf_adds(&b, "keep");
	buf_addf(&b, "%s", big);
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_terminated(&b);
	assert_string_equal(b.data, "keep");
	buf_release(&b);

	buf_init(&b, 299);
	buf_addf(&b, "%s", big);		/* 299: exactly max, grows */
	assert_int_equal(b.err, 0);
	assert_terminated(&b);
	assert_string_equal(b.data, big);
	buf_release(&b);
}

static void
test_cap_zero(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	assert_int_equal(b.err, 0);
	buf_addc(&b, 'a');
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_terminated(&b);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

/*
 * A length that would wrap len + n + 1 (the NUL) must be refused, not
 * taken for a small append: this matters when the caller chose no real
 * ceiling (max = SIZE_MAX).
 */
static void
test_cap_overflow(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 1 << 20);
	buf_adds(&b, "abc");
	buf_add(&b, "x", SIZE_MAX);
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_string_equal(b.data, "abc");
	buf_release(&b);

	buf_init(&b, SIZE_MAX);
	buf_adds(&b, "abc");
	buf_add(&b, "x", SIZE_MAX - 3);	/* len + n + 1 wraps to 0 */
	assert_int_equal(b.err, BUF_TOOBIG);
	assert_terminated(&b);
	assert_string_equal(b.data, "abc");
	buf_release(&b);
}

static void
test_reset(void **state)
{
	struct buf	 b;
	size_t		 cap;

	(void)state;
	buf_init(&b, 5);
	buf_adds(&b, "12345");
	buf_addc(&b, '6');
	assert_int_equal(b.err, BUF_TOOBIG);
	buf_reset(&b);
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, 0);
	assert_terminated(&b);
	assert_string_equal(b.data, "");
	buf_adds(&b, "ab");
	assert_int_equal(b.err, 0);
	assert_string_equal(b.data, "ab");
	buf_release(&b);

	/* The allocation is kept for reuse. */
	buf_init(&b, 4096);
	buf_addf(&b, "%0500d", 7);
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void
test_detach(void **state)
{
	struct buf	 b;
	char		*p;
	size_t		 n = 0;

	(void)state;
	buf_init(&b, 1000);
	buf_addf(&b, "%s-%d", "detached", 7);
	p = buf_detach(&b, &n);
	assert_non_null(p);
	assert_int_equal(n, strlen("detached-7"));
	assert_string_equal(p, "detached-7");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* The buffer no longer owns p: releasing it must not free p. */
	buf_release(&b);
	buf_release(&b);
	assert_string_equal(p, "detached-7");
	free(p);

	/* The length is optional, and an empty buffer detaches to "". */
	buf_init(&b, 10);
	p = buf_detach(&b, NULL);
	assert_string_equal(p, "");
	free(p);
	buf_release(&b);
}

static void
test_release_null(void **state)
{
	struct buf	 b;

	(void)state;
	buf_release(NULL);
	memset(&b, 0, sizeof(b));
	buf_release(&b);	/* data == NULL */
	assert_null(b.data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_addf_sizes),
		cmocka_unit_test(test_addf_many),
		cmocka_unit_test(test_cap_exact),
		cmocka_unit_test(test_cap_sticky),
		cmocka_unit_test(test_cap_addf_within_alloc),
		cmocka_unit_test(test_cap_addf_grow),
		cmocka_unit_test(test_cap_zero),
		cmocka_unit_test(test_cap_overflow),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_release_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
