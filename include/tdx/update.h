/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TD-preserving update of the TDX module at run time.
 *
 * The host shuts the running module down (TDH.SYS.SHUTDOWN writes its
 * state to the handoff area), asks P-SEAMLDR to install the new image on
 * every CPU, initialises the new module globally and on every CPU, and
 * lets it take the handoff over (TDH.SYS.UPDATE).  TDs, vCPUs and every
 * page the old module owned survive.  The steps run in lockstep on all
 * CPUs inside stop_machine(): no other SEAMCALL may run meanwhile, since
 * between the shutdown and the update no module serves them.
 */
#ifndef _TDX_CORE_UPDATE_H
#define _TDX_CORE_UPDATE_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* Layout limits of SEAMLDR_PARAMS: one sigstruct page, 496 module pages. */
#define TDX_SEAMLDR_MAX_SIG_PAGES	1
#define TDX_SEAMLDR_MAX_MODULE_PAGES	496
/* SEAMLDR_PARAMS.scenario of a TD-preserving update. */
#define TDX_SEAMLDR_SCENARIO_UPDATE	1

/**
 * struct tdx_seamldr_params - SEAMLDR_PARAMS: what SEAMLDR.INSTALL loads.
 * @version: structure version, 0.
 * @scenario: TDX_SEAMLDR_SCENARIO_UPDATE.
 * @sigstruct_pa: physical address of each sigstruct page.
 * @reserved: must be zero.
 * @module_nr_pages: number of module pages.
 * @module_pa: physical address of each module page.
 *
 * One 4 KiB page, itself given by physical address in RCX.
 */
struct tdx_seamldr_params {
	u32 version;
	u32 scenario;
	u64 sigstruct_pa[TDX_SEAMLDR_MAX_SIG_PAGES];
	u8 reserved[104];
	u64 module_nr_pages;
	u64 module_pa[TDX_SEAMLDR_MAX_MODULE_PAGES];
};

static_assert(offsetof(struct tdx_seamldr_params, sigstruct_pa) == 8);
static_assert(offsetof(struct tdx_seamldr_params, module_nr_pages) == 120);
static_assert(offsetof(struct tdx_seamldr_params, module_pa) == 128);
static_assert(sizeof(struct tdx_seamldr_params) == 4096);

/* struct tdx_image_header.version understood here. */
#define TDX_IMAGE_VERSION		0x200
#define TDX_IMAGE_SIGNATURE		"TDX-BLOB"

/**
 * struct tdx_image_header - First page of a module update image.
 * @version: TDX_IMAGE_VERSION.
 * @checksum: for the tools that build and carry images; the kernel does
 *	not check it (P-SEAMLDR checks the module against its sigstruct).
 * @signature: TDX_IMAGE_SIGNATURE, not NUL-terminated.
 * @sigstruct_nr_pages: sigstruct pages following this header.
 * @module_nr_pages: module pages following the sigstruct.
 * @reserved: must be zero.
 *
 * An image is this header, then the sigstruct pages, then the module
 * pages, each part a whole number of pages; nothing follows.
 */
struct tdx_image_header {
	u16 version;
	u16 checksum;
	u8 signature[8];
	u32 sigstruct_nr_pages;
	u32 module_nr_pages;
	u8 reserved[4076];
};

static_assert(offsetof(struct tdx_image_header, signature) == 4);
static_assert(offsetof(struct tdx_image_header, sigstruct_nr_pages) == 12);
static_assert(offsetof(struct tdx_image_header, module_nr_pages) == 16);
static_assert(sizeof(struct tdx_image_header) == 4096);

struct page;

/**
 * struct tdx_update_image - A new module, copied into pages P-SEAMLDR reads.
 * @params: the SEAMLDR_PARAMS page naming the pages below.
 * @nr_pages: sigstruct pages plus module pages.
 * @pages: the sigstruct pages, then the module pages.
 *
 * Built by tdx_update_image_alloc() from an image the caller checked
 * nothing about; freed by tdx_update_image_free().  The pages stay the
 * host's: P-SEAMLDR only reads them.
 */
struct tdx_update_image {
	struct page *params;
	unsigned int nr_pages;
	struct page *pages[TDX_SEAMLDR_MAX_SIG_PAGES +
			   TDX_SEAMLDR_MAX_MODULE_PAGES];
};

/*
 * Flag of tdx_module_update(): update even while the module runs flows an
 * update could break, such as a TD being built, which then go on under
 * the new module.  Without it a module with TDX_FEATURES0_UPDATE_COMPAT
 * refuses (-EBUSY) during such flows, as Linux asks it to.
 */
#define TDX_UPDATE_ALLOW_COMPAT_SENSITIVE	BIT(0)

/*
 * The steps of an update, in the order every CPU goes through them.  Each
 * step ends when every CPU acknowledged it; a failure on any CPU makes the
 * next state TDX_UPDATE_DONE for all.
 */
enum tdx_update_state {
	TDX_UPDATE_START,
	TDX_UPDATE_SHUTDOWN,		/* lead CPU: TDH.SYS.SHUTDOWN */
	TDX_UPDATE_CPU_INSTALL,		/* every CPU: SEAMLDR.INSTALL */
	TDX_UPDATE_CPU_INIT,		/* SYS.INIT once, LP.INIT everywhere */
	TDX_UPDATE_RUN_UPDATE,		/* lead CPU: TDH.SYS.UPDATE */
	TDX_UPDATE_DONE,
};

/**
 * struct tdx_update_result - What an update did.
 * @failed_state: the step that failed (TDX_UPDATE_DONE if none did).
 * @failed_cpu: the CPU it failed on.
 * @status: the SEAMCALL status of that failure (0 if it was not one).
 * @updated: the new module runs (TDH.SYS.UPDATE succeeded), whatever
 *	happened after it.
 * @old_version: major, minor and update version before (8 bits each,
 *	major highest).
 * @new_version: the same after; equal to @old_version unless it worked.
 */
struct tdx_update_result {
	enum tdx_update_state failed_state;
	unsigned int failed_cpu;
	u64 status;
	bool updated;
	u32 old_version;
	u32 new_version;
};

/* One SEAMCALL each. */
u64 tdh_sys_shutdown(u16 handoff_version, bool avoid_compat_sensitive);
u64 tdh_sys_update(void);
u64 tdx_seamldr_install(const struct tdx_update_image *image);

struct tdx_update_image *tdx_update_image_alloc(const void *data,
						size_t size);
void tdx_update_image_free(struct tdx_update_image *image);
int tdx_module_update(const struct tdx_update_image *image,
		      unsigned int flags, struct tdx_update_result *result);

#endif /* _TDX_CORE_UPDATE_H */
