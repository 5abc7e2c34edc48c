/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: no RCU to report quiescent states to. */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

#define rcu_momentary_eqs()	do { } while (0)

#endif
