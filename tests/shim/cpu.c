// SPDX-License-Identifier: GPL-2.0
/* Host shim: CPU topology, the per-thread current CPU, cross-CPU calls. */
#include <pthread.h>

#include <linux/cpu.h>
#include <linux/errno.h>

#include "internal.h"

unsigned int nr_cpu_ids = 4;
struct cpumask __cpu_online_mask = { .bits = { 0xfUL } };
__thread unsigned int __shim_current_cpu;

static unsigned int nr_packages = 2;
static pthread_rwlock_t cpus_lock = PTHREAD_RWLOCK_INITIALIZER;

void shim_set_topology(unsigned int nr_cpus, unsigned int packages)
{
	unsigned int cpu;

	if (!nr_cpus || nr_cpus > NR_CPUS || !packages || packages > nr_cpus) {
		shim_violation("shim_set_topology(%u, %u): invalid topology",
			       nr_cpus, packages);
		return;
	}
	cpus_write_lock();
	nr_cpu_ids = nr_cpus;
	nr_packages = packages;
	cpumask_clear(&__cpu_online_mask);
	for (cpu = 0; cpu < nr_cpus; cpu++)
		cpumask_set_cpu(cpu, &__cpu_online_mask);
	cpus_write_unlock();
	if (__shim_current_cpu >= nr_cpus)
		__shim_current_cpu = 0;
}

void shim_set_cpu_online(unsigned int cpu, bool online)
{
	if (cpu >= nr_cpu_ids) {
		shim_violation("shim_set_cpu_online(%u): no such cpu", cpu);
		return;
	}
	if (online)
		cpumask_set_cpu(cpu, &__cpu_online_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_online_mask);
}

void shim_set_current_cpu(unsigned int cpu)
{
	if (cpu >= nr_cpu_ids) {
		shim_violation("shim_set_current_cpu(%u): no such cpu", cpu);
		return;
	}
	__shim_current_cpu = cpu;
}

unsigned int topology_physical_package_id(unsigned int cpu)
{
	if (cpu >= nr_cpu_ids) {
		shim_violation("topology_physical_package_id(%u): no such cpu",
			       cpu);
		return 0;
	}
	return cpu * nr_packages / nr_cpu_ids;
}

unsigned int topology_max_packages(void)
{
	return nr_packages;
}

void cpus_read_lock(void)
{
	pthread_rwlock_rdlock(&cpus_lock);
}

void cpus_read_unlock(void)
{
	pthread_rwlock_unlock(&cpus_lock);
}

void cpus_write_lock(void)
{
	pthread_rwlock_wrlock(&cpus_lock);
}

void cpus_write_unlock(void)
{
	pthread_rwlock_unlock(&cpus_lock);
}

int smp_call_on_cpu(unsigned int cpu, int (*func)(void *), void *par,
		    bool phys)
{
	unsigned int saved = __shim_current_cpu;
	int ret;

	if (!cpu_online(cpu))
		return -ENXIO;
	__shim_current_cpu = cpu;
	ret = func(par);
	__shim_current_cpu = saved;
	return ret;
}

int smp_call_function_single(int cpu, smp_call_func_t func, void *info,
			     int wait)
{
	unsigned int saved = __shim_current_cpu;

	if (cpu < 0 || !cpu_online(cpu))
		return -ENXIO;
	__shim_current_cpu = cpu;
	func(info);
	__shim_current_cpu = saved;
	return 0;
}

void on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func,
		      void *info, bool wait)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		smp_call_function_single(cpu, func, info, wait);
}

void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	on_each_cpu_mask(cpu_online_mask, func, info, wait);
}
