/*
 * The key file (see keyfile.h).  It is read with O_NOFOLLOW and refused
 * when anyone but its owner may read or write it; it is written to a
 * temporary file in the same folder, synced, and renamed over the old one,
 * so that a crash leaves either the old or the new file, never half of one.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/valid.h"
#include "crypto/keyfile.h"

#define KEY_MAGIC	"haven-key-v1"
#define KEY_B64		sodium_base64_ENCODED_LEN(KEY_BYTES, \
			    sodium_base64_VARIANT_ORIGINAL)
#define KEYFILE_MAX	4096

bool
keyfile_exists(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0;
}

static struct keyring *
keyring_new(void)
{
	struct keyring	*k = sodium_malloc(sizeof(*k));

	if (k != NULL)
		memset(k, 0, sizeof(*k));
	return k;
}

void
keyring_free(struct keyring *k)
{
	int	 i;

	if (k == NULL)
		return;
	for (i = 0; i < k->n; i++)
		sodium_free(k->key[i]);		/* wipes */
	sodium_free(k);
}

const unsigned char *
keyring_get(const struct keyring *k, uint32_t id)
{
	int	 i;

	for (i = 0; i < k->n; i++)
		if (k->id[i] == id)
			return k->key[i];
	return NULL;
}

int
keyring_push_new(struct keyring *k, struct err *e)
{
	unsigned char	*key;
	uint32_t	 next = 0;
	int		 i;

	if (k->n >= KEYRING_MAX) {
		err_set(e, ERR_INVALID, "the key file holds %d keys already: "
		    "finish the rotation in progress first", k->n);
		return -1;
	}
	for (i = 0; i < k->n; i++)
		if (k->id[i] > next)
			next = k->id[i];
	if ((key = sodium_malloc(KEY_BYTES)) == NULL) {
		err_set(e, ERR_IO, "cannot allocate protected memory");
		return -1;
	}
	randombytes_buf(key, KEY_BYTES);
	sodium_mprotect_readonly(key);
	memmove(&k->id[1], &k->id[0], (size_t)k->n * sizeof(k->id[0]));
	memmove(&k->key[1], &k->key[0], (size_t)k->n * sizeof(k->key[0]));
	k->id[0] = next + 1;
	k->key[0] = key;
	k->n++;
	return 0;
}

void
keyring_drop_old(struct keyring *k)
{
	int	 i;

	for (i = 1; i < k->n; i++) {
		sodium_free(k->key[i]);
		k->key[i] = NULL;
	}
	if (k->n > 1)
		k->n = 1;
}

/* The file's text for the keyring, in b (wiped by the caller). */
static void
keyring_format(const struct keyring *k, struct buf *b)
{
	char	 b64[KEY_B64];
	int	 i;

	for (i = 0; i < k->n; i++) {
		sodium_bin2base64(b64, sizeof(b64), k->key[i], KEY_BYTES,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_addf(b, "%s %u %s\n", KEY_MAGIC, k->id[i], b64);
	}
	sodium_memzero(b64, sizeof(b64));
}

/* Write text to a new file at path (O_EXCL), synced. */
static int
keyfile_put(const char *path, const struct buf *b, struct err *e)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		err_set(e, ERR_IO, "cannot create key file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (write(fd, b->data, b->len) != (ssize_t)b->len || fsync(fd) == -1) {
		err_set(e, ERR_IO, "cannot write key file %s: %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) == -1) {
		err_set(e, ERR_IO, "cannot write key file %s: %s", path,
		    strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int
keyfile_create(const char *path, struct err *e)
{
	struct keyring	*k;
	struct buf	 b;
	int		 rc = -1;

	if ((k = keyring_new()) == NULL) {
		err_set(e, ERR_IO, "cannot allocate protected memory");
		return -1;
	}
	buf_init(&b, KEYFILE_MAX);
	if (keyring_push_new(k, e) == 0) {
		keyring_format(k, &b);
		rc = keyfile_put(path, &b, e);
	}
	buf_release(&b);
	keyring_free(k);
	return rc;
}

int
keyfile_write(const char *path, const struct keyring *k, struct err *e)
{
	struct buf	 b, tmp;
	int		 rc = -1, dfd;
	char		*slash;

	buf_init(&b, KEYFILE_MAX);
	buf_init(&tmp, 4096);
	buf_addf(&tmp, "%s.new", path);
	unlink(tmp.data);	/* a leftover from an interrupted write */
	keyring_format(k, &b);
	if (keyfile_put(tmp.data, &b, e) == -1)
		goto out;
	if (rename(tmp.data, path) == -1) {
		err_set(e, ERR_IO, "cannot replace key file %s: %s", path,
		    strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	/* Make the rename itself durable: sync the folder. */
	buf_reset(&tmp);
	buf_adds(&tmp, path);
	if ((slash = strrchr(tmp.data, '/')) == tmp.data)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	if ((dfd = open(slash != NULL ? tmp.data : ".", O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	buf_release(&b);
	buf_release(&tmp);
	return rc;
}

/* Parse one line "haven-key-v1 ID BASE64" into the ring. */
static int
keyring_parse_line(struct keyring *k, char *line, const char *path,
    struct err *e)
{
	char		*id, *b64, *end;
	int64_t		 v;
	size_t		 binlen = 0;

	if (strncmp(line, KEY_MAGIC " ", sizeof(KEY_MAGIC)) != 0) {
		err_set(e, ERR_INVALID, "%s is not a Haven key file", path);
		return -1;
	}
	id = line + sizeof(KEY_MAGIC);
	if ((b64 = strchr(id, ' ')) == NULL ||
	    !valid_i64(id, (size_t)(b64 - id), 1, UINT32_MAX, &v) ||
	    k->n >= KEYRING_MAX || keyring_get(k, (uint32_t)v) != NULL) {
		err_set(e, ERR_INVALID, "key file %s is damaged", path);
		return -1;
	}
	b64++;
	if ((k->key[k->n] = sodium_malloc(KEY_BYTES)) == NULL) {
		err_set(e, ERR_IO, "cannot allocate protected memory");
		return -1;
	}
	k->id[k->n] = (uint32_t)v;
	k->n++;
	if (sodium_base642bin(k->key[k->n - 1], KEY_BYTES, b64, strlen(b64),
	    NULL, &binlen, (const char **)&end,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || binlen != KEY_BYTES ||
	    *end != '\0') {
		err_set(e, ERR_INVALID, "key file %s is damaged", path);
		return -1;
	}
	sodium_mprotect_readonly(k->key[k->n - 1]);
	return 0;
}

int
keyfile_load(const char *path, struct keyring **out, struct err *e)
{
	struct keyring	*k = NULL;
	struct stat	 st;
	char		 text[KEYFILE_MAX + 1];
	char		*line, *nl;
	ssize_t		 n;
	int		 fd, rc = -1;

	*out = NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		err_set(e, ERR_IO, "cannot open key file %s: %s (run 'haven "
		    "init' to create it)", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		err_set(e, ERR_IO, "key file %s is not a regular file", path);
		goto out;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		err_set(e, ERR_INVALID, "key file %s can be read or written by "
		    "others (mode %03o): run 'chmod 600 %s'", path,
		    (unsigned)(st.st_mode & 0777), path);
		goto out;
	}
	if (st.st_uid != geteuid()) {
		err_set(e, ERR_INVALID, "key file %s belongs to another user",
		    path);
		goto out;
	}
	n = read(fd, text, sizeof(text) - 1);
	if (n <= 0) {
		err_set(e, ERR_IO, "cannot read key file %s", path);
		goto out;
	}
	text[n] = '\0';
	if ((k = keyring_new()) == NULL) {
		err_set(e, ERR_IO, "cannot allocate protected memory");
		goto out;
	}
	for (line = text; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL) {
			err_set(e, ERR_INVALID, "key file %s is damaged", path);
			goto out;
		}
		*nl = '\0';
		if (keyring_parse_line(k, line, path, e) == -1)
			goto out;
	}
	if (k->n == 0) {
		err_set(e, ERR_INVALID, "key file %s holds no key", path);
		goto out;
	}
	*out = k;
	k = NULL;
	rc = 0;
out:
	sodium_memzero(text, sizeof(text));
	close(fd);
	keyring_free(k);
	return rc;
}
