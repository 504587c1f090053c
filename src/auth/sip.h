/*
 * The SIP server's shared secret.  The SIP server (deploy/kamailio) asks
 * Haven where a call goes and reports the call's events on routes whose
 * permission is PERM_SIP: no session, but "Authorization: Bearer SECRET".
 * The secret is a file beside the key file (0600, 64 hex characters),
 * written by `haven init` and read by `haven serve`.  Only its hash is
 * kept in memory, and tokens are compared by hash, in constant time.
 */
#ifndef HAVEN_SIP_H
#define HAVEN_SIP_H

#include <stdbool.h>

#include "base/err.h"
#include "http/http.h"

#define SIP_SECRET_HEX	64

/* Create the file when it is missing: 1 created, 0 there, -1 error. */
int	 sip_secret_create(const char *path, struct err *)
	    __attribute__((warn_unused_result));
/*
 * Load the secret.  A missing file is not an error: telephony is then off
 * (1 loaded, 0 missing, -1 a file that is unsafe or damaged).
 */
int	 sip_secret_load(const char *path, struct err *)
	    __attribute__((warn_unused_result));
/* The authorize hook's part for PERM_SIP: 0 go on, -1 answered. */
int	 sip_authorize(struct req *);

#endif
