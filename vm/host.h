/*
 * host.h - what mmsim reads of the host it runs on (vm/host.c): the CPU
 * and kernel configuration behind --cpu=host, soft-dirty support, and
 * whether a directory is already a mounted mmsim machine.
 */
#ifndef MMSIM_HOST_H
#define MMSIM_HOST_H

#include <stdbool.h>
#include "machine.h"

void host_machine_cpu(struct machine_cpu *cpu);
bool host_soft_dirty(void);
bool host_is_mmsim_mount(const char *dir);
char *read_host_text(const char *path);

/* The parsers behind them, for the unit tests. */
bool cpuinfo_has_flag(const char *cpuinfo, const char *flag);
int thp_mode_parse(const char *text, enum thp_mode *mode);
void maps_special_parse(const char *maps, struct machine_cpu *cpu);

#endif
