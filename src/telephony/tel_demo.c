/*
 * The demo's telephony: two fictional lines (the office and the on-call
 * mobile), a fallback number, and extensions 101 and 102 for the demo
 * consultant and coordinator.  Left alone once saved, like the rest of the
 * demo, so that a second `haven init --demo` changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "app/demo.h"
#include "telephony/telephony.h"

int
telephony_demo(struct db *db, const struct demo_ctx *d)
{
	struct tel_config	 c;
	int			 rc;

	if (tel_config_load(db, &c) == -1)
		return -1;
	if (c.version != 0)
		return 0;
	memset(&c, 0, sizeof(c));
	snprintf(c.lines[0].number, sizeof(c.lines[0].number), "+48220000100");
	snprintf(c.lines[0].channel, sizeof(c.lines[0].channel),
	    "office_line");
	snprintf(c.lines[1].number, sizeof(c.lines[1].number), "+48600000100");
	snprintf(c.lines[1].channel, sizeof(c.lines[1].channel),
	    "oncall_mobile");
	c.nlines = 2;
	snprintf(c.oncall, sizeof(c.oncall), "+48600000100");
	snprintf(c.fallback, sizeof(c.fallback), "+48600000200");
	if ((rc = tel_config_save(db, &c, d->coordinator, d->now)) != 1)
		return -1;
	if (tel_extension_set(db, d->consultant, "101") == -1 ||
	    tel_extension_set(db, d->coordinator, "102") == -1)
		return -1;
	return 0;
}
