// SPDX-License-Identifier: GPL-2.0
/*
 * TD-preserving update in the simulated TDX module (§6): TDH.SYS.SHUTDOWN
 * writes the handoff, P-SEAMLDR's SEAMLDR.INSTALL puts a new module in
 * place (SYSINIT_PENDING, no LP initialised), and TDH.SYS.UPDATE lets it
 * take the handoff over.  The simulator's state *is* the handoff: the
 * PAMT, KOT, TDs, vCPUs, extension pool and TDX Connect objects stay as
 * they are, and only the module's identity (version, handoff versions,
 * extension needs) changes.
 */
#include <linux/bitfield.h>
#include <linux/string.h>
#include <asm/page.h>

#include <tdx/sys.h>
#include <tdx/update.h>

#include "seamcall.h"
#include "sim.h"

#define SIM_SHUTDOWN_HV		GENMASK_U64(15, 0)
#define SIM_SHUTDOWN_AVOID	BIT_ULL(16)

/*
 * Inferred (which flows count is unknown, §6.2): a TD whose measurement
 * is being built, between TDH.MNG.INIT and TDH.MR.FINALIZE, would have it
 * finished by a different module; so would an SPDM exchange left half-way
 * (an extension call in flight).
 */
static bool sim_compat_sensitive(void)
{
	struct sim_td *td;

	if (tdx_sim->ext_inflight)
		return true;

	list_for_each_entry(td, &tdx_sim->tds, link)
		if (td->op_state == SIM_OP_INITIALIZED &&
		    td->lifecycle == SIM_TD_KEYS_CONFIGURED)
			return true;
	return false;
}

/**
 * sim_sys_shutdown() - TDH.SYS.SHUTDOWN: write the handoff and stop.
 * @c: the call (RCX bits 15:0 = handoff version, bit 16 =
 *	AVOID_COMPAT_SENSITIVE).
 *
 * Return: completion status.
 */
u64 sim_sys_shutdown(struct sim_call *c)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;
	u64 rcx = c->in.rcx;
	u16 hv = FIELD_GET(SIM_SHUTDOWN_HV, rcx);
	u64 allowed = SIM_SHUTDOWN_HV;

	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	/* Inferred: bit 16 is reserved without UPDATE_COMPAT. */
	if (cfg->features0 & TDX_FEATURES0_UPDATE_COMPAT)
		allowed |= SIM_SHUTDOWN_AVOID;
	if ((rcx & ~allowed) || hv < cfg->min_update_hv || hv > cfg->module_hv)
		return sim_err(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	if ((rcx & SIM_SHUTDOWN_AVOID) && sim_compat_sensitive())
		return TDX_UPDATE_COMPAT_SENSITIVE;
	/*
	 * The module enters SYS_SHUTDOWN, then backs out if another LP is
	 * inside SEAM: here, a call parked by a test.
	 */
	if (tdx_sim->paused)
		return TDX_SYS_BUSY;
	tdx_sim->sys_state = SIM_SYS_SHUTDOWN;
	tdx_sim->handoff_valid = true;
	tdx_sim->handoff_hv = hv;
	tdx_sim->ldr_params = 0;
	memset(tdx_sim->ldr_installed, 0,
	       tdx_sim->nr_lps * sizeof(*tdx_sim->ldr_installed));
	return TDX_SUCCESS;
}

/**
 * sim_sys_update() - TDH.SYS.UPDATE: take the handoff over.
 * @c: the call (no inputs in version 0).
 *
 * Return: completion status.
 */
u64 sim_sys_update(struct sim_call *c)
{
	const struct tdx_sim_config *cfg = &tdx_sim->cfg;

	if (!sim_call_lock(c, &tdx_sim->sys_lock, true))
		return TDX_SYS_BUSY;
	/* Inferred: a module P-SEAMLDR did not finish installing is not one. */
	if (tdx_sim->sys_state != SIM_SYSINIT_DONE || !tdx_sim->ldr_params ||
	    !sim_all_lps(tdx_sim->lp_done) || !sim_all_lps(tdx_sim->ldr_installed))
		return TDX_SYS_STATE_INCORRECT;
	if (!tdx_sim->handoff_valid || tdx_sim->handoff_hv < cfg->min_update_hv ||
	    tdx_sim->handoff_hv > cfg->module_hv)
		return TDX_SYS_INVALID_HANDOFF;
	tdx_sim->handoff_valid = false;
	tdx_sim->ldr_params = 0;
	tdx_sim->sys_state = SIM_SYS_READY;
	tdx_sim->updates++;
	return TDX_SUCCESS;
}

/* SEAMLDR_PARAMS and the sigstruct it names, checked as P-SEAMLDR would. */
static bool sim_ldr_params_valid(const struct tdx_seamldr_params *p,
				 struct tdx_sim_module *module)
{
	const struct sim_sigstruct *sig;
	unsigned int i;

	if (p->version || p->scenario != TDX_SEAMLDR_SCENARIO_UPDATE ||
	    !mem_is_zero(p->reserved, sizeof(p->reserved)) ||
	    !p->module_nr_pages ||
	    p->module_nr_pages > TDX_SEAMLDR_MAX_MODULE_PAGES ||
	    !sim_pa_valid(p->sigstruct_pa[0]))
		return false;
	for (i = 0; i < p->module_nr_pages; i++)
		if (!sim_pa_valid(p->module_pa[i]))
			return false;
	sig = __va(p->sigstruct_pa[0]);
	if (memcmp(sig->magic, SIM_SIGSTRUCT_MAGIC, sizeof(sig->magic)) ||
	    sig->module_nr_pages != p->module_nr_pages ||
	    sig->digest != sim_image_digest(p->module_pa, p->module_nr_pages))
		return false;
	*module = sig->module;
	return true;
}

/* The new module replaces the old one: a fresh identity, nothing set up. */
static void sim_load_module(const struct tdx_sim_module *m)
{
	struct tdx_sim_config *cfg = &tdx_sim->cfg;

	cfg->version = m->version;
	cfg->module_hv = m->module_hv;
	cfg->min_update_hv = m->min_update_hv;
	cfg->memory_pool_required_pages = m->memory_pool_required_pages;
	cfg->ext_required = m->ext_required;
	cfg->ext_init_units = m->ext_init_units;
	tdx_sim->sys_state = SIM_SYSINIT_PENDING;
	memset(tdx_sim->lp_done, 0, tdx_sim->nr_lps * sizeof(*tdx_sim->lp_done));
	/* Inferred: the extensions start over on the pool they were given. */
	tdx_sim->ext_done = false;
	tdx_sim->ext_units_done = 0;
}

/*
 * SEAMLDR.INSTALL on one LP.  The first LP loads the image; every other
 * LP must name the same SEAMLDR_PARAMS page (inferred).  Inferred too:
 * P-SEAMLDR refuses an update unless the module was shut down.
 */
static u64 sim_seamldr_install(struct sim_call *c)
{
	struct tdx_sim_module module;
	u64 pa = c->in.rcx;

	if (tdx_sim->sys_state != SIM_SYS_SHUTDOWN && !tdx_sim->ldr_params)
		return TDX_SEAMLDR_EBADCALL;
	if (c->cpu >= tdx_sim->nr_lps || !sim_pa_valid(pa))
		return TDX_SEAMLDR_EBADPARAM;
	if (tdx_sim->ldr_params) {
		if (pa != tdx_sim->ldr_params)
			return TDX_SEAMLDR_EBADPARAM;
	} else {
		if (!sim_ldr_params_valid(__va(pa), &module))
			return TDX_SEAMLDR_EBADPARAM;
		tdx_sim->ldr_params = pa;
		tdx_sim->ldr_module = module;
		sim_load_module(&module);
	}
	tdx_sim->ldr_installed[c->cpu] = true;
	return TDX_SUCCESS;
}

/**
 * sim_seamldr_call() - Serve a SEAMCALL addressed to P-SEAMLDR.
 * @c: the call.
 * @fn: RAX, bit 63 set.
 *
 * Return: the P-SEAMLDR status.  Only SEAMLDR.INSTALL is served; other
 * P-SEAMLDR leaves are refused as bad calls (inferred).
 */
u64 sim_seamldr_call(struct sim_call *c, u64 fn)
{
	if (fn != TDX_SEAMLDR_INSTALL)
		return TDX_SEAMLDR_EBADCALL;
	return sim_seamldr_install(c);
}
