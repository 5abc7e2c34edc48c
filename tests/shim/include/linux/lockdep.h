/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: see <shim/lock.h>. */
#ifndef _SHIM_LINUX_LOCKDEP_H
#define _SHIM_LINUX_LOCKDEP_H

#include <shim/lock.h>

#endif
