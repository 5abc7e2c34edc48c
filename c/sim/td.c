// SPDX-License-Identifier: GPL-2.0
/*
 * TD and key leaves of the simulated TDX module: MNG.CREATE,
 * MNG.KEY.CONFIG, MNG.ADDCX, MNG.INIT, MNG.RD/WR, MR.FINALIZE,
 * MNG.VPFLUSHDONE and MNG.KEY.FREEID, plus the TD-state check every
 * TDCS-based leaf makes (check_state_map_tdcs_and_lock, §4.1).
 */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/page.h>

#include "sim.h"

/*
 * TDCS fields served by TDH.MNG.RD/WR.  Inferred: the list, the ids and
 * which one the host may write (only NOTIFY_ENABLES) are the simulator's
 * choice, not the module's metadata tables; the v1 "next field" order is
 * the order of sim_td_fields[] below.
 */
#define SIM_TD_TSC_OFFSET	0x110000000000000AULL
#define SIM_TD_TSC_MULTIPLIER	0x110000000000000BULL
#define SIM_TD_MAX_VCPUS	0x1110000100000001ULL
#define SIM_TD_NUM_VCPUS	0x1110000100000002ULL
#define SIM_TD_ATTRIBUTES	0x1110000300000000ULL
#define SIM_TD_NOTIFY_ENABLES	0x9100000000000010ULL

/* TD_PARAMS layout used here (the rest of the 1024 bytes is ignored). */
#define SIM_TDP_ATTRIBUTES	0
#define SIM_TDP_XFAM		8
#define SIM_TDP_MAX_VCPUS	16
#define SIM_TDP_NUM_L2_VMS	18

/* md_field_id_t value meaning "no field" (MD_FIELD_ID_NA). */
#define SIM_MD_FIELD_ID_NA	(~0ULL)

/**
 * sim_check_td_state() - The module's TD-state check for TDCS leaves.
 * @c: the call.
 * @td: the TD.
 * @allowed: op-states the leaf may run in (SIM_OPS() bits).
 * @op_excl: take the op-state lock exclusively (leaves that change it).
 *
 * Checks in order: fatal, lifecycle KEYS_CONFIGURED, TDCS allocated,
 * op-state lock, op-state (§4.1).
 *
 * Return: TDX_SUCCESS or the error status.
 */
u64 sim_check_td_state(struct sim_call *c, struct sim_td *td, u32 allowed,
		       bool op_excl)
{
	if (td->fatal)
		return TDX_TD_FATAL;
	if (td->lifecycle != SIM_TD_KEYS_CONFIGURED)
		return TDX_TD_KEYS_NOT_CONFIGURED;
	if (td->num_tdcx < tdx_sim->cfg.tdcs_nr_pages)
		return TDX_TDCS_NOT_ALLOCATED;
	if (!sim_call_lock(c, &td->op_lock, op_excl))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_OP_STATE);
	if (!(allowed & BIT(td->op_state)))
		return TDX_OP_STATE_INCORRECT;
	return TDX_SUCCESS;
}

/**
 * sim_td_free() - Forget a TD and everything it holds.
 * @td: the TD (its TDR was reclaimed, or the module is stopping).
 */
void sim_td_free(struct sim_td *td)
{
	struct sim_vcpu *v, *vt;
	struct sim_sept *s, *st;

	list_for_each_entry_safe(v, vt, &td->vcpus, link)
		sim_vcpu_free(v);
	list_for_each_entry_safe(s, st, &td->sept, link) {
		list_del(&s->link);
		kvfree(s);
	}
	list_del(&td->link);
	kvfree(td);
}

static bool sim_private_hkid(u64 hkid)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;

	return hkid >= cfg->first_keyid &&
	       hkid < cfg->first_keyid + cfg->nr_keyids;
}

static struct sim_kot_entry *sim_kot(u16 hkid)
{
	return &tdx_sim->kot[hkid - tdx_sim->cfg.first_keyid];
}

/**
 * sim_mng_create() - TDH.MNG.CREATE: a new TD with a private HKID.
 * @c: the call (RCX = TDR page, RDX = HKID).
 *
 * Return: completion status.
 */
u64 sim_mng_create(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_td *td;
	u64 err;

	err = sim_get_page(c, c->in.rcx, TDX_OPERAND_ID_RCX, true,
			   SIM_PT_NDA, &e);
	if (err)
		return err;
	if (!sim_private_hkid(c->in.rdx))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	if (!sim_call_lock(c, &tdx_sim->kot_lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KOT);
	if (sim_kot(c->in.rdx)->state != SIM_KOT_FREE)
		return TDX_HKID_NOT_FREE;

	td = kvzalloc(sizeof(*td), GFP_ATOMIC);
	if (!td)
		return TDX_SIM_NO_MEMORY;
	td->tdr_pa = c->in.rcx;
	td->hkid = c->in.rdx;
	td->lifecycle = SIM_TD_HKID_ASSIGNED;
	td->op_state = SIM_OP_UNINITIALIZED;
	INIT_LIST_HEAD(&td->vcpus);
	INIT_LIST_HEAD(&td->sept);
	list_add_tail(&td->link, &tdx_sim->tds);

	sim_give_page(c->in.rcx, SIM_PT_TDR, 0);
	e->obj = td;
	sim_kot(td->hkid)->state = SIM_KOT_ASSIGNED;
	sim_kot(td->hkid)->wbinvd_bitmap = 0;
	return TDX_SUCCESS;
}

/**
 * sim_mng_key_config() - TDH.MNG.KEY.CONFIG: program the TD's key on the
 * calling LP's package.
 * @c: the call (RCX = TDR).
 *
 * Return: completion status.
 */
u64 sim_mng_key_config(struct sim_call *c)
{
	u64 bit = BIT_ULL(c->pkg), err;
	struct sim_td *td;

	err = sim_get_tdr(c, c->in.rcx, TDX_OPERAND_ID_RCX, true, &td);
	if (err)
		return err;
	if (td->fatal)
		return TDX_TD_FATAL;
	if (td->lifecycle != SIM_TD_HKID_ASSIGNED)
		return TDX_LIFECYCLE_STATE_INCORRECT;
	if (td->pkg_config_bitmap & bit)
		return TDX_KEY_CONFIGURED;
	/*
	 * PCONFIG runs under the KET lock.  Key generation itself never fails
	 * here: TDX_KEY_GENERATION_FAILED is reachable only through fault
	 * injection (tdx_sim_fail_call()).
	 */
	if (!sim_call_lock(c, &tdx_sim->ket_lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KET);
	td->pkg_config_bitmap |= bit;
	if ((td->pkg_config_bitmap & tdx_sim->pkg_mask) == tdx_sim->pkg_mask)
		td->lifecycle = SIM_TD_KEYS_CONFIGURED;
	return TDX_SUCCESS;
}

/**
 * sim_mng_addcx() - TDH.MNG.ADDCX: add a TDCS page.
 * @c: the call (RCX = page, RDX = TDR).
 *
 * Up to 9 pages: the base count (6) plus one per L2 VM.  Checks in M15's
 * order: TDR, fatal, lifecycle, page count, the new page, then, once the
 * TD has its base pages (the op-state lives there), op-state UNINITIALIZED
 * for pages past the base count, read without taking the op-state lock.
 * The base count's last page makes the module generate the migration key;
 * TDX_RND_NO_ENTROPY from that comes only through fault injection.
 *
 * Return: completion status.
 */
u64 sim_mng_addcx(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_td *td;
	u64 err;

	err = sim_get_tdr(c, c->in.rdx, TDX_OPERAND_ID_RDX, true, &td);
	if (err)
		return err;
	if (td->fatal)
		return TDX_TD_FATAL;
	if (td->lifecycle != SIM_TD_KEYS_CONFIGURED)
		return TDX_TD_KEYS_NOT_CONFIGURED;
	if (td->num_tdcx >= SIM_MAX_TDCS_PAGES)
		return TDX_TDCX_NUM_INCORRECT;
	err = sim_get_page(c, c->in.rcx, TDX_OPERAND_ID_RCX, true,
			   SIM_PT_NDA, &e);
	if (err)
		return err;
	if (td->num_tdcx >= tdx_sim->cfg.tdcs_nr_pages &&
	    td->op_state != SIM_OP_UNINITIALIZED)
		return TDX_OP_STATE_INCORRECT;
	sim_give_page(c->in.rcx, SIM_PT_TDCX, td->tdr_pa);
	td->num_tdcx++;
	td->chldcnt++;
	return TDX_SUCCESS;
}

/**
 * sim_mng_init() - TDH.MNG.INIT: configure the TD from TD_PARAMS.
 * @c: the call (RCX = TDR, RDX = TD_PARAMS).
 *
 * Output RCX (extended error, for CPUID configuration errors) is 0: CPUID
 * configuration is not modelled.
 *
 * Return: completion status.
 */
u64 sim_mng_init(struct sim_call *c)
{
	u16 max_vcpus, num_l2_vms;
	const u8 *params;
	struct sim_td *td;
	u64 err;

	err = sim_get_tdr(c, c->in.rcx, TDX_OPERAND_ID_RCX, true, &td);
	if (err)
		return err;
	err = sim_check_td_state(c, td, SIM_OPS(UNINITIALIZED), true);
	if (err)
		return err;
	/* Inferred: a misaligned or keyed TD_PARAMS address is a bad RDX. */
	if ((c->in.rdx & 1023) || (c->in.rdx >> tdx_sim->cfg.keyid_shift))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);

	params = __va(c->in.rdx);
	memcpy(&max_vcpus, params + SIM_TDP_MAX_VCPUS, sizeof(max_vcpus));
	/* M15 order: MAX_VCPUS, NUM_L2_VMS, then the TDCS pages L2 VMs need. */
	if (!max_vcpus || max_vcpus > tdx_sim->cfg.max_vcpus_per_td)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_MAX_VCPUS);
	num_l2_vms = params[SIM_TDP_NUM_L2_VMS];
	if (num_l2_vms > SIM_MAX_L2_VMS)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_NUM_L2_VMS);
	if (td->num_tdcx < tdx_sim->cfg.tdcs_nr_pages + num_l2_vms)
		return TDX_TDCS_NOT_ALLOCATED;

	memcpy(&td->attributes, params + SIM_TDP_ATTRIBUTES, sizeof(u64));
	memcpy(&td->xfam, params + SIM_TDP_XFAM, sizeof(u64));
	td->max_vcpus = max_vcpus;
	td->num_l2_vms = num_l2_vms;
	/* Arbitrary nonzero values: the TSC is not modelled. */
	td->tsc_offset = 0xfffffffffff00000ULL;
	td->tsc_multiplier = 1ULL << 48;
	td->op_state = SIM_OP_INITIALIZED;
	return TDX_SUCCESS;
}

/* Field ids in "next field" order (inferred, see above). */
static const u64 sim_td_fields[] = {
	SIM_TD_TSC_OFFSET,
	SIM_TD_TSC_MULTIPLIER,
	SIM_TD_MAX_VCPUS,
	SIM_TD_NUM_VCPUS,
	SIM_TD_ATTRIBUTES,
	SIM_TD_NOTIFY_ENABLES,
};

/* The field after @id, or SIM_MD_FIELD_ID_NA after the last one. */
static u64 sim_td_next_field(u64 id)
{
	unsigned int i;

	for (i = 0; i + 1 < ARRAY_SIZE(sim_td_fields); i++)
		if (sim_td_fields[i] == id)
			return sim_td_fields[i + 1];
	return SIM_MD_FIELD_ID_NA;
}

/* Pointer to a TDCS field and whether the host may write it. */
static u64 *sim_td_field(struct sim_td *td, u64 id, bool *writable)
{
	*writable = false;
	switch (id) {
	case SIM_TD_TSC_OFFSET:
		return &td->tsc_offset;
	case SIM_TD_TSC_MULTIPLIER:
		return &td->tsc_multiplier;
	case SIM_TD_ATTRIBUTES:
		return &td->attributes;
	case SIM_TD_NOTIFY_ENABLES:
		*writable = true;
		return &td->notify_enables;
	}
	return NULL;
}

static u64 sim_td_read(struct sim_td *td, u64 id, u64 *val)
{
	bool w;
	u64 *p;

	if (id == SIM_TD_MAX_VCPUS) {
		*val = td->max_vcpus;
		return TDX_SUCCESS;
	}
	if (id == SIM_TD_NUM_VCPUS) {
		*val = td->num_vcpus;
		return TDX_SUCCESS;
	}
	p = sim_td_field(td, id, &w);
	/* Inferred: the status names the field id register. */
	if (!p)
		return sim_err(TDX_METADATA_FIELD_ID_INCORRECT,
			       TDX_OPERAND_ID_RDX);
	*val = *p;
	return TDX_SUCCESS;
}

/**
 * sim_mng_rd() - TDH.MNG.RD: read a TDCS field.
 * @c: the call (RCX = TDR, RDX = field id; output R8 = value, and for
 *	version 1 RDX = the next field id, -1 after the last or on error).
 *
 * As in M15, only version 1 answers a null field id with
 * TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT and the first field in RDX;
 * version 0 treats it as an unknown field.
 *
 * Return: completion status.
 */
u64 sim_mng_rd(struct sim_call *c)
{
	struct sim_td *td;
	u64 err, val;

	if (c->version)
		c->out->rdx = SIM_MD_FIELD_ID_NA;
	err = sim_get_tdr(c, c->in.rcx, TDX_OPERAND_ID_RCX, false, &td);
	if (err)
		return err;
	err = sim_check_td_state(c, td, SIM_OPS_ALL & ~SIM_OPS(UNINITIALIZED),
				 false);
	if (err)
		return err;
	if (c->version && !c->in.rdx) {
		c->out->rdx = sim_td_fields[0];
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	err = sim_td_read(td, c->in.rdx, &val);
	if (err)
		return err;
	if (c->version)
		c->out->rdx = sim_td_next_field(c->in.rdx);
	c->out->r8 = val;
	return TDX_SUCCESS;
}

/**
 * sim_mng_wr() - TDH.MNG.WR: write a TDCS field under a mask.
 * @c: the call (RCX = TDR, RDX = field id, R8 = data, R9 = mask; output
 *	R8 = old value).
 *
 * Return: completion status.
 */
u64 sim_mng_wr(struct sim_call *c)
{
	struct sim_td *td;
	bool writable;
	u64 err, *p;

	err = sim_get_tdr(c, c->in.rcx, TDX_OPERAND_ID_RCX, false, &td);
	if (err)
		return err;
	err = sim_check_td_state(c, td, SIM_OPS_ALL &
				 ~(SIM_OPS(UNINITIALIZED) |
				   SIM_OPS(PAUSED_EXPORT) | SIM_OPS(POST_EXPORT)),
				 false);
	if (err)
		return err;
	p = sim_td_field(td, c->in.rdx, &writable);
	if (!p && c->in.rdx != SIM_TD_MAX_VCPUS && c->in.rdx != SIM_TD_NUM_VCPUS)
		return sim_err(TDX_METADATA_FIELD_ID_INCORRECT,
			       TDX_OPERAND_ID_RDX);
	/* Inferred: the status names the field id register. */
	if (!writable)
		return sim_err(TDX_METADATA_FIELD_NOT_WRITABLE,
			       TDX_OPERAND_ID_RDX);
	c->out->r8 = *p;
	*p = (*p & ~c->in.r9) | (c->in.r8 & c->in.r9);
	return TDX_SUCCESS;
}

/**
 * sim_mr_finalize() - TDH.MR.FINALIZE: end the build, make the TD runnable.
 * @c: the call (RCX = TDR).
 *
 * Return: completion status.
 */
u64 sim_mr_finalize(struct sim_call *c)
{
	struct sim_td *td;
	u64 err;

	err = sim_get_tdr(c, c->in.rcx, TDX_OPERAND_ID_RCX, false, &td);
	if (err)
		return err;
	err = sim_check_td_state(c, td, SIM_OPS(INITIALIZED), true);
	if (err)
		return err;
	if (!td->num_vcpus)
		return TDX_NO_VCPUS;
	td->op_state = SIM_OP_RUNNABLE;
	return TDX_SUCCESS;
}

/**
 * sim_mng_vpflushdone() - TDH.MNG.VPFLUSHDONE: no vCPU is associated any
 * more; block the TD and mark its key for cache write-back.
 * @c: the call (RCX = TDR).
 *
 * Return: completion status.
 */
u64 sim_mng_vpflushdone(struct sim_call *c)
{
	struct sim_kot_entry *k;
	struct sim_td *td;
	u64 err;

	err = sim_get_tdr(c, c->in.rcx, TDX_OPERAND_ID_RCX, true, &td);
	if (err)
		return err;
	if (td->lifecycle != SIM_TD_HKID_ASSIGNED &&
	    td->lifecycle != SIM_TD_KEYS_CONFIGURED)
		return TDX_LIFECYCLE_STATE_INCORRECT;
	if (td->num_tdcx >= tdx_sim->cfg.tdcs_nr_pages && td->num_assoc_vcpus)
		return TDX_FLUSHVP_NOT_DONE;
	if (!sim_call_lock(c, &tdx_sim->kot_lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KOT);
	k = sim_kot(td->hkid);
	k->state = SIM_KOT_FLUSHED;
	k->wbinvd_bitmap = td->pkg_config_bitmap;
	td->lifecycle = SIM_TD_BLOCKED;
	return TDX_SUCCESS;
}

/**
 * sim_mng_key_freeid() - TDH.MNG.KEY.FREEID: release the TD's HKID once
 * every package wrote its caches back.
 * @c: the call (RCX = TDR).
 *
 * Return: completion status.
 */
u64 sim_mng_key_freeid(struct sim_call *c)
{
	struct sim_kot_entry *k;
	struct sim_td *td;
	u64 err;

	err = sim_get_tdr(c, c->in.rcx, TDX_OPERAND_ID_RCX, true, &td);
	if (err)
		return err;
	if (td->lifecycle != SIM_TD_BLOCKED)
		return TDX_LIFECYCLE_STATE_INCORRECT;
	if (!sim_call_lock(c, &tdx_sim->kot_lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KOT);
	k = sim_kot(td->hkid);
	if (k->wbinvd_bitmap)
		return TDX_WBCACHE_NOT_COMPLETE;
	k->state = SIM_KOT_FREE;
	td->lifecycle = SIM_TD_TEARDOWN;
	return TDX_SUCCESS;
}

/**
 * sim_mng_key_reclaimid() - TDH.MNG.KEY.RECLAIMID: a no-op in module 1.5,
 * kept for compatibility.
 * @c: the call (RCX = TDR, not even checked).
 *
 * Return: TDX_SUCCESS.
 */
u64 sim_mng_key_reclaimid(struct sim_call *c)
{
	return TDX_SUCCESS;
}
