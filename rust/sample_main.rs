// SPDX-License-Identifier: GPL-2.0

//! The Rust sample as a host program, over the simulated TDX module.

extern crate tdx;

// The sample is a driver: the safe API only, as the kernel crate root
// also enforces.
#[forbid(unsafe_code)]
#[path = "../samples/rust/tdx_host_sample.rs"]
mod sample;

use std::process::ExitCode;

use tdx::sim::Leaf;
use tdx::sim::SimConfig;
use tdx::sim::Simulator;

/// Writes the sample's report to standard output, one line per line.
struct Stdout;

impl core::fmt::Write for Stdout {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        print!("{s}");
        Ok(())
    }
}

fn main() -> ExitCode {
    // A module whose extensions need 600 pages and TDH.EXT.INIT.
    let cfg = SimConfig {
        pool_pages: 600,
        ext_required: true,
        // A session key lasts two heartbeats.
        spdm_key_ops: 2,
        ..SimConfig::default()
    };
    if let Err(e) = Simulator::start(cfg) {
        eprintln!("rust sample: cannot load the simulated module: {e}");
        return ExitCode::FAILURE;
    }
    // Interrupt the hand-over now and then, as pending interrupts would.
    Simulator::interrupt_every(Leaf::ExtMemAdd, 128);
    Simulator::interrupt_every(Leaf::IommuSetup, 2);
    let mut out = Stdout;
    match sample::run(&mut out) {
        Ok(ledger) if ledger.balanced() && Simulator::violations() == 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("rust sample: {e}");
            ExitCode::FAILURE
        }
    }
}
