/* core2 sym: look up kernel symbols by name, address or glob */
#include "applet.h"

static int sym_run(struct run *r, int argc, char **argv)
{
	return failf("not implemented yet");
}

static const struct applet sym_applet = {
	.name = "sym",
	.summary = "look up kernel symbols by name, address or glob",
	.usage = "NAME... | -r ADDR... | -g GLOB",
	.run = sym_run,
};
APPLET(sym_applet);
