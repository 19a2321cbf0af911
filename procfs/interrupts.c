/*
 * interrupts.c - /proc/interrupts (fs/proc/interrupts.c, show_interrupts()
 * and arch/x86/kernel/irq.c's arch_show_interrupts()): a header of the
 * CPUs, then the architecture's per-CPU interrupt counts. The simulated
 * machine has no devices, so there are no numbered IRQ lines, and no
 * timer: of the counts only the shootdowns of vm/tlb.c move (TLB, and CAL
 * for the function-call IPIs that carry them). The lines are those of a
 * Debian 6.18 x86-64 kernel (CONFIG_X86_MCE, CONFIG_HAVE_KVM) on
 * hardware without a hypervisor callback.
 */
#include "internal.h"

/* show_interrupts()'s width of the first column with few IRQs. */
#define IRQ_PREC	3

enum irq_count { IRQ_ZERO, IRQ_TLB, IRQ_CALL };

static const struct {
	const char *name, *desc;
	enum irq_count count;
} arch_lines[] = {
	{ "NMI", "Non-maskable interrupts", IRQ_ZERO },
	{ "LOC", "Local timer interrupts", IRQ_ZERO },
	{ "SPU", "Spurious interrupts", IRQ_ZERO },
	{ "PMI", "Performance monitoring interrupts", IRQ_ZERO },
	{ "IWI", "IRQ work interrupts", IRQ_ZERO },
	{ "RTR", "APIC ICR read retries", IRQ_ZERO },
	{ "RES", "Rescheduling interrupts", IRQ_ZERO },
	{ "CAL", "Function call interrupts", IRQ_CALL },
	{ "TLB", "TLB shootdowns", IRQ_TLB },
	{ "TRM", "Thermal event interrupts", IRQ_ZERO },
	{ "THR", "Threshold APIC interrupts", IRQ_ZERO },
	{ "DFR", "Deferred Error APIC interrupts", IRQ_ZERO },
	{ "MCE", "Machine check exceptions", IRQ_ZERO },
	{ "MCP", "Machine check polls", IRQ_ZERO },
};

static const struct {
	const char *name, *desc;
} kvm_lines[] = {
	{ "PIN", "Posted-interrupt notification event" },
	{ "NPI", "Nested posted-interrupt event" },
	{ "PIW", "Posted-interrupt wakeup event" },
};

/**
 * show_interrupts() - MOUNT/interrupts. Read lock held.
 */
int show_interrupts(struct machine *m, struct task_struct *tsk,
		    struct seq_buf *s)
{
	int cpu;
	size_t i;

	(void)tsk;
	seq_printf(s, "%*s", IRQ_PREC + 8, "");
	for (cpu = 0; cpu < MMSIM_NR_CPUS(m); cpu++)
		seq_printf(s, "CPU%-8d", cpu);
	seq_putc(s, '\n');
	for (i = 0; i < sizeof(arch_lines) / sizeof(arch_lines[0]); i++) {
		seq_printf(s, "%*s: ", IRQ_PREC, arch_lines[i].name);
		for (cpu = 0; cpu < MMSIM_NR_CPUS(m); cpu++) {
			const struct cpu_state *cs = &m->cpus[cpu];
			unsigned int n = arch_lines[i].count == IRQ_TLB ?
						 cs->irq_tlb_count :
					 arch_lines[i].count == IRQ_CALL ?
						 cs->irq_call_count : 0;

			seq_printf(s, "%10u ", n);
		}
		seq_printf(s, "  %s\n", arch_lines[i].desc);
	}
	seq_printf(s, "%*s: %10u\n", IRQ_PREC, "ERR", 0U);
	seq_printf(s, "%*s: %10u\n", IRQ_PREC, "MIS", 0U);
	for (i = 0; i < sizeof(kvm_lines) / sizeof(kvm_lines[0]); i++) {
		seq_printf(s, "%*s: ", IRQ_PREC, kvm_lines[i].name);
		for (cpu = 0; cpu < MMSIM_NR_CPUS(m); cpu++)
			seq_printf(s, "%10u ", 0U);
		seq_printf(s, "  %s\n", kvm_lines[i].desc);
	}
	return s->err;
}
