/* core2 cmdline: print the dumped kernel's command line */
#include "applet.h"

static int cmdline_run(struct run *r, int argc, char **argv)
{
	return failf("not implemented yet");
}

static const struct applet cmdline_applet = {
	.name = "cmdline",
	.summary = "print the dumped kernel's command line",
	.usage = "",
	.run = cmdline_run,
};
APPLET(cmdline_applet);
