/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the shim's own .c files only. */
#ifndef _SHIM_INTERNAL_H
#define _SHIM_INTERNAL_H

#include <shim/host.h>

/* Write @s to stdout atomically, flushed; ends an open printk line first. */
void __shim_out(const char *s);
__printf(1, 2) void __shim_outf(const char *fmt, ...);
void __shim_mem_init(void);
void __shim_mem_reset_counters(void);

#endif /* _SHIM_INTERNAL_H */
