/*
 * The telephony clock (telephony.h).  Tests must place calls in office
 * hours and out of them at any time of day, and they must do it on a
 * running server whose sessions are not to expire: so only telephony reads
 * this clock, shifted by the seconds written in the file that
 * HAVEN_TELEPHONY_CLOCK_FILE names (re-read when the file changes).  No
 * deployment sets it; the server logs a warning when one does.
 */
#include <sys/stat.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/valid.h"
#include "telephony/telephony.h"

static pthread_mutex_t	clock_mu = PTHREAD_MUTEX_INITIALIZER;
static struct timespec	clock_mtime;
static off_t		clock_size = -1;
static int64_t		clock_offset_s;
static int		clock_warned;

/* The file's offset when it changed since the last read; mu held. */
static void
clock_refresh(const char *path)
{
	struct stat	 st;
	char		 text[32];
	FILE		*f;
	size_t		 n;
	int64_t		 v;

	if (stat(path, &st) == -1) {
		clock_offset_s = 0;
		clock_size = -1;
		return;
	}
	if (st.st_size == clock_size && st.st_mtim.tv_sec ==
	    clock_mtime.tv_sec && st.st_mtim.tv_nsec == clock_mtime.tv_nsec)
		return;
	clock_size = st.st_size;
	clock_mtime = st.st_mtim;
	clock_offset_s = 0;
	if ((f = fopen(path, "r")) == NULL)
		return;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	if (n > 0 && valid_i64(text, n, -4000000000LL, 4000000000LL, &v))
		clock_offset_s = v;
}

int64_t
tel_now_ms(void)
{
	const char	*path = getenv("HAVEN_TELEPHONY_CLOCK_FILE");
	int64_t		 off;

	if (path == NULL || *path == '\0')
		return clock_now_ms();
	pthread_mutex_lock(&clock_mu);
	if (!clock_warned) {
		clock_warned = 1;
		log_warnx("telephony: the clock is shifted by %s (tests only)",
		    path);
	}
	clock_refresh(path);
	off = clock_offset_s;
	pthread_mutex_unlock(&clock_mu);
	return clock_now_ms() + off * 1000;
}
