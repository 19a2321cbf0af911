/*
 * test_trace.c - unit tests of vm/trace.c's ring buffer: records as long
 * as their fields, the oldest overwritten when the buffer is full (with
 * their strings freed: ASan's leak check sees the rest), a record that
 * does not fit on its page beginning the next, and readers that see
 * the newest entries in order, however the writes wrapped.
 */
#include <stdlib.h>
#include "unit.h"
#include "../../vm/trace.h"

/* A machine-less trace array: events are global (pid 0, "<idle>"). */
static void trace_boot(struct trace_array *tr)
{
	trace_init(tr, NULL);
	trace_set_event(tr, TE_PAGE_FAULT_USER, true);
	trace_set_event(tr, TE_MARK_VICTIM, true);
}

/*
 * record - event number @n: 1 to TRACE_MAX_FIELDS fields, field 0 is @n,
 * every seventh with a string "sN".
 */
static void record(struct trace_array *tr, unsigned long n)
{
	unsigned long f[TRACE_MAX_FIELDS];
	unsigned int nr = 1 + (unsigned int)(n % TRACE_MAX_FIELDS);
	char str[32];

	for (unsigned int i = 0; i < nr; i++)
		f[i] = n + i;
	snprintf(str, sizeof(str), "s%lu", n);
	trace_record(tr, n % 7 ? TE_PAGE_FAULT_USER : TE_MARK_VICTIM, f, nr,
		     n % 7 ? NULL : str);
}

/*
 * check_newest - the buffer holds events up to @last, in order, whole;
 * with @full, no more would fit.
 */
static void check_newest(struct trace_array *tr, unsigned long last,
			 bool full)
{
	struct trace_iter it;
	const struct trace_entry *e;
	unsigned long n = last + 1 - tr->count;
	size_t words = 0;

	ASSERT(tr->count > 0);
	trace_iter_start(&it, tr);
	for (; (e = trace_iter_peek(&it, 0)); trace_iter_advance(&it, 1), n++) {
		char str[32];

		ASSERT_EQ(e->fields[0], n);
		ASSERT_EQ(e->nr_fields, 1 + n % TRACE_MAX_FIELDS);
		ASSERT_EQ(e->fields[e->nr_fields - 1], n + e->nr_fields - 1);
		ASSERT_EQ(e->id, n % 7 ? TE_PAGE_FAULT_USER : TE_MARK_VICTIM);
		snprintf(str, sizeof(str), "s%lu", n);
		if (n % 7)
			ASSERT(!trace_entry_str(e));
		else
			ASSERT(trace_entry_str(e) && !strcmp(trace_entry_str(e), str));
		words += TRACE_ENTRY_WORDS(e->nr_fields, e->has_str);
	}
	ASSERT_EQ(n, last + 1);
	ASSERT(words <= TRACE_BUF_PAGES * TRACE_PAGE_WORDS);
	/* Full: only the page the writer took last is partly empty, and
	 * each page's end where the next record did not fit. */
	if (full)
		ASSERT(words + 2 * TRACE_PAGE_WORDS + TRACE_BUF_PAGES *
		       TRACE_ENTRY_WORDS(TRACE_MAX_FIELDS, 1) >
		       TRACE_BUF_PAGES * TRACE_PAGE_WORDS);
}

static void test_fill_and_overwrite(void)
{
	struct trace_array tr;
	unsigned long n;

	trace_boot(&tr);
	for (n = 0; n < 100; n++)
		record(&tr, n);
	ASSERT_EQ(tr.count, 100);
	check_newest(&tr, 99, false);
	/* Three times round the buffer, checking across each wrap. */
	for (; n < 3 * (TRACE_BUF_PAGES * TRACE_PAGE_WORDS) / 6; n++) {
		record(&tr, n);
		if (n % 9973 == 0)
			check_newest(&tr, n, n > (TRACE_BUF_PAGES * TRACE_PAGE_WORDS) / 5);
	}
	check_newest(&tr, n - 1, true);
	ASSERT_EQ(tr.written, n);
	ASSERT(tr.count < tr.written);
	trace_destroy(&tr);
}

static void test_consume_and_reset(void)
{
	struct trace_array tr;
	unsigned long n;

	trace_boot(&tr);
	for (n = 0; n < (TRACE_BUF_PAGES * TRACE_PAGE_WORDS) / 4; n++)
		record(&tr, n);
	size_t count = tr.count;

	trace_consume(&tr, 10);
	ASSERT_EQ(tr.count, count - 10);
	check_newest(&tr, n - 1, false);
	trace_consume(&tr, tr.count + 5);	/* more than there are */
	ASSERT_EQ(tr.count, 0);
	{ struct trace_iter it; trace_iter_start(&it, &tr); ASSERT(!trace_iter_peek(&it, 0)); }
	for (unsigned long k = 0; k < 50; k++, n++)
		record(&tr, n);
	check_newest(&tr, n - 1, false);
	trace_reset(&tr);
	ASSERT_EQ(tr.count, 0);
	ASSERT_EQ(tr.written, 0);
	record(&tr, 7);
	check_newest(&tr, 7, false);
	trace_destroy(&tr);
}

int main(void)
{
	unit_run("trace: records overwrite the oldest across wraps", test_fill_and_overwrite);
	unit_run("trace: trace_pipe's consume and a reset", test_consume_and_reset);
	return unit_done();
}
