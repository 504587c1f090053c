/*
 * Files compiled into the binary by tools/embed (migrations, the OpenAPI
 * document, the web interface, data files).  Each table ends with a NULL name.  data is
 * NUL-terminated after len bytes, so text files can be used as strings.
 */
#ifndef HAVEN_EMBED_H
#define HAVEN_EMBED_H

#include <stddef.h>

struct embed_file {
	const char		*name;	/* path below the embedded folder */
	const unsigned char	*data;
	size_t			 len;
};

const struct embed_file	*embed_find(const struct embed_file *, const char *);

extern const struct embed_file	embed_migrations[];
extern const struct embed_file	embed_api[];
extern const struct embed_file	embed_web[];
extern const struct embed_file	embed_data[];	/* data/: the indicator catalogue */

#endif
