/*
 * shm.c - System V shared memory (ipc/shm.c, ipc/util.c): shmget makes a
 * segment, a shmem file on the internal tmpfs (device 00:01) named
 * "SYSV%08x" after its key, whose inode number is the shmid; shmat maps
 * a clone of that file shared; shmdt unmaps the attachment again.
 *
 * The segments live in the machine's IPC namespace (struct
 * ipc_namespace, made at the first shmget) until the machine ends:
 * shmctl(IPC_RMID) is not part of the contract, so a segment is never
 * destroyed, and nattch is not kept (nothing reads it). Attachments are
 * ordinary shared VMAs of the segment's inode: fork copies them, exit and
 * munmap remove them, the shmem fault path serves them.
 *
 * Locking: machine lock held for writing throughout.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "idr.h"
#include "pagemap.h"
#include "shm.h"

/* include/uapi/linux/shm.h and ipc/util.h's defaults */
#define SHMMIN		1UL
#define SHMMNI		4096
#define SHMMAX		(~0UL - (1UL << 24))
#define SHMALL		(~0UL - (1UL << 24))
#define IPCMNI_SHIFT	15
#define IPCMNI		(1 << IPCMNI_SHIFT)
#define IPCID_SEQ_MAX	(0x7fffffff >> IPCMNI_SHIFT)
/* x86: SHMLBA is PAGE_SIZE */
#define SHMLBA		PAGE_SIZE

/*
 * struct shmid_kernel - one segment (ipc/shm.c).
 * @id: the shmid (ipc_buildid(): seq << IPCMNI_SHIFT | idx)
 * @key: the key it was made with (IPC_PRIVATE: 0)
 * @segsz: the size asked for, in bytes
 * @file: the shmem file; its inode's i_ino is @id
 * @cpid: the PID that made it
 */
struct shmid_kernel {
	int id;
	int key;
	unsigned long segsz;
	struct file *file;
	pid_t cpid;
};

/*
 * struct ipc_namespace - the machine's System V shared memory
 * (include/linux/ipc_namespace.h, its shm part).
 * @ids: idx -> segment (ipc_ids.ipcs_idr)
 * @seq, @last_idx: ipc_ids' sequence: bumped when an allocation wraps
 *	round to an idx at or below the last one
 * @shm_tot: pages of every segment (checked against @shm_ctlall)
 */
struct ipc_namespace {
	struct idr ids;
	unsigned int seq;
	int last_idx;
	unsigned long shm_tot;
	unsigned long shm_ctlmax;
	unsigned long shm_ctlall;
	int shm_ctlmni;
};

/*
 * shm_vm_ops - an attachment's operations (ipc/shm.c). shm_fault() is
 * shmem's fault, but shm_vm_ops has no ->map_pages: no fault-around, so
 * each page of a segment is faulted in on its own, as on Linux (a shared
 * anonymous mapping, shmem_anon_vm_ops, does fault around). shm_mmap() puts
 * them on the VMA; do_shmdt() knows an attachment by them.
 */
static const struct vm_operations_struct shm_vm_ops = {
	.fault = shmem_fault,
	.ops_name = "shm_vm_ops",
};

/* The namespace, made at the first use (a machine with no shm has none). */
static struct ipc_namespace *ipc_ns(struct machine *m)
{
	struct ipc_namespace *ns = m->ipc_ns;

	if (ns)
		return ns;
	ns = host_zalloc(m, sizeof(*ns));
	if (!ns)
		return NULL;
	idr_init(&ns->ids);
	ns->last_idx = -1;
	ns->shm_ctlmax = SHMMAX;
	ns->shm_ctlall = SHMALL;
	ns->shm_ctlmni = SHMMNI;
	m->ipc_ns = ns;
	return ns;
}

/* ipc_findkey(): the segment of @key (not IPC_PRIVATE), or NULL. */
static struct shmid_kernel *ipc_findkey(struct ipc_namespace *ns, int key)
{
	unsigned int idx = 0;
	struct shmid_kernel *shp;

	while ((shp = idr_get_next(&ns->ids, &idx))) {
		if (shp->key == key)
			return shp;
		idx++;
	}
	return NULL;
}

/*
 * shm_obtain_object_check(): the segment of @shmid, or NULL when the
 * idx is free or its sequence number is not @shmid's (ipc_checkid()).
 */
static struct shmid_kernel *shm_obtain_object_check(struct machine *m,
						    int shmid)
{
	struct ipc_namespace *ns = m->ipc_ns;
	struct shmid_kernel *shp;

	if (!ns || shmid < 0)
		return NULL;
	shp = idr_find(&ns->ids, (unsigned int)shmid & (IPCMNI - 1));
	return shp && shp->id == shmid ? shp : NULL;
}

/*
 * newseg() - a new segment of @size bytes for @key: its shmem file
 * (committed up front: no SHM_NORESERVE), an idx and a shmid.
 */
static int newseg(struct task_struct *tsk, struct ipc_namespace *ns,
		  int key, unsigned long size)
{
	struct machine *m = tsk->machine;
	unsigned long numpages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct shmid_kernel *shp;
	char name[16];
	int idx, err;

	if (size < SHMMIN || size > ns->shm_ctlmax) {
		vm_err(m, "size %lu is outside SHMMIN..SHMMAX (%lu..%lu)",
		       size, SHMMIN, ns->shm_ctlmax);
		return -EINVAL;
	}
	if (numpages << PAGE_SHIFT < size ||
	    ns->shm_tot + numpages < ns->shm_tot ||
	    ns->shm_tot + numpages > ns->shm_ctlall) {
		vm_err(m, "%lu pages would exceed SHMALL (%lu pages)",
		       numpages, ns->shm_ctlall);
		return -ENOSPC;
	}
	if ((int)ns->ids.count >= ns->shm_ctlmni) {
		vm_err(m, "the machine has SHMMNI (%d) segments already",
		       ns->shm_ctlmni);
		return -ENOSPC;
	}
	shp = host_zalloc(m, sizeof(*shp));
	if (!shp)
		goto out_enomem;
	snprintf(name, sizeof(name), "SYSV%08x", (unsigned int)key);
	err = shmem_file_setup(m, name, (long long)size, 0, &shp->file);
	if (err)
		goto out_free;
	if (idr_preload(&ns->ids))
		goto out_fput;
	idx = idr_alloc_cyclic(&ns->ids, shp, 0, IPCMNI);
	if (idx < 0) {
		err = idx;
		vm_err(m, "no free shm identifier");
		goto out_fput_err;
	}
	/* ipc_idr_alloc(): a wrap round to a lower idx starts a new seq */
	if (idx <= ns->last_idx && ++ns->seq > IPCID_SEQ_MAX)
		ns->seq = 0;
	ns->last_idx = idx;
	shp->id = (int)(ns->seq << IPCMNI_SHIFT) + idx;
	shp->key = key;
	shp->segsz = size;
	shp->cpid = tsk->pid;
	file_inode(shp->file)->i_ino = (unsigned long)shp->id;
	ns->shm_tot += numpages;
	return shp->id;

out_fput:
	err = -ENOMEM;
	vm_err(m, "out of memory for a shm identifier");
out_fput_err:
	fput(m, shp->file);
	free(shp);
	return err;
out_free:
	free(shp);
	return err;
out_enomem:
	vm_err(m, "out of memory for a shm segment");
	return -ENOMEM;
}

int ksys_shmget(struct task_struct *tsk, int key, unsigned long size,
		int shmflg)
{
	struct machine *m = tsk->machine;
	struct ipc_namespace *ns = ipc_ns(m);
	struct shmid_kernel *shp;

	if (!ns) {
		vm_err(m, "out of memory for the IPC namespace");
		return -ENOMEM;
	}
	if (key == IPC_PRIVATE)
		return newseg(tsk, ns, key, size);
	/* ipcget_public() */
	shp = ipc_findkey(ns, key);
	if (!shp) {
		if (!(shmflg & IPC_CREAT)) {
			vm_err(m, "no segment has key 0x%x", (unsigned int)key);
			return -ENOENT;
		}
		return newseg(tsk, ns, key, size);
	}
	if ((shmflg & IPC_CREAT) && (shmflg & IPC_EXCL)) {
		vm_err(m, "segment %d has key 0x%x already", shp->id,
		       (unsigned int)key);
		return -EEXIST;
	}
	/* shm_more_checks() */
	if (shp->segsz < size) {
		vm_err(m, "segment %d of key 0x%x is %lu bytes, less than %lu",
		       shp->id, (unsigned int)key, shp->segsz, size);
		return -EINVAL;
	}
	return shp->id;
}

int do_shmat(struct task_struct *tsk, int shmid, unsigned long shmaddr,
	     int shmflg, unsigned long *raddr)
{
	struct machine *m = tsk->machine;
	unsigned long prot, flags = MAP_SHARED, size, addr;
	struct shmid_kernel *shp;
	struct file *file;
	int f_flags;

	if (shmaddr & (SHMLBA - 1)) {
		vm_err(m, "address 0x%lx is not SHMLBA-aligned", shmaddr);
		return -EINVAL;
	}
	if (shmaddr)
		flags |= MAP_FIXED;
	if (shmflg & SHM_RDONLY) {
		prot = PROT_READ;
		f_flags = O_RDONLY;
	} else {
		prot = PROT_READ | PROT_WRITE;
		f_flags = O_RDWR;
	}
	shp = shm_obtain_object_check(m, shmid);
	if (!shp) {
		vm_err(m, "no segment has shmid %d", shmid);
		return -EINVAL;
	}
	size = (unsigned long)i_size_read(file_inode(shp->file));
	/* No SHM_REMAP: a fixed address must be free. */
	if (shmaddr) {
		if (shmaddr + size < shmaddr) {
			vm_err(m, "0x%lx+0x%lx wraps around", shmaddr, size);
			return -EINVAL;
		}
		if (find_vma_intersection(tsk->mm, shmaddr, shmaddr + size)) {
			vm_err(m, "0x%lx-0x%lx overlaps a mapping", shmaddr,
			       shmaddr + PAGE_ALIGN(size));
			return -EINVAL;
		}
	}
	/* alloc_file_clone(): the attachment's own file, with its mode */
	file = alloc_file(m, shp->file->f_dentry, file_inode(shp->file),
			  (unsigned int)f_flags);
	if (!file) {
		vm_err(m, "out of memory for the attachment's file");
		return -ENOMEM;
	}
	addr = vm_mmap(tsk, file, shmaddr, size, prot, flags, 0);
	fput(m, file);		/* the VMA holds its own reference */
	if (IS_ERR_VALUE(addr))
		return (int)(long)addr;
	/* shm_mmap(): the new VMA, which starts at @addr, is an attachment */
	find_vma(tsk->mm, addr)->vm_ops = &shm_vm_ops;
	*raddr = addr;
	return 0;
}

static bool is_shm_vma(struct vm_area_struct *vma)
{
	return vma->vm_ops == &shm_vm_ops;
}

int ksys_shmdt(struct task_struct *tsk, unsigned long shmaddr)
{
	struct machine *m = tsk->machine;
	struct mm_struct *mm = tsk->mm;
	struct vm_area_struct *vma;
	struct file *file = NULL;
	unsigned long size, next;
	int err;

	if (shmaddr & ~PAGE_MASK) {
		vm_err(m, "address 0x%lx is not page-aligned", shmaddr);
		return -EINVAL;
	}
	/*
	 * The first attachment VMA at or above @shmaddr whose file offset
	 * is its distance from @shmaddr: the segment's start was mapped at
	 * @shmaddr, whatever mprotect split off or munmap took away since.
	 */
	for (vma = find_vma(mm, shmaddr); vma; vma = find_vma(mm, next)) {
		next = vma->vm_end;
		if (is_shm_vma(vma) &&
		    (vma->vm_start - shmaddr) / PAGE_SIZE == vma->vm_pgoff)
			break;
	}
	if (!vma) {
		vm_err(m, "no shm attachment starts at 0x%lx", shmaddr);
		return -EINVAL;
	}
	/*
	 * Unmap it, then every other VMA of that attachment (the same
	 * struct file, held across the unmaps) within the segment's size.
	 */
	file = get_file(vma->vm_file);
	size = PAGE_ALIGN((unsigned long)i_size_read(file_inode(file)));
	for (;;) {
		next = vma->vm_end;
		err = do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
		if (err)
			break;
		for (vma = find_vma(mm, next);
		     vma && vma->vm_end - shmaddr <= size;
		     vma = find_vma(mm, vma->vm_end))
			if (vma->vm_file == file &&
			    (vma->vm_start - shmaddr) / PAGE_SIZE ==
			    vma->vm_pgoff)
				break;
		if (!vma || vma->vm_end - shmaddr > size)
			break;
	}
	fput(m, file);
	return err;
}

void shm_exit_ns(struct machine *m)
{
	struct ipc_namespace *ns = m->ipc_ns;
	struct shmid_kernel *shp;
	unsigned int idx = 0;

	if (!ns)
		return;
	while ((shp = idr_get_next(&ns->ids, &idx))) {
		idr_remove(&ns->ids, idx);
		fput(m, shp->file);
		free(shp);
	}
	idr_destroy(&ns->ids);
	free(ns);
	m->ipc_ns = NULL;
}
