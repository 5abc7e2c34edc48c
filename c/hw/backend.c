// SPDX-License-Identifier: GPL-2.0
/*
 * The hardware backend: SEAMCALLs go to the TDX module through the
 * SEAMCALL instruction (seamcall.S).
 */
#include <linux/preempt.h>
#include <linux/stddef.h>
#include <asm/msr.h>
#include <asm/processor.h>

#include <tdx/arch.h>
#include <tdx/errno.h>

#include "../seamcall.h"
#include "args.h"
#include "seamcall.h"

static_assert(offsetof(struct tdx_module_args, rcx) == TDX_ARGS_RCX);
static_assert(offsetof(struct tdx_module_args, rdx) == TDX_ARGS_RDX);
static_assert(offsetof(struct tdx_module_args, r8) == TDX_ARGS_R8);
static_assert(offsetof(struct tdx_module_args, r9) == TDX_ARGS_R9);
static_assert(offsetof(struct tdx_module_args, r10) == TDX_ARGS_R10);
static_assert(offsetof(struct tdx_module_args, r11) == TDX_ARGS_R11);
static_assert(offsetof(struct tdx_module_args, r12) == TDX_ARGS_R12);
static_assert(offsetof(struct tdx_module_args, r13) == TDX_ARGS_R13);
static_assert(offsetof(struct tdx_module_args, r14) == TDX_ARGS_R14);
static_assert(offsetof(struct tdx_module_args, r15) == TDX_ARGS_R15);
static_assert(offsetof(struct tdx_module_args, rbx) == TDX_ARGS_RBX);
static_assert(offsetof(struct tdx_module_args, rdi) == TDX_ARGS_RDI);
static_assert(offsetof(struct tdx_module_args, rsi) == TDX_ARGS_RSI);
static_assert(TDX_HW_SW_ERROR == TDX_SW_ERROR);
static_assert(TDX_HW_VMFAILINVALID == TDX_SEAMCALL_VMFAILINVALID);

u64 tdx_seamcall(u64 fn, struct tdx_module_args *args)
{
	u64 err;

	/*
	 * Leaves act on the CPU they run on (LP.INIT, VP.FLUSH, per-package
	 * calls), and a module update under stop_machine() relies on no
	 * SEAMCALL being preemptible: stay on this CPU for the call.
	 */
	preempt_disable();
	err = tdx_hw_seamcall(fn, args);
	preempt_enable();
	return err;
}

/*
 * The BIOS splits the memory-encryption key ids: the first ones for
 * MKTME, the rest for TDX.  Without the MSR there are no TDX key ids.
 */
void tdx_platform_keyids(u32 *first_keyid, u32 *nr_keyids,
			 unsigned int *keyid_shift)
{
	u32 nr_mktme, nr_tdx;

	if (rdmsr_safe(MSR_IA32_MKTME_KEYID_PARTITIONING, &nr_mktme, &nr_tdx)) {
		nr_mktme = 0;
		nr_tdx = 0;
	}
	*first_keyid = nr_mktme + 1;
	*nr_keyids = nr_tdx;
	*keyid_shift = boot_cpu_data.x86_phys_bits;
}
