/*
 * pkeys.h - x86 memory protection keys (vm/pkeys.c): the execute-only key
 * and the PKRU checks of the fault path.
 */
#ifndef MMSIM_PKEYS_H
#define MMSIM_PKEYS_H

#include <stdbool.h>
#include "mm_types.h"

#define ARCH_DEFAULT_PKEY	0

extern const uint32_t init_pkru_value;

void init_new_context(struct mm_struct *mm);
int execute_only_pkey(struct mm_struct *mm);
int arch_override_mprotect_pkey(struct vm_area_struct *vma, unsigned long prot);
bool arch_vma_access_permitted(struct vm_area_struct *vma, bool write,
			       bool execute, bool foreign);
bool pkru_allows_pkey(const struct mm_struct *mm, int pkey, bool write);

#endif
