// SPDX-License-Identifier: GPL-2.0

//! Safe Rust interface to tdx-core, the typed SEAMCALL layer of the TDX host.
//!
//! The TDX module owns the control pages of a trust domain (TD) and of its
//! vCPUs from the moment a SEAMCALL hands them over until it gives them
//! back. Touching such a page, freeing it, or freeing a TD before its vCPUs
//! costs a machine check or a leaked page on real hardware. This crate
//! makes those mistakes compile errors:
//!
//! - [`td::Td`] owns a TD's control pages and releases them in `Drop`, at
//!   whatever stage the TD reached; [`vcpu::Vcpu`] borrows its `Td`, so it
//!   cannot outlive it.
//! - The build stages of a TD and of a vCPU are types ([`td::TdStage`],
//!   [`vcpu::Vcpu`]); an operation of another stage does not exist on the
//!   value, and a failed transition hands the value back in [`Failed`].
//! - The control pages never appear in this API: the host cannot read,
//!   write or free them. The extension memory pool ([`ext`]) is host memory
//!   until it is donated, and only a receipt after that.
//! - Interruptible calls return a [`Step`] the caller must drive; the loop
//!   is the caller's, the resume protocol the wrapper's. Calls the host
//!   relays to a device (SPDM, IDE key management) return a
//!   [`connect::RelayStep`] in the same way.
//! - TDX Connect objects own their metadata pages: an IDE stream
//!   ([`ide::Stream`]) borrows the connected SPDM session
//!   ([`connect::Spdm`]) its keys are managed through, so the session can
//!   neither disconnect nor go away under it.
//! - The module can be replaced under running TDs ([`update`]); TDs and
//!   vCPUs built before keep working after.
//! - Errors keep the module's raw status ([`error::Status`]).
//!
//! The same sources build into a kernel (one crate with the sample and the
//! KUnit suite, see `tdx_rust.rs`) and into a host crate over the simulated
//! TDX module (`Cargo.toml`). The raw bindings are private to one module.
//!
//! # Examples
//!
//! ```
//! use tdx::td::Td;
//! # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
//! let tdx = tdx::Tdx::enable()?;
//! let td = Td::new(&tdx)?;
//! let initialized = td.create()?.configure_key()?.init(4)?;
//! let vcpu = initialized.create_vcpu()?.init(&initialized, 0)?;
//! let runnable = initialized.finalize()?;
//! let mut vcpu = vcpu;
//! vcpu.enter(&runnable)?;
//! drop(vcpu); // Flushed; its pages wait on the TD.
//! // Dropping `td` hands everything back: key release, reclaim, free.
//! # Ok::<(), tdx::error::Error>(())
//! ```

#![cfg_attr(not(CONFIG_RUST), no_std)]

mod ffi;

pub mod connect;
pub mod error;
pub mod ext;
pub mod ide;
pub mod sim;
pub mod step;
pub mod system;
pub mod td;
pub mod update;
pub mod vcpu;

pub use error::Failed;
pub use step::Step;
pub use system::Tdx;
