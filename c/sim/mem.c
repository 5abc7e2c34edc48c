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
 * form) and its level and state in RDX, like TDH.MEM.SEPT.RD.
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

/* Entry states reported in RDX bits 15:8 (inferred encoding). */
#define SIM_SEPT_FREE		0
#define SIM_SEPT_MAPPED		1
#define SIM_SEPT_BLOCKED	2
#define SIM_SEPT_PENDING	3
#define SIM_SEPT_PENDING_BLOCKED 4

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
		if (s->leaf && !s->added) {
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
	struct sim_sept *s = kvzalloc(sizeof(*s), GFP_KERNEL);

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
static u64 sim_mem_td(struct sim_call *c, bool tdr_excl, u32 ops,
		      struct sim_td **td)
{
	u64 err;

	err = sim_get_tdr(c, c->in.rdx, TDX_OPERAND_ID_RDX, tdr_excl, td);
	if (err)
		return err;
	return sim_check_td_state(c, *td, ops, false);
}

static u64 sim_lock_sept(struct sim_call *c, struct sim_td *td, bool excl)
{
	if (!sim_call_lock(c, &td->sept_lock, excl))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_SEPT);
	return TDX_SUCCESS;
}

/**
 * sim_mem_sept_add() - TDH.MEM.SEPT.ADD: link a Secure-EPT table page.
 * @c: the call (RCX = GPA | level 1..3, RDX = TDR, R8 = new page).
 *
 * Return: completion status.
 */
u64 sim_mem_sept_add(struct sim_call *c)
{
	struct sim_pamt_entry *e;
	struct sim_td *td;
	struct sim_sept *s;
	u64 err, gpa;
	u8 level;

	err = sim_mem_td(c, false, SIM_OPS(INITIALIZED) | SIM_OPS(RUNNABLE) |
			 SIM_OPS(LIVE_EXPORT) | SIM_OPS(MEMORY_IMPORT) |
			 SIM_OPS(STATE_IMPORT) | SIM_OPS(POST_IMPORT) |
			 SIM_OPS(LIVE_IMPORT), &td);
	if (err)
		return err;
	err = sim_page_info(c->in.rcx, 1, SIM_SEPT_TOP_LEVEL, &gpa, &level);
	if (err)
		return err;
	err = sim_get_page(c, c->in.r8, TDX_OPERAND_ID_R8, true, SIM_PT_NDA,
			   &e);
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
	if (!sim_sept_new(td, gpa, level, false, c->in.r8))
		return TDX_SYS_BUSY;	/* simulator out of memory */
	sim_give_page(c->in.r8, SIM_PT_EPT, td->tdr_pa);
	td->chldcnt++;
	return TDX_SUCCESS;
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
	/* The source is shared memory: only its form is checked. */
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
		return TDX_SYS_BUSY;	/* simulator out of memory */
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
		return TDX_SYS_BUSY;	/* simulator out of memory */
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

/**
 * sim_mem_page_remove() - TDH.MEM.PAGE.REMOVE: unmap a blocked, tracked
 * page; it becomes free (PT_NDA).
 * @c: the call (RCX = GPA | level, RDX = TDR; output RCX = the page).
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
	err = sim_lock_sept(c, td, true);
	if (err)
		return err;
	err = sim_sept_walk(c, td, gpa, level);
	if (err)
		return err;
	s = sim_sept_find(td, gpa, level);
	/* Inferred statuses for a free entry and for a table link. */
	if (!s)
		return sim_sept_fail(c, TDX_EPT_ENTRY_FREE, s, level);
	if (!s->leaf)
		return sim_sept_fail(c, TDX_EPT_ENTRY_NOT_LEAF, s, level);
	if (!s->blocked)
		return sim_sept_fail(c, TDX_GPA_RANGE_NOT_BLOCKED, s, level);
	if (td->epoch <= s->blocked_epoch)
		return sim_sept_fail(c, TDX_TLB_TRACKING_NOT_DONE, s, level);
	/* Inferred: the page's PAMT entry is locked with operand RCX. */
	e = sim_pamt_raw(s->hpa);
	if (!sim_call_lock(c, &e->lock, true))
		return sim_err(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);

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
