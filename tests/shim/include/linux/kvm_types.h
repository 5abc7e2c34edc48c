/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: KVM address types. */
#ifndef _SHIM_LINUX_KVM_TYPES_H
#define _SHIM_LINUX_KVM_TYPES_H

#include <linux/types.h>

typedef u64 kvm_pfn_t;
typedef u64 gfn_t;
typedef u64 gpa_t;
typedef u64 hpa_t;
typedef unsigned long gva_t;
typedef unsigned long hva_t;

#endif /* _SHIM_LINUX_KVM_TYPES_H */
