/*
 * msync.c - msync(2) (mm/msync.c): MS_SYNC writes back the dirty pages
 * of the shared file mappings in the range; MS_ASYNC does nothing more
 * than the kernel does since 2.6.19 (the dirty pages are already known
 * to the page cache, through write-notify); MS_INVALIDATE only checks
 * for locked VMAs. As on Linux, a range with a hole is synced where it
 * is mapped, then fails with ENOMEM (a departure from "a failed command
 * changes nothing" that the host comparison asks for).
 *
 * Locking: machine lock held for writing.
 */
#include <errno.h>
#include "pagemap.h"

int sys_msync(struct task_struct *tsk, unsigned long start, size_t len,
	      int flags)
{
	struct machine *m = tsk->machine;
	struct mm_struct *mm = tsk->mm;
	struct vm_area_struct *vma;
	unsigned long end;
	int unmapped_error = 0, error;

	if (!mm) {
		vm_err(m, "process has exited");
		return -ESRCH;
	}
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) {
		vm_err(m, "unknown flags 0x%x", flags);
		return -EINVAL;
	}
	if (start & ~PAGE_MASK) {
		vm_err(m, "address 0x%lx is not page-aligned", start);
		return -EINVAL;
	}
	if ((flags & MS_ASYNC) && (flags & MS_SYNC)) {
		vm_err(m, "sync and async exclude each other");
		return -EINVAL;
	}
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start) {
		vm_err(m, "0x%lx+0x%zx wraps around the address space", start,
		       len);
		return -ENOMEM;
	}
	if (end == start)
		return 0;
	/*
	 * Holes in the range are skipped but reported as ENOMEM at the end;
	 * for a plain MS_ASYNC there is nothing to do, so the first hole
	 * answers at once.
	 */
	vma = find_vma(mm, start);
	for (;;) {
		struct file *file;
		long long fstart, fend;

		error = -ENOMEM;
		if (!vma)
			goto out_hole;
		if (start < vma->vm_start) {
			if (flags == MS_ASYNC)
				goto out_hole;
			start = vma->vm_start;
			if (start >= end)
				goto out_hole;
			unmapped_error = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED)) {
			vm_err(m, "invalidate of locked memory at 0x%lx",
			       vma->vm_start);
			return -EBUSY;
		}
		file = vma->vm_file;
		fstart = (long long)(start - vma->vm_start) +
			 ((long long)vma->vm_pgoff << PAGE_SHIFT);
		fend = fstart + (long long)((end < vma->vm_end ? end :
					     vma->vm_end) - start) - 1;
		start = vma->vm_end;
		if ((flags & MS_SYNC) && file && (vma->vm_flags & VM_SHARED)) {
			error = vfs_fsync_range(file, fstart, fend);
			if (error)
				return error;
		}
		if (start >= end)
			break;
		vma = find_vma(mm, start);
	}
	if (unmapped_error)
		vm_err(m, "part of the range is not mapped");
	return unmapped_error;

out_hole:
	vm_err(m, "0x%lx-0x%lx is not fully mapped", start, end);
	return error;
}
