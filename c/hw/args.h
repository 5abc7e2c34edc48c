/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Offsets of the registers in struct tdx_module_args, for seamcall.S.
 * backend.c checks each against the structure.
 */
#ifndef _TDX_CORE_HW_ARGS_H
#define _TDX_CORE_HW_ARGS_H

#define TDX_ARGS_RCX	0
#define TDX_ARGS_RDX	8
#define TDX_ARGS_R8	16
#define TDX_ARGS_R9	24
#define TDX_ARGS_R10	32
#define TDX_ARGS_R11	40
#define TDX_ARGS_R12	48
#define TDX_ARGS_R13	56
#define TDX_ARGS_R14	64
#define TDX_ARGS_R15	72
#define TDX_ARGS_RBX	80
#define TDX_ARGS_RDI	88
#define TDX_ARGS_RSI	96

/* Status codes built here (see <tdx/errno.h>). */
#define TDX_HW_SW_ERROR		0x8000FF0000000000
#define TDX_HW_VMFAILINVALID	0x8000FF00FFFF0000

#endif /* _TDX_CORE_HW_ARGS_H */
