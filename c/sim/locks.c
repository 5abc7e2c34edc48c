// SPDX-License-Identifier: GPL-2.0
/*
 * Module-lock model of the simulated TDX module.
 *
 * The real module never waits for a lock: every acquire is a single
 * try-lock, and a SEAMCALL that fails one drops what it took and returns
 * TDX_OPERAND_BUSY (or TDX_SYS_BUSY) with no side effects (§7).  The
 * simulator serialises SEAMCALLs with one lock, so a call's locks are all
 * free again when it returns; conflicts come from locks a test holds with
 * tdx_sim_hold_lock() to stand for another LP inside a SEAMCALL.  The lock
 * state is nevertheless kept in general form (reader count and exclusive
 * flag) so that any mix of holders behaves like the module.
 *
 * The host-priority bit of PAMT and op-state locks only matters to guest
 * (TDCALL) paths, which are not simulated, so it is not modelled.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <asm/page.h>

#include "sim.h"

/**
 * sim_trylock() - Try to take a module lock once.
 * @l: the lock.
 * @excl: exclusive (else shared).
 *
 * Return: true if taken.
 */
bool sim_trylock(struct sim_lock *l, bool excl)
{
	if (l->excl)
		return false;
	if (excl) {
		if (l->readers)
			return false;
		l->excl = true;
	} else {
		l->readers++;
	}
	return true;
}

/**
 * sim_unlock() - Release a module lock taken with sim_trylock().
 * @l: the lock.
 * @excl: the mode it was taken in.
 */
void sim_unlock(struct sim_lock *l, bool excl)
{
	if (excl)
		l->excl = false;
	else if (l->readers)
		l->readers--;
}

/**
 * sim_call_lock() - Take a lock for the rest of a SEAMCALL.
 * @c: the call.
 * @l: the lock.
 * @excl: exclusive (else shared).
 *
 * The lock is recorded in @c and dropped by sim_call_unlock_all() when the
 * call returns, whatever its status.
 *
 * Return: true if taken; false if another holder has it (the caller then
 * returns its BUSY status; the locks it already took are dropped too).
 */
bool sim_call_lock(struct sim_call *c, struct sim_lock *l, bool excl)
{
	struct sim_lockset *ls = &c->locks;

	if (WARN_ON_ONCE(ls->n >= SIM_MAX_HELD))
		return false;
	if (!sim_trylock(l, excl))
		return false;
	ls->lock[ls->n] = l;
	ls->excl[ls->n] = excl;
	ls->n++;
	return true;
}

/**
 * sim_call_unlock_all() - Drop every lock a SEAMCALL took, newest first.
 * @c: the call.
 */
void sim_call_unlock_all(struct sim_call *c)
{
	struct sim_lockset *ls = &c->locks;

	while (ls->n > 0) {
		ls->n--;
		sim_unlock(ls->lock[ls->n], ls->excl[ls->n]);
	}
}

static struct sim_td *sim_td_of(u64 tdr_pa)
{
	struct sim_pamt_entry *e = sim_pamt_raw(tdr_pa);

	if (!e || e->pt != SIM_PT_TDR || (tdr_pa & ~PAGE_MASK))
		return NULL;
	return e->obj;
}

/* Find the lock a test names; NULL if there is no such object. */
static struct sim_lock *sim_named_lock(enum tdx_sim_lock lock, u64 pa)
{
	struct sim_pamt_entry *e;
	struct sim_td *td;

	switch (lock) {
	case TDX_SIM_LOCK_PAGE:
		e = sim_pamt_leaf(pa & PAGE_MASK, NULL);
		return e ? &e->lock : NULL;
	case TDX_SIM_LOCK_SEPT:
	case TDX_SIM_LOCK_EPOCH:
	case TDX_SIM_LOCK_OP_STATE:
		td = sim_td_of(pa);
		if (!td)
			return NULL;
		if (lock == TDX_SIM_LOCK_SEPT)
			return &td->sept_lock;
		if (lock == TDX_SIM_LOCK_EPOCH)
			return &td->epoch_lock;
		return &td->op_lock;
	case TDX_SIM_LOCK_KOT:
		return &tdx_sim->kot_lock;
	case TDX_SIM_LOCK_KET:
		return &tdx_sim->ket_lock;
	case TDX_SIM_LOCK_SYS:
		return &tdx_sim->sys_lock;
	case TDX_SIM_LOCK_WBCACHE:
		if (pa >= SIM_MAX_PKGS)
			return NULL;
		return &tdx_sim->wbc[pa].lock;
	}
	return NULL;
}

/**
 * tdx_sim_hold_lock() - Pretend another LP holds a module lock.
 * @lock: which lock.
 * @pa: the page (TDX_SIM_LOCK_PAGE), the TDR of the TD (SEPT, EPOCH,
 *	OP_STATE) or the package number (WBCACHE); ignored for KOT, SYS
 *	and KET.
 * @exclusive: hold it exclusively (else shared).
 *
 * SEAMCALLs needing the lock in a conflicting mode then fail with the
 * module's BUSY status until tdx_sim_release_lock().
 *
 * Return: 0, -ENODEV if the module is not running, -ENOENT if there is no
 * such object, -EBUSY if the lock cannot be taken in that mode.
 */
int tdx_sim_hold_lock(enum tdx_sim_lock lock, u64 pa, bool exclusive)
{
	struct sim_lock *l;
	int ret = 0;

	raw_spin_lock(&tdx_sim_lock);
	if (!tdx_sim) {
		ret = -ENODEV;
		goto out;
	}
	l = sim_named_lock(lock, pa);
	if (!l)
		ret = -ENOENT;
	else if (!sim_trylock(l, exclusive))
		ret = -EBUSY;
out:
	raw_spin_unlock(&tdx_sim_lock);
	return ret;
}

/**
 * tdx_sim_release_lock() - Drop a lock taken by tdx_sim_hold_lock().
 * @lock: which lock.
 * @pa: as given to tdx_sim_hold_lock().
 *
 * An exclusive hold is dropped if there is one, else one shared hold.
 */
void tdx_sim_release_lock(enum tdx_sim_lock lock, u64 pa)
{
	struct sim_lock *l;

	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim) {
		l = sim_named_lock(lock, pa);
		if (l)
			sim_unlock(l, l->excl);
	}
	raw_spin_unlock(&tdx_sim_lock);
}
