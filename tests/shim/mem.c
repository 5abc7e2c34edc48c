// SPDX-License-Identifier: GPL-2.0
/*
 * Host shim: simulated physical memory (page allocator, cache-flush
 * tracking, free hook) and the malloc-backed slab/vmalloc allocators,
 * with call counting and fault injection.
 *
 * Allocation model: every allocated page is either the head of a run
 * from alloc_pages(order) (its tail pages are not heads), or a "single"
 * (head, order 0): order-0 pages and every page of alloc_contig_pages()
 * and alloc_pages_exact().  __free_pages() takes a head at its own order
 * or an aligned block of singles; free_contig_range() takes singles only.
 * Anything else is recorded as a violation and changes nothing.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>

#include <asm/cacheflush.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <shim/cpu.h>

#include "internal.h"

#define SHIM_DEFAULT_ARENA_PAGES	65536UL
#define SHIM_NOT_FOUND			(~0UL)
#define SHIM_POISON			0x6b

enum {
	SHIM_PAGE_FREE,
	SHIM_PAGE_ALLOC,
	SHIM_PAGE_FREEING,	/* validated, free hook running */
};

struct page *shim_mem_map;
unsigned long shim_base_pfn;
unsigned long shim_nr_pages;
char *shim_arena_va;

static unsigned long arena_pages_wanted = SHIM_DEFAULT_ARENA_PAGES;
static pthread_once_t mem_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long *used_map;		/* bit set: allocated or freeing */
static unsigned long alloc_hint;
static unsigned long pages_in_use;
static void (*page_free_hook)(phys_addr_t pa, unsigned long nr_pages);

static void mem_setup(void)
{
	unsigned long nr = arena_pages_wanted;
	size_t bytes = nr << PAGE_SHIFT;
	void *va;

	/*
	 * Keep host objects out of the arena's physical range so that the
	 * identity mapping __pa()/__va() use for them stays unambiguous.
	 * Best effort: under ASan this range is already unmappable.
	 */
	va = mmap((void *)(uintptr_t)SHIM_PHYS_BASE, bytes, PROT_NONE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		  MAP_FIXED_NOREPLACE, -1, 0);
	if (va != MAP_FAILED && va != (void *)(uintptr_t)SHIM_PHYS_BASE)
		munmap(va, bytes);

	va = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	shim_mem_map = calloc(nr, sizeof(*shim_mem_map));
	used_map = calloc(BITS_TO_LONGS(nr), sizeof(unsigned long));
	if (va == MAP_FAILED || !shim_mem_map || !used_map) {
		fprintf(stderr, "shim: cannot set up a %lu-page arena\n", nr);
		abort();
	}
	shim_arena_va = va;
	shim_base_pfn = SHIM_PHYS_BASE >> PAGE_SHIFT;
	__atomic_store_n(&shim_nr_pages, nr, __ATOMIC_RELEASE);
}

void __shim_mem_init(void)
{
	pthread_once(&mem_once, mem_setup);
}

void shim_set_arena_pages(unsigned long nr_pages)
{
	if (__atomic_load_n(&shim_nr_pages, __ATOMIC_ACQUIRE)) {
		shim_violation("shim_set_arena_pages(%lu) after the arena was set up",
			       nr_pages);
		return;
	}
	/* Whole bitmap words, and at least one maximal order block. */
	arena_pages_wanted = max(ALIGN(nr_pages, BITS_PER_LONG),
				 1UL << MAX_PAGE_ORDER);
}

phys_addr_t shim_arena_base(void)
{
	__shim_mem_init();
	return PFN_PHYS(shim_base_pfn);
}

unsigned long shim_arena_pages(void)
{
	__shim_mem_init();
	return shim_nr_pages;
}

unsigned long shim_pages_in_use(void)
{
	return __atomic_load_n(&pages_in_use, __ATOMIC_RELAXED);
}

shim_page_free_hook_t shim_set_page_free_hook(shim_page_free_hook_t hook)
{
	return __atomic_exchange_n(&page_free_hook, hook, __ATOMIC_ACQ_REL);
}

/* ---- call counting and fault injection ---- */

static pthread_mutex_t fi_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long page_calls, kmalloc_calls, all_calls;
static unsigned long fail_page_at, fail_kmalloc_at, fail_all_at;

/* Count one allocation call; true if it must fail. */
static bool count_call(bool page)
{
	unsigned long *calls = page ? &page_calls : &kmalloc_calls;
	unsigned long *at = page ? &fail_page_at : &fail_kmalloc_at;
	bool fail = false;

	pthread_mutex_lock(&fi_lock);
	if (++*calls == *at) {
		fail = true;
		*at = 0;
	}
	if (++all_calls == fail_all_at) {
		fail = true;
		fail_all_at = 0;
	}
	pthread_mutex_unlock(&fi_lock);
	return fail;
}

static void arm(unsigned long *at, unsigned long calls, unsigned long n)
{
	pthread_mutex_lock(&fi_lock);
	*at = n ? calls + n : 0;
	pthread_mutex_unlock(&fi_lock);
}

void shim_fail_nth_page_alloc(unsigned long n)
{
	arm(&fail_page_at, page_calls, n);
}

void shim_fail_nth_kmalloc(unsigned long n)
{
	arm(&fail_kmalloc_at, kmalloc_calls, n);
}

void shim_fail_nth_alloc(unsigned long n)
{
	arm(&fail_all_at, all_calls, n);
}

unsigned long shim_page_alloc_calls(void)
{
	return __atomic_load_n(&page_calls, __ATOMIC_RELAXED);
}

unsigned long shim_kmalloc_calls(void)
{
	return __atomic_load_n(&kmalloc_calls, __ATOMIC_RELAXED);
}

unsigned long shim_alloc_calls(void)
{
	return __atomic_load_n(&all_calls, __ATOMIC_RELAXED);
}

void __shim_mem_reset_counters(void)
{
	pthread_mutex_lock(&fi_lock);
	page_calls = kmalloc_calls = all_calls = 0;
	fail_page_at = fail_kmalloc_at = fail_all_at = 0;
	pthread_mutex_unlock(&fi_lock);
}

/* ---- page allocator ---- */

/* First free run of @n pages at an @align multiple, from @from.  Locked. */
static unsigned long search_run(unsigned long from, unsigned long n,
				unsigned long align)
{
	unsigned long s = ALIGN(from, align), used;

	while (s + n <= shim_nr_pages) {
		used = find_next_bit(used_map, s + n, s);
		if (used >= s + n)
			return s;
		s = find_next_zero_bit(used_map, shim_nr_pages, used + 1);
		s = ALIGN(s, align);
	}
	return SHIM_NOT_FOUND;
}

/*
 * Allocate @n pages aligned to @align pages: one run headed at order
 * @order, or (@singles) @n independent order-0 pages.  Returns the index.
 */
static unsigned long take_run(unsigned long n, unsigned long align,
			      unsigned int order, bool singles, gfp_t gfp)
{
	unsigned long i, idx;

	if (gfp & __GFP_DIRECT_RECLAIM)
		shim_might_sleep("an allocation that may sleep");
	pthread_mutex_lock(&mem_lock);
	idx = search_run(alloc_hint, n, align);
	if (idx == SHIM_NOT_FOUND && alloc_hint)
		idx = search_run(0, n, align);
	if (idx == SHIM_NOT_FOUND) {
		pthread_mutex_unlock(&mem_lock);
		return idx;
	}
	for (i = idx; i < idx + n; i++) {
		struct page *p = &shim_mem_map[i];

		__set_bit(i, used_map);
		p->flags = 0;
		p->private = 0;
		INIT_LIST_HEAD(&p->lru);
		p->shim_state = SHIM_PAGE_ALLOC;
		p->shim_head = singles || i == idx;
		p->shim_order = singles ? 0 : order;
		p->shim_flushed = false;
	}
	alloc_hint = idx + n < shim_nr_pages ? idx + n : 0;
	pages_in_use += n;
	pthread_mutex_unlock(&mem_lock);

	memset(shim_arena_va + (idx << PAGE_SHIFT),
	       gfp & __GFP_ZERO ? 0 : SHIM_POISON, n << PAGE_SHIFT);
	return idx;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long idx;

	__shim_mem_init();
	if (count_call(true) || order > MAX_PAGE_ORDER)
		return NULL;
	idx = take_run(1UL << order, 1UL << order, order, false, gfp);
	return idx == SHIM_NOT_FOUND ? NULL : &shim_mem_map[idx];
}

struct page *alloc_contig_pages(unsigned long nr_pages, gfp_t gfp, int nid,
				void *nodemask)
{
	unsigned long idx;

	__shim_mem_init();
	if (count_call(true) || !nr_pages)
		return NULL;
	idx = take_run(nr_pages, 1, 0, true, gfp);
	return idx == SHIM_NOT_FOUND ? NULL : &shim_mem_map[idx];
}

void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	unsigned long idx;

	__shim_mem_init();
	if (count_call(true) || !size || get_order(size) > MAX_PAGE_ORDER)
		return NULL;
	idx = take_run(PFN_UP(size), 1UL << get_order(size), 0, true, gfp);
	return idx == SHIM_NOT_FOUND ? NULL : shim_arena_va + (idx << PAGE_SHIFT);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

static bool is_single(unsigned long i)
{
	const struct page *p = &shim_mem_map[i];

	return p->shim_state == SHIM_PAGE_ALLOC && p->shim_head &&
	       !p->shim_order;
}

static const char *page_state_str(const struct page *p)
{
	if (p->shim_state == SHIM_PAGE_FREE)
		return "a free page (double free?)";
	if (p->shim_state == SHIM_PAGE_FREEING)
		return "a page that is being freed (double free?)";
	if (!p->shim_head)
		return "a tail page of a higher-order allocation";
	return "an allocated page";
}

/* Second half of a free: run the hook, then release.  Pages are FREEING. */
static void release_run(unsigned long idx, unsigned long n)
{
	void (*hook)(phys_addr_t, unsigned long);
	unsigned long i;

	hook = __atomic_load_n(&page_free_hook, __ATOMIC_ACQUIRE);
	if (hook)
		hook(PFN_PHYS(shim_base_pfn + idx), n);
	pthread_mutex_lock(&mem_lock);
	for (i = idx; i < idx + n; i++) {
		shim_mem_map[i].shim_state = SHIM_PAGE_FREE;
		shim_mem_map[i].shim_head = false;
		shim_mem_map[i].shim_order = 0;
		__clear_bit(i, used_map);
	}
	pages_in_use -= n;
	pthread_mutex_unlock(&mem_lock);
}

static void mark_freeing(unsigned long idx, unsigned long n)
{
	unsigned long i;

	for (i = idx; i < idx + n; i++)
		shim_mem_map[i].shim_state = SHIM_PAGE_FREEING;
}

/* Index of @page in the arena, or SHIM_NOT_FOUND. */
static unsigned long page_index(const struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)shim_mem_map;

	if (!shim_mem_map || off >= shim_nr_pages * sizeof(*page) ||
	    off % sizeof(*page))
		return SHIM_NOT_FOUND;
	return off / sizeof(*page);
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long idx = page_index(page), n = 1UL << order, i;
	const struct page *p;
	bool ok;

	if (idx == SHIM_NOT_FOUND || order > MAX_PAGE_ORDER) {
		shim_violation("__free_pages(%p, %u): not an arena page or bad order",
			       page, order);
		return;
	}
	pthread_mutex_lock(&mem_lock);
	p = &shim_mem_map[idx];
	ok = p->shim_state == SHIM_PAGE_ALLOC && p->shim_head &&
	     p->shim_order == order;
	if (!ok && order && p->shim_head && !p->shim_order &&
	    IS_ALIGNED(idx, n) && idx + n <= shim_nr_pages) {
		/* A naturally aligned block of independent pages. */
		for (ok = true, i = idx; ok && i < idx + n; i++)
			ok = is_single(i);
	}
	if (!ok) {
		char what[64];

		snprintf(what, sizeof(what), "%s", page_state_str(p));
		if (p->shim_state == SHIM_PAGE_ALLOC && p->shim_head)
			snprintf(what, sizeof(what),
				 "a page allocated at order %u", p->shim_order);
		pthread_mutex_unlock(&mem_lock);
		shim_violation("__free_pages(pa %#llx, order %u) on %s",
			       PFN_PHYS(shim_base_pfn + idx), order, what);
		return;
	}
	mark_freeing(idx, n);
	pthread_mutex_unlock(&mem_lock);
	release_run(idx, n);
}

void free_pages(unsigned long addr, unsigned int order)
{
	struct page *page;

	if (!addr)
		return;
	page = virt_to_page((void *)addr);
	if (page)
		__free_pages(page, order);
}

void free_contig_range(unsigned long pfn, unsigned long nr_pages)
{
	unsigned long idx = pfn - shim_base_pfn, i;

	if (!pfn_valid(pfn) || nr_pages > shim_nr_pages - idx) {
		shim_violation("free_contig_range(pfn %#lx, %lu): outside the arena",
			       pfn, nr_pages);
		return;
	}
	pthread_mutex_lock(&mem_lock);
	for (i = idx; i < idx + nr_pages; i++) {
		if (!is_single(i)) {
			const char *what = page_state_str(&shim_mem_map[i]);

			if (shim_mem_map[i].shim_state == SHIM_PAGE_ALLOC &&
			    shim_mem_map[i].shim_head)
				what = "the head of a higher-order allocation";
			pthread_mutex_unlock(&mem_lock);
			shim_violation("free_contig_range(pfn %#lx, %lu): pfn %#lx is %s",
				       pfn, nr_pages, shim_base_pfn + i, what);
			return;
		}
	}
	mark_freeing(idx, nr_pages);
	pthread_mutex_unlock(&mem_lock);
	if (nr_pages)
		release_run(idx, nr_pages);
}

void free_pages_exact(void *virt, size_t size)
{
	free_contig_range(PHYS_PFN(virt_to_phys(virt)), PFN_UP(size));
}

struct page *shim_pfn_to_page_checked(unsigned long pfn)
{
	if (!pfn_valid(pfn)) {
		shim_violation("pfn_to_page(%#lx): pfn outside the arena", pfn);
		return NULL;
	}
	return &shim_mem_map[pfn - shim_base_pfn];
}

struct page *shim_virt_to_page_checked(const void *addr)
{
	uintptr_t off = (uintptr_t)addr - (uintptr_t)shim_arena_va;

	if (!shim_arena_va || off >= (shim_nr_pages << PAGE_SHIFT)) {
		shim_violation("virt_to_page(%p): address outside the arena",
			       addr);
		return NULL;
	}
	return &shim_mem_map[off >> PAGE_SHIFT];
}

/* ---- cache flush tracking ---- */

void clflush_cache_range(void *addr, unsigned int size)
{
	uintptr_t start = (uintptr_t)addr - (uintptr_t)shim_arena_va;
	uintptr_t end = start + size, len;
	unsigned long i;

	if (!shim_arena_va)
		return;
	len = shim_nr_pages << PAGE_SHIFT;
	/* Clip to the arena (the range may start below or end above it). */
	if ((uintptr_t)addr < (uintptr_t)shim_arena_va)
		start = 0;
	if ((uintptr_t)addr + size <= (uintptr_t)shim_arena_va || start >= len)
		return;
	end = min(end, len);
	for (i = DIV_ROUND_UP(start, PAGE_SIZE); i < end >> PAGE_SHIFT; i++)
		__atomic_store_n(&shim_mem_map[i].shim_flushed, true,
				 __ATOMIC_RELEASE);
}

bool shim_page_flushed(phys_addr_t pa)
{
	unsigned long pfn = PHYS_PFN(pa);

	if (!pfn_valid(pfn))
		return true;
	return __atomic_load_n(&shim_mem_map[pfn - shim_base_pfn].shim_flushed,
			       __ATOMIC_ACQUIRE);
}

void shim_page_dirty(struct page *page)
{
	__atomic_store_n(&page->shim_flushed, false, __ATOMIC_RELEASE);
}

/* ---- slab ---- */

static unsigned long slab_objects;

unsigned long shim_slab_objects_in_use(void)
{
	return __atomic_load_n(&slab_objects, __ATOMIC_RELAXED);
}

/* Allocate without counting a call.  Power-of-two sizes are aligned. */
static void *slab_alloc(size_t size, gfp_t gfp)
{
	size_t align = 16;
	void *p;

	if (gfp & __GFP_DIRECT_RECLAIM)
		shim_might_sleep("an allocation that may sleep");
	if (is_power_of_2(size) && size > align)
		align = min_t(size_t, size, PAGE_SIZE);
	if (posix_memalign(&p, align, size))
		return NULL;
	memset(p, gfp & __GFP_ZERO ? 0 : SHIM_POISON, size);
	__atomic_add_fetch(&slab_objects, 1, __ATOMIC_RELAXED);
	return p;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (count_call(false) || size > KMALLOC_MAX_SIZE)
		return NULL;
	return slab_alloc(size, gfp);
}

void kfree(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	__atomic_sub_fetch(&slab_objects, 1, __ATOMIC_RELAXED);
	free((void *)p);
}

size_t ksize(const void *p)
{
	return ZERO_OR_NULL_PTR(p) ? 0 : malloc_usable_size((void *)p);
}

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	void *n;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (count_call(false) || new_size > KMALLOC_MAX_SIZE)
		return NULL;
	n = slab_alloc(new_size, gfp);
	if (n && !ZERO_OR_NULL_PTR(p)) {
		memcpy(n, p, min(ksize(p), new_size));
		kfree(p);
	}
	return n;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (!ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup(s, strlen(s) + 1, gfp) : NULL;
}

unsigned long *bitmap_zalloc(unsigned int nbits, gfp_t flags)
{
	return kmalloc_array(BITS_TO_LONGS(nbits), sizeof(unsigned long),
			     flags | __GFP_ZERO);
}

void bitmap_free(const unsigned long *bitmap)
{
	kfree(bitmap);
}

/* ---- vmalloc: plain malloc, neither counted nor failed on demand ---- */

void *kvmalloc(size_t size, gfp_t gfp)
{
	void *p = malloc(size ? size : 1);

	if (p)
		memset(p, gfp & __GFP_ZERO ? 0 : SHIM_POISON, size);
	return p;
}

void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kvmalloc(bytes, gfp);
}

void kvfree(const void *addr)
{
	free((void *)addr);
}

void *vmalloc(unsigned long size)
{
	return size ? kvmalloc(size, GFP_KERNEL) : NULL;
}

void *vzalloc(unsigned long size)
{
	return size ? kvmalloc(size, GFP_KERNEL | __GFP_ZERO) : NULL;
}

void vfree(const void *addr)
{
	free((void *)addr);
}
