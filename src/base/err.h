/*
 * An error with a class and a one-line message, filled by the function that
 * failed and read by whoever reports it.  The message names what failed and
 * why; it never holds personal data.
 */
#ifndef HAVEN_ERR_H
#define HAVEN_ERR_H

enum err_code {
	ERR_NONE,
	ERR_IO,		/* file or network */
	ERR_DB,		/* database error, not retryable */
	ERR_BUSY,	/* locked or serialization failure: retry */
	ERR_UNIQUE,	/* unique constraint violated */
	ERR_CONSTRAINT,	/* another constraint violated */
	ERR_INVALID,	/* bad argument or configuration */
	ERR_NOTFOUND,
	ERR_SCHEMA,	/* database schema missing, old or too new */
	ERR__MAX
};

struct err {
	enum err_code	 code;
	char		 msg[256];
};

void	 err_clear(struct err *);
void	 err_set(struct err *, enum err_code, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
