/* QR codes as SVG (libqrencode), for TOTP enrolment. */
#ifndef HAVEN_QR_H
#define HAVEN_QR_H

#include "base/buf.h"

/* Append an SVG image of text as a QR code to out; -1 on failure. */
int	 qr_svg(const char *text, struct buf *out)
	    __attribute__((warn_unused_result));

#endif
