/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: see <shim/bitops.h>. */
#ifndef _SHIM_LINUX_BITMAP_H
#define _SHIM_LINUX_BITMAP_H

#include <shim/bitops.h>

#endif
