/*
 * dl_cache.c - /etc/ld.so.cache as glibc's dynamic loader reads it
 * (elf/dl-cache.c, sysdeps/generic/dl-cache.h). USER-SPACE WORK: this is
 * part of mmsim's simulation of ld.so (vm/rtld.c), not of the kernel.
 *
 * The cache is a file of the machine's tree, read through the file
 * layer; this module only parses the bytes, which are hostile input like
 * any file's: every offset is checked against the buffer.
 *
 * Only the format glibc 2.32 and later write is read ("glibc-ld.so.cache"
 * version "1.1", native byte order); a cache in the old "ld.so-1.7.0"
 * format, or anything else, is treated as no cache, and the loader falls
 * back to its default directories. Entries for glibc-hwcaps
 * subdirectories (hwcap with DL_CACHE_HWCAP_EXTENSION) are skipped, so
 * the plain library is chosen, as ld.so chooses it on a CPU that none of
 * the subdirectories' levels fit.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "rtld.h"

#define CACHEMAGIC_NEW		"glibc-ld.so.cache"
#define CACHE_VERSION		"1.1"
/* file_entry_new.flags: the type and the ABI (sysdeps/generic/ldconfig.h). */
#define FLAG_TYPE_MASK		0x00ff
#define FLAG_ELF_LIBC6		0x0003
#define FLAG_REQUIRED_MASK	0xff00
#define FLAG_X8664_LIB64	0x0300
#define DL_CACHE_HWCAP_EXTENSION (1ULL << 62)

struct cache_file_new {
	char magic[sizeof(CACHEMAGIC_NEW) - 1];
	char version[sizeof(CACHE_VERSION) - 1];
	uint32_t nlibs;
	uint32_t len_strings;
	uint8_t flags;
	uint8_t padding_unused[3];
	uint32_t extension_offset;
	uint32_t unused[3];
};

struct file_entry_new {
	int32_t flags;
	uint32_t key, value;		/* offsets from the start of the file */
	uint32_t osversion_unused;
	uint64_t hwcap;
};

/*
 * cache_string - the NUL-terminated string at @off, or NULL when it does
 * not end inside the cache.
 */
static const char *cache_string(const unsigned char *buf, size_t size,
				uint32_t off)
{
	if (off >= size || !memchr(buf + off, '\0', size - off))
		return NULL;
	return (const char *)buf + off;
}

/**
 * dl_cache_valid() - is @buf a cache this loader reads? (_dl_load_cache_lookup()'s
 * checks of the mapped file: the magic, the version, and every entry
 * inside the file.)
 */
bool dl_cache_valid(const unsigned char *buf, size_t size)
{
	const struct cache_file_new *h = (const void *)buf;

	if (size < sizeof(*h) ||
	    memcmp(h->magic, CACHEMAGIC_NEW, sizeof(h->magic)) ||
	    memcmp(h->version, CACHE_VERSION, sizeof(h->version)))
		return false;
	return h->nlibs <= (size - sizeof(*h)) / sizeof(struct file_entry_new);
}

/**
 * _dl_load_cache_lookup() - the path the cache gives for the library
 * @name (a DT_NEEDED name without '/'), as search_cache() picks it for
 * x86-64 (FLAG_ELF_LIBC6 | FLAG_X8664_LIB64), or NULL.
 * @buf, @size: the cache file's bytes
 * Return: a string inside @buf, or NULL.
 */
const char *_dl_load_cache_lookup(const unsigned char *buf, size_t size,
				  const char *name)
{
	const struct cache_file_new *h = (const void *)buf;
	const struct file_entry_new *libs;
	uint32_t i;

	if (!dl_cache_valid(buf, size))
		return NULL;
	libs = (const void *)(buf + sizeof(*h));
	for (i = 0; i < h->nlibs; i++) {
		const struct file_entry_new *e = &libs[i];
		const char *key, *value;

		if ((e->flags & FLAG_TYPE_MASK) != FLAG_ELF_LIBC6 ||
		    (e->flags & FLAG_REQUIRED_MASK) != FLAG_X8664_LIB64 ||
		    (e->hwcap & DL_CACHE_HWCAP_EXTENSION))
			continue;
		key = cache_string(buf, size, e->key);
		value = cache_string(buf, size, e->value);
		if (key && value && !strcmp(key, name))
			return value;
	}
	return NULL;
}
