/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: see <shim/core.h>. */
#ifndef _SHIM_LINUX_WORDPART_H
#define _SHIM_LINUX_WORDPART_H

#include <shim/core.h>

#endif
