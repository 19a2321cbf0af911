/*
 * proc_sysctl.c - the sysctls of /proc/sys that the tools read
 * (kernel/sysctl.c, mm/): kernel.pid_max, kernel.osrelease and the vm.*
 * knobs of memory
 * accounting. Each prints its value and a newline, as proc_dointvec()
 * does. They are fixed when the machine boots (mmsimfs's options and
 * Linux's defaults), so these files are read-only here; but
 * vm.drop_caches, which only acts, is written as on Linux.
 */
#include <errno.h>
#include "internal.h"
#include "../vm/fs.h"

/** sysctl_pid_max_show() - kernel.pid_max: the PID space's end. */
int sysctl_pid_max_show(struct machine *m, struct task_struct *tsk,
			struct seq_buf *s)
{
	(void)m;
	(void)tsk;
	seq_printf(s, "%d\n", PID_MAX_DEFAULT);
	return s->err;
}

/**
 * sysctl_osrelease_show() - kernel.osrelease: the release /proc/version
 * names (top reads it to learn which fields the kernel has).
 */
int sysctl_osrelease_show(struct machine *m, struct task_struct *tsk,
			  struct seq_buf *s)
{
	(void)m;
	(void)tsk;
	seq_puts(s, MMSIM_UTS_RELEASE "\n");
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

/**
 * sysctl_drop_caches_write() - a write to vm.drop_caches: the number
 * (proc_dointvec_minmax(): blanks around it, 1 to 4) goes to the
 * engine's drop_caches_sysctl_handler(), under the machine write lock:
 * 1 drops the clean page cache, 2 the slab caches, 3 both, 4 nothing
 * (Linux: it only stops the kernel's log message). The file is 0200, as
 * Linux's: it cannot be read.
 * Return: @size, or -EINVAL for anything else.
 */
ssize_t sysctl_drop_caches_write(struct machine *m, pid_t pid,
				 const char *buf, size_t size, off_t off)
{
	int val, err;

	(void)pid;
	if (off || sysctl_parse_int(buf, size, &val) || val < 1 || val > 4)
		return -EINVAL;
	machine_lock_write(m);
	trace_clock_command(&m->trace);	/* as the drop_caches command would */
	err = drop_caches_sysctl_handler(m, val);
	machine_unlock(m);
	return err ? err : (ssize_t)size;
}

/**
 * sysctl_parse_int() - the one decimal integer of a sysctl write, as
 * proc_dointvec() reads it: blanks, an optional sign, digits, blanks.
 * Return: 0 with *@val set, or -EINVAL.
 */
int sysctl_parse_int(const char *buf, size_t size, int *val)
{
	size_t i = 0;
	long v = 0;
	bool neg = false, digits = false;

	while (i < size && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (i < size && (buf[i] == '-' || buf[i] == '+'))
		neg = buf[i++] == '-';
	for (; i < size && buf[i] >= '0' && buf[i] <= '9'; i++) {
		v = v * 10 + (buf[i] - '0');
		digits = true;
		if (v > 0x7fffffffL)
			return -EINVAL;
	}
	while (i < size && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (!digits || i != size)
		return -EINVAL;
	*val = (int)(neg ? -v : v);
	return 0;
}
