/*
 * hostfault.c - what the host kernel does for files.bats's comparison: a
 * file made uncached (written back, then POSIX_FADV_DONTNEED), mapped
 * private read-only, read at the pages named on the command line one by
 * one; after each access, the mapping's mincore() string and its Rss in
 * kB, as mmsim's `mincore` and smaps give them.
 *
 *   hostfault FILE NPAGES PAGE...
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static long rss_kb(const void *p)
{
	char line[256], want[32];
	FILE *f = fopen("/proc/self/smaps", "r");
	long rss = -1;
	int in = 0;

	if (!f)
		return -1;
	snprintf(want, sizeof(want), "%lx-", (unsigned long)p);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, want, strlen(want)))
			in = 1;
		else if (in && !strncmp(line, "Rss:", 4)) {
			rss = atol(line + 4);
			break;
		}
	}
	fclose(f);
	return rss;
}

int main(int argc, char **argv)
{
	unsigned char vec[4096];
	size_t n, i;
	char *p;
	int fd;

	if (argc < 4)
		return 2;
	fd = open(argv[1], O_RDONLY);
	n = strtoul(argv[3], NULL, 0);
	if (fd < 0 || n > sizeof(vec))
		return 1;
	fdatasync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	p = mmap((void *)strtoul(argv[2], NULL, 0), n * 4096, PROT_READ,
		 MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
	if (p == MAP_FAILED) {
		perror("hostfault: mmap");
		return 1;
	}
	for (int a = 4; a < argc; a++) {
		volatile char c = p[strtoul(argv[a], NULL, 0) * 4096];

		(void)c;
		mincore(p, n * 4096, vec);
		for (i = 0; i < n; i++)
			putchar('0' + (vec[i] & 1));
		printf(" %ld\n", rss_kb(p));
	}
	return 0;
}
