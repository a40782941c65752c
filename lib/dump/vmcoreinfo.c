#include "vmcoreinfo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core2.h"

static int entry_cmp(const void *a, const void *b)
{
	const struct vmci_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	/* Keep the original order of repeated keys so the first one wins. */
	if (c == 0)
		return x->key < y->key ? -1 : x->key > y->key;
	return c;
}

int vmci_parse(struct vmci *v, const char *text, size_t len)
{
	size_t lines = 1, i;
	char *p, *end;

	memset(v, 0, sizeof(*v));
	v->text = malloc(len + 1);
	if (!v->text)
		return C2_ENOMEM;
	memcpy(v->text, text, len);
	v->text[len] = '\0';
	for (i = 0; i < len; i++)
		lines += v->text[i] == '\n';
	v->ent = calloc(lines, sizeof(*v->ent));
	if (!v->ent) {
		vmci_free(v);
		return C2_ENOMEM;
	}
	/* A NUL inside the text ends it, as it does for the kernel's reader. */
	end = v->text + strlen(v->text);
	for (p = v->text; p < end;) {
		char *nl = memchr(p, '\n', end - p), *eq;

		if (!nl)
			nl = end;
		*nl = '\0';
		eq = strchr(p, '=');
		if (eq && eq != p) {
			*eq = '\0';
			v->ent[v->n].key = p;
			v->ent[v->n].val = eq + 1;
			v->n++;
		}
		p = nl + 1;
	}
	qsort(v->ent, v->n, sizeof(*v->ent), entry_cmp);
	return C2_OK;
}

void vmci_free(struct vmci *v)
{
	free(v->text);
	free(v->ent);
	memset(v, 0, sizeof(*v));
}

const char *vmci_get(const struct vmci *v, const char *key)
{
	size_t lo = 0, hi = v->n;

	/* Lower bound, so that the first of repeated keys is found. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v->ent[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < v->n && strcmp(v->ent[lo].key, key) == 0)
		return v->ent[lo].val;
	return NULL;
}

int vmci_num(const struct vmci *v, const char *key, int base, uint64_t *out)
{
	const char *s = vmci_get(v, key);
	char *end;
	unsigned long long n;

	if (!s)
		return C2_ENOENT;
	if (base == 16 && (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
		s += 2;
	/* strtoull accepts signs and spaces; a VMCOREINFO number has neither. */
	if (!((*s >= '0' && *s <= '9') || (base == 16 && strchr("abcdefABCDEF", *s) && *s)))
		return C2_EFORMAT;
	errno = 0;
	n = strtoull(s, &end, base);
	if (errno || *end != '\0')
		return C2_EFORMAT;
	*out = n;
	return C2_OK;
}
