// SPDX-License-Identifier: GPL-2.0
/*
 * Self-test of the host shim, written as a KUnit suite ("shim").
 *
 * Build and run from the repository root:
 *
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter \
 *       -Wno-sign-compare -Wno-missing-field-initializers -pthread -Werror \
 *       -Itests/shim/include -Iinclude \
 *       tests/shim/base.c tests/shim/cpu.c tests/shim/mem.c \
 *       tests/shim/kunit.c tests/shim/kunit_main.c \
 *       tests/shim/selftest/shim_selftest.c -o /tmp/shim_selftest &&
 *   /tmp/shim_selftest
 *
 * and once more with -fsanitize=address,undefined added (or run
 * tests/shim/selftest/run.sh, which does both).  The last line of the
 * output must be "<N> passed, 0 failed".
 */
#include <pthread.h>

#include <asm/cacheflush.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/stop_machine.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pfn.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/topology.h>
#include <shim/host.h>

struct shim_test_ctx {
	unsigned long pages_in_use;
	shim_page_free_hook_t saved_hook;
};

/* Every case must leave the page allocator as it found it. */
static int shim_test_init(struct kunit *test)
{
	struct shim_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx),
						  GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->pages_in_use = shim_pages_in_use();
	/* Cases install their own hook; the program's comes back after. */
	ctx->saved_hook = shim_set_page_free_hook(NULL);
	test->priv = ctx;
	shim_reset_counters();
	return 0;
}

static void shim_test_exit(struct kunit *test)
{
	struct shim_test_ctx *ctx = test->priv;

	shim_fail_nth_alloc(0);
	shim_fail_nth_page_alloc(0);
	shim_fail_nth_kmalloc(0);
	shim_set_page_free_hook(ctx->saved_hook);
	KUNIT_EXPECT_EQ_MSG(test, shim_pages_in_use(), ctx->pages_in_use,
			    "the case leaked pages");
}

static void shim_test_arena_base(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);

	KUNIT_EXPECT_EQ(test, shim_arena_base(), 0x100000000ULL);
	KUNIT_EXPECT_EQ(test, shim_arena_base(), SHIM_PHYS_BASE);
	KUNIT_EXPECT_EQ(test, shim_arena_pages(), 65536UL);
	KUNIT_EXPECT_FALSE(test, pfn_valid(0));
	KUNIT_EXPECT_FALSE(test, pfn_valid(PHYS_PFN(shim_arena_base()) - 1));
	KUNIT_EXPECT_TRUE(test, pfn_valid(PHYS_PFN(shim_arena_base())));
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_GE(test, page_to_phys(page), SZ_4G);
	KUNIT_EXPECT_LT(test, page_to_phys(page),
			SZ_4G + shim_arena_pages() * PAGE_SIZE);
	__free_page(page);
}

static void shim_test_orders(struct kunit *test)
{
	unsigned long before = shim_pages_in_use();
	unsigned int order;

	for (order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		unsigned long nr = 1UL << order;
		unsigned char *va;

		KUNIT_ASSERT_NOT_NULL_MSG(test, page, "order %u", order);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ALIGNED(page_to_pfn(page), nr),
				      "order %u pfn %#lx", order,
				      page_to_pfn(page));
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(page_to_phys(page),
						   PAGE_SIZE << order));
		KUNIT_EXPECT_EQ(test, shim_pages_in_use(), before + nr);
		va = page_address(page);
		KUNIT_EXPECT_EQ(test, va[0], 0);
		KUNIT_EXPECT_EQ(test, va[(PAGE_SIZE << order) - 1], 0);
		memset(va, 0xa5, PAGE_SIZE << order);
		__free_pages(page, order);
		KUNIT_EXPECT_EQ(test, shim_pages_in_use(), before);
	}
	/* Order above MAX_PAGE_ORDER fails like the kernel's allocator. */
	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_KERNEL | __GFP_NOWARN,
					    MAX_PAGE_ORDER + 1));
	KUNIT_EXPECT_EQ(test, shim_violations(), 0);
}

static void shim_test_get_free_page(struct kunit *test)
{
	unsigned long a = get_zeroed_page(GFP_KERNEL);
	unsigned long b = __get_free_pages(GFP_KERNEL, 2);
	void *c = alloc_pages_exact(3 * PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);

	KUNIT_ASSERT_NE(test, a, 0);
	KUNIT_ASSERT_NE(test, b, 0);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_TRUE(test, mem_is_zero((void *)a, PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, mem_is_zero(c, 3 * PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(__pa(b), 4 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, shim_page_alloc_calls(), 3);
	free_page(a);
	free_pages(b, 2);
	free_pages_exact(c, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, shim_violations(), 0);
}

static void shim_test_contig(struct kunit *test)
{
	unsigned long before = shim_pages_in_use(), nr = 12800, nr2 = 64, pfn;
	struct page *small = alloc_page(GFP_KERNEL);
	struct page *page, *page2;

	/* Fragment the arena a little first. */
	KUNIT_ASSERT_NOT_NULL(test, small);
	page = alloc_contig_pages(nr, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
				  NULL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	pfn = page_to_pfn(page);
	KUNIT_EXPECT_EQ(test, shim_pages_in_use(), before + nr + 1);
	KUNIT_EXPECT_TRUE(test, pfn_valid(pfn + nr - 1));
	KUNIT_EXPECT_PTR_EQ(test, pfn_to_page(pfn + nr - 1), page + nr - 1);
	KUNIT_EXPECT_TRUE(test, mem_is_zero(page_address(page + nr - 1),
					    PAGE_SIZE));
	page2 = alloc_contig_pages(nr2, GFP_KERNEL, NUMA_NO_NODE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, page2);
	KUNIT_EXPECT_TRUE(test, page2 >= page + nr || page2 + nr2 <= page);
	/* Contiguous pages are independent: free one, then the rest. */
	__free_page(page2 + 5);
	free_contig_range(page_to_pfn(page2), 5);
	free_contig_range(page_to_pfn(page2) + 6, nr2 - 6);
	free_contig_range(pfn, nr);
	__free_page(small);
	KUNIT_EXPECT_EQ(test, shim_pages_in_use(), before);
	KUNIT_EXPECT_EQ(test, shim_violations(), 0);
}

static void shim_test_round_trips(struct kunit *test)
{
	struct page *page = alloc_pages(GFP_KERNEL, 3);
	phys_addr_t pa;
	void *va;

	KUNIT_ASSERT_NOT_NULL(test, page);
	pa = page_to_phys(page);
	va = page_address(page);
	KUNIT_EXPECT_EQ(test, PFN_PHYS(page_to_pfn(page)), pa);
	KUNIT_EXPECT_EQ(test, PHYS_PFN(pa), page_to_pfn(page));
	KUNIT_EXPECT_PTR_EQ(test, pfn_to_page(page_to_pfn(page)), page);
	KUNIT_EXPECT_PTR_EQ(test, virt_to_page(va), page);
	KUNIT_EXPECT_PTR_EQ(test, virt_to_page((char *)va + 3 * PAGE_SIZE + 7),
			    page + 3);
	KUNIT_EXPECT_EQ(test, __pa(va), pa);
	KUNIT_EXPECT_EQ(test, virt_to_phys((char *)va + 100), pa + 100);
	KUNIT_EXPECT_PTR_EQ(test, __va(pa), va);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(pa + PAGE_SIZE),
			    page_address(page + 1));
	KUNIT_EXPECT_EQ(test, PFN_DOWN(pa + 5), PHYS_PFN(pa));
	KUNIT_EXPECT_EQ(test, PFN_UP(pa + 5), PHYS_PFN(pa) + 1);
	KUNIT_EXPECT_EQ(test, page_size(page), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, get_order(PAGE_SIZE + 1), 1);
	KUNIT_EXPECT_EQ(test, get_order(SZ_2M), 9);
	/* Non-arena memory maps 1:1. */
	KUNIT_EXPECT_EQ(test, __pa(test), (phys_addr_t)(unsigned long)test);
	KUNIT_EXPECT_EQ(test, shim_violations(), 0);
	__free_pages(page, 3);
}

static void shim_test_bad_free(struct kunit *test)
{
	unsigned long before = shim_pages_in_use();
	struct page *page = alloc_page(GFP_KERNEL);
	struct page *run = alloc_pages(GFP_KERNEL, 2);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, run);
	__free_page(page);
	KUNIT_EXPECT_EQ(test, shim_violations(), 0);
	__free_page(page);			/* double free */
	KUNIT_EXPECT_EQ(test, shim_violations(), 1);
	KUNIT_EXPECT_EQ(test, shim_warn_count(), 1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(shim_violation_last(), "double free"));
	__free_pages(run, 1);			/* wrong order */
	KUNIT_EXPECT_EQ(test, shim_violations(), 2);
	__free_page(run + 1);			/* tail page */
	KUNIT_EXPECT_EQ(test, shim_violations(), 3);
	free_contig_range(page_to_pfn(run), 4);	/* not contig pages */
	KUNIT_EXPECT_EQ(test, shim_violations(), 4);
	KUNIT_EXPECT_EQ(test, shim_pages_in_use(), before + 4);
	__free_pages(run, 2);			/* still intact */
	KUNIT_EXPECT_EQ(test, shim_violations(), 4);
	KUNIT_EXPECT_EQ(test, shim_pages_in_use(), before);
}

static void shim_test_fail_nth(struct kunit *test)
{
	struct page *p1, *p2, *p3;
	void *a, *b;

	shim_fail_nth_page_alloc(2);
	p1 = alloc_page(GFP_KERNEL);
	p2 = alloc_contig_pages(2, GFP_KERNEL, NUMA_NO_NODE, NULL);
	p3 = alloc_page(GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, p1);
	KUNIT_EXPECT_NULL(test, p2);
	KUNIT_EXPECT_NOT_NULL(test, p3);
	KUNIT_EXPECT_EQ(test, shim_page_alloc_calls(), 3);
	__free_page(p1);
	__free_page(p3);

	shim_fail_nth_kmalloc(1);
	a = kmalloc(8, GFP_KERNEL);
	b = kzalloc(8, GFP_KERNEL);
	KUNIT_EXPECT_NULL(test, a);
	KUNIT_EXPECT_NOT_NULL(test, b);
	kfree(b);
	KUNIT_EXPECT_EQ(test, shim_kmalloc_calls(), 2);

	/* One sequence over both: kmalloc, page, kmalloc(fails), page. */
	shim_fail_nth_alloc(3);
	a = kmalloc(16, GFP_KERNEL);
	p1 = alloc_page(GFP_KERNEL);
	b = kcalloc(2, 8, GFP_KERNEL);
	p2 = alloc_page(GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, a);
	KUNIT_EXPECT_NOT_NULL(test, p1);
	KUNIT_EXPECT_NULL(test, b);
	KUNIT_EXPECT_NOT_NULL(test, p2);
	KUNIT_EXPECT_EQ(test, shim_alloc_calls(), 9);
	kfree(a);
	__free_page(p1);
	__free_page(p2);

	/* 0 disarms. */
	shim_fail_nth_kmalloc(1);
	shim_fail_nth_kmalloc(0);
	a = kmalloc(1, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, a);
	kfree(a);
}

static void shim_test_slab(struct kunit *test)
{
	unsigned long objs = shim_slab_objects_in_use();
	char *s, *t;
	u64 *q;

	s = kstrdup("hello", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_STREQ(test, s, "hello");
	KUNIT_EXPECT_EQ(test, shim_slab_objects_in_use(), objs + 1);
	t = krealloc(s, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_STREQ(test, t, "hello");
	KUNIT_EXPECT_EQ(test, shim_slab_objects_in_use(), objs + 1);
	q = kmalloc(PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(q));
	kfree(q);
	kfree(t);
	kfree(NULL);
	KUNIT_EXPECT_PTR_EQ(test, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	KUNIT_EXPECT_NULL(test, kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, shim_slab_objects_in_use(), objs);

	/* Managed memory: freed after the case, kunit_kfree() early. */
	s = kunit_kzalloc(test, 100, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_TRUE(test, mem_is_zero(s, 100));
	t = kunit_kcalloc(test, 4, 4, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, shim_slab_objects_in_use(), objs + 2);
	kunit_kfree(test, t);
	KUNIT_EXPECT_EQ(test, shim_slab_objects_in_use(), objs + 1);
	KUNIT_EXPECT_EQ(test, size_mul(SIZE_MAX, 2), SIZE_MAX);
}

static phys_addr_t hook_pa;
static unsigned long hook_nr, hook_calls;

static void free_hook(phys_addr_t pa, unsigned long nr_pages)
{
	hook_pa = pa;
	hook_nr = nr_pages;
	hook_calls++;
	/* The pages are still allocated while the hook runs. */
	WARN_ON(shim_pages_in_use() < nr_pages);
}

static void shim_test_free_hook(struct kunit *test)
{
	struct page *run = alloc_pages(GFP_KERNEL, 2);
	struct page *contig = alloc_contig_pages(3, GFP_KERNEL, NUMA_NO_NODE,
						 NULL);

	KUNIT_ASSERT_NOT_NULL(test, run);
	KUNIT_ASSERT_NOT_NULL(test, contig);
	shim_set_page_free_hook(free_hook);
	hook_calls = 0;
	__free_pages(run, 2);
	KUNIT_EXPECT_EQ(test, hook_calls, 1);
	KUNIT_EXPECT_EQ(test, hook_pa, page_to_phys(run));
	KUNIT_EXPECT_EQ(test, hook_nr, 4);
	free_contig_range(page_to_pfn(contig), 3);
	KUNIT_EXPECT_EQ(test, hook_calls, 2);
	KUNIT_EXPECT_EQ(test, hook_pa, page_to_phys(contig));
	KUNIT_EXPECT_EQ(test, hook_nr, 3);
	__free_page(contig);		/* double free: no hook call */
	KUNIT_EXPECT_EQ(test, hook_calls, 2);
	KUNIT_EXPECT_EQ(test, shim_violations(), 1);
	shim_set_page_free_hook(NULL);
	KUNIT_EXPECT_EQ(test, shim_warn_count(), 1);
}

static void shim_test_warn(struct kunit *test)
{
	int x = 5;
	bool ret;

	KUNIT_EXPECT_FALSE(test, WARN_ON(x == 4));
	KUNIT_EXPECT_EQ(test, shim_warn_count(), 0);
	ret = WARN_ON(x == 5);
	KUNIT_EXPECT_TRUE(test, ret);
	KUNIT_EXPECT_EQ(test, shim_warn_count(), 1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(shim_warn_last(), "shim_selftest.c:"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(shim_warn_last(), "x == 5"));
	KUNIT_EXPECT_TRUE(test, WARN(x > 1, "x is %d\n", x));
	KUNIT_EXPECT_NOT_NULL(test, strstr(shim_warn_last(), "x is 5"));
	/* The _ONCE variants fire every time in the shim. */
	WARN_ON_ONCE(x);
	WARN_ON_ONCE(x);
	WARN_ONCE(1, "once %d", 1);
	KUNIT_EXPECT_EQ(test, shim_warn_count(), 5);
	KUNIT_EXPECT_EQ(test, shim_violations(), 0);
	shim_reset_counters();
	KUNIT_EXPECT_EQ(test, shim_warn_count(), 0);
	KUNIT_EXPECT_STREQ(test, shim_warn_last(), "");
}

static void shim_test_clflush(struct kunit *test)
{
	struct page *page = alloc_contig_pages(4, GFP_KERNEL, NUMA_NO_NODE,
					       NULL);
	phys_addr_t pa;
	char *va;

	KUNIT_ASSERT_NOT_NULL(test, page);
	pa = page_to_phys(page);
	va = page_address(page);
	KUNIT_EXPECT_FALSE(test, shim_page_flushed(pa));
	clflush_cache_range(va, 64);		/* part of a page only */
	KUNIT_EXPECT_FALSE(test, shim_page_flushed(pa));
	clflush_cache_range(va + PAGE_SIZE, 2 * PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, shim_page_flushed(pa));
	KUNIT_EXPECT_TRUE(test, shim_page_flushed(pa + PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, shim_page_flushed(pa + 2 * PAGE_SIZE + 123));
	KUNIT_EXPECT_FALSE(test, shim_page_flushed(pa + 3 * PAGE_SIZE));
	clflush_cache_range(va, 4 * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, shim_page_flushed(pa));
	KUNIT_EXPECT_TRUE(test, shim_page_flushed(pa + 3 * PAGE_SIZE));
	shim_page_dirty(page + 3);
	KUNIT_EXPECT_FALSE(test, shim_page_flushed(pa + 3 * PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, shim_page_flushed(0));
	KUNIT_EXPECT_TRUE(test, shim_page_flushed(0x1000));
	free_contig_range(page_to_pfn(page), 4);
	/* Reallocation makes pages dirty again. */
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_FALSE(test, shim_page_flushed(page_to_phys(page)));
	__free_page(page);
}

static int cpu_probe(void *arg)
{
	unsigned int *seen = arg;

	seen[smp_processor_id()]++;
	return 100 * topology_physical_package_id(smp_processor_id()) +
	       raw_smp_processor_id();
}

static void cpu_count(void *arg)
{
	(*(unsigned int *)arg)++;
}

static void shim_test_cpus(struct kunit *test)
{
	unsigned int seen[NR_CPUS] = { 0 }, cpu, n = 0;
	int cpu_signed;

	KUNIT_EXPECT_EQ(test, num_online_cpus(), 4);
	KUNIT_EXPECT_EQ(test, nr_cpu_ids, 4);
	KUNIT_EXPECT_EQ(test, topology_max_packages(), 2);
	KUNIT_EXPECT_EQ(test, smp_processor_id(), 0);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, smp_call_on_cpu(cpu, cpu_probe, seen,
						      false),
				100 * (cpu / 2) + cpu);
		KUNIT_EXPECT_EQ(test, topology_physical_package_id(cpu),
				cpu / 2);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 4);
	for_each_possible_cpu(cpu_signed)
		KUNIT_EXPECT_EQ(test, seen[cpu_signed], 1);
	KUNIT_EXPECT_EQ(test, smp_processor_id(), 0);
	KUNIT_EXPECT_EQ(test, smp_call_on_cpu(4, cpu_probe, seen, false),
			-ENXIO);
	n = 0;
	on_each_cpu(cpu_count, &n, 1);
	KUNIT_EXPECT_EQ(test, n, 4);

	shim_set_current_cpu(3);
	KUNIT_EXPECT_EQ(test, get_cpu(), 3);
	put_cpu();
	shim_set_current_cpu(0);

	shim_set_topology(8, 4);
	KUNIT_EXPECT_EQ(test, num_online_cpus(), 8);
	KUNIT_EXPECT_EQ(test, topology_physical_package_id(5), 2);
	KUNIT_EXPECT_EQ(test, topology_max_packages(), 4);
	shim_set_cpu_online(7, false);
	KUNIT_EXPECT_FALSE(test, cpu_online(7));
	KUNIT_EXPECT_EQ(test, smp_call_on_cpu(7, cpu_probe, seen, false),
			-ENXIO);
	shim_set_topology(4, 2);
	KUNIT_EXPECT_EQ(test, num_online_cpus(), 4);
	KUNIT_EXPECT_EQ(test, shim_violations(), 0);
}

#define NR_THREADS	4
#define NR_LOOPS	100000

static DEFINE_MUTEX(count_mutex);
static DEFINE_SPINLOCK(count_lock);
static unsigned long counter, spin_counter;
static atomic_t acounter = ATOMIC_INIT(0);

static void *mutex_worker(void *arg)
{
	int i;

	for (i = 0; i < NR_LOOPS; i++) {
		mutex_lock(&count_mutex);
		counter++;
		mutex_unlock(&count_mutex);
		spin_lock(&count_lock);
		spin_counter++;
		spin_unlock(&count_lock);
		atomic_inc(&acounter);
	}
	return NULL;
}

static void shim_test_mutex(struct kunit *test)
{
	pthread_t threads[NR_THREADS];
	int i;

	counter = spin_counter = 0;
	atomic_set(&acounter, 0);
	for (i = 0; i < NR_THREADS; i++)
		KUNIT_ASSERT_EQ(test, pthread_create(&threads[i], NULL,
						     mutex_worker, NULL), 0);
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(threads[i], NULL);
	KUNIT_EXPECT_EQ(test, counter, (unsigned long)NR_THREADS * NR_LOOPS);
	KUNIT_EXPECT_EQ(test, spin_counter, (unsigned long)NR_THREADS * NR_LOOPS);
	KUNIT_EXPECT_EQ(test, atomic_read(&acounter), NR_THREADS * NR_LOOPS);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&count_mutex));
	mutex_lock(&count_mutex);
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&count_mutex));
	KUNIT_EXPECT_FALSE(test, mutex_trylock(&count_mutex));
	mutex_unlock(&count_mutex);
}

static atomic_t stopped_on;

static int stop_fn(void *data)
{
	atomic_inc(&stopped_on);
	/* Sleeping with the machine stopped is a bug the shim reports. */
	msleep(1);
	return smp_processor_id() == 1 ? -EAGAIN : 0;
}

/*
 * stop_machine() runs on every CPU while no thread holds preemption off;
 * sleeping in atomic context is a violation, not silence.
 */
static void shim_test_stop_machine(struct kunit *test)
{
	unsigned long v = shim_violations();
	DEFINE_SPINLOCK(lock);

	spin_lock(&lock);
	KUNIT_EXPECT_TRUE(test, in_atomic());
	mutex_lock(&count_mutex);
	mutex_unlock(&count_mutex);
	spin_unlock(&lock);
	KUNIT_EXPECT_FALSE(test, in_atomic());
	KUNIT_EXPECT_EQ(test, shim_violations(), v + 1);

	atomic_set(&stopped_on, 0);
	KUNIT_EXPECT_EQ(test, stop_machine(stop_fn, NULL, cpu_online_mask),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, atomic_read(&stopped_on), (int)num_online_cpus());
	KUNIT_EXPECT_EQ(test, shim_violations(), v + 1 + num_online_cpus());
	/* Without a mask, one CPU runs it. */
	atomic_set(&stopped_on, 0);
	stop_machine(stop_fn, NULL, NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&stopped_on), 1);
}

static void shim_test_bitfield(struct kunit *test)
{
	const u64 mask = GENMASK_U64(63, 55);

	KUNIT_EXPECT_EQ(test, mask, 0xff80000000000000ULL);
	KUNIT_EXPECT_EQ(test, FIELD_PREP(mask, 0x1ff), 0xff80000000000000ULL);
	KUNIT_EXPECT_EQ(test, FIELD_PREP(mask, 0x180), 0xC000000000000000ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(mask, 0xC000010000000000ULL), 0x180);
	KUNIT_EXPECT_EQ(test, FIELD_MAX(mask), 0x1ff);
	KUNIT_EXPECT_TRUE(test, FIELD_FIT(mask, 0x1ff));
	KUNIT_EXPECT_FALSE(test, FIELD_FIT(mask, 0x200));
	KUNIT_EXPECT_TRUE(test, __same_type(FIELD_PREP(mask, 1), u64));
	KUNIT_EXPECT_EQ(test, GENMASK(7, 4), 0xf0UL);
	KUNIT_EXPECT_EQ(test, GENMASK_ULL(63, 0), U64_MAX);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GENMASK(15, 8), 0xabcdUL), 0xab);
	KUNIT_EXPECT_EQ(test, BIT_ULL(63), 0x8000000000000000ULL);
	KUNIT_EXPECT_EQ(test, hweight64(mask), 9);
}

static void shim_test_bitmap(struct kunit *test)
{
	DECLARE_BITMAP(map, 130);
	unsigned long bit, n = 0;

	bitmap_zero(map, 130);
	KUNIT_EXPECT_EQ(test, find_first_bit(map, 130), 130);
	set_bit(3, map);
	__set_bit(64, map);
	KUNIT_EXPECT_FALSE(test, test_and_set_bit(129, map));
	KUNIT_EXPECT_TRUE(test, test_and_set_bit(129, map));
	KUNIT_EXPECT_EQ(test, bitmap_weight(map, 130), 3);
	KUNIT_EXPECT_EQ(test, find_first_bit(map, 130), 3);
	KUNIT_EXPECT_EQ(test, find_next_bit(map, 130, 4), 64);
	KUNIT_EXPECT_EQ(test, find_first_zero_bit(map, 130), 0);
	for_each_set_bit(bit, map, 130)
		n += bit;
	KUNIT_EXPECT_EQ(test, n, 3 + 64 + 129);
	clear_bit(3, map);
	__clear_bit(64, map);
	KUNIT_EXPECT_TRUE(test, test_bit(129, map));
	KUNIT_EXPECT_FALSE(test, test_bit(3, map));
	bitmap_fill(map, 130);
	KUNIT_EXPECT_EQ(test, find_first_zero_bit(map, 130), 130);
}

struct item {
	int v;
	struct list_head node;
};

static void shim_test_misc(struct kunit *test)
{
	struct item a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 }, *pos, *n;
	LIST_HEAD(head);
	LIST_HEAD(other);
	char buf[4];
	int sum = 0;

	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_add(&c.node, &head);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&head), 3);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&head, struct item, node), &c);
	list_for_each_entry_safe(pos, n, &head, node) {
		sum = sum * 10 + pos->v;
		if (pos->v == 1)
			list_del(&pos->node);
	}
	KUNIT_EXPECT_EQ(test, sum, 312);
	list_move(&b.node, &other);
	list_splice_init(&other, &head);
	KUNIT_EXPECT_TRUE(test, list_empty(&other));
	KUNIT_EXPECT_EQ(test, list_count_nodes(&head), 2);

	KUNIT_EXPECT_EQ(test, DIV_ROUND_UP(5, 2), 3);
	KUNIT_EXPECT_EQ(test, round_up(0x1001UL, SZ_4K), 0x2000UL);
	KUNIT_EXPECT_EQ(test, round_down(0x1fffULL, SZ_4K), 0x1000ULL);
	KUNIT_EXPECT_EQ(test, ALIGN(SZ_2M + 1ULL, SZ_2M), (u64)SZ_4M);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(SZ_1G, SZ_2M));
	KUNIT_EXPECT_EQ(test, min(3, -1), -1);
	KUNIT_EXPECT_EQ(test, max_t(u32, 3, 7), 7);
	KUNIT_EXPECT_EQ(test, clamp(10, 0, 5), 5);
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(buf), 4);
	KUNIT_EXPECT_EQ(test, strscpy(buf, "abc", sizeof(buf)), 3);
	KUNIT_EXPECT_EQ(test, strscpy(buf, "abcd", sizeof(buf)), -E2BIG);
	KUNIT_EXPECT_STREQ(test, buf, "abc");
	KUNIT_EXPECT_EQ(test, U32_MAX, 0xffffffffU);
	KUNIT_EXPECT_EQ(test, container_of(&b.node, struct item, node)->v, 2);
	KUNIT_EXPECT_MEMEQ(test, "abc", buf, 4);
}

struct param {
	u64 val;
	const char *name;
};

static const struct param params[] = {
	{ 0, "zero" }, { 0xC000010000000000ULL, "high" }, { 1, "one" },
};

static void param_desc(const struct param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", p->name);
}

KUNIT_ARRAY_PARAM(shim_param, params, param_desc);

static void shim_test_params(struct kunit *test)
{
	const struct param *p = test->param_value;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_PTR_EQ(test, p, &params[test->param_index]);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GENMASK_U64(63, 0), p->val), p->val);
}

static struct kunit_case shim_test_cases[] = {
	KUNIT_CASE(shim_test_arena_base),
	KUNIT_CASE(shim_test_orders),
	KUNIT_CASE(shim_test_get_free_page),
	KUNIT_CASE(shim_test_contig),
	KUNIT_CASE(shim_test_round_trips),
	KUNIT_CASE(shim_test_bad_free),
	KUNIT_CASE(shim_test_fail_nth),
	KUNIT_CASE(shim_test_slab),
	KUNIT_CASE(shim_test_free_hook),
	KUNIT_CASE(shim_test_warn),
	KUNIT_CASE(shim_test_clflush),
	KUNIT_CASE(shim_test_cpus),
	KUNIT_CASE(shim_test_mutex),
	KUNIT_CASE(shim_test_stop_machine),
	KUNIT_CASE(shim_test_bitfield),
	KUNIT_CASE(shim_test_bitmap),
	KUNIT_CASE(shim_test_misc),
	KUNIT_CASE_PARAM(shim_test_params, shim_param_gen_params),
	{}
};

static struct kunit_suite shim_test_suite = {
	.name = "shim",
	.init = shim_test_init,
	.exit = shim_test_exit,
	.test_cases = shim_test_cases,
};

kunit_test_suite(shim_test_suite);
