/*
 * test_pid.c - the PID space: the IDR under it (vm/idr.c) against a plain
 * bitmap over thousands of random allocations and removals, and the
 * policies of alloc_pid() on a machine: cyclic allocation, the wrap to
 * RESERVED_PIDS past pid_max, reuse of reaped PIDs only, PID order for
 * readdir while the task list keeps creation order, and "no PID left".
 */
#include <errno.h>
#include <stdlib.h>
#include "unit.h"
#include "../../vm/idr.h"
#include "../../vm/mm.h"

/* The IDR agrees with a bitmap through random operations. */
static void test_idr_model(void)
{
	enum { N = 5000, END = 4500 };
	static unsigned char used[N];
	struct idr idr;
	unsigned int seed = 7, cursor = 0;
	int i;

	memset(used, 0, sizeof(used));
	idr_init(&idr);
	for (i = 0; i < 40000; i++) {
		unsigned int id = (unsigned int)(rand_r(&seed) % N);

		if (rand_r(&seed) % 3) {
			/* The model of idr_alloc_cyclic(idr, ptr, 10, END). */
			unsigned int from = cursor > 10 ? cursor : 10, k;
			int want = -ENOSPC, got;

			for (k = from; k < END && want < 0; k++)
				if (!used[k])
					want = (int)k;
			for (k = 10; k < from && k < END && want < 0; k++)
				if (!used[k])
					want = (int)k;
			got = idr_alloc_cyclic(&idr, &used[0] + (want < 0 ? 0 : want),
					       10, END);
			ASSERT_EQ(got, want);
			if (got >= 0) {
				used[got] = 1;
				cursor = (unsigned int)got + 1;
			}
		} else {
			void *p = idr_remove(&idr, id);

			ASSERT(p == (used[id] ? (void *)(&used[0] + id) : NULL));
			used[id] = 0;
		}
		if (i % 997 == 0) {
			unsigned int next = 0, n = 0;
			unsigned long count = 0;

			for (unsigned int k = 0; k < N; k++) {
				count += used[k];
				ASSERT((idr_find(&idr, k) != NULL) == used[k]);
			}
			ASSERT_EQ(idr.count, count);
			while (idr_get_next(&idr, &next)) {
				ASSERT(used[next]);
				n++;
				next++;
			}
			ASSERT_EQ(n, count);
		}
	}
	idr_destroy(&idr);
}

/* Fill the whole 0..2^18 range and empty it: every node comes and goes. */
static void test_idr_fill_and_empty(void)
{
	enum { END = 1 << 18 };
	static char obj;
	struct idr idr;
	unsigned int id = 0;

	idr_init(&idr);
	for (unsigned int i = 0; i < END; i++)
		ASSERT_EQ(idr_alloc_cyclic(&idr, &obj, 0, END), i);
	ASSERT_EQ(idr_alloc_cyclic(&idr, &obj, 0, END), -ENOSPC);
	ASSERT_EQ(idr_find_free(&idr, 0, END), -ENOSPC);
	/* A hole in the middle is found from the start again. */
	ASSERT(idr_remove(&idr, 77777) == &obj);
	ASSERT_EQ(idr_find_free(&idr, 0, END), 77777);
	ASSERT_EQ(idr_alloc_cyclic(&idr, &obj, 0, END), 77777);
	for (unsigned int i = 0; i < END; i += 2)
		ASSERT(idr_remove(&idr, i) == &obj);
	ASSERT(idr_get_next(&idr, &id) == &obj);
	ASSERT_EQ(id, 1);
	for (unsigned int i = 1; i < END; i += 2)
		ASSERT(idr_remove(&idr, i) == &obj);
	ASSERT_EQ(idr.count, 0);
	id = 0;
	ASSERT(idr_get_next(&idr, &id) == NULL);
	ASSERT(idr.root != NULL && idr.root->used == 0);
	idr_destroy(&idr);
}

/* exit_and_reap - @t exits; as a child of PID 1 it is reaped at once. */
static void exit_and_reap(struct machine *m, pid_t pid)
{
	struct task_struct *t = find_task_by_pid(m, pid);

	ASSERT(t != NULL);
	ASSERT_EQ(do_exit(t, 0), 0);
	ASSERT(find_task_by_pid_any(m, pid) == NULL);
}

/*
 * PIDs go up from the last one handed out, skip PIDs still in use
 * (zombies too), and past pid_max wrap round to RESERVED_PIDS, not 1.
 */
static void test_pid_wrap(void)
{
	struct machine *m = unit_boot(0);
	struct task_struct *a, *z, *t;
	pid_t pid;
	int status;

	a = unit_spawn(m, "t");					/* 2 */
	ASSERT_EQ(a->pid, 2);
	exit_and_reap(m, 2);
	ASSERT_EQ(unit_spawn(m, "t")->pid, 3);			/* not 2 again */
	/* Jump to the end of the PID space as 32,760 spawns would. */
	m->pids.cursor = PID_MAX_DEFAULT - 2;
	z = unit_spawn(m, "t");
	ASSERT_EQ(z->pid, PID_MAX_DEFAULT - 2);
	ASSERT_EQ(sys_fork(z), PID_MAX_DEFAULT - 1);
	/* A zombie keeps its PID: 32767 is z's unreaped child. */
	t = find_task_by_pid(m, PID_MAX_DEFAULT - 1);
	ASSERT_EQ(do_exit(t, 0), 0);
	ASSERT(find_task_by_pid_any(m, PID_MAX_DEFAULT - 1) == t);
	/* Wrap: to RESERVED_PIDS, since the cursor has passed it. */
	ASSERT_EQ(unit_spawn(m, "t")->pid, RESERVED_PIDS);
	ASSERT_EQ(unit_spawn(m, "t")->pid, RESERVED_PIDS + 1);
	pid = sys_wait4(z, -1, &status);
	ASSERT_EQ(pid, PID_MAX_DEFAULT - 1);
	/* Readdir order is PID order; the task list is creation order. */
	{
		pid_t want[] = { 1, 3, RESERVED_PIDS, RESERVED_PIDS + 1,
				 PID_MAX_DEFAULT - 2 };
		int i = 0;

		for (t = next_task_by_pid(m, 1); t; t = next_task_by_pid(m, t->pid + 1)) {
			ASSERT(i < 5);
			ASSERT_EQ(t->pid, want[i++]);
		}
		ASSERT_EQ(i, 5);
		i = 0;
		pid_t created[] = { 1, 3, PID_MAX_DEFAULT - 2, RESERVED_PIDS,
				    RESERVED_PIDS + 1 };
		for_each_task(m, t)
			ASSERT_EQ(t->pid, created[i++]);
	}
	EXPECT_CLEAN(m);
}

/* Every PID in use: fork and spawn fail EAGAIN, having changed nothing. */
static void test_no_pid_left(void)
{
	struct machine *m = unit_boot(1UL << 30);
	unsigned long free_pages, n = 1;
	int err = 0;

	while (machine_spawn(m, "f", &err))
		n++;
	ASSERT_EQ(err, -EAGAIN);
	ASSERT_STR(m->errmsg, "no PID left (pid_max 32768)");
	ASSERT_EQ(n, PID_MAX_DEFAULT - 1);		/* PIDs 1..32767 */
	ASSERT_EQ(m->nr_tasks, n);
	/* spawn checks before it builds anything, as fork does. */
	free_pages = m->zone.free_pages;
	ASSERT(machine_spawn(m, "late", &err) == NULL);
	ASSERT_EQ(err, -EAGAIN);
	ASSERT_EQ(m->zone.free_pages, free_pages);
	ASSERT_EQ(sys_fork(m->init_task), -EAGAIN);
	ASSERT_STR(m->errmsg, "no PID left (pid_max 32768)");
	ASSERT_EQ(m->zone.free_pages, free_pages);
	ASSERT_EQ(m->nr_tasks, n);
	/* One reaped PID is the only one left, so it is the next. */
	exit_and_reap(m, 4242);
	ASSERT_EQ(sys_fork(m->init_task), 4242);
	EXPECT_CLEAN(m);
}

int main(void)
{
	RUN(test_idr_model);
	RUN(test_idr_fill_and_empty);
	RUN(test_pid_wrap);
	RUN(test_no_pid_left);
	return unit_done();
}
