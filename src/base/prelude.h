/*
 * Included first in every translation unit by the Makefile (-include): the
 * C library headers that declare the banned functions, then banned.h, so
 * that a call to one of them anywhere in src/ fails to compile.
 */
#ifndef HAVEN_PRELUDE_H
#define HAVEN_PRELUDE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#endif
