/* core2 read: read memory by symbol or address */
#include "applet.h"

static int read_run(struct run *r, int argc, char **argv)
{
	return failf("not implemented yet");
}

static const struct applet read_applet = {
	.name = "read",
	.summary = "read memory by symbol or address",
	.usage = "SYMBOL|ADDR [LEN]",
	.run = read_run,
};
APPLET(read_applet);
