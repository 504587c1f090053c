/*
 * Time-based one-time passwords (RFC 6238: 30-second steps, 6 digits,
 * HMAC-SHA1, as every authenticator app expects), through liboath.  A code
 * is accepted within one step either side of now, and only for a step
 * later than the last one accepted, so a code cannot be used twice.
 */
#ifndef HAVEN_TOTP_H
#define HAVEN_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES	20	/* 160 bits, RFC 4226's advice */
#define TOTP_BASE32_LEN		32	/* base32 of 20 bytes */
#define TOTP_STEP		30
#define TOTP_WINDOW		1	/* steps either side */

void	 totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES]);
/* Base32 (RFC 4648, no padding) of the secret, for manual entry. */
void	 totp_base32(const unsigned char secret[TOTP_SECRET_BYTES],
	    char out[TOTP_BASE32_LEN + 1]);
/*
 * Check code at time now.  Returns the matched step (> 0) when the code is
 * right and its step is after last_step, 0 when not.
 */
int64_t	 totp_check(const unsigned char *secret, size_t len, int64_t now,
	    int64_t last_step, const char *code);
/* The code for time now (tests, and nothing else). */
int	 totp_code(const unsigned char *secret, size_t len, int64_t now,
	    char out[7]) __attribute__((warn_unused_result));
/* True for exactly six ASCII digits. */
bool	 totp_code_valid(const char *);

#endif
