// SPDX-License-Identifier: GPL-2.0
/*
 * "make demo": run the KVM-shaped sample on the simulated TDX module in a
 * host process, then check what only the host can see: no page the
 * module owned was freed, and every page is back with the host.
 */
#include <linux/mm.h>
#include <linux/printk.h>
#include <shim/host.h>

#include <tdx/sim.h>
#include <tdx/sys.h>

#include "tdx_kvm_sample.h"

int main(void)
{
	struct tdx_sample_ledger ledger;
	struct tdx_sim_config cfg;
	unsigned long pages;
	int ret;

	shim_init();
	shim_set_page_free_hook(tdx_sim_host_freed);
	tdx_sim_default_config(&cfg);
	cfg.cmr_base = shim_arena_base();
	cfg.cmr_size = (u64)shim_arena_pages() << PAGE_SHIFT;
	cfg.page_flushed = shim_page_flushed;
	/* Make the cache write-back stop midway, to show its resume loop. */
	cfg.cache_wb_units = 8;
	if (tdx_sim_start(&cfg))
		return 1;
	tdx_sim_interrupt_every(TDX_SIM_PHYMEM_CACHE_WB, 3);

	ret = tdx_enable();
	pages = shim_pages_in_use();
	if (!ret)
		ret = tdx_kvm_sample_run(&ledger);

	pr_info("demo: module violations %u, pages the module holds %lu, host pages in use %lu (after bring-up %lu)\n",
		tdx_sim_violations(), tdx_sim_module_pages(),
		shim_pages_in_use(), pages);
	if (!ret && (tdx_sim_violations() || tdx_sim_module_pages() ||
		     shim_pages_in_use() != pages || !ledger.updates_survived))
		ret = -1;
	tdx_sim_stop();
	tdx_disable();
	pr_info("demo: %s\n", ret ? "FAILED" : "ledger balanced");
	return ret ? 1 : 0;
}
