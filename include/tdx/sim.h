/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated TDX module: a software model of TDX module 1.5 that serves
 * every SEAMCALL tdx-core wraps, for machines without TDX.
 *
 * The module modelled is 1.5.01 plus the later leaves Linux uses: VP.INIT
 * v1 (R8 = x2APIC id) and the extension leaves (TDH.EXT.MEM.ADD and
 * TDH.EXT.INIT, present when TDX_FEATURES0 bit 39 is set).  Every other
 * leaf accepts only the versions 1.5.01 accepts.
 *
 * It keeps a PAMT entry (page type, owner, lock) for every 4 KiB page of
 * the convertible memory it is given, the module's TD, vCPU, key (KOT) and
 * system states, and returns the module's status codes with operand ids.
 * Tests and samples drive it through this header: start a fresh module,
 * inject failures, interruptions and contention, and audit page ownership.
 */
#ifndef _TDX_CORE_SIM_H
#define _TDX_CORE_SIM_H

#include <linux/types.h>

/* Leaves by number, for fault injection and statistics. */
enum tdx_sim_leaf {
	TDX_SIM_VP_ENTER		= 0,
	TDX_SIM_MNG_ADDCX		= 1,
	TDX_SIM_MEM_PAGE_ADD		= 2,
	TDX_SIM_MEM_SEPT_ADD		= 3,
	TDX_SIM_VP_ADDCX		= 4,
	TDX_SIM_MEM_PAGE_AUG		= 6,
	TDX_SIM_MEM_RANGE_BLOCK		= 7,
	TDX_SIM_MNG_KEY_CONFIG		= 8,
	TDX_SIM_MNG_CREATE		= 9,
	TDX_SIM_VP_CREATE		= 10,
	TDX_SIM_MNG_RD			= 11,
	TDX_SIM_MNG_WR			= 13,
	TDX_SIM_MR_EXTEND		= 16,
	TDX_SIM_MR_FINALIZE		= 17,
	TDX_SIM_VP_FLUSH		= 18,
	TDX_SIM_MNG_VPFLUSHDONE		= 19,
	TDX_SIM_MNG_KEY_FREEID		= 20,
	TDX_SIM_MNG_INIT		= 21,
	TDX_SIM_VP_INIT			= 22,
	TDX_SIM_PHYMEM_PAGE_RDMD	= 24,
	TDX_SIM_VP_RD			= 26,
	TDX_SIM_MNG_KEY_RECLAIMID	= 27,
	TDX_SIM_PHYMEM_PAGE_RECLAIM	= 28,
	TDX_SIM_MEM_PAGE_REMOVE		= 29,
	TDX_SIM_SYS_KEY_CONFIG		= 31,
	TDX_SIM_SYS_INIT		= 33,
	TDX_SIM_SYS_RD			= 34,
	TDX_SIM_SYS_LP_INIT		= 35,
	TDX_SIM_SYS_TDMR_INIT		= 36,
	TDX_SIM_MEM_TRACK		= 38,
	TDX_SIM_PHYMEM_CACHE_WB		= 40,
	TDX_SIM_PHYMEM_PAGE_WBINVD	= 41,
	TDX_SIM_VP_WR			= 43,
	TDX_SIM_SYS_LP_SHUTDOWN		= 44,
	TDX_SIM_SYS_CONFIG		= 45,
	TDX_SIM_EXT_INIT		= 60,
	TDX_SIM_EXT_MEM_ADD		= 61,
	TDX_SIM_IOMMU_SETUP		= 128,
	TDX_SIM_IOMMU_CLEAR		= 129,
	TDX_SIM_SPDM_CREATE		= 130,
	TDX_SIM_SPDM_DELETE		= 131,
	TDX_SIM_IDE_STREAM_CREATE	= 132,
	TDX_SIM_IDE_STREAM_BLOCK	= 133,
	TDX_SIM_IDE_STREAM_DELETE	= 134,
	TDX_SIM_IDE_STREAM_KM		= 135,
	TDX_SIM_SPDM_CONNECT		= 142,
	TDX_SIM_SPDM_DISCONNECT		= 143,
	TDX_SIM_SPDM_MNG		= 144,
	TDX_SIM_SYS_SHUTDOWN		= 52,
	TDX_SIM_SYS_UPDATE		= 53,
	/* Not a module leaf: P-SEAMLDR's SEAMLDR.INSTALL, counted here. */
	TDX_SIM_SEAMLDR_INSTALL		= 255,
	TDX_SIM_NR_LEAVES		= 256,
	TDX_SIM_ANY_LEAF		= -1,
};

/**
 * struct tdx_sim_version - A module version, as metadata reports it.
 * @major: MAJOR_VERSION.
 * @minor: MINOR_VERSION.
 * @update: UPDATE_VERSION.
 */
struct tdx_sim_version {
	u16 major;
	u16 minor;
	u16 update;
};

/**
 * struct tdx_sim_config - What the simulated module looks like.
 * @cmr_base: base of the convertible memory range (4 KiB aligned).
 * @cmr_size: its size; the TDMR is this range rounded out to 1 GiB.
 * @first_keyid: first TDX private key id; the host picks one as global.
 * @nr_keyids: number of TDX private key ids.
 * @keyid_shift: bit position of the key id in a physical address
 *	(the CPU's physical address width; 46 by default).
 * @tdcs_nr_pages: TDCS pages a TD needs before TDH.MNG.INIT, without L2
 *	VMs (6 in module 1.5); TDH.MNG.ADDCX takes up to 9.
 * @tdvps_nr_pages: TDVPR plus TDCX pages a vCPU needs before TDH.VP.INIT,
 *	without L2 VMs (6 in module 1.5); TDH.VP.ADDCX takes up to 15.
 * @max_vcpus_per_td: metadata MAX_VCPUS_PER_TD.
 * @version: the module's major, minor and update version.
 * @module_hv: handoff version it writes at TDH.SYS.SHUTDOWN (metadata
 *	MODULE_HV) and the newest it reads at TDH.SYS.UPDATE.
 * @min_update_hv: the oldest handoff version it writes or reads.
 * @features0: metadata TDX_FEATURES0.
 * @memory_pool_required_pages: pages TDH.EXT.MEM.ADD must receive.
 * @ext_required: TDH.EXT.INIT must be called.
 * @ext_init_units: work units TDH.EXT.INIT needs (interruptible between).
 * @iommu_reg_base: VT-d register base of the one IOMMU with a TDX mode
 *	(TDH.IOMMU.SETUP refuses others); 0 = none.
 * @spdm_key_ops: session operations an SPDM session key serves before the
 *	module asks for a key update (TDX_SPDM_SESSION_KEY_REQUIRE_REFRESH);
 *	0 = never.
 * @cache_wb_units: work units of one TDH.PHYMEM.CACHE.WB per package.
 * @tdmr_init_chunk: bytes TDH.SYS.TDMR.INIT initialises per call (4 MiB,
 *	i.e. 1024 4 KiB PAMT entries, by default).  A page becomes usable
 *	only once its whole 1 GiB block of the TDMR is initialised.
 * @page_flushed: optional; asked when a page is handed to the module
 *	whether the host flushed its cache lines since it last wrote it.
 *	A false answer is recorded as a violation.
 */
struct tdx_sim_config {
	u64 cmr_base;
	u64 cmr_size;
	u32 first_keyid;
	u32 nr_keyids;
	u8 keyid_shift;
	u32 tdcs_nr_pages;
	u32 tdvps_nr_pages;
	u16 max_vcpus_per_td;
	struct tdx_sim_version version;
	u16 module_hv;
	u16 min_update_hv;
	u64 features0;
	u32 memory_pool_required_pages;
	bool ext_required;
	u32 ext_init_units;
	u64 iommu_reg_base;
	u32 spdm_key_ops;
	u32 cache_wb_units;
	u64 tdmr_init_chunk;
	bool (*page_flushed)(phys_addr_t pa);
};

void tdx_sim_default_config(struct tdx_sim_config *cfg);

/**
 * struct tdx_sim_module - A simulated module image: what replaces the
 *	running module's identity when P-SEAMLDR installs it.
 * @version: its version.
 * @module_hv: its MODULE_HV.
 * @min_update_hv: oldest handoff version it takes over.
 * @memory_pool_required_pages: pages its extensions need.
 * @ext_required: TDH.EXT.INIT must run before its extensions work.
 * @ext_init_units: work units its TDH.EXT.INIT does.
 *
 * Everything else (TDMRs, keys, TDs, pages, features) comes through the
 * handoff unchanged.
 */
struct tdx_sim_module {
	struct tdx_sim_version version;
	u16 module_hv;
	u16 min_update_hv;
	u32 memory_pool_required_pages;
	bool ext_required;
	u32 ext_init_units;
};

void *tdx_sim_image_alloc(const struct tdx_sim_module *module,
			  unsigned int module_nr_pages, size_t *size);
void tdx_sim_image_free(void *image);
int tdx_sim_start(const struct tdx_sim_config *cfg);
void tdx_sim_stop(void);
bool tdx_sim_running(void);

/* Fault injection. */
void tdx_sim_fail_call(int leaf, unsigned int nth, u64 status);
void tdx_sim_interrupt_every(int leaf, unsigned int units);
void tdx_sim_clear_faults(void);

/* Contention: pretend another logical processor holds a module lock. */
enum tdx_sim_lock {
	TDX_SIM_LOCK_PAGE,	/* PAMT entry of a page (TDR, TDVPR, ...) */
	TDX_SIM_LOCK_SEPT,	/* Secure-EPT tree of the TD whose TDR is @pa */
	TDX_SIM_LOCK_EPOCH,	/* TLB epoch of the TD whose TDR is @pa */
	TDX_SIM_LOCK_OP_STATE,	/* TDCS op-state of the TD whose TDR is @pa */
	TDX_SIM_LOCK_KOT,	/* key ownership table */
	TDX_SIM_LOCK_SYS,	/* module-global lock */
	TDX_SIM_LOCK_WBCACHE,	/* cache write-back mutex of package @pa */
	TDX_SIM_LOCK_KET,	/* key encryption table (PCONFIG) */
};

int tdx_sim_hold_lock(enum tdx_sim_lock lock, u64 pa, bool exclusive);
void tdx_sim_release_lock(enum tdx_sim_lock lock, u64 pa);

/* Contention from a real concurrent caller: park one call mid-flight. */
void tdx_sim_pause_next(int leaf);
bool tdx_sim_paused(void);
void tdx_sim_release_paused(void);

/* Audit. */

/**
 * struct tdx_sim_census - Pages of convertible memory by PAMT page type.
 * @by_type: count per page type (TDX_PT_*), indexed by type.
 * @ext_pages: pages given to the extensions (never returned).
 * @pamt_pages: pages holding the PAMT (reserved).
 * @connect_pages: metadata pages of TDX Connect objects (reserved).
 */
struct tdx_sim_census {
	unsigned long by_type[16];
	unsigned long ext_pages;
	unsigned long pamt_pages;
	unsigned long connect_pages;
};

int tdx_sim_page_owner(phys_addr_t pa, unsigned int *page_type,
		       phys_addr_t *owner);
void tdx_sim_census(struct tdx_sim_census *census);
unsigned long tdx_sim_module_pages(void);
void tdx_sim_host_freed(phys_addr_t pa, unsigned long nr_pages);
unsigned int tdx_sim_violations(void);
const char *tdx_sim_last_violation(void);
u64 tdx_sim_calls(int leaf);

/*
 * The simulated PCIe devices on the other side of the SPDM relay: SPDM
 * responders, one per function id, reached through a stand-in for the
 * device's DOE mailbox.  They speak enough SPDM (version, capabilities,
 * algorithms, certificate, key exchange, finish, heartbeat, key update,
 * end session, error) for the module's requests; no cryptography.
 */
struct tdx_spdm_msg;

/* What a device does with its next request. */
enum tdx_sim_dev_fault {
	TDX_SIM_DEV_ANSWER,	/* answer it */
	TDX_SIM_DEV_ERROR,	/* answer with an SPDM ERROR (busy) */
	TDX_SIM_DEV_SILENT,	/* do not answer: the mailbox times out */
};

/**
 * struct tdx_sim_dev_stats - What a simulated device has seen.
 * @messages: requests answered.
 * @sessions: sessions opened (FINISH answered).
 * @heartbeats: heartbeats answered.
 * @key_updates: key updates answered.
 * @session_open: a session is open now.
 * @keys_programmed: IDE key programming requests answered.
 * @streams_live: IDE streams whose keys are in use (K_SET_GO, no STOP).
 */
struct tdx_sim_dev_stats {
	u32 messages;
	u32 sessions;
	u32 heartbeats;
	u32 key_updates;
	bool session_open;
	u32 keys_programmed;
	u32 streams_live;
};

int tdx_sim_dev_add(u64 func_id);
void tdx_sim_dev_remove(u64 func_id);
void tdx_sim_dev_remove_all(void);
int tdx_sim_dev_doe(u64 func_id, const struct tdx_spdm_msg *req,
		    struct tdx_spdm_msg *rsp);
int tdx_sim_dev_fault_next(u64 func_id, enum tdx_sim_dev_fault fault);
int tdx_sim_dev_stats(u64 func_id, struct tdx_sim_dev_stats *stats);

#endif /* _TDX_CORE_SIM_H */
