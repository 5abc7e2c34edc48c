// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the Rust layer's environment hooks: the shim's memory
 * arena is the simulated module's convertible memory, every page the host
 * frees is checked against the module's PAMT, and the shim counts pages
 * and WARNs for the tests.
 */
#include <linux/mm.h>
#include <shim/host.h>

#include <tdx/sim.h>
#include <tdx/sys.h>

#include "helpers.h"

/**
 * tdx_rust_sim_restart() - Replace the simulated module with a fresh one.
 * @cfg: its configuration; the convertible memory is set here.
 *
 * Return: 0 or the errno of tdx_sim_start().
 */
int tdx_rust_sim_restart(struct tdx_sim_config *cfg)
{
	shim_init();
	shim_set_quiet(true);
	shim_set_page_free_hook(tdx_sim_host_freed);
	cfg->cmr_base = shim_arena_base();
	cfg->cmr_size = (u64)shim_arena_pages() << PAGE_SHIFT;
	cfg->page_flushed = shim_page_flushed;
	tdx_sim_stop();
	tdx_disable();
	return tdx_sim_start(cfg);
}

/**
 * tdx_rust_env_pages_in_use() - Pages the host has allocated.
 *
 * Return: the shim's count.
 */
long tdx_rust_env_pages_in_use(void)
{
	return shim_pages_in_use();
}

/**
 * tdx_rust_env_warnings() - WARNs fired so far.
 *
 * Return: the shim's count.
 */
long tdx_rust_env_warnings(void)
{
	return shim_warn_count();
}
