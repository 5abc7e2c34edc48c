// SPDX-License-Identifier: GPL-2.0
/*
 * Running a function once per CPU package.
 *
 * Keys (TDH.SYS.KEY.CONFIG, TDH.MNG.KEY.CONFIG) and cache write-back
 * (TDH.PHYMEM.CACHE.WB) are per package: each must run once on some CPU
 * of every package.
 */
#include <linux/bitops.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include <tdx/sys.h>
#include <tdx/tdx.h>

/**
 * tdx_on_each_package() - Run @fn on one online CPU of every package.
 * @fn: the function; its return value is passed back on failure.
 * @arg: its argument.
 *
 * Packages are visited one at a time, in CPU order, on the first online
 * CPU of each: the per-package leaves contend with each other, so running
 * them in parallel would only produce TDX_OPERAND_BUSY.  The caller holds
 * cpus_read_lock() so that the set of online CPUs cannot change.
 *
 * Return: 0, the first nonzero value @fn returned (later packages are not
 * visited), or -ENOMEM.
 */
int tdx_on_each_package(int (*fn)(void *arg), void *arg)
{
	unsigned long *done;
	unsigned int cpu;
	int ret = 0;

	lockdep_assert_cpus_held();
	done = bitmap_zalloc(tdx_nr_packages(), GFP_KERNEL);
	if (!done)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		if (test_and_set_bit(tdx_cpu_package(cpu), done))
			continue;
		ret = smp_call_on_cpu(cpu, fn, arg, false);
		if (ret)
			break;
	}
	bitmap_free(done);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_on_each_package);
