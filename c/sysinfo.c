// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the module's global metadata with TDH.SYS.RD.
 *
 * One table lists every scalar field: its id and where it goes.  Adding a
 * field is one line; no chains of reads.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include <tdx/sys.h>

#include "core.h"

struct tdx_md_field {
	u64 id;
	size_t offset;
	u64 feature;	/* TDX_FEATURES0 bit it exists with; 0: always */
};

#define TDX_MD(_id, _member, _feature) {					\
	.id = _id,							\
	.offset = offsetof(struct tdx_sys_info, _member),		\
	.feature = _feature,						\
}

/* Field ids carry their element size: 1 << code bytes. */
#define TDX_MD_ELEMENT_SIZE_CODE	GENMASK_ULL(33, 32)

static size_t tdx_md_size(u64 id)
{
	return 1 << FIELD_GET(TDX_MD_ELEMENT_SIZE_CODE, id);
}

static const struct tdx_md_field tdx_md_fields[] = {
	TDX_MD(TDX_MD_MAJOR_VERSION,	major_version,		0),
	TDX_MD(TDX_MD_MINOR_VERSION,	minor_version,		0),
	TDX_MD(TDX_MD_UPDATE_VERSION,	update_version,		0),
	TDX_MD(TDX_MD_TDX_FEATURES0,	features0,		0),
	TDX_MD(TDX_MD_MAX_TDMRS,	max_tdmrs,		0),
	TDX_MD(TDX_MD_PAMT_4K_ENTRY_SIZE, pamt_entry_size[0],	0),
	TDX_MD(TDX_MD_PAMT_2M_ENTRY_SIZE, pamt_entry_size[1],	0),
	TDX_MD(TDX_MD_PAMT_1G_ENTRY_SIZE, pamt_entry_size[2],	0),
	TDX_MD(TDX_MD_NUM_CMRS,		nr_cmrs,		0),
	TDX_MD(TDX_MD_TDR_BASE_SIZE,	tdr_base_size,		0),
	TDX_MD(TDX_MD_TDCS_BASE_SIZE,	tdcs_base_size,		0),
	TDX_MD(TDX_MD_TDVPS_BASE_SIZE,	tdvps_base_size,	0),
	TDX_MD(TDX_MD_MAX_VCPUS_PER_TD,	max_vcpus_per_td,	0),
	/* Inferred: only modules that can be updated report it. */
	TDX_MD(TDX_MD_MODULE_HV,	module_hv,		TDX_FEATURES0_TD_PRESERVING),
	TDX_MD(TDX_MD_EXT_REQUIRED,	ext_required,		TDX_FEATURES0_EXT),
	TDX_MD(TDX_MD_MEMORY_POOL_REQUIRED_PAGES,
	       memory_pool_required_pages,			TDX_FEATURES0_EXT),
};

/* Read one field into a member of @size bytes; refuse values too big. */
static int tdx_md_read(u64 id, void *member, size_t size)
{
	u64 value, next;
	u64 err;

	err = tdh_sys_rd(id, &value, &next);
	if (err) {
		pr_err("tdx: reading metadata field 0x%016llx failed: %s (0x%016llx)\n",
		       id, tdx_status_name(err), err);
		return tdx_status_to_errno(err);
	}
	if (size < sizeof(u64) && value >> (size * 8))
		return -ERANGE;
	switch (size) {
	case 1:
		*(u8 *)member = value;
		break;
	case 2:
		*(u16 *)member = value;
		break;
	case 4:
		*(u32 *)member = value;
		break;
	default:
		*(u64 *)member = value;
	}
	return 0;
}

/**
 * tdx_read_sys_info() - Read the module's global metadata.
 * @info: filled on success.
 *
 * Call on a CPU that ran TDH.SYS.LP.INIT.  Fields of a feature are read only
 * when the module has it (TDX_FEATURES0): the extension fields and the
 * handoff version.  Does not sleep (it runs inside a module update).
 *
 * Return: 0; the errno of a failed TDH.SYS.RD (-EIO for module errors);
 * -ERANGE for a value that does not fit its field.
 */
int tdx_read_sys_info(struct tdx_sys_info *info)
{
	const struct tdx_md_field *f;
	unsigned int i;
	int ret;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < ARRAY_SIZE(tdx_md_fields); i++) {
		f = &tdx_md_fields[i];
		if (f->feature && !(info->features0 & f->feature))
			continue;
		ret = tdx_md_read(f->id, (u8 *)info + f->offset,
				  tdx_md_size(f->id));
		if (ret)
			return ret;
	}
	if (info->nr_cmrs > TDX_MAX_CMRS)
		return -ERANGE;
	for (i = 0; i < info->nr_cmrs; i++) {
		ret = tdx_md_read(TDX_MD_CMR_BASE(i), &info->cmr_base[i],
				  sizeof(u64));
		if (!ret)
			ret = tdx_md_read(TDX_MD_CMR_SIZE(i), &info->cmr_size[i],
					  sizeof(u64));
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_read_sys_info);
