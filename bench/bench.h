/*
 * bench.h - what the benchmark programs of bench/ share: a monotonic clock
 * in nanoseconds, the median of repeated runs, and the table of figures
 * with the main loop that prints the ones asked for.
 */
#ifndef MMSIM_BENCH_H
#define MMSIM_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/**
 * bench_median() - the median of @n samples (sorted in place).
 * @v: the samples
 * @n: how many (> 0)
 * Return: the middle sample, or the mean of the two middle ones.
 */
static inline double bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * fault_file_read: a 256 MiB file (bench/run's $MMSIM_BENCH_FILE), of
 * which one page every FILE_FAULT_STRIDE pages is cached and read-faulted:
 * 4,096 faults a run, one page in each 64 KiB fault-around window; a
 * run is short (a quarter of a millisecond in the engine), so there are
 * many.
 */
#define FILE_FAULT_LEN		(256UL << 20)
#define FILE_FAULT_STRIDE	16
#define FILE_FAULT_RUNS		31

/*
 * swap_out_in_256m: 256 MiB of anonymous pages, each with one byte
 * written (so none is a page of zeroes, which the zeromap would not
 * write), sent to swap with madvise(MADV_PAGEOUT) and read back, page by
 * page: the time of both, in ms. The host needs a swap device (bench/run
 * gives it a zram one, as mmsim's swap behaves); the engine boots with
 * SWAP_BENCH_SWAP of swap.
 */
#define SWAP_BENCH_LEN		(256UL << 20)
#define SWAP_BENCH_SWAP		(512UL << 20)
#define SWAP_BENCH_RUNS		5

/*
 * reclaim_1g: 1 GiB of clean page-cache pages of a file (bench/run's
 * $MMSIM_BENCH_RECLAIM_FILE, a sparse 1 GiB file) freed under pressure,
 * in ns per page (bench/run prints pages per second beside it). The
 * engine boots with RECLAIM_BENCH_MEM, so that once the file is cached
 * almost nothing is free, and runs direct reclaim (try_to_free_pages(),
 * the LRU scan through shrink_folio_list) until the file's pages are
 * gone; the host, which is under no pressure, drops the same cached
 * pages with POSIX_FADV_DONTNEED (invalidate_mapping_pages(), no scan),
 * the floor of what freeing a clean page costs.
 */
#define RECLAIM_BENCH_LEN	(1UL << 30)
#define RECLAIM_BENCH_MEM	((1UL << 30) + (16UL << 20))
#define RECLAIM_BENCH_RUNS	3

/* One figure a program measures: its name, its unit, and how. */
struct figure {
	const char *name;
	const char *unit;
	double (*run)(void);
};

/**
 * bench_run_figures() - measure the figures named on the command line (all
 * when none is), printing "NAME VALUE UNIT" a line for bench/run.
 * @figures: the program's table
 * @n: its length
 * @argc, @argv: main()'s arguments
 * Return: 0, for main() to return.
 */
static inline int bench_run_figures(const struct figure *figures, size_t n,
				    int argc, char **argv)
{
	for (size_t i = 0; i < n; i++) {
		bool want = argc < 2;

		for (int a = 1; a < argc; a++)
			want |= !strcmp(argv[a], figures[i].name);
		if (!want)
			continue;
		printf("%s %.3f %s\n", figures[i].name, figures[i].run(),
		       figures[i].unit);
		fflush(stdout);
	}
	return 0;
}

#endif
