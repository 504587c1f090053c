/* Wall and monotonic clocks in the units Haven stores and measures. */
#ifndef HAVEN_CLOCK_H
#define HAVEN_CLOCK_H

#include <stdint.h>

int64_t	 clock_now(void);	/* Unix time, seconds */
int64_t	 clock_now_ms(void);	/* Unix time, milliseconds */
int64_t	 clock_mono_us(void);	/* monotonic, microseconds */

#endif
