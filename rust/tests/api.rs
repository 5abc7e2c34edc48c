// SPDX-License-Identifier: GPL-2.0

//! The Rust layer's scenarios (`selftests.rs`) as cargo tests on the host,
//! over the simulated TDX module. The module is one per process, so the
//! tests take turns.

extern crate tdx;

#[path = "../selftests.rs"]
mod selftests;

use std::sync::Mutex;

static MODULE: Mutex<()> = Mutex::new(());

fn run(scenario: fn() -> selftests::Outcome) {
    let _turn = MODULE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Err(failure) = scenario() {
        panic!("{failure}");
    }
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run(selftests::$name);
            }
        )*

        /// Every scenario of `selftests::SCENARIOS` has a test here.
        #[test]
        fn every_scenario_is_run() {
            let here = [$(stringify!($name)),*];
            for (name, _) in selftests::SCENARIOS {
                assert!(here.contains(name), "{name} is not run by cargo test");
            }
            assert_eq!(here.len(), selftests::SCENARIOS.len());
        }
    };
}

scenarios!(
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
);
