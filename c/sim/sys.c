// SPDX-License-Identifier: GPL-2.0
/*
 * System leaves of the simulated TDX module: bring-up (SYS.INIT, LP.INIT,
 * SYS.CONFIG, SYS.KEY.CONFIG, TDMR.INIT) and global metadata (SYS.RD).
 */
#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <asm/page.h>

#include <tdx/sys.h>

#include "sim.h"

#define SIM_1G			SZ_1G
#define SIM_PAMT_ENTRY_SIZE	16
#define SIM_MAX_RESERVED	16

/*
 * api_error_with_multiple_info(): details bytes 0..3 (inferred packing:
 * one byte each, lowest first), e.g. TDMR index, page size, other TDMR.
 */
static u64 sim_err_info(u64 status, u8 i0, u8 i1, u8 i2)
{
	return status | i0 | ((u32)i1 << 8) | ((u32)i2 << 16);
}

/**
 * sim_sys_init() - TDH.SYS.INIT: leave SYSINIT_PENDING.
 * @c: the call (RCX = attributes, must be 0).
 *
 * Return: completion status.
 */
u64 sim_sys_init(struct sim_call *c)
{
	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	if (tdx_sim->sys_state != SIM_SYSINIT_PENDING)
		return TDX_SYS_INIT_NOT_PENDING;
	/* Inferred: nonzero attributes are a bad RCX, after the state check. */
	if (c->in.rcx)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	tdx_sim->sys_state = SIM_SYSINIT_DONE;
	return TDX_SUCCESS;
}

/**
 * sim_sys_lp_init() - TDH.SYS.LP.INIT: initialise the calling LP.
 * @c: the call.
 *
 * Return: completion status.
 */
u64 sim_sys_lp_init(struct sim_call *c)
{
	if (!sim_call_lock(c, &tdx_sim->sys_lock, false))
		return TDX_SYS_BUSY;
	/* An LP that was offline at start has no slot (inferred status). */
	if (tdx_sim->sys_state != SIM_SYSINIT_DONE || c->cpu >= tdx_sim->nr_lps)
		return TDX_SYS_LP_INIT_NOT_PENDING;
	if (tdx_sim->lp_done[c->cpu])
		return TDX_SYS_LP_INIT_DONE;
	tdx_sim->lp_done[c->cpu] = true;
	return TDX_SUCCESS;
}

/* Every online LP has its flag in @flags (lp_done, ldr_installed) set. */
bool sim_all_lps(const bool *flags)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (!sim_lp_flag(flags, cpu))
			return false;
	return true;
}

static bool sim_overlap(u64 a, u64 asz, u64 b, u64 bsz)
{
	return a < b + bsz && b < a + asz;
}

static bool sim_in_cmr(u64 base, u64 size)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;

	return base >= cfg->cmr_base && size <= cfg->cmr_size &&
	       base - cfg->cmr_base <= cfg->cmr_size - size;
}

/* PAMT area order of the module's checks: 1G, 2M, then 4K. */
static const u8 sim_pamt_order[3] = { SIM_PS_1G, SIM_PS_2M, SIM_PS_4K };

static u64 sim_check_tdmr(struct sim_tdmr *t, unsigned int i)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;
	unsigned int k, l, j;

	if (!t->size || (t->base | t->size) & (SIM_1G - 1) ||
	    t->base + t->size < t->base ||
	    (t->base + t->size - 1) >> cfg->keyid_shift)
		return sim_err_info(TDX_INVALID_TDMR, i, 0, 0);
	if (i && t->base < tdx_sim->tdmr[i - 1].base + tdx_sim->tdmr[i - 1].size)
		return sim_err_info(TDX_NON_ORDERED_TDMR, i, 0, 0);
	/*
	 * The module wants every non-reserved part of a TDMR inside a CMR.
	 * The simulator uses no reserved areas and treats TDMR parts outside
	 * the CMR as reserved, so only a TDMR missing the CMR entirely is
	 * refused.
	 */
	if (!sim_overlap(t->base, t->size, cfg->cmr_base, cfg->cmr_size))
		return sim_err_info(TDX_TDMR_OUTSIDE_CMRS, i, 0, 0);

	for (k = 0; k < 3; k++) {
		u8 ps = sim_pamt_order[k];
		u64 need = (t->size / sim_level_bytes(ps)) * SIM_PAMT_ENTRY_SIZE;

		if (!sim_pa_valid(t->pamt_base[ps]) ||
		    (t->pamt_size[ps] & ~PAGE_MASK) || t->pamt_size[ps] < need ||
		    t->pamt_base[ps] + t->pamt_size[ps] < t->pamt_base[ps])
			return sim_err_info(TDX_INVALID_PAMT, i, ps, 0);
	}
	/* PAMT areas must not overlap each other, in this or earlier TDMRs. */
	for (k = 0; k < 3; k++) {
		u8 ps = sim_pamt_order[2 - k];

		for (j = 0; j <= i; j++) {
			struct sim_tdmr *o = &tdx_sim->tdmr[j];

			for (l = 0; l < 3; l++) {
				if (j == i && l == ps)
					continue;
				if (sim_overlap(t->pamt_base[ps], t->pamt_size[ps],
						o->pamt_base[l], o->pamt_size[l]))
					return sim_err_info(TDX_PAMT_OVERLAP,
							    i, ps, j);
			}
		}
	}
	/*
	 * Deviation: the module also wants PAMTs outside the TDMRs'
	 * non-reserved parts; here the PAMT may sit in TDMR memory and its
	 * pages become PT_RSVD.
	 */
	for (k = 0; k < 3; k++) {
		u8 ps = sim_pamt_order[k];

		if (!sim_in_cmr(t->pamt_base[ps], t->pamt_size[ps]))
			return sim_err_info(TDX_PAMT_OUTSIDE_CMRS, i, ps, 0);
	}
	return TDX_SUCCESS;
}

static void sim_mark_pamt(const struct sim_tdmr *t)
{
	unsigned int ps;
	u64 pa;

	for (ps = 0; ps < 3; ps++) {
		for (pa = t->pamt_base[ps]; pa < t->pamt_base[ps] + t->pamt_size[ps];
		     pa += PAGE_SIZE) {
			struct sim_pamt_entry *e = sim_pamt_raw(pa);

			e->pt = SIM_PT_RSVD;
			e->pamt = true;
		}
	}
}

/* Does the union of the TDMRs (ascending, disjoint) cover the CMR? */
static bool sim_cmr_covered(unsigned int n, const struct sim_tdmr *t)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;
	u64 pos = cfg->cmr_base, end = cfg->cmr_base + cfg->cmr_size;
	unsigned int i;

	for (i = 0; i < n && pos < end; i++)
		if (t[i].base <= pos && t[i].base + t[i].size > pos)
			pos = t[i].base + t[i].size;
	return pos >= end;
}

/**
 * sim_sys_config() - TDH.SYS.CONFIG: take the TDMRs and the global HKID.
 * @c: the call (RCX = list of TDMR_INFO PAs, RDX = count, R8 = HKID).
 *
 * Return: completion status.
 */
u64 sim_sys_config(struct sim_call *c)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;
	u64 hkid = c->in.r8, err;
	const u64 *list;
	unsigned int i, n;

	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	if (tdx_sim->sys_state != SIM_SYSINIT_DONE || !sim_all_lps(tdx_sim->lp_done))
		return TDX_SYS_CONFIG_NOT_PENDING;
	/* Inferred: the operand ids and the order of these three checks. */
	if ((c->in.rcx & 511) || (c->in.rcx >> cfg->keyid_shift))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if (!c->in.rdx || c->in.rdx > SIM_MAX_TDMRS)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	if (hkid < cfg->first_keyid || hkid >= cfg->first_keyid + cfg->nr_keyids)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);

	n = c->in.rdx;
	list = __va(c->in.rcx);
	for (i = 0; i < n; i++) {
		const struct tdx_tdmr_info *ti;
		struct sim_tdmr *t = &tdx_sim->tdmr[i];

		/*
		 * Inferred: a bad TDMR_INFO entry of the list is reported with
		 * the TDMR_INFO_PA operand id (M15 defines that id; the call
		 * site was not read).
		 */
		if ((list[i] & 511) || (list[i] >> cfg->keyid_shift))
			return sim_err(TDX_OPERAND_INVALID,
				       TDX_OPERAND_ID_TDMR_INFO_PA);
		ti = __va(list[i]);
		/* Checked in place: the TDMRs only count once all pass. */
		memset(t, 0, sizeof(*t));
		t->base = ti->base;
		t->size = ti->size;
		t->pamt_base[SIM_PS_1G] = ti->pamt_1g_base;
		t->pamt_size[SIM_PS_1G] = ti->pamt_1g_size;
		t->pamt_base[SIM_PS_2M] = ti->pamt_2m_base;
		t->pamt_size[SIM_PS_2M] = ti->pamt_2m_size;
		t->pamt_base[SIM_PS_4K] = ti->pamt_4k_base;
		t->pamt_size[SIM_PS_4K] = ti->pamt_4k_size;
		err = sim_check_tdmr(t, i);
		if (err)
			return err;
	}
	/* Inferred: the simulator needs its one CMR fully covered. */
	if (!sim_cmr_covered(n, tdx_sim->tdmr))
		return TDX_INVALID_TDMR;

	tdx_sim->nr_tdmrs = n;
	for (i = 0; i < n; i++)
		sim_mark_pamt(&tdx_sim->tdmr[i]);
	tdx_sim->global_hkid = hkid;
	tdx_sim->kot[hkid - cfg->first_keyid].state = SIM_KOT_RESERVED;
	tdx_sim->sys_state = SIM_SYSCONFIG_DONE;
	return TDX_SUCCESS;
}

/**
 * sim_sys_key_config() - TDH.SYS.KEY.CONFIG: program the global key on
 * the calling LP's package.
 * @c: the call.
 *
 * Return: completion status.
 */
u64 sim_sys_key_config(struct sim_call *c)
{
	u64 bit = BIT_ULL(c->pkg);

	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	if (tdx_sim->sys_state != SIM_SYSCONFIG_DONE)
		return TDX_SYS_KEY_CONFIG_NOT_PENDING;
	if (tdx_sim->pkg_key_done & bit)
		return TDX_KEY_CONFIGURED;
	tdx_sim->pkg_key_done |= bit;
	if ((tdx_sim->pkg_key_done & tdx_sim->pkg_mask) == tdx_sim->pkg_mask)
		tdx_sim->sys_state = SIM_SYS_READY;
	return TDX_SUCCESS;
}

/* The module now writes the PAMT with the global key: was it flushed? */
static void sim_check_pamt_flushed(const struct sim_tdmr *t)
{
	unsigned int ps;
	u64 pa;

	if (!tdx_sim->cfg.page_flushed)
		return;
	for (ps = 0; ps < 3; ps++)
		for (pa = t->pamt_base[ps];
		     pa < t->pamt_base[ps] + t->pamt_size[ps]; pa += PAGE_SIZE)
			if (!tdx_sim->cfg.page_flushed(pa))
				sim_violation("PAMT page not flushed before TDMR.INIT",
					      pa, SIM_PT_RSVD);
}

/**
 * sim_sys_tdmr_init() - TDH.SYS.TDMR.INIT: initialise one more chunk of
 * a TDMR's PAMT.
 * @c: the call (RCX = TDMR base).
 *
 * As in M15: RCX must be 1 GiB aligned, below the maximum PA and the base
 * of a configured TDMR, else TDX_OPERAND_INVALID|RCX; the TDMR mutex busy
 * gives TDX_OPERAND_BUSY|RCX.  Output RDX is the next address to
 * initialise rounded down to 1 GiB (a 1 GiB block is usable only once
 * fully initialised); it is 0 on errors and on
 * TDX_TDMR_ALREADY_INITIALIZED.
 *
 * Return: completion status.
 */
u64 sim_sys_tdmr_init(struct sim_call *c)
{
	struct sim_tdmr *t = NULL;
	unsigned int i;

	if ((c->in.rcx & (SIM_1G - 1)) || (c->in.rcx >> tdx_sim->cfg.keyid_shift))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	for (i = 0; i < tdx_sim->nr_tdmrs; i++)
		if (tdx_sim->tdmr[i].base == c->in.rcx)
			t = &tdx_sim->tdmr[i];
	if (!t)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if (!sim_call_lock(c, &t->lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	if (t->init_upto >= t->size)
		return TDX_TDMR_ALREADY_INITIALIZED;
	/* Inferred: the flush is due when the module first writes them. */
	if (!t->init_upto)
		sim_check_pamt_flushed(t);
	t->init_upto = min(t->size, t->init_upto + tdx_sim->cfg.tdmr_init_chunk);
	c->out->rdx = (t->base + t->init_upto) & ~(SIM_1G - 1);
	return TDX_SUCCESS;
}

struct sim_md {
	u64 id;
	u64 val;
};

#define SIM_MD_MAX	24

static void sim_md_add(struct sim_md *md, unsigned int *n, u64 id, u64 val)
{
	if (WARN_ON_ONCE(*n >= SIM_MD_MAX))
		return;
	md[*n].id = id;
	md[*n].val = val;
	(*n)++;
}

/* Fill @md with the global metadata, in ascending field id order. */
static unsigned int sim_md_table(struct sim_md *md)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;
	unsigned int n = 0;

	sim_md_add(md, &n, TDX_MD_MINOR_VERSION, cfg->version.minor);
	sim_md_add(md, &n, TDX_MD_MAJOR_VERSION, cfg->version.major);
	sim_md_add(md, &n, TDX_MD_UPDATE_VERSION, cfg->version.update);
	sim_md_add(md, &n, TDX_MD_TDX_FEATURES0, cfg->features0);
	/* Inferred: extension metadata exists only with the EXT feature. */
	if (cfg->features0 & TDX_FEATURES0_EXT) {
		sim_md_add(md, &n, TDX_MD_EXT_REQUIRED, cfg->ext_required);
		/* The pages still missing: 0 once the pool is donated (§5.2). */
		sim_md_add(md, &n, TDX_MD_MEMORY_POOL_REQUIRED_PAGES,
			   cfg->memory_pool_required_pages -
			   min(cfg->memory_pool_required_pages,
			       tdx_sim->pool_pages));
	}
	/* Inferred: only modules that can be updated report it. */
	if (cfg->features0 & TDX_FEATURES0_TD_PRESERVING)
		sim_md_add(md, &n, TDX_MD_MODULE_HV, cfg->module_hv);
	sim_md_add(md, &n, TDX_MD_NUM_CMRS, 1);
	sim_md_add(md, &n, TDX_MD_CMR_BASE(0), cfg->cmr_base);
	sim_md_add(md, &n, TDX_MD_CMR_SIZE(0), cfg->cmr_size);
	sim_md_add(md, &n, TDX_MD_MAX_TDMRS, SIM_MAX_TDMRS);
	/* MAX_RESERVED_PER_TDMR, which Linux reads too. */
	sim_md_add(md, &n, 0x9100000100000009ULL, SIM_MAX_RESERVED);
	sim_md_add(md, &n, TDX_MD_PAMT_4K_ENTRY_SIZE, SIM_PAMT_ENTRY_SIZE);
	sim_md_add(md, &n, TDX_MD_PAMT_2M_ENTRY_SIZE, SIM_PAMT_ENTRY_SIZE);
	sim_md_add(md, &n, TDX_MD_PAMT_1G_ENTRY_SIZE, SIM_PAMT_ENTRY_SIZE);
	sim_md_add(md, &n, TDX_MD_TDR_BASE_SIZE, PAGE_SIZE);
	sim_md_add(md, &n, TDX_MD_TDCS_BASE_SIZE,
		   cfg->tdcs_nr_pages * PAGE_SIZE);
	sim_md_add(md, &n, TDX_MD_TDVPS_BASE_SIZE,
		   cfg->tdvps_nr_pages * PAGE_SIZE);
	sim_md_add(md, &n, TDX_MD_MAX_VCPUS_PER_TD, cfg->max_vcpus_per_td);
	return n;
}

/**
 * sim_sys_rd() - TDH.SYS.RD: read one global metadata field.
 * @c: the call (RDX = field id).
 *
 * Outputs: RDX = next field id, R8 = value.  As in M15, RDX is
 * MD_FIELD_ID_NA (-1) unless a next field is reported: after the last
 * field and on errors.
 *
 * Return: completion status.
 */
u64 sim_sys_rd(struct sim_call *c)
{
	struct sim_md md[SIM_MD_MAX];
	unsigned int i, n = sim_md_table(md);

	c->out->rdx = ~0ULL;
	if (!c->in.rdx) {
		c->out->rdx = md[0].id;
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	for (i = 0; i < n; i++) {
		if (md[i].id != c->in.rdx)
			continue;
		c->out->r8 = md[i].val;
		c->out->rdx = i + 1 < n ? md[i + 1].id : ~0ULL;
		return TDX_SUCCESS;
	}
	/* Inferred operand: the field id register. */
	return sim_err(TDX_METADATA_FIELD_ID_INCORRECT, TDX_OPERAND_ID_RDX);
}

/**
 * sim_sys_lp_shutdown() - TDH.SYS.LP.SHUTDOWN: deprecated in module 1.5,
 * where it does nothing and always succeeds (even in SYS_SHUTDOWN).
 * @c: the call (no inputs).
 *
 * Return: TDX_SUCCESS.
 */
u64 sim_sys_lp_shutdown(struct sim_call *c)
{
	return TDX_SUCCESS;
}
