/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: spinlocks, mutexes and rw-semaphores on pthreads.  All give
 * real mutual exclusion.  Spinlock holders have preemption disabled, as in
 * the kernel, which keeps stop_machine() out (<shim/cpu.h>).  Interrupt
 * variants are the same as the plain ones; lockdep assertions are no-ops.
 */
#ifndef _SHIM_LOCK_H
#define _SHIM_LOCK_H

#include <pthread.h>
#include <shim/core.h>
#include <shim/cpu.h>

typedef struct {
	pthread_mutex_t m;
} raw_spinlock_t;

typedef raw_spinlock_t spinlock_t;

#define __SHIM_LOCK_INIT		{ PTHREAD_MUTEX_INITIALIZER }
#define __SPIN_LOCK_UNLOCKED(x)		__SHIM_LOCK_INIT
#define __RAW_SPIN_LOCK_UNLOCKED(x)	__SHIM_LOCK_INIT
#define DEFINE_SPINLOCK(x)		spinlock_t x = __SHIM_LOCK_INIT
#define DEFINE_RAW_SPINLOCK(x)		raw_spinlock_t x = __SHIM_LOCK_INIT

static inline void raw_spin_lock_init(raw_spinlock_t *l)
{
	pthread_mutex_init(&l->m, NULL);
}

static inline void raw_spin_lock(raw_spinlock_t *l)
{
	shim_preempt_disable();
	pthread_mutex_lock(&l->m);
}

static inline void raw_spin_unlock(raw_spinlock_t *l)
{
	pthread_mutex_unlock(&l->m);
	shim_preempt_enable();
}

static inline int raw_spin_trylock(raw_spinlock_t *l)
{
	shim_preempt_disable();
	if (pthread_mutex_trylock(&l->m) == 0)
		return 1;
	shim_preempt_enable();
	return 0;
}

#define spin_lock_init(l)		raw_spin_lock_init(l)
#define spin_lock(l)			raw_spin_lock(l)
#define spin_unlock(l)			raw_spin_unlock(l)
#define spin_trylock(l)			raw_spin_trylock(l)
#define spin_lock_irq(l)		raw_spin_lock(l)
#define spin_unlock_irq(l)		raw_spin_unlock(l)
#define spin_lock_bh(l)			raw_spin_lock(l)
#define spin_unlock_bh(l)		raw_spin_unlock(l)
#define raw_spin_lock_irq(l)		raw_spin_lock(l)
#define raw_spin_unlock_irq(l)		raw_spin_unlock(l)
#define raw_spin_lock_irqsave(l, flags)					\
	do { (flags) = 0; raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irqrestore(l, flags)				\
	do { (void)(flags); raw_spin_unlock(l); } while (0)
#define spin_lock_irqsave(l, flags)	raw_spin_lock_irqsave(l, flags)
#define spin_unlock_irqrestore(l, flags) raw_spin_unlock_irqrestore(l, flags)

#define lockdep_assert_held(l)		do { (void)(l); } while (0)
#define lockdep_assert_held_write(l)	do { (void)(l); } while (0)
#define lockdep_assert_held_read(l)	do { (void)(l); } while (0)
#define lockdep_assert_not_held(l)	do { (void)(l); } while (0)
#define lockdep_assert_irqs_disabled()	do { } while (0)
#define lockdep_assert_preemption_disabled()	do { } while (0)
#define lockdep_assert_cpus_held()	do { } while (0)
#define lockdep_set_class(l, k)		do { (void)(l); } while (0)

struct mutex {
	pthread_mutex_t m;
	int locked;
};

#define __MUTEX_INITIALIZER(x)		{ PTHREAD_MUTEX_INITIALIZER, 0 }
#define DEFINE_MUTEX(x)			struct mutex x = __MUTEX_INITIALIZER(x)

static inline void mutex_init(struct mutex *lock)
{
	pthread_mutex_init(&lock->m, NULL);
	lock->locked = 0;
}

static inline void mutex_destroy(struct mutex *lock)
{
	pthread_mutex_destroy(&lock->m);
}

static inline void mutex_lock(struct mutex *lock)
{
	shim_might_sleep("mutex_lock()");
	pthread_mutex_lock(&lock->m);
	__atomic_store_n(&lock->locked, 1, __ATOMIC_RELAXED);
}

static inline int mutex_trylock(struct mutex *lock)
{
	if (pthread_mutex_trylock(&lock->m))
		return 0;
	__atomic_store_n(&lock->locked, 1, __ATOMIC_RELAXED);
	return 1;
}

static inline void mutex_unlock(struct mutex *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&lock->m);
}

static inline bool mutex_is_locked(struct mutex *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

static inline int mutex_lock_interruptible(struct mutex *lock)
{
	mutex_lock(lock);
	return 0;
}

#define mutex_lock_killable(l)		mutex_lock_interruptible(l)
#define mutex_lock_nested(l, c)		mutex_lock(l)

struct rw_semaphore {
	pthread_rwlock_t rw;
};

#define __RWSEM_INITIALIZER(x)		{ PTHREAD_RWLOCK_INITIALIZER }
#define DECLARE_RWSEM(x)		struct rw_semaphore x = __RWSEM_INITIALIZER(x)

static inline void init_rwsem(struct rw_semaphore *s)
{
	pthread_rwlock_init(&s->rw, NULL);
}

static inline void down_read(struct rw_semaphore *s)
{
	pthread_rwlock_rdlock(&s->rw);
}

static inline void up_read(struct rw_semaphore *s)
{
	pthread_rwlock_unlock(&s->rw);
}

static inline void down_write(struct rw_semaphore *s)
{
	pthread_rwlock_wrlock(&s->rw);
}

static inline void up_write(struct rw_semaphore *s)
{
	pthread_rwlock_unlock(&s->rw);
}

static inline int down_read_trylock(struct rw_semaphore *s)
{
	return pthread_rwlock_tryrdlock(&s->rw) == 0;
}

static inline int down_write_trylock(struct rw_semaphore *s)
{
	return pthread_rwlock_trywrlock(&s->rw) == 0;
}

#endif /* _SHIM_LOCK_H */
