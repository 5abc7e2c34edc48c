// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for HPA lists, their register encodings and page lists.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <tdx/hpa_list.h>

#include "tdx_test.h"

/* Expected encodings, spelled out bit by bit rather than with FIELD_PREP. */
static u64 expect_list_info(u64 list_pa, unsigned int nr, unsigned int first)
{
	return ((u64)(nr - 1) << 55) | (list_pa & 0x000FFFFFFFFFF000ULL) |
	       ((u64)first << 3);
}

static void tdx_hpa_list_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct tdx_hpa_list), (size_t)4096);
	KUNIT_EXPECT_EQ(test, (unsigned long)TDX_HPA_LIST_MAX_ENTRIES, 512UL);
	KUNIT_EXPECT_EQ(test, HPA_LIST_INFO_LAST_ENTRY, 0xFF80000000000000ULL);
	KUNIT_EXPECT_EQ(test, HPA_LIST_INFO_PFN, 0x000FFFFFFFFFF000ULL);
	KUNIT_EXPECT_EQ(test, HPA_LIST_INFO_FIRST_ENTRY, 0x0000000000000FF8ULL);
	KUNIT_EXPECT_EQ(test, HPA_ARRAY_T_SIZE, 0xFF80000000000000ULL);
}

static const unsigned int tdx_hpa_list_sizes[] = { 1, 2, 511, 512 };

static void tdx_hpa_list_encodings(struct kunit *test)
{
	struct tdx_hpa_list *list = tdx_hpa_list_alloc(GFP_KERNEL);
	struct page *first = alloc_contig_pages(512, GFP_KERNEL, NUMA_NO_NODE,
						NULL);
	unsigned int i, n;
	u64 list_pa;

	KUNIT_ASSERT_NOT_NULL(test, list);
	KUNIT_ASSERT_NOT_NULL(test, first);
	list_pa = __pa(list);

	for (i = 0; i < ARRAY_SIZE(tdx_hpa_list_sizes); i++) {
		n = tdx_hpa_list_sizes[i];
		KUNIT_ASSERT_EQ(test, tdx_hpa_list_fill_range(list, first, n), 0);
		KUNIT_EXPECT_EQ(test, list->phys[0], (u64)page_to_phys(first));
		KUNIT_EXPECT_EQ(test, list->phys[n - 1],
				(u64)page_to_phys(first) + (n - 1) * PAGE_SIZE);
		if (n < 512)
			KUNIT_EXPECT_EQ(test, list->phys[n], 0ULL);

		KUNIT_EXPECT_EQ_MSG(test, tdx_hpa_list_info(list, n),
				    expect_list_info(list_pa, n, 0), "n=%u", n);
		if (n == 1)
			/* Singleton: the PFN names the page, size field 0. */
			KUNIT_EXPECT_EQ(test, tdx_hpa_array(list, 1),
					(u64)page_to_phys(first));
		else
			KUNIT_EXPECT_EQ_MSG(test, tdx_hpa_array(list, n),
					    ((u64)(n - 1) << 55) | list_pa,
					    "n=%u", n);
	}
	free_contig_range(page_to_pfn(first), 512);
	tdx_hpa_list_free(list);
}

static void tdx_hpa_list_bad_counts(struct kunit *test)
{
	struct tdx_hpa_list *list = tdx_hpa_list_alloc(GFP_KERNEL);
	unsigned long warns = tdx_test_env_warnings();
	struct page *pages[2];

	KUNIT_ASSERT_NOT_NULL(test, list);
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_info(list, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_info(list, 513), 0ULL);
	KUNIT_EXPECT_EQ(test, tdx_hpa_array(list, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_fill_range(list, NULL, 1), -EINVAL);

	pages[0] = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages[0]);
	pages[1] = pages[0];
	list->phys[5] = 0x1234000;
	/* A page named twice is refused and the list left as it was. */
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_fill(list, pages, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, list->phys[5], 0x1234000ULL);
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_fill(list, pages, 1), 0);
	KUNIT_EXPECT_EQ(test, list->phys[0], (u64)page_to_phys(pages[0]));
	KUNIT_EXPECT_EQ(test, list->phys[5], 0ULL);
	tdx_test_expect_warnings(test, warns, 5);
	__free_page(pages[0]);
	tdx_hpa_list_free(list);
}

static void tdx_hpa_list_chunking(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_chunks(0), 0U);
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_chunks(1), 1U);
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_chunks(512), 1U);
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_chunks(513), 2U);
	KUNIT_EXPECT_EQ(test, tdx_hpa_list_chunks(12800), 25U);
}

/* Pages the module never had are simply freed. */
static void tdx_page_list_free_unused(struct kunit *test)
{
	long before = tdx_test_env_pages_in_use();
	struct tdx_page_list pl = {};
	struct page *page;

	KUNIT_ASSERT_EQ(test, tdx_page_list_alloc(&pl, 3), 0);
	KUNIT_EXPECT_EQ(test, pl.nr_pages, 3U);
	page = tdx_page_list_page(&pl, 2);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, pl.list->phys[2], (u64)page_to_phys(page));
	KUNIT_EXPECT_NULL(test, tdx_page_list_page(&pl, 3));
	tdx_test_expect_pages(test, before, 4);
	KUNIT_EXPECT_EQ(test, tdx_page_list_free(&pl), 0);
	KUNIT_EXPECT_NULL(test, pl.list);
	tdx_test_expect_pages(test, before, 0);
	/* Freeing again is harmless. */
	KUNIT_EXPECT_EQ(test, tdx_page_list_free(&pl), 0);
}

/* An allocation failure midway leaves nothing allocated. */
static void tdx_page_list_alloc_failure(struct kunit *test)
{
	long before = tdx_test_env_pages_in_use();
	struct tdx_page_list pl = {};
	unsigned long nth;

	if (!tdx_test_env_can_fail_allocs())
		kunit_skip(test, "allocation failures cannot be injected here");
	for (nth = 1; nth <= 5; nth++) {
		tdx_test_env_fail_nth_alloc(nth);
		KUNIT_EXPECT_EQ(test, tdx_page_list_alloc(&pl, 4), -ENOMEM);
		KUNIT_EXPECT_NULL(test, pl.list);
		tdx_test_expect_pages(test, before, 0);
	}
	tdx_test_env_fail_nth_alloc(0);
}

/*
 * Pages marked as handed over that the module refuses to reclaim are
 * stranded: never freed, one warning.
 */
static void tdx_page_list_free_refused(struct kunit *test)
{
	struct tdx_page_list pl = {};
	struct page *pages[2];
	unsigned long warns;
	unsigned int i;

	if (tdx_test_up(test, NULL))
		return;
	KUNIT_ASSERT_EQ(test, tdx_page_list_alloc(&pl, 2), 0);
	for (i = 0; i < 2; i++)
		pages[i] = tdx_page_list_page(&pl, i);
	/* The module does not hold them: RECLAIM refuses free pages. */
	pl.given = true;
	warns = tdx_test_env_warnings();
	KUNIT_EXPECT_EQ(test, tdx_page_list_free(&pl), -EIO);
	tdx_test_expect_warnings(test, warns, 1);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_PHYMEM_PAGE_RECLAIM), 2ULL);
	for (i = 0; i < 2; i++)
		__free_page(pages[i]);
	tdx_test_down(test);
}

static struct kunit_case tdx_hpa_list_test_cases[] = {
	KUNIT_CASE(tdx_hpa_list_layout),
	KUNIT_CASE(tdx_hpa_list_encodings),
	KUNIT_CASE(tdx_hpa_list_bad_counts),
	KUNIT_CASE(tdx_hpa_list_chunking),
	KUNIT_CASE(tdx_page_list_free_unused),
	KUNIT_CASE(tdx_page_list_alloc_failure),
	KUNIT_CASE(tdx_page_list_free_refused),
	{}
};

static struct kunit_suite tdx_hpa_list_test_suite = {
	.name = "tdx_hpa_list",
	.test_cases = tdx_hpa_list_test_cases,
};

kunit_test_suite(tdx_hpa_list_test_suite);
