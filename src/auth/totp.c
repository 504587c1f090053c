/* TOTP over liboath: see totp.h. */
#include <pthread.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "auth/totp.h"
#include "base/log.h"

static pthread_once_t	oath_once = PTHREAD_ONCE_INIT;

static void
totp_init(void)
{
	if (oath_init() != OATH_OK)
		fatalx("liboath: cannot initialise");
}

void
totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES])
{
	randombytes_buf(secret, TOTP_SECRET_BYTES);
}

void
totp_base32(const unsigned char secret[TOTP_SECRET_BYTES],
    char out[TOTP_BASE32_LEN + 1])
{
	static const char	 alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned		 acc = 0, bits = 0;
	size_t			 i, o = 0;

	for (i = 0; i < TOTP_SECRET_BYTES; i++) {
		acc = (acc << 8) | secret[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = alpha[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = alpha[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

bool
totp_code_valid(const char *code)
{
	size_t	 i;

	if (code == NULL || strlen(code) != 6)
		return false;
	for (i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

int64_t
totp_check(const unsigned char *secret, size_t len, int64_t now,
    int64_t last_step, const char *code)
{
	uint64_t	 counter = 0;
	int		 pos = 0, rc;

	if (!totp_code_valid(code))
		return 0;
	pthread_once(&oath_once, totp_init);
	rc = oath_totp_validate3((const char *)secret, len, (time_t)now,
	    TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME, TOTP_WINDOW, &pos,
	    &counter, code);
	if (rc < 0 || (int64_t)counter <= last_step)
		return 0;
	return (int64_t)counter;
}

int
totp_code(const unsigned char *secret, size_t len, int64_t now, char out[7])
{
	pthread_once(&oath_once, totp_init);
	return oath_totp_generate((const char *)secret, len, (time_t)now,
	    TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME, 6, out) == OATH_OK ?
	    0 : -1;
}
