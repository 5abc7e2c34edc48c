// SPDX-License-Identifier: GPL-2.0
/*
 * Extension leaves of the simulated TDX module: TDH.EXT.MEM.ADD gives the
 * module's extensions pages for good, TDH.EXT.INIT initialises them.  Both
 * are resumable (§5.2, §5.3); neither is in module 1.5.01's source, so
 * the details below follow the Linux patches and are marked where
 * inferred.
 */
#include <linux/bitfield.h>
#include <asm/page.h>

#include <tdx/hpa_list.h>
#include <tdx/sys.h>

#include "sim.h"

static u64 sim_hpa_list_info(u64 info, unsigned int first)
{
	return (info & ~HPA_LIST_INFO_FIRST_ENTRY) |
	       FIELD_PREP(HPA_LIST_INFO_FIRST_ENTRY, first);
}

/*
 * Check one list entry like an explicit page operand (operand RCX: the
 * list is named by RCX) and take it.  Its PAMT lock is held only while
 * the entry is consumed, since a list names up to 512 pages.
 */
static u64 sim_ext_take(u64 pa)
{
	struct sim_pamt_entry *e;
	u64 err = TDX_SUCCESS;

	if (!sim_pa_valid(pa))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	e = sim_pamt_leaf(pa, NULL);
	if (!e)
		return sim_err(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
	if (!sim_trylock(&e->lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	/* Inferred: an entry that is not a free 4K page is bad metadata. */
	if (e->pt != SIM_PT_NDA || e->size != SIM_PS_4K) {
		err = sim_err(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_ID_RCX);
	} else {
		/*
		 * Inferred: the module keeps pool pages as PT_RSVD (no page
		 * type for them is known), owner 0.
		 */
		sim_give_page(pa, SIM_PT_RSVD, 0);
		e->ext = true;
		tdx_sim->pool_pages++;
	}
	sim_unlock(&e->lock, true);
	return err;
}

/**
 * sim_ext_mem_add() - TDH.EXT.MEM.ADD: give pages to the extensions.
 * @c: the call (RCX = HPA_LIST_INFO; output RCX = updated HPA_LIST_INFO).
 *
 * Entries FIRST_ENTRY..LAST_ENTRY are consumed in order.  When the call
 * is interrupted, output RCX has FIRST_ENTRY moved to the first entry not
 * consumed, so the caller re-issues with it (LP-EXT).  Inferred: a bad
 * entry also stops the call with the entries before it consumed (kept by
 * the module) and FIRST_ENTRY at the bad one; on success FIRST_ENTRY
 * cannot move past LAST_ENTRY (511 would not fit), so output RCX is the
 * input unchanged.
 *
 * Return: completion status.
 */
u64 sim_ext_mem_add(struct sim_call *c)
{
	const u64 info = c->in.rcx;
	unsigned int first, last, i, done = 0;
	const u64 *list;
	u64 list_pa, err;

	/* Inferred: without the EXT feature the leaf does not exist. */
	if (!(tdx_sim->cfg.features0 & TDX_FEATURES0_EXT))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	first = FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, info);
	last = FIELD_GET(HPA_LIST_INFO_LAST_ENTRY, info);
	list_pa = FIELD_GET(HPA_LIST_INFO_PFN, info) << PAGE_SHIFT;
	/* Inferred: FIRST past LAST is an invalid list. */
	if ((info & HPA_LIST_INFO_RESERVED) || first > last ||
	    !sim_pa_valid(list_pa))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	/* Inferred: the pool is module-global state under the global lock. */
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;

	list = __va(list_pa);
	for (i = first; i <= last; i++) {
		if (tdx_sim->intr_ext_mem_add &&
		    done == tdx_sim->intr_ext_mem_add) {
			c->out->rcx = sim_hpa_list_info(info, i);
			return TDX_INTERRUPTED_RESUMABLE;
		}
		err = sim_ext_take(list[i]);
		if (err) {
			c->out->rcx = sim_hpa_list_info(info, i);
			return err;
		}
		done++;
	}
	c->out->rcx = info;
	return TDX_SUCCESS;
}

/**
 * sim_ext_init() - TDH.EXT.INIT: initialise the extensions.
 * @c: the call (no inputs; re-issued unchanged after an interruption).
 *
 * Return: completion status.
 */
u64 sim_ext_init(struct sim_call *c)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;
	u32 n;

	/* Inferred: without the EXT feature the leaf does not exist. */
	if (!(cfg->features0 & TDX_FEATURES0_EXT))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	/* Inferred: once done, a repeat is a successful no-op. */
	if (tdx_sim->ext_done)
		return TDX_SUCCESS;
	/*
	 * Inferred: Linux calls EXT.INIT only when metadata EXT_REQUIRED is
	 * 1.  Called anyway, the module is taken to have nothing to
	 * initialise: a successful no-op that changes no state, so a later
	 * call cannot tell it happened.
	 */
	if (!cfg->ext_required)
		return TDX_SUCCESS;
	/* Inferred: the pool must hold what the metadata asked for. */
	if (tdx_sim->pool_pages < cfg->memory_pool_required_pages)
		return TDX_SYS_STATE_INCORRECT;

	n = cfg->ext_init_units - tdx_sim->ext_units_done;
	if (tdx_sim->intr_ext_init && n > tdx_sim->intr_ext_init)
		n = tdx_sim->intr_ext_init;
	tdx_sim->ext_units_done += n;
	if (tdx_sim->ext_units_done < cfg->ext_init_units)
		return TDX_INTERRUPTED_RESUMABLE;
	tdx_sim->ext_done = true;
	return TDX_SUCCESS;
}
