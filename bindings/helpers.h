/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C helpers for the Rust bindings: out-of-line copies of what tdx-core
 * declares static inline (bindgen cannot call those), and the few
 * sequences Rust cannot express without kernel headers (allocating the
 * handles, running a call on a given CPU, per-package calls under
 * cpus_read_lock()).
 *
 * Helpers that can fail for two reasons return 0 or a negative errno, and
 * store the status of the SEAMCALL that failed in *@status (left at
 * TDX_SUCCESS when the failure was not the module's).
 */
#ifndef _TDX_CORE_BINDINGS_HELPERS_H
#define _TDX_CORE_BINDINGS_HELPERS_H

#include <linux/types.h>

struct tdx_sim_config;
struct tdx_ide_stream;
struct tdx_ide_stream_cfg;
struct tdx_iommu;
struct tdx_spdm;
struct tdx_spdm_xfer;
struct tdx_td;
struct tdx_vp;

/* Status classifiers of <tdx/errno.h>. */
unsigned int rust_helper_tdx_status_class(u64 err);
u32 rust_helper_tdx_status_operand(u64 err);
bool rust_helper_tdx_status_is(u64 err, u64 code);
bool rust_helper_tdx_status_error(u64 err);
bool rust_helper_tdx_status_busy(u64 err);
bool rust_helper_tdx_status_interrupted(u64 err);
bool rust_helper_tdx_status_non_recoverable(u64 err);

/* Status codes the Rust layer names (bindgen cannot evaluate BIT_ULL). */
extern const u64 tdx_rust_sw_bad_input;
extern const u64 tdx_rust_interrupted_resumable;
extern const u64 tdx_rust_spdm_request;
extern const u64 tdx_rust_spdm_key_refresh;
extern const unsigned int tdx_rust_update_allow_compat;

/* Handles: allocated with their control pages, freed one-shot. */
struct tdx_td *tdx_rust_td_new(int *ret);
bool tdx_rust_td_delete(struct tdx_td *td, int *ret);
void tdx_rust_td_leak(struct tdx_td *td, int ret);
unsigned int tdx_rust_td_pages(const struct tdx_td *td);
unsigned int tdx_rust_td_module_pages(const struct tdx_td *td);
struct tdx_vp *tdx_rust_vp_new(struct tdx_td *td, int *ret);
bool tdx_rust_vp_delete(struct tdx_vp *vp, int *ret);
void tdx_rust_vp_leak(struct tdx_vp *vp, int ret);
unsigned int tdx_rust_vp_pages(const struct tdx_vp *vp);
unsigned int tdx_rust_vp_module_pages(const struct tdx_vp *vp);

/* TD and vCPU steps made of more than one call. */
int tdx_rust_td_create(struct tdx_td *td, u64 *status);
int tdx_rust_td_key_config(struct tdx_td *td, u64 *status);
int tdx_rust_td_add_tdcs(struct tdx_td *td, u64 *status);
int tdx_rust_td_init(struct tdx_td *td, u16 max_vcpus, u64 *status,
		     u64 *cpuid_leaf);
int tdx_rust_vp_create(struct tdx_vp *vp, u64 *status);
int tdx_rust_vp_init(struct tdx_vp *vp, unsigned int cpu, u32 x2apicid,
		     u64 *status);
int tdx_rust_vp_enter(struct tdx_vp *vp, u64 *status);
bool tdx_rust_vp_of(const struct tdx_vp *vp, const struct tdx_td *td);
unsigned int tdx_rust_first_cpu(void);

/* Module update images. */
struct tdx_update_image;
int tdx_rust_update_image_new(const void *data, size_t size,
			      struct tdx_update_image **image);

/* SPDM sessions and their message pages. */
struct tdx_spdm *tdx_rust_spdm_new(u64 func_id, unsigned int nr_mt_pages,
				   u64 *status, int *ret);
int tdx_rust_spdm_delete(struct tdx_spdm *spdm);
struct tdx_spdm_xfer *tdx_rust_xfer_new(unsigned int nr_out_pages, int *ret);
void tdx_rust_xfer_delete(struct tdx_spdm_xfer *x);
u64 tdx_rust_xfer_out(const struct tdx_spdm_xfer *x, u8 *buf, u64 size);
int tdx_rust_sim_dev_relay(u64 func_id, struct tdx_spdm_xfer *x);

/* IDE streams. */
struct tdx_ide_stream *
tdx_rust_ide_stream_new(struct tdx_spdm *spdm,
			const struct tdx_ide_stream_cfg *cfg,
			unsigned int nr_mt_pages, u64 *status, int *ret);
bool tdx_rust_ide_stream_delete(struct tdx_ide_stream *s, int *ret);
void tdx_rust_ide_stream_leak(struct tdx_ide_stream *s, int ret);

/* Trusted IOMMUs. */
struct tdx_iommu *tdx_rust_iommu_new(unsigned int queue_order,
				     unsigned int nr_pages, int *ret);
int tdx_rust_iommu_delete(struct tdx_iommu *iommu);

/* The environment: kernel or host (bindings/env_*.c). */
int tdx_rust_sim_restart(struct tdx_sim_config *cfg);
long tdx_rust_env_pages_in_use(void);
long tdx_rust_env_warnings(void);

#endif /* _TDX_CORE_BINDINGS_HELPERS_H */
