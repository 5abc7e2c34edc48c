/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: see <shim/cpu.h>. */
#ifndef _SHIM_LINUX_CPU_H
#define _SHIM_LINUX_CPU_H

#include <shim/cpu.h>
#include <shim/lock.h>

#endif
