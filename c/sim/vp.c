// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU leaves of the simulated TDX module: VP.CREATE, VP.ADDCX, VP.INIT,
 * VP.ENTER, VP.FLUSH and VP.RD/WR.  A vCPU's state, its TDVPS page count
 * and its association with an LP follow §4.3.
 */
#include <linux/list.h>
#include <linux/slab.h>

#include "sim.h"

/* vcpu_and_flags_t (VP.ENTER RCX): bits 51:12 TDVPR, 52 and 53 flags. */
#define SIM_VP_ENTER_TDVPR	GENMASK_U64(51, 12)
#define SIM_VP_ENTER_RESERVED	(GENMASK_U64(11, 0) | GENMASK_U64(63, 54))

/* Metadata field id class (bits 61:56); class 0 is the TD VMCS. */
#define SIM_MD_CLASS		GENMASK_U64(63, 56)

/* md_field_id_t value meaning "no field" (MD_FIELD_ID_NA). */
#define SIM_MD_FIELD_ID_NA	(~0ULL)

/**
 * sim_vcpu_free() - Forget a vCPU.
 * @v: the vCPU (its TDVPR was reclaimed, or its TD is being freed).
 */
void sim_vcpu_free(struct sim_vcpu *v)
{
	struct sim_field *f, *ft;

	list_for_each_entry_safe(f, ft, &v->fields, link) {
		list_del(&f->link);
		kvfree(f);
	}
	list_del(&v->link);
	kvfree(v);
}

/* Check and lock an explicit TDVPR operand, then its TD's TDR shared. */
static u64 sim_get_tdvpr(struct sim_call *c, u64 pa, u32 operand, bool excl,
			 struct sim_vcpu **vcpu)
{
	struct sim_pamt_entry *e;
	u64 err;

	err = sim_get_page(c, pa, operand, excl, SIM_PT_TDVPR, &e);
	if (err)
		return err;
	*vcpu = e->obj;
	return sim_lock_implicit_tdr(c, (*vcpu)->td, false);
}

/**
 * sim_vp_create() - TDH.VP.CREATE: a new vCPU.
 * @c: the call (RCX = TDVPR page, RDX = TDR).
 *
 * Return: completion status.
 */
u64 sim_vp_create(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_vcpu *v;
	struct sim_td *td;
	u64 err;

	err = sim_get_tdr(c, c->in.rdx, TDX_OPERAND_ID_RDX, false, &td);
	if (err)
		return err;
	err = sim_check_td_state(c, td, SIM_OPS(INITIALIZED) |
				 SIM_OPS(STATE_IMPORT), false);
	if (err)
		return err;
	err = sim_get_page(c, c->in.rcx, TDX_OPERAND_ID_RCX, true,
			   SIM_PT_NDA, &e);
	if (err)
		return err;

	v = kvzalloc(sizeof(*v), GFP_ATOMIC);
	if (!v)
		return TDX_SIM_NO_MEMORY;
	v->tdvpr_pa = c->in.rcx;
	v->td = td;
	v->state = SIM_VCPU_UNINITIALIZED;
	v->num_pages = 1;
	v->assoc_lp = -1;
	INIT_LIST_HEAD(&v->fields);
	list_add_tail(&v->link, &td->vcpus);

	sim_give_page(c->in.rcx, SIM_PT_TDVPR, td->tdr_pa);
	e->obj = v;
	td->chldcnt++;
	return TDX_SUCCESS;
}

/**
 * sim_vp_addcx() - TDH.VP.ADDCX: add a TDVPS (TDCX) page to a vCPU.
 * @c: the call (RCX = page, RDX = TDVPR).
 *
 * Up to MAX_TDVPS_PAGES (15) TDVPS pages, the TDVPR included, whatever
 * the TD's L2 VM count; TDH.VP.INIT checks the count the vCPU needs.
 *
 * Return: completion status.
 */
u64 sim_vp_addcx(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_vcpu *v;
	struct sim_td *td;
	u64 err;

	err = sim_get_tdvpr(c, c->in.rdx, TDX_OPERAND_ID_RDX, true, &v);
	if (err)
		return err;
	td = v->td;
	err = sim_check_td_state(c, td, SIM_OPS(INITIALIZED) |
				 SIM_OPS(STATE_IMPORT), false);
	if (err)
		return err;
	if (v->state != SIM_VCPU_UNINITIALIZED)
		return TDX_VCPU_STATE_INCORRECT;
	if (v->num_pages >= SIM_MAX_TDVPS_PAGES)
		return TDX_TDCX_NUM_INCORRECT;
	err = sim_get_page(c, c->in.rcx, TDX_OPERAND_ID_RCX, true,
			   SIM_PT_NDA, &e);
	if (err)
		return err;
	sim_give_page(c->in.rcx, SIM_PT_TDCX, td->tdr_pa);
	v->num_pages++;
	td->chldcnt++;
	return TDX_SUCCESS;
}

/**
 * sim_vp_init() - TDH.VP.INIT: initialise a vCPU and associate it with
 * the calling LP.
 * @c: the call (RCX = TDVPR, RDX = initial guest RCX, v1: R8 = x2APIC id).
 *
 * Return: completion status.
 */
u64 sim_vp_init(struct sim_call *c)
{
	struct sim_vcpu *v, *o;
	struct sim_td *td;
	u32 x2apic;
	u64 err;

	err = sim_get_tdvpr(c, c->in.rcx, TDX_OPERAND_ID_RCX, true, &v);
	if (err)
		return err;
	td = v->td;
	err = sim_check_td_state(c, td, SIM_OPS(INITIALIZED), false);
	if (err)
		return err;
	if (v->state != SIM_VCPU_UNINITIALIZED)
		return TDX_VCPU_STATE_INCORRECT;
	if (v->num_pages < tdx_sim->cfg.tdvps_nr_pages +
	    SIM_TDVPS_PAGES_PER_L2 * td->num_l2_vms)
		return TDX_TDCX_NUM_INCORRECT;
	if (td->num_vcpus >= td->max_vcpus)
		return TDX_MAX_VCPUS_EXCEEDED;
	if (c->version >= 1) {
		/* Inferred: an x2APIC id is 32 bits; the rest is reserved. */
		if (c->in.r8 >> 32)
			return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
		x2apic = c->in.r8;
		list_for_each_entry(o, &td->vcpus, link)
			if (o->state != SIM_VCPU_UNINITIALIZED &&
			    o->x2apic_id == x2apic)
				return TDX_X2APIC_ID_NOT_UNIQUE;
	} else {
		/* Inferred: version 0 numbers vCPUs in creation order. */
		x2apic = td->num_vcpus;
	}
	v->x2apic_id = x2apic;
	v->initial_rcx = c->in.rdx;
	v->state = SIM_VCPU_READY;
	v->assoc_lp = c->cpu;
	td->num_vcpus++;
	td->num_assoc_vcpus++;
	return TDX_SUCCESS;
}

/**
 * sim_vp_enter() - TDH.VP.ENTER: run the vCPU until its next TD exit.
 * @c: the call (RCX = TDVPR and flags).
 *
 * Inferred (a simulator device): the guest "runs" and exits at once on a
 * TDCALL: the status is TDX_SUCCESS with exit reason 77 in bits 31:0 and
 * all other outputs 0.
 *
 * Return: completion status.
 */
u64 sim_vp_enter(struct sim_call *c)
{
	struct sim_vcpu *v;
	struct sim_td *td;
	u64 err;

	if (c->in.rcx & SIM_VP_ENTER_RESERVED)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	err = sim_get_tdvpr(c, c->in.rcx & SIM_VP_ENTER_TDVPR,
			    TDX_OPERAND_ID_RCX, false, &v);
	if (err)
		return err;
	td = v->td;
	err = sim_check_td_state(c, td, SIM_OPS(RUNNABLE) |
				 SIM_OPS(LIVE_EXPORT) | SIM_OPS(LIVE_IMPORT),
				 false);
	if (err)
		return err;
	if (!sim_call_lock(c, &td->epoch_lock, false))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_TD_EPOCH);
	if (v->state != SIM_VCPU_READY)
		return TDX_VCPU_STATE_INCORRECT;
	if (v->assoc_lp >= 0 && v->assoc_lp != c->cpu)
		return TDX_VCPU_ASSOCIATED;
	if (v->assoc_lp < 0) {
		v->assoc_lp = c->cpu;
		td->num_assoc_vcpus++;
	}
	/* ACTIVE only while the guest runs, i.e. never between SEAMCALLs. */
	v->state = SIM_VCPU_READY;
	return TDX_SUCCESS | SIM_EXIT_REASON_TDCALL;
}

/**
 * sim_vp_flush() - TDH.VP.FLUSH: dissociate a vCPU from the calling LP.
 * @c: the call (RCX = TDVPR).
 *
 * Return: completion status.
 */
u64 sim_vp_flush(struct sim_call *c)
{
	struct sim_vcpu *v;
	u64 err;

	err = sim_get_tdvpr(c, c->in.rcx, TDX_OPERAND_ID_RCX, true, &v);
	if (err)
		return err;
	err = sim_check_td_state(c, v->td, SIM_OPS_ALL, false);
	if (err)
		return err;
	if (v->assoc_lp != c->cpu)
		return TDX_VCPU_NOT_ASSOCIATED;
	v->assoc_lp = -1;
	v->td->num_assoc_vcpus--;
	return TDX_SUCCESS;
}

/*
 * Inferred: the TDVPS is modelled as a store of TD VMCS (class 0) fields
 * only, any id of that class being accepted, reading 0 until written;
 * every other class is an unknown field (status naming the field id
 * register).  The module's real field tables are not modelled.
 */
static struct sim_field *sim_vp_field(struct sim_vcpu *v, u64 id)
{
	struct sim_field *f;

	list_for_each_entry(f, &v->fields, link)
		if (f->id == id)
			return f;
	return NULL;
}

/* Inferred: "next field" walks the written fields in ascending id order. */
static u64 sim_vp_next_field(struct sim_vcpu *v, u64 id, bool first)
{
	struct sim_field *f;

	list_for_each_entry(f, &v->fields, link)
		if (first || f->id > id)
			return f->id;
	return SIM_MD_FIELD_ID_NA;
}

/**
 * sim_vp_rd() - TDH.VP.RD: read a TDVPS field.
 * @c: the call (RCX = TDVPR, RDX = field id; output R8 = value, and for
 *	version 1 RDX = the next field id, -1 after the last or on error).
 *
 * As in M15, only version 1 answers a null field id with
 * TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT and the first field in RDX.
 *
 * Return: completion status.
 */
u64 sim_vp_rd(struct sim_call *c)
{
	struct sim_field *f;
	struct sim_vcpu *v;
	u64 err;

	if (c->version)
		c->out->rdx = SIM_MD_FIELD_ID_NA;
	err = sim_get_tdvpr(c, c->in.rcx, TDX_OPERAND_ID_RCX, false, &v);
	if (err)
		return err;
	err = sim_check_td_state(c, v->td,
				 SIM_OPS_ALL & ~SIM_OPS(UNINITIALIZED), false);
	if (err)
		return err;
	if (c->version && !c->in.rdx) {
		c->out->rdx = sim_vp_next_field(v, 0, true);
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	if (c->in.rdx & SIM_MD_CLASS)
		return sim_err(TDX_METADATA_FIELD_ID_INCORRECT,
			       TDX_OPERAND_ID_RDX);
	f = sim_vp_field(v, c->in.rdx);
	if (c->version)
		c->out->rdx = sim_vp_next_field(v, c->in.rdx, false);
	c->out->r8 = f ? f->val : 0;
	return TDX_SUCCESS;
}

/**
 * sim_vp_wr() - TDH.VP.WR: write a TDVPS field under a mask.
 * @c: the call (RCX = TDVPR, RDX = field id, R8 = data, R9 = mask;
 *	output R8 = old value).
 *
 * Return: completion status.
 */
u64 sim_vp_wr(struct sim_call *c)
{
	struct sim_field *f;
	struct sim_vcpu *v;
	u64 err, old;

	err = sim_get_tdvpr(c, c->in.rcx, TDX_OPERAND_ID_RCX, true, &v);
	if (err)
		return err;
	err = sim_check_td_state(c, v->td, SIM_OPS_ALL &
				 ~(SIM_OPS(UNINITIALIZED) |
				   SIM_OPS(PAUSED_EXPORT) | SIM_OPS(POST_EXPORT)),
				 false);
	if (err)
		return err;
	if (c->in.rdx & SIM_MD_CLASS)
		return sim_err(TDX_METADATA_FIELD_ID_INCORRECT,
			       TDX_OPERAND_ID_RDX);
	f = sim_vp_field(v, c->in.rdx);
	if (!f) {
		struct sim_field *pos;

		f = kvzalloc(sizeof(*f), GFP_ATOMIC);
		if (!f)
			return TDX_SIM_NO_MEMORY;
		f->id = c->in.rdx;
		/* Keep the list sorted: insert before the first larger id. */
		list_for_each_entry(pos, &v->fields, link)
			if (pos->id > f->id)
				break;
		list_add_tail(&f->link, &pos->link);
	}
	old = f->val;
	f->val = (old & ~c->in.r9) | (c->in.r8 & c->in.r9);
	c->out->r8 = old;
	return TDX_SUCCESS;
}
