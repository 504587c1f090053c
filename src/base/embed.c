/* Lookup in embedded file tables: see embed.h. */
#include <string.h>

#include "base/embed.h"

const struct embed_file *
embed_find(const struct embed_file *t, const char *name)
{
	for (; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}
