/* Error records: see err.h. */
#include <stdarg.h>
#include <stdio.h>

#include "base/err.h"

void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->code = ERR_NONE;
	e->msg[0] = '\0';
}

void
err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list	 ap;

	if (e == NULL)
		return;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}
