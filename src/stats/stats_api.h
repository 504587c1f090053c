/* The statistics' routes (stats_api.c), for the route table. */
#ifndef HAVEN_STATS_API_H
#define HAVEN_STATS_API_H

#include <stddef.h>

#include "http/router.h"

extern const struct route	stats_routes[];
extern const size_t		stats_nroutes;

#endif
