/*
 * exec.c - execve(2) down the kernel's path (fs/exec.c):
 *
 *   do_execve -> open_exec -> bprm_mm_init (a new mm with a one-page
 *   stack at STACK_TOP) -> copy_strings (the filename, envp, argv, from
 *   the top down) -> load_elf_binary (vm/binfmt_elf.c) -> begin_new_exec
 *   (exec_mmap: the point of no return) -> setup_arg_pages
 *
 * and the `exec` command, which adds the dynamic loader's user-space work
 * (vm/rtld.c) up to the program's entry point.
 *
 * Until begin_new_exec() everything happens in the new mm, bprm->mm, which
 * nobody else sees: a failure drops it and the task is as it was. After
 * it the old mm is gone; a failure then (memory only: every file check
 * came first) kills the task with SIGSEGV, as bprm_execve() does.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "binfmts.h"
#include "exec.h"
#include "fs.h"
#include "machine.h"
#include "mm.h"
#include "tlb.h"
#include "rtld.h"

/* The stack rlimit (RLIMIT_STACK's default, 8 MiB) and exec's growth. */
#define RLIMIT_STACK_DEFAULT	(8UL << 20)
#define STACK_EXPAND		131072UL

/* kernel_read() as an elf_reader. */
static ssize_t file_reader(void *ctx, void *buf, size_t len, long long pos)
{
	return kernel_read(ctx, buf, len, &pos);
}

/**
 * elf_image_read_file() - see exec.h.
 */
int elf_image_read_file(struct elf_image *img, struct file *file,
			enum elf_bad *why)
{
	struct elf_reader rd = {
		.read = file_reader,
		.ctx = file,
		.size = i_size_read(file_inode(file)),
	};

	return elf_image_read(img, &rd, why);
}

/**
 * open_exec() - do_open_execat(): the file must be a regular file with an
 * execute bit (root may execute anything with one); else -EACCES.
 */
int open_exec(struct machine *m, const char *name, struct file **filp)
{
	struct file *file;
	unsigned int mode;
	int err;

	err = filp_open(m, name, O_RDONLY, 0, &file);
	if (err)
		return err;
	mode = file_inode(file)->i_mode;
	if (!S_ISREG(mode)) {
		vm_err(m, "%s is not a regular file", name);
		fput(m, file);
		return -EACCES;
	}
	if (!(mode & 0111)) {
		vm_err(m, "%s has no execute permission", name);
		fput(m, file);
		return -EACCES;
	}
	file->f_mode |= FMODE_EXEC;
	*filp = file;
	return 0;
}

/*
 * bprm_mm_init() - the new mm and its first stack page at the top of the
 * user address space (__bprm_mm_init()); the strings go below
 * bprm->p = STACK_TOP - sizeof(void *).
 */
static int bprm_mm_init(struct machine *m, struct linux_binprm *bprm)
{
	struct mm_struct *mm = mm_alloc(m);
	struct vm_area_struct *vma;
	unsigned long flags = VM_STACK_FLAGS;
	int err;

	if (!mm) {
		vm_err(m, "out of memory for a new address space");
		return -ENOMEM;
	}
	bprm->mm = mm;
	vma = vm_area_alloc(mm);
	if (!vma) {
		vm_err(m, "out of memory for the stack VMA");
		return -ENOMEM;
	}
	if (soft_dirty_enabled(mm))
		flags |= VM_SOFTDIRTY;
	vma->vm_end = STACK_TOP;
	vma->vm_start = vma->vm_end - PAGE_SIZE;
	vma->vm_flags = flags;
	vma->vm_page_prot = vma_page_prot(vma);
	err = insert_vm_struct(mm, vma);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	mm->stack_vm = mm->total_vm = 1;
	bprm->vma = vma;
	bprm->p = vma->vm_end - sizeof(void *);
	return 0;
}

/*
 * copy_strings() - copy @argc strings onto the new stack, the last one
 * first, so that they lie in order below bprm->p (get_arg_page() grows
 * the stack VMA down as needed).
 */
static int copy_strings(struct linux_binprm *bprm, int argc,
			char *const argv[])
{
	while (argc-- > 0) {
		size_t len = strlen(argv[argc]) + 1;

		if (len > MAX_ARG_STRLEN ||
		    STACK_TOP - (bprm->p - len) > EXEC_ARG_MAX) {
			vm_err(bprm->mm->machine, "the arguments are too long");
			return -E2BIG;
		}
		bprm->p -= len;
		if (access_remote_vm(bprm->mm, bprm->p, argv[argc], len,
				     FOLL_WRITE | FOLL_FORCE) != (long)len) {
			vm_err(bprm->mm->machine,
			       "out of memory for the argument pages");
			return -ENOMEM;
		}
	}
	return 0;
}

static int count_strings(char *const argv[])
{
	int n = 0;

	while (argv && argv[n])
		n++;
	return n;
}

/* kbasename() */
static const char *kbasename(const char *path)
{
	const char *tail = strrchr(path, '/');

	return tail ? tail + 1 : path;
}

/**
 * begin_new_exec() - see exec.h.
 */
int begin_new_exec(struct task_struct *tsk, struct linux_binprm *bprm)
{
	struct mm_struct *old_mm = tsk->mm, *mm = bprm->mm;
	struct files_struct *files = tsk->files;

	/* unshare_files(): the fd table is the exec'ing process's own. */
	if (files && files->count > 1) {
		struct files_struct *copy = dup_fd(tsk->machine, files);

		if (!copy)
			return -ENOMEM;
		files->count--;
		tsk->files = copy;
	}
	/* de_thread(): the other threads go; this one leads the group. */
	de_thread(tsk);
	/* set_mm_exe_file() */
	mm->exe_file = get_file(bprm->file);
	/* exec_mmap(): the point of no return. */
	tsk->mm = mm;
	mm->owner = tsk;
	bprm->mm = NULL;
	bprm->point_of_no_return = true;
	activate_mm(tsk);
	mmput(old_mm);
	/* __set_task_comm(me, kbasename(bprm->filename)) */
	memset(tsk->comm, 0, sizeof(tsk->comm));
	strncpy(tsk->comm, kbasename(bprm->filename), sizeof(tsk->comm) - 1);
	return 0;
}

/**
 * setup_new_exec() - arch_pick_mmap_layout() with ASLR off: mmap_base
 * below the stack's gap (mm_alloc() already set it so; nothing else of
 * a new mm depends on the old program).
 */
void setup_new_exec(struct task_struct *tsk, struct linux_binprm *bprm)
{
	tsk->mm->mmap_base = MMAP_BASE;
	tsk->mm->task_size = task_size_max(tsk->mm->machine);
}

/**
 * setup_arg_pages() - see exec.h. With 4-level paging the stack was
 * built at its final place (stack_shift 0).
 */
int setup_arg_pages(struct task_struct *tsk, struct linux_binprm *bprm,
		    unsigned long stack_top, bool executable_stack)
{
	struct mm_struct *mm = tsk->mm;
	struct vm_area_struct *vma = bprm->vma;
	unsigned long stack_shift = vma->vm_end - stack_top;
	unsigned long vm_flags, stack_base, stack_size, rlim_stack;
	int err;

	mm->arg_start = bprm->p - stack_shift;
	bprm->exec -= stack_shift;

	vm_flags = VM_STACK_FLAGS | (vma->vm_flags & VM_SOFTDIRTY);
	if (executable_stack)
		vm_flags |= VM_EXEC;
	vm_flags |= mm->def_flags;
	if (vm_flags != vma->vm_flags) {
		vm_stat_account(mm, vma->vm_flags, -(long)vma_pages(vma));
		vma->vm_flags = vm_flags;
		vma->vm_page_prot = vma_page_prot(vma);
		vm_stat_account(mm, vma->vm_flags, (long)vma_pages(vma));
	}

	stack_size = vma->vm_end - vma->vm_start;
	rlim_stack = RLIMIT_STACK_DEFAULT & PAGE_MASK;
	if (stack_size + STACK_EXPAND > rlim_stack)
		stack_base = vma->vm_end - rlim_stack;
	else
		stack_base = vma->vm_start - STACK_EXPAND;
	mm->start_stack = bprm->p;
	err = expand_stack(vma, stack_base);
	return err ? -EFAULT : 0;
}

/* The exec's cleanup, whatever happened. */
static void free_bprm(struct machine *m, struct linux_binprm *bprm)
{
	if (bprm->mm)
		mmput(bprm->mm);
	elf_image_free(&bprm->img);
	elf_image_free(&bprm->interp_img);
	if (bprm->interpreter)
		fput(m, bprm->interpreter);
	if (bprm->file)
		fput(m, bprm->file);
	free(bprm);
}

/*
 * bprm_execve_common() - do_execveat_common() and bprm_execve(): the
 * binprm, the strings, the loader; with @rtld, the dynamic loader after
 * it. A failure past the point of no return kills the task.
 */
static int bprm_execve_common(struct task_struct *tsk, const char *filename,
			      char *const argv[], char *const envp[],
			      bool rtld, struct exec_result *res)
{
	struct machine *m = tsk->machine;
	struct linux_binprm *bprm;
	int retval;

	memset(res, 0, sizeof(*res));
	if (!tsk->mm) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	bprm = host_zalloc(m, sizeof(*bprm));
	if (!bprm)
		return -ENOMEM;
	bprm->filename = filename;
	bprm->argv = argv;
	bprm->envp = envp;
	bprm->argc = count_strings(argv);
	bprm->envc = count_strings(envp);
	bprm->rand_seed = ++m->nr_execs;

	retval = open_exec(m, filename, &bprm->file);
	if (retval)
		goto out;
	retval = bprm_mm_init(m, bprm);
	if (retval)
		goto out;
	retval = copy_strings(bprm, 1, (char *const[]){ (char *)filename });
	if (retval)
		goto out;
	bprm->exec = bprm->p;
	retval = copy_strings(bprm, bprm->envc, envp);
	if (retval)
		goto out;
	retval = copy_strings(bprm, bprm->argc, argv);
	if (retval)
		goto out;

	retval = load_elf_binary(tsk, bprm);
	if (!retval && rtld)
		retval = dl_main(tsk, bprm, res);
	if (retval && bprm->point_of_no_return) {
		/* force_fatal_sig(SIGSEGV) */
		res->signo = SIGSEGV;
		do_group_exit(tsk, SIGSEGV);
		retval = 0;
		goto out;
	}
	if (!retval && !res->exit_status) {
		res->entry = rtld ? bprm->e_entry : bprm->entry;
		res->sp = bprm->p;
	}
out:
	free_bprm(m, bprm);
	return retval;
}

/**
 * do_execve() - see exec.h.
 */
int do_execve(struct task_struct *tsk, const char *filename,
	      char *const argv[], char *const envp[], struct exec_result *res)
{
	return bprm_execve_common(tsk, filename, argv, envp, false, res);
}

/**
 * exec_program() - see exec.h.
 */
int exec_program(struct task_struct *tsk, const char *filename,
		 char *const argv[], char *const envp[],
		 struct exec_result *res)
{
	return bprm_execve_common(tsk, filename, argv, envp, true, res);
}
