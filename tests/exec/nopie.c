/*
 * nopie.c - a small program the exec tests build with `cc -no-pie`: an
 * ET_EXEC at 0x400000 with initialised data and a bss larger than a
 * page, so that load_elf_binary() maps it at its own addresses, zeroes
 * the tail of the data page and gives the bss whole pages of its own.
 */
#include <stdio.h>

char bss[3 * 4096 + 100];
int data = 42;

int main(int argc, char **argv)
{
	bss[argc] = (char)data;
	printf("%d %s\n", bss[argc], argv[0]);
	return 0;
}
