/*
 * exec.h - the engine's program loading, inside vm/: the steps of
 * fs/exec.c that vm/binfmt_elf.c calls (open_exec, begin_new_exec,
 * setup_new_exec, setup_arg_pages), the special mappings of vm/vdso.c,
 * and the entry points the ctl layer calls (do_execve, and exec_program,
 * which adds the dynamic loader's user-space work of vm/rtld.c).
 */
#ifndef MMSIM_EXEC_H
#define MMSIM_EXEC_H

#include "binfmts.h"

struct file;
struct machine;
struct task_struct;

/*
 * What an execve left behind, for the reply: where the program will
 * start, and the signal that ended it when something failed past the
 * point of no return (0 otherwise).
 */
struct exec_result {
	unsigned long entry;		/* rip at the stop */
	unsigned long sp;		/* rsp at the stop */
	int signo;			/* SIGSEGV: killed after the point of no return */
	int exit_status;		/* exec: ld.so's exit status when it failed (127) */
	char rtld_error[256];		/* exec: ld.so's message then */
};

/**
 * do_execve() - execve(2) for @tsk: @filename with @argv (argv[0]
 * included) and @envp, through load_elf_binary(), stopping where a
 * traced process stops after exec (PTRACE_EVENT_EXEC): at the
 * interpreter's entry point, or the program's own without one.
 * Return: 0 (see @res: a task killed past the point of no return is
 * still a 0 return, with res->signo set), or -errno with @tsk unchanged:
 * -ENOENT, -EACCES (not a regular file, no execute permission), -ENOEXEC
 * (not a runnable ELF), -ELIBBAD (a bad interpreter), -E2BIG, -ENOMEM.
 */
int do_execve(struct task_struct *tsk, const char *filename,
	      char *const argv[], char *const envp[], struct exec_result *res);

/**
 * exec_program() - the `exec` command: do_execve(), then what glibc's
 * dynamic loader does before the program's first instruction (dl_main()
 * in vm/rtld.c, USER-SPACE work simulated, not the kernel's). A failure
 * of the loader (a library missing or malformed) ends the process with
 * exit status 127 as ld.so does (res->exit_status, res->rtld_error).
 * Return: as do_execve().
 */
int exec_program(struct task_struct *tsk, const char *filename,
		 char *const argv[], char *const envp[],
		 struct exec_result *res);

/* ---- fs/exec.c's steps, for binfmt_elf.c ---- */

/** open_exec() - open @name for exec: a regular file (-EACCES) with an execute bit. */
int open_exec(struct machine *m, const char *name, struct file **filp);
/** elf_image_read_file() - elf_image_read() through kernel_read() of @file. */
int elf_image_read_file(struct elf_image *img, struct file *file,
			enum elf_bad *why);
/**
 * begin_new_exec() - the point of no return: the new mm (bprm->mm, with
 * the argument strings) replaces @tsk's (exec_mmap()), the old one goes,
 * and comm and exe_file follow the new program. Cannot fail here.
 */
int begin_new_exec(struct task_struct *tsk, struct linux_binprm *bprm);
/** setup_new_exec() - the new mm's layout (arch_pick_mmap_layout()). */
void setup_new_exec(struct task_struct *tsk, struct linux_binprm *bprm);
/**
 * setup_arg_pages() - the stack VMA at @stack_top with its final flags,
 * grown by 128 KiB below the strings (stack_expand). Return: 0 or -ENOMEM.
 */
int setup_arg_pages(struct task_struct *tsk, struct linux_binprm *bprm,
		    unsigned long stack_top, bool executable_stack);
/** load_elf_binary() - vm/binfmt_elf.c. */
int load_elf_binary(struct task_struct *tsk, struct linux_binprm *bprm);

/* ---- the special mappings (vm/vdso.c) ---- */

/**
 * arch_setup_additional_pages() - map [vvar], [vvar_vclock] and [vdso]
 * (map_vdso()) top-down, sized by the machine description; sets
 * mm->context.vdso. Return: 0 or -ENOMEM.
 */
int arch_setup_additional_pages(struct task_struct *tsk);
/**
 * get_gate_vma() - the [vsyscall] page maps and smaps show after every
 * VMA of a 64-bit program's mm (NULL without one, or with vsyscall=none).
 * Read lock suffices.
 */
struct vm_area_struct *get_gate_vma(struct mm_struct *mm);
/** special_mapping_name() - "[vdso]" etc. for a special mapping, or NULL. */
const char *special_mapping_name(const struct vm_area_struct *vma);

#endif
