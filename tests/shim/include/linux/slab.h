/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: kmalloc() family on top of malloc().  Power-of-two sizes up
 * to PAGE_SIZE are naturally aligned, as in the kernel; kmalloc(0)
 * returns ZERO_SIZE_PTR.  Calls are counted and can be failed on demand
 * (shim_fail_nth_kmalloc(), shim_fail_nth_alloc()).
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <shim/mm.h>
#include <linux/overflow.h>
#include <linux/string.h>

#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)
#define KMALLOC_MAX_SIZE	(1UL << 25)

void *kmalloc(size_t size, gfp_t gfp);
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
void kfree(const void *p);
size_t ksize(const void *p);

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, gfp);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

static inline void *krealloc_array(void *p, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return krealloc(p, bytes, gfp);
}

#define kmalloc_node(size, gfp, node)	kmalloc(size, gfp)
#define kzalloc_node(size, gfp, node)	kzalloc(size, gfp)
#define kfree_sensitive(p)		kfree(p)

/*
 * kvmalloc() and friends: malloc()-backed like vmalloc(), not counted and
 * not subject to fault injection.  kvfree() must only be given memory
 * from these allocators (not kmalloc()), or the slab object count goes
 * wrong.
 */
void *kvmalloc(size_t size, gfp_t gfp);
void *kvmalloc_array(size_t n, size_t size, gfp_t gfp);
void kvfree(const void *addr);

static inline void *kvzalloc(size_t size, gfp_t gfp)
{
	return kvmalloc(size, gfp | __GFP_ZERO);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kvmalloc_array(n, size, gfp | __GFP_ZERO);
}

#endif /* _SHIM_LINUX_SLAB_H */
