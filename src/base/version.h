/* The version of Haven, and of its HTTP API. */
#ifndef HAVEN_VERSION_H
#define HAVEN_VERSION_H

#define HAVEN_VERSION		"0.1.0"
#define HAVEN_API_VERSION	"v1"

#endif
