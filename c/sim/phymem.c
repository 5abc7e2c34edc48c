// SPDX-License-Identifier: GPL-2.0
/*
 * Physical-memory leaves of the simulated TDX module: PHYMEM.PAGE.RECLAIM
 * (§3.4), PHYMEM.PAGE.RDMD, PHYMEM.PAGE.WBINVD and PHYMEM.CACHE.WB (§3.5).
 */
#include <linux/kernel.h>
#include <asm/page.h>

#include "seamcall.h"
#include "sim.h"

/**
 * sim_phymem_page_reclaim() - TDH.PHYMEM.PAGE.RECLAIM: take a page back
 * from a TD in teardown.
 * @c: the call (RCX = page; outputs RCX = type, RDX = owner, R8 = size).
 *
 * Follows §3.4 step by step; the outputs are set as soon as the PAMT walk
 * found a reclaimable page, so they are present on later errors too.
 *
 * Return: completion status.
 */
u64 sim_phymem_page_reclaim(struct sim_call *c)
{
	struct sim_pamt_entry *e, *tdr_e;
	u64 pa = c->in.rcx, leaf_pa, i, n;
	struct sim_td *td;

	/* 1: form; 2: TDMR membership; 3: PAMT walk and lock. */
	if (!sim_pa_valid(pa))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	e = sim_pamt_leaf(pa, &leaf_pa);
	if (!e)
		return sim_err(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
	if (!sim_call_lock(c, &e->lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	/* 4: only TD pages can be reclaimed. */
	if (e->pt == SIM_PT_NDA || e->pt == SIM_PT_RSVD)
		return sim_err(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_ID_RCX);
	c->out->rcx = e->pt;
	c->out->rdx = e->owner;
	c->out->r8 = e->size;
	/* 5: a large page is named by its first page. */
	if (pa != leaf_pa)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);

	if (e->pt == SIM_PT_TDR) {
		/* 6b */
		td = e->obj;
		if (td->lifecycle != SIM_TD_TEARDOWN)
			return TDX_LIFECYCLE_STATE_INCORRECT;
		if (td->chldcnt)
			return TDX_TD_ASSOCIATED_PAGES_EXIST;
		sim_td_free(td);
	} else {
		/* 6a: the owner TDR, locked shared (implicit operand). */
		tdr_e = sim_pamt_raw(e->owner);
		td = tdr_e->obj;
		if (!sim_call_lock(c, &tdr_e->lock, false))
			return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_TDR);
		if (td->lifecycle != SIM_TD_TEARDOWN)
			return TDX_LIFECYCLE_STATE_INCORRECT;
		td->chldcnt -= sim_level_pages(e->size);
		if (e->pt == SIM_PT_TDVPR)
			sim_vcpu_free(e->obj);
	}

	/* 7 */
	n = sim_level_pages(e->size);
	for (i = 0; i < n; i++) {
		struct sim_pamt_entry *p = sim_pamt_raw(pa + i * PAGE_SIZE);

		p->pt = SIM_PT_NDA;
		p->size = SIM_PS_4K;
		p->owner = 0;
		p->bepoch = 0;
		p->obj = NULL;
	}
	return TDX_SUCCESS;
}

/**
 * sim_phymem_page_rdmd() - TDH.PHYMEM.PAGE.RDMD: read a page's PAMT entry.
 * @c: the call (RCX = page; outputs RCX = type, RDX = owner, R8 = size,
 *	R9 = BEPOCH for REG and EPT pages).
 *
 * Return: completion status.
 */
u64 sim_phymem_page_rdmd(struct sim_call *c)
{
	struct sim_pamt_entry *e;

	if (!sim_pa_valid(c->in.rcx))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	e = sim_pamt_leaf(c->in.rcx, NULL);
	if (!e)
		return sim_err(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
	if (!sim_call_lock(c, &e->lock, false))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	c->out->rcx = e->pt;
	c->out->rdx = e->owner;
	c->out->r8 = e->size;
	if (e->pt == SIM_PT_REG || e->pt == SIM_PT_EPT)
		c->out->r9 = e->bepoch;
	return TDX_SUCCESS;
}

/**
 * sim_phymem_page_wbinvd() - TDH.PHYMEM.PAGE.WBINVD: write back and
 * invalidate one free page's cache lines for one private key.
 * @c: the call (RCX = page PA | HKID << keyid_shift).
 *
 * Return: completion status.
 */
u64 sim_phymem_page_wbinvd(struct sim_call *c)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;
	u64 hkid = c->in.rcx >> cfg->keyid_shift;
	u64 pa = c->in.rcx & (BIT_ULL(cfg->keyid_shift) - 1);
	struct sim_pamt_entry *e;

	/* Inferred: the key must be a TDX private key (TD or global). */
	if ((pa & ~PAGE_MASK) || hkid < cfg->first_keyid ||
	    hkid >= cfg->first_keyid + cfg->nr_keyids)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	e = sim_pamt_leaf(pa, NULL);
	if (!e)
		return sim_err(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
	if (!sim_call_lock(c, &e->lock, false))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	if (e->pt != SIM_PT_NDA)
		return sim_err(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_ID_RCX);
	/* The lines the module wrote with its global key are gone now. */
	if (hkid == tdx_sim->global_hkid)
		e->global_dirty = false;
	return TDX_SUCCESS;
}

/**
 * sim_phymem_cache_wb() - TDH.PHYMEM.CACHE.WB: write back the caches of
 * the calling LP's package for every FLUSHED HKID.
 * @c: the call (RCX = 0 start, 1 resume).
 *
 * Interruptible (tdx_sim_interrupt_every()); the stopping point is kept
 * per package and a resume continues from it.
 *
 * Return: completion status.
 */
u64 sim_phymem_cache_wb(struct sim_call *c)
{
	struct sim_wbcache *w = &tdx_sim->wbc[c->pkg];
	unsigned int i, n, nr = tdx_sim->cfg.nr_keyids;
	bool any = false;

	if (c->in.rcx > TDX_CACHE_WB_RESUME)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if (!sim_call_lock(c, &w->lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_WBCACHE);
	if (!sim_call_lock(c, &tdx_sim->kot_lock, false))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KOT);

	if (c->in.rcx == TDX_CACHE_WB_RESUME) {
		if (!w->saved)
			return TDX_WBCACHE_RESUME_ERROR;
	} else {
		for (i = 0; i < nr; i++)
			if (tdx_sim->kot[i].state == SIM_KOT_FLUSHED)
				any = true;
		if (!any)
			return TDX_NO_HKID_READY_TO_WBCACHE;
		/* Inferred: a new start drops any saved stopping point. */
		for (i = 0; i < nr; i++)
			w->snap[i] = tdx_sim->kot[i].state == SIM_KOT_FLUSHED;
		w->units_left = tdx_sim->cfg.cache_wb_units;
		w->saved = false;
	}

	n = w->units_left;
	if (tdx_sim->intr_cache_wb && n > tdx_sim->intr_cache_wb)
		n = tdx_sim->intr_cache_wb;
	w->units_left -= n;
	if (w->units_left) {
		w->saved = true;
		return TDX_INTERRUPTED_RESUMABLE;
	}

	w->saved = false;
	for (i = 0; i < nr; i++)
		if (w->snap[i])
			tdx_sim->kot[i].wbinvd_bitmap &= ~BIT_ULL(c->pkg);
	return TDX_SUCCESS;
}
