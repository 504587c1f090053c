/*
 * Leveled logging to stderr.  Each line is formatted into a stack buffer and
 * written with one write(2), so lines from different threads never mix.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

static enum log_level	log_level = LOG_LEVEL_INFO;

static const char *const log_names[LOG_LEVEL__MAX] = {
	[LOG_LEVEL_ERROR] = "error",
	[LOG_LEVEL_WARN] = "warn",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

int
log_level_parse(const char *s, enum log_level *out)
{
	int	 i;

	for (i = 0; i < LOG_LEVEL__MAX; i++)
		if (strcmp(s, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_set_level(enum log_level l)
{
	log_level = l;
}

enum log_level
log_get_level(void)
{
	return log_level;
}

static void
log_vemit(enum log_level l, int with_errno, int saved, const char *fmt,
    va_list ap)
{
	char		 line[1024];
	struct timespec	 ts;
	struct tm	 tm;
	size_t		 n;
	int		 w;

	if (l > log_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	w = snprintf(line + n, sizeof(line) - n, ".%03ldZ %s ",
	    ts.tv_nsec / 1000000, log_names[l]);
	if (w > 0 && (size_t)w < sizeof(line) - n)
		n += (size_t)w;
	w = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (w > 0)
		n = n + (size_t)w >= sizeof(line) ? sizeof(line) - 1 : n + (size_t)w;
	if (with_errno) {
		w = snprintf(line + n, sizeof(line) - n, ": %s", strerror(saved));
		if (w > 0)
			n = n + (size_t)w >= sizeof(line) ?
			    sizeof(line) - 1 : n + (size_t)w;
	}
	if (n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* Nothing useful can be done if stderr is gone. */
	if (write(STDERR_FILENO, line, n) < 0)
		return;
}

#define LOG_BODY(level, witherr) do {				\
	int	 saved = errno;					\
	va_list	 ap;						\
	va_start(ap, fmt);					\
	log_vemit((level), (witherr), saved, fmt, ap);		\
	va_end(ap);						\
	errno = saved;						\
} while (0)

void log_warn(const char *fmt, ...) { LOG_BODY(LOG_LEVEL_WARN, 1); }
void log_warnx(const char *fmt, ...) { LOG_BODY(LOG_LEVEL_WARN, 0); }
void log_info(const char *fmt, ...) { LOG_BODY(LOG_LEVEL_INFO, 0); }
void log_debug(const char *fmt, ...) { LOG_BODY(LOG_LEVEL_DEBUG, 0); }

void
fatal(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, 1);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, 0);
	exit(1);
}
