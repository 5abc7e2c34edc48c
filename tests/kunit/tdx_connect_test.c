// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for TDX Connect objects: SPDM sessions with their metadata
 * pages in HPA_ARRAY_T form, single and multi-page, released at every
 * stage by one helper.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/mm.h>

#include <tdx/connect.h>
#include <tdx/sys.h>

#include "tdx_test.h"

static const unsigned int tdx_spdm_sizes[] = { 1, 2, 512 };

static u64 tdx_test_func_id(u16 rid)
{
	return FIELD_PREP(TDX_SPDM_FUNC_RID, rid);
}

/* Metadata pages the module holds for TDX Connect objects. */
static unsigned long tdx_test_connect_pages(void)
{
	struct tdx_sim_census census;

	tdx_sim_census(&census);
	return census.connect_pages;
}

/* Create, delete and free sessions of 1, 2 and 512 metadata pages. */
static void tdx_connect_spdm_sizes(struct kunit *test)
{
	struct tdx_spdm spdm = {};
	unsigned int i, n;
	u64 err;

	if (tdx_test_up(test, NULL))
		return;
	for (i = 0; i < ARRAY_SIZE(tdx_spdm_sizes); i++) {
		n = tdx_spdm_sizes[i];
		KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&spdm, n), 0);
		err = tdh_spdm_create(&spdm, tdx_test_func_id(0x100 + i));
		KUNIT_ASSERT_EQ(test, err, TDX_SUCCESS);
		KUNIT_EXPECT_NE(test, spdm.id, 0ULL);
		KUNIT_EXPECT_TRUE(test, spdm.mt.given && spdm.mt.need_wbinvd);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), (unsigned long)n);
		KUNIT_EXPECT_EQ(test, tdh_spdm_delete(&spdm), TDX_SUCCESS);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
		KUNIT_EXPECT_FALSE(test, spdm.mt.given);
		/* Released pages are written back with the global key. */
		KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), 0);
		KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_PHYMEM_PAGE_WBINVD),
				(u64)(i ? 1 + 2 + (i > 1 ? 512 : 0) : 1));
	}
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SPDM_CREATE), 3ULL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 0);
	tdx_test_down(test);
}

/* One helper releases a session at each stage; the module agrees. */
static void tdx_connect_spdm_free_at_each_stage(struct kunit *test)
{
	struct tdx_spdm spdm = {};
	unsigned int stage;

	if (tdx_test_up(test, NULL))
		return;
	for (stage = 0; stage < 4; stage++) {
		if (stage > 0)
			KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&spdm, 3), 0);
		if (stage > 1)
			KUNIT_ASSERT_EQ(test,
					tdh_spdm_create(&spdm, tdx_test_func_id(7)),
					TDX_SUCCESS);
		if (stage > 2)
			KUNIT_ASSERT_EQ(test, tdh_spdm_delete(&spdm), TDX_SUCCESS);
		KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), 0);
		KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
		KUNIT_EXPECT_NULL(test, spdm.mt.list);
	}
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 0);
	tdx_test_down(test);
}

/* A refused delete strands the metadata pages with one warning. */
static void tdx_connect_spdm_delete_refused(struct kunit *test)
{
	struct tdx_spdm spdm = {};
	unsigned long warns;

	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&spdm, 4), 0);
	KUNIT_ASSERT_EQ(test, tdh_spdm_create(&spdm, tdx_test_func_id(1)),
			TDX_SUCCESS);
	tdx_sim_fail_call(TDX_SIM_SPDM_DELETE, 1, TDX_SYS_BUSY);
	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&spdm), -EIO);
	tdx_test_expect_warnings(test, warns, 1);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 4UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 4);
	tdx_test_down(test);
}

/* What the module and the wrappers refuse. */
static void tdx_connect_spdm_refusals(struct kunit *test)
{
	struct tdx_spdm a = {}, b = {}, c = {};
	struct tdx_sim_config cfg;
	u64 err, own;

	tdx_test_config(&cfg);
	cfg.memory_pool_required_pages = 8;
	cfg.ext_required = true;
	if (tdx_test_up(test, &cfg))
		return;
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&a, 1), 0);
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&b, 2), 0);
	/* Not before the extensions run. */
	err = tdh_spdm_create(&a, tdx_test_func_id(1));
	KUNIT_EXPECT_EQ(test, err, TDX_SYS_STATE_INCORRECT);
	KUNIT_ASSERT_EQ(test, tdx_ext_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdh_spdm_create(&a, tdx_test_func_id(1)),
			TDX_SUCCESS);
	/* One session per function. */
	err = tdh_spdm_create(&b, tdx_test_func_id(1));
	KUNIT_EXPECT_EQ(test, err, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/* Pages another session holds. */
	own = b.mt.list->phys[1];
	b.mt.list->phys[1] = a.mt.list->phys[0];
	err = tdh_spdm_create(&b, tdx_test_func_id(2));
	KUNIT_EXPECT_EQ(test, err,
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RDX);
	b.mt.list->phys[1] = b.mt.list->phys[0];
	err = tdh_spdm_create(&b, tdx_test_func_id(2));
	KUNIT_EXPECT_EQ(test, err, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	/* The wrappers: reserved function bits, no pages, not created. */
	KUNIT_EXPECT_EQ(test, tdh_spdm_create(&c, tdx_test_func_id(3)),
			TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_spdm_delete(&c), TDX_SW_BAD_INPUT);
	KUNIT_ASSERT_EQ(test, tdx_spdm_alloc(&c, 1), 0);
	KUNIT_EXPECT_EQ(test, tdh_spdm_create(&c, BIT_ULL(40)),
			TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdh_spdm_create(&a, tdx_test_func_id(4)),
			TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SPDM_CREATE), 5ULL);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 1UL);

	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&a), 0);
	b.mt.list->phys[1] = own;
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&b), 0);
	KUNIT_EXPECT_EQ(test, tdx_spdm_free(&c), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_connect_pages(), 0UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 8);
	tdx_test_down(test);
}

static struct kunit_case tdx_connect_test_cases[] = {
	KUNIT_CASE(tdx_connect_spdm_sizes),
	KUNIT_CASE(tdx_connect_spdm_free_at_each_stage),
	KUNIT_CASE(tdx_connect_spdm_delete_refused),
	KUNIT_CASE(tdx_connect_spdm_refusals),
	{}
};

static struct kunit_suite tdx_connect_test_suite = {
	.name = "tdx_connect",
	.test_cases = tdx_connect_test_cases,
};

kunit_test_suite(tdx_connect_test_suite);
