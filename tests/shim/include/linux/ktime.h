/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: monotonic time from clock_gettime(CLOCK_MONOTONIC). */
#ifndef _SHIM_LINUX_KTIME_H
#define _SHIM_LINUX_KTIME_H

#include <shim/core.h>

typedef s64 ktime_t;

#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define NSEC_PER_SEC	1000000000L
#define USEC_PER_SEC	1000000L
#define MSEC_PER_SEC	1000L

u64 ktime_get_ns(void);

static inline ktime_t ktime_get(void)
{
	return (ktime_t)ktime_get_ns();
}

#define ktime_get_raw_ns()		ktime_get_ns()
#define ktime_get_mono_fast_ns()	ktime_get_ns()
#define ktime_get_boottime_ns()		ktime_get_ns()
#define ktime_add_ns(kt, ns)		((kt) + (ns))
#define ktime_sub(a, b)			((a) - (b))
#define ktime_to_ns(kt)			((s64)(kt))
#define ktime_to_us(kt)			((s64)(kt) / NSEC_PER_USEC)
#define ktime_to_ms(kt)			((s64)(kt) / NSEC_PER_MSEC)
#define ktime_before(a, b)		((a) < (b))
#define ktime_after(a, b)		((a) > (b))
#define ns_to_ktime(ns)			((ktime_t)(ns))
#define ms_to_ktime(ms)			((ktime_t)(ms) * NSEC_PER_MSEC)

#endif /* _SHIM_LINUX_KTIME_H */
