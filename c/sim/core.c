// SPDX-License-Identifier: GPL-2.0
/*
 * Core of the simulated TDX module: start and stop, the SEAMCALL
 * dispatcher (RAX validation and gating by system state, §1.1), the
 * simulator lock, fault injection, interruption settings and statistics.
 *
 * The module simulated is 1.5.01 plus the later leaves Linux uses: VP.INIT
 * v1 and the extension leaves (when TDX_FEATURES0 bit 39 is set).  Leaf
 * versions follow that: 1.5.01 accepts version > 0 only for PROMOTE,
 * SEPT.ADD, SEPT.REMOVE, MNG.RD and VP.RD (of which PROMOTE and SEPT.REMOVE
 * are not simulated), and VP.INIT v1 is the one later addition.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/build_bug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <linux/vmalloc.h>
#include <asm/page.h>

#include <tdx/sys.h>

#include "seamcall.h"
#include "sim.h"

static_assert(TDH_VP_ENTER == TDX_SIM_VP_ENTER);
static_assert(TDH_MNG_ADDCX == TDX_SIM_MNG_ADDCX);
static_assert(TDH_MEM_PAGE_ADD == TDX_SIM_MEM_PAGE_ADD);
static_assert(TDH_MEM_SEPT_ADD == TDX_SIM_MEM_SEPT_ADD);
static_assert(TDH_VP_ADDCX == TDX_SIM_VP_ADDCX);
static_assert(TDH_MEM_PAGE_AUG == TDX_SIM_MEM_PAGE_AUG);
static_assert(TDH_MEM_RANGE_BLOCK == TDX_SIM_MEM_RANGE_BLOCK);
static_assert(TDH_MNG_KEY_CONFIG == TDX_SIM_MNG_KEY_CONFIG);
static_assert(TDH_MNG_CREATE == TDX_SIM_MNG_CREATE);
static_assert(TDH_VP_CREATE == TDX_SIM_VP_CREATE);
static_assert(TDH_MNG_RD == TDX_SIM_MNG_RD);
static_assert(TDH_MNG_WR == TDX_SIM_MNG_WR);
static_assert(TDH_MR_EXTEND == TDX_SIM_MR_EXTEND);
static_assert(TDH_MR_FINALIZE == TDX_SIM_MR_FINALIZE);
static_assert(TDH_VP_FLUSH == TDX_SIM_VP_FLUSH);
static_assert(TDH_MNG_VPFLUSHDONE == TDX_SIM_MNG_VPFLUSHDONE);
static_assert(TDH_MNG_KEY_FREEID == TDX_SIM_MNG_KEY_FREEID);
static_assert(TDH_MNG_INIT == TDX_SIM_MNG_INIT);
static_assert(TDH_VP_INIT == TDX_SIM_VP_INIT);
static_assert(TDH_PHYMEM_PAGE_RDMD == TDX_SIM_PHYMEM_PAGE_RDMD);
static_assert(TDH_VP_RD == TDX_SIM_VP_RD);
static_assert(TDH_PHYMEM_PAGE_RECLAIM == TDX_SIM_PHYMEM_PAGE_RECLAIM);
static_assert(TDH_MEM_PAGE_REMOVE == TDX_SIM_MEM_PAGE_REMOVE);
static_assert(TDH_SYS_KEY_CONFIG == TDX_SIM_SYS_KEY_CONFIG);
static_assert(TDH_SYS_INIT == TDX_SIM_SYS_INIT);
static_assert(TDH_SYS_RD == TDX_SIM_SYS_RD);
static_assert(TDH_SYS_LP_INIT == TDX_SIM_SYS_LP_INIT);
static_assert(TDH_SYS_TDMR_INIT == TDX_SIM_SYS_TDMR_INIT);
static_assert(TDH_MEM_TRACK == TDX_SIM_MEM_TRACK);
static_assert(TDH_PHYMEM_CACHE_WB == TDX_SIM_PHYMEM_CACHE_WB);
static_assert(TDH_PHYMEM_PAGE_WBINVD == TDX_SIM_PHYMEM_PAGE_WBINVD);
static_assert(TDH_VP_WR == TDX_SIM_VP_WR);
static_assert(TDH_SYS_CONFIG == TDX_SIM_SYS_CONFIG);
static_assert(TDH_SYS_SHUTDOWN == TDX_SIM_SYS_SHUTDOWN);
static_assert(TDH_SYS_UPDATE == TDX_SIM_SYS_UPDATE);
static_assert(TDH_EXT_INIT == TDX_SIM_EXT_INIT);
static_assert(TDH_EXT_MEM_ADD == TDX_SIM_EXT_MEM_ADD);
static_assert(TDH_SPDM_CREATE == TDX_SIM_SPDM_CREATE);
static_assert(TDH_SPDM_DELETE == TDX_SIM_SPDM_DELETE);
static_assert(TDH_IOMMU_SETUP == TDX_SIM_IOMMU_SETUP);
static_assert(TDH_IOMMU_CLEAR == TDX_SIM_IOMMU_CLEAR);
static_assert(TDH_IDE_STREAM_CREATE == TDX_SIM_IDE_STREAM_CREATE);
static_assert(TDH_IDE_STREAM_BLOCK == TDX_SIM_IDE_STREAM_BLOCK);
static_assert(TDH_IDE_STREAM_DELETE == TDX_SIM_IDE_STREAM_DELETE);
static_assert(TDH_IDE_STREAM_KM == TDX_SIM_IDE_STREAM_KM);
static_assert(TDH_SPDM_CONNECT == TDX_SIM_SPDM_CONNECT);
static_assert(TDH_SPDM_DISCONNECT == TDX_SIM_SPDM_DISCONNECT);
static_assert(TDH_SPDM_MNG == TDX_SIM_SPDM_MNG);

/* Leaves tdx-core does not wrap; the simulator serves them as 1.5 does. */
#define SIM_TDH_MNG_KEY_RECLAIMID	TDX_SIM_MNG_KEY_RECLAIMID
#define SIM_TDH_SYS_LP_SHUTDOWN		TDX_SIM_SYS_LP_SHUTDOWN

/* RAX bits that must be zero. */
#define SIM_RAX_RESERVED	GENMASK_U64(63, 24)

/*
 * Serialises SEAMCALLs and control calls: one logical step at a time.  A
 * spinlock, because SEAMCALLs are made with interrupts off (TD entry,
 * stop_machine()); nothing under it sleeps or allocates with
 * GFP_KERNEL, except a parked call, which drops it.
 */
DEFINE_RAW_SPINLOCK(tdx_sim_lock);
struct tdx_sim *tdx_sim;

/* Last configuration started, for tdx_platform_keyids() at any time. */
static struct tdx_sim_config sim_last_cfg;
static bool sim_have_cfg;

/**
 * struct sim_leaf_desc - How the dispatcher treats a leaf.
 * @fn: the handler; NULL for leaves this module does not implement.
 * @max_version: highest version accepted in RAX bits 23:16.
 * @sys: allowed before SYS_READY (§1.1).
 * @no_lp_check: runs on an LP that did not run TDH.SYS.LP.INIT.
 */
struct sim_leaf_desc {
	u64 (*fn)(struct sim_call *c);
	u8 max_version;
	bool sys;
	bool no_lp_check;
};

static const struct sim_leaf_desc sim_leaves[] = {
	[TDH_VP_ENTER]			= { sim_vp_enter },
	[TDH_MNG_ADDCX]			= { sim_mng_addcx },
	[TDH_MEM_PAGE_ADD]		= { sim_mem_page_add },
	/* 1.5.01: v1 adds allow_existing outputs and L2 pages (R9-R11). */
	[TDH_MEM_SEPT_ADD]		= { sim_mem_sept_add, 1 },
	[TDH_VP_ADDCX]			= { sim_vp_addcx },
	[TDH_MEM_PAGE_AUG]		= { sim_mem_page_aug },
	[TDH_MEM_RANGE_BLOCK]		= { sim_mem_range_block },
	[TDH_MNG_KEY_CONFIG]		= { sim_mng_key_config },
	[TDH_MNG_CREATE]		= { sim_mng_create },
	[TDH_VP_CREATE]			= { sim_vp_create },
	/* 1.5.01: v1 returns the next field id in RDX. */
	[TDH_MNG_RD]			= { sim_mng_rd, 1 },
	[TDH_MNG_WR]			= { sim_mng_wr },
	[TDH_MR_EXTEND]			= { sim_mr_extend },
	[TDH_MR_FINALIZE]		= { sim_mr_finalize },
	[TDH_VP_FLUSH]			= { sim_vp_flush },
	[TDH_MNG_VPFLUSHDONE]		= { sim_mng_vpflushdone },
	[TDH_MNG_KEY_FREEID]		= { sim_mng_key_freeid },
	[TDH_MNG_INIT]			= { sim_mng_init },
	/*
	 * Not in 1.5.01: version 1 (R8 = x2APIC id) comes from newer modules;
	 * Linux always uses it, so the simulated module has it.
	 */
	[TDH_VP_INIT]			= { sim_vp_init, 1 },
	[TDH_PHYMEM_PAGE_RDMD]		= { sim_phymem_page_rdmd },
	/* 1.5.01: v1 returns the next field id in RDX. */
	[TDH_VP_RD]			= { sim_vp_rd, 1 },
	/* 1.5: a no-op kept for compatibility, always TDX_SUCCESS. */
	[SIM_TDH_MNG_KEY_RECLAIMID]	= { sim_mng_key_reclaimid },
	[TDH_PHYMEM_PAGE_RECLAIM]	= { sim_phymem_page_reclaim },
	[TDH_MEM_PAGE_REMOVE]		= { sim_mem_page_remove },
	/*
	 * Inferred: SYS.CONFIG and SYS.KEY.CONFIG report their own state
	 * errors (CONFIG_NOT_PENDING, KEY_CONFIG_NOT_PENDING) rather than
	 * LP_INIT_NOT_DONE, since both require every LP to be initialised.
	 */
	[TDH_SYS_KEY_CONFIG]		= { sim_sys_key_config, 0, true, true },
	[TDH_SYS_INIT]			= { sim_sys_init, 0, true, true },
	[TDH_SYS_RD]			= { sim_sys_rd, 0, true },
	[TDH_SYS_LP_INIT]		= { sim_sys_lp_init, 0, true, true },
	[TDH_SYS_TDMR_INIT]		= { sim_sys_tdmr_init },
	[TDH_MEM_TRACK]			= { sim_mem_track },
	[TDH_PHYMEM_CACHE_WB]		= { sim_phymem_cache_wb },
	[TDH_PHYMEM_PAGE_WBINVD]	= { sim_phymem_page_wbinvd },
	[TDH_VP_WR]			= { sim_vp_wr },
	/*
	 * 1.5: deprecated, always TDX_SUCCESS, in every system state, even
	 * SYS_SHUTDOWN.  Inferred: no LP-initialisation check either.
	 */
	[SIM_TDH_SYS_LP_SHUTDOWN]	= { sim_sys_lp_shutdown, 0, true, true },
	[TDH_SYS_CONFIG]		= { sim_sys_config, 0, true, true },
	/* Needs SYS_READY: the dispatcher refuses it before (§6.2). */
	[TDH_SYS_SHUTDOWN]		= { sim_sys_shutdown },
	/*
	 * Inferred: like SYS.CONFIG, it reports its own state error
	 * (STATE_INCORRECT) when not every LP is initialised.
	 */
	[TDH_SYS_UPDATE]		= { sim_sys_update, 0, true, true },
	/* Not in 1.5.01: the extension leaves (LP-EXT, LP-TC). */
	[TDH_EXT_INIT]			= { sim_ext_init },
	[TDH_EXT_MEM_ADD]		= { sim_ext_mem_add },
	/* Not in 1.5.01: TDX Connect, current numbering (LP-TC v2). */
	[TDH_SPDM_CREATE]		= { sim_spdm_create },
	[TDH_SPDM_DELETE]		= { sim_spdm_delete },
	[TDH_IOMMU_SETUP]		= { sim_iommu_setup },
	[TDH_IOMMU_CLEAR]		= { sim_iommu_clear },
	[TDH_IDE_STREAM_CREATE]		= { sim_ide_stream_create },
	[TDH_IDE_STREAM_BLOCK]		= { sim_ide_stream_block },
	[TDH_IDE_STREAM_DELETE]		= { sim_ide_stream_delete },
	[TDH_IDE_STREAM_KM]		= { sim_ide_stream_km },
	[TDH_SPDM_CONNECT]		= { sim_spdm_connect },
	[TDH_SPDM_DISCONNECT]		= { sim_spdm_disconnect },
	[TDH_SPDM_MNG]			= { sim_spdm_mng },
};

/**
 * tdx_sim_default_config() - The default simulated platform.
 * @cfg: receives it.
 *
 * One 256 MiB CMR at 4 GiB, key ids 32..63 at bit 46, module 1.5.1 with
 * its sizes, handoff version 1, updatable with its TDs, TDMR.INIT in 4 MiB
 * steps.
 */
void tdx_sim_default_config(struct tdx_sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->cmr_base = 0x100000000ULL;
	cfg->cmr_size = 256ULL << 20;
	cfg->first_keyid = 32;
	cfg->nr_keyids = 32;
	cfg->keyid_shift = 46;
	cfg->tdcs_nr_pages = 6;
	cfg->tdvps_nr_pages = 6;
	cfg->max_vcpus_per_td = 16;
	cfg->version = (struct tdx_sim_version){ 1, 5, 1 };
	cfg->module_hv = 1;
	cfg->min_update_hv = 1;
	cfg->features0 = TDX_FEATURES0_NO_RBP_MOD | TDX_FEATURES0_EXT |
			 TDX_FEATURES0_TDX_CONNECT | TDX_FEATURES0_TD_PRESERVING |
			 TDX_FEATURES0_UPDATE_COMPAT;
	cfg->memory_pool_required_pages = 0;
	cfg->iommu_reg_base = 0xFED90000;
	cfg->ext_required = false;
	cfg->ext_init_units = 4;
	cfg->cache_wb_units = 4;
	/* 1024 4 KiB PAMT entries per call, as module 1.5 does. */
	cfg->tdmr_init_chunk = 4ULL << 20;
	cfg->page_flushed = NULL;
}

static void sim_free(struct tdx_sim *s)
{
	struct sim_td *td, *tmp;
	unsigned int i;

	list_for_each_entry_safe(td, tmp, &s->tds, link)
		sim_td_free(td);
	for (i = 0; i < SIM_MAX_PKGS; i++)
		kfree(s->wbc[i].snap);
	sim_connect_free(s);
	kfree(s->kot);
	kfree(s->lp_done);
	kfree(s->ldr_installed);
	vfree(s->pamt);
	vfree(s);
}

static bool sim_config_valid(const struct tdx_sim_config *cfg)
{
	if (!cfg->cmr_size || (cfg->cmr_base | cfg->cmr_size) & ~PAGE_MASK)
		return false;
	if (cfg->keyid_shift < 32 || cfg->keyid_shift > 51)
		return false;
	if (!cfg->nr_keyids || !cfg->first_keyid ||
	    cfg->first_keyid + cfg->nr_keyids > 0xffff ||
	    cfg->first_keyid + cfg->nr_keyids >
	    (1U << (52 - cfg->keyid_shift)))
		return false;
	if ((cfg->cmr_base + cfg->cmr_size) >> cfg->keyid_shift)
		return false;
	if (cfg->min_update_hv > cfg->module_hv)
		return false;
	if (cfg->tdcs_nr_pages < 1 || cfg->tdcs_nr_pages > 9)
		return false;
	if (cfg->tdvps_nr_pages < 1 || cfg->tdvps_nr_pages > 15)
		return false;
	if (!cfg->max_vcpus_per_td || !cfg->tdmr_init_chunk ||
	    (cfg->tdmr_init_chunk & ~PAGE_MASK))
		return false;
	return true;
}

/**
 * tdx_sim_start() - Load a fresh simulated module.
 * @cfg: the platform it runs on; NULL for tdx_sim_default_config().
 *
 * A running module is stopped first.  The new one is in SYSINIT_PENDING
 * with no faults, interruptions or violations recorded.
 *
 * Return: 0, -EINVAL for an unusable configuration, -ENOMEM.
 */
int tdx_sim_start(const struct tdx_sim_config *cfg)
{
	struct tdx_sim_config def;
	struct tdx_sim *s;
	unsigned int cpu, i, max_cpu = 0;

	if (!cfg) {
		tdx_sim_default_config(&def);
		cfg = &def;
	}
	if (!sim_config_valid(cfg))
		return -EINVAL;
	if (tdx_nr_packages() > SIM_MAX_PKGS)
		return -EINVAL;

	tdx_sim_stop();

	s = vzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->cfg = *cfg;
	INIT_LIST_HEAD(&s->tds);
	s->nr_pages = cfg->cmr_size >> PAGE_SHIFT;
	s->pamt = vzalloc(s->nr_pages * sizeof(*s->pamt));
	s->kot = kcalloc(cfg->nr_keyids, sizeof(*s->kot), GFP_KERNEL);
	for_each_online_cpu(cpu) {
		if (cpu > max_cpu)
			max_cpu = cpu;
		s->pkg_mask |= BIT_ULL(tdx_cpu_package(cpu));
	}
	s->nr_lps = max_cpu + 1;
	s->lp_done = kcalloc(s->nr_lps, sizeof(*s->lp_done), GFP_KERNEL);
	s->ldr_installed = kcalloc(s->nr_lps, sizeof(*s->ldr_installed),
				   GFP_KERNEL);
	if (!s->pamt || !s->kot || !s->lp_done || !s->ldr_installed)
		goto nomem;
	for (i = 0; i < tdx_nr_packages(); i++) {
		s->wbc[i].snap = kzalloc(cfg->nr_keyids, GFP_KERNEL);
		if (!s->wbc[i].snap)
			goto nomem;
	}

	raw_spin_lock(&tdx_sim_lock);
	sim_audit_reset();
	sim_last_cfg = *cfg;
	sim_have_cfg = true;
	s->pause_leaf = TDX_SIM_ANY_LEAF;
	tdx_sim = s;
	raw_spin_unlock(&tdx_sim_lock);
	return 0;

nomem:
	sim_free(s);
	return -ENOMEM;
}

/**
 * tdx_sim_stop() - Unload the simulated module.
 *
 * Everything is freed; pages the module still owned are simply forgotten
 * (as after a reset of the platform).  SEAMCALLs then fail with
 * TDX_SEAMCALL_VMFAILINVALID.
 */
void tdx_sim_stop(void)
{
	struct tdx_sim *s;

	raw_spin_lock(&tdx_sim_lock);
	s = tdx_sim;
	tdx_sim = NULL;
	raw_spin_unlock(&tdx_sim_lock);
	if (s)
		sim_free(s);
}

/**
 * tdx_sim_running() - Whether a simulated module is loaded.
 *
 * Return: true between tdx_sim_start() and tdx_sim_stop().
 */
bool tdx_sim_running(void)
{
	bool ret;

	raw_spin_lock(&tdx_sim_lock);
	ret = !!tdx_sim;
	raw_spin_unlock(&tdx_sim_lock);
	return ret;
}

/**
 * tdx_sim_fail_call() - Make a future SEAMCALL fail.
 * @leaf: leaf number, or TDX_SIM_ANY_LEAF.
 * @nth: which matching call, counted from now, 1-based.
 * @status: status it returns; it has no side effects and its output
 *	registers are all zero.
 *
 * Several injections may be pending.  If two fire on the same call, the
 * one registered first gives the status; both are consumed.
 */
void tdx_sim_fail_call(int leaf, unsigned int nth, u64 status)
{
	struct sim_fault *f;

	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim && nth && tdx_sim->nr_faults < SIM_MAX_FAULTS) {
		f = &tdx_sim->faults[tdx_sim->nr_faults++];
		f->leaf = leaf;
		f->left = nth;
		f->status = status;
	}
	raw_spin_unlock(&tdx_sim_lock);
}

/**
 * tdx_sim_interrupt_every() - Interrupt resumable leaves.
 * @leaf: TDX_SIM_PHYMEM_CACHE_WB, TDX_SIM_EXT_MEM_ADD, TDX_SIM_EXT_INIT,
 *	one of the SPDM extension leaves (CONNECT, DISCONNECT, MNG: they
 *	share the setting; a unit is one message step) or TDX_SIM_ANY_LEAF.
 * @units: units of work each call does before it returns
 *	TDX_INTERRUPTED_RESUMABLE while work remains; 0 = never interrupt.
 */
void tdx_sim_interrupt_every(int leaf, unsigned int units)
{
	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim) {
		if (leaf == TDX_SIM_PHYMEM_CACHE_WB || leaf == TDX_SIM_ANY_LEAF)
			tdx_sim->intr_cache_wb = units;
		if (leaf == TDX_SIM_EXT_MEM_ADD || leaf == TDX_SIM_ANY_LEAF)
			tdx_sim->intr_ext_mem_add = units;
		if (leaf == TDX_SIM_EXT_INIT || leaf == TDX_SIM_ANY_LEAF)
			tdx_sim->intr_ext_init = units;
		if (leaf == TDX_SIM_IOMMU_SETUP || leaf == TDX_SIM_IOMMU_CLEAR ||
		    leaf == TDX_SIM_ANY_LEAF)
			tdx_sim->intr_iommu = units;
		if (leaf == TDX_SIM_SPDM_CONNECT ||
		    leaf == TDX_SIM_SPDM_DISCONNECT ||
		    leaf == TDX_SIM_SPDM_MNG || leaf == TDX_SIM_IDE_STREAM_KM ||
		    leaf == TDX_SIM_ANY_LEAF)
			tdx_sim->intr_spdm = units;
	}
	raw_spin_unlock(&tdx_sim_lock);
}

/**
 * tdx_sim_clear_faults() - Cancel pending injections and interruptions.
 */
void tdx_sim_clear_faults(void)
{
	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim) {
		tdx_sim->nr_faults = 0;
		tdx_sim->intr_cache_wb = 0;
		tdx_sim->intr_ext_mem_add = 0;
		tdx_sim->intr_ext_init = 0;
		tdx_sim->intr_spdm = 0;
		tdx_sim->intr_iommu = 0;
	}
	raw_spin_unlock(&tdx_sim_lock);
}

/**
 * tdx_sim_calls() - SEAMCALLs served since start.
 * @leaf: leaf number, or -1 for all leaves.
 *
 * Return: the count, injected failures included.
 */
u64 tdx_sim_calls(int leaf)
{
	u64 n = 0;

	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim) {
		if (leaf < 0)
			n = tdx_sim->total_calls;
		else if (leaf < TDX_SIM_NR_LEAVES)
			n = tdx_sim->calls[leaf];
	}
	raw_spin_unlock(&tdx_sim_lock);
	return n;
}

/* Count down pending injections; return the status of one that fires. */
static bool sim_injected(u16 leaf, u64 *status)
{
	struct tdx_sim *s = tdx_sim;
	bool fired = false;
	unsigned int i, j;

	for (i = 0, j = 0; i < s->nr_faults; i++) {
		struct sim_fault *f = &s->faults[i];

		if (f->leaf == TDX_SIM_ANY_LEAF || f->leaf == leaf) {
			if (--f->left == 0) {
				if (!fired)
					*status = f->status;
				fired = true;
				continue;
			}
		}
		s->faults[j++] = *f;
	}
	s->nr_faults = j;
	return fired;
}

static u64 sim_dispatch(struct sim_call *c, u64 fn)
{
	const struct sim_leaf_desc *d;

	if (fn & SIM_RAX_RESERVED)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	if (c->leaf >= ARRAY_SIZE(sim_leaves) || !sim_leaves[c->leaf].fn)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	d = &sim_leaves[c->leaf];
	if (c->version > d->max_version)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	if (tdx_sim->sys_state == SIM_SYS_SHUTDOWN &&
	    c->leaf != SIM_TDH_SYS_LP_SHUTDOWN)
		return TDX_SYS_SHUTDOWN;
	/*
	 * Inferred: while P-SEAMLDR installs a module, an LP it has not
	 * installed it on has none to enter.
	 */
	if (tdx_sim->ldr_params &&
	    !sim_lp_flag(tdx_sim->ldr_installed, c->cpu))
		return TDX_SEAMCALL_VMFAILINVALID;
	if (tdx_sim->sys_state != SIM_SYS_READY && !d->sys)
		return TDX_SYS_NOT_READY;
	/* Inferred: the module checks LP initialisation in the dispatcher. */
	if (!d->no_lp_check &&
	    !sim_lp_flag(tdx_sim->lp_done, c->cpu))
		return TDX_SYS_LP_INIT_NOT_DONE;
	return d->fn(c);
}

/*
 * Keep this call inside the module, holding the module locks it took,
 * until a test releases it: other logical processors calling meanwhile
 * meet those locks as they would meet a long-running SEAMCALL, and get
 * TDX_OPERAND_BUSY.  The simulator lock is dropped while parked so that
 * they can run (parking is for tests, which call from process context).
 * Called and returns with tdx_sim_lock held.
 */
static void sim_park(struct sim_call *c)
{
	tdx_sim->pause_leaf = TDX_SIM_ANY_LEAF;
	tdx_sim->paused = true;
	while (!tdx_sim->pause_release) {
		raw_spin_unlock(&tdx_sim_lock);
		usleep_range(1000, 2000);
		raw_spin_lock(&tdx_sim_lock);
	}
	tdx_sim->paused = false;
	tdx_sim->pause_release = false;
}

/**
 * tdx_sim_pause_next() - Park the next call of a leaf inside the module.
 * @leaf: the leaf (enum tdx_sim_leaf).
 *
 * The next SEAMCALL of @leaf does its work and then stays inside the
 * module, holding its module locks, until tdx_sim_release_paused().
 * Calls from other threads meanwhile contend with it exactly as with a
 * SEAMCALL running on another logical processor.  Release the call
 * before stopping the module.
 */
void tdx_sim_pause_next(int leaf)
{
	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim && !WARN_ON(tdx_sim->paused)) {
		tdx_sim->pause_leaf = leaf;
		tdx_sim->pause_release = false;
	}
	raw_spin_unlock(&tdx_sim_lock);
}

/**
 * tdx_sim_paused() - Test whether a call is parked inside the module.
 *
 * Return: true once the call armed by tdx_sim_pause_next() is parked.
 */
bool tdx_sim_paused(void)
{
	bool paused;

	raw_spin_lock(&tdx_sim_lock);
	paused = tdx_sim && tdx_sim->paused;
	raw_spin_unlock(&tdx_sim_lock);
	return paused;
}

/**
 * tdx_sim_release_paused() - Let the parked call return.
 */
void tdx_sim_release_paused(void)
{
	raw_spin_lock(&tdx_sim_lock);
	if (tdx_sim)
		tdx_sim->pause_release = true;
	raw_spin_unlock(&tdx_sim_lock);
}

/**
 * tdx_seamcall() - Serve one SEAMCALL in the simulated module.
 * @fn: RAX: leaf number and version.
 * @args: input registers; every output register is written back.
 *
 * Return: the completion status (RAX); TDX_SEAMCALL_VMFAILINVALID if no
 * module is loaded.
 */
u64 tdx_seamcall(u64 fn, struct tdx_module_args *args)
{
	struct sim_call c = { };
	u64 ret = TDX_SUCCESS;

	raw_spin_lock(&tdx_sim_lock);
	if (!tdx_sim) {
		raw_spin_unlock(&tdx_sim_lock);
		return TDX_SEAMCALL_VMFAILINVALID;
	}
	/* RAX bit 63 addresses P-SEAMLDR, counted as a pseudo-leaf. */
	c.leaf = fn & BIT_ULL(63) ? TDX_SIM_SEAMLDR_INSTALL :
		 FIELD_GET(TDX_SEAMCALL_LEAF, fn);
	c.version = FIELD_GET(TDX_SEAMCALL_VERSION, fn);
	c.in = *args;
	c.out = args;
	c.cpu = smp_processor_id();
	c.pkg = tdx_cpu_package(c.cpu);
	memset(args, 0, sizeof(*args));

	tdx_sim->total_calls++;
	if (c.leaf < TDX_SIM_NR_LEAVES)
		tdx_sim->calls[c.leaf]++;

	if (!sim_injected(c.leaf, &ret))
		ret = fn & BIT_ULL(63) ? sim_seamldr_call(&c, fn) :
					 sim_dispatch(&c, fn);
	if (tdx_sim->pause_leaf == c.leaf)
		sim_park(&c);
	sim_call_unlock_all(&c);
	raw_spin_unlock(&tdx_sim_lock);
	return ret;
}

/**
 * tdx_platform_keyids() - TDX private key ids of the simulated platform.
 * @first_keyid: first TDX private key id.
 * @nr_keyids: number of TDX private key ids.
 * @keyid_shift: bit position of the key id in a physical address.
 *
 * Taken from the configuration last started (the default one before any
 * start), so it stays valid across tdx_sim_stop().
 */
void tdx_platform_keyids(u32 *first_keyid, u32 *nr_keyids,
			 unsigned int *keyid_shift)
{
	struct tdx_sim_config def;
	const struct tdx_sim_config *cfg = &sim_last_cfg;

	raw_spin_lock(&tdx_sim_lock);
	if (!sim_have_cfg) {
		tdx_sim_default_config(&def);
		cfg = &def;
	}
	*first_keyid = cfg->first_keyid;
	*nr_keyids = cfg->nr_keyids;
	*keyid_shift = cfg->keyid_shift;
	raw_spin_unlock(&tdx_sim_lock);
}
