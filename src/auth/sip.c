/* The SIP server's shared secret: see sip.h. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/auth.h"
#include "auth/sip.h"
#include "base/log.h"

#define SIP_HASH	crypto_generichash_BYTES

static unsigned char	sip_hash[SIP_HASH];
static atomic_bool	sip_loaded;

int
sip_secret_create(const char *path, struct err *e)
{
	unsigned char	 rnd[SIP_SECRET_HEX / 2];
	char		 hex[SIP_SECRET_HEX + 2];
	int		 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 && errno == EEXIST)
		return 0;
	if (fd == -1) {
		err_set(e, ERR_IO, "cannot create %s: %s", path,
		    strerror(errno));
		return -1;
	}
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	hex[SIP_SECRET_HEX] = '\n';
	if (write(fd, hex, SIP_SECRET_HEX + 1) != SIP_SECRET_HEX + 1 ||
	    fsync(fd) == -1) {
		err_set(e, ERR_IO, "cannot write %s: %s", path,
		    strerror(errno));
		close(fd);
		sodium_memzero(hex, sizeof(hex));
		return -1;
	}
	close(fd);
	sodium_memzero(hex, sizeof(hex));
	sodium_memzero(rnd, sizeof(rnd));
	return 1;
}

int
sip_secret_load(const char *path, struct err *e)
{
	struct stat	 st;
	char		 text[SIP_SECRET_HEX + 2];
	ssize_t		 n;
	int		 fd, rc = -1;
	size_t		 i;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		err_set(e, ERR_IO, "cannot open %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		err_set(e, ERR_INVALID, "%s must be a regular file that only "
		    "its owner reads (chmod 600)", path);
		goto out;
	}
	n = read(fd, text, sizeof(text));
	if (n < SIP_SECRET_HEX || n > SIP_SECRET_HEX + 1 ||
	    (n == SIP_SECRET_HEX + 1 && text[SIP_SECRET_HEX] != '\n')) {
		err_set(e, ERR_INVALID, "%s must hold %d hexadecimal "
		    "characters on one line", path, SIP_SECRET_HEX);
		goto out;
	}
	for (i = 0; i < SIP_SECRET_HEX; i++)
		if (strchr("0123456789abcdefABCDEF", text[i]) == NULL ||
		    text[i] == '\0') {
			err_set(e, ERR_INVALID, "%s must hold %d hexadecimal "
			    "characters on one line", path, SIP_SECRET_HEX);
			goto out;
		}
	crypto_generichash(sip_hash, sizeof(sip_hash),
	    (const unsigned char *)text, SIP_SECRET_HEX, NULL, 0);
	atomic_store(&sip_loaded, true);
	rc = 1;
out:
	sodium_memzero(text, sizeof(text));
	close(fd);
	return rc;
}

/* Refuse, in the log and the audit log, without the token or any number. */
static int
sip_refuse(struct req *r, const char *why)
{
	char	 addr[64];

	req_client_addr(r, addr, sizeof(addr));
	log_warnx("telephony: refused %s from %s: %s", r->route->name, addr,
	    why);
	auth_audit(r, "telephony.auth", NULL, 0, "denied", why);
	return req_error(r, API_EUNAUTH, NULL, "The SIP server must send "
	    "its shared secret: Authorization: Bearer SECRET.");
}

int
sip_authorize(struct req *r)
{
	unsigned char	 got[SIP_HASH];
	const char	*h;
	size_t		 n;

	if (!atomic_load(&sip_loaded)) {
		log_warnx("telephony: %s refused: no shared secret file (run "
		    "'haven init')", r->route->name);
		return req_error(r, API_EUNAVAILABLE, NULL, "Telephony is not "
		    "configured on this server.");
	}
	if ((h = req_header_get(r, "Authorization")) == NULL)
		return sip_refuse(r, "no secret");
	if (strncasecmp(h, "Bearer ", 7) != 0)	/* RFC 9110: any case */
		return sip_refuse(r, "not a bearer secret");
	h += 7;
	n = strnlen(h, 256);
	crypto_generichash(got, sizeof(got), (const unsigned char *)h, n,
	    NULL, 0);
	if (n != SIP_SECRET_HEX || sodium_memcmp(got, sip_hash,
	    sizeof(got)) != 0)
		return sip_refuse(r, "wrong secret");
	return 0;
}
