/*
 * test_elf.c - ELF headers as hostile input (vm/elf_image.c) and
 * ld.so.cache lookups (vm/dl_cache.c), on the host's own programs and on
 * malformed copies of them.
 *
 * The engine reads files only through the simulated file layer; this
 * test hands the parsers the host's bytes through a buffer of its own
 * (load_host_file(), test-only), which is all elf_image_read() needs: an
 * elf_reader.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "../../vm/mm_types.h"
#include "../../vm/binfmts.h"
#include "../../vm/rtld.h"

struct membuf {
	unsigned char *data;
	size_t size;
};

/* The test's own loader: the whole host file in memory. */
static struct membuf load_host_file(const char *path)
{
	struct membuf b = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		unit_fail(__FILE__, __LINE__, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b.data = malloc(n ? n : 1);
	b.size = fread(b.data, 1, n, f);
	fclose(f);
	return b;
}

static ssize_t mem_read(void *ctx, void *buf, size_t len, long long pos)
{
	struct membuf *b = ctx;

	if (pos >= (long long)b->size)
		return 0;
	if (len > b->size - pos)
		len = b->size - pos;
	memcpy(buf, b->data + pos, len);
	return (ssize_t)len;
}

static int parse(struct membuf *b, struct elf_image *img, enum elf_bad *why)
{
	struct elf_reader rd = { mem_read, b, (long long)b->size };

	return elf_image_read(img, &rd, why);
}

static void test_host_programs(void)
{
	static const char *const progs[] = {
		"/usr/bin/cat", "/bin/bash", "/sbin/ldconfig",
		"/lib64/ld-linux-x86-64.so.2",
	};
	size_t i;

	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct membuf b = load_host_file(progs[i]);
		struct elf_image img;
		enum elf_bad why;
		const char *interp;
		int err;

		ASSERT_EQ(parse(&b, &img, &why), 0);
		ASSERT_EQ(why, ELF_OK);
		ASSERT_EQ(img.ehdr->e_type, ET_DYN);
		ASSERT(img.phnum > 3);
		/* Only the headers were read: the image ends after them. */
		ASSERT_EQ(img.size, img.ehdr->e_phoff + img.phnum * sizeof(Elf64_Phdr));
		interp = elf_image_interp(&img, &err);
		ASSERT_EQ(err, 0);
		if (i < 2)
			ASSERT_STR(interp, "/lib64/ld-linux-x86-64.so.2");
		else
			ASSERT(interp == NULL);
		ASSERT(total_mapping_size(img.phdr, img.phnum) > 0);
		elf_image_free(&img);
		free(b.data);
	}
}

/* The span of cat's PT_LOADs is its mapped size at the exec stop. */
static void test_total_mapping_size(void)
{
	struct membuf b = load_host_file("/usr/bin/cat");
	struct elf_image img;
	enum elf_bad why;
	unsigned long last_end = 0;
	size_t i;

	ASSERT_EQ(parse(&b, &img, &why), 0);
	for (i = 0; i < img.phnum; i++)
		if (img.phdr[i].p_type == PT_LOAD)
			last_end = img.phdr[i].p_vaddr + img.phdr[i].p_memsz;
	ASSERT_HEX(total_mapping_size(img.phdr, img.phnum), last_end);
	elf_image_free(&img);
	free(b.data);
}

/* The phdr of the @n-th PT_LOAD of a copy of cat. */
static Elf64_Phdr *nth_load(struct membuf *b, int n)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b->data;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b->data + eh->e_phoff);
	int i, k = 0;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && k++ == n)
			return &ph[i];
	unit_fail(__FILE__, __LINE__, "no PT_LOAD %d", n);
}

static Elf64_Phdr *find_phdr(struct membuf *b, Elf64_Word type)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b->data;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b->data + eh->e_phoff);
	int i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == type)
			return &ph[i];
	unit_fail(__FILE__, __LINE__, "no phdr of type %u", type);
}

/* expect_bad - a malformed copy fails with -ENOEXEC for @want. */
static void expect_bad(struct membuf *b, enum elf_bad want, int line)
{
	struct elf_image img;
	enum elf_bad why = ELF_OK;
	int err = parse(b, &img, &why);

	elf_image_free(&img);
	if (err != -ENOEXEC || why != want)
		unit_fail(__FILE__, line, "got %d (%s), want ENOEXEC (%s)",
			  err, elf_bad_str(why), elf_bad_str(want));
}
#define EXPECT_BAD(b, want) expect_bad((b), (want), __LINE__)

static void test_malformed(void)
{
	struct membuf orig = load_host_file("/usr/bin/cat"), b;
	Elf64_Phdr *p;

#define FRESH() (memcpy(b.data, orig.data, orig.size), b.size = orig.size)
	b.data = malloc(orig.size);

	FRESH(); b.size = 40;				EXPECT_BAD(&b, ELF_BAD_SHORT);
	FRESH(); b.size = 0;				EXPECT_BAD(&b, ELF_BAD_SHORT);
	FRESH(); b.size = 200;				EXPECT_BAD(&b, ELF_BAD_PHDRS);
	FRESH(); b.data[1] = 'X';			EXPECT_BAD(&b, ELF_BAD_MAGIC);
	FRESH(); b.data[EI_CLASS] = ELFCLASS32;		EXPECT_BAD(&b, ELF_BAD_CLASS);
	FRESH(); b.data[EI_DATA] = ELFDATA2MSB;		EXPECT_BAD(&b, ELF_BAD_CLASS);
	FRESH(); ((Elf64_Ehdr *)b.data)->e_type = ET_REL;	EXPECT_BAD(&b, ELF_BAD_TYPE);
	FRESH(); ((Elf64_Ehdr *)b.data)->e_machine = EM_386;	EXPECT_BAD(&b, ELF_BAD_MACHINE);
	FRESH(); ((Elf64_Ehdr *)b.data)->e_phentsize = 32;	EXPECT_BAD(&b, ELF_BAD_PHDRS);
	FRESH(); ((Elf64_Ehdr *)b.data)->e_phnum = 0;		EXPECT_BAD(&b, ELF_BAD_PHDRS);
	FRESH(); ((Elf64_Ehdr *)b.data)->e_phoff = orig.size - 8; EXPECT_BAD(&b, ELF_BAD_PHDRS);
	/* Segments: p_filesz > p_memsz, huge p_memsz, overlap, disorder. */
	FRESH(); p = nth_load(&b, 3); p->p_filesz = p->p_memsz + 1;
	EXPECT_BAD(&b, ELF_BAD_SEGMENTS);
	FRESH(); p = nth_load(&b, 3); p->p_memsz = 1UL << 62;
	EXPECT_BAD(&b, ELF_BAD_SEGMENTS);
	FRESH(); p = nth_load(&b, 3); p->p_memsz = TASK_SIZE - p->p_vaddr + PAGE_SIZE;
	EXPECT_BAD(&b, ELF_BAD_SEGMENTS);
	FRESH(); p = nth_load(&b, 2); p->p_vaddr -= PAGE_SIZE; p->p_offset -= PAGE_SIZE;
	EXPECT_BAD(&b, ELF_BAD_SEGMENTS);
	FRESH(); p = nth_load(&b, 1); p->p_vaddr = 0x100000; p->p_offset = 0x100000 % PAGE_SIZE + p->p_offset % PAGE_SIZE;
	EXPECT_BAD(&b, ELF_BAD_SEGMENTS);
	FRESH(); p = nth_load(&b, 1); p->p_vaddr += 8;	/* not congruent */
	EXPECT_BAD(&b, ELF_BAD_SEGMENTS);
	/* A file cut inside its last segment's bytes. */
	FRESH(); p = nth_load(&b, 3); b.size = p->p_offset + p->p_filesz - 1;
	EXPECT_BAD(&b, ELF_BAD_SEGMENTS);
	/* No PT_LOAD at all. */
	FRESH();
	{
		int i;

		for (i = 0; i < 4; i++)
			nth_load(&b, 0)->p_type = PT_NOTE;
	}
	EXPECT_BAD(&b, ELF_BAD_SEGMENTS);

	/* PT_INTERP: too short, not NUL-terminated. */
	{
		struct elf_image img;
		enum elf_bad why;
		int err;

		FRESH(); find_phdr(&b, PT_INTERP)->p_filesz = 1;
		ASSERT_EQ(parse(&b, &img, &why), 0);
		ASSERT(elf_image_interp(&img, &err) == NULL);
		ASSERT_EQ(err, -ENOEXEC);
		elf_image_free(&img);

		FRESH(); p = find_phdr(&b, PT_INTERP);
		b.data[p->p_offset + p->p_filesz - 1] = 'x';
		ASSERT_EQ(parse(&b, &img, &why), 0);
		ASSERT(elf_image_interp(&img, &err) == NULL);
		ASSERT_EQ(err, -ENOEXEC);
		elf_image_free(&img);

		FRESH(); p = find_phdr(&b, PT_INTERP);
		p->p_offset = orig.size - 4;
		ASSERT_EQ(parse(&b, &img, &why), 0);
		ASSERT(elf_image_interp(&img, &err) == NULL);
		ASSERT_EQ(err, -ENOEXEC);
		elf_image_free(&img);
	}
#undef FRESH
	free(b.data);
	free(orig.data);
}

/* Random garbage after a valid magic never crashes and always fails cleanly. */
static void test_garbage(void)
{
	unsigned char buf[4096];
	struct membuf b = { buf, sizeof(buf) };
	unsigned int seed = 1;
	int round;

	for (round = 0; round < 2000; round++) {
		struct elf_image img;
		enum elf_bad why;
		size_t i;
		int err;

		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)(rand_r(&seed) >> 7);
		memcpy(buf, ELFMAG, SELFMAG);
		buf[EI_CLASS] = ELFCLASS64;
		buf[EI_DATA] = ELFDATA2LSB;
		buf[EI_VERSION] = EV_CURRENT;
		((Elf64_Ehdr *)buf)->e_machine = EM_X86_64;
		((Elf64_Ehdr *)buf)->e_type = round & 1 ? ET_DYN : ET_EXEC;
		((Elf64_Ehdr *)buf)->e_phentsize = sizeof(Elf64_Phdr);
		((Elf64_Ehdr *)buf)->e_phoff = rand_r(&seed) % 8192;
		((Elf64_Ehdr *)buf)->e_phnum = rand_r(&seed) % 80;
		b.size = 64 + rand_r(&seed) % (sizeof(buf) - 64);
		err = parse(&b, &img, &why);
		ASSERT(err == 0 || err == -ENOEXEC);
		if (!err) {
			elf_image_interp(&img, &err);
			ASSERT(err == 0 || err == -ENOEXEC);
		}
		elf_image_free(&img);
	}
}

static void test_ld_so_cache(void)
{
	struct membuf b = load_host_file("/etc/ld.so.cache");
	const char *path;

	ASSERT(dl_cache_valid(b.data, b.size));
	path = _dl_load_cache_lookup(b.data, b.size, "libc.so.6");
	ASSERT(path != NULL);
	ASSERT_STR(path, "/lib/x86_64-linux-gnu/libc.so.6");
	ASSERT(_dl_load_cache_lookup(b.data, b.size, "libnosuch.so.9") == NULL);
	/* A truncated cache is no cache; so is one with a bad magic. */
	ASSERT(!dl_cache_valid(b.data, 40));
	ASSERT(!dl_cache_valid(b.data, 48 + 24));
	ASSERT(_dl_load_cache_lookup(b.data, 1000, "libc.so.6") == NULL ||
	       dl_cache_valid(b.data, 1000));
	b.data[0] = 'X';
	ASSERT(!dl_cache_valid(b.data, b.size));
	free(b.data);
}

int main(void)
{
	RUN(test_host_programs);
	RUN(test_total_mapping_size);
	RUN(test_malformed);
	RUN(test_garbage);
	RUN(test_ld_so_cache);
	return unit_done();
}
