/*
 * Type sources: a BTF or CTF file given by the user, recognized by its magic.
 * This part checks and opens the file; queries on types build on it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ctf-api.h>

#include "internal.h"

#define BTF_MAGIC 0xeb9f
#define TYPES_MAX_FILE (512u << 20)

struct btf_header {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
};

static int check_btf(struct c2 *c2, const char *path, const uint8_t *buf, size_t size)
{
	struct btf_header h;

	if (size < sizeof(h))
		return c2_fail(c2, C2_EFORMAT, "%s: BTF header cut short", path);
	memcpy(&h, buf, sizeof(h));
	if (h.version != 1 || h.hdr_len < sizeof(h) || h.hdr_len > size ||
	    (uint64_t)h.hdr_len + h.type_off + h.type_len > size || (uint64_t)h.hdr_len + h.str_off + h.str_len > size)
		return c2_fail(c2, C2_EFORMAT, "%s: BTF header does not fit the file (version %u, %zu bytes)", path,
			       h.version, size);
	c2_diagf(c2, "types: %s (BTF, %u bytes of types, %u of strings)", path, h.type_len, h.str_len);
	return C2_OK;
}

static int check_ctf(struct c2 *c2, const char *path, const uint8_t *buf, size_t size)
{
	ctf_sect_t sect = { .cts_name = ".ctf", .cts_data = buf, .cts_size = size };
	ctf_archive_t *arc;
	ctf_dict_t *dict;
	int err = 0;

	/* libctf opens both a single dict and an archive of dicts this way. */
	if (!(arc = ctf_arc_bufopen(&sect, NULL, NULL, &err)))
		return c2_fail(c2, C2_EFORMAT, "%s: not readable CTF: %s", path, ctf_errmsg(err));
	if (!(dict = ctf_dict_open(arc, NULL, &err))) {
		ctf_arc_close(arc);
		return c2_fail(c2, C2_EFORMAT, "%s: no CTF dictionary in it: %s", path, ctf_errmsg(err));
	}
	c2_diagf(c2, "types: %s (CTF)", path);
	ctf_dict_close(dict);
	ctf_arc_close(arc);
	return C2_OK;
}

int c2_set_types_file(struct c2 *c2, const char *path)
{
	static const uint64_t ctfa_magic = 0x8b47f2a4d7623eebull;
	struct stat st;
	uint8_t *buf;
	FILE *f;
	int rc;

	if (!(f = fopen(path, "re")))
		return c2_fail(c2, errno == EACCES ? C2_EPERM : C2_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 4 || st.st_size > TYPES_MAX_FILE) {
		fclose(f);
		return c2_fail(c2, C2_EFORMAT, "%s: not a BTF or CTF file (not a regular file of plausible size)", path);
	}
	if (!(buf = malloc(st.st_size))) {
		fclose(f);
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	}
	if (fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		fclose(f);
		free(buf);
		return c2_fail(c2, C2_EIO, "%s: read error", path);
	}
	fclose(f);
	if (buf[0] == (BTF_MAGIC & 0xff) && buf[1] == BTF_MAGIC >> 8)
		rc = check_btf(c2, path, buf, st.st_size);
	else if ((buf[0] == 0xf2 && buf[1] == 0xdf) || (st.st_size >= 8 && !memcmp(buf, &ctfa_magic, 8)))
		rc = check_ctf(c2, path, buf, st.st_size);
	else
		rc = c2_fail(c2, C2_EFORMAT, "%s: not a BTF or CTF file (unknown magic)", path);
	free(buf);
	return rc;
}
