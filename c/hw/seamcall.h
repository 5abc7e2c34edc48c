/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL instruction routine of the hardware backend (seamcall.S).
 */
#ifndef _TDX_CORE_HW_SEAMCALL_H
#define _TDX_CORE_HW_SEAMCALL_H

#include <linux/types.h>

#include <tdx/arch.h>

u64 tdx_hw_seamcall(u64 fn, struct tdx_module_args *args);

#endif /* _TDX_CORE_HW_SEAMCALL_H */
