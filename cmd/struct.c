/* core2 struct: show a structure's layout from BTF or CTF type information */
#include "applet.h"

static int structure_run(struct run *r, int argc, char **argv)
{
	return failf("not implemented yet");
}

static const struct applet structure_applet = {
	.name = "struct",
	.summary = "show a structure's layout from BTF or CTF type information",
	.usage = "TYPE",
	.run = structure_run,
};
APPLET(structure_applet);
