/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL instruction, for the hardware backend.
 *
 * u64 tdx_hw_seamcall(u64 fn, struct tdx_module_args *args)
 *
 * RAX = @fn; the thirteen registers of @args go in and all come back out,
 * so every leaf, whatever it returns, is served by one routine.  RBP is
 * saved too: modules without TDX_FEATURES0.NO_RBP_MOD clobber it, and the
 * first SEAMCALLs run before tdx_enable() can check that bit.  The
 * callee-saved registers are restored from the stack; the others are
 * cleared on the way out.
 *
 * Returns the module's completion status, or a software status when the
 * call did not reach a module:
 *  - VMfailInvalid (CF set: SEAM not loaded or disabled):
 *    TDX_SEAMCALL_VMFAILINVALID;
 *  - a fault on the instruction itself (#UD without VMX operation, #GP):
 *    TDX_SW_ERROR | trap number, i.e. TDX_SEAMCALL_UD or TDX_SEAMCALL_GP.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/frame.h>

#include "args.h"

SYM_FUNC_START(tdx_hw_seamcall)
	FRAME_BEGIN
	/* Modules older than NO_RBP_MOD clobber RBP; tdx_enable() checks later. */
	pushq	%rbp
	pushq	%r15
	pushq	%r14
	pushq	%r13
	pushq	%r12
	pushq	%rbx
	/* RSI is an input register too: keep @args on the stack. */
	pushq	%rsi

	movq	%rdi, %rax
	movq	TDX_ARGS_RCX(%rsi), %rcx
	movq	TDX_ARGS_RDX(%rsi), %rdx
	movq	TDX_ARGS_R8(%rsi), %r8
	movq	TDX_ARGS_R9(%rsi), %r9
	movq	TDX_ARGS_R10(%rsi), %r10
	movq	TDX_ARGS_R11(%rsi), %r11
	movq	TDX_ARGS_R12(%rsi), %r12
	movq	TDX_ARGS_R13(%rsi), %r13
	movq	TDX_ARGS_R14(%rsi), %r14
	movq	TDX_ARGS_R15(%rsi), %r15
	movq	TDX_ARGS_RBX(%rsi), %rbx
	movq	TDX_ARGS_RDI(%rsi), %rdi
	movq	TDX_ARGS_RSI(%rsi), %rsi

.Lseamcall:
	.byte	0x66, 0x0f, 0x01, 0xcf		/* seamcall */
	jc	.Lvmfailinvalid

.Lstore:
	/* Swap the output RSI with @args, then write every output back. */
	xchgq	(%rsp), %rsi
	movq	%rcx, TDX_ARGS_RCX(%rsi)
	movq	%rdx, TDX_ARGS_RDX(%rsi)
	movq	%r8, TDX_ARGS_R8(%rsi)
	movq	%r9, TDX_ARGS_R9(%rsi)
	movq	%r10, TDX_ARGS_R10(%rsi)
	movq	%r11, TDX_ARGS_R11(%rsi)
	movq	%r12, TDX_ARGS_R12(%rsi)
	movq	%r13, TDX_ARGS_R13(%rsi)
	movq	%r14, TDX_ARGS_R14(%rsi)
	movq	%r15, TDX_ARGS_R15(%rsi)
	movq	%rbx, TDX_ARGS_RBX(%rsi)
	movq	%rdi, TDX_ARGS_RDI(%rsi)
	popq	TDX_ARGS_RSI(%rsi)

	/*
	 * After TDH.VP.ENTER these registers hold values the TD chose:
	 * clear them so that no later speculation can use them.
	 */
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%edi, %edi
	xorl	%esi, %esi

	popq	%rbx
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
	popq	%rbp
	FRAME_END
	RET

.Lvmfailinvalid:
	/* No module answered: RAX still holds the leaf. */
	movabsq	$TDX_HW_VMFAILINVALID, %rax
	jmp	.Lstore

.Lfault:
	/* The exception fixup left the trap number in RAX. */
	movabsq	$TDX_HW_SW_ERROR, %rdi
	orq	%rdi, %rax
	jmp	.Lstore

	_ASM_EXTABLE_FAULT(.Lseamcall, .Lfault)
SYM_FUNC_END(tdx_hw_seamcall)
