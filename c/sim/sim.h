/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private types of the simulated TDX module (c/sim/).
 *
 * One struct tdx_sim holds the whole module state: system state, TDMRs and
 * their PAMT, the key ownership table, the TDs with their vCPUs and
 * Secure-EPT, and the test hooks (fault injection, interruption,
 * statistics).  Every SEAMCALL runs under one spinlock (core.c), so the
 * module's own try-locks (locks.c) only ever conflict with locks a test
 * holds through tdx_sim_hold_lock(), pretending another LP is inside a
 * SEAMCALL.
 */
#ifndef _TDX_SIM_PRIV_H
#define _TDX_SIM_PRIV_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <tdx/arch.h>
#include <tdx/errno.h>
#include <tdx/sim.h>

/*
 * Simulator out of memory (it could not allocate its own bookkeeping).  A
 * software status, class 0xFF, which never comes from the module: unlike
 * TDX_SYS_BUSY (global lock busy) it must not be retried blindly.  The
 * call has no side effects.
 */
#define TDX_SIM_NO_MEMORY		(TDX_SW_ERROR | 0xFFFD0000ULL)

/*
 * Status codes the simulator needs that <tdx/errno.h> lacks (module 1.5).
 * Inferred: the TDMR/PAMT values below are taken to be the 1.5.01 codes of
 * those names inside the reference's TDX_INVALID_TDMR..CMR_LIST_INVALID
 * range (0xC0000A00..0xC0000A22); the reference does not list them singly.
 */
#define TDX_NON_ORDERED_TDMR		0xC0000A0100000000ULL
#define TDX_TDMR_OUTSIDE_CMRS		0xC0000A0200000000ULL
#define TDX_INVALID_PAMT		0xC0000A1000000000ULL
#define TDX_PAMT_OUTSIDE_CMRS		0xC0000A1100000000ULL
#define TDX_PAMT_OVERLAP		0xC0000A1200000000ULL
#define TDX_EPT_ENTRY_NOT_LEAF		0xC0000B0400000000ULL

/* Operand ids <tdx/errno.h> lacks. */
#define TDX_OPERAND_ID_MAX_VCPUS	68
#define TDX_OPERAND_ID_NUM_L2_VMS	71
#define TDX_OPERAND_ID_TDMR_INFO_PA	96

/*
 * Inferred (a simulator device, not module behaviour): VP.ENTER "succeeds"
 * with a synthetic TD exit on TDCALL (VM-exit reason 77).
 */
#define SIM_EXIT_REASON_TDCALL		77

/* Limits of module 1.5 (MAX_NUM_TDCS_PAGES, MAX_TDVPS_PAGES, MAX_L2_VMS). */
#define SIM_MAX_TDCS_PAGES	9
#define SIM_MAX_TDVPS_PAGES	15
#define SIM_MAX_L2_VMS		3
/* TDVPS pages each L2 VM adds (TDVPS_SIZE_PER_L2_VM / 4096). */
#define SIM_TDVPS_PAGES_PER_L2	3

/* PAMT page types (values of TDX_PT_* in <tdx/tdx.h>). */
#define SIM_PT_NDA	0
#define SIM_PT_RSVD	1
#define SIM_PT_REG	3
#define SIM_PT_TDR	4
#define SIM_PT_TDCX	5
#define SIM_PT_TDVPR	6
#define SIM_PT_EPT	8

/* Page sizes (PAMT levels and Secure-EPT leaf levels). */
#define SIM_PS_4K	0
#define SIM_PS_2M	1
#define SIM_PS_1G	2

/* System states (§6.3). */
enum sim_sys_state {
	SIM_SYSINIT_PENDING,
	SIM_SYSINIT_DONE,
	SIM_SYSCONFIG_DONE,
	SIM_SYS_READY,
	SIM_SYS_SHUTDOWN,
};

/* TD lifecycle (§4.1). */
enum sim_lifecycle {
	SIM_TD_HKID_ASSIGNED,
	SIM_TD_KEYS_CONFIGURED,
	SIM_TD_BLOCKED,
	SIM_TD_TEARDOWN,
};

/* TDCS op-state (§4.2); only the non-migration states are ever entered. */
enum sim_op_state {
	SIM_OP_UNINITIALIZED,
	SIM_OP_INITIALIZED,
	SIM_OP_RUNNABLE,
	SIM_OP_LIVE_EXPORT,
	SIM_OP_PAUSED_EXPORT,
	SIM_OP_POST_EXPORT,
	SIM_OP_MEMORY_IMPORT,
	SIM_OP_STATE_IMPORT,
	SIM_OP_POST_IMPORT,
	SIM_OP_LIVE_IMPORT,
	SIM_OP_FAILED_IMPORT,
};

#define SIM_OPS(x)	BIT(SIM_OP_##x)
#define SIM_OPS_ALL	GENMASK(SIM_OP_FAILED_IMPORT, 0)

/* vCPU states (§4.3). */
#define SIM_VCPU_UNINITIALIZED	0x0
#define SIM_VCPU_READY		0x2
#define SIM_VCPU_ACTIVE		0x4
#define SIM_VCPU_DISABLED	0x8

/* KOT entry states (§4.1). */
enum sim_kot_state {
	SIM_KOT_FREE,
	SIM_KOT_ASSIGNED,
	SIM_KOT_FLUSHED,
	SIM_KOT_RESERVED,
};

/**
 * struct sim_lock - A module shared/exclusive try-lock.
 * @readers: number of shared holders.
 * @excl: held exclusively.
 *
 * Never waits: acquiring either succeeds at once or fails (§7).
 */
struct sim_lock {
	u16 readers;
	bool excl;
};

#define SIM_MAX_HELD	16

/**
 * struct sim_lockset - Locks one SEAMCALL holds, released when it returns.
 * @n: number of entries used.
 * @lock: the locks, in acquisition order.
 * @excl: the mode each was taken in.
 */
struct sim_lockset {
	int n;
	struct sim_lock *lock[SIM_MAX_HELD];
	bool excl[SIM_MAX_HELD];
};

/**
 * struct sim_pamt_entry - PAMT entry of one 4 KiB page.
 * @pt: page type (SIM_PT_*).
 * @size: SIM_PS_4K, or SIM_PS_2M for every page of a 2 MiB leaf; the
 *	leaf's own entry (and lock) is the one of its first page.
 * @pamt: the page holds the PAMT (PT_RSVD).
 * @ext: the page was given to the extensions (PT_RSVD, forever).
 * @connect: the page is metadata of a TDX Connect object (PT_RSVD).
 * @global_dirty: the module released the page after writing it with its
 *	global key; the host must run TDH.PHYMEM.PAGE.WBINVD with that key
 *	before it frees or hands over the page.
 * @lock: PAMT entry lock.
 * @owner: TDR PA for TD pages, 0 otherwise.
 * @bepoch: TLB epoch recorded when a REG/EPT page was blocked.
 * @obj: struct sim_td of a PT_TDR page, struct sim_vcpu of a PT_TDVPR one.
 */
struct sim_pamt_entry {
	u8 pt;
	u8 size;
	bool pamt;
	bool ext;
	bool connect;
	bool global_dirty;
	struct sim_lock lock;
	u64 owner;
	u64 bepoch;
	void *obj;
};

/**
 * struct sim_tdmr - A TDMR configured by TDH.SYS.CONFIG.
 * @base: base (1 GiB aligned).
 * @size: size (multiple of 1 GiB).
 * @pamt_base: PAMT area per page size (SIM_PS_*).
 * @pamt_size: its size.
 * @init_upto: bytes from @base whose PAMT TDH.SYS.TDMR.INIT initialised;
 *	pages are usable only below it rounded down to 1 GiB.
 * @lock: the TDMR mutex (TDH.SYS.TDMR.INIT).
 */
struct sim_tdmr {
	u64 base;
	u64 size;
	u64 pamt_base[3];
	u64 pamt_size[3];
	u64 init_upto;
	struct sim_lock lock;
};

/**
 * struct sim_kot_entry - Key ownership table entry of one private HKID.
 * @state: enum sim_kot_state.
 * @wbinvd_bitmap: packages that still have to run TDH.PHYMEM.CACHE.WB.
 */
struct sim_kot_entry {
	u8 state;
	u64 wbinvd_bitmap;
};

/**
 * struct sim_wbcache - Per-package TDH.PHYMEM.CACHE.WB state.
 * @lock: the package's cache write-back mutex.
 * @saved: an interrupted write-back can be resumed.
 * @units_left: work still to do for the saved write-back.
 * @snap: HKIDs (KOT index) that were FLUSHED when the write-back started.
 */
struct sim_wbcache {
	struct sim_lock lock;
	bool saved;
	u32 units_left;
	bool *snap;
};

/**
 * struct sim_sept - One non-free Secure-EPT entry of a TD.
 * @link: in &sim_td.sept.
 * @gpa: GPA the entry maps, aligned to its level.
 * @level: 0 = 4K leaf ... 3 = entry of the root table (in the TDCS).
 * @leaf: maps a page (else links a Secure-EPT table page).
 * @added: mapped by TDH.MEM.PAGE.ADD (measurable by TDH.MR.EXTEND); AUG
 *	mappings stay pending until the guest accepts them.
 * @blocked: blocked by TDH.MEM.RANGE.BLOCK.
 * @blocked_epoch: TD epoch when it was blocked.
 * @hpa: mapped page or linked table page.
 */
struct sim_sept {
	struct list_head link;
	u64 gpa;
	u8 level;
	bool leaf;
	bool added;
	bool blocked;
	u64 blocked_epoch;
	u64 hpa;
};

/**
 * struct sim_field - A metadata field written by TDH.VP.WR.
 * @link: in &sim_vcpu.fields.
 * @id: field id.
 * @val: value.
 */
struct sim_field {
	struct list_head link;
	u64 id;
	u64 val;
};

struct sim_td;

/**
 * struct sim_vcpu - A vCPU (TDVPS) of a TD.
 * @link: in &sim_td.vcpus.
 * @tdvpr_pa: TDVPR page.
 * @td: its TD.
 * @state: SIM_VCPU_*.
 * @num_pages: TDVPS pages: the TDVPR plus TDCX pages added.
 * @assoc_lp: LP the vCPU is associated with, or -1.
 * @x2apic_id: from TDH.VP.INIT v1.
 * @initial_rcx: from TDH.VP.INIT.
 * @fields: written VMCS (class 0) fields, in ascending field id order.
 */
struct sim_vcpu {
	struct list_head link;
	u64 tdvpr_pa;
	struct sim_td *td;
	u8 state;
	u32 num_pages;
	int assoc_lp;
	u32 x2apic_id;
	u64 initial_rcx;
	struct list_head fields;
};

/**
 * struct sim_td - A TD: TDR, TDCS and Secure-EPT.
 * @link: in &tdx_sim.tds.
 * @tdr_pa: TDR page.
 * @hkid: private HKID.
 * @lifecycle: enum sim_lifecycle.
 * @fatal: TDR.fatal (never set here; checked for order's sake).
 * @op_state: enum sim_op_state.
 * @num_tdcx: TDCS pages added.
 * @num_l2_vms: from TD_PARAMS.
 * @chldcnt: 4K pages the TD owns besides its TDR.
 * @pkg_config_bitmap: packages where TDH.MNG.KEY.CONFIG ran.
 * @num_vcpus: initialised vCPUs.
 * @num_assoc_vcpus: vCPUs associated with some LP.
 * @max_vcpus: from TD_PARAMS.
 * @attributes: from TD_PARAMS.
 * @xfam: from TD_PARAMS.
 * @tsc_offset: set by TDH.MNG.INIT.
 * @tsc_multiplier: set by TDH.MNG.INIT.
 * @notify_enables: writable TDCS field.
 * @epoch: TLB epoch, bumped by TDH.MEM.TRACK.
 * @sept_lock: Secure-EPT tree lock.
 * @epoch_lock: TD epoch lock.
 * @op_lock: TDCS op-state lock.
 * @vcpus: struct sim_vcpu list.
 * @sept: struct sim_sept list.
 */
struct sim_td {
	struct list_head link;
	u64 tdr_pa;
	u16 hkid;
	u8 lifecycle;
	bool fatal;
	u8 op_state;
	u32 num_tdcx;
	u16 num_l2_vms;
	u64 chldcnt;
	u64 pkg_config_bitmap;
	u32 num_vcpus;
	u32 num_assoc_vcpus;
	u16 max_vcpus;
	u64 attributes;
	u64 xfam;
	u64 tsc_offset;
	u64 tsc_multiplier;
	u64 notify_enables;
	u64 epoch;
	struct sim_lock sept_lock;
	struct sim_lock epoch_lock;
	struct sim_lock op_lock;
	struct list_head vcpus;
	struct list_head sept;
};

#define SIM_MAX_TDMRS	64
#define SIM_MAX_FAULTS	16
#define SIM_MAX_PKGS	64
#define SIM_MAX_SPDM	16

/**
 * struct sim_spdm - An SPDM session object (TDH.SPDM.CREATE).
 * @id: its SPDM_ID; 0 for a free slot.
 * @func_id: the device function it was created for.
 * @nr_pages: number of metadata pages.
 * @pages: their addresses, in the order given.
 * @connected: a secure session with the device is up.
 * @op: the operation in flight (SIM_SPDM_OP_*), or SIM_SPDM_OP_NONE.
 * @step: the message of @op the session is at.
 * @awaiting: the request of @step went out; its response is awaited.
 * @key_ops: session operations served with the current session key.
 * @dev_session: the device's session id.
 * @km_stream: the IDE stream of a key-management @op.
 * @in_rsp: response page @op started with (it resumes with the same).
 * @in_req: request page @op started with.
 * @in_out: output HPA_ARRAY_T @op started with, or ~0.
 * @cert: the device's certificate, as collected by connect.
 */
struct sim_spdm {
	u64 id;
	u64 func_id;
	unsigned int nr_pages;
	u64 *pages;
	bool connected;
	u8 op;
	u8 step;
	bool awaiting;
	u32 key_ops;
	u32 dev_session;
	struct sim_ide *km_stream;
	u64 in_rsp;
	u64 in_req;
	u64 in_out;
	u8 cert[32];
};

#define SIM_SPDM_OP_NONE	0
#define SIM_SPDM_OP_CONNECT	1
#define SIM_SPDM_OP_DISCONNECT	2
#define SIM_SPDM_OP_HEARTBEAT	3
#define SIM_SPDM_OP_KEY_UPDATE	4
#define SIM_SPDM_OP_KM_SETUP	5
#define SIM_SPDM_OP_KM_REFRESH	6
#define SIM_SPDM_OP_KM_STOP	7

#define SIM_MAX_IDE		16

/**
 * struct sim_iommu - The trusted IOMMU (one: the config names one unit).
 * @id: its IOMMU_ID; 0 when not in TDX mode.
 * @root: the IOMMU_MT list page it was set up with.
 * @nr_entries: entries of the list.
 * @entries: the list's entries (page address and page count).
 */
struct sim_iommu {
	u64 id;
	u64 root;
	unsigned int nr_entries;
	u64 entries[512];
};

/* IDE stream states. */
#define SIM_IDE_CREATED		0	/* no keys in use */
#define SIM_IDE_ACTIVE		1	/* keys programmed and in use */
#define SIM_IDE_BLOCKED		2	/* traffic stopped; may be deleted */

/**
 * struct sim_ide - An IDE stream object (TDH.IDE.STREAM.CREATE).
 * @id: its stream id; 0 for a free slot.
 * @spdm: the session its keys are managed through.
 * @info: stream info (root port devfn, type).
 * @state: SIM_IDE_*.
 * @key_gen: keys programmed so far.
 * @nr_pages: number of metadata pages.
 * @pages: their addresses.
 */
struct sim_ide {
	u64 id;
	struct sim_spdm *spdm;
	u64 info;
	u8 state;
	u32 key_gen;
	unsigned int nr_pages;
	u64 *pages;
};

/**
 * struct sim_fault - A pending injected failure.
 * @leaf: leaf number or TDX_SIM_ANY_LEAF.
 * @left: matching calls still to go; fires when it reaches 0.
 * @status: status to return.
 */
struct sim_fault {
	int leaf;
	unsigned int left;
	u64 status;
};

/**
 * struct tdx_sim - The whole simulated module.
 * @cfg: its configuration.
 * @sys_state: enum sim_sys_state.
 * @nr_lps: size of @lp_done (highest online CPU id + 1 at start).
 * @lp_done: TDH.SYS.LP.INIT done on that LP.
 * @pkg_mask: packages that have online CPUs.
 * @pkg_key_done: packages where TDH.SYS.KEY.CONFIG ran.
 * @global_hkid: HKID given to TDH.SYS.CONFIG.
 * @nr_tdmrs: TDMRs configured.
 * @tdmr: the TDMRs.
 * @nr_pages: pages of the CMR (entries of @pamt).
 * @pamt: PAMT entry per CMR page.
 * @kot: KOT entry per private HKID (index: HKID - first_keyid).
 * @wbc: per package.
 * @sys_lock: module-global lock.
 * @kot_lock: KOT lock.
 * @ket_lock: key encryption table lock (taken by TDH.MNG.KEY.CONFIG around
 *	PCONFIG; inferred: one lock for the platform).
 * @tds: struct sim_td list.
 * @pool_pages: pages given by TDH.EXT.MEM.ADD.
 * @spdm: SPDM session objects.
 * @next_spdm_id: the SPDM_ID the next session gets.
 * @iommu: trusted IOMMUs (set up by TDH.IOMMU.SETUP).
 * @iommu_progress: entries the setup or clear in flight has processed.
 * @intr_iommu: IOMMU_MT entries a setup or clear processes per call
 *	before it is interrupted; 0 = never.
 * @ide: IDE stream objects.
 * @next_ide_id: the stream id the next stream gets.
 * @ext_inflight: the session whose extension call (connect, disconnect,
 *	management) is in flight: the module queues one at a time.
 * @intr_spdm: message steps an SPDM extension call does per call before
 *	it is interrupted; 0 = never.
 * @ext_units_done: TDH.EXT.INIT work done.
 * @ext_done: TDH.EXT.INIT completed.
 * @intr_cache_wb: units of work per TDH.PHYMEM.CACHE.WB call before it
 *	is interrupted (0 = never interrupted).
 * @intr_ext_mem_add: the same for TDH.EXT.MEM.ADD (1 unit = 1 page).
 * @intr_ext_init: the same for TDH.EXT.INIT.
 * @faults: pending injected failures, in registration order.
 * @nr_faults: slots used in @faults.
 * @calls: SEAMCALLs per leaf.
 * @total_calls: all SEAMCALLs.
 * @pause_leaf: leaf whose next call parks inside the module, or -1.
 * @paused: a call is parked, holding its module locks.
 * @pause_release: the parked call may return.
 * @handoff_valid: TDH.SYS.SHUTDOWN wrote handoff data no module took yet.
 * @handoff_hv: its version.
 * @ldr_params: SEAMLDR_PARAMS page of the image being installed, or 0.
 * @ldr_module: that image's identity.
 * @ldr_installed: SEAMLDR.INSTALL ran on that LP for @ldr_params.
 * @updates: TDH.SYS.UPDATE calls that succeeded.
 */
struct tdx_sim {
	struct tdx_sim_config cfg;
	u8 sys_state;
	unsigned int nr_lps;
	bool *lp_done;
	u64 pkg_mask;
	u64 pkg_key_done;
	u16 global_hkid;
	unsigned int nr_tdmrs;
	struct sim_tdmr tdmr[SIM_MAX_TDMRS];
	unsigned long nr_pages;
	struct sim_pamt_entry *pamt;
	struct sim_kot_entry *kot;
	struct sim_wbcache wbc[SIM_MAX_PKGS];
	struct sim_lock sys_lock;
	struct sim_lock kot_lock;
	struct sim_lock ket_lock;
	struct list_head tds;
	u32 pool_pages;
	struct sim_spdm spdm[SIM_MAX_SPDM];
	u64 next_spdm_id;
	struct sim_iommu iommu;
	unsigned int iommu_progress;
	unsigned int intr_iommu;
	struct sim_ide ide[SIM_MAX_IDE];
	u64 next_ide_id;
	struct sim_spdm *ext_inflight;
	unsigned int intr_spdm;
	u32 ext_units_done;
	bool ext_done;
	unsigned int intr_cache_wb;
	unsigned int intr_ext_mem_add;
	unsigned int intr_ext_init;
	struct sim_fault faults[SIM_MAX_FAULTS];
	unsigned int nr_faults;
	u64 calls[TDX_SIM_NR_LEAVES];
	u64 total_calls;
	int pause_leaf;
	bool paused;
	bool pause_release;
	bool handoff_valid;
	u16 handoff_hv;
	u64 ldr_params;
	struct tdx_sim_module ldr_module;
	bool *ldr_installed;
	unsigned int updates;
};

/**
 * struct sim_call - One SEAMCALL being served.
 * @leaf: RAX bits 15:0.
 * @version: RAX bits 23:16.
 * @in: the input registers.
 * @out: output registers (zeroed before the leaf runs).
 * @cpu: the calling LP.
 * @pkg: its package.
 * @locks: module locks taken so far, all dropped when the call returns.
 */
struct sim_call {
	u16 leaf;
	u8 version;
	struct tdx_module_args in;
	struct tdx_module_args *out;
	int cpu;
	int pkg;
	struct sim_lockset locks;
};

/* The running module, or NULL; only touched under tdx_sim_lock. */
extern struct tdx_sim *tdx_sim;
/* Serialises every SEAMCALL and test hook (core.c). */
extern raw_spinlock_t tdx_sim_lock;

static inline u64 sim_err(u64 status, u32 operand)
{
	return status | operand;
}

/*
 * A per-LP flag (lp_done, ldr_installed) of LP @cpu; an LP that was
 * offline at start has no slot and no flag.
 */
static inline bool sim_lp_flag(const bool *flags, unsigned int cpu)
{
	return cpu < tdx_sim->nr_lps && flags[cpu];
}

static inline u64 sim_level_pages(unsigned int level)
{
	return 1ULL << (9 * level);
}

static inline u64 sim_level_bytes(unsigned int level)
{
	return 4096ULL << (9 * level);
}

/* locks.c */
bool sim_trylock(struct sim_lock *l, bool excl);
void sim_unlock(struct sim_lock *l, bool excl);
bool sim_call_lock(struct sim_call *c, struct sim_lock *l, bool excl);
void sim_call_unlock_all(struct sim_call *c);

/* pamt.c */
bool sim_pa_valid(u64 pa);
struct sim_pamt_entry *sim_pamt_raw(u64 pa);
struct sim_pamt_entry *sim_pamt_find(u64 pa);
struct sim_pamt_entry *sim_pamt_leaf(u64 pa, u64 *leaf_pa);
u64 sim_get_page(struct sim_call *c, u64 pa, u32 operand, bool excl,
		 u8 pt, struct sim_pamt_entry **pe);
u64 sim_get_tdr(struct sim_call *c, u64 pa, u32 operand, bool excl,
		struct sim_td **td);
u64 sim_lock_implicit_tdr(struct sim_call *c, struct sim_td *td, bool excl);
void sim_give_page(u64 pa, u8 pt, u64 owner);
void sim_violation(const char *what, u64 pa, unsigned int pt);
void sim_audit_reset(void);

/* sys.c */
u64 sim_sys_init(struct sim_call *c);
u64 sim_sys_lp_init(struct sim_call *c);
u64 sim_sys_config(struct sim_call *c);
u64 sim_sys_key_config(struct sim_call *c);
u64 sim_sys_tdmr_init(struct sim_call *c);
u64 sim_sys_rd(struct sim_call *c);
u64 sim_sys_lp_shutdown(struct sim_call *c);
bool sim_all_lps(const bool *flags);

/*
 * image.c: the simulated sigstruct.  P-SEAMLDR checks an image's signature;
 * the simulator checks this page instead: its magic, and a digest of the
 * module pages (FNV-1a, no cryptography).
 */
#define SIM_SIGSTRUCT_MAGIC	"TDXSIMSG"

struct sim_sigstruct {
	u8 magic[8];
	struct tdx_sim_module module;
	u32 module_nr_pages;
	u64 digest;
};

u64 sim_image_digest(const u64 *module_pa, unsigned int nr_pages);

/* update.c */
u64 sim_sys_shutdown(struct sim_call *c);
u64 sim_sys_update(struct sim_call *c);
u64 sim_seamldr_call(struct sim_call *c, u64 fn);

/* td.c */
u64 sim_check_td_state(struct sim_call *c, struct sim_td *td, u32 allowed,
		       bool op_excl);
void sim_td_free(struct sim_td *td);
u64 sim_mng_create(struct sim_call *c);
u64 sim_mng_key_config(struct sim_call *c);
u64 sim_mng_addcx(struct sim_call *c);
u64 sim_mng_init(struct sim_call *c);
u64 sim_mng_rd(struct sim_call *c);
u64 sim_mng_wr(struct sim_call *c);
u64 sim_mng_vpflushdone(struct sim_call *c);
u64 sim_mng_key_freeid(struct sim_call *c);
u64 sim_mng_key_reclaimid(struct sim_call *c);
u64 sim_mr_finalize(struct sim_call *c);

/* vp.c */
void sim_vcpu_free(struct sim_vcpu *vcpu);
u64 sim_vp_create(struct sim_call *c);
u64 sim_vp_addcx(struct sim_call *c);
u64 sim_vp_init(struct sim_call *c);
u64 sim_vp_enter(struct sim_call *c);
u64 sim_vp_flush(struct sim_call *c);
u64 sim_vp_rd(struct sim_call *c);
u64 sim_vp_wr(struct sim_call *c);

/* mem.c */
u64 sim_mem_sept_add(struct sim_call *c);
u64 sim_mem_page_add(struct sim_call *c);
u64 sim_mem_page_aug(struct sim_call *c);
u64 sim_mem_range_block(struct sim_call *c);
u64 sim_mem_track(struct sim_call *c);
u64 sim_mem_page_remove(struct sim_call *c);
u64 sim_mr_extend(struct sim_call *c);

/* phymem.c */
u64 sim_phymem_page_reclaim(struct sim_call *c);
u64 sim_phymem_page_rdmd(struct sim_call *c);
u64 sim_phymem_page_wbinvd(struct sim_call *c);
u64 sim_phymem_cache_wb(struct sim_call *c);

/* ext.c */
u64 sim_ext_init(struct sim_call *c);
u64 sim_ext_mem_add(struct sim_call *c);

/* connect.c */
u64 sim_spdm_create(struct sim_call *c);
u64 sim_spdm_delete(struct sim_call *c);
u64 sim_spdm_connect(struct sim_call *c);
u64 sim_spdm_disconnect(struct sim_call *c);
u64 sim_spdm_mng(struct sim_call *c);
u64 sim_iommu_setup(struct sim_call *c);
u64 sim_iommu_clear(struct sim_call *c);
u64 sim_ide_stream_create(struct sim_call *c);
u64 sim_ide_stream_block(struct sim_call *c);
u64 sim_ide_stream_delete(struct sim_call *c);
u64 sim_ide_stream_km(struct sim_call *c);
void sim_connect_free(struct tdx_sim *s);

#endif /* _TDX_SIM_PRIV_H */
