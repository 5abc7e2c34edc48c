// SPDX-License-Identifier: GPL-2.0

//! tdx-core's Rust layer as built into a kernel.
//!
//! Kbuild compiles each `.rs` object as its own crate that can only use
//! the `kernel` crate, so this one crate holds the safe API (`tdx`, the
//! same sources as the host crate), the Rust sample and the KUnit suite.
//! The sample and the suite are sibling modules of `tdx`: they see its
//! public API only, never its FFI module.

#[path = "lib.rs"]
pub mod tdx;

// The sample is a driver: the safe API only.
#[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
#[forbid(unsafe_code)]
#[path = "../samples/rust/tdx_host_sample.rs"]
mod sample;

#[cfg(CONFIG_TDX_CORE_RUST_KUNIT_TEST)]
mod kunit;

#[cfg(CONFIG_TDX_CORE_RUST_KUNIT_TEST)]
mod selftests;

/// The shared scenarios plus the kernel-only ones, for the KUnit suite.
#[cfg(CONFIG_TDX_CORE_RUST_KUNIT_TEST)]
mod kernel_scenarios {
    pub(crate) use crate::selftests::*;

    /// The suite runs every shared scenario.
    pub(crate) fn every_scenario_is_run() -> Result<(), &'static str> {
        for (name, _) in crate::selftests::SCENARIOS {
            if !crate::tdx_rust_suite::NAMES.contains(name) {
                return Err("a scenario of selftests.rs is not in the suite");
            }
        }
        Ok(())
    }

    /// The sample ran at boot, and its ledger balanced.
    pub(crate) fn sample_ran_at_boot() -> Result<(), &'static str> {
        #[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
        {
            match crate::SAMPLE_AT_BOOT.load(core::sync::atomic::Ordering::Relaxed) {
                1 => Ok(()),
                0 => Err("the sample's ledger did not balance"),
                _ => Err("the sample did not run"),
            }
        }
        #[cfg(not(CONFIG_TDX_CORE_RUST_SAMPLE))]
        Ok(())
    }
}

#[cfg(CONFIG_TDX_CORE_RUST_KUNIT_TEST)]
kunit::kunit_suite!(
    tdx_rust_suite,
    "tdx_rust",
    crate::kernel_scenarios,
    [
        td_build_run_drop,
        td_drop_at_every_stage,
        failed_transitions_give_back,
        vcpu_enter_checks_its_td,
        vcpu_init_checks_its_td,
        sim_restart_waits_for_objects,
        ext_receipt_recovered,
        td_creates_once,
        keyids_run_out,
        vcpu_destroy_reports_kept,
        ext_pool_donation,
        ext_pool_empty,
        ext_pool_dropped_before_donation,
        ext_donation_abandoned,
        ext_donation_refused,
        ext_start_retry,
        spdm_session_relayed,
        spdm_key_refresh,
        spdm_queue_and_device_errors,
        ide_stream_lifecycle,
        ide_stream_drop_at_every_stage,
        ide_stream_errors_surface,
        ide_stream_release_refused,
        iommu_setup_and_drop,
        update_keeps_running_td,
        update_waits_for_td_build,
        update_failures_reported,
        status_classes,
        sample_ran_at_boot,
        every_scenario_is_run,
    ]
);

/// Result of the sample's run at boot: 1 balanced, 0 not, -1 not run.
#[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
static SAMPLE_AT_BOOT: core::sync::atomic::AtomicI32 = core::sync::atomic::AtomicI32::new(-1);

#[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
kernel::prelude::module! {
    type: TdxRustSample,
    name: "tdx_rust_sample",
    author: "tdx-core developers",
    description: "tdx-host-shaped Rust sample on the simulated TDX module",
    license: "GPL",
}

/// The sample, run once at boot (module init).
#[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
struct TdxRustSample;

#[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
impl kernel::Module for TdxRustSample {
    fn init(_module: &'static kernel::ThisModule) -> kernel::error::Result<Self> {
        let mut log = LineLog::new();
        let result = sample::run(&mut log);
        let balanced = match &result {
            Ok(ledger) => ledger.balanced(),
            Err(e) => {
                kernel::pr_err!("failed: {:?}\n", e);
                false
            }
        };
        SAMPLE_AT_BOOT.store(i32::from(balanced), core::sync::atomic::Ordering::Relaxed);
        // A failed sample is reported, not fatal to the boot.
        Ok(TdxRustSample)
    }
}

/// Sends what the sample writes to the kernel log, one line at a time.
#[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
struct LineLog {
    buf: [u8; 160],
    len: usize,
}

#[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
impl LineLog {
    fn new() -> Self {
        LineLog {
            buf: [0; 160],
            len: 0,
        }
    }

    fn flush(&mut self) {
        let line = core::str::from_utf8(&self.buf[..self.len]).unwrap_or("<not UTF-8>");
        kernel::pr_info!("{}\n", line);
        self.len = 0;
    }
}

#[cfg(CONFIG_TDX_CORE_RUST_SAMPLE)]
impl core::fmt::Write for LineLog {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        for &b in s.as_bytes() {
            if b == b'\n' {
                self.flush();
            } else {
                if self.len == self.buf.len() {
                    self.flush();
                }
                self.buf[self.len] = b;
                self.len += 1;
            }
        }
        Ok(())
    }
}
