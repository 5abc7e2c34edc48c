/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: see <shim/mm.h>. */
#ifndef _SHIM_ASM_IO_H
#define _SHIM_ASM_IO_H

#include <shim/mm.h>

#endif
