/*
 * oom_kill.c - the out-of-memory killer (mm/oom_kill.c): when the buddy
 * allocator has nothing left and there is no swap, pick the task whose
 * death frees the most memory (oom_badness) and kill it with SIGKILL.
 *
 * Unlike Linux, which lets the victim free its memory asynchronously (on
 * its way out, or through the oom_reaper), the simulator tears the
 * victim's address space down before out_of_memory() returns, so the
 * caller's retry finds the freed frames.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include "machine.h"
#include "mm.h"

#define OOM_SCORE_ADJ_MIN	(-1000)

/*
 * oom_unkillable_task - PID 1 is never chosen (is_global_init), nor is a
 * task without an address space (a zombie).
 */
static bool oom_unkillable_task(const struct task_struct *p)
{
	return p == p->machine->init_task || !p->mm ||
	       !(p->state == TASK_RUNNING || p->state == TASK_SLEEPING);
}

/**
 * oom_badness() - how much memory killing @p would free, as the kernel
 * scores it: resident pages plus swap entries plus page-table pages, plus
 * oom_score_adj in thousandths of @totalpages (the kernel multiplies by
 * totalpages / 1000, rounding that quotient down first).
 * @p: candidate task
 * @totalpages: RAM plus swap, in pages
 *
 * Return: the score, or LONG_MIN when @p must not be killed (PID 1, no
 * mm, oom_score_adj -1000). Read lock suffices.
 */
long oom_badness(struct task_struct *p, unsigned long totalpages)
{
	struct mm_struct *mm = p->mm;
	long points, adj;

	if (oom_unkillable_task(p))
		return LONG_MIN;
	adj = p->oom_score_adj;
	if (adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;

	points = (long)get_mm_rss(mm) + (long)get_mm_counter(mm, MM_SWAPENTS) +
		 mm->pgtables_bytes / (long)PAGE_SIZE;

	/* Normalize to oom_score_adj units. */
	adj *= (long)(totalpages / 1000);
	points += adj;
	return points;
}

/*
 * select_bad_process - the highest-scoring killable task. As in
 * oom_evaluate_task(), a later task with the same score replaces the one
 * chosen so far, so ties go to the higher PID (tasks are walked in PID
 * order).
 */
static struct task_struct *select_bad_process(struct machine *m,
					      unsigned long totalpages,
					      struct mem_cgroup *memcg)
{
	struct task_struct *p, *chosen = NULL;
	long chosen_points = LONG_MIN;

	for_each_task(m, p) {
		long points;

		/* for_each_process(): a group is scored by its leader. */
		if (!thread_group_leader(p))
			continue;
		/* mem_cgroup_scan_tasks(): a memcg OOM looks in the group. */
		if (memcg && !task_in_mem_cgroup(p, memcg))
			continue;
		points = oom_badness(p, totalpages);

		if (points == LONG_MIN || points < chosen_points)
			continue;
		chosen = p;
		chosen_points = points;
	}
	return chosen;
}

/*
 * __oom_kill_process - SIGKILL for @victim's thread group and the other
 * processes sharing its mm, counted in oom_kill (vmstat, and memory.events
 * of the victim's group and those above it).
 */
static void __oom_kill_process(struct machine *m, struct task_struct *victim)
{
	struct mm_struct *mm = victim->mm;

	count_vm_event(m, OOM_KILL);
	memcg_memory_event(mem_cgroup_from_task(victim), MEMCG_OOM_KILL);
	trace_mark_victim(&m->trace, victim);	/* mark_oom_victim() */
	/*
	 * __oom_kill_process(): the processes of other thread groups that
	 * use the same mm (clone with CLONE_VM) die too, else the memory
	 * would not be freed; PID 1 is spared. The victim's group holds
	 * the mm until it goes last.
	 */
	for (;;) {
		struct task_struct *p, *other = NULL;

		for_each_task(m, p) {
			if (p->mm == mm && p->signal != victim->signal &&
			    p->group_leader != m->init_task) {
				other = p;
				break;
			}
		}
		if (!other)
			break;
		do_group_exit(other, SIGKILL);
	}
	do_group_exit(victim, SIGKILL);
}

/**
 * out_of_memory() - kill the worst task so an allocation can succeed.
 * @m: machine (write lock)
 *
 * The victim's thread group gets SIGKILL: do_group_exit(victim, SIGKILL)
 * frees its memory now and leaves a zombie whose parent's wait reports SIGKILL (a child of
 * PID 1 is reaped at once). That kill counts as an oom_kill event.
 *
 * When the victim's mm is current's (get_current()), the task whose command is
 * allocating, that mm cannot be freed under the work in progress: nothing is killed
 * or counted here. The allocation fails; only the fault path ends the
 * task, with SIGKILL, and counts the kill (pagefault_out_of_memory()).
 * Any other caller (fork, mremap, populate, /proc/PID/mem) simply fails
 * the way it fails when memory is short, and the task lives on.
 *
 * Return: OOM_KILLED when another task died and its memory is free
 * (retry the allocation), OOM_CHOSE_CURRENT when the victim would be the
 * current task, OOM_NO_VICTIM when nothing is killable.
 */
enum oom_result out_of_memory(struct machine *m)
{
	unsigned long totalpages = m->zone.nr_pages;
	struct task_struct *victim;

	victim = select_bad_process(m, totalpages, NULL);
	if (!victim)
		return OOM_NO_VICTIM;
	if (get_current(m) && get_current(m)->mm == victim->mm)
		return OOM_CHOSE_CURRENT;
	__oom_kill_process(m, victim);
	return OOM_KILLED;
}

/**
 * mem_cgroup_out_of_memory() - see mm.h. With memory.oom.group the other
 * tasks of the victim's oom group die at once (oom_kill_memcg_member());
 * a current victim is left to the fault path, as out_of_memory() leaves
 * it.
 */
enum oom_result mem_cgroup_out_of_memory(struct machine *m,
					 struct mem_cgroup *memcg)
{
	unsigned long totalpages = mem_cgroup_get_max(m, memcg);
	struct task_struct *victim, *p;
	struct mem_cgroup *oom_group;
	bool current_victim;

	victim = select_bad_process(m, totalpages ? totalpages : 1, memcg);
	if (!victim)
		return OOM_NO_VICTIM;
	current_victim = get_current(m) && get_current(m)->mm == victim->mm;
	oom_group = mem_cgroup_get_oom_group(victim, memcg);
	if (!current_victim)
		__oom_kill_process(m, victim);
	if (oom_group) {
		memcg_memory_event(oom_group, MEMCG_OOM_GROUP_KILL);
		for (;;) {
			struct task_struct *next = NULL;

			for_each_task(m, p) {
				if (thread_group_leader(p) && p->mm &&
				    task_in_mem_cgroup(p, oom_group) &&
				    oom_badness(p, totalpages) != LONG_MIN &&
				    p->oom_score_adj != OOM_SCORE_ADJ_MIN &&
				    !(get_current(m) && get_current(m)->mm == p->mm)) {
					next = p;
					break;
				}
			}
			if (!next)
				break;
			__oom_kill_process(m, next);
		}
	}
	return current_victim ? OOM_CHOSE_CURRENT : OOM_KILLED;
}
