/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: a fixed, configurable CPU topology (default 4 online CPUs in
 * 2 packages; shim_set_topology()).  The "current CPU" is per host thread
 * (default 0, shim_set_current_cpu()).  Cross-CPU calls run synchronously
 * in the calling thread with the current CPU switched for the duration.
 *
 * Preemption is modelled for stop_machine(): a thread with preemption
 * disabled (which every spinlock holder has, as in the kernel) holds the
 * machine, and stop_machine() waits until no thread does, then runs its
 * function on one new thread per CPU while every other thread that tries
 * to disable preemption waits.  Interrupt control is a no-op.
 */
#ifndef _SHIM_CPU_H
#define _SHIM_CPU_H

#include <shim/bitops.h>

#define NR_CPUS		256

struct cpumask {
	DECLARE_BITMAP(bits, NR_CPUS);
};

typedef struct cpumask cpumask_var_t[1];

extern unsigned int nr_cpu_ids;
extern struct cpumask __cpu_online_mask;
extern __thread unsigned int __shim_current_cpu;

#define cpu_online_mask		((const struct cpumask *)&__cpu_online_mask)
#define cpu_possible_mask	cpu_online_mask
#define cpu_present_mask	cpu_online_mask
#define cpumask_bits(m)		((m)->bits)

static inline bool cpumask_test_cpu(int cpu, const struct cpumask *m)
{
	return cpu >= 0 && cpu < NR_CPUS && test_bit(cpu, m->bits);
}

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *m)
{
	set_bit(cpu, m->bits);
}

static inline void cpumask_clear_cpu(int cpu, struct cpumask *m)
{
	clear_bit(cpu, m->bits);
}

static inline bool cpumask_test_and_set_cpu(int cpu, struct cpumask *m)
{
	return test_and_set_bit(cpu, m->bits);
}

static inline void cpumask_clear(struct cpumask *m)
{
	bitmap_zero(m->bits, NR_CPUS);
}

static inline void cpumask_copy(struct cpumask *d, const struct cpumask *s)
{
	*d = *s;
}

static inline unsigned int cpumask_weight(const struct cpumask *m)
{
	return bitmap_weight(m->bits, nr_cpu_ids);
}

static inline bool cpumask_equal(const struct cpumask *a,
				 const struct cpumask *b)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (test_bit(cpu, a->bits) != test_bit(cpu, b->bits))
			return false;
	return true;
}

static inline bool cpumask_empty(const struct cpumask *m)
{
	return bitmap_empty(m->bits, nr_cpu_ids);
}

static inline unsigned int cpumask_first(const struct cpumask *m)
{
	return find_first_bit(m->bits, nr_cpu_ids);
}

static inline unsigned int cpumask_next(int n, const struct cpumask *m)
{
	return find_next_bit(m->bits, nr_cpu_ids, n + 1);
}

static inline bool zalloc_cpumask_var(cpumask_var_t *m, gfp_t gfp)
{
	cpumask_clear(*m);
	return true;
}

static inline bool alloc_cpumask_var(cpumask_var_t *m, gfp_t gfp)
{
	return zalloc_cpumask_var(m, gfp);
}

static inline void free_cpumask_var(cpumask_var_t m)
{
}

#define for_each_cpu(cpu, mask)						\
	for ((cpu) = cpumask_first(mask); (cpu) < nr_cpu_ids;		\
	     (cpu) = cpumask_next((cpu), (mask)))
#define for_each_online_cpu(cpu)	for_each_cpu(cpu, cpu_online_mask)
#define for_each_possible_cpu(cpu)	for_each_cpu(cpu, cpu_possible_mask)
#define for_each_present_cpu(cpu)	for_each_cpu(cpu, cpu_present_mask)

static inline unsigned int cpumask_any_but(const struct cpumask *m,
					   unsigned int but)
{
	unsigned int cpu;

	for_each_cpu(cpu, m)
		if (cpu != but)
			return cpu;
	return nr_cpu_ids;
}

static inline bool cpu_online(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cpu_online_mask);
}

#define cpu_possible(cpu)	cpu_online(cpu)
#define cpu_present(cpu)	cpu_online(cpu)

static inline unsigned int num_online_cpus(void)
{
	return cpumask_weight(cpu_online_mask);
}

#define num_possible_cpus()	num_online_cpus()
#define num_present_cpus()	num_online_cpus()

#define raw_smp_processor_id()	(__shim_current_cpu)
#define smp_processor_id()	(__shim_current_cpu)
void shim_preempt_disable(void);
void shim_preempt_enable(void);
#define preempt_disable()	shim_preempt_disable()
#define preempt_enable()	shim_preempt_enable()
#define preempt_enable_no_resched()	shim_preempt_enable()
#define migrate_disable()	barrier()
#define migrate_enable()	barrier()
#define get_cpu()		({ preempt_disable(); smp_processor_id(); })
#define put_cpu()		preempt_enable()
#define preemptible()		1
#define in_task()		1
#define in_interrupt()		0
bool shim_atomic(void);
void shim_might_sleep(const char *what);
#define in_atomic()		shim_atomic()
#define irqs_disabled()		0
#define local_irq_disable()	barrier()
#define local_irq_enable()	barrier()
#define local_irq_save(flags)	do { (flags) = 0; barrier(); } while (0)
#define local_irq_restore(flags)	do { (void)(flags); barrier(); } while (0)

unsigned int topology_physical_package_id(unsigned int cpu);
unsigned int topology_max_packages(void);
#define topology_logical_package_id(cpu)	topology_physical_package_id(cpu)
#define topology_core_id(cpu)			(cpu)
#define cpu_to_node(cpu)			0

void cpus_read_lock(void);
void cpus_read_unlock(void);
void cpus_write_lock(void);
void cpus_write_unlock(void);
#define get_online_cpus()	cpus_read_lock()
#define put_online_cpus()	cpus_read_unlock()

typedef void (*smp_call_func_t)(void *info);

int smp_call_on_cpu(unsigned int cpu, int (*func)(void *), void *par,
		    bool phys);
int smp_call_function_single(int cpu, smp_call_func_t func, void *info,
			     int wait);
void on_each_cpu(smp_call_func_t func, void *info, int wait);
void on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func,
		      void *info, bool wait);

/* linux/sched.h, linux/delay.h: nothing ever sleeps for long. */
void cond_resched(void);
void schedule(void);
void msleep(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);
#define might_sleep()		shim_might_sleep("might_sleep()")
#define might_resched()		do { } while (0)
#define udelay(us)		do { (void)(us); barrier(); } while (0)
#define ndelay(ns)		do { (void)(ns); barrier(); } while (0)
#define mdelay(ms)		do { (void)(ms); barrier(); } while (0)
#define fsleep(us)		usleep_range(us, us)
#define ssleep(s)		msleep((s) * 1000)
#define signal_pending(p)	0
#define fatal_signal_pending(p)	0

#endif /* _SHIM_CPU_H */
