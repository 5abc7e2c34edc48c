/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: cpu_relax() lives in <linux/atomic.h>. */
#include <linux/atomic.h>
