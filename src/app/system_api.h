/* Routes about the service itself: /healthz, version, OpenAPI document. */
#ifndef HAVEN_SYSTEM_API_H
#define HAVEN_SYSTEM_API_H

#include <stddef.h>

#include "http/router.h"

extern const struct route	system_routes[];
extern const size_t		system_nroutes;

#endif
