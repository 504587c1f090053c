/*
 * The key file (see keyfile.h).  Format: one line, "haven-key-v1 " and the
 * key in base64, so that an operator can tell the file from others and a
 * later format can be recognised.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/keyfile.h"

#define KEY_MAGIC	"haven-key-v1 "
#define KEY_B64		sodium_base64_ENCODED_LEN(KEY_BYTES, \
			    sodium_base64_VARIANT_ORIGINAL)

bool
keyfile_exists(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0;
}

int
keyfile_create(const char *path, struct err *e)
{
	unsigned char	 k[KEY_BYTES];
	char		 line[sizeof(KEY_MAGIC) + KEY_B64 + 1];
	int		 fd, n;
	ssize_t		 w;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		err_set(e, ERR_IO, "cannot create key file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	randombytes_buf(k, sizeof(k));
	memcpy(line, KEY_MAGIC, sizeof(KEY_MAGIC) - 1);
	sodium_bin2base64(line + sizeof(KEY_MAGIC) - 1, KEY_B64, k, sizeof(k),
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(k, sizeof(k));
	n = (int)strlen(line);
	line[n++] = '\n';
	w = write(fd, line, (size_t)n);
	sodium_memzero(line, sizeof(line));
	if (w != n || fsync(fd) == -1) {
		err_set(e, ERR_IO, "cannot write key file %s: %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) == -1) {
		err_set(e, ERR_IO, "cannot write key file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
keyfile_load(const char *path, struct key **out, struct err *e)
{
	struct key	*k = NULL;
	struct stat	 st;
	char		 line[sizeof(KEY_MAGIC) + KEY_B64 + 8];
	size_t		 binlen = 0;
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
	n = read(fd, line, sizeof(line) - 1);
	if (n <= 0) {
		err_set(e, ERR_IO, "cannot read key file %s", path);
		goto out;
	}
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	if (strncmp(line, KEY_MAGIC, sizeof(KEY_MAGIC) - 1) != 0) {
		err_set(e, ERR_INVALID, "%s is not a Haven key file", path);
		goto out;
	}
	if ((k = sodium_malloc(sizeof(*k))) == NULL ||
	    (k->bytes = sodium_malloc(KEY_BYTES)) == NULL) {
		err_set(e, ERR_IO, "cannot allocate protected memory for the "
		    "key");
		goto out;
	}
	if (sodium_base642bin(k->bytes, KEY_BYTES,
	    line + sizeof(KEY_MAGIC) - 1, strlen(line + sizeof(KEY_MAGIC) - 1),
	    NULL, &binlen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    binlen != KEY_BYTES) {
		err_set(e, ERR_INVALID, "key file %s is damaged", path);
		goto out;
	}
	sodium_mprotect_readonly(k->bytes);
	*out = k;
	k = NULL;
	rc = 0;
out:
	sodium_memzero(line, sizeof(line));
	close(fd);
	key_free(k);
	return rc;
}

void
key_free(struct key *k)
{
	if (k == NULL)
		return;
	if (k->bytes != NULL)
		sodium_free(k->bytes);	/* wipes */
	sodium_free(k);
}
