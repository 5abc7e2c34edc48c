// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the three resume protocols: a resume flag
 * (TDH.PHYMEM.CACHE.WB), outputs fed back as inputs (TDH.EXT.MEM.ADD) and
 * the same inputs again (TDH.EXT.INIT), interrupted after every possible
 * amount of work; and the extension memory pool.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "tdx_test.h"

#define CACHE_WB_UNITS	7

/* Key release with CACHE.WB interrupted every k units, k = 1..units+1. */
static void tdx_resume_cache_wb_every_k(struct kunit *test)
{
	struct tdx_test_td *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	unsigned int pkgs = tdx_nr_packages();
	struct tdx_sim_config cfg;
	unsigned int k;

	KUNIT_ASSERT_NOT_NULL(test, t);
	tdx_test_config(&cfg);
	cfg.cache_wb_units = CACHE_WB_UNITS;
	for (k = 1; k <= CACHE_WB_UNITS + 1; k++) {
		if (tdx_test_up(test, &cfg))
			return;
		t->nr_vps = 1;
		KUNIT_ASSERT_EQ(test, tdx_test_build(t, TDX_STEP_ALL), 0);
		tdx_sim_interrupt_every(TDX_SIM_PHYMEM_CACHE_WB, k);
		KUNIT_EXPECT_EQ(test, tdx_test_free(t), 0);
		KUNIT_EXPECT_EQ_MSG(test, tdx_sim_calls(TDX_SIM_PHYMEM_CACHE_WB),
				    (u64)pkgs * DIV_ROUND_UP(CACHE_WB_UNITS, k),
				    "k=%u", k);
		tdx_test_expect_balanced(test, 0);
		tdx_test_down(test);
	}
}

struct tdx_pool_case {
	u32 pages;
	u32 every;	/* interrupt after this many units; 0: never */
};

static const struct tdx_pool_case tdx_pool_cases[] = {
	{ 1, 0 }, { 1, 1 }, { 511, 0 }, { 511, 100 }, { 512, 0 },
	{ 512, 1 }, { 512, 511 }, { 513, 0 }, { 513, 512 }, { 513, 7 },
	{ 12800, 0 }, { 12800, 64 }, { 12800, 1 },
};

static void tdx_pool_desc(const struct tdx_pool_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u pages, interrupt every %u",
		 c->pages, c->every);
}

KUNIT_ARRAY_PARAM(tdx_pool, tdx_pool_cases, tdx_pool_desc);

/* Expected TDH.EXT.MEM.ADD calls: per 512-page list, one per @every. */
static u64 tdx_pool_expected_calls(u32 pages, u32 every)
{
	u64 calls = 0;
	u32 chunk;

	for (; pages; pages -= chunk) {
		chunk = min_t(u32, pages, TDX_HPA_LIST_MAX_ENTRIES);
		calls += every ? DIV_ROUND_UP(chunk, every) : 1;
	}
	return calls;
}

static void tdx_resume_ext_pool(struct kunit *test)
{
	const struct tdx_pool_case *c = test->param_value;
	struct tdx_sim_census census;
	struct tdx_sim_config cfg;

	tdx_test_config(&cfg);
	cfg.memory_pool_required_pages = c->pages;
	cfg.ext_required = true;
	cfg.ext_init_units = 5;
	if (tdx_test_up(test, &cfg))
		return;
	if (c->every) {
		tdx_sim_interrupt_every(TDX_SIM_EXT_MEM_ADD, c->every);
		tdx_sim_interrupt_every(TDX_SIM_EXT_INIT, c->every);
	}
	KUNIT_EXPECT_EQ(test, tdx_ext_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_ext_mem_pages(), (unsigned long)c->pages);
	tdx_sim_census(&census);
	KUNIT_EXPECT_EQ(test, census.ext_pages, (unsigned long)c->pages);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_EXT_MEM_ADD),
			tdx_pool_expected_calls(c->pages, c->every));
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_EXT_INIT),
			(u64)(c->every ? DIV_ROUND_UP(5, c->every) : 1));
	/* Donated once; the module keeps it. */
	KUNIT_EXPECT_EQ(test, tdx_ext_enable(), -EEXIST);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), c->pages);
	tdx_test_down(test);
}

/* Re-issuing the original HPA_LIST_INFO after an interruption is wrong. */
static void tdx_resume_ext_mem_add_wrong_resume(struct kunit *test)
{
	struct tdx_ext_mem_add op, stale;
	struct tdx_sim_census census;
	u64 first;
	struct tdx_hpa_list *list;
	struct tdx_sim_config cfg;
	struct page *pages;
	u64 err;

	tdx_test_config(&cfg);
	cfg.memory_pool_required_pages = 8;
	if (tdx_test_up(test, &cfg))
		return;
	list = tdx_hpa_list_alloc(GFP_KERNEL);
	pages = alloc_contig_pages(8, GFP_KERNEL, NUMA_NO_NODE, NULL);
	KUNIT_ASSERT_TRUE(test, list && pages);
	KUNIT_ASSERT_EQ(test, tdx_hpa_list_fill_range(list, pages, 8), 0);
	clflush_cache_range(page_address(pages), 8 * PAGE_SIZE);

	tdx_sim_interrupt_every(TDX_SIM_EXT_MEM_ADD, 3);
	tdx_ext_mem_add_start(&op, list, 8);
	stale = op;
	err = tdh_ext_mem_add(&op);
	KUNIT_EXPECT_EQ(test, err, TDX_INTERRUPTED_RESUMABLE);
	first = FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, op.hpa_list_info);
	KUNIT_EXPECT_EQ(test, first, 3ULL);
	KUNIT_EXPECT_EQ(test, op.hpa_list_info & ~HPA_LIST_INFO_FIRST_ENTRY,
			stale.hpa_list_info);
	/* The module took pages 0-2: offering them again is refused. */
	err = tdh_ext_mem_add(&stale);
	KUNIT_EXPECT_TRUE(test, tdx_status_error(err));
	KUNIT_EXPECT_NE(test, err, TDX_INTERRUPTED_RESUMABLE);
	tdx_sim_census(&census);
	KUNIT_EXPECT_EQ(test, census.ext_pages, 3UL);
	/* The right resume finishes the list. */
	do {
		err = tdh_ext_mem_add(&op);
	} while (tdx_status_interrupted(err));
	KUNIT_EXPECT_EQ(test, err, TDX_SUCCESS);
	tdx_sim_census(&census);
	KUNIT_EXPECT_EQ(test, census.ext_pages, 8UL);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0U);

	tdx_hpa_list_free(list);
	tdx_test_down(test);
	/* The module is gone: its pages are the host's again. */
	free_contig_range(page_to_pfn(pages), 8);
}

/* A hand-over that fails strands what was offered, with one warning. */
static void tdx_resume_ext_pool_failure(struct kunit *test)
{
	struct tdx_sim_census census;
	struct tdx_sim_config cfg;
	unsigned long warns;

	tdx_test_config(&cfg);
	cfg.memory_pool_required_pages = 1500;
	if (tdx_test_up(test, &cfg))
		return;
	tdx_sim_fail_call(TDX_SIM_EXT_MEM_ADD, 2, TDX_OPERAND_INVALID);
	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_ext_enable(), -EIO);
	tdx_test_expect_warnings(test, warns, 1);
	/* No second donation after a failed one. */
	KUNIT_EXPECT_EQ(test, tdx_ext_enable(), -EIO);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_EXT_MEM_ADD), 2ULL);
	/* Lists one and two were offered; the third never was. */
	KUNIT_EXPECT_EQ(test, tdx_ext_mem_pages(), 1024UL);
	tdx_sim_census(&census);
	KUNIT_EXPECT_EQ(test, census.ext_pages, 512UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 1024);
	tdx_test_down(test);
}

/*
 * The pool step by step: the caller's loop, a pool given up before the
 * hand-over (pages back) and one given up part-way (pages stranded).
 */
static void tdx_resume_ext_pool_steps(struct kunit *test)
{
	struct tdx_sim_census census;
	struct tdx_sim_config cfg;
	unsigned long nr, warns;
	unsigned int calls = 0;
	u64 err;

	tdx_test_config(&cfg);
	cfg.memory_pool_required_pages = 600;
	cfg.ext_required = true;
	if (tdx_test_up(test, &cfg))
		return;
	KUNIT_EXPECT_EQ(test, tdx_ext_init_call(), TDX_SW_BAD_INPUT);
	KUNIT_ASSERT_EQ(test, tdx_ext_pool_alloc(&nr), 0);
	KUNIT_EXPECT_EQ(test, nr, 600UL);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool_alloc(&nr), -EEXIST);
	/* The pool is this caller's: tdx_ext_enable() keeps off it. */
	KUNIT_EXPECT_EQ(test, tdx_ext_enable(), -EBUSY);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool_donated(&nr), -ENOENT);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 600 + 1);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool_free(), 0UL);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 0);

	/* Again, interrupted every 100 pages, abandoned after 3 calls. */
	KUNIT_ASSERT_EQ(test, tdx_ext_pool_alloc(&nr), 0);
	tdx_sim_interrupt_every(TDX_SIM_EXT_MEM_ADD, 100);
	while (calls < 3) {
		err = tdx_ext_pool_add();
		calls++;
		KUNIT_EXPECT_EQ(test, err, TDX_INTERRUPTED_RESUMABLE);
	}
	KUNIT_EXPECT_EQ(test, tdx_ext_pool_left(), 600UL);
	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_ext_pool_free(), 512UL);
	tdx_test_expect_warnings(test, warns, 1);
	tdx_sim_census(&census);
	KUNIT_EXPECT_EQ(test, census.ext_pages, 300UL);
	KUNIT_EXPECT_EQ(test, tdx_ext_mem_pages(), 512UL);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool_add(), TDX_SW_BAD_INPUT);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool_alloc(&nr), -EIO);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool_donated(&nr), -EIO);
	tdx_test_expect_pages(test, tdx_test_baseline_pages(), 512);
	tdx_test_down(test);
}

/* A module without extensions needs no pool. */
static void tdx_resume_no_ext(struct kunit *test)
{
	struct tdx_sim_config cfg;

	tdx_test_config(&cfg);
	cfg.features0 &= ~TDX_FEATURES0_EXT;
	cfg.memory_pool_required_pages = 64;
	if (tdx_test_up(test, &cfg))
		return;
	KUNIT_EXPECT_EQ(test, tdx_ext_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_ext_mem_pages(), 0UL);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_EXT_MEM_ADD), 0ULL);
	tdx_test_down(test);
}

/* TDH.SYS.TDMR.INIT reports progress in RDX until the TDMR is done. */
static void tdx_resume_tdmr_init(struct kunit *test)
{
	struct tdx_sim_config cfg;

	tdx_test_config(&cfg);
	cfg.tdmr_init_chunk = SZ_64M;
	if (tdx_test_up(test, &cfg))
		return;
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_TDMR_INIT),
			(u64)(round_up(cfg.cmr_base + cfg.cmr_size, SZ_1G) -
			      round_down(cfg.cmr_base, SZ_1G)) / SZ_64M);
	tdx_test_down(test);
}

static struct kunit_case tdx_resume_test_cases[] = {
	KUNIT_CASE(tdx_resume_cache_wb_every_k),
	KUNIT_CASE_PARAM(tdx_resume_ext_pool, tdx_pool_gen_params),
	KUNIT_CASE(tdx_resume_ext_mem_add_wrong_resume),
	KUNIT_CASE(tdx_resume_ext_pool_failure),
	KUNIT_CASE(tdx_resume_ext_pool_steps),
	KUNIT_CASE(tdx_resume_no_ext),
	KUNIT_CASE(tdx_resume_tdmr_init),
	{}
};

static struct kunit_suite tdx_resume_test_suite = {
	.name = "tdx_resume",
	.test_cases = tdx_resume_test_cases,
};

kunit_test_suite(tdx_resume_test_suite);
