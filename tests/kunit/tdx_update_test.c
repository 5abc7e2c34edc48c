// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for TD-preserving module update: the image checks, the
 * module's side of each step driven by hand, a full update under live TDs
 * (they keep running and their pages come back afterwards), a failure
 * injected at each step, the compat-sensitive refusal, and extensions the
 * new module wants more memory for.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include <tdx/connect.h>
#include <tdx/errno.h>
#include <tdx/sys.h>
#include <tdx/update.h>

#include "tdx_test.h"

static u32 tdx_test_version(void)
{
	const struct tdx_sys_info *info = tdx_get_sysinfo();

	return info ? info->major_version << 16 | info->minor_version << 8 |
		      info->update_version : 0;
}

/* Enter every vCPU of a runnable test TD once. */
static void tdx_test_expect_runs(struct kunit *test, struct tdx_test_td *t)
{
	struct tdx_module_args args = {};
	int i;

	for (i = 0; i < t->nr_vps; i++)
		KUNIT_EXPECT_FALSE(test,
				   tdx_status_error(tdh_vp_enter(&t->vp[i],
								 &args)));
}

/* The header is checked against the size, field by field. */
static void tdx_update_image_checks(struct kunit *test)
{
	const size_t size = (2 + TDX_TEST_MODULE_PAGES) * PAGE_SIZE;
	struct tdx_seamldr_params *params;
	struct tdx_update_image *image;
	struct tdx_image_header *hdr;
	struct tdx_sim_module m;
	size_t got;
	u8 *blob, *copy;
	int i;

	tdx_test_module(&m, 2);
	blob = tdx_sim_image_alloc(&m, TDX_TEST_MODULE_PAGES, &got);
	KUNIT_ASSERT_NOT_NULL(test, blob);
	KUNIT_ASSERT_EQ(test, got, size);
	copy = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	hdr = (struct tdx_image_header *)copy;

	KUNIT_EXPECT_EQ(test, PTR_ERR(tdx_update_image_alloc(NULL, size)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(tdx_update_image_alloc(blob, 100)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(tdx_update_image_alloc(blob, size - 1)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(tdx_update_image_alloc(blob, size +
							      PAGE_SIZE)),
			-EINVAL);
	for (i = 0; i < 6; i++) {
		memcpy(copy, blob, size);
		switch (i) {
		case 0:
			hdr->version = 0x100;
			break;
		case 1:
			hdr->signature[0] = 'X';
			break;
		case 2:
			hdr->reserved[100] = 1;
			break;
		case 3:
			hdr->sigstruct_nr_pages = 2;
			break;
		case 4:
			hdr->module_nr_pages = 0;
			break;
		case 5:
			hdr->module_nr_pages = TDX_SEAMLDR_MAX_MODULE_PAGES + 1;
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test,
				    PTR_ERR(tdx_update_image_alloc(copy, size)),
				    -EINVAL, "mutation %d", i);
	}

	image = tdx_update_image_alloc(blob, size);
	KUNIT_ASSERT_FALSE(test, IS_ERR(image));
	params = page_address(image->params);
	KUNIT_EXPECT_EQ(test, params->version, 0U);
	KUNIT_EXPECT_EQ(test, params->scenario, TDX_SEAMLDR_SCENARIO_UPDATE);
	KUNIT_EXPECT_EQ(test, params->module_nr_pages,
			(u64)TDX_TEST_MODULE_PAGES);
	KUNIT_EXPECT_EQ(test, image->nr_pages, 1U + TDX_TEST_MODULE_PAGES);
	KUNIT_EXPECT_EQ(test, params->sigstruct_pa[0],
			page_to_phys(image->pages[0]));
	for (i = 0; i < TDX_TEST_MODULE_PAGES; i++) {
		KUNIT_EXPECT_EQ(test, params->module_pa[i],
				page_to_phys(image->pages[1 + i]));
		KUNIT_EXPECT_EQ(test, memcmp(page_address(image->pages[1 + i]),
					     blob + (2 + i) * PAGE_SIZE,
					     PAGE_SIZE), 0);
	}
	tdx_update_image_free(image);
	tdx_sim_image_free(blob);
}

static void tdx_test_install_fn(void *data)
{
	const struct tdx_update_image *image = data;

	WARN_ON(tdx_seamldr_install(image) != TDX_SUCCESS);
}

static void tdx_test_lp_init_fn(void *data)
{
	WARN_ON(tdh_sys_lp_init() != TDX_SUCCESS);
}

static void tdx_test_sys_init_fn(void *data)
{
	*(u64 *)data = tdh_sys_init();
}

/* The module's side of each step, driven by hand on every CPU. */
static void tdx_update_module_steps(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct tdx_module_args args = {};
	struct tdx_update_image *image;
	unsigned long warns, pages;
	struct tdx_sim_module m;
	u64 value, next, status;
	unsigned int other;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->nr_vps = 1;
	if (tdx_test_up(test, NULL))
		return;
	tdx_test_module(&m, 2);
	image = tdx_test_image(test, &m);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	pages = tdx_sim_module_pages();

	/* Handoff versions outside [min_update_hv, module_hv]; bad bits. */
	KUNIT_EXPECT_EQ(test, tdh_sys_shutdown(0, false),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, tdh_sys_shutdown(2, false),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/* P-SEAMLDR refuses to install over a running module. */
	KUNIT_EXPECT_EQ(test, tdx_seamldr_install(image),
			TDX_SEAMLDR_EBADCALL);
	KUNIT_EXPECT_EQ(test, tdh_sys_update(), TDX_SYS_STATE_INCORRECT);

	KUNIT_ASSERT_EQ(test, tdh_sys_shutdown(1, false), TDX_SUCCESS);
	/* Every SEAMCALL to the old module, TD entry too, is refused. */
	KUNIT_EXPECT_EQ(test, tdh_vp_enter(&t->vp[0], &args), TDX_SYS_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, tdh_sys_rd(TDX_MD_MAJOR_VERSION, &value, &next),
			TDX_SYS_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, tdh_sys_shutdown(1, false), TDX_SYS_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, tdh_sys_update(), TDX_SYS_SHUTDOWN);

	KUNIT_ASSERT_EQ(test, tdx_seamldr_install(image), TDX_SUCCESS);
	/* A CPU P-SEAMLDR did not install the new module on has none. */
	other = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
	if (other < nr_cpu_ids) {
		smp_call_function_single(other, tdx_test_sys_init_fn, &status,
					 1);
		KUNIT_EXPECT_EQ(test, status, TDX_SEAMCALL_VMFAILINVALID);
	}
	on_each_cpu(tdx_test_install_fn, image, 1);
	/* The new module is up but not initialised. */
	KUNIT_EXPECT_EQ(test, tdh_sys_update(), TDX_SYS_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdh_sys_lp_init(), TDX_SYS_LP_INIT_NOT_PENDING);
	KUNIT_ASSERT_EQ(test, tdh_sys_init(), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdh_vp_enter(&t->vp[0], &args),
			TDX_SYS_NOT_READY);
	on_each_cpu(tdx_test_lp_init_fn, NULL, 1);
	KUNIT_EXPECT_EQ(test, tdh_sys_rd(TDX_MD_UPDATE_VERSION, &value, &next),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, 2ULL);
	KUNIT_EXPECT_EQ(test, tdh_vp_enter(&t->vp[0], &args),
			TDX_SYS_NOT_READY);

	KUNIT_ASSERT_EQ(test, tdh_sys_update(), TDX_SUCCESS);
	/* The handoff is taken: a second update has none. */
	KUNIT_EXPECT_EQ(test, tdh_sys_update(), TDX_SYS_STATE_INCORRECT);
	tdx_test_expect_runs(test, t);
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), pages);

	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_warnings(test, warns, 0);
	tdx_test_image_done(test, image);
	tdx_test_expect_balanced(test, 0);
	tdx_test_down(test);
}

/* A whole update under live TDs: they keep running, nothing is lost. */
static void tdx_update_live_tds(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kcalloc(test, 2, sizeof(*t), GFP_KERNEL);
	struct tdx_update_result res;
	struct tdx_update_image *image;
	struct tdx_sim_census before, after;
	unsigned int nr_cpus = num_online_cpus();
	struct tdx_sim_module m;
	u64 lp_inits;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t[0].nr_vps = 2;
	t[1].nr_vps = 1;
	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_test_build(&t[0], TDX_STEP_ALL), 0);
	KUNIT_ASSERT_EQ(test, tdx_test_build(&t[1], TDX_STEP_VP_INIT), 0);
	tdx_test_module(&m, 2);
	image = tdx_test_image(test, &m);
	tdx_sim_census(&before);
	lp_inits = tdx_sim_calls(TDX_SIM_SYS_LP_INIT);

	/* t[1] is being built: cut through, it goes on afterwards. */
	KUNIT_ASSERT_EQ(test, tdx_module_update(image,
						TDX_UPDATE_ALLOW_COMPAT_SENSITIVE,
						&res), 0);
	tdx_test_image_done(test, image);
	KUNIT_EXPECT_EQ(test, res.failed_state, TDX_UPDATE_DONE);
	KUNIT_EXPECT_TRUE(test, res.updated);
	KUNIT_EXPECT_EQ(test, res.old_version, 0x010501U);
	KUNIT_EXPECT_EQ(test, res.new_version, 0x010502U);
	KUNIT_EXPECT_EQ(test, tdx_test_version(), 0x010502U);
	/* Each step's SEAMCALLs, on the right number of CPUs. */
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_SHUTDOWN), 1ULL);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SEAMLDR_INSTALL),
			(u64)nr_cpus);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_INIT), 2ULL);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_LP_INIT) - lp_inits,
			(u64)nr_cpus);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_UPDATE), 1ULL);

	/* Same pages, same owners; the TDs run, and the build goes on. */
	tdx_sim_census(&after);
	KUNIT_EXPECT_EQ(test, memcmp(&before, &after, sizeof(before)), 0);
	tdx_test_expect_runs(test, &t[0]);
	KUNIT_EXPECT_EQ(test, tdx_test_build(&t[1], TDX_STEP_ALL), 0);
	tdx_test_expect_runs(test, &t[1]);

	/* A second update, from the updated module. */
	tdx_test_module(&m, 3);
	image = tdx_test_image(test, &m);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_version(), 0x010503U);
	tdx_test_expect_runs(test, &t[0]);
	tdx_test_image_done(test, image);

	KUNIT_EXPECT_EQ(test, tdx_test_free(&t[0]), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(&t[1]), 0);
	tdx_test_expect_balanced(test, 0);
	tdx_test_down(test);
}

struct tdx_update_fault {
	const char *name;
	int leaf;
	bool per_cpu;
	enum tdx_update_state state;
	u64 status;
	int ret;
};

static const struct tdx_update_fault tdx_update_faults[] = {
	{ "shutdown refused", TDX_SIM_SYS_SHUTDOWN, false,
	  TDX_UPDATE_SHUTDOWN, TDX_OPERAND_INVALID, -EINVAL },
	{ "shutdown busy", TDX_SIM_SYS_SHUTDOWN, false,
	  TDX_UPDATE_SHUTDOWN, TDX_SYS_BUSY, -EBUSY },
	{ "install", TDX_SIM_SEAMLDR_INSTALL, true,
	  TDX_UPDATE_CPU_INSTALL, TDX_SEAMLDR_EBADPARAM, -EIO },
	{ "sys init", TDX_SIM_SYS_INIT, false,
	  TDX_UPDATE_CPU_INIT, TDX_SYS_INIT_NOT_PENDING, -EIO },
	{ "lp init", TDX_SIM_SYS_LP_INIT, true,
	  TDX_UPDATE_CPU_INIT, TDX_SYS_LP_INIT_NOT_PENDING, -EIO },
	{ "update", TDX_SIM_SYS_UPDATE, false,
	  TDX_UPDATE_RUN_UPDATE, TDX_SYS_INVALID_HANDOFF, -EIO },
};

/*
 * A failure at each step, on one CPU (the last to get there, for the
 * steps every CPU runs), ends the update on every CPU.  Before the
 * shutdown the old module goes on; after it the TDs are lost, said once.
 */
static void tdx_update_failure_at_each_step(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	unsigned int nr_cpus = num_online_cpus();
	const struct tdx_update_fault *f;
	struct tdx_module_args args = {};
	struct tdx_update_image *image;
	struct tdx_update_result res;
	struct tdx_sim_module m;
	unsigned long warns;
	unsigned int i;
	u64 installs;

	KUNIT_ASSERT_NOT_NULL(test, t);
	tdx_test_module(&m, 2);
	for (i = 0; i < ARRAY_SIZE(tdx_update_faults); i++) {
		f = &tdx_update_faults[i];
		t->nr_vps = 1;
		if (tdx_test_up(test, NULL))
			return;
		image = tdx_test_image(test, &m);
		KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
		tdx_sim_fail_call(f->leaf, f->per_cpu ? nr_cpus : 1,
				  f->status);
		warns = tdx_test_env_warnings();
		KUNIT_EXPECT_EQ_MSG(test, tdx_module_update(image, 0, &res),
				    f->ret, "%s", f->name);
		KUNIT_EXPECT_EQ_MSG(test, res.failed_state, f->state, "%s",
				    f->name);
		KUNIT_EXPECT_EQ_MSG(test, res.status, f->status, "%s",
				    f->name);
		if (f->per_cpu)
			KUNIT_EXPECT_LT(test, res.failed_cpu, nr_cpu_ids);
		else if (f->leaf != TDX_SIM_SYS_INIT)
			KUNIT_EXPECT_EQ(test, res.failed_cpu,
					cpumask_first(cpu_online_mask));
		KUNIT_EXPECT_EQ(test, res.new_version, res.old_version);
		KUNIT_EXPECT_EQ(test, res.updated, false);
		/* SYS.INIT once, failed or not; LP.INIT once per CPU at most. */
		if (f->state >= TDX_UPDATE_CPU_INIT)
			KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_INIT),
					2ULL);
		KUNIT_EXPECT_LE(test, tdx_sim_calls(TDX_SIM_SYS_LP_INIT),
				2ULL * nr_cpus);
		/* No CPU went on to the next step. */
		installs = tdx_sim_calls(TDX_SIM_SEAMLDR_INSTALL);
		if (f->state == TDX_UPDATE_SHUTDOWN)
			KUNIT_EXPECT_EQ(test, installs, 0ULL);
		else
			KUNIT_EXPECT_EQ(test, installs, (u64)nr_cpus);
		if (f->state < TDX_UPDATE_RUN_UPDATE)
			KUNIT_EXPECT_EQ(test,
					tdx_sim_calls(TDX_SIM_SYS_UPDATE), 0ULL);

		if (f->state == TDX_UPDATE_SHUTDOWN) {
			tdx_test_expect_warnings(test, warns, 0);
			KUNIT_EXPECT_EQ(test, tdx_test_version(), 0x010501U);
			tdx_test_expect_runs(test, t);
			KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
			tdx_test_image_done(test, image);
			tdx_test_expect_balanced(test, 0);
		} else {
			/* Not a kernel bug: said, not warned. */
			tdx_test_expect_warnings(test, warns, 0);
			KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
			KUNIT_EXPECT_EQ(test, tdx_enable(), -EIO);
			KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, NULL),
					-ENODEV);
			tdx_test_image_done(test, image);
			KUNIT_EXPECT_TRUE(test, tdx_status_error(tdh_vp_enter(&t->vp[0],
									      &args)));
			/* The TD went with the module; a reset frees its pages. */
			tdx_test_down(test);
			tdx_test_forget(t);
			continue;
		}
		tdx_test_down(test);
	}
}

/*
 * A TD being built makes an update wait, as Linux asks modules that can
 * tell; TDX_UPDATE_ALLOW_COMPAT_SENSITIVE cuts through, and the build
 * goes on under the new module.
 */
static void tdx_update_compat_sensitive(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct tdx_update_image *image;
	struct tdx_update_result res;
	struct tdx_sim_module m;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->nr_vps = 1;
	if (tdx_test_up(test, NULL))
		return;
	tdx_test_module(&m, 2);
	image = tdx_test_image(test, &m);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_VP_INIT), 0);

	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, &res), -EBUSY);
	KUNIT_EXPECT_EQ(test, res.failed_state, TDX_UPDATE_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, res.status, TDX_UPDATE_COMPAT_SENSITIVE);
	KUNIT_EXPECT_EQ(test, tdx_test_version(), 0x010501U);

	KUNIT_EXPECT_EQ(test, tdx_module_update(image,
						TDX_UPDATE_ALLOW_COMPAT_SENSITIVE,
						&res), 0);
	tdx_test_image_done(test, image);
	KUNIT_EXPECT_TRUE(test, res.updated);
	KUNIT_EXPECT_EQ(test, tdx_test_version(), 0x010502U);
	/* The build started on 1.5.1 finishes on 1.5.2; then it runs. */
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	tdx_test_module(&m, 3);
	image = tdx_test_image(test, &m);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, NULL), 0);
	tdx_test_image_done(test, image);
	tdx_test_expect_runs(test, t);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
	tdx_test_down(test);
}

/* An SPDM exchange left half-way is compat-sensitive too (inferred). */
static void tdx_update_spdm_in_flight(struct kunit *test)
{
	struct tdx_update_image *image;
	struct tdx_spdm_xfer x = {};
	struct tdx_spdm spdm = {};
	u64 func_id = FIELD_PREP(TDX_SPDM_FUNC_RID, 0x77);
	struct tdx_update_result res;
	struct tdx_sim_module m;

	if (tdx_test_up(test, NULL))
		return;
	tdx_test_module(&m, 2);
	image = tdx_test_image(test, &m);
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&spdm, 1), 0);
	KUNIT_ASSERT_EQ(test, tdx_spdm_xfer_alloc(&x, 1), 0);
	KUNIT_ASSERT_EQ(test, tdh_spdm_create(&spdm, func_id), TDX_SUCCESS);
	/* The module asks the host to relay its first message: in flight. */
	KUNIT_ASSERT_EQ(test, tdh_spdm_connect(&spdm, &x), TDX_SPDM_REQUEST);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, &res), -EBUSY);
	KUNIT_EXPECT_EQ(test, res.status, TDX_UPDATE_COMPAT_SENSITIVE);
	/* Releasing the session ends the exchange; the update goes. */
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), 0);
	tdx_spdm_xfer_free(&x);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, NULL), 0);
	tdx_test_image_done(test, image);
	tdx_test_down(test);
}

/* What the caller gets wrong, or the module cannot do. */
static void tdx_update_refusals(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct tdx_update_image *image;
	struct tdx_sim_config cfg;
	struct tdx_sim_module m;

	KUNIT_ASSERT_NOT_NULL(test, t);
	tdx_test_config(&cfg);
	cfg.features0 &= ~TDX_FEATURES0_UPDATE_COMPAT;
	if (tdx_test_up(test, &cfg))
		return;
	tdx_test_module(&m, 2);
	image = tdx_test_image(test, &m);
	KUNIT_EXPECT_EQ(test, tdx_module_update(NULL, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, BIT(5), NULL), -EINVAL);
	/* Without UPDATE_COMPAT, bit 16 of TDH.SYS.SHUTDOWN is reserved... */
	KUNIT_EXPECT_EQ(test, tdh_sys_shutdown(1, true),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/* ...so the update cannot avoid a TD build, and does not ask to. */
	t->nr_vps = 1;
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_VP_INIT), 0);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_down(test);

	cfg.features0 &= ~TDX_FEATURES0_TD_PRESERVING;
	if (tdx_test_up(test, &cfg))
		return;
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, NULL), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_SHUTDOWN), 0ULL);
	tdx_test_down(test);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, NULL), -ENODEV);
}

/*
 * A module that reads only newer handoffs fails TDH.SYS.UPDATE; a module
 * whose pages do not match its sigstruct fails SEAMLDR.INSTALL.  Both
 * come after the shutdown, so both lose the (here, no) TDs.
 */
static void tdx_update_bad_modules(struct kunit *test)
{
	struct tdx_update_image *image;
	struct tdx_update_result res;
	struct tdx_sim_module m;
	u8 *byte;

	if (tdx_test_up(test, NULL))
		return;
	tdx_test_module(&m, 2);
	m.module_hv = 3;
	m.min_update_hv = 2;
	image = tdx_test_image(test, &m);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, &res), -EIO);
	KUNIT_EXPECT_EQ(test, res.failed_state, TDX_UPDATE_RUN_UPDATE);
	KUNIT_EXPECT_EQ(test, res.status, TDX_SYS_INVALID_HANDOFF);
	tdx_test_down(test);

	if (tdx_test_up(test, NULL))
		return;
	tdx_test_module(&m, 2);
	image = tdx_test_image(test, &m);
	byte = page_address(image->pages[2]);
	byte[7] ^= 1;
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, &res), -EIO);
	KUNIT_EXPECT_EQ(test, res.failed_state, TDX_UPDATE_CPU_INSTALL);
	KUNIT_EXPECT_EQ(test, res.status, TDX_SEAMLDR_EBADPARAM);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_INIT), 1ULL);
	tdx_test_down(test);
}

/*
 * Extensions restart on the pool the old module was given; a module that
 * wants more keeps its TDs but not its extensions (-ENOSPC).
 */
static void tdx_update_extensions(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct tdx_update_image *image;
	struct tdx_update_result res;
	struct tdx_sim_census census;
	struct tdx_sim_config cfg;
	struct tdx_sim_module m;
	u64 ext_inits;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->nr_vps = 1;
	tdx_test_config(&cfg);
	cfg.memory_pool_required_pages = 8;
	cfg.ext_required = true;
	if (tdx_test_up(test, &cfg))
		return;
	KUNIT_ASSERT_EQ(test, tdx_ext_enable(), 0);
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	tdx_test_module(&m, 2);
	m.memory_pool_required_pages = 8;
	m.ext_required = true;
	image = tdx_test_image(test, &m);
	ext_inits = tdx_sim_calls(TDX_SIM_EXT_INIT);
	KUNIT_ASSERT_EQ(test, tdx_module_update(image, 0, NULL), 0);
	tdx_test_image_done(test, image);
	/* Re-initialised, not re-donated. */
	KUNIT_EXPECT_GT(test, tdx_sim_calls(TDX_SIM_EXT_INIT), ext_inits);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_EXT_MEM_ADD), 1ULL);
	KUNIT_EXPECT_EQ(test, tdx_ext_enable(), -EEXIST);
	tdx_sim_census(&census);
	KUNIT_EXPECT_EQ(test, census.ext_pages, 8UL);

	tdx_test_module(&m, 3);
	m.memory_pool_required_pages = 9;
	m.ext_required = true;
	image = tdx_test_image(test, &m);
	ext_inits = tdx_sim_calls(TDX_SIM_EXT_INIT);
	KUNIT_EXPECT_EQ(test, tdx_module_update(image, 0, &res), -ENOSPC);
	tdx_test_image_done(test, image);
	KUNIT_EXPECT_TRUE(test, res.updated);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_EXT_INIT), ext_inits);
	KUNIT_EXPECT_EQ(test, tdx_test_version(), 0x010503U);
	tdx_test_expect_runs(test, t);
	/* The extensions stay down: the module says its pool is short. */
	KUNIT_EXPECT_EQ(test, tdx_ext_init_call(), TDX_SYS_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	/* Only the pool stays with the module. */
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), 0UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 8);
	tdx_test_down(test);
}

static struct kunit_case tdx_update_test_cases[] = {
	KUNIT_CASE(tdx_update_image_checks),
	KUNIT_CASE(tdx_update_module_steps),
	KUNIT_CASE(tdx_update_live_tds),
	KUNIT_CASE(tdx_update_failure_at_each_step),
	KUNIT_CASE(tdx_update_compat_sensitive),
	KUNIT_CASE(tdx_update_spdm_in_flight),
	KUNIT_CASE(tdx_update_refusals),
	KUNIT_CASE(tdx_update_bad_modules),
	KUNIT_CASE(tdx_update_extensions),
	{}
};

static struct kunit_suite tdx_update_test_suite = {
	.name = "tdx_update",
	.test_cases = tdx_update_test_cases,
};

kunit_test_suite(tdx_update_test_suite);
