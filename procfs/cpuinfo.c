/*
 * cpuinfo.c - /proc/cpuinfo (arch/x86/kernel/cpu/proc.c's show_cpuinfo()):
 * one block per simulated CPU. The CPU is a generic x86-64 one: the
 * identification, clock and cache lines are fixed values (mmsim runs no
 * instructions), and the flags are a baseline x86-64 set plus what the
 * machine description turns on (pku and ospke, la57), so that readers of
 * the flags see the same CPU the views were rendered for.
 */
#include "internal.h"

/* The flags of an x86-64-v3 CPU without protection keys or 5-level paging. */
#define BASE_FLAGS							\
	"fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat " \
	"pse36 clflush mmx fxsr sse sse2 ht syscall nx pdpe1gb rdtscp lm " \
	"constant_tsc rep_good nopl xtopology nonstop_tsc cpuid " \
	"tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 " \
	"x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand " \
	"hypervisor lahf_lm abm 3dnowprefetch fsgsbase tsc_adjust bmi1 " \
	"avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb " \
	"xsaveopt xsavec xgetbv1 xsaves arat umip"

/**
 * show_cpuinfo() - /proc/cpuinfo. Read lock held.
 */
int show_cpuinfo(struct machine *m, struct task_struct *tsk,
		 struct seq_buf *s)
{
	const struct machine_cpu *cpu = &m->cfg.cpu;
	int i;

	(void)tsk;
	for (i = 0; i < MMSIM_NR_CPUS(m); i++) {
		seq_printf(s, "processor\t: %d\n", i);
		seq_puts(s, "vendor_id\t: GenuineIntel\n"
			 "cpu family\t: 6\n"
			 "model\t\t: 85\n"
			 "model name\t: mmsim virtual CPU\n"
			 "stepping\t: 7\n"
			 "microcode\t: 0x1\n"
			 "cpu MHz\t\t: 2000.000\n"
			 "cache size\t: 16384 KB\n");
		seq_printf(s, "physical id\t: 0\nsiblings\t: %d\n", MMSIM_NR_CPUS(m));
		seq_printf(s, "core id\t\t: %d\ncpu cores\t: %d\n", i,
			   MMSIM_NR_CPUS(m));
		seq_printf(s, "apicid\t\t: %d\ninitial apicid\t: %d\n", i, i);
		seq_puts(s, "fpu\t\t: yes\nfpu_exception\t: yes\n"
			 "cpuid level\t: 13\nwp\t\t: yes\n");
		seq_puts(s, "flags\t\t: " BASE_FLAGS);
		if (cpu->pku)
			seq_puts(s, " pku ospke");
		if (cpu->la57)
			seq_puts(s, " la57");
		seq_puts(s, "\nbugs\t\t:\nbogomips\t: 4000.00\n"
			 "clflush size\t: 64\ncache_alignment\t: 64\n");
		seq_printf(s, "address sizes\t: 46 bits physical, %d bits virtual\n",
			   cpu->la57 ? 57 : 48);
		seq_puts(s, "power management:\n\n");
	}
	return s->err;
}
