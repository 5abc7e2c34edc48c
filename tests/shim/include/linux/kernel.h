/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the grab-bag header, pulling in the common pieces. */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <shim/core.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <shim/cpu.h>

__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(2, 3) char *kasprintf(gfp_t gfp, const char *fmt, ...);

#endif /* _SHIM_LINUX_KERNEL_H */
