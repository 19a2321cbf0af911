/* unit.c - the TAP harness behind unit.h. */
#include <stdarg.h>
#include <stdlib.h>
#include "unit.h"
#include "../../vm/mm.h"

jmp_buf unit_jmp;
char unit_msg[512];
static int unit_count, unit_failed;
static struct machine *tracked[16];
static int nr_tracked;

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(unit_msg, sizeof(unit_msg), "%s:%d: ", file, line);

	va_start(ap, fmt);
	vsnprintf(unit_msg + n, sizeof(unit_msg) - n, fmt, ap);
	va_end(ap);
	longjmp(unit_jmp, 1);
}

void unit_track(struct machine *m)
{
	if (nr_tracked < 16)
		tracked[nr_tracked++] = m;
}

struct machine *unit_boot(unsigned long mem_bytes)
{
	struct machine_config cfg;
	struct machine *m;

	machine_config_default(&cfg);
	if (mem_bytes)
		cfg.mem_bytes = mem_bytes;
	m = machine_boot(&cfg);
	if (!m)
		unit_fail(__FILE__, __LINE__, "machine_boot failed");
	unit_track(m);
	return m;
}

/* Every tracked machine must pass the invariant checker; then free it. */
static int check_tracked(void)
{
	int bad = 0;

	for (int i = 0; i < nr_tracked; i++) {
		char *report = NULL;

		if (mm_check_machine(tracked[i], &report)) {
			snprintf(unit_msg, sizeof(unit_msg), "checker: %s",
				 report ? report : "(no report)");
			bad = 1;
		}
		free(report);
		machine_destroy(tracked[i]);
	}
	nr_tracked = 0;
	return bad;
}

void unit_run(const char *name, void (*fn)(void))
{
	int failed = 0;

	unit_count++;
	unit_msg[0] = '\0';
	if (setjmp(unit_jmp) == 0)
		fn();
	else
		failed = 1;
	if (!failed && check_tracked())
		failed = 1;
	else if (failed)
		nr_tracked = 0;	/* state unknown: leak rather than crash */
	if (failed) {
		unit_failed++;
		printf("not ok %d - %s\n", unit_count, name);
		for (char *l = strtok(unit_msg, "\n"); l; l = strtok(NULL, "\n"))
			printf("# %s\n", l);
	} else {
		printf("ok %d - %s\n", unit_count, name);
	}
	fflush(stdout);
}

int unit_done(void)
{
	printf("1..%d\n", unit_count);
	return unit_failed ? 1 : 0;
}
