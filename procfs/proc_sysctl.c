/*
 * proc_sysctl.c - the sysctls of /proc/sys that the tools read
 * (kernel/sysctl.c, mm/): kernel.pid_max and the vm.* knobs of memory
 * accounting. Each prints its value and a newline, as proc_dointvec()
 * does. They are fixed when the machine boots (mmsimfs's options and
 * Linux's defaults), so these files are read-only here.
 */
#include "internal.h"

/** sysctl_pid_max_show() - kernel.pid_max: the PID space's end. */
int sysctl_pid_max_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s)
{
	(void)m;
	(void)tsk;
	seq_printf(s, "%d\n", PID_MAX_DEFAULT);
	return s->err;
}

/** sysctl_max_map_count_show() - vm.max_map_count: VMAs per mm. */
int sysctl_max_map_count_show(struct machine *m, struct task_struct *tsk,
			      struct seq_buf *s)
{
	(void)tsk;
	seq_printf(s, "%d\n", m->cfg.max_map_count);
	return s->err;
}

/**
 * sysctl_min_free_kbytes_show() - vm.min_free_kbytes, as the kernel sizes
 * it from the machine's memory at boot (calculate_min_free_kbytes()).
 */
int sysctl_min_free_kbytes_show(struct machine *m, struct task_struct *tsk,
				struct seq_buf *s)
{
	(void)tsk;
	seq_printf(s, "%lu\n", calculate_min_free_kbytes(&m->zone));
	return s->err;
}

/** sysctl_overcommit_memory_show() - vm.overcommit_memory: 0, 1 or 2. */
int sysctl_overcommit_memory_show(struct machine *m, struct task_struct *tsk,
				  struct seq_buf *s)
{
	(void)tsk;
	seq_printf(s, "%d\n", m->cfg.overcommit_memory);
	return s->err;
}

/** sysctl_overcommit_ratio_show() - vm.overcommit_ratio, in percent. */
int sysctl_overcommit_ratio_show(struct machine *m, struct task_struct *tsk,
				 struct seq_buf *s)
{
	(void)tsk;
	seq_printf(s, "%d\n", m->cfg.overcommit_ratio);
	return s->err;
}
