/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: stop_machine() on one thread per CPU; see <shim/cpu.h>. */
#ifndef _SHIM_LINUX_STOP_MACHINE_H
#define _SHIM_LINUX_STOP_MACHINE_H

#include <shim/cpu.h>

typedef int (*cpu_stop_fn_t)(void *arg);

int stop_machine_cpuslocked(cpu_stop_fn_t fn, void *data,
			    const struct cpumask *cpus);
int stop_machine(cpu_stop_fn_t fn, void *data, const struct cpumask *cpus);

#endif
