/* The anonymised export's route (export_api.c), for the route table. */
#ifndef HAVEN_EXPORT_API_H
#define HAVEN_EXPORT_API_H

#include <stddef.h>

#include "http/router.h"

extern const struct route	export_routes[];
extern const size_t		export_nroutes;

#endif
