// SPDX-License-Identifier: GPL-2.0
/*
 * Secure-EPT and guest-page leaves of the simulated TDX module:
 * MEM.SEPT.ADD, MEM.PAGE.ADD/AUG/REMOVE, MEM.RANGE.BLOCK, MEM.TRACK and
 * MR.EXTEND.
 *
 * The Secure EPT has 4 levels: level 0 entries map 4 KiB pages, level 1
 * entries 2 MiB, level 2 entries 1 GiB, and the level 3 entries live in
 * the root table inside the TDCS.  A TD keeps a list of its non-free
 * entries: table links made by SEPT.ADD (level 1..3) and leaves.  Mapping
 * at level L needs a table linked at every level L+1..3 above it.
 *
 * Errors found on the Secure EPT report the entry in RCX (architectural
 * form) and its level and state in RDX, like TDH.MEM.SEPT.RD, with the
 * status carrying operand id RCX (as M15's leaves do).
 */
#include <linux/bitfield.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <asm/page.h>

#include "sim.h"

/* page_info_api_input_t: GPA | level. */
#define SIM_PI_LEVEL		GENMASK_U64(2, 0)
#define SIM_PI_GPA		GENMASK_U64(51, 12)
#define SIM_PI_RESERVED		(GENMASK_U64(11, 3) | GENMASK_U64(63, 52))

/*
 * Inferred: the TD's GPA width is 48 bits (4-level EPT) and bit 47 is the
 * shared bit, so private GPAs are below 2^47.
 */
#define SIM_GPA_PRIVATE_LIMIT	BIT_ULL(47)

/* Architectural Secure-EPT entry bits reported in RCX. */
#define SIM_EPTE_RWX		0x7ULL
#define SIM_EPTE_LEAF_BIG	BIT_ULL(7)
#define SIM_EPTE_SVE		BIT_ULL(63)

/*
 * Entry states reported in RDX bits 15:8: the public SEPT states of the
 * module (public_state in auto_gen/sept_state_lookup.c of the stored
 * tdx-module tree); non-leaf states have bit 7 set.
 */
#define SIM_SEPT_FREE		0
#define SIM_SEPT_BLOCKED	1
#define SIM_SEPT_PENDING	2
#define SIM_SEPT_PENDING_BLOCKED 3
#define SIM_SEPT_MAPPED		4
#define SIM_SEPT_NL_BLOCKED	0x81
#define SIM_SEPT_NL_MAPPED	0x84

/* td_handle_and_flags_t (SEPT.ADD RDX): bit 0 allow_existing, 51:12 TDR. */
#define SIM_TDH_ALLOW_EXISTING	BIT_ULL(0)
#define SIM_TDH_TDR		GENMASK_U64(51, 12)
#define SIM_TDH_RESERVED	(GENMASK_U64(11, 1) | GENMASK_U64(63, 52))

/* Inferred: NULL_PA, SEPT.ADD's "no page" value (R8 v1, R9-R11), is -1. */
#define SIM_NULL_PA		(~0ULL)

#define SIM_SEPT_TOP_LEVEL	3

/* Op-states of the block-type leaves (§4.2). */
#define SIM_OPS_BLOCK	(SIM_OPS(INITIALIZED) | SIM_OPS(RUNNABLE) | \
			 SIM_OPS(LIVE_EXPORT) | SIM_OPS(PAUSED_EXPORT) | \
			 SIM_OPS(POST_EXPORT) | SIM_OPS(POST_IMPORT) | \
			 SIM_OPS(LIVE_IMPORT))

static u64 sim_page_info(u64 rcx, u8 min_level, u8 max_level, u64 *gpa,
			 u8 *level)
{
	u8 l = FIELD_GET(SIM_PI_LEVEL, rcx);
	u64 g = rcx & SIM_PI_GPA;

	if ((rcx & SIM_PI_RESERVED) || l < min_level || l > max_level ||
	    g >= SIM_GPA_PRIVATE_LIMIT || (g & (sim_level_bytes(l) - 1)))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	*gpa = g;
	*level = l;
	return TDX_SUCCESS;
}

static struct sim_sept *sim_sept_find(struct sim_td *td, u64 gpa, u8 level)
{
	struct sim_sept *s;

	gpa &= ~(sim_level_bytes(level) - 1);
	list_for_each_entry(s, &td->sept, link)
		if (s->level == level && s->gpa == gpa)
			return s;
	return NULL;
}

/* Report an entry (NULL = free) the way TDH.MEM.SEPT.RD would. */
static void sim_sept_details(struct sim_call *c, const struct sim_sept *s,
			     u8 level)
{
	u64 val = SIM_EPTE_SVE;
	u8 state = SIM_SEPT_FREE;

	if (s) {
		val = s->hpa;
		if (s->leaf && s->level)
			val |= SIM_EPTE_LEAF_BIG;
		if (!s->leaf) {
			state = s->blocked ? SIM_SEPT_NL_BLOCKED :
					     SIM_SEPT_NL_MAPPED;
		} else if (!s->added) {
			val |= SIM_EPTE_SVE;
			state = s->blocked ? SIM_SEPT_PENDING_BLOCKED :
					     SIM_SEPT_PENDING;
		} else {
			state = s->blocked ? SIM_SEPT_BLOCKED : SIM_SEPT_MAPPED;
		}
		if (!s->blocked && (s->added || !s->leaf))
			val |= SIM_EPTE_RWX;
	}
	c->out->rcx = val;
	c->out->rdx = level | ((u64)state << 8);
}

static u64 sim_sept_fail(struct sim_call *c, u64 status,
			 const struct sim_sept *s, u8 level)
{
	sim_sept_details(c, s, level);
	return sim_err(status, TDX_OPERAND_ID_RCX);
}

/* Walk from the root down to the entry at @level: tables must be linked. */
static u64 sim_sept_walk(struct sim_call *c, struct sim_td *td, u64 gpa,
			 u8 level)
{
	struct sim_sept *s;
	int l;

	for (l = SIM_SEPT_TOP_LEVEL; l > level; l--) {
		s = sim_sept_find(td, gpa, l);
		if (!s || s->leaf)
			return sim_sept_fail(c, TDX_EPT_WALK_FAILED, s, l);
	}
	return TDX_SUCCESS;
}

static struct sim_sept *sim_sept_new(struct sim_td *td, u64 gpa, u8 level,
				     bool leaf, u64 hpa)
{
	struct sim_sept *s = kvzalloc(sizeof(*s), GFP_ATOMIC);

	if (!s)
		return NULL;
	s->gpa = gpa;
	s->level = level;
	s->leaf = leaf;
	s->hpa = hpa;
	list_add_tail(&s->link, &td->sept);
	return s;
}

/* TDR (explicit, RDX), then the TD state: the start of every MEM leaf. */
static u64 sim_mem_td_at(struct sim_call *c, u64 tdr_pa, bool tdr_excl,
			 u32 ops, struct sim_td **td)
{
	u64 err;

	err = sim_get_tdr(c, tdr_pa, TDX_OPERAND_ID_RDX, tdr_excl, td);
	if (err)
		return err;
	return sim_check_td_state(c, *td, ops, false);
}

static u64 sim_mem_td(struct sim_call *c, bool tdr_excl, u32 ops,
		      struct sim_td **td)
{
	return sim_mem_td_at(c, c->in.rdx, tdr_excl, ops, td);
}

static u64 sim_lock_sept(struct sim_call *c, struct sim_td *td, bool excl)
{
	if (!sim_call_lock(c, &td->sept_lock, excl))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_SEPT);
	return TDX_SUCCESS;
}

/**
 * sim_mem_sept_add() - TDH.MEM.SEPT.ADD: link a Secure-EPT table page.
 * @c: the call (RCX = GPA | level 1..3, RDX = TDR | allow_existing (bit 0),
 *	R8 = new page; v1: R9-R11 = L2 SEPT pages).
 *
 * M15's order: RDX reserved bits, TDR, TD state, GPA and level, Secure-EPT
 * walk, entry state (free or a linked table, else
 * TDX_EPT_ENTRY_STATE_INCORRECT), then the new page only if the entry is
 * free.  An entry that already links a table is an error
 * (TDX_EPT_ENTRY_STATE_INCORRECT) unless allow_existing is set: then the
 * call succeeds without using the page.  Version 1 returns the "flagged"
 * pages in R8-R11: the input with bit 63 cleared, bit 63 set for a page
 * not used because the table existed, NULL_PA for a page added.  The TD
 * has no L2 VMs here, so any L2 page is TDX_OPERAND_INVALID with its
 * register's operand id.  Bit 63 of an input page is ignored; R8 =
 * NULL_PA (v1 only) asks just to check that the table exists.
 *
 * Return: completion status.
 */
u64 sim_mem_sept_add(struct sim_call *c)
{
	u64 l2[3] = { c->in.r9, c->in.r10, c->in.r11 };
	u64 page = c->in.r8, flagged;
	struct sim_pamt_entry *e;
	struct sim_td *td;
	struct sim_sept *s;
	u64 err, gpa;
	unsigned int i;
	u8 level;

	if (page != SIM_NULL_PA)
		page &= ~BIT_ULL(63);
	flagged = page;
	if (c->in.rdx & SIM_TDH_RESERVED) {
		err = sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
		goto out;
	}
	err = sim_mem_td_at(c, c->in.rdx & SIM_TDH_TDR, false,
			    SIM_OPS(INITIALIZED) | SIM_OPS(RUNNABLE) |
			    SIM_OPS(LIVE_EXPORT) | SIM_OPS(MEMORY_IMPORT) |
			    SIM_OPS(STATE_IMPORT) | SIM_OPS(POST_IMPORT) |
			    SIM_OPS(LIVE_IMPORT), &td);
	if (err)
		goto out;
	err = sim_page_info(c->in.rcx, 1, SIM_SEPT_TOP_LEVEL, &gpa, &level);
	if (err)
		goto out;
	/*
	 * M15 takes the tree lock shared, then the entry's own lock; entry
	 * locks are not simulated.
	 */
	err = sim_lock_sept(c, td, false);
	if (err)
		goto out;
	err = sim_sept_walk(c, td, gpa, level);
	if (err)
		goto out;
	s = sim_sept_find(td, gpa, level);
	/* SEPT.ADD is allowed on a FREE or NL_MAPPED entry only. */
	if (s && (s->leaf || s->blocked)) {
		err = sim_sept_fail(c, TDX_EPT_ENTRY_STATE_INCORRECT, s, level);
		goto out;
	}
	if (page == SIM_NULL_PA) {
		/* v1 only: no new page, the table must exist already. */
		if (!c->version) {
			err = sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
			goto out;
		}
		if (!s) {
			err = sim_sept_fail(c, TDX_EPT_ENTRY_STATE_INCORRECT,
					    s, level);
			goto out;
		}
	} else if (s) {
		if (!(c->in.rdx & SIM_TDH_ALLOW_EXISTING)) {
			err = sim_sept_fail(c, TDX_EPT_ENTRY_STATE_INCORRECT,
					    s, level);
			goto out;
		}
		flagged |= BIT_ULL(63);
	} else {
		err = sim_get_page(c, page, TDX_OPERAND_ID_R8, true,
				   SIM_PT_NDA, &e);
		if (err)
			goto out;
	}
	for (i = 0; c->version && i < ARRAY_SIZE(l2); i++) {
		if (l2[i] != SIM_NULL_PA) {
			err = sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R9 + i);
			goto out;
		}
	}
	if (!s && page != SIM_NULL_PA) {
		if (!sim_sept_new(td, gpa, level, false, page)) {
			err = TDX_SIM_NO_MEMORY;
			goto out;
		}
		sim_give_page(page, SIM_PT_EPT, td->tdr_pa);
		td->chldcnt++;
		flagged = SIM_NULL_PA;
	}
	err = TDX_SUCCESS;
out:
	if (c->version) {
		c->out->r8 = flagged;
		c->out->r9 = l2[0] == SIM_NULL_PA ? l2[0] : l2[0] & ~BIT_ULL(63);
		c->out->r10 = l2[1] == SIM_NULL_PA ? l2[1] : l2[1] & ~BIT_ULL(63);
		c->out->r11 = l2[2] == SIM_NULL_PA ? l2[2] : l2[2] & ~BIT_ULL(63);
	}
	return err;
}

/**
 * sim_mem_page_add() - TDH.MEM.PAGE.ADD: map an initial (measured) page
 * while the TD is being built.
 * @c: the call (RCX = GPA, RDX = TDR, R8 = target page, R9 = source).
 *
 * Return: completion status.
 */
u64 sim_mem_page_add(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_sept *s;
	struct sim_td *td;
	u64 err, gpa;
	u8 level;

	err = sim_mem_td(c, true, SIM_OPS(INITIALIZED), &td);
	if (err)
		return err;
	err = sim_page_info(c->in.rcx, 0, 0, &gpa, &level);
	if (err)
		return err;
	err = sim_get_page(c, c->in.r8, TDX_OPERAND_ID_R8, true, SIM_PT_NDA,
			   &e);
	if (err)
		return err;
	/*
	 * The source is shared memory: only its form is checked.  Inferred:
	 * a bad source is TDX_OPERAND_INVALID|R9, checked at this point.
	 */
	if (!sim_pa_valid(c->in.r9))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R9);
	err = sim_lock_sept(c, td, true);
	if (err)
		return err;
	err = sim_sept_walk(c, td, gpa, 0);
	if (err)
		return err;
	s = sim_sept_find(td, gpa, 0);
	if (s)
		return sim_sept_fail(c, TDX_EPT_ENTRY_NOT_FREE, s, 0);
	s = sim_sept_new(td, gpa, 0, true, c->in.r8);
	if (!s)
		return TDX_SIM_NO_MEMORY;
	s->added = true;
	sim_give_page(c->in.r8, SIM_PT_REG, td->tdr_pa);
	td->chldcnt++;
	return TDX_SUCCESS;
}

/* Check and lock the 512 pages of a 2 MiB target (R8) of PAGE.AUG. */
static u64 sim_get_2m_target(struct sim_call *c, u64 pa)
{
	struct sim_pamt_entry *head;
	unsigned int i;

	if ((pa & (sim_level_bytes(SIM_PS_2M) - 1)) || !sim_pa_valid(pa))
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
	for (i = 0; i < 512; i++)
		if (!sim_pamt_find(pa + i * PAGE_SIZE))
			return sim_err(TDX_OPERAND_ADDR_RANGE_ERROR,
				       TDX_OPERAND_ID_R8);
	/* The 2 MiB PAMT entry stands in the entry of the first page. */
	head = sim_pamt_raw(pa);
	if (!sim_call_lock(c, &head->lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_R8);
	for (i = 0; i < 512; i++) {
		struct sim_pamt_entry *e = sim_pamt_raw(pa + i * PAGE_SIZE);

		if (e->pt != SIM_PT_NDA || e->size != SIM_PS_4K)
			return sim_err(TDX_PAGE_METADATA_INCORRECT,
				       TDX_OPERAND_ID_R8);
	}
	return TDX_SUCCESS;
}

/**
 * sim_mem_page_aug() - TDH.MEM.PAGE.AUG: map a page (4 KiB or 2 MiB) into
 * a TD pending guest acceptance.
 * @c: the call (RCX = GPA | level, RDX = TDR, R8 = target page).
 *
 * Return: completion status.
 */
u64 sim_mem_page_aug(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_sept *s;
	struct sim_td *td;
	u64 err, gpa, i;
	u8 level;

	err = sim_mem_td(c, false, SIM_OPS(INITIALIZED) | SIM_OPS(RUNNABLE) |
			 SIM_OPS(LIVE_EXPORT) | SIM_OPS(LIVE_IMPORT), &td);
	if (err)
		return err;
	err = sim_page_info(c->in.rcx, 0, SIM_PS_2M, &gpa, &level);
	if (err)
		return err;
	if (level == SIM_PS_4K)
		err = sim_get_page(c, c->in.r8, TDX_OPERAND_ID_R8, true,
				   SIM_PT_NDA, &e);
	else
		err = sim_get_2m_target(c, c->in.r8);
	if (err)
		return err;
	err = sim_lock_sept(c, td, true);
	if (err)
		return err;
	err = sim_sept_walk(c, td, gpa, level);
	if (err)
		return err;
	s = sim_sept_find(td, gpa, level);
	if (s)
		return sim_sept_fail(c, TDX_EPT_ENTRY_NOT_FREE, s, level);
	if (!sim_sept_new(td, gpa, level, true, c->in.r8))
		return TDX_SIM_NO_MEMORY;
	for (i = 0; i < sim_level_pages(level); i++) {
		sim_give_page(c->in.r8 + i * PAGE_SIZE, SIM_PT_REG, td->tdr_pa);
		sim_pamt_raw(c->in.r8 + i * PAGE_SIZE)->size = level;
	}
	td->chldcnt += sim_level_pages(level);
	return TDX_SUCCESS;
}

/**
 * sim_mem_range_block() - TDH.MEM.RANGE.BLOCK: block a mapping so it can
 * be removed after TLB tracking.
 * @c: the call (RCX = GPA | level, RDX = TDR).
 *
 * Return: completion status; TDX_GPA_RANGE_ALREADY_BLOCKED is a warning.
 */
u64 sim_mem_range_block(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_sept *s;
	struct sim_td *td;
	u64 err, gpa;
	u8 level;

	err = sim_mem_td(c, false, SIM_OPS_BLOCK, &td);
	if (err)
		return err;
	err = sim_page_info(c->in.rcx, 0, SIM_PS_1G, &gpa, &level);
	if (err)
		return err;
	err = sim_lock_sept(c, td, true);
	if (err)
		return err;
	err = sim_sept_walk(c, td, gpa, level);
	if (err)
		return err;
	s = sim_sept_find(td, gpa, level);
	/* Inferred: nothing to block in a free entry. */
	if (!s)
		return sim_sept_fail(c, TDX_EPT_ENTRY_FREE, s, level);
	if (s->blocked) {
		sim_sept_details(c, s, level);
		return sim_err(TDX_GPA_RANGE_ALREADY_BLOCKED,
			       TDX_OPERAND_ID_RCX);
	}
	s->blocked = true;
	s->blocked_epoch = td->epoch;
	e = sim_pamt_raw(s->hpa);
	if (e)
		e->bepoch = td->epoch;
	return TDX_SUCCESS;
}

/**
 * sim_mem_track() - TDH.MEM.TRACK: start a new TLB epoch.
 * @c: the call (RCX = TDR).
 *
 * vCPUs are never inside the TD between SEAMCALLs here, so the previous
 * epoch is always drained (no TDX_PREVIOUS_TLB_EPOCH_BUSY).
 *
 * Return: completion status.
 */
u64 sim_mem_track(struct sim_call *c)
{
	struct sim_td *td;
	u64 err;

	err = sim_get_tdr(c, c->in.rcx, TDX_OPERAND_ID_RCX, false, &td);
	if (err)
		return err;
	err = sim_check_td_state(c, td, SIM_OPS_ALL &
				 ~(SIM_OPS(UNINITIALIZED) |
				   SIM_OPS(FAILED_IMPORT)), false);
	if (err)
		return err;
	if (!sim_call_lock(c, &td->epoch_lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_TD_EPOCH);
	td->epoch++;
	return TDX_SUCCESS;
}

/* Op-states whose tlb_tracking_required flag is set (M15 op_state_lookup). */
#define SIM_OPS_TLB_TRACKING	(SIM_OPS(RUNNABLE) | SIM_OPS(LIVE_EXPORT) | \
				 SIM_OPS(LIVE_IMPORT))

/**
 * sim_mem_page_remove() - TDH.MEM.PAGE.REMOVE: unmap a page; it becomes
 * free (PT_NDA).
 * @c: the call (RCX = GPA | level, RDX = TDR; output RCX = the page).
 *
 * M15's order: TDR, TD state, GPA and level, Secure-EPT walk, entry state
 * (a leaf: mapped, pending or blocked, else TDX_EPT_ENTRY_STATE_INCORRECT),
 * the page's PAMT entry lock, then the TLB-tracking checks.  Those apply
 * only when TLB tracking is required: every leaf state simulated requires
 * it, and so do the op-states RUNNABLE, LIVE_EXPORT and LIVE_IMPORT; in
 * the other op-states (e.g. INITIALIZED, before TDH.MR.FINALIZE) the TD
 * cannot have run and the page goes at once, blocked or not.
 *
 * Return: completion status.
 */
u64 sim_mem_page_remove(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_sept *s;
	struct sim_td *td;
	u64 err, gpa, i;
	u8 level;

	err = sim_mem_td(c, false, SIM_OPS_BLOCK | SIM_OPS(FAILED_IMPORT), &td);
	if (err)
		return err;
	err = sim_page_info(c->in.rcx, 0, SIM_PS_1G, &gpa, &level);
	if (err)
		return err;
	err = sim_lock_sept(c, td, false);
	if (err)
		return err;
	err = sim_sept_walk(c, td, gpa, level);
	if (err)
		return err;
	s = sim_sept_find(td, gpa, level);
	if (!s || !s->leaf)
		return sim_sept_fail(c, TDX_EPT_ENTRY_STATE_INCORRECT, s, level);
	/* The page's PAMT entry, locked exclusively (operand RCX, no details). */
	e = sim_pamt_raw(s->hpa);
	if (!sim_call_lock(c, &e->lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	if (BIT(td->op_state) & SIM_OPS_TLB_TRACKING) {
		if (!s->blocked)
			return sim_sept_fail(c, TDX_GPA_RANGE_NOT_BLOCKED, s,
					     level);
		/* M15 reports no SEPT details here. */
		if (td->epoch <= s->blocked_epoch)
			return sim_err(TDX_TLB_TRACKING_NOT_DONE,
				       TDX_OPERAND_ID_RCX);
	}

	for (i = 0; i < sim_level_pages(level); i++) {
		e = sim_pamt_raw(s->hpa + i * PAGE_SIZE);
		e->pt = SIM_PT_NDA;
		e->size = SIM_PS_4K;
		e->owner = 0;
		e->bepoch = 0;
	}
	td->chldcnt -= sim_level_pages(level);
	c->out->rcx = s->hpa;
	list_del(&s->link);
	kvfree(s);
	return TDX_SUCCESS;
}

/**
 * sim_mr_extend() - TDH.MR.EXTEND: measure 256 bytes of a PAGE.ADD page.
 * @c: the call (RCX = GPA, 256-byte aligned; RDX = TDR).
 *
 * The measurement itself is not modelled.
 *
 * Return: completion status.
 */
u64 sim_mr_extend(struct sim_call *c)
{
	struct sim_sept *s;
	struct sim_td *td;
	u64 err, gpa = c->in.rcx;

	err = sim_mem_td(c, false, SIM_OPS(INITIALIZED), &td);
	if (err)
		return err;
	if ((gpa & 255) || gpa >= SIM_GPA_PRIVATE_LIMIT)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	err = sim_lock_sept(c, td, false);
	if (err)
		return err;
	err = sim_sept_walk(c, td, gpa, 0);
	if (err)
		return err;
	s = sim_sept_find(td, gpa, 0);
	/* Inferred statuses: free entry; pending (AUG) or blocked page. */
	if (!s)
		return sim_sept_fail(c, TDX_EPT_ENTRY_FREE, s, 0);
	if (!s->added || s->blocked)
		return sim_sept_fail(c, TDX_EPT_ENTRY_STATE_INCORRECT, s, 0);
	return TDX_SUCCESS;
}
