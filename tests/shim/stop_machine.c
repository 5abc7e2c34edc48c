// SPDX-License-Identifier: GPL-2.0
/*
 * Host shim: preemption as a hold on the machine, and stop_machine().
 *
 * In the kernel, stop_machine() cannot start while any CPU runs with
 * preemption disabled, and nothing else runs until it ends.  Here a
 * thread's outermost preempt_disable() takes a shared hold on the machine
 * and stop_machine() takes it exclusively, then runs its function on one
 * new thread per CPU ("stopper" threads, whose own preempt_disable() is
 * free, since the machine is theirs).  Sleeping in either (a mutex, an
 * allocation that may sleep, msleep()) is recorded as a violation, as
 * the kernel's might_sleep() checks would report it.
 */
#define _GNU_SOURCE	/* PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP */
#include <pthread.h>

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/stop_machine.h>

#include "internal.h"

/*
 * Writers first, so that a stream of SEAMCALLs cannot starve an update;
 * no thread read-locks twice (the depth count sees to that), so this
 * cannot deadlock on a recursive read.
 */
static pthread_rwlock_t shim_machine =
	PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static __thread unsigned int shim_preempt_depth;
static __thread bool shim_stopper;

void shim_preempt_disable(void)
{
	if (shim_preempt_depth++ == 0 && !shim_stopper)
		pthread_rwlock_rdlock(&shim_machine);
}

/* Preemption disabled, or a stopper thread: the kernel's atomic context. */
bool shim_atomic(void)
{
	return shim_preempt_depth || shim_stopper;
}

void shim_might_sleep(const char *what)
{
	if (shim_atomic())
		shim_violation("%s in atomic context (%s)", what,
			       shim_stopper ? "stop_machine()" :
					      "preemption disabled");
}

void shim_preempt_enable(void)
{
	if (!shim_preempt_depth) {
		shim_violation("preempt_enable() without preempt_disable()");
		return;
	}
	if (--shim_preempt_depth == 0 && !shim_stopper)
		pthread_rwlock_unlock(&shim_machine);
}

struct shim_stopper_arg {
	cpu_stop_fn_t fn;
	void *data;
	unsigned int cpu;
	int ret;
};

static void *shim_stopper_thread(void *p)
{
	struct shim_stopper_arg *arg = p;

	shim_stopper = true;
	__shim_current_cpu = arg->cpu;
	arg->ret = arg->fn(arg->data);
	return NULL;
}

int stop_machine_cpuslocked(cpu_stop_fn_t fn, void *data,
			    const struct cpumask *cpus)
{
	static struct shim_stopper_arg args[NR_CPUS];
	static pthread_t threads[NR_CPUS];
	unsigned int cpu, n = 0, i;
	int ret = 0;

	if (shim_preempt_depth) {
		shim_violation("stop_machine() with preemption disabled");
		return -EDEADLK;
	}
	pthread_rwlock_wrlock(&shim_machine);
	for_each_online_cpu(cpu) {
		/* Without a mask the function runs on one CPU only. */
		if (cpus ? !cpumask_test_cpu(cpu, cpus) : n)
			continue;
		args[n] = (struct shim_stopper_arg){ fn, data, cpu, 0 };
		if (pthread_create(&threads[n], NULL, shim_stopper_thread,
				   &args[n])) {
			shim_violation("stop_machine(): no thread for CPU %u",
				       cpu);
			ret = -ENOMEM;
			break;
		}
		n++;
	}
	for (i = 0; i < n; i++) {
		pthread_join(threads[i], NULL);
		if (!ret)
			ret = args[i].ret;
	}
	pthread_rwlock_unlock(&shim_machine);
	return ret;
}

int stop_machine(cpu_stop_fn_t fn, void *data, const struct cpumask *cpus)
{
	int ret;

	cpus_read_lock();
	ret = stop_machine_cpuslocked(fn, data, cpus);
	cpus_read_unlock();
	return ret;
}
