// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing the TDX module up: global and per-CPU initialisation, TDMRs
 * covering convertible memory with their PAMTs, key configuration on
 * every package, and PAMT initialisation.
 *
 * One TDMR covers each convertible memory range, rounded out to 1 GiB.
 * Its PAMT (the module's page metadata) is one physically contiguous
 * block of host memory that the module owns until it is disabled.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>

#include <tdx/sys.h>

#include "core.h"
#include "seamcall.h"

/* TDMR_INFO structures fit in one page; so do the CMRs they cover. */
#define TDX_TDMRS_PER_PAGE	(PAGE_SIZE / sizeof(struct tdx_tdmr_info))
static_assert(TDX_MAX_CMRS <= TDX_TDMRS_PER_PAGE);

struct tdx_pamt {
	struct page *first;
	unsigned long nr_pages;
};

static DEFINE_MUTEX(tdx_enable_lock);
static bool tdx_enabled;
static struct tdx_sys_info tdx_sysinfo;
static struct tdx_tdmr_info *tdx_tdmrs;
static struct tdx_hpa_list *tdx_tdmr_list;
static unsigned int tdx_nr_tdmrs;
static struct tdx_pamt tdx_pamts[TDX_MAX_CMRS];
/* TDH.SYS.CONFIG took the PAMTs: only a module shutdown gives them back. */
static bool tdx_pamts_given;
/* An update lost the module: nothing works until it is reloaded. */
static bool tdx_lost;

/**
 * tdx_cpu_enable() - Initialise the module on this CPU (TDH.SYS.LP.INIT).
 *
 * Return: 0, also if this CPU was initialised already; a negative errno
 * from tdx_status_to_errno() otherwise.
 */
int tdx_cpu_enable(void)
{
	u64 err = tdh_sys_lp_init();

	if (tdx_status_is(err, TDX_SYS_LP_INIT_DONE))
		return 0;
	if (err)
		pr_err("tdx: TDH.SYS.LP.INIT on CPU %u failed: %s (0x%016llx)\n",
		       raw_smp_processor_id(), tdx_status_name(err), err);
	return tdx_status_to_errno(err);
}

static int tdx_cpu_enable_fn(void *unused)
{
	return tdx_cpu_enable();
}

/* TDH.SYS.KEY.CONFIG must not run on two packages at once. */
static int tdx_key_config_fn(void *unused)
{
	u64 err = tdh_sys_key_config();

	if (err && !tdx_status_is(err, TDX_KEY_CONFIGURED)) {
		pr_err("tdx: TDH.SYS.KEY.CONFIG failed: %s (0x%016llx)\n",
		       tdx_status_name(err), err);
		return tdx_status_to_errno(err);
	}
	return 0;
}

static void tdx_free_pamts(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tdx_pamts); i++) {
		if (tdx_pamts[i].first)
			free_contig_range(page_to_pfn(tdx_pamts[i].first),
					  tdx_pamts[i].nr_pages);
	}
	memset(tdx_pamts, 0, sizeof(tdx_pamts));
}

/* Pages of every PAMT: what the module keeps if it cannot give them back. */
static unsigned long tdx_pamt_pages(void)
{
	unsigned long nr = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tdx_pamts); i++)
		nr += tdx_pamts[i].nr_pages;
	return nr;
}

static void tdx_free_tdmrs(void)
{
	if (tdx_tdmrs)
		free_page((unsigned long)tdx_tdmrs);
	tdx_hpa_list_free(tdx_tdmr_list);
	tdx_tdmrs = NULL;
	tdx_tdmr_list = NULL;
	tdx_nr_tdmrs = 0;
}

/* PAMT bytes for @size bytes of TDMR at one page size, page-rounded. */
static u64 tdx_pamt_bytes(u64 size, u64 page_size, u16 entry_size)
{
	return PAGE_ALIGN(size / page_size * entry_size);
}

/* Describe one TDMR over CMR @i and give it a contiguous PAMT. */
static int tdx_setup_tdmr(const struct tdx_sys_info *info, unsigned int i)
{
	struct tdx_tdmr_info *tdmr = &tdx_tdmrs[i];
	u64 base = round_down(info->cmr_base[i], SZ_1G);
	u64 end = round_up(info->cmr_base[i] + info->cmr_size[i], SZ_1G);
	u64 pamt_4k, pamt_2m, pamt_1g, pa;
	struct page *pamt;
	unsigned long nr;

	pamt_4k = tdx_pamt_bytes(end - base, SZ_4K, info->pamt_entry_size[0]);
	pamt_2m = tdx_pamt_bytes(end - base, SZ_2M, info->pamt_entry_size[1]);
	pamt_1g = tdx_pamt_bytes(end - base, SZ_1G, info->pamt_entry_size[2]);
	nr = (pamt_4k + pamt_2m + pamt_1g) >> PAGE_SHIFT;

	pamt = alloc_contig_pages(nr, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
				  NULL);
	if (!pamt)
		return -ENOMEM;
	tdx_pamts[i].first = pamt;
	tdx_pamts[i].nr_pages = nr;
	/* The module reads PAMTs with its own key: no dirty lines may stay. */
	tdx_clflush_pfns(page_to_pfn(pamt), nr);

	pa = page_to_phys(pamt);
	tdmr->base = base;
	tdmr->size = end - base;
	tdmr->pamt_4k_base = pa;
	tdmr->pamt_4k_size = pamt_4k;
	tdmr->pamt_2m_base = pa + pamt_4k;
	tdmr->pamt_2m_size = pamt_2m;
	tdmr->pamt_1g_base = pa + pamt_4k + pamt_2m;
	tdmr->pamt_1g_size = pamt_1g;
	tdx_tdmr_list->phys[i] = __pa(tdmr);
	return 0;
}

static int tdx_config_module(const struct tdx_sys_info *info, u16 keyid)
{
	unsigned int i;
	int ret;
	u64 err;

	if (!info->nr_cmrs || info->nr_cmrs > info->max_tdmrs)
		return -EOPNOTSUPP;
	tdx_tdmrs = (void *)get_zeroed_page(GFP_KERNEL);
	tdx_tdmr_list = tdx_hpa_list_alloc(GFP_KERNEL);
	if (!tdx_tdmrs || !tdx_tdmr_list)
		return -ENOMEM;
	for (i = 0; i < info->nr_cmrs; i++) {
		ret = tdx_setup_tdmr(info, i);
		if (ret)
			return ret;
	}
	tdx_nr_tdmrs = info->nr_cmrs;

	err = tdh_sys_config(tdx_tdmr_list, tdx_nr_tdmrs, keyid);
	tdx_pamts_given = !err;
	if (err) {
		pr_err("tdx: TDH.SYS.CONFIG failed: %s (0x%016llx)\n",
		       tdx_status_name(err), err);
		return tdx_status_to_errno(err);
	}
	return 0;
}

/*
 * TDH.SYS.TDMR.INIT initialises a TDMR's PAMT one chunk per call and
 * reports the next address to do, rounded down to 1 GiB, so the value
 * only moves once per GiB.  Every call initialises at least one page's
 * PAMT entries, which bounds the loop by the TDMR's pages; a module that
 * needs more calls is broken.
 */
static int tdx_init_tdmr(const struct tdx_tdmr_info *tdmr)
{
	u64 end = tdmr->base + tdmr->size, next = tdmr->base;
	unsigned long calls, max_calls = tdmr->size >> PAGE_SHIFT;
	u64 err;

	for (calls = 0; calls < max_calls && next < end; calls++) {
		err = tdh_sys_tdmr_init(tdmr, &next);
		if (tdx_status_is(err, TDX_TDMR_ALREADY_INITIALIZED))
			return 0;
		if (err) {
			pr_err("tdx: TDH.SYS.TDMR.INIT failed: %s (0x%016llx)\n",
			       tdx_status_name(err), err);
			return tdx_status_to_errno(err);
		}
	}
	if (next < end) {
		pr_err("tdx: TDH.SYS.TDMR.INIT did not finish in %lu calls\n",
		       calls);
		return -EIO;
	}
	return 0;
}

static int __tdx_enable(void)
{
	struct tdx_sys_info *info = &tdx_sysinfo;
	u32 first_keyid, nr_keyids;
	unsigned int cpu, shift, i;
	int ret;
	u64 err;

	err = tdh_sys_init();
	if (err) {
		pr_err("tdx: TDH.SYS.INIT failed: %s (0x%016llx)\n",
		       tdx_status_name(err), err);
		return tdx_status_to_errno(err);
	}
	for_each_online_cpu(cpu) {
		ret = smp_call_on_cpu(cpu, tdx_cpu_enable_fn, NULL, false);
		if (ret)
			return ret;
	}
	ret = tdx_read_sys_info(info);
	if (ret)
		return ret;
	/* Linux relies on the module leaving RBP alone across SEAMCALLs. */
	if (!(info->features0 & TDX_FEATURES0_NO_RBP_MOD))
		return -EOPNOTSUPP;

	tdx_platform_keyids(&first_keyid, &nr_keyids, &shift);
	if (nr_keyids < 2)
		return -ENODEV;
	tdx_keyids_setup(first_keyid, nr_keyids, shift);

	ret = tdx_config_module(info, tdx_global_keyid());
	if (ret)
		return ret;
	ret = tdx_on_each_package(tdx_key_config_fn, NULL);
	if (ret)
		return ret;
	for (i = 0; i < tdx_nr_tdmrs; i++) {
		ret = tdx_init_tdmr(&tdx_tdmrs[i]);
		if (ret)
			return ret;
	}
	/* TDH.SYS.CONFIG may change metadata: read it again. */
	return tdx_read_sys_info(info);
}

/*
 * Before TDH.SYS.CONFIG the PAMTs are plain host memory: free them.
 * After it the module owns them until it is shut down, which this code
 * cannot do: say how much memory that strands.
 */
static void tdx_enable_failed(int ret)
{
	unsigned long stranded = tdx_pamt_pages();

	pr_err("tdx: module initialisation failed (%d)\n", ret);
	if (!tdx_pamts_given) {
		tdx_free_pamts();
		tdx_free_tdmrs();
		return;
	}
	WARN(1, "tdx: initialisation failed after TDH.SYS.CONFIG: %lu PAMT pages (%lu KiB) stay with the module\n",
	     stranded, stranded * (PAGE_SIZE / SZ_1K));
}

/**
 * tdx_enable() - Bring the TDX module up.
 *
 * Initialises the module globally and on every online CPU, reads its
 * metadata, configures one TDMR per convertible memory range with its
 * PAMT, programs the global key on every package and initialises the
 * PAMTs.  The extensions are set up separately by tdx_ext_enable().
 *
 * Call without cpus_read_lock() held.
 *
 * Return: 0, also if the module is up already; -ENODEV without a module
 * or TDX key ids; -EOPNOTSUPP for a module this code cannot drive;
 * -ENOMEM; -ERANGE for metadata out of range; otherwise the errno of the
 * failed SEAMCALL's status (tdx_status_to_errno(): -EIO in general,
 * -EACCES or -EOPNOTSUPP when the SEAMCALL instruction faulted, -EBUSY,
 * -EAGAIN).  On failure the module is left unusable until it is reloaded;
 * PAMTs it already took stay with it, with a warning giving their size.
 * -EIO as well after a module update lost the module, until
 * tdx_disable().
 */
int tdx_enable(void)
{
	int ret = 0;

	mutex_lock(&tdx_enable_lock);
	cpus_read_lock();
	if (tdx_lost) {
		ret = -EIO;
	} else if (!tdx_enabled) {
		ret = __tdx_enable();
		tdx_enabled = !ret;
		if (ret)
			tdx_enable_failed(ret);
	}
	cpus_read_unlock();
	mutex_unlock(&tdx_enable_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_enable);

/**
 * tdx_get_sysinfo() - The module's global metadata.
 *
 * Return: the metadata read by tdx_enable(), or NULL before it succeeded.
 */
const struct tdx_sys_info *tdx_get_sysinfo(void)
{
	return READ_ONCE(tdx_enabled) ? &tdx_sysinfo : NULL;
}
EXPORT_SYMBOL_GPL(tdx_get_sysinfo);

/*
 * A module update holds bring-up and teardown off, and the extension
 * pool, from before it stops the machine until the new module runs.
 */
const struct tdx_sys_info *tdx_module_hold(void)
{
	mutex_lock(&tdx_enable_lock);
	if (!tdx_enabled) {
		mutex_unlock(&tdx_enable_lock);
		return NULL;
	}
	tdx_ext_hold();
	return &tdx_sysinfo;
}

void tdx_module_release(void)
{
	lockdep_assert_held(&tdx_enable_lock);
	tdx_ext_release();
	mutex_unlock(&tdx_enable_lock);
}

/*
 * The new module's metadata replaces the old one's.  Called on the lead
 * CPU inside stop_machine(), so no reader is in the middle of it; the
 * updating task holds tdx_enable_lock.  The TDMRs, PAMTs and key ids are
 * the handoff's and stay as they are.
 */
void tdx_module_set_info(const struct tdx_sys_info *info)
{
	tdx_sysinfo = *info;
}

/*
 * An update failed after the old module shut down: no module this code
 * can drive serves SEAMCALLs, and the memory the old one owned stays
 * with it.  Not a kernel bug (a bad image can do it), so no WARN; the
 * module stays lost, and tdx_enable() refuses, until tdx_disable().
 */
void tdx_module_lost(void)
{
	unsigned long stranded = tdx_pamt_pages();

	lockdep_assert_held(&tdx_enable_lock);
	WRITE_ONCE(tdx_enabled, false);
	tdx_lost = true;
	pr_crit("tdx: module update failed after shutdown: TDs are lost; %lu PAMT pages (%lu KiB) and %lu extension pages stay with the module until it is reloaded\n",
		stranded, stranded * (PAGE_SIZE / SZ_1K), tdx_ext_mem_pages());
}

/**
 * tdx_disable() - Forget a module that is gone.
 *
 * Only once the module no longer exists (it was disabled, or the
 * simulated module was stopped): returns the memory it owned for good
 * (PAMTs, extension memory) to the host and resets the key ids.  Any TD
 * must have been freed before.
 */
void tdx_disable(void)
{
	mutex_lock(&tdx_enable_lock);
	tdx_ext_forget();
	tdx_lost = false;
	tdx_pamts_given = false;
	tdx_free_pamts();
	tdx_free_tdmrs();
	tdx_keyids_reset();
	memset(&tdx_sysinfo, 0, sizeof(tdx_sysinfo));
	WRITE_ONCE(tdx_enabled, false);
	mutex_unlock(&tdx_enable_lock);
}
EXPORT_SYMBOL_GPL(tdx_disable);
