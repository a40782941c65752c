/*
 * The compiled-in offsets table (see offsets.h). The table itself is
 * generated into the build tree (build/gen/offsets_table.c) and included
 * here when the build puts it on the include path; otherwise, and always
 * for the generator itself (OFFSETS_NO_TABLE), it is empty.
 */
#include <stdlib.h>
#include <string.h>

#include "../core2.h"
#include "offsets.h"

#if defined(__has_include) && !defined(OFFSETS_NO_TABLE)
#if __has_include("offsets_table.c")
#include "offsets_table.c"
#define OFFSETS_HAVE_TABLE
#endif
#endif

#ifndef OFFSETS_HAVE_TABLE
const struct offsets_table offsets_table = { "", "", NULL, 0, NULL, 0 };
#endif

int offsets_find_type(const char *name)
{
	uint32_t i;

	if (!strncmp(name, "struct ", 7))
		name += 7;
	else if (!strncmp(name, "union ", 6))
		name += 6;
	for (i = 0; i < offsets_table.ntypes; i++)
		if (!strcmp(offsets_table.types[i].name, name))
			return (int)i;
	return -1;
}

static int by_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct offsets_member *)elem)->path);
}

const struct offsets_member *offsets_find_member(int ti, const char *path)
{
	const struct offsets_type *t;

	if (ti < 0 || (uint32_t)ti >= offsets_table.ntypes)
		return NULL;
	t = &offsets_table.types[ti];
	if (*path == '.')
		path++;
	return bsearch(path, offsets_table.members + t->first, t->count, sizeof(offsets_table.members[0]), by_path);
}
