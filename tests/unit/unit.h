/*
 * unit.h - a minimal TAP test harness for the engine's C unit tests.
 * Each case is a function; a failed assertion ends the case with a
 * "not ok" line naming the file, line and values. After each case the
 * harness runs the engine's invariant checker on every machine the case
 * registered with unit_track().
 */
#ifndef MMSIM_UNIT_H
#define MMSIM_UNIT_H

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include "../../vm/machine.h"

extern jmp_buf unit_jmp;
extern char unit_msg[512];

void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
/* Run @fn as one TAP case called @name. */
void unit_run(const char *name, void (*fn)(void));
/* Check this machine after the current case (machine_destroy()ed too). */
void unit_track(struct machine *m);
/* Boot a machine with @mem_bytes of RAM (0 = default) and track it. */
struct machine *unit_boot(unsigned long mem_bytes);
/* A new child of PID 1 named @comm (machine_spawn()); fails the case if none. */
struct task_struct *unit_spawn(struct machine *m, const char *comm);
/* Print the TAP plan and return the exit status for main(). */
int unit_done(void);
/*
 * unit_mm_dump() - everything of @mm a failed call must leave alone, as
 * text: the mm's counters (and the machine's commit and free frames),
 * each VMA (range, flags, pgoff, anon_vma, file, protection), each
 * non-none PTE with the flags, counts, mapping and index of the page it
 * maps. Two dumps compare equal iff nothing changed. Caller frees.
 */
char *unit_mm_dump(struct mm_struct *mm);
/*
 * unit_set_current() - @t runs on the CPU of the command (NULL: it idles
 * again), as schedule_command() makes a task current for its command.
 */
static inline void unit_set_current(struct machine *m, struct task_struct *t)
{
	m->cpus[m->this_cpu].curr = t;
}

/*
 * unit_fill_until() - write-touch the pages of a new 1M private mapping
 * of @t, one by one, until the machine has exactly @left free frames.
 * Return: the mapping's address.
 */
unsigned long unit_fill_until(struct task_struct *t, unsigned long left);

/*
 * unit_rmap_str() - what rmap_walk() finds for @page: "PID:0xADDR" items
 * sorted by PID and separated by single spaces (at most 16), or "none".
 * Return: a static buffer, valid until the next call.
 */
const char *unit_rmap_str(struct page *page);
/* unit_expect_clean() - fail the case unless the invariant checker passes @m. */
void unit_expect_clean(struct machine *m, const char *file, int line);
#define EXPECT_CLEAN(m) unit_expect_clean((m), __FILE__, __LINE__)

#define ASSERT(cond) do { if (!(cond)) \
	unit_fail(__FILE__, __LINE__, "assertion failed: %s", #cond); } while (0)
#define ASSERT_EQ(a, b) do { long long _a = (long long)(a), _b = (long long)(b); \
	if (_a != _b) unit_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", \
				#a, #b, _a, _b); } while (0)
#define ASSERT_HEX(a, b) do { unsigned long _a = (unsigned long)(a), \
	_b = (unsigned long)(b); if (_a != _b) unit_fail(__FILE__, __LINE__, \
	"%s == %s: 0x%lx != 0x%lx", #a, #b, _a, _b); } while (0)
#define ASSERT_STR(a, b) do { const char *_a = (a), *_b = (b); \
	if (strcmp(_a, _b)) unit_fail(__FILE__, __LINE__, \
	"%s:\n--- got ---\n%s\n--- want ---\n%s", #a, _a, _b); } while (0)
#define RUN(fn) unit_run(#fn, fn)

#endif
