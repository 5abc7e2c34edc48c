/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the TDCALL/SEAMCALL register block, in the kernel's order. */
#ifndef _SHIM_ASM_SHARED_TDX_H
#define _SHIM_ASM_SHARED_TDX_H

#include <linux/types.h>

struct tdx_module_args {
	/* callee-clobbered */
	u64 rcx;
	u64 rdx;
	u64 r8;
	u64 r9;
	/* extra callee-clobbered */
	u64 r10;
	u64 r11;
	/* callee-saved + rdi/rsi */
	u64 r12;
	u64 r13;
	u64 r14;
	u64 r15;
	u64 rbx;
	u64 rdi;
	u64 rsi;
};

#endif /* _SHIM_ASM_SHARED_TDX_H */
