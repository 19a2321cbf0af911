/*
 * rtld.h - mmsim's simulation of glibc's dynamic loader, ld.so
 * (elf/rtld.c, elf/dl-load.c, elf/dl-map-segments.h, elf/dl-cache.c,
 * elf/dl-tls.c, elf/dl-minimal-malloc.c of glibc 2.36). THIS IS
 * USER-SPACE WORK, not the kernel's: on Linux it is the program's own
 * first instructions, run from the interpreter's entry point after
 * execve returns. mmsim does it in the engine so that `exec` leaves the
 * address space as the host has it at the program's entry point.
 */
#ifndef MMSIM_RTLD_H
#define MMSIM_RTLD_H

#include <stdbool.h>
#include <stddef.h>

struct linux_binprm;
struct task_struct;
struct exec_result;

/** dl_cache_valid() - is @buf an ld.so.cache the loader reads (vm/dl_cache.c)? */
bool dl_cache_valid(const unsigned char *buf, size_t size);
/**
 * _dl_load_cache_lookup() - the cache's path for the library @name, or
 * NULL (vm/dl_cache.c).
 */
const char *_dl_load_cache_lookup(const unsigned char *buf, size_t size,
				  const char *name);

/**
 * dl_main() - what ld.so does for @tsk, just exec'ed from @bprm, up to
 * the program's entry point (vm/rtld.c). Nothing for a program without
 * an interpreter. A library that cannot be found or loaded ends the
 * process as ld.so ends it: exit status 127 (res->exit_status), with
 * ld.so's message in res->rtld_error.
 * Return: 0, or -ENOMEM (the caller kills the task: this is past execve).
 */
int dl_main(struct task_struct *tsk, struct linux_binprm *bprm,
	    struct exec_result *res);

#endif
