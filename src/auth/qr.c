/*
 * QR codes as SVG: one path of unit squares on a white square with the
 * four-module quiet zone the standard asks for.  Error correction level M.
 */
#include <qrencode.h>

#include "auth/qr.h"

#define QR_QUIET	4

int
qr_svg(const char *text, struct buf *out)
{
	QRcode	*q;
	int	 x, y, size;

	q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return -1;
	size = q->width + 2 * QR_QUIET;
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", size, size, size, size);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_addf(out, "M%d %dh1v1h-1z", x + QR_QUIET,
				    y + QR_QUIET);
	buf_adds(out, "\"/></svg>");
	QRcode_free(q);
	return out->err ? -1 : 0;
}
