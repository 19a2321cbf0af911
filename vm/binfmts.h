/*
 * binfmts.h - running programs (include/linux/binfmts.h): execve's
 * linux_binprm, the ELF loader (vm/binfmt_elf.c, fs/binfmt_elf.c), the
 * common exec path (vm/exec.c, fs/exec.c), the special mappings the
 * kernel gives every 64-bit program (vm/vdso.c: [vvar], [vvar_vclock],
 * [vdso] and the [vsyscall] gate), and, apart from all of these, the
 * simulation of the user-space dynamic loader (vm/rtld.c, glibc's
 * elf/rtld.c), which is NOT kernel work.
 *
 * ELF files are hostile input. They are read only through the file layer
 * (kernel_read()) into a struct elf_image, a sparse copy of the file in
 * which only the ranges asked for are filled, and parsed with libelf
 * (elf_memory()); every check is made before anything changes.
 */
#ifndef MMSIM_BINFMTS_H
#define MMSIM_BINFMTS_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct file;
struct machine;
struct mm_struct;
struct task_struct;
struct vm_area_struct;

/* include/uapi/linux/binfmts.h and fs/exec.c */
#define BINPRM_BUF_SIZE		256
#define MAX_ARG_STRLEN		(PAGE_SIZE * 32)
#define MAX_ARG_STRINGS		0x7FFFFFFF
/* The argument pages may use a quarter of the 8 MiB stack rlimit. */
#define EXEC_ARG_MAX		(8UL << 20) / 4

/*
 * ELF_ET_DYN_BASE on x86-64: two thirds of the 47-bit user address space
 * (DEFAULT_MAP_WINDOW / 3 * 2), 0x555555554aaa; a PIE's load bias is
 * that, aligned down to its segments' alignment: 0x555555554000.
 */
#define ELF_ET_DYN_BASE		(TASK_SIZE / 3 * 2)
/* The ELF loader's minimum alignment (ELF_MIN_ALIGN: ELF_EXEC_PAGESIZE). */
#define ELF_MIN_ALIGN		PAGE_SIZE
#define ELF_PAGESTART(v)	((v) & ~(unsigned long)(ELF_MIN_ALIGN - 1))
#define ELF_PAGEOFFSET(v)	((v) & (ELF_MIN_ALIGN - 1))
#define ELF_PAGEALIGN(v)	(((v) + ELF_MIN_ALIGN - 1) & \
				 ~(unsigned long)(ELF_MIN_ALIGN - 1))

/*
 * struct elf_reader - where an ELF image's bytes come from: the file
 * layer for exec (kernel_read()), a memory buffer in the unit tests.
 * @read: read @len bytes at @pos into @buf; return the bytes read (short
 *	at end of file) or -errno
 * @size: the file's size (i_size)
 */
struct elf_reader {
	ssize_t (*read)(void *ctx, void *buf, size_t len, long long pos);
	void *ctx;
	long long size;
};

/*
 * struct elf_image - the parts of an ELF file a loader has read, checked.
 * @buf: a zero-filled copy of the file's first @size bytes in which only
 *	the ranges read are filled (the header, the program headers, and
 *	whatever elf_image_read_range() was asked for); its section-header
 *	fields are cleared, since no loader looks at sections
 * @elf: libelf's view of @buf (elf_memory())
 * @ehdr: the ELF header (elf64_getehdr()), valid while the image lives
 * @phdr, @phnum: a copy of the program headers, read through libelf
 *	(elf64_getphdr() checks the table, gelf_getphdr() copies each
 *	entry), aligned whatever e_phoff is
 * @file_size: the file's size
 */
struct elf_image {
	unsigned char *buf;
	size_t size;
	void *elf;			/* Elf * (libelf.h stays out of here) */
	Elf64_Ehdr *ehdr;
	Elf64_Phdr *phdr;
	size_t phnum;
	long long file_size;
	struct elf_reader rd;
};

/*
 * The checks elf_image_read() makes, for its callers' messages: what an
 * image is not.
 */
enum elf_bad {
	ELF_OK,
	ELF_BAD_SHORT,		/* shorter than an ELF header */
	ELF_BAD_MAGIC,		/* not \177ELF */
	ELF_BAD_CLASS,		/* not ELFCLASS64 little-endian version 1 */
	ELF_BAD_TYPE,		/* neither ET_EXEC nor ET_DYN */
	ELF_BAD_MACHINE,	/* not EM_X86_64 */
	ELF_BAD_PHDRS,		/* program headers missing, oversized or truncated */
	ELF_BAD_SEGMENTS,	/* PT_LOAD segments out of order, overlapping,
				 * p_filesz > p_memsz, misaligned, outside the
				 * file or the user address space */
	ELF_BAD_INTERP,		/* PT_INTERP malformed */
};

/**
 * elf_image_read() - read and check the ELF header and program headers
 * of a file, as load_elf_binary() and load_elf_phdrs() do, and check
 * every PT_LOAD segment up front (see elf_check_segments()).
 * @img: filled in; release with elf_image_free() (also on failure)
 * @rd: the file's bytes
 * @why: set to the reason on failure
 * Return: 0, -ENOEXEC (not a loadable x86-64 ELF: *@why says which check
 * failed), -EIO or another -errno of @rd, or -ENOMEM.
 */
int elf_image_read(struct elf_image *img, const struct elf_reader *rd,
		   enum elf_bad *why);
/**
 * elf_image_read_range() - read [@off, @off + @len) of the file into the
 * image too (growing it), for a loader that needs more than the headers.
 * Return: 0, -ENOEXEC when the range lies outside the file, -errno.
 */
int elf_image_read_range(struct elf_image *img, unsigned long off,
			 unsigned long len);
void elf_image_free(struct elf_image *img);
/** elf_bad_str() - a reason, for error messages ("p_filesz > p_memsz"). */
const char *elf_bad_str(enum elf_bad why);

/**
 * elf_image_interp() - the first PT_INTERP's path, checked as
 * load_elf_binary() checks it (2..PATH_MAX bytes, NUL-terminated), read
 * into the image. Return: the path (in the image), NULL when there is no
 * PT_INTERP; *@err = -ENOEXEC for a malformed one.
 */
const char *elf_image_interp(struct elf_image *img, int *err);

/** total_mapping_size() - the span of an image's PT_LOAD segments. */
unsigned long total_mapping_size(const Elf64_Phdr *phdr, size_t nr);

/*
 * struct linux_binprm - one execve in progress (include/linux/binfmts.h).
 * @buf: the first BINPRM_BUF_SIZE bytes of the file
 * @file: the program, open for exec
 * @interpreter: the PT_INTERP program, once opened
 * @filename: the name as given (AT_EXECFN, comm's source)
 * @argc, @envc: the counts; @argv, @envp: the strings (host memory)
 * @p: the stack pointer while the strings are copied, then the start of
 *	argv on the stack (mm->arg_start)
 * @exec: where the filename string sits on the stack (AT_EXECFN)
 * @mm: the new address space, until exec_mmap() installs it
 * @point_of_no_return: begin_new_exec() has replaced the old mm; a
 *	failure after it kills the task (SIGSEGV, as bprm_execve())
 * @img, @interp_img: the program's and the interpreter's checked headers
 * @rand_seed: the AT_RANDOM bytes' source (get_random_bytes() made
 *	deterministic: the machine's exec counter)
 */
struct linux_binprm {
	char buf[BINPRM_BUF_SIZE];
	struct file *file;
	struct file *interpreter;
	const char *filename;
	int argc, envc;
	char *const *argv;
	char *const *envp;
	unsigned long p;
	unsigned long exec;
	struct mm_struct *mm;
	struct vm_area_struct *vma;	/* the stack, while it is built */
	unsigned long vma_pages;
	bool point_of_no_return;
	struct elf_image img;
	struct elf_image interp_img;
	const char *interp_path;	/* interp_name, or NULL */
	char interp_name[4096];		/* PT_INTERP's path (PATH_MAX) */
	unsigned long entry;		/* where the program starts (rtld's or its own) */
	unsigned long e_entry;		/* the program's own entry (AT_ENTRY) */
	unsigned long load_bias;	/* the program's */
	unsigned long interp_load_addr;	/* AT_BASE */
	unsigned long phdr_addr;	/* AT_PHDR */
	unsigned long rand_seed;
};

/* ---- auxv (include/uapi/linux/auxvec.h, arch/x86) ---- */
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ		51
#endif
#ifndef AT_RSEQ_FEATURE_SIZE
#define AT_RSEQ_FEATURE_SIZE	27
#define AT_RSEQ_ALIGN		28
#endif
/* The largest auxv create_elf_tables() writes, AT_NULL included (pairs). */
#define AT_VECTOR_SIZE		32

#endif
