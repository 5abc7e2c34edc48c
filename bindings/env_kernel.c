// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of the Rust layer's environment hooks: the simulated
 * module covers all of RAM, as at boot, and what only the host build can
 * observe (pages in use, WARNs) is reported as unknown (-1).
 */
#include <linux/mm.h>

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
	cfg->cmr_base = 0;
	cfg->cmr_size = __pa(high_memory);
	tdx_sim_stop();
	tdx_disable();
	return tdx_sim_start(cfg);
}

/**
 * tdx_rust_env_pages_in_use() - Pages the host has allocated.
 *
 * Return: -1: a kernel does not count them exactly.
 */
long tdx_rust_env_pages_in_use(void)
{
	return -1;
}

/**
 * tdx_rust_env_warnings() - WARNs fired so far.
 *
 * Return: -1: a kernel does not count them.
 */
long tdx_rust_env_warnings(void)
{
	return -1;
}
