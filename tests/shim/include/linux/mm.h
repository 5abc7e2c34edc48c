/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: see <shim/mm.h>. */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H

#include <shim/mm.h>

#endif
