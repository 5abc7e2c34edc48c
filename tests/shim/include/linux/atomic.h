/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: atomic_t/atomic64_t and barriers on the __atomic builtins. */
#ifndef _SHIM_LINUX_ATOMIC_H
#define _SHIM_LINUX_ATOMIC_H

#include <shim/core.h>

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }
#define ATOMIC_LONG_INIT(i)	{ (i) }

#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define mb()		smp_mb()
#define rmb()		smp_rmb()
#define wmb()		smp_wmb()
#define smp_mb__before_atomic()	smp_mb()
#define smp_mb__after_atomic()	smp_mb()
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_store_mb(var, v)	__atomic_store_n(&(var), (v), __ATOMIC_SEQ_CST)
/*
 * A spinning "CPU" is a host thread that may share a core with the one it
 * waits for (4 simulated CPUs on 2 cores): give the core away.
 */
int sched_yield(void);
#define cpu_relax()		((void)sched_yield())

/* Generic xchg()/cmpxchg() on any scalar; cmpxchg returns the old value. */
#define xchg(ptr, v)	__atomic_exchange_n((ptr), (v), __ATOMIC_SEQ_CST)
#define cmpxchg(ptr, o, n) ({						\
	__typeof__(*(ptr)) __old = (o);					\
	__atomic_compare_exchange_n((ptr), &__old, (n), false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	__old; })
#define try_cmpxchg(ptr, oldp, n)					\
	__atomic_compare_exchange_n((ptr), (oldp), (n), false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define cmpxchg64(ptr, o, n)	cmpxchg(ptr, o, n)

#define __SHIM_ATOMIC_OPS(pfx, atype, t)				\
static inline t pfx##_read(const atype *v)				\
{									\
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);		\
}									\
static inline void pfx##_set(atype *v, t i)				\
{									\
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);		\
}									\
static inline t pfx##_read_acquire(const atype *v)			\
{									\
	return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);		\
}									\
static inline void pfx##_set_release(atype *v, t i)			\
{									\
	__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);		\
}									\
static inline t pfx##_add_return(t i, atype *v)				\
{									\
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline t pfx##_sub_return(t i, atype *v)				\
{									\
	return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline t pfx##_fetch_add(t i, atype *v)				\
{									\
	return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline t pfx##_fetch_sub(t i, atype *v)				\
{									\
	return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline t pfx##_fetch_or(t i, atype *v)				\
{									\
	return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline t pfx##_fetch_and(t i, atype *v)				\
{									\
	return __atomic_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST);	\
}									\
static inline void pfx##_add(t i, atype *v)				\
{									\
	pfx##_add_return(i, v);						\
}									\
static inline void pfx##_sub(t i, atype *v)				\
{									\
	pfx##_sub_return(i, v);						\
}									\
static inline void pfx##_or(t i, atype *v)				\
{									\
	pfx##_fetch_or(i, v);						\
}									\
static inline void pfx##_and(t i, atype *v)				\
{									\
	pfx##_fetch_and(i, v);						\
}									\
static inline void pfx##_inc(atype *v)					\
{									\
	pfx##_add_return(1, v);						\
}									\
static inline void pfx##_dec(atype *v)					\
{									\
	pfx##_sub_return(1, v);						\
}									\
static inline t pfx##_inc_return(atype *v)				\
{									\
	return pfx##_add_return(1, v);					\
}									\
static inline t pfx##_dec_return(atype *v)				\
{									\
	return pfx##_sub_return(1, v);					\
}									\
static inline bool pfx##_dec_and_test(atype *v)				\
{									\
	return pfx##_sub_return(1, v) == 0;				\
}									\
static inline bool pfx##_inc_and_test(atype *v)				\
{									\
	return pfx##_add_return(1, v) == 0;				\
}									\
static inline bool pfx##_sub_and_test(t i, atype *v)			\
{									\
	return pfx##_sub_return(i, v) == 0;				\
}									\
static inline t pfx##_xchg(atype *v, t n)				\
{									\
	return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST);	\
}									\
static inline t pfx##_cmpxchg(atype *v, t old, t n)			\
{									\
	__atomic_compare_exchange_n(&v->counter, &old, n, false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	return old;							\
}									\
static inline bool pfx##_try_cmpxchg(atype *v, t *old, t n)		\
{									\
	return __atomic_compare_exchange_n(&v->counter, old, n, false,	\
					   __ATOMIC_SEQ_CST,		\
					   __ATOMIC_SEQ_CST);		\
}									\
static inline bool pfx##_add_unless(atype *v, t a, t u)			\
{									\
	t c = pfx##_read(v);						\
									\
	do {								\
		if (c == u)						\
			return false;					\
	} while (!pfx##_try_cmpxchg(v, &c, c + a));			\
	return true;							\
}									\
static inline bool pfx##_inc_not_zero(atype *v)				\
{									\
	return pfx##_add_unless(v, 1, 0);				\
}

__SHIM_ATOMIC_OPS(atomic, atomic_t, int)
__SHIM_ATOMIC_OPS(atomic64, atomic64_t, s64)
__SHIM_ATOMIC_OPS(atomic_long, atomic_long_t, long)

#endif /* _SHIM_LINUX_ATOMIC_H */
