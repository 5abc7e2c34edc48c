// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for one-shot free: after every step of a TD build, after an
 * injected failure at every SEAMCALL and every allocation of the build,
 * and with a failure injected at every SEAMCALL of the teardown itself.
 * The audit after each: every page is back with the host, or stranded
 * with the module and counted by exactly one warning; nothing is freed
 * while the module owns it.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "tdx_test.h"

#define TDX_FREE_TEST_VPS	2

static const enum tdx_test_step tdx_free_steps[] = {
	TDX_STEP_NONE, TDX_STEP_ALLOC, TDX_STEP_CREATE, TDX_STEP_KEY_CONFIG,
	TDX_STEP_ADDCX, TDX_STEP_INIT, TDX_STEP_VP_ALLOC, TDX_STEP_VP_CREATE,
	TDX_STEP_VP_ADDCX, TDX_STEP_VP_INIT, TDX_STEP_FINALIZE, TDX_STEP_ENTER,
};

static void tdx_free_step_desc(const enum tdx_test_step *step, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "after step %d", *step);
}

KUNIT_ARRAY_PARAM(tdx_free_step, tdx_free_steps, tdx_free_step_desc);

static struct tdx_test_td *tdx_free_td(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->nr_vps = TDX_FREE_TEST_VPS;
	return t;
}

/* Free a partly built TD; nothing may be stranded. */
static void tdx_free_after_step(struct kunit *test)
{
	const enum tdx_test_step *step = test->param_value;
	struct tdx_test_td *t = tdx_free_td(test);
	unsigned long warns;

	if (tdx_test_up(test, NULL))
		return;
	KUNIT_EXPECT_EQ(test, tdx_test_build(t, *step), 0);
	KUNIT_EXPECT_EQ(test, t->done, *step);
	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_warnings(test, warns, 0);
	tdx_test_expect_balanced(test, 0);
	tdx_test_down(test);
}

/* SEAMCALLs and allocations a full build makes, measured once. */
static void tdx_free_measure_build(struct kunit *test, u64 *calls,
				   unsigned long *allocs)
{
	struct tdx_test_td *t = tdx_free_td(test);
	unsigned long allocs_before;
	u64 calls_before;

	if (tdx_test_up(test, NULL))
		return;
	calls_before = tdx_sim_calls(TDX_SIM_ANY_LEAF);
	allocs_before = tdx_test_env_alloc_calls();
	KUNIT_EXPECT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	*calls = tdx_sim_calls(TDX_SIM_ANY_LEAF) - calls_before;
	*allocs = tdx_test_env_alloc_calls() - allocs_before;
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_down(test);
}

/* The nth SEAMCALL of the build fails; the free after it strands nothing. */
static void tdx_free_after_failed_seamcall(struct kunit *test)
{
	struct tdx_test_td *t = tdx_free_td(test);
	unsigned long allocs;
	u64 calls, nth;

	tdx_free_measure_build(test, &calls, &allocs);
	KUNIT_ASSERT_GT(test, calls, 20ULL);
	for (nth = 1; nth <= calls; nth++) {
		if (tdx_test_up(test, NULL))
			return;
		tdx_sim_fail_call(TDX_SIM_ANY_LEAF, nth, TDX_OPERAND_INVALID);
		KUNIT_EXPECT_NE_MSG(test, tdx_test_build(t, TDX_STEP_ALL), 0,
				    "nth=%llu", nth);
		tdx_sim_clear_faults();
		KUNIT_EXPECT_EQ_MSG(test, tdx_test_free(t), 0, "nth=%llu", nth);
		tdx_test_expect_balanced(test, 0);
		tdx_test_down(test);
	}
	kunit_info(test, "%llu SEAMCALL fault points", calls);
}

/* The nth allocation of the build fails; nothing leaks. */
static void tdx_free_after_failed_alloc(struct kunit *test)
{
	struct tdx_test_td *t = tdx_free_td(test);
	unsigned long allocs, nth;
	u64 calls;

	if (!tdx_test_env_can_fail_allocs())
		kunit_skip(test, "allocation failures cannot be injected here");
	tdx_free_measure_build(test, &calls, &allocs);
	KUNIT_ASSERT_GT(test, allocs, 10UL);
	for (nth = 1; nth <= allocs; nth++) {
		if (tdx_test_up(test, NULL))
			return;
		tdx_test_env_fail_nth_alloc(nth);
		KUNIT_EXPECT_EQ_MSG(test, tdx_test_build(t, TDX_STEP_ALL),
				    -ENOMEM, "nth=%lu", nth);
		tdx_test_env_fail_nth_alloc(0);
		KUNIT_EXPECT_EQ_MSG(test, tdx_test_free(t), 0, "nth=%lu", nth);
		tdx_test_expect_balanced(test, 0);
		tdx_test_down(test);
	}
	kunit_info(test, "%lu allocation fault points", allocs);
}

/*
 * The nth SEAMCALL of the teardown fails.  Pages the module kept are
 * stranded and counted in one warning; every other page is back; the
 * module owns exactly the stranded pages, except a TDR whose write-back
 * failed, which the host must leak although the module released it.
 */
static void tdx_free_with_failed_teardown(struct kunit *test)
{
	struct tdx_test_td *t = tdx_free_td(test);
	u64 calls = 0, nth, before;
	unsigned int refused = 0;
	unsigned long warns;
	long leaked, owned;
	int ret;

	/* Count the teardown's SEAMCALLs once. */
	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
	before = tdx_sim_calls(TDX_SIM_ANY_LEAF);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	calls = tdx_sim_calls(TDX_SIM_ANY_LEAF) - before;
	tdx_test_down(test);
	KUNIT_ASSERT_GT(test, calls, 20ULL);

	for (nth = 1; nth <= calls; nth++) {
		if (tdx_test_up(test, NULL))
			return;
		KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
		tdx_sim_fail_call(TDX_SIM_ANY_LEAF, nth, TDX_OPERAND_INVALID);
		warns = tdx_test_env_warnings();
		ret = tdx_test_free(t);
		/* A refusal keeps everything: the second try must finish. */
		if (ret && t->td.tdr_page) {
			refused++;
			/* The TD warned that a vCPU was left; count anew. */
			warns = tdx_test_env_warnings();
			KUNIT_EXPECT_EQ_MSG(test, tdx_test_free(t), 0,
					    "nth=%llu", nth);
			ret = 0;
		}
		owned = tdx_sim_module_pages();
		if (tdx_test_baseline_pages() < 0) {
			/* Host pages cannot be counted: the module's must do. */
			if (owned)
				KUNIT_EXPECT_EQ_MSG(test, ret, -EIO, "nth=%llu", nth);
			tdx_test_down(test);
			continue;
		}
		leaked = tdx_test_env_pages_in_use() - tdx_test_baseline_pages();
		KUNIT_EXPECT_EQ_MSG(test, ret, leaked ? -EIO : 0, "nth=%llu", nth);
		KUNIT_EXPECT_GE_MSG(test, leaked, owned, "nth=%llu", nth);
		KUNIT_EXPECT_LE_MSG(test, leaked - owned, 1L, "nth=%llu", nth);
		/* vCPU pages wait for the TD: one warning, from the TD. */
		tdx_test_expect_warnings(test, warns, leaked ? 1 : 0);
		KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0U);
		tdx_test_down(test);
	}
	kunit_info(test, "%llu teardown fault points, %u refused and retried",
		   calls, refused);
	KUNIT_EXPECT_GT(test, refused, 0U);
}

/* Contention during the key release keeps the TD whole for a retry. */
static void tdx_free_busy_then_retry(struct kunit *test)
{
	struct tdx_test_td *t = tdx_free_td(test);
	unsigned long warns;

	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_INIT), 0);
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_KOT, 0, true), 0);
	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_td_free(&t->td), -EBUSY);
	tdx_test_expect_warnings(test, warns, 0);
	KUNIT_EXPECT_NOT_NULL(test, t->td.tdr_page);
	KUNIT_EXPECT_TRUE(test, t->td.tdr_given);
	KUNIT_EXPECT_EQ(test, t->td.tdcs_given, 0x3FULL);
	tdx_sim_release_lock(TDX_SIM_LOCK_KOT, 0);
	KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
	tdx_test_expect_balanced(test, 0);
	tdx_test_down(test);
}

/*
 * Bring-up failing at each of its leaves: PAMTs not yet given to the
 * module are freed; once TDH.SYS.CONFIG took them they stay, with one
 * warning, until the module is gone.
 */
static void tdx_free_enable_failures(struct kunit *test)
{
	static const int leaves[] = {
		TDX_SIM_SYS_INIT, TDX_SIM_SYS_LP_INIT, TDX_SIM_SYS_RD,
		TDX_SIM_SYS_CONFIG, TDX_SIM_SYS_KEY_CONFIG,
		TDX_SIM_SYS_TDMR_INIT,
	};
	struct tdx_sim_config cfg;
	unsigned long warns;
	long before;
	int i;

	tdx_test_config(&cfg);
	for (i = 0; i < ARRAY_SIZE(leaves); i++) {
		bool taken = leaves[i] == TDX_SIM_SYS_KEY_CONFIG ||
			     leaves[i] == TDX_SIM_SYS_TDMR_INIT;

		tdx_sim_stop();
		tdx_disable();
		before = tdx_test_env_pages_in_use();
		KUNIT_ASSERT_EQ(test, tdx_sim_start(&cfg), 0);
		tdx_sim_fail_call(leaves[i], 1, TDX_OPERAND_INVALID);
		warns = tdx_test_env_warnings();
		KUNIT_EXPECT_EQ_MSG(test, tdx_enable(), -EIO, "leaf %d", leaves[i]);
		KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
		tdx_test_expect_warnings(test, warns, taken ? 1 : 0);
		if (before >= 0 && taken)
			KUNIT_EXPECT_GT_MSG(test, tdx_test_env_pages_in_use(),
					    before, "leaf %d", leaves[i]);
		else
			tdx_test_expect_pages(test, before, 0);
		KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0U);
		tdx_sim_stop();
		tdx_disable();
		tdx_test_expect_pages(test, before, 0);
	}
}

static struct kunit_case tdx_free_test_cases[] = {
	KUNIT_CASE(tdx_free_enable_failures),
	KUNIT_CASE(tdx_free_busy_then_retry),
	KUNIT_CASE_PARAM(tdx_free_after_step, tdx_free_step_gen_params),
	KUNIT_CASE(tdx_free_after_failed_seamcall),
	KUNIT_CASE(tdx_free_after_failed_alloc),
	KUNIT_CASE(tdx_free_with_failed_teardown),
	{}
};

static struct kunit_suite tdx_free_test_suite = {
	.name = "tdx_free",
	.test_cases = tdx_free_test_cases,
};

kunit_test_suite(tdx_free_test_suite);
