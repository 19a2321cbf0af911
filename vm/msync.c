/*
 * msync.c - msync(2) (mm/msync.c): MS_SYNC writes back the dirty pages
 * of the shared file mappings in the range; MS_ASYNC does nothing more
 * than the kernel does since 2.6.19 (the dirty pages are already known
 * to the page cache, through write-notify); MS_INVALIDATE only checks
 * for locked VMAs. A range with a hole fails before anything is written.
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
	unsigned long end, addr;
	int error;

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
	 * Linux syncs the mapped parts of a range with holes and then
	 * reports ENOMEM (and for a plain MS_ASYNC answers the first hole at
	 * once); here the range is checked first, so that a failed msync
	 * writes nothing back (the contract: a failed command changes
	 * nothing). The errno is Linux's.
	 */
	for (addr = start, vma = find_vma(mm, start); addr < end;
	     vma = vma->vm_next) {
		if (!vma || vma->vm_start >= end || addr < vma->vm_start) {
			vm_err(m, "0x%lx-0x%lx is not fully mapped", start, end);
			return -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED)) {
			vm_err(m, "invalidate of locked memory at 0x%lx",
			       vma->vm_start);
			return -EBUSY;
		}
		addr = vma->vm_end;
	}
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next) {
		struct file *file = vma->vm_file;
		unsigned long s = start > vma->vm_start ? start : vma->vm_start;
		unsigned long e = end < vma->vm_end ? end : vma->vm_end;
		long long fstart = (long long)(s - vma->vm_start) +
				   ((long long)vma->vm_pgoff << PAGE_SHIFT);

		if ((flags & MS_SYNC) && file && (vma->vm_flags & VM_SHARED)) {
			error = vfs_fsync_range(file, fstart,
						fstart + (long long)(e - s) - 1);
			if (error)
				return error;
		}
	}
	return 0;
}
