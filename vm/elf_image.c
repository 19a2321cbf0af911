/*
 * elf_image.c - reading ELF headers as hostile input, for the kernel's
 * ELF loader (vm/binfmt_elf.c) and the dynamic loader's simulation
 * (vm/rtld.c).
 *
 * The bytes come through a struct elf_reader (the file layer's
 * kernel_read() in the engine, a memory buffer in the unit tests) into a
 * sparse, zero-filled copy of the file's leading bytes, and libelf
 * (elf_memory()) parses that copy: the class, byte order and version
 * checks, PN_XNUM, and the bounds of the program-header table are
 * libelf's. Only what a loader reads is filled in (the header, the
 * program headers, and ranges asked for later), and the copy's
 * section-header fields are cleared, since no loader looks at sections
 * and libelf would otherwise want the section table inside the copy.
 *
 * Everything a loader will rely on is checked here, once, before any
 * loader changes anything: the kernel discovers some of these problems
 * only after execve's point of no return (and then kills the process),
 * mmsim refuses the file up front with ENOEXEC.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "mm_types.h"
#include "binfmts.h"

/* Files larger than this are read only as far as their headers go. */
#define ELF_IMAGE_MAX	(1UL << 30)

static const char *const elf_bad_names[] = {
	[ELF_OK] = "ok",
	[ELF_BAD_SHORT] = "shorter than an ELF header",
	[ELF_BAD_MAGIC] = "no ELF magic",
	[ELF_BAD_CLASS] = "not a 64-bit little-endian ELF",
	[ELF_BAD_TYPE] = "neither ET_EXEC nor ET_DYN",
	[ELF_BAD_MACHINE] = "not an x86-64 ELF",
	[ELF_BAD_PHDRS] = "program headers missing, oversized or truncated",
	[ELF_BAD_SEGMENTS] = "PT_LOAD segments malformed (order, overlap, "
			     "p_filesz > p_memsz, alignment, size or file range)",
	[ELF_BAD_INTERP] = "malformed PT_INTERP",
};

const char *elf_bad_str(enum elf_bad why)
{
	return why < sizeof(elf_bad_names) / sizeof(elf_bad_names[0]) ?
	       elf_bad_names[why] : "bad ELF";
}

void elf_image_free(struct elf_image *img)
{
	if (img->elf)
		elf_end(img->elf);
	free(img->phdr);
	free(img->buf);
	memset(img, 0, sizeof(*img));
}

/*
 * elf_read_exact - read [pos, pos + len) of the file into @buf: a short
 * read is -EIO, as the kernel's elf_read() answers.
 */
static int elf_read_exact(const struct elf_reader *rd, void *buf, size_t len,
			  long long pos)
{
	ssize_t n = rd->read(rd->ctx, buf, len, pos);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

/*
 * elf_image_open - (re)build libelf's view over the first @size bytes of
 * the copy, with the section-header fields cleared.
 */
static int elf_image_open(struct elf_image *img)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img->buf;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOEXEC;
	eh->e_shoff = 0;
	eh->e_shnum = 0;
	eh->e_shstrndx = 0;
	eh->e_shentsize = 0;
	if (img->elf)
		elf_end(img->elf);
	img->elf = elf_memory((char *)img->buf, img->size);
	if (!img->elf)
		return -ENOEXEC;
	img->ehdr = elf64_getehdr(img->elf);
	if (!img->ehdr)
		return -ENOEXEC;
	if (img->phnum) {
		size_t i;

		/*
		 * libelf checks the table; the loaders use a copy of their
		 * own, aligned whatever e_phoff is (gelf_getphdr() copies).
		 */
		if (!elf64_getphdr(img->elf))
			return -ENOEXEC;
		if (!img->phdr) {
			img->phdr = calloc(img->phnum, sizeof(*img->phdr));
			if (!img->phdr)
				return -ENOMEM;
		}
		for (i = 0; i < img->phnum; i++) {
			GElf_Phdr ph;

			if (!gelf_getphdr(img->elf, (int)i, &ph))
				return -ENOEXEC;
			memcpy(&img->phdr[i], &ph, sizeof(ph));
		}
	}
	return 0;
}

/*
 * elf_image_grow - make the copy cover the file's first @size bytes
 * (zero-filled where nothing was read).
 */
static int elf_image_grow(struct elf_image *img, size_t size)
{
	unsigned char *buf;

	if (size <= img->size)
		return 0;
	buf = realloc(img->buf, size);
	if (!buf)
		return -ENOMEM;
	memset(buf + img->size, 0, size - img->size);
	img->buf = buf;
	img->size = size;
	return 0;
}

/*
 * elf_check_segments - the PT_LOAD checks every loader relies on:
 * - p_filesz <= p_memsz, and the segment inside the user address space
 *   (the kernel's BAD_ADDR / TASK_SIZE checks, made after its point of no
 *   return);
 * - p_offset and p_vaddr congruent modulo the page size (mmap could not
 *   map it otherwise; glibc: "ELF load command address/offset not
 *   page-aligned");
 * - the file bytes inside the file (a truncated file);
 * - ascending, non-overlapping p_vaddr (the ELF specification's order,
 *   which total_mapping_size() and the loaders' MAP_FIXED rely on);
 * - at least one PT_LOAD (total_mapping_size() != 0).
 */
static bool elf_check_segments(const struct elf_image *img)
{
	unsigned long prev_end = 0;
	bool any = false;
	size_t i;

	for (i = 0; i < img->phnum; i++) {
		const Elf64_Phdr *p = &img->phdr[i];

		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz > p->p_memsz || p->p_memsz > TASK_SIZE ||
		    p->p_vaddr >= TASK_SIZE ||
		    TASK_SIZE - p->p_memsz < p->p_vaddr)
			return false;
		if (ELF_PAGEOFFSET(p->p_vaddr) != ELF_PAGEOFFSET(p->p_offset))
			return false;
		if (p->p_offset > (unsigned long long)img->file_size ||
		    p->p_filesz > (unsigned long long)img->file_size - p->p_offset)
			return false;
		if (any && p->p_vaddr < prev_end)
			return false;
		prev_end = p->p_vaddr + p->p_memsz;
		any = true;
	}
	return any;
}

/**
 * elf_image_read() - see binfmts.h.
 */
int elf_image_read(struct elf_image *img, const struct elf_reader *rd,
		   enum elf_bad *why)
{
	unsigned char ident[EI_NIDENT];
	Elf64_Ehdr eh;
	size_t phsize, need;
	int err;

	memset(img, 0, sizeof(*img));
	img->rd = *rd;
	img->file_size = rd->size;
	*why = ELF_BAD_SHORT;
	if (rd->size < (long long)sizeof(Elf64_Ehdr))
		return -ENOEXEC;

	/* The header: what the kernel finds in bprm->buf. */
	err = elf_read_exact(rd, &eh, sizeof(eh), 0);
	if (err)
		return err == -EIO ? -ENOEXEC : err;
	memcpy(ident, eh.e_ident, sizeof(ident));
	*why = ELF_BAD_MAGIC;
	if (memcmp(ident, ELFMAG, SELFMAG))
		return -ENOEXEC;
	*why = ELF_BAD_CLASS;
	if (ident[EI_CLASS] != ELFCLASS64 || ident[EI_DATA] != ELFDATA2LSB ||
	    ident[EI_VERSION] != EV_CURRENT)
		return -ENOEXEC;
	*why = ELF_BAD_TYPE;
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return -ENOEXEC;
	*why = ELF_BAD_MACHINE;
	if (eh.e_machine != EM_X86_64)		/* elf_check_arch() */
		return -ENOEXEC;

	/* load_elf_phdrs(): one table of at most 64 KiB, inside the file. */
	*why = ELF_BAD_PHDRS;
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 ||
	    eh.e_phnum == PN_XNUM)
		return -ENOEXEC;
	phsize = (size_t)eh.e_phnum * sizeof(Elf64_Phdr);
	if (phsize > 65536 || eh.e_phoff > (unsigned long long)rd->size ||
	    phsize > (unsigned long long)rd->size - eh.e_phoff)
		return -ENOEXEC;
	need = eh.e_phoff + phsize;
	if (need < sizeof(eh))
		need = sizeof(eh);
	if (need > ELF_IMAGE_MAX)
		return -ENOEXEC;

	err = elf_image_grow(img, need);
	if (err)
		return err;
	memcpy(img->buf, &eh, sizeof(eh));
	err = elf_read_exact(rd, img->buf + eh.e_phoff, phsize, eh.e_phoff);
	if (err)
		return err == -EIO ? -ENOEXEC : err;
	img->phnum = eh.e_phnum;
	err = elf_image_open(img);
	if (err)
		return err;

	*why = ELF_BAD_SEGMENTS;
	if (!elf_check_segments(img))
		return -ENOEXEC;
	*why = ELF_OK;
	return 0;
}

/**
 * elf_image_read_range() - see binfmts.h.
 */
int elf_image_read_range(struct elf_image *img, unsigned long off,
			 unsigned long len)
{
	int err;

	if (off > (unsigned long long)img->file_size ||
	    len > (unsigned long long)img->file_size - off ||
	    off + len > ELF_IMAGE_MAX)
		return -ENOEXEC;
	if (!len)
		return 0;
	if (off + len > img->size) {
		err = elf_image_grow(img, off + len);
		if (err)
			return err;
		err = elf_image_open(img);
		if (err)
			return err;
	}
	err = elf_read_exact(&img->rd, img->buf + off, len, off);
	return err == -EIO ? -ENOEXEC : err;
}

/**
 * elf_image_interp() - see binfmts.h.
 */
const char *elf_image_interp(struct elf_image *img, int *err)
{
	size_t i;

	*err = 0;
	for (i = 0; i < img->phnum; i++) {
		const Elf64_Phdr *p = &img->phdr[i];
		const char *path;

		if (p->p_type != PT_INTERP)
			continue;
		/* load_elf_binary(): 2..PATH_MAX bytes, NUL at the end. */
		if (p->p_filesz > PATH_MAX || p->p_filesz < 2) {
			*err = -ENOEXEC;
			return NULL;
		}
		*err = elf_image_read_range(img, p->p_offset, p->p_filesz);
		if (*err)
			return NULL;
		p = &img->phdr[i];	/* the image may have moved */
		path = (const char *)img->buf + p->p_offset;
		if (path[p->p_filesz - 1] != '\0') {
			*err = -ENOEXEC;
			return NULL;
		}
		return path;
	}
	return NULL;
}

/**
 * total_mapping_size() - fs/binfmt_elf.c's: from the first PT_LOAD's page
 * to the end of the last one's memory.
 */
unsigned long total_mapping_size(const Elf64_Phdr *phdr, size_t nr)
{
	size_t i, first = nr, last = nr;

	for (i = 0; i < nr; i++) {
		if (phdr[i].p_type == PT_LOAD) {
			last = i;
			if (first == nr)
				first = i;
		}
	}
	if (first == nr)
		return 0;
	return phdr[last].p_vaddr + phdr[last].p_memsz -
	       ELF_PAGESTART(phdr[first].p_vaddr);
}
