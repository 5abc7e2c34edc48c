// SPDX-License-Identifier: GPL-2.0
/*
 * Loading the simulated TDX module at boot, when it is the kernel's
 * SEAMCALL backend.
 *
 * Its convertible memory is all of RAM, so that any page the kernel
 * allocates can be handed to it.  Its extensions ask for a 600-page
 * memory pool (more than one HPA list) and TDH.EXT.INIT.  Nothing is enabled here: bringing the
 * module up is tdx_enable()'s job, as on hardware, where the module is
 * loaded by the firmware before the kernel runs.
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/printk.h>

#include <tdx/sim.h>

static int __init tdx_sim_boot(void)
{
	struct tdx_sim_config cfg;
	int ret;

	tdx_sim_default_config(&cfg);
	cfg.cmr_base = 0;
	cfg.cmr_size = __pa(high_memory);
	/* Extensions that need memory, as TDX Connect modules do. */
	cfg.memory_pool_required_pages = 600;
	cfg.ext_required = true;
	/* SPDM session keys that want an update every two heartbeats. */
	cfg.spdm_key_ops = 2;
	ret = tdx_sim_start(&cfg);
	if (ret)
		pr_err("tdx-sim: cannot load the simulated TDX module: %d\n", ret);
	else
		pr_info("tdx-sim: simulated TDX module loaded over %llu MiB\n",
			cfg.cmr_size >> 20);
	return ret;
}
subsys_initcall(tdx_sim_boot);
