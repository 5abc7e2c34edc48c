/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: vmalloc() on top of malloc().  Not counted and not subject
 * to fault injection.  The kvmalloc() family is in <linux/slab.h>, as in
 * the kernel.
 */
#ifndef _SHIM_LINUX_VMALLOC_H
#define _SHIM_LINUX_VMALLOC_H

#include <shim/mm.h>
#include <linux/slab.h>

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *addr);

#endif /* _SHIM_LINUX_VMALLOC_H */
