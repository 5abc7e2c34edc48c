/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The closing ledger of the KVM-shaped sample, for whoever runs it: the
 * host program behind "make demo", or a test in the kernel.
 */
#ifndef _TDX_KVM_SAMPLE_H
#define _TDX_KVM_SAMPLE_H

#include <linux/types.h>

/**
 * struct tdx_sample_ledger - Where the sample's control pages ended up.
 * @allocated: control pages the sample allocated.
 * @handed_over: of those, pages the module took at some point.
 * @returned: pages the module held and gave back.
 * @stranded: pages the module still holds.
 * @updates_survived: module updates after which the TD ran again.
 */
struct tdx_sample_ledger {
	int allocated;
	int handed_over;
	int returned;
	int stranded;
	int updates_survived;
};

static inline bool tdx_sample_ledger_balanced(const struct tdx_sample_ledger *l)
{
	return l->allocated > 0 && !l->stranded &&
	       l->returned == l->handed_over;
}

int tdx_kvm_sample_run(struct tdx_sample_ledger *ledger);
int tdx_kvm_sample_boot_result(struct tdx_sample_ledger *ledger);

#endif /* _TDX_KVM_SAMPLE_H */
