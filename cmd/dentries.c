/* core2 dentries: walk the dentry cache: paths, negative dentries, statistics */
#include "applet.h"

static int dentries_run(struct run *r, int argc, char **argv)
{
	return failf("not implemented yet");
}

static const struct applet dentries_applet = {
	.name = "dentries",
	.summary = "walk the dentry cache: paths, negative dentries, statistics",
	.usage = "",
	.run = dentries_run,
};
APPLET(dentries_applet);
