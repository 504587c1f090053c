/*
 * Logging to stderr, one line per call, for journald.  Never pass personal
 * data or secrets: log ids, route names, statuses and durations only.
 * log_warn appends strerror(errno); log_warnx does not (OpenBSD).
 */
#ifndef HAVEN_LOG_H
#define HAVEN_LOG_H

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
	LOG_LEVEL__MAX
};

int	 log_level_parse(const char *, enum log_level *)
	    __attribute__((warn_unused_result));
void	 log_set_level(enum log_level);
enum log_level log_get_level(void);
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	 fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
