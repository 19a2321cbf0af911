/*
 * shm.h - System V shared memory (include/linux/shm.h, ipc/shm.c): the
 * machine's IPC namespace of segments, each a shmem file on the internal
 * tmpfs, and the three system calls that make, attach and detach them.
 */
#ifndef MMSIM_SHM_H
#define MMSIM_SHM_H

struct machine;
struct task_struct;

/* include/uapi/linux/ipc.h, include/uapi/linux/shm.h */
#define IPC_PRIVATE	0
#define IPC_CREAT	00001000
#define IPC_EXCL	00002000
#define SHM_RDONLY	010000
#define SHM_RND		020000

/**
 * ksys_shmget() - shmget(2): the segment of @key, made if need be.
 * @tsk: the calling task
 * @key: IPC_PRIVATE (a new segment every time) or a key
 * @size: bytes (SHMMIN 1 .. SHMMAX)
 * @shmflg: IPC_CREAT, IPC_EXCL and the permission bits
 *
 * A new segment is a shmem file of @size bytes named "SYSV%08x" with the
 * key, whose inode number is the shmid (newseg()); it is committed up
 * front, as shmem_acct_size() commits a shared mapping.
 *
 * Return: the shmid (idx + seq * IPCMNI, counting from 0 in a fresh
 * machine), or -EINVAL (@size below SHMMIN or above SHMMAX, or above the
 * size of an existing segment of @key), -ENOENT (no segment of @key and
 * no IPC_CREAT), -EEXIST (IPC_CREAT | IPC_EXCL and one exists), -ENOSPC
 * (SHMMNI segments, or SHMALL pages), -ENOMEM; the reason is recorded
 * with vm_err(). Every task is root (CAP_IPC_OWNER): no EACCES.
 * Locking: machine lock held for writing.
 */
int ksys_shmget(struct task_struct *tsk, int key, unsigned long size,
		int shmflg);

/**
 * do_shmat() - shmat(2): map segment @shmid shared into @tsk.
 * @tsk: the calling task
 * @shmid: from ksys_shmget()
 * @shmaddr: 0 (the kernel picks, as mmap) or a page-aligned address,
 *	which must not overlap a mapping (no SHM_REMAP)
 * @shmflg: SHM_RDONLY for a read-only attachment (no VM_MAYWRITE)
 * @raddr: set to the address
 *
 * The VMA maps a new struct file of the segment's inode (as
 * alloc_file_clone()), opened O_RDWR or O_RDONLY, over the segment's
 * size rounded up to pages; maps names it "/SYSV%08x (deleted)".
 *
 * Return: 0, or -EINVAL (no such shmid, an unaligned address, an
 * overlapping range), -ENOMEM; the reason is recorded with vm_err().
 * Locking: machine lock held for writing.
 */
int do_shmat(struct task_struct *tsk, int shmid, unsigned long shmaddr,
	     int shmflg, unsigned long *raddr);

/**
 * ksys_shmdt() - shmdt(2): unmap the attachment that starts at @shmaddr
 * (do_shmdt(): the first shm VMA at or above it whose offset matches
 * its distance from @shmaddr, then the rest of that attachment within
 * the segment's size).
 * Return: 0, or -EINVAL (unaligned, or no attachment there).
 * Locking: machine lock held for writing.
 */
int ksys_shmdt(struct task_struct *tsk, unsigned long shmaddr);

/**
 * shm_exit_ns() - the machine goes: drop every segment (the IPC
 * namespace's free_ipcs()). Called from machine_destroy() after every
 * address space is gone.
 */
void shm_exit_ns(struct machine *m);

#endif
