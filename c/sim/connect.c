// SPDX-License-Identifier: GPL-2.0
/*
 * TDX Connect objects of the simulated TDX module: SPDM sessions.
 *
 * TDH.SPDM.CREATE takes metadata pages named by an HPA_ARRAY_T and makes
 * a session object for one device function; TDH.SPDM.DELETE releases the
 * pages (written with the global key, so the host must write them back
 * with TDH.PHYMEM.PAGE.WBINVD) and reports them in an HPA_ARRAY_T.  No
 * module source for these leaves was available: the register layout
 * follows the Linux TDX Connect patches (LP-TC v2) and every rule that is
 * not in them is marked "Inferred".
 */
#include <linux/bitfield.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/page.h>

#include <tdx/connect.h>
#include <tdx/hpa_list.h>
#include <tdx/sys.h>

#include "sim.h"

/*
 * Inferred: TDX Connect leaves exist only with the TDX Connect feature,
 * and run on the extensions, so these must be initialised first.
 */
static u64 sim_connect_ready(void)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;

	if (!(cfg->features0 & TDX_FEATURES0_TDX_CONNECT))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	if (cfg->ext_required && !tdx_sim->ext_done)
		return TDX_SYS_STATE_INCORRECT;
	return TDX_SUCCESS;
}

static struct sim_spdm *sim_spdm_find(u64 id)
{
	unsigned int i;

	for (i = 0; id && i < SIM_MAX_SPDM; i++) {
		if (tdx_sim->spdm[i].id == id)
			return &tdx_sim->spdm[i];
	}
	return NULL;
}

/*
 * Decode an HPA_ARRAY_T into @pages (up to 512).  Returns the number of
 * pages, or 0 for a malformed encoding (reserved bits, a list page that
 * is not a plain page address).
 */
static unsigned int sim_hpa_array(u64 array, u64 *pages)
{
	unsigned int i, n = FIELD_GET(HPA_ARRAY_T_SIZE, array) + 1;
	u64 pa = FIELD_GET(HPA_ARRAY_T_PFN, array) << PAGE_SHIFT;
	const u64 *list;

	if ((array & HPA_ARRAY_T_RESERVED) || !sim_pa_valid(pa))
		return 0;
	if (n == 1) {
		pages[0] = pa;
		return 1;
	}
	/* Inferred: the list page must be convertible memory, like pages. */
	if (!sim_pamt_leaf(pa, NULL))
		return 0;
	list = __va(pa);
	for (i = 0; i < n; i++)
		pages[i] = list[i];
	return n;
}

/*
 * Check that every page can become metadata: a valid address in a TDMR,
 * free (PT_NDA, 4K), not named twice.  Each PAMT lock is held only for
 * its check, as a list names up to 512 pages; nothing can run between
 * these checks and the hand-over, since the module runs one call at a
 * time and a parked call releases no page it holds.
 */
static u64 sim_metadata_check(const u64 *pages, unsigned int n, u32 operand)
{
	struct sim_pamt_entry *e;
	unsigned int i, j;
	bool free_4k;

	for (i = 0; i < n; i++) {
		if (!sim_pa_valid(pages[i]))
			return sim_err(TDX_OPERAND_INVALID, operand);
		/* Inferred: a page named twice is an invalid array. */
		for (j = 0; j < i; j++) {
			if (pages[j] == pages[i])
				return sim_err(TDX_OPERAND_INVALID, operand);
		}
		e = sim_pamt_leaf(pages[i], NULL);
		if (!e)
			return sim_err(TDX_OPERAND_ADDR_RANGE_ERROR, operand);
		if (!sim_trylock(&e->lock, true))
			return sim_err(TDX_OPERAND_BUSY, operand);
		free_4k = e->pt == SIM_PT_NDA && e->size == SIM_PS_4K;
		sim_unlock(&e->lock, true);
		if (!free_4k)
			return sim_err(TDX_PAGE_METADATA_INCORRECT, operand);
	}
	return TDX_SUCCESS;
}

/**
 * sim_spdm_create() - TDH.SPDM.CREATE: make an SPDM session object.
 * @c: the call (RCX = function id; RDX = HPA_ARRAY_T of SPDM_MT pages;
 *	output RCX = SPDM_ID).
 *
 * Return: completion status.
 */
u64 sim_spdm_create(struct sim_call *c)
{
	u64 func_id = c->in.rcx, *pages;
	struct sim_spdm *s = NULL;
	unsigned int i, n;
	u64 err;

	err = sim_connect_ready();
	if (err)
		return err;
	if (func_id & TDX_SPDM_FUNC_RESERVED)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	/* Inferred: sessions are module-global state, under the global lock. */
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	for (i = 0; i < SIM_MAX_SPDM; i++) {
		/* Inferred: one session per device function. */
		if (tdx_sim->spdm[i].id && tdx_sim->spdm[i].func_id == func_id)
			return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		if (!s && !tdx_sim->spdm[i].id)
			s = &tdx_sim->spdm[i];
	}
	/* Inferred: a full session table refuses the function. */
	if (!s)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);

	pages = kcalloc(TDX_HPA_LIST_MAX_ENTRIES, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return TDX_SIM_NO_MEMORY;
	n = sim_hpa_array(c->in.rdx, pages);
	err = n ? sim_metadata_check(pages, n, TDX_OPERAND_ID_RDX) :
		  sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	if (err) {
		kfree(pages);
		return err;
	}
	for (i = 0; i < n; i++) {
		/* Inferred: no page type is known for metadata: PT_RSVD. */
		sim_give_page(pages[i], SIM_PT_RSVD, 0);
		sim_pamt_raw(pages[i])->connect = true;
	}
	s->id = ++tdx_sim->next_spdm_id;
	s->func_id = func_id;
	s->nr_pages = n;
	s->pages = pages;
	c->out->rcx = s->id;
	return TDX_SUCCESS;
}

/* A page the module can write a release list into: a free host page. */
static bool sim_release_page_ok(u64 pa)
{
	struct sim_pamt_entry *e;

	if (!sim_pa_valid(pa))
		return false;
	e = sim_pamt_leaf(pa, NULL);
	return e && e->pt == SIM_PT_NDA;
}

/**
 * sim_spdm_delete() - TDH.SPDM.DELETE: end an SPDM session object.
 * @c: the call (RCX = SPDM_ID; RDX = PA of a page that receives the list
 *	of released pages, 0 for a single page; output RCX = HPA_ARRAY_T of
 *	the released pages).
 *
 * Return: completion status.
 */
u64 sim_spdm_delete(struct sim_call *c)
{
	struct sim_spdm *s;
	u64 root = c->in.rdx, *list;
	struct sim_pamt_entry *e;
	unsigned int i;
	u64 err;

	err = sim_connect_ready();
	if (err)
		return err;
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	s = sim_spdm_find(c->in.rcx);
	if (!s)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	/* Inferred: the release page is a free host page; none for one page. */
	if (s->nr_pages == 1 ? root != 0 : !sim_release_page_ok(root))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);

	for (i = 0; i < s->nr_pages; i++) {
		e = sim_pamt_raw(s->pages[i]);
		e->pt = SIM_PT_NDA;
		e->owner = 0;
		e->connect = false;
		e->global_dirty = true;
	}
	if (s->nr_pages == 1) {
		c->out->rcx = FIELD_PREP(HPA_ARRAY_T_PFN, PHYS_PFN(s->pages[0]));
	} else {
		list = __va(root);
		for (i = 0; i < s->nr_pages; i++)
			list[i] = s->pages[i];
		c->out->rcx = FIELD_PREP(HPA_ARRAY_T_PFN, PHYS_PFN(root)) |
			      FIELD_PREP(HPA_ARRAY_T_SIZE, s->nr_pages - 1);
	}
	kfree(s->pages);
	memset(s, 0, sizeof(*s));
	return TDX_SUCCESS;
}

/**
 * sim_connect_free() - Forget the TDX Connect objects of a module.
 * @s: the module being unloaded.
 */
void sim_connect_free(struct tdx_sim *s)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_SPDM; i++)
		kfree(s->spdm[i].pages);
}
