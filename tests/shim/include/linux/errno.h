/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: glibc's <bits/errno.h> includes <linux/errno.h>, which lands
 * here because the shim directory comes first in the search path.  So pull
 * in the real uapi header (same numbers as <errno.h>) and add only the
 * kernel-internal codes.  Nothing else may be included from this file.
 */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS	512
#define ENOTSUPP	524

#endif /* _SHIM_LINUX_ERRNO_H */
