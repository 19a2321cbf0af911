/*
 * pkeys.c - x86 memory protection keys, as far as a program that never
 * calls pkey_alloc() meets them (arch/x86/mm/pkeys.c,
 * arch/x86/include/asm/pkeys.h and pkru.h): on a CPU with protection
 * keys (machine_cpu.pku), an execute-only mapping (PROT_EXEC alone) gets
 * the mm's execute-only key, whose PKRU bits deny data access, so a read
 * of it faults with SEGV_PKUERR where a CPU without keys lets it in
 * (x86 page tables cannot say "exec but no read").
 *
 * The key lives in the VMA's VM_PKEY_BIT0..3 and, through
 * vm_get_page_prot(), in the PTE's bits 59..62; PKRU is per task
 * (task_struct.thread_pkru), and mm->context holds the allocation map and
 * the execute-only key, both inherited by fork.
 */
#include "machine.h"
#include "mm.h"
#include "pkeys.h"

/* PKRU: two bits a key, access-disable and write-disable. */
#define PKRU_AD_BIT		0x1u
#define PKRU_WD_BIT		0x2u
#define PKRU_BITS_PER_PKEY	2
#define arch_max_pkey()		16

/* The PKRU a process starts with (init_pkru_value): only key 0 usable. */
const uint32_t init_pkru_value = 0x55555554u;

static bool arch_pkeys_enabled(const struct mm_struct *mm)
{
	return mm->machine->cfg.cpu.pku;
}

static bool __pkru_allows_read(uint32_t pkru, int pkey)
{
	return !(pkru & (PKRU_AD_BIT << (pkey * PKRU_BITS_PER_PKEY)));
}

static bool __pkru_allows_write(uint32_t pkru, int pkey)
{
	return !(pkru & ((PKRU_AD_BIT | PKRU_WD_BIT) <<
			 (pkey * PKRU_BITS_PER_PKEY)));
}

/* read_pkru - the running task's PKRU (0, allowing all, without keys). */
static uint32_t read_pkru(const struct mm_struct *mm)
{
	const struct task_struct *cur = get_current(mm->machine);

	if (!arch_pkeys_enabled(mm) || !cur)
		return 0;
	return cur->thread_pkru;
}

/**
 * pkru_allows_pkey() - does the running task's PKRU let a data access
 * (a write if @write) through key @pkey (__pkru_allows_pkey())?
 * @mm: the address space accessed
 * @pkey: the key of the PTE or VMA
 * @write: a write access
 * Return: true if allowed. Read lock suffices.
 */
bool pkru_allows_pkey(const struct mm_struct *mm, int pkey, bool write)
{
	uint32_t pkru = read_pkru(mm);

	if (!__pkru_allows_read(pkru, pkey))
		return false;
	if (write && !__pkru_allows_write(pkru, pkey))
		return false;
	return true;
}

/**
 * init_new_context() - the pkey state of a new address space: key 0
 * allocated, no execute-only key yet.
 * @mm: the new mm
 */
void init_new_context(struct mm_struct *mm)
{
	mm->context.pkey_allocation_map = 0x1;
	mm->context.execute_only_pkey = -1;
}

/* mm_pkey_alloc - the lowest free key, or -1 when all 16 are taken. */
static int mm_pkey_alloc(struct mm_struct *mm)
{
	uint16_t all = (uint16_t)((1u << arch_max_pkey()) - 1);
	int pkey;

	if (mm->context.pkey_allocation_map == all)
		return -1;
	for (pkey = 0; mm->context.pkey_allocation_map & (1u << pkey); pkey++)
		;
	mm->context.pkey_allocation_map |= (uint16_t)(1u << pkey);
	return pkey;
}

/*
 * arch_set_user_pkey_access - set the running task's PKRU bits for @pkey
 * to deny data access (PKEY_DISABLE_ACCESS).
 */
static void arch_set_user_pkey_access(struct mm_struct *mm, int pkey)
{
	struct task_struct *cur = get_current(mm->machine);
	uint32_t shift = pkey * PKRU_BITS_PER_PKEY;

	if (!cur)
		return;
	cur->thread_pkru &= ~((PKRU_AD_BIT | PKRU_WD_BIT) << shift);
	cur->thread_pkru |= PKRU_AD_BIT << shift;
}

/**
 * execute_only_pkey() - the key for an execute-only mapping of @mm
 * (__execute_only_pkey()): allocated on first use, and the running
 * task's PKRU set to deny data access through it unless it already does.
 * @mm: the address space
 * Return: the key; 0 (the default key) without protection keys; -1 when
 * none is left.
 */
int execute_only_pkey(struct mm_struct *mm)
{
	int pkey = mm->context.execute_only_pkey;
	bool need_to_set_mm_pkey = false;

	if (!arch_pkeys_enabled(mm))
		return ARCH_DEFAULT_PKEY;
	if (pkey == -1) {
		pkey = mm_pkey_alloc(mm);
		if (pkey < 0)
			return -1;
		need_to_set_mm_pkey = true;
	}
	if (!need_to_set_mm_pkey && !__pkru_allows_read(read_pkru(mm), pkey))
		return pkey;
	arch_set_user_pkey_access(mm, pkey);
	if (need_to_set_mm_pkey)
		mm->context.execute_only_pkey = pkey;
	return pkey;
}

/* vma_is_pkey_exec_only - PROT_EXEC alone, under the execute-only key. */
static bool vma_is_pkey_exec_only(const struct vm_area_struct *vma)
{
	if ((vma->vm_flags & VM_ACCESS_FLAGS) != VM_EXEC)
		return false;
	return vma_pkey(vma) == vma->vm_mm->context.execute_only_pkey;
}

/**
 * arch_override_mprotect_pkey() - the key @vma gets from mprotect(@prot)
 * (__arch_override_mprotect_pkey() for a plain mprotect, pkey -1): the
 * execute-only key when @prot is PROT_EXEC alone, the default key when
 * an execute-only mapping becomes readable again, else its own.
 * @vma: the VMA
 * @prot: the new PROT_* bits
 * Return: the key.
 */
int arch_override_mprotect_pkey(struct vm_area_struct *vma, unsigned long prot)
{
	int pkey;

	if (!arch_pkeys_enabled(vma->vm_mm))
		return 0;
	if (prot == PROT_EXEC) {
		pkey = execute_only_pkey(vma->vm_mm);
		if (pkey > 0)
			return pkey;
	} else if (vma_is_pkey_exec_only(vma)) {
		return ARCH_DEFAULT_PKEY;
	}
	return vma_pkey(vma);
}

/**
 * arch_vma_access_permitted() - do protection keys let this access of
 * @vma through? Never for an instruction fetch, and not for another
 * process's memory (/proc/PID/mem): those are always allowed.
 * @vma: the VMA
 * @write: a write
 * @execute: an instruction fetch
 * @foreign: an access of another mm (FOLL_REMOTE)
 * Return: true if allowed.
 */
bool arch_vma_access_permitted(struct vm_area_struct *vma, bool write,
			       bool execute, bool foreign)
{
	if (execute || foreign)
		return true;
	return pkru_allows_pkey(vma->vm_mm, vma_pkey(vma), write);
}
