/*
 * bench.h - timing helpers shared by the benchmark programs of bench/:
 * a monotonic clock in nanoseconds and the median of repeated runs.
 */
#ifndef MMSIM_BENCH_H
#define MMSIM_BENCH_H

#include <stdint.h>
#include <stdlib.h>
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

#endif
