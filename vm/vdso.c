/*
 * vdso.c - the special mappings the kernel gives every 64-bit program
 * (arch/x86/entry/vdso/vma.c, mm/mmap.c's install_special_mapping(),
 * arch/x86/entry/vsyscall/vsyscall_64.c):
 *
 *   [vvar]         the vDSO's data pages (VM_PFNMAP | VM_IO: no struct
 *                  page behind them, never in RSS)
 *   [vvar_vclock]  the clock pages (the same kind)
 *   [vdso]         the vDSO's text, right above them
 *   [vsyscall]     the legacy gate page at 0xffffffffff600000: no VMA of
 *                  the mm but the gate VMA maps and smaps append
 *
 * Their sizes, and whether [vsyscall] exists and is readable, depend on
 * the kernel build; they come from the machine description (struct
 * machine_cpu: vvar_pages, vvar_vclock_pages, vdso_pages, vsyscall),
 * which follows the host by default.
 *
 * The vDSO's contents are not simulated: an access to [vvar],
 * [vvar_vclock] or [vdso] gets SIGBUS (special_mapping_fault() finds no
 * page), where Linux maps the kernel's data and the vDSO image.
 */
#include <errno.h>
#include <string.h>
#include "exec.h"
#include "machine.h"
#include "mm.h"

#define VSYSCALL_ADDR	0xffffffffff600000UL

/* struct vm_special_mapping (include/linux/mm_types.h): a name. */
struct vm_special_mapping {
	const char *name;
};

static const struct vm_special_mapping vvar_mapping = { "[vvar]" };
static const struct vm_special_mapping vvar_vclock_mapping = { "[vvar_vclock]" };
static const struct vm_special_mapping vdso_mapping = { "[vdso]" };

static unsigned int special_mapping_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const char *special_mapping_vma_name(struct vm_area_struct *vma)
{
	return ((const struct vm_special_mapping *)vma->vm_private_data)->name;
}

static const struct vm_operations_struct special_mapping_vmops = {
	.fault = special_mapping_fault,
	.name = special_mapping_vma_name,
	.ops_name = "special_mapping_vmops",
};

/**
 * special_mapping_name() - see exec.h.
 */
const char *special_mapping_name(const struct vm_area_struct *vma)
{
	if (vma->vm_ops != &special_mapping_vmops)
		return NULL;
	return ((const struct vm_special_mapping *)vma->vm_private_data)->name;
}

/*
 * _install_special_mapping() - a VMA of @len bytes at @addr that no file
 * backs (__install_special_mapping()): VM_DONTEXPAND and VM_SOFTDIRTY
 * added, never VM_LOCKED, counted in total_vm (and exec_vm for [vdso]).
 */
static int _install_special_mapping(struct mm_struct *mm, unsigned long addr,
				    unsigned long len, unsigned long vm_flags,
				    const struct vm_special_mapping *spec)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err;

	if (!vma) {
		vm_err(mm->machine, "out of memory for the %s VMA", spec->name);
		return -ENOMEM;
	}
	vm_flags |= mm->def_flags | VM_DONTEXPAND;
	if (soft_dirty_enabled(mm))
		vm_flags |= VM_SOFTDIRTY;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags & ~VM_LOCKED_MASK;
	vma->vm_page_prot = vma_page_prot(vma);
	vma->vm_ops = &special_mapping_vmops;
	vma->vm_private_data = (void *)spec;
	err = insert_vm_struct(mm, vma);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	vm_stat_account(mm, vma->vm_flags, (long)(len >> PAGE_SHIFT));
	return 0;
}

/**
 * arch_setup_additional_pages() - map_vdso(): one hole of vvar, vclock
 * and vdso pages, found top-down; [vvar] at its bottom, [vvar_vclock]
 * above, [vdso] at the top; AT_SYSINFO_EHDR is [vdso]'s start.
 */
int arch_setup_additional_pages(struct task_struct *tsk)
{
	const struct machine_cpu *cpu = &tsk->machine->cfg.cpu;
	struct mm_struct *mm = tsk->mm;
	unsigned long vvar = cpu->vvar_pages << PAGE_SHIFT;
	unsigned long vclock = cpu->vvar_vclock_pages << PAGE_SHIFT;
	unsigned long text = cpu->vdso_pages << PAGE_SHIFT;
	unsigned long addr;
	int err;

	if (!text)
		return 0;
	addr = get_unmapped_area(mm, 0, vvar + vclock + text, 0, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	err = _install_special_mapping(mm, addr + vvar + vclock, text,
				       VM_READ | VM_EXEC | VM_MAYREAD |
				       VM_MAYWRITE | VM_MAYEXEC, &vdso_mapping);
	if (!err && vvar)
		err = _install_special_mapping(mm, addr, vvar,
					       VM_READ | VM_MAYREAD | VM_IO |
					       VM_DONTDUMP | VM_PFNMAP,
					       &vvar_mapping);
	if (!err && vclock)
		err = _install_special_mapping(mm, addr + vvar, vclock,
					       VM_READ | VM_MAYREAD | VM_IO |
					       VM_DONTDUMP | VM_PFNMAP,
					       &vvar_vclock_mapping);
	if (err)
		return err;
	mm->context.vdso = addr + vvar + vclock;
	return 0;
}

/**
 * get_gate_vma() - see exec.h. The gate VMA belongs to no mm; it is
 * execute-only in vsyscall=xonly mode (the default since 5.x) and
 * readable too in vsyscall=emulate.
 */
struct vm_area_struct *get_gate_vma(struct mm_struct *mm)
{
	static struct vm_area_struct gate_xonly = {
		.vm_start = VSYSCALL_ADDR,
		.vm_end = VSYSCALL_ADDR + PAGE_SIZE,
		.vm_flags = VM_EXEC,
	};
	static struct vm_area_struct gate_emulate = {
		.vm_start = VSYSCALL_ADDR,
		.vm_end = VSYSCALL_ADDR + PAGE_SIZE,
		.vm_flags = VM_READ | VM_EXEC,
	};
	enum vsyscall_mode mode = mm->machine->cfg.cpu.vsyscall;

	if (!mm->context.has_vsyscall || mode == VSYSCALL_NONE)
		return NULL;
	return mode == VSYSCALL_EMULATE ? &gate_emulate : &gate_xonly;
}
