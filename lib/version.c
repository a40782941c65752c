#include <stdio.h>

#include <libdeflate.h>
#include <libkdumpfile/kdumpfile.h>
#include <lzo/lzoconf.h>
#include <zlib.h>
#include <zstd.h>

#include "core2.h"

#ifndef CORE2_VERSION
#define CORE2_VERSION "unknown"
#endif
#ifndef LIBCTF_VERSION
#define LIBCTF_VERSION "unknown"
#endif

const char *c2_library_versions(void)
{
	static char buf[256];

	if (!buf[0])
		snprintf(buf, sizeof(buf), "libkdumpfile %s, libctf (binutils) %s, zlib %s, libdeflate %s, lzo %s, zstd %s",
			 KDUMPFILE_VERSION_STRING, LIBCTF_VERSION, zlibVersion(), LIBDEFLATE_VERSION_STRING, lzo_version_string(),
			 ZSTD_versionString());
	return buf;
}
