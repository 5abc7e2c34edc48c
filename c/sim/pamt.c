// SPDX-License-Identifier: GPL-2.0
/*
 * PAMT of the simulated TDX module, page operand checks and the ownership
 * audit.
 *
 * The PAMT holds one entry per 4 KiB page of the CMR.  A page is usable by
 * SEAMCALLs only when it lies in a configured TDMR and TDH.SYS.TDMR.INIT
 * has initialised the PAMT of its whole 1 GiB block (M15: a 1 GiB block
 * becomes ready once fully initialised; RDX reports progress rounded down
 * to 1 GiB for that reason).  TDMR parts outside the CMR
 * are treated as if they were reserved areas (the simulator does not use
 * TDMR reserved areas): no SEAMCALL can name them.
 *
 * The audit side records host mistakes as violations: freeing a page the
 * module still owns, and handing the module a page whose cache lines the
 * host did not flush (cfg->page_flushed).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <asm/page.h>

#include "sim.h"

static unsigned int sim_nr_violations;
static char sim_last_msg[160];

/**
 * sim_audit_reset() - Forget recorded violations (a fresh module).
 */
void sim_audit_reset(void)
{
	sim_nr_violations = 0;
	sim_last_msg[0] = '\0';
}

/**
 * sim_violation() - Record a host mistake.
 * @what: what the host did.
 * @pa: the page.
 * @pt: its PAMT page type.
 */
void sim_violation(const char *what, u64 pa, unsigned int pt)
{
	sim_nr_violations++;
	scnprintf(sim_last_msg, sizeof(sim_last_msg),
		  "tdx-sim: %s: page 0x%llx (page type %u)", what,
		  (unsigned long long)pa, pt);
	pr_err("%s\n", sim_last_msg);
}

/**
 * sim_pa_valid() - Check a plain physical address operand.
 * @pa: the address.
 *
 * Return: true if @pa is 4 KiB aligned, below the maximum PA and so
 * carries no HKID bits.
 */
bool sim_pa_valid(u64 pa)
{
	return !(pa & ~PAGE_MASK) && !(pa >> tdx_sim->cfg.keyid_shift);
}

/**
 * sim_pamt_raw() - PAMT entry of a CMR page, initialised or not.
 * @pa: page address.
 *
 * Return: the entry, or NULL outside the CMR.
 */
struct sim_pamt_entry *sim_pamt_raw(u64 pa)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;

	if (pa < cfg->cmr_base || pa - cfg->cmr_base >= cfg->cmr_size)
		return NULL;
	return &tdx_sim->pamt[(pa - cfg->cmr_base) >> PAGE_SHIFT];
}

static struct sim_tdmr *sim_tdmr_of(u64 pa)
{
	unsigned int i;

	for (i = 0; i < tdx_sim->nr_tdmrs; i++) {
		struct sim_tdmr *t = &tdx_sim->tdmr[i];

		if (pa >= t->base && pa - t->base < t->size)
			return t;
	}
	return NULL;
}

/**
 * sim_pamt_find() - PAMT entry of a page SEAMCALLs may name.
 * @pa: page address.
 *
 * Return: the entry, or NULL if @pa is outside every TDMR, outside the CMR
 * or in a 1 GiB block of its TDMR whose PAMT is not fully initialised yet:
 * the module then answers TDX_OPERAND_ADDR_RANGE_ERROR.
 */
struct sim_pamt_entry *sim_pamt_find(u64 pa)
{
	struct sim_tdmr *t = sim_tdmr_of(pa);

	if (!t || pa - t->base >= round_down(t->init_upto, SZ_1G))
		return NULL;
	return sim_pamt_raw(pa);
}

/**
 * sim_pamt_leaf() - The PAMT leaf entry covering a usable page.
 * @pa: page address.
 * @leaf_pa: if not NULL, receives the address of the leaf's first page.
 *
 * A page inside a 2 MiB leaf is described by the 2 MiB entry, which the
 * simulator keeps in the entry of the leaf's first page.
 *
 * Return: the leaf entry, or NULL as for sim_pamt_find().
 */
struct sim_pamt_entry *sim_pamt_leaf(u64 pa, u64 *leaf_pa)
{
	struct sim_pamt_entry *e = sim_pamt_find(pa);

	if (e && e->size != SIM_PS_4K) {
		pa &= ~(sim_level_bytes(e->size) - 1);
		e = sim_pamt_raw(pa);
	}
	if (leaf_pa)
		*leaf_pa = pa;
	return e;
}

/**
 * sim_get_page() - Check and lock an explicit 4 KiB page operand.
 * @c: the call.
 * @pa: the operand.
 * @operand: its operand id, for the error status.
 * @excl: lock its PAMT entry exclusively (else shared).
 * @pt: page type it must have.
 * @pe: receives its PAMT entry.
 *
 * Checks in the module's order (§4.1): alignment, HKID bits and maximum
 * PA; TDMR membership; PAMT lock; page type and size.
 *
 * Return: TDX_SUCCESS or the error status with @operand.
 */
u64 sim_get_page(struct sim_call *c, u64 pa, u32 operand, bool excl,
		 u8 pt, struct sim_pamt_entry **pe)
{
	struct sim_pamt_entry *e;

	if (!sim_pa_valid(pa))
		return sim_err(TDX_OPERAND_INVALID, operand);
	e = sim_pamt_leaf(pa, NULL);
	if (!e)
		return sim_err(TDX_OPERAND_ADDR_RANGE_ERROR, operand);
	if (!sim_call_lock(c, &e->lock, excl))
		return sim_err(TDX_OPERAND_BUSY, operand);
	if (e->pt != pt || e->size != SIM_PS_4K)
		return sim_err(TDX_PAGE_METADATA_INCORRECT, operand);
	*pe = e;
	return TDX_SUCCESS;
}

/**
 * sim_get_tdr() - Check and lock an explicit TDR operand.
 * @c: the call.
 * @pa: the operand.
 * @operand: its operand id.
 * @excl: lock the TDR exclusively (else shared).
 * @td: receives the TD.
 *
 * Return: TDX_SUCCESS or the error status with @operand.
 */
u64 sim_get_tdr(struct sim_call *c, u64 pa, u32 operand, bool excl,
		struct sim_td **td)
{
	struct sim_pamt_entry *e;
	u64 err;

	err = sim_get_page(c, pa, operand, excl, SIM_PT_TDR, &e);
	if (err)
		return err;
	*td = e->obj;
	return TDX_SUCCESS;
}

/**
 * sim_lock_implicit_tdr() - Lock the TDR of a TD named through a vCPU.
 * @c: the call.
 * @td: the TD.
 * @excl: exclusive (else shared).
 *
 * Return: TDX_SUCCESS or TDX_OPERAND_BUSY with the implicit TDR operand.
 */
u64 sim_lock_implicit_tdr(struct sim_call *c, struct sim_td *td, bool excl)
{
	struct sim_pamt_entry *e = sim_pamt_raw(td->tdr_pa);

	if (!sim_call_lock(c, &e->lock, excl))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_TDR);
	return TDX_SUCCESS;
}

/**
 * sim_give_page() - Hand a free (PT_NDA) page to the module.
 * @pa: the page.
 * @pt: its new page type.
 * @owner: its owner TDR, or 0.
 *
 * The module starts writing the page with a private key, so the host must
 * have flushed the cache lines it wrote with the shared key before.
 */
void sim_give_page(u64 pa, u8 pt, u64 owner)
{
	struct sim_pamt_entry *e = sim_pamt_raw(pa);

	if (tdx_sim->cfg.page_flushed && !tdx_sim->cfg.page_flushed(pa))
		sim_violation("page handed to the module without a cache flush",
			      pa, pt);
	if (e->global_dirty)
		sim_violation("page handed back to the module before its global-key write-back",
			      pa, pt);
	e->global_dirty = false;
	e->pt = pt;
	e->size = SIM_PS_4K;
	e->owner = owner;
	e->bepoch = 0;
	e->obj = NULL;
}

/**
 * tdx_sim_page_owner() - What the PAMT says about a page.
 * @pa: page address.
 * @page_type: receives its page type (TDX_PT_*).
 * @owner: receives its owner TDR PA (0 for a TDR or a free page).
 *
 * Return: 0, -ENODEV if the module is not running, or -ENOENT if @pa is
 * not in memory covered by a configured TDMR.
 */
int tdx_sim_page_owner(phys_addr_t pa, unsigned int *page_type,
		       phys_addr_t *owner)
{
	struct sim_pamt_entry *e;
	int ret = -ENOENT;

	raw_spin_lock(&tdx_sim_lock);
	if (!tdx_sim) {
		ret = -ENODEV;
		goto out;
	}
	if (!sim_tdmr_of(pa))
		goto out;
	e = sim_pamt_raw(pa);
	if (!e)
		goto out;
	*page_type = e->pt;
	*owner = e->owner;
	ret = 0;
out:
	raw_spin_unlock(&tdx_sim_lock);
	return ret;
}

/**
 * tdx_sim_census() - Count CMR pages by page type.
 * @census: receives the counts (zeroed if the module is not running).
 */
void tdx_sim_census(struct tdx_sim_census *census)
{
	unsigned long i;

	memset(census, 0, sizeof(*census));
	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim) {
		for (i = 0; i < tdx_sim->nr_pages; i++) {
			struct sim_pamt_entry *e = &tdx_sim->pamt[i];

			census->by_type[e->pt & 15]++;
			if (e->ext)
				census->ext_pages++;
			if (e->pamt)
				census->pamt_pages++;
			if (e->connect)
				census->connect_pages++;
		}
	}
	raw_spin_unlock(&tdx_sim_lock);
}

static bool sim_pt_returnable(u8 pt)
{
	return pt == SIM_PT_TDR || pt == SIM_PT_TDCX || pt == SIM_PT_TDVPR ||
	       pt == SIM_PT_REG || pt == SIM_PT_EPT;
}

/**
 * tdx_sim_module_pages() - Pages the host must still get back.
 *
 * Return: number of 4 KiB pages of type TDR, TDCX, TDVPR, REG or EPT;
 * PAMT and extension pages are not counted (the host never gets them
 * back while the module runs).
 */
unsigned long tdx_sim_module_pages(void)
{
	unsigned long i, n = 0;

	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim) {
		for (i = 0; i < tdx_sim->nr_pages; i++)
			if (sim_pt_returnable(tdx_sim->pamt[i].pt))
				n++;
	}
	raw_spin_unlock(&tdx_sim_lock);
	return n;
}

/**
 * tdx_sim_host_freed() - The host allocator freed pages.
 * @pa: first page.
 * @nr_pages: number of pages.
 *
 * Freeing a page the module still owns (any type but PT_NDA) is recorded
 * as a violation.
 */
void tdx_sim_host_freed(phys_addr_t pa, unsigned long nr_pages)
{
	unsigned long i;

	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim) {
		for (i = 0; i < nr_pages; i++) {
			u64 p = (pa & PAGE_MASK) + i * PAGE_SIZE;
			struct sim_pamt_entry *e = sim_pamt_raw(p);

			if (e && e->pt != SIM_PT_NDA)
				sim_violation("host freed a page the module owns",
					      p, e->pt);
			else if (e && e->global_dirty)
				sim_violation("host freed a page before its global-key write-back",
					      p, e->pt);
			if (e)
				e->global_dirty = false;
		}
	}
	raw_spin_unlock(&tdx_sim_lock);
}

/**
 * tdx_sim_violations() - Number of host mistakes recorded.
 *
 * Return: violations since the module was last started.
 */
unsigned int tdx_sim_violations(void)
{
	unsigned int n;

	raw_spin_lock(&tdx_sim_lock);
	n = sim_nr_violations;
	raw_spin_unlock(&tdx_sim_lock);
	return n;
}

/**
 * tdx_sim_last_violation() - Describe the last host mistake.
 *
 * Return: the message, or "" if there was none.  Valid until the next
 * violation or start.
 */
const char *tdx_sim_last_violation(void)
{
	return sim_last_msg;
}
