/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: see <shim/cpu.h>. */
#ifndef _SHIM_LINUX_IRQFLAGS_H
#define _SHIM_LINUX_IRQFLAGS_H

#include <shim/cpu.h>

#endif
