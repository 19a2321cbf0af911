/*
 * binfmt_elf.c - the kernel's ELF loader (fs/binfmt_elf.c) for 64-bit
 * x86 programs:
 *
 *   load_elf_binary -> (the checks) -> begin_new_exec (point of no return)
 *     -> setup_new_exec -> setup_arg_pages -> elf_load for each PT_LOAD
 *     -> load_elf_interp -> arch_setup_additional_pages (vm/vdso.c)
 *     -> create_elf_tables
 *
 * The headers of the program and of its interpreter are read and checked
 * in full before begin_new_exec() (vm/elf_image.c), so a malformed file
 * fails with ENOEXEC and leaves the caller's process as it was; what the
 * kernel would only find after the point of no return (a segment beyond
 * TASK_SIZE, p_filesz > p_memsz) is among those checks. A failure after
 * the point of no return is one of memory only, and kills the process
 * with SIGSEGV, as bprm_execve() does.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "binfmts.h"
#include "exec.h"
#include "fs.h"
#include "machine.h"
#include "mm.h"

#define BAD_ADDR(x)	((unsigned long)(x) >= TASK_SIZE)

/* make_prot() - PROT_* of a segment's p_flags. */
static int make_prot(Elf64_Word p_flags)
{
	int prot = 0;

	if (p_flags & PF_R)
		prot |= PROT_READ;
	if (p_flags & PF_W)
		prot |= PROT_WRITE;
	if (p_flags & PF_X)
		prot |= PROT_EXEC;
	return prot;
}

/*
 * padzero() - zero the rest of the page after a segment's file bytes
 * (clear_user()): the bss that shares the last file page. The write
 * breaks COW of that file page into an anonymous page, as on Linux.
 * Return: 0, or -EFAULT when the page cannot be written.
 */
static int padzero(struct mm_struct *mm, unsigned long address)
{
	static const char zeroes[PAGE_SIZE];
	unsigned long nbyte = ELF_PAGEOFFSET(address);

	if (!nbyte)
		return 0;
	nbyte = ELF_MIN_ALIGN - nbyte;
	if (access_remote_vm(mm, address, (void *)zeroes, nbyte,
			     FOLL_WRITE) != (long)nbyte)
		return -EFAULT;
	return 0;
}

/*
 * elf_map() - map a segment's file bytes: [ELF_PAGESTART(addr), +size)
 * from the page-aligned offset. With @total_size (the first segment of
 * an ET_DYN image), the whole span is mapped first, so that it lands in
 * one free hole, and the part past this segment is unmapped again.
 */
static unsigned long elf_map(struct task_struct *tsk, struct file *filep,
			     unsigned long addr, const Elf64_Phdr *eppnt,
			     int prot, int type, unsigned long total_size)
{
	unsigned long map_addr;
	unsigned long size = eppnt->p_filesz + ELF_PAGEOFFSET(eppnt->p_vaddr);
	unsigned long off = eppnt->p_offset - ELF_PAGEOFFSET(eppnt->p_vaddr);

	addr = ELF_PAGESTART(addr);
	size = ELF_PAGEALIGN(size);
	/* mmap() refuses a zero size; a segment with no file bytes is fine. */
	if (!size)
		return addr;
	if (total_size) {
		total_size = ELF_PAGEALIGN(total_size);
		map_addr = vm_mmap(tsk, filep, addr, total_size, prot, type, off);
		if (!BAD_ADDR(map_addr) && total_size > size)
			do_munmap(tsk->mm, map_addr + size, total_size - size);
	} else {
		map_addr = vm_mmap(tsk, filep, addr, size, prot, type, off);
	}
	return map_addr;
}

/*
 * elf_load() - map one PT_LOAD segment and its bss: the file bytes
 * (elf_map()), the tail of their last page zeroed (padzero()), and the
 * whole pages beyond as anonymous memory (vm_brk_flags(), executable if
 * the segment is).
 * Return: the mapped address, or -errno cast to unsigned long.
 */
static unsigned long elf_load(struct task_struct *tsk, struct file *filep,
			      unsigned long addr, const Elf64_Phdr *eppnt,
			      int prot, int type, unsigned long total_size)
{
	unsigned long zero_start, zero_end, map_addr;

	if (eppnt->p_filesz) {
		map_addr = elf_map(tsk, filep, addr, eppnt, prot, type,
				   total_size);
		if (BAD_ADDR(map_addr))
			return map_addr;
		if (eppnt->p_memsz > eppnt->p_filesz) {
			zero_start = map_addr + ELF_PAGEOFFSET(eppnt->p_vaddr) +
				     eppnt->p_filesz;
			zero_end = map_addr + ELF_PAGEOFFSET(eppnt->p_vaddr) +
				   eppnt->p_memsz;
			/*
			 * Zero the end of the last mapped page, ignoring
			 * failure when the segment is not writable.
			 */
			if (padzero(tsk->mm, zero_start) && (prot & PROT_WRITE))
				return (unsigned long)-EFAULT;
		}
	} else {
		map_addr = zero_start = ELF_PAGESTART(addr);
		zero_end = zero_start + ELF_PAGEOFFSET(eppnt->p_vaddr) +
			   eppnt->p_memsz;
	}
	if (eppnt->p_memsz > eppnt->p_filesz) {
		int error;

		zero_start = ELF_PAGEALIGN(zero_start);
		zero_end = ELF_PAGEALIGN(zero_end);
		error = vm_brk_flags(tsk->mm, zero_start, zero_end - zero_start,
				     prot & PROT_EXEC ? VM_EXEC : 0);
		if (error)
			map_addr = (unsigned long)error;
	}
	return map_addr;
}

/*
 * maximum_alignment() - the largest power-of-two p_align of the PT_LOAD
 * segments, at least ELF_MIN_ALIGN; load_elf_binary() aligns an ET_DYN
 * program's load bias to it.
 */
static unsigned long maximum_alignment(const Elf64_Phdr *cmds, size_t nr)
{
	unsigned long alignment = 0;
	size_t i;

	for (i = 0; i < nr; i++) {
		if (cmds[i].p_type == PT_LOAD) {
			unsigned long p_align = cmds[i].p_align;

			/* skip non-power of two alignments as invalid */
			if (!p_align || (p_align & (p_align - 1)))
				continue;
			if (p_align > alignment)
				alignment = p_align;
		}
	}
	return ELF_PAGEALIGN(alignment);
}

/*
 * load_elf_interp() - map the interpreter (ld.so) as the kernel does: an
 * ET_DYN interpreter goes wherever the first mapping of its whole span
 * lands (top-down below mmap_base), the rest MAP_FIXED after it.
 * Return: its load address, or -errno cast to unsigned long.
 */
static unsigned long load_elf_interp(struct task_struct *tsk,
				     struct linux_binprm *bprm,
				     unsigned long no_base)
{
	const struct elf_image *img = &bprm->interp_img;
	const Elf64_Phdr *eppnt;
	unsigned long load_addr = 0, error = ~0UL, total_size;
	bool load_addr_set = false;
	size_t i;

	total_size = total_mapping_size(img->phdr, img->phnum);
	for (i = 0, eppnt = img->phdr; i < img->phnum; i++, eppnt++) {
		int elf_type = MAP_PRIVATE;
		int elf_prot;
		unsigned long vaddr, map_addr;

		if (eppnt->p_type != PT_LOAD)
			continue;
		elf_prot = make_prot(eppnt->p_flags);
		vaddr = eppnt->p_vaddr;
		if (img->ehdr->e_type == ET_EXEC || load_addr_set)
			elf_type |= MAP_FIXED;
		else if (no_base && img->ehdr->e_type == ET_DYN)
			load_addr = -vaddr;

		map_addr = elf_load(tsk, bprm->interpreter, load_addr + vaddr,
				    eppnt, elf_prot, elf_type, total_size);
		total_size = 0;
		error = map_addr;
		if (BAD_ADDR(map_addr))
			return error;
		if (!load_addr_set && img->ehdr->e_type == ET_DYN) {
			load_addr = map_addr - ELF_PAGESTART(vaddr);
			load_addr_set = true;
		}
	}
	return load_addr;
}

/*
 * create_elf_tables() - lay out the top of the new stack below the
 * strings copy_strings() put there: the platform string "x86_64", the 16
 * AT_RANDOM bytes, then (16-byte aligned) argc, argv[], NULL, envp[],
 * NULL and the auxiliary vector, in the kernel's order; set arg_start ...
 * env_end and leave bprm->p at argc, where the program's rsp starts.
 * Return: 0 or -EFAULT.
 */
static int create_elf_tables(struct task_struct *tsk,
			     struct linux_binprm *bprm,
			     unsigned long interp_load_addr,
			     unsigned long e_entry, unsigned long phdr_addr)
{
	static const char k_platform[] = "x86_64";	/* ELF_PLATFORM */
	struct mm_struct *mm = tsk->mm;
	const struct machine_cpu *cpu = &tsk->machine->cfg.cpu;
	unsigned long p = bprm->p, u_platform, u_rand_bytes, sp, argv, envp;
	unsigned long elf_info[AT_VECTOR_SIZE * 2];
	unsigned char k_rand_bytes[16];
	unsigned long long x;
	int ei_index = 0, items, i;
	size_t words;
	unsigned long *stack;
	long err;

	p &= ~0xfUL;				/* arch_align_stack() */

	p -= sizeof(k_platform);
	u_platform = p;
	if (access_remote_vm(mm, u_platform, (void *)k_platform,
			     sizeof(k_platform), FOLL_WRITE | FOLL_FORCE) !=
	    (long)sizeof(k_platform))
		return -EFAULT;

	/*
	 * get_random_bytes(), made deterministic so that two machines given
	 * the same commands stay byte-identical: splitmix64 of the
	 * machine's exec count.
	 */
	x = bprm->rand_seed;
	for (i = 0; i < 16; i++) {
		if (!(i & 7)) {
			x += 0x9e3779b97f4a7c15ULL;
			x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
			x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
			x ^= x >> 31;
		}
		k_rand_bytes[i] = (unsigned char)(x >> ((i & 7) * 8));
	}
	p -= sizeof(k_rand_bytes);
	u_rand_bytes = p;
	if (access_remote_vm(mm, u_rand_bytes, k_rand_bytes,
			     sizeof(k_rand_bytes), FOLL_WRITE | FOLL_FORCE) !=
	    (long)sizeof(k_rand_bytes))
		return -EFAULT;

#define NEW_AUX_ENT(id, val) do { \
		elf_info[ei_index++] = (id); \
		elf_info[ei_index++] = (val); \
	} while (0)
	/* ARCH_DLINFO (arch/x86/include/asm/elf.h), then the common ones. */
	if (cpu->vdso_pages)
		NEW_AUX_ENT(AT_SYSINFO_EHDR, mm->context.vdso);
	NEW_AUX_ENT(AT_MINSIGSTKSZ, cpu->minsigstksz);
	NEW_AUX_ENT(AT_HWCAP, cpu->hwcap);
	NEW_AUX_ENT(AT_PAGESZ, PAGE_SIZE);
	NEW_AUX_ENT(AT_CLKTCK, 100);			/* CLOCKS_PER_SEC (USER_HZ) */
	NEW_AUX_ENT(AT_PHDR, phdr_addr);
	NEW_AUX_ENT(AT_PHENT, sizeof(Elf64_Phdr));
	NEW_AUX_ENT(AT_PHNUM, bprm->img.ehdr->e_phnum);
	NEW_AUX_ENT(AT_BASE, interp_load_addr);
	NEW_AUX_ENT(AT_FLAGS, 0);
	NEW_AUX_ENT(AT_ENTRY, e_entry);
	NEW_AUX_ENT(AT_UID, 0);			/* every task runs as root */
	NEW_AUX_ENT(AT_EUID, 0);
	NEW_AUX_ENT(AT_GID, 0);
	NEW_AUX_ENT(AT_EGID, 0);
	NEW_AUX_ENT(AT_SECURE, 0);
	NEW_AUX_ENT(AT_RANDOM, u_rand_bytes);
	NEW_AUX_ENT(AT_HWCAP2, cpu->hwcap2);
	NEW_AUX_ENT(AT_EXECFN, bprm->exec);
	NEW_AUX_ENT(AT_PLATFORM, u_platform);
	/* CONFIG_RSEQ: sizeof and alignment of struct rseq. */
	NEW_AUX_ENT(AT_RSEQ_FEATURE_SIZE, 28);
	NEW_AUX_ENT(AT_RSEQ_ALIGN, 32);
#undef NEW_AUX_ENT
	/* AT_NULL, and past it. */
	elf_info[ei_index++] = AT_NULL;
	elf_info[ei_index++] = 0;

	sp = p - (unsigned long)ei_index * sizeof(unsigned long); /* STACK_ADD */
	items = (bprm->argc + 1) + (bprm->envc + 1) + 1;
	bprm->p = (sp - (unsigned long)items * sizeof(unsigned long)) & ~15UL;
	sp = bprm->p;

	/* argc, argv, envp and the auxv, written in one piece. */
	words = (size_t)items + (size_t)ei_index;
	stack = calloc(words, sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	stack[0] = (unsigned long)bprm->argc;
	argv = 1;
	envp = argv + (unsigned long)bprm->argc + 1;
	p = mm->arg_end = mm->arg_start;
	for (i = 0; i < bprm->argc; i++) {
		stack[argv + i] = p;
		p += strlen(bprm->argv[i]) + 1;
	}
	stack[argv + i] = 0;
	mm->arg_end = mm->env_start = p;
	for (i = 0; i < bprm->envc; i++) {
		stack[envp + i] = p;
		p += strlen(bprm->envp[i]) + 1;
	}
	stack[envp + i] = 0;
	mm->env_end = p;
	memcpy(&stack[envp + i + 1], elf_info, ei_index * sizeof(elf_info[0]));
	err = access_remote_vm(mm, sp, stack, words * sizeof(*stack),
			       FOLL_WRITE | FOLL_FORCE);
	free(stack);
	if (err != (long)(words * sizeof(unsigned long)))
		return -EFAULT;
	memcpy(mm->saved_auxv, elf_info, ei_index * sizeof(elf_info[0]));
	mm->saved_auxv_len = ei_index;
	return 0;
}

/*
 * elf_check_layout() - the last checks before the point of no return:
 * where the segments will lie. An ET_EXEC or PIE program lies at its
 * p_vaddr (plus ELF_ET_DYN_BASE), which must stay below TASK_SIZE (the
 * kernel checks each segment after mapping it, and kills the process).
 */
static int elf_check_layout(struct machine *m, struct linux_binprm *bprm)
{
	const struct elf_image *img = &bprm->img;
	unsigned long base = 0, span;
	size_t i;

	if (img->ehdr->e_type == ET_DYN && bprm->interpreter)
		base = ELF_ET_DYN_BASE;
	span = total_mapping_size(img->phdr, img->phnum);
	for (i = 0; i < img->phnum; i++) {
		const Elf64_Phdr *p = &img->phdr[i];

		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_vaddr + p->p_memsz > TASK_SIZE - base) {
			vm_err(m, "%s: a segment ends beyond the user address "
			       "space", bprm->filename);
			return -ENOEXEC;
		}
	}
	if (span > TASK_SIZE - base || (bprm->interpreter &&
	    total_mapping_size(bprm->interp_img.phdr,
			       bprm->interp_img.phnum) > TASK_SIZE)) {
		vm_err(m, "%s: segments span more than the user address space",
		       bprm->filename);
		return -ENOEXEC;
	}
	return 0;
}

/**
 * load_elf_binary() - fs/binfmt_elf.c's, for @bprm (see binfmts.h):
 * everything that can fail for a reason other than memory is checked
 * first; then begin_new_exec() replaces the address space and the
 * program is built in the new one.
 * Return: 0, or -errno with nothing changed (before the point of no
 * return), or -errno with bprm->point_of_no_return set (the caller kills
 * the task).
 */
int load_elf_binary(struct task_struct *tsk, struct linux_binprm *bprm)
{
	struct machine *m = tsk->machine;
	struct elf_image *img = &bprm->img;
	const Elf64_Phdr *elf_ppnt;
	unsigned long load_bias = 0, phdr_addr = 0, total_size = 0;
	unsigned long start_code, end_code, start_data, end_data, elf_brk;
	unsigned long e_entry, elf_entry, interp_load_addr = 0, error;
	bool first_pt_load = true, executable_stack = false;
	struct mm_struct *mm;
	enum elf_bad why;
	size_t i;
	int retval;

	retval = elf_image_read_file(img, bprm->file, &why);
	if (retval) {
		if (retval == -ENOEXEC)
			vm_err(m, "%s: not an ELF program the kernel can run "
			       "(%s)", bprm->filename, elf_bad_str(why));
		return retval;
	}

	bprm->interp_path = elf_image_interp(img, &retval);
	if (retval) {
		vm_err(m, "%s: %s", bprm->filename,
		       elf_bad_str(ELF_BAD_INTERP));
		return retval;
	}
	if (bprm->interp_path) {
		/* A copy: the image's buffer may move as it grows. */
		snprintf(bprm->interp_name, sizeof(bprm->interp_name), "%s",
			 bprm->interp_path);
		bprm->interp_path = bprm->interp_name;
		retval = open_exec(m, bprm->interp_path, &bprm->interpreter);
		if (retval)
			return retval;
		retval = elf_image_read_file(&bprm->interp_img,
					     bprm->interpreter, &why);
		if (retval == -EIO || retval == -ENOEXEC) {
			/*
			 * Not an ELF interpreter, or not one for this
			 * machine: ELIBBAD, as load_elf_binary() answers
			 * (a short header read is EIO there).
			 */
			vm_err(m, "%s: interpreter %s: %s", bprm->filename,
			       bprm->interp_path, retval == -EIO &&
			       why == ELF_BAD_SHORT ? "truncated" :
			       elf_bad_str(why));
			return why == ELF_BAD_SHORT ? -EIO : -ELIBBAD;
		}
		if (retval)
			return retval;
	}
	for (i = 0, elf_ppnt = img->phdr; i < img->phnum; i++, elf_ppnt++)
		if (elf_ppnt->p_type == PT_GNU_STACK)
			executable_stack = elf_ppnt->p_flags & PF_X;
	retval = elf_check_layout(m, bprm);
	if (retval)
		return retval;

	/* Flush all traces of the currently running executable. */
	retval = begin_new_exec(tsk, bprm);
	if (retval)
		return retval;
	mm = tsk->mm;
	/* SET_PERSONALITY(): a 64-bit program has the vsyscall page. */
	mm->context.has_vsyscall = true;
	setup_new_exec(tsk, bprm);

	retval = setup_arg_pages(tsk, bprm, STACK_TOP, executable_stack);
	if (retval)
		return retval;

	elf_brk = 0;
	start_code = ~0UL;
	end_code = start_data = end_data = 0;
	for (i = 0, elf_ppnt = img->phdr; i < img->phnum; i++, elf_ppnt++) {
		int elf_prot, elf_flags;
		unsigned long k, vaddr;

		if (elf_ppnt->p_type != PT_LOAD)
			continue;
		elf_prot = make_prot(elf_ppnt->p_flags);
		elf_flags = MAP_PRIVATE;
		vaddr = elf_ppnt->p_vaddr;
		if (!first_pt_load) {
			elf_flags |= MAP_FIXED;
		} else if (img->ehdr->e_type == ET_EXEC) {
			elf_flags |= MAP_FIXED_NOREPLACE;
		} else if (img->ehdr->e_type == ET_DYN) {
			/*
			 * A PIE program (ET_DYN with an interpreter) goes
			 * at ELF_ET_DYN_BASE (no randomization: ASLR is
			 * off); a loader run directly (no interpreter) goes
			 * where mmap puts it, with a bias of 0.
			 */
			unsigned long alignment =
				maximum_alignment(img->phdr, img->phnum);

			if (bprm->interpreter) {
				load_bias = ELF_ET_DYN_BASE;
				if (alignment)
					load_bias &= ~(alignment - 1);
				elf_flags |= MAP_FIXED_NOREPLACE;
			} else {
				load_bias = 0;
			}
			load_bias = ELF_PAGESTART(load_bias - vaddr);
			total_size = total_mapping_size(img->phdr, img->phnum);
		}

		error = elf_load(tsk, bprm->file, load_bias + vaddr, elf_ppnt,
				 elf_prot, elf_flags, total_size);
		/* Only the first mapping reserves the whole span. */
		total_size = 0;
		if (BAD_ADDR(error))
			return IS_ERR_VALUE(error) ? (int)error : -EINVAL;
		if (first_pt_load) {
			first_pt_load = false;
			if (img->ehdr->e_type == ET_DYN)
				load_bias += error -
					     ELF_PAGESTART(load_bias + vaddr);
		}
		/* The program headers, if a segment maps them: AT_PHDR. */
		if (elf_ppnt->p_offset <= img->ehdr->e_phoff &&
		    img->ehdr->e_phoff < elf_ppnt->p_offset + elf_ppnt->p_filesz)
			phdr_addr = img->ehdr->e_phoff - elf_ppnt->p_offset +
				    elf_ppnt->p_vaddr;

		k = elf_ppnt->p_vaddr;
		if ((elf_ppnt->p_flags & PF_X) && k < start_code)
			start_code = k;
		if (start_data < k)
			start_data = k;
		k = elf_ppnt->p_vaddr + elf_ppnt->p_filesz;
		if ((elf_ppnt->p_flags & PF_X) && end_code < k)
			end_code = k;
		if (end_data < k)
			end_data = k;
		k = elf_ppnt->p_vaddr + elf_ppnt->p_memsz;
		if (k > elf_brk)
			elf_brk = k;
	}

	e_entry = img->ehdr->e_entry + load_bias;
	phdr_addr += load_bias;
	elf_brk += load_bias;
	start_code += load_bias;
	end_code += load_bias;
	start_data += load_bias;
	end_data += load_bias;
	/*
	 * A loader run directly (static PIE: ET_DYN without PT_INTERP) sits
	 * in the mmap region; its brk moves to the unused ELF_ET_DYN_BASE
	 * region instead, where growing up it cannot meet the mappings
	 * below it (CONFIG_ARCH_HAS_ELF_RANDOMIZE, no CONFIG_COMPAT_BRK).
	 */
	if (img->ehdr->e_type == ET_DYN && !bprm->interpreter)
		elf_brk = ELF_ET_DYN_BASE;
	mm->start_brk = mm->brk = ELF_PAGEALIGN(elf_brk);

	if (bprm->interpreter) {
		elf_entry = load_elf_interp(tsk, bprm, load_bias);
		if (BAD_ADDR(elf_entry))
			return IS_ERR_VALUE(elf_entry) ? (int)elf_entry : -EINVAL;
		interp_load_addr = elf_entry;
		elf_entry += bprm->interp_img.ehdr->e_entry;
	} else {
		elf_entry = e_entry;
	}

	retval = arch_setup_additional_pages(tsk);
	if (retval)
		return retval;
	retval = create_elf_tables(tsk, bprm, interp_load_addr, e_entry,
				   phdr_addr);
	if (retval)
		return retval;

	mm->end_code = end_code;
	mm->start_code = start_code;
	mm->start_data = start_data;
	mm->end_data = end_data;
	mm->start_stack = bprm->p;
	bprm->entry = elf_entry;
	bprm->load_bias = load_bias;
	bprm->interp_load_addr = interp_load_addr;
	bprm->e_entry = e_entry;
	bprm->phdr_addr = phdr_addr;
	return 0;
}
