// SPDX-License-Identifier: GPL-2.0

//! Scenarios of the Rust layer, run by the KUnit suite in a kernel
//! (`tdx_rust.rs`) and by the cargo tests on the host (`tests/api.rs`).
//!
//! Each one loads a fresh simulated module, drives the safe API, and checks
//! the module's own account of the pages it holds, not only what the API
//! returned. A scenario returns the first failed check.

use core::fmt;

use super::tdx::connect::is_key_refresh;
use super::tdx::connect::Connected;
use super::tdx::connect::Function;
use super::tdx::connect::RelayStep;
use super::tdx::connect::SessionState;
use super::tdx::connect::Spdm;
use super::tdx::connect::SpdmCall;
use super::tdx::connect::SpdmMng;
use super::tdx::connect::SpdmStep;
use super::tdx::connect::TrustedIommu;
use super::tdx::connect::MAX_EXCHANGES;
use super::tdx::error::Error;
use super::tdx::error::Failed;
use super::tdx::error::ReleaseError;
use super::tdx::error::Status;
use super::tdx::error::StatusClass;
use super::tdx::ext::Donated;
use super::tdx::ext::ExtPool;
use super::tdx::ide::KmCall;
use super::tdx::ide::State;
use super::tdx::ide::Stream;
use super::tdx::ide::StreamConfig;
use super::tdx::ide::StreamKind;
use super::tdx::sim::Device;
use super::tdx::sim::Leaf;
use super::tdx::sim::SimConfig;
use super::tdx::sim::SimImage;
use super::tdx::sim::SimModule;
use super::tdx::sim::Simulator;
use super::tdx::td::Td;
use super::tdx::update::ModuleImage;
use super::tdx::update::StepStatus;
use super::tdx::update::UpdateError;
use super::tdx::update::UpdateStep;
use super::tdx::Step;
use super::tdx::Tdx;

/// A failed check: where, what, and the error that caused it, if any.
pub(crate) struct Failure {
    line: u32,
    what: &'static str,
    error: Option<Error>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "selftests.rs:{}: {}", self.line, self.what)?;
        match &self.error {
            Some(e) => write!(f, ": {e:?}"),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What a scenario gives.
pub(crate) type Outcome = Result<(), Failure>;

/// Fails the scenario unless `cond` holds.
macro_rules! check {
    ($cond:expr) => {
        if !$cond {
            return Err(Failure {
                line: line!(),
                what: stringify!($cond),
                error: None,
            });
        }
    };
}

/// Unwraps a result, failing the scenario with its error.
macro_rules! ok {
    ($res:expr) => {
        match $res {
            Ok(v) => v,
            Err(e) => {
                return Err(Failure {
                    line: line!(),
                    what: stringify!($res),
                    error: Some(Error::from(e)),
                })
            }
        }
    };
}

/// The status `TDX_OPERAND_BUSY` (on operand RCX).
const BUSY: Status = Status::from_raw(0x8000_0200_0000_0001);
/// The status `TDX_OPERAND_INVALID`.
const INVALID: Status = Status::from_raw(0xC000_0100_0000_0000);

/// A fresh module shaped by `cfg`, enabled.
fn up(cfg: SimConfig) -> Result<(Tdx, Option<usize>), Failure> {
    ok!(Simulator::start(cfg));
    let tdx = ok!(Tdx::enable());
    Ok((tdx, Simulator::host_pages()))
}

/// No TD page left with the module, no rule broken, host pages back.
fn clean(host_pages: Option<usize>) -> Outcome {
    check!(Simulator::census().td_pages == 0);
    check!(Simulator::violations() == 0);
    check!(Simulator::host_pages() == host_pages);
    Simulator::clear_faults();
    Ok(())
}

/// Build a TD with two vCPUs, run them, drop everything; the module's
/// count of pages follows every stage.
pub(crate) fn td_build_run_drop() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let td = ok!(Td::new(&tdx));
        check!(td.pages() == tdx.td_pages());
        check!(td.module_pages() == 0);
        let created = ok!(td.create());
        check!(td.module_pages() == 1);
        let configured = ok!(created.configure_key());
        let initialized = ok!(configured.init(2));
        check!(td.module_pages() == tdx.td_pages());
        let vcpus = [
            ok!(initialized.create_vcpu()),
            ok!(initialized.create_vcpu()),
        ];
        check!(vcpus.iter().all(|v| v.module_pages() == tdx.vcpu_pages()));
        check!(Simulator::census().td_pages == tdx.td_pages() + 2 * tdx.vcpu_pages());
        let [v0, v1] = vcpus;
        let mut ready = [ok!(v0.init(&initialized, 0)), ok!(v1.init(&initialized, 1))];
        let runnable = ok!(initialized.finalize());
        for v in ready.iter_mut() {
            let exit = ok!(v.enter(&runnable));
            check!(!exit.is_error());
        }
        check!(Simulator::calls(Leaf::VpEnter) == 2);
        let _offset = ok!(runnable.tsc_offset());
        drop(ready);
        // Freed vCPUs' pages wait on the TD for its key release.
        check!(td.module_pages() == tdx.td_pages() + 2 * tdx.vcpu_pages());
    }
    clean(host)
}

/// Dropping a TD at each build stage gives every page back.
pub(crate) fn td_drop_at_every_stage() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    for stop in 0..6 {
        let td = ok!(Td::new(&tdx));
        if stop > 0 {
            let created = ok!(td.create());
            if stop > 1 {
                let configured = ok!(created.configure_key());
                if stop > 2 {
                    let initialized = ok!(configured.init(1));
                    if stop > 3 {
                        let vcpu = ok!(initialized.create_vcpu());
                        if stop > 4 {
                            let mut vcpu = ok!(vcpu.init(&initialized, 0));
                            let runnable = ok!(initialized.finalize());
                            ok!(vcpu.enter(&runnable));
                        }
                    }
                }
            }
        }
        check!(td.module_pages() <= tdx.td_pages() + tdx.vcpu_pages());
        drop(td);
        check!(Simulator::census().td_pages == 0);
    }
    clean(host)
}

/// A failed transition gives the object back in its stage; a retry works.
pub(crate) fn failed_transitions_give_back() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let td = ok!(Td::new(&tdx));
        let created = ok!(td.create());
        Simulator::fail_call(Leaf::MngKeyConfig, 1, BUSY);
        let created = match created.configure_key() {
            Ok(_) => return Err(fail(line!(), "KEY.CONFIG failure not seen")),
            Err(f) => {
                check!(f.error.status().is_some_and(|s| s.is_busy()));
                check!(f.error.to_errno() == Error::EBUSY.to_errno());
                f.object
            }
        };
        let configured = ok!(created.configure_key());
        Simulator::fail_call(Leaf::MngInit, 1, INVALID);
        let configured = match configured.init(1) {
            Ok(_) => return Err(fail(line!(), "MNG.INIT failure not seen")),
            Err(f) => {
                check!(f.error.status() == Some(INVALID));
                f.object
            }
        };
        let initialized = ok!(configured.init(1));
        let vcpu = ok!(initialized.create_vcpu());
        Simulator::fail_call(Leaf::VpInit, 1, BUSY);
        let vcpu = match vcpu.init(&initialized, 0) {
            Ok(_) => return Err(fail(line!(), "VP.INIT failure not seen")),
            Err(f) => f.object,
        };
        let mut vcpu = ok!(vcpu.init(&initialized, 0));
        Simulator::fail_call(Leaf::MrFinalize, 1, BUSY);
        let initialized = match initialized.finalize() {
            Ok(_) => return Err(fail(line!(), "FINALIZE failure not seen")),
            Err(f) => f.object,
        };
        let runnable = ok!(initialized.finalize());
        ok!(vcpu.enter(&runnable));
    }
    clean(host)
}

fn fail(line: u32, what: &'static str) -> Failure {
    Failure {
        line,
        what,
        error: None,
    }
}

/// A vCPU runs only with its own TD's runnable stage.
pub(crate) fn vcpu_enter_checks_its_td() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let td_a = ok!(Td::new(&tdx));
        let td_b = ok!(Td::new(&tdx));
        let init_a = ok!(ok!(ok!(td_a.create()).configure_key()).init(1));
        let init_b = ok!(ok!(ok!(td_b.create()).configure_key()).init(1));
        let mut vcpu_a = ok!(ok!(init_a.create_vcpu()).init(&init_a, 0));
        let _vcpu_b = ok!(ok!(init_b.create_vcpu()).init(&init_b, 0));
        let run_a = ok!(init_a.finalize());
        let run_b = ok!(init_b.finalize());
        check!(vcpu_a.enter(&run_b) == Err(Error::EINVAL));
        check!(Simulator::calls(Leaf::VpEnter) == 0);
        ok!(vcpu_a.enter(&run_a));
    }
    clean(host)
}

/// TDH.VP.INIT takes the vCPU's own TD's Initialized stage.
pub(crate) fn vcpu_init_checks_its_td() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let td_a = ok!(Td::new(&tdx));
        let td_b = ok!(Td::new(&tdx));
        let init_a = ok!(ok!(ok!(td_a.create()).configure_key()).init(1));
        let init_b = ok!(ok!(ok!(td_b.create()).configure_key()).init(1));
        let vcpu_a = ok!(init_a.create_vcpu());
        let vcpu_a = match vcpu_a.init(&init_b, 0) {
            Err(f) => {
                check!(f.error == Error::EINVAL);
                f.object
            }
            Ok(_) => return Err(fail(line!(), "another TD's stage accepted")),
        };
        check!(Simulator::calls(Leaf::VpInit) == 0);
        let _vcpu_a = ok!(vcpu_a.init(&init_a, 0));
    }
    clean(host)
}

/// The simulated module is not replaced under live objects.
pub(crate) fn sim_restart_waits_for_objects() -> Outcome {
    let (tdx, host) = up(SimConfig {
        pool_pages: 8,
        ..SimConfig::default()
    })?;
    {
        let td = ok!(Td::new(&tdx));
        check!(Simulator::start(SimConfig::default()) == Err(Error::EBUSY));
        check!(td.pages() == tdx.td_pages());
    }
    {
        let _pool = ok!(ExtPool::alloc(&tdx));
        check!(Simulator::start(SimConfig::default()) == Err(Error::EBUSY));
    }
    check!(Simulator::host_pages() == host);
    check!(Simulator::start(SimConfig::default()).is_ok());
    Ok(())
}

/// A dropped receipt of a donated pool can be found again, once.
pub(crate) fn ext_receipt_recovered() -> Outcome {
    let (tdx, _host) = up(SimConfig {
        pool_pages: 8,
        ext_required: true,
        ..SimConfig::default()
    })?;
    check!(Donated::recover(&tdx).err() == Some(Error::from_errno(-2)));
    match ok!(ok!(ExtPool::alloc(&tdx)).donate().call()) {
        Step::Done(donated) => check!(donated.pages() == 8),
        Step::Resume(_) => return Err(fail(line!(), "unexpected interruption")),
    }
    let donated = ok!(Donated::recover(&tdx));
    check!(donated.pages() == 8);
    match donated.start().call() {
        Ok(Step::Done(ext)) => check!(ext.pool_pages() == 8),
        _ => return Err(fail(line!(), "extensions did not start")),
    }
    check!(Donated::recover(&tdx).err() == Some(Error::EEXIST));
    Ok(())
}

/// A TD makes one stage only; a second `create()` is refused.
pub(crate) fn td_creates_once() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let td = ok!(Td::new(&tdx));
        {
            let _first = ok!(td.create());
            check!(td.create().err() == Some(Error::EEXIST));
            check!(Simulator::calls(Leaf::MngCreate) == 1);
        }
        // The stage is gone, but the TD was created: still no second one.
        check!(td.create().is_err());
    }
    clean(host)
}

/// Without a free key id, creation fails cleanly and can succeed later.
pub(crate) fn keyids_run_out() -> Outcome {
    let (tdx, host) = up(SimConfig {
        nr_keyids: Some(2),
        ..SimConfig::default()
    })?;
    check!(tdx.guest_keyids() == 1);
    {
        let td_a = ok!(Td::new(&tdx));
        let td_b = ok!(Td::new(&tdx));
        let _created = ok!(td_a.create());
        check!(td_b.create().err() == Some(Error::ENOSPC));
        // Dropping the TD (with its stage) releases its key id.
        drop(td_a);
        let _created = ok!(td_b.create());
    }
    clean(host)
}

/// An explicit release reports a vCPU it could not flush, and hands it
/// back; the retry releases it.
pub(crate) fn vcpu_destroy_reports_kept() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let td = ok!(Td::new(&tdx));
        let init = ok!(ok!(ok!(td.create()).configure_key()).init(1));
        let vcpu = ok!(ok!(init.create_vcpu()).init(&init, 0));
        Simulator::fail_call(Leaf::VpFlush, 1, BUSY);
        let vcpu = match vcpu.destroy() {
            Err(ReleaseError::Kept(f)) => {
                check!(f.error.to_errno() == Error::EBUSY.to_errno());
                f.object
            }
            _ => return Err(fail(line!(), "failed flush not reported")),
        };
        check!(vcpu.module_pages() == tdx.vcpu_pages());
        if vcpu.destroy().is_err() {
            return Err(fail(line!(), "second release failed"));
        }
        match td.destroy() {
            Ok(()) => {}
            Err(_) => return Err(fail(line!(), "TD release failed")),
        }
    }
    clean(host)
}

/// The pool goes over with a visible resume loop, interrupted every 50
/// pages; its call count is the protocol's, and it is donated once.
pub(crate) fn ext_pool_donation() -> Outcome {
    let (tdx, host) = up(SimConfig {
        pool_pages: 600,
        ext_required: true,
        ext_init_units: 5,
        ..SimConfig::default()
    })?;
    Simulator::interrupt_every(Leaf::ExtMemAdd, 50);
    Simulator::interrupt_every(Leaf::ExtInit, 2);
    let pool = ok!(ExtPool::alloc(&tdx));
    check!(pool.pages() == 600);
    check!(ExtPool::alloc(&tdx).err() == Some(Error::EEXIST));
    let mut donation = pool.donate();
    let mut calls = 0u64;
    let donated = loop {
        calls += 1;
        match ok!(donation.call()) {
            Step::Resume(next) => donation = next,
            Step::Done(donated) => break donated,
        }
    };
    // List 1: 512 pages, 10 interruptions + 1; list 2: 88 pages, 1 + 1.
    check!(calls == 13);
    check!(Simulator::calls(Leaf::ExtMemAdd) == calls);
    check!(donated.pages() == 600);
    check!(Simulator::census().ext_pages == 600);
    let mut start = donated.start();
    let ext = loop {
        match ok!(start.call()) {
            Step::Resume(next) => start = next,
            Step::Done(ext) => break ext,
        }
    };
    check!(ext.pool_pages() == 600);
    check!(Simulator::calls(Leaf::ExtInit) == 3);
    check!(ExtPool::alloc(&tdx).err() == Some(Error::EEXIST));
    check!(Simulator::host_pages() == host.map(|h| h + 600));
    check!(Simulator::violations() == 0);
    Simulator::clear_faults();
    Ok(())
}

/// A module that needs no extension memory gets an empty donation that
/// ends at once, without a SEAMCALL.
pub(crate) fn ext_pool_empty() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    let pool = ok!(ExtPool::alloc(&tdx));
    check!(pool.pages() == 0);
    let donated = match ok!(pool.donate().call()) {
        Step::Done(donated) => donated,
        Step::Resume(_) => return Err(fail(line!(), "empty pool resumed")),
    };
    check!(donated.pages() == 0);
    check!(Simulator::calls(Leaf::ExtMemAdd) == 0);
    match donated.start().call() {
        Ok(Step::Done(ext)) => check!(ext.pool_pages() == 0),
        _ => return Err(fail(line!(), "extensions did not start")),
    }
    clean(host)
}

/// A pool dropped before its donation goes back to the host.
pub(crate) fn ext_pool_dropped_before_donation() -> Outcome {
    let (tdx, host) = up(SimConfig {
        pool_pages: 40,
        ..SimConfig::default()
    })?;
    let pool = ok!(ExtPool::alloc(&tdx));
    check!(Simulator::host_pages() == host.map(|h| h + 41));
    drop(pool);
    check!(Simulator::host_pages() == host);
    check!(Simulator::calls(Leaf::ExtMemAdd) == 0);
    // And it can be allocated again.
    drop(ok!(ExtPool::alloc(&tdx)));
    clean(host)
}

/// A donation abandoned part-way strands what the module took, with one
/// warning, and no second pool can be made.
pub(crate) fn ext_donation_abandoned() -> Outcome {
    let (tdx, host) = up(SimConfig {
        pool_pages: 700,
        ..SimConfig::default()
    })?;
    Simulator::interrupt_every(Leaf::ExtMemAdd, 100);
    let warnings = Simulator::warnings();
    let donation = ok!(ExtPool::alloc(&tdx)).donate();
    let donation = match ok!(donation.call()) {
        Step::Resume(next) => next,
        Step::Done(_) => return Err(fail(line!(), "interruption not seen")),
    };
    check!(Simulator::census().ext_pages == 100);
    drop(donation);
    check!(Simulator::warnings() == warnings.map(|w| w + 1));
    check!(Simulator::census().ext_pages == 100);
    // The list in flight (512 pages) may be the module's: stranded.
    check!(Simulator::host_pages() == host.map(|h| h + 512));
    check!(ExtPool::alloc(&tdx).err() == Some(Error::EIO));
    check!(Simulator::violations() == 0);
    Simulator::clear_faults();
    Ok(())
}

/// A refused list fails the donation with the module's status.
pub(crate) fn ext_donation_refused() -> Outcome {
    let (tdx, _host) = up(SimConfig {
        pool_pages: 1000,
        ..SimConfig::default()
    })?;
    Simulator::fail_call(Leaf::ExtMemAdd, 2, INVALID);
    let mut donation = ok!(ExtPool::alloc(&tdx)).donate();
    let error = loop {
        match donation.call() {
            Ok(Step::Resume(next)) => donation = next,
            Ok(Step::Done(_)) => return Err(fail(line!(), "refusal not seen")),
            Err(e) => break e,
        }
    };
    check!(error.status().map(|s| s.class()) == Some(StatusClass::Operand));
    check!(Simulator::calls(Leaf::ExtMemAdd) == 2);
    check!(Simulator::census().ext_pages == 512);
    check!(Simulator::violations() == 0);
    Simulator::clear_faults();
    Ok(())
}

/// A failed TDH.EXT.INIT hands the receipt back; the retry starts them.
pub(crate) fn ext_start_retry() -> Outcome {
    let (tdx, _host) = up(SimConfig {
        pool_pages: 8,
        ext_required: true,
        ..SimConfig::default()
    })?;
    let mut donation = ok!(ExtPool::alloc(&tdx)).donate();
    let donated = loop {
        match ok!(donation.call()) {
            Step::Resume(next) => donation = next,
            Step::Done(d) => break d,
        }
    };
    Simulator::fail_call(Leaf::ExtInit, 1, INVALID);
    let donated = match donated.start().call() {
        Err(f) => {
            check!(f.error.status() == Some(INVALID));
            f.object
        }
        Ok(_) => return Err(fail(line!(), "EXT.INIT failure not seen")),
    };
    match ok!(donated.start().call()) {
        Step::Done(ext) => check!(ext.pool_pages() == 8),
        Step::Resume(_) => return Err(fail(line!(), "unexpected interruption")),
    }
    Simulator::clear_faults();
    Ok(())
}

/// Drives an SPDM operation to its end, relaying requests to `device`:
/// the caller's loop. Counts relays and interruptions.
fn drive<F: SessionState, T: SessionState>(
    mut call: SpdmCall<F, T>,
    device: &Device,
    relays: &mut usize,
    interrupts: &mut usize,
) -> Result<Spdm<T>, Failed<Spdm<F>>> {
    for _ in 0..MAX_EXCHANGES {
        call = match call.call()? {
            SpdmStep::Resume(next) => {
                *interrupts += 1;
                next
            }
            SpdmStep::Relay(mut next) => {
                *relays += 1;
                if let Err(error) = device.relay(&mut next) {
                    // The device is gone: give the session back, idle or not.
                    return Err(Failed {
                        object: next.abandon(),
                        error,
                    });
                }
                next
            }
            SpdmStep::Done(session) => return Ok(session),
        };
    }
    Err(Failed {
        object: call.abandon(),
        error: Error::EIO,
    })
}

/// Drives a session management operation to its end, relaying requests
/// to `device`. Counts relays and interruptions.
fn drive_mng(
    mut call: SpdmMng<'_>,
    device: &Device,
    relays: &mut usize,
    interrupts: &mut usize,
) -> Result<(), Error> {
    for _ in 0..MAX_EXCHANGES {
        call = match call.call()? {
            RelayStep::Resume(next) => {
                *interrupts += 1;
                next
            }
            RelayStep::Relay(mut next) => {
                *relays += 1;
                device.relay(&mut next)?;
                next
            }
            RelayStep::Done(()) => return Ok(()),
        };
    }
    Err(Error::EIO)
}

/// An SPDM session through its life, relayed to a simulated device, with
/// an interruption after every message step.
pub(crate) fn spdm_session_relayed() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let device = ok!(Device::add(Function::new(0x10)));
        check!(Spdm::create(&tdx, Function::new(0x10), 0).err() == Some(Error::EINVAL));
        let idle = ok!(Spdm::create(&tdx, Function::new(0x10), 2));
        // A device relays only its own function's requests.
        let other = ok!(Device::add(Function::new(0x12)));
        let mut call = idle.connect();
        check!(other.relay(&mut call) == Err(Error::EINVAL));
        let idle = call.abandon();
        check!(Simulator::census().connect_pages == 2);
        Simulator::interrupt_every(Leaf::SpdmConnect, 1);
        let (mut relays, mut interrupts) = (0, 0);
        let session = ok!(drive(idle.connect(), &device, &mut relays, &mut interrupts));
        check!(relays == 6 && interrupts == 5);
        let mut info = [0u8; 64];
        check!(session.device_info(&mut info) == 36);
        check!(info[0] == 0x10);
        // No request pending: nothing is relayed, nothing replayed.
        check!(device.relay(&mut session.heartbeat()) == Err(Error::EINVAL));
        ok!(drive_mng(
            session.heartbeat(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        // What connect learnt stays readable after later operations.
        check!(session.device_info(&mut info) == 36);
        ok!(drive_mng(
            session.key_update(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        let idle = ok!(drive(
            session.disconnect(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        let stats = ok!(device.stats());
        check!(stats.messages == 9 && stats.sessions == 1 && !stats.session_open);
        check!(stats.heartbeats == 1 && stats.key_updates == 1);
        drop(idle);
        check!(Simulator::census().connect_pages == 0);
    }
    clean(host)
}

/// A worn session key: the heartbeat fails with the key-refresh status and
/// the session back; a key update and a retry go through.
pub(crate) fn spdm_key_refresh() -> Outcome {
    let (tdx, host) = up(SimConfig {
        spdm_key_ops: 1,
        ..SimConfig::default()
    })?;
    {
        let device = ok!(Device::add(Function::new(0x11)));
        let idle = ok!(Spdm::create(&tdx, Function::new(0x11), 1));
        let (mut relays, mut interrupts) = (0, 0);
        let session = ok!(drive(idle.connect(), &device, &mut relays, &mut interrupts));
        let mut refreshes = 0;
        for _ in 0..3 {
            match drive_mng(session.heartbeat(), &device, &mut relays, &mut interrupts) {
                Ok(()) => {}
                Err(e) if is_key_refresh(&e) => {
                    refreshes += 1;
                    ok!(drive_mng(
                        session.key_update(),
                        &device,
                        &mut relays,
                        &mut interrupts
                    ));
                    ok!(drive_mng(
                        session.heartbeat(),
                        &device,
                        &mut relays,
                        &mut interrupts
                    ));
                }
                Err(e) => {
                    return Err(Failure {
                        line: line!(),
                        what: "heartbeat failed",
                        error: Some(e),
                    })
                }
            }
        }
        check!(refreshes == 2);
        check!(ok!(device.stats()).heartbeats == 3);
        drop(session);
    }
    clean(host)
}

/// One extension call at a time; a device's wrong answer ends the attempt
/// and gives the idle session back, which can connect again.
pub(crate) fn spdm_queue_and_device_errors() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let dev_a = ok!(Device::add(Function::new(0x20)));
        let dev_b = ok!(Device::add(Function::new(0x21)));
        let a = ok!(Spdm::create(&tdx, Function::new(0x20), 1));
        let b = ok!(Spdm::create(&tdx, Function::new(0x21), 1));
        // a's connect waits for the device.
        let a_call = match a.connect().call() {
            Ok(SpdmStep::Relay(next)) => next,
            _ => return Err(fail(line!(), "connect did not ask the device")),
        };
        let b = match b.connect().call() {
            Err(f) => {
                check!(f.error.status().is_some_and(|s| s.is_busy()));
                f.object
            }
            Ok(_) => return Err(fail(line!(), "second extension call ran")),
        };
        // The device answers the third request with an error.
        let (mut relays, mut interrupts) = (0, 0);
        let mut a_call = a_call;
        ok!(dev_a.relay(&mut a_call));
        let a_call = match a_call.call() {
            Ok(SpdmStep::Relay(mut next)) => {
                ok!(dev_a.relay(&mut next));
                next
            }
            _ => return Err(fail(line!(), "no second request")),
        };
        ok!(dev_a.fail_next(true));
        let a = match drive(a_call, &dev_a, &mut relays, &mut interrupts) {
            Err(f) => {
                check!(f.error.status().map(|s| s.class()) == Some(StatusClass::Operand));
                f.object
            }
            Ok(_) => return Err(fail(line!(), "a wrong answer was taken")),
        };
        // The queue is free again: both connect.
        let _b = ok!(drive(b.connect(), &dev_b, &mut relays, &mut interrupts));
        let _a = ok!(drive(a.connect(), &dev_a, &mut relays, &mut interrupts));
        check!(Simulator::census().connect_pages == 2);
    }
    clean(host)
}

/// A device and a session connected to it (two metadata pages).
fn session_up(tdx: &Tdx, rid: u16) -> Result<(Device, Spdm<Connected>), Failure> {
    let device = ok!(Device::add(Function::new(rid)));
    let idle = ok!(Spdm::create(tdx, Function::new(rid), 2));
    let (mut relays, mut interrupts) = (0, 0);
    let session = ok!(drive(idle.connect(), &device, &mut relays, &mut interrupts));
    Ok((device, session))
}

/// Drives an IDE key management operation to its end, relaying requests
/// to `device`: the caller's loop. Counts relays and interruptions.
fn drive_km<'s, F: State, T: State>(
    mut call: KmCall<'s, F, T>,
    device: &Device,
    relays: &mut usize,
    interrupts: &mut usize,
) -> Result<Stream<'s, T>, Failed<Stream<'s, F>>> {
    for _ in 0..MAX_EXCHANGES {
        call = match call.call()? {
            RelayStep::Resume(next) => {
                *interrupts += 1;
                next
            }
            RelayStep::Relay(mut next) => {
                *relays += 1;
                if let Err(error) = device.relay(&mut next) {
                    return Err(Failed {
                        object: next.abandon(),
                        error,
                    });
                }
                next
            }
            RelayStep::Done(stream) => return Ok(stream),
        };
    }
    Err(Failed {
        object: call.abandon(),
        error: Error::EIO,
    })
}

/// TDX Connect metadata pages the module holds.
fn connect_pages() -> usize {
    Simulator::census().connect_pages
}

/// An IDE stream through its life on a connected session, its key
/// management relayed with an interruption after every message step; the
/// session is managed while streams live, and disconnects after them.
pub(crate) fn ide_stream_lifecycle() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let (device, session) = session_up(&tdx, 0x40)?;
        let base = connect_pages();
        let cfg = StreamConfig {
            root_port: 0x08,
            kind: StreamKind::Selective,
            ..StreamConfig::default()
        };
        let stream = ok!(Stream::create(&session, &cfg, 3));
        check!(stream.pages() == 3 && stream.id() != 0);
        check!(core::ptr::eq(stream.session(), &session));
        // A second stream on the session: a link stream of another port.
        let link = StreamConfig {
            root_port: 0x10,
            ..StreamConfig::default()
        };
        let other = ok!(Stream::create(&session, &link, 1));
        check!(other.id() != stream.id());
        check!(connect_pages() == base + 4);
        drop(other);
        check!(connect_pages() == base + 3);

        Simulator::interrupt_every(Leaf::IdeStreamKm, 1);
        let (mut relays, mut interrupts) = (0, 0);
        let active = ok!(drive_km(
            stream.setup_keys(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        // KEY_PROG, then K_SET_GO; interrupted between them.
        check!(relays == 2 && interrupts == 1);
        check!(Simulator::calls(Leaf::IdeStreamKm) == 4);
        check!(ok!(device.stats()).streams_live == 1);
        // The session is managed while its stream lives.
        ok!(drive_mng(
            session.heartbeat(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        ok!(drive_mng(
            session.key_update(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        let active = ok!(drive_km(
            active.refresh_keys(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        let created = ok!(drive_km(
            active.stop_keys(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        check!(ok!(device.stats()).streams_live == 0);
        // Stopped keys can be set up anew.
        let active = ok!(drive_km(
            created.setup_keys(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        let stats = ok!(device.stats());
        check!(stats.keys_programmed == 3 && stats.streams_live == 1);
        check!(stats.heartbeats == 1 && stats.key_updates == 1);
        let blocked = ok!(active.block());
        check!(blocked.pages() == 3);
        if blocked.delete().is_err() {
            return Err(fail(line!(), "delete of a blocked stream failed"));
        }
        check!(connect_pages() == base);
        check!(Simulator::calls(Leaf::IdeStreamBlock) == 2);
        check!(Simulator::calls(Leaf::IdeStreamDelete) == 2);
        // No stream borrows the session now: it can end.
        let idle = ok!(drive(
            session.disconnect(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        drop(idle);
        check!(connect_pages() == 0);
    }
    clean(host)
}

/// Dropping a stream at every stage gives its pages back: created, with a
/// key set-up prepared or waiting for the device, active, stopped, with a
/// refresh abandoned part-way, blocked. The module's call in flight goes
/// with the stream: the session's heartbeat runs after each.
pub(crate) fn ide_stream_drop_at_every_stage() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    let warnings = Simulator::warnings();
    {
        let (device, session) = session_up(&tdx, 0x41)?;
        let base = connect_pages();
        let (mut relays, mut interrupts) = (0, 0);
        for stage in 0..7 {
            let stream = ok!(Stream::create(&session, &StreamConfig::default(), 2));
            check!(connect_pages() == base + 2);
            match stage {
                0 => drop(stream),
                1 => drop(stream.setup_keys()),
                2 => match stream.setup_keys().call() {
                    Ok(RelayStep::Relay(next)) => drop(next),
                    _ => return Err(fail(line!(), "set-up did not ask the device")),
                },
                _ => {
                    let active = ok!(drive_km(
                        stream.setup_keys(),
                        &device,
                        &mut relays,
                        &mut interrupts
                    ));
                    match stage {
                        3 => drop(active),
                        4 => drop(ok!(drive_km(
                            active.stop_keys(),
                            &device,
                            &mut relays,
                            &mut interrupts
                        ))),
                        5 => match active.refresh_keys().call() {
                            Ok(RelayStep::Relay(next)) => drop(next.abandon()),
                            _ => return Err(fail(line!(), "refresh did not ask the device")),
                        },
                        _ => drop(ok!(active.block())),
                    }
                }
            }
            check!(connect_pages() == base);
            ok!(drive_mng(
                session.heartbeat(),
                &device,
                &mut relays,
                &mut interrupts
            ));
        }
        check!(Simulator::calls(Leaf::IdeStreamDelete) == 7);
    }
    check!(Simulator::warnings() == warnings);
    check!(connect_pages() == 0);
    clean(host)
}

/// What the module and the wrappers refuse surfaces as errors, with the
/// stream back in its old state where there is one.
pub(crate) fn ide_stream_errors_surface() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let (device, session) = session_up(&tdx, 0x42)?;
        let (mut relays, mut interrupts) = (0, 0);
        let cfg = StreamConfig {
            root_port: 0x08,
            ..StreamConfig::default()
        };
        check!(Stream::create(&session, &cfg, 0).err() == Some(Error::EINVAL));
        check!(Stream::create(&session, &cfg, 513).err() == Some(Error::EINVAL));
        Simulator::fail_call(Leaf::IdeStreamCreate, 1, INVALID);
        check!(Stream::create(&session, &cfg, 1).err() == Some(Error::Module(INVALID)));
        check!(connect_pages() == 2);
        let stream = ok!(Stream::create(&session, &cfg, 1));
        // One stream per root port and kind.
        let again = Stream::create(&session, &cfg, 1).err();
        check!(
            again
                .and_then(|e| e.status())
                .map(|s| (s.class(), s.operand()))
                == Some((StatusClass::Operand, 1))
        );

        // A heartbeat waits for the device: no stream is created and no
        // key management runs meanwhile.
        let heartbeat = match session.heartbeat().call() {
            Ok(RelayStep::Relay(next)) => next,
            _ => return Err(fail(line!(), "heartbeat did not ask the device")),
        };
        let port2 = StreamConfig {
            root_port: 0x10,
            ..StreamConfig::default()
        };
        let refused = Stream::create(&session, &port2, 1).err();
        check!(refused.and_then(|e| e.status()).map(|s| s.class()) == Some(StatusClass::System));
        let stream = match stream.setup_keys().call() {
            Err(f) => {
                check!(f.error.status().is_some_and(|s| s.is_busy()));
                f.object
            }
            Ok(_) => return Err(fail(line!(), "key set-up ran beside a heartbeat")),
        };
        // The heartbeat goes on where it was.
        ok!(drive_mng(heartbeat, &device, &mut relays, &mut interrupts));

        // A wrong answer from the device ends the set-up; the stream is
        // back, without keys, and sets them up on a second try.
        ok!(device.fail_next(true));
        let stream = match drive_km(stream.setup_keys(), &device, &mut relays, &mut interrupts) {
            Err(f) => {
                check!(f.error.status().map(|s| s.class()) == Some(StatusClass::Operand));
                f.object
            }
            Ok(_) => return Err(fail(line!(), "a wrong answer was taken")),
        };
        let active = ok!(drive_km(
            stream.setup_keys(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        // A refresh left waiting for the device keeps heartbeats out.
        let active = match active.refresh_keys().call() {
            Ok(RelayStep::Relay(next)) => next.abandon(),
            _ => return Err(fail(line!(), "refresh did not ask the device")),
        };
        let busy = drive_mng(session.heartbeat(), &device, &mut relays, &mut interrupts);
        check!(busy
            .err()
            .and_then(|e| e.status())
            .is_some_and(|s| s.is_busy()));
        // A block the module refuses gives the stream back, active; the
        // retry blocks it and drops the refresh.
        Simulator::fail_call(Leaf::IdeStreamBlock, 1, BUSY);
        let active = match active.block() {
            Err(f) => {
                check!(f.error.status() == Some(BUSY));
                f.object
            }
            Ok(_) => return Err(fail(line!(), "refused block not seen")),
        };
        let blocked = ok!(active.block());
        ok!(drive_mng(
            session.heartbeat(),
            &device,
            &mut relays,
            &mut interrupts
        ));
        // A delete the module refuses gives the stream back, blocked.
        Simulator::fail_call(Leaf::IdeStreamDelete, 1, INVALID);
        let blocked = match blocked.delete() {
            Err(ReleaseError::Kept(f)) => {
                check!(f.error.status() == Some(INVALID));
                f.object
            }
            _ => return Err(fail(line!(), "refused delete not seen")),
        };
        check!(connect_pages() == 3);
        if blocked.delete().is_err() {
            return Err(fail(line!(), "second delete failed"));
        }
        check!(connect_pages() == 2);
    }
    clean(host)
}

/// Releases that cannot finish at drop: a refused delete strands the
/// stream's pages with one warning (and the module keeps the session, so
/// its release strands too); a busy module leaks the stream with one
/// warning, and the session, counted as having a stream, is stranded when
/// dropped.
pub(crate) fn ide_stream_release_refused() -> Outcome {
    for busy in [false, true] {
        let (tdx, host) = up(SimConfig::default())?;
        let warnings = Simulator::warnings();
        {
            let (_device, session) = session_up(&tdx, 0x43)?;
            let stream = ok!(Stream::create(&session, &StreamConfig::default(), 2));
            if busy {
                Simulator::fail_call(Leaf::IdeStreamBlock, 1, BUSY);
            } else {
                Simulator::fail_call(Leaf::IdeStreamDelete, 1, INVALID);
            }
            drop(stream);
            check!(Simulator::warnings() == warnings.map(|w| w + 1));
            check!(connect_pages() == 4);
        }
        check!(Simulator::warnings() == warnings.map(|w| w + 2));
        check!(connect_pages() == 4);
        check!(Simulator::violations() == 0);
        // The module's pages stay allocated; a leaked stream keeps its
        // list page and its session's too.
        let kept = if busy { 2 + 1 + 2 + 1 } else { 2 + 2 };
        check!(Simulator::host_pages() == host.map(|h| h + kept));
        Simulator::clear_faults();
    }
    Ok(())
}

/// A trusted IOMMU set up with its resume loop, dropped, set up again; a
/// unit without TDX mode is refused and its metadata freed.
pub(crate) fn iommu_setup_and_drop() -> Outcome {
    let (tdx, host) = up(SimConfig::default())?;
    {
        let refused = ok!(TrustedIommu::setup(&tdx, 0xFED9_1000, 0, 1)).call();
        check!(refused.err().and_then(|e| e.status()).map(|s| s.operand()) == Some(1));
        check!(TrustedIommu::setup(&tdx, 0xFED9_0001, 0, 1).err() == Some(Error::EINVAL));
        Simulator::interrupt_every(Leaf::IommuSetup, 1);
        for _ in 0..2 {
            let mut setup = ok!(TrustedIommu::setup(&tdx, 0xFED9_0000, 1, 3));
            let mut calls = 0;
            let iommu = loop {
                calls += 1;
                match ok!(setup.call()) {
                    Step::Resume(next) => setup = next,
                    Step::Done(iommu) => break iommu,
                }
            };
            // Two queues of two pages and three pages, an entry a call.
            check!(calls == 5);
            check!(Simulator::census().connect_pages == 7);
            check!(iommu.id() != 0);
        }
        check!(Simulator::census().connect_pages == 0);
        // Abandoned part-way: the drop finishes and undoes it.
        let setup = ok!(TrustedIommu::setup(&tdx, 0xFED9_0000, 0, 2));
        match ok!(setup.call()) {
            Step::Resume(next) => drop(next),
            Step::Done(_) => return Err(fail(line!(), "setup not interrupted")),
        }
        check!(Simulator::census().connect_pages == 0);
    }
    clean(host)
}

/// Status classes and names come from the C classifiers.
pub(crate) fn status_classes() -> Outcome {
    check!(BUSY.is_busy() && BUSY.class() == StatusClass::Busy);
    check!(BUSY.operand() == 1);
    check!(BUSY.name() == "TDX_OPERAND_BUSY");
    check!(Status::interrupted_resumable().is_interrupted());
    check!(!Status::interrupted_resumable().is_busy());
    check!(Status::bad_input().class() == StatusClass::Software);
    check!(INVALID.is_error() && !INVALID.is_busy());
    check!(Error::Module(INVALID).to_errno() == Error::EIO.to_errno());
    check!(Status::from_raw(0).is_success());
    Ok(())
}

/// The next module update, as an image ready for P-SEAMLDR.
fn next_module(tdx: &Tdx) -> Result<ModuleImage, Failure> {
    let image = ok!(SimImage::build(&SimModule::next_after(tdx)));
    Ok(ok!(ModuleImage::new(image.bytes())))
}

/// A module update under a running TD: its vCPUs run again after it, the
/// module holds the same pages, and everything comes back on drop.
pub(crate) fn update_keeps_running_td() -> Outcome {
    let (mut tdx, host) = up(SimConfig {
        pool_pages: 16,
        ext_required: true,
        ..SimConfig::default()
    })?;
    let pool = ok!(ExtPool::alloc(&tdx));
    let mut donation = pool.donate();
    let donated = loop {
        match ok!(donation.call()) {
            Step::Resume(next) => donation = next,
            Step::Done(donated) => break donated,
        }
    };
    let mut start = donated.start();
    let _extensions = loop {
        match ok!(start.call()) {
            Step::Resume(next) => start = next,
            Step::Done(ext) => break ext,
        }
    };
    let ext_inits = Simulator::calls(Leaf::ExtInit);
    {
        let td = ok!(Td::new(&tdx));
        let initialized = ok!(ok!(ok!(td.create()).configure_key()).init(1));
        let vcpu = ok!(ok!(initialized.create_vcpu()).init(&initialized, 0));
        let runnable = ok!(initialized.finalize());
        let mut vcpu = vcpu;
        check!(!ok!(vcpu.enter(&runnable)).is_error());
        let census = Simulator::census();

        let image = next_module(&tdx)?;
        ok!(tdx.update(&image, false));
        check!(tdx.version() == (1, 5, 2));
        check!(Simulator::calls(Leaf::SysShutdown) == 1);
        check!(Simulator::calls(Leaf::SysUpdate) == 1);
        check!(Simulator::calls(Leaf::SeamldrInstall) >= 1);
        check!(Simulator::census() == census);
        // The extensions were restarted on the same pool.
        check!(Simulator::calls(Leaf::ExtInit) > ext_inits);
        check!(!ok!(vcpu.enter(&runnable)).is_error());
    }
    // The pool is the module's for good.
    clean(host.map(|pages| pages + 16))
}

/// A TD being built makes an update wait (the module avoids
/// compat-sensitive flows); nothing changes, and once the build is done
/// it goes through.
pub(crate) fn update_waits_for_td_build() -> Outcome {
    let (mut tdx, host) = up(SimConfig::default())?;
    let image = next_module(&tdx)?;
    {
        let td = ok!(Td::new(&tdx));
        let initialized = ok!(ok!(ok!(td.create()).configure_key()).init(1));
        match tdx.update(&image, false) {
            Err(UpdateError::Unchanged(e, Some(f))) => {
                check!(e == Error::EBUSY);
                check!(f.step == UpdateStep::Shutdown);
                check!(f.status == StepStatus::Module(Status::from_raw(0x8000_0512_0000_0000)));
            }
            _ => check!(false),
        }
        check!(tdx.version() == (1, 5, 1));
        let vcpu = ok!(ok!(initialized.create_vcpu()).init(&initialized, 0));
        let runnable = ok!(initialized.finalize());
        ok!(tdx.update(&image, false));
        check!(tdx.version() == (1, 5, 2));
        let mut vcpu = vcpu;
        check!(!ok!(vcpu.enter(&runnable)).is_error());
    }
    drop(image);
    clean(host)
}

/// A malformed image never reaches the module; a module P-SEAMLDR refuses,
/// or one that fails to take the handoff over, loses the module.
pub(crate) fn update_failures_reported() -> Outcome {
    let (mut tdx, _host) = up(SimConfig::default())?;
    let mut image = ok!(SimImage::build(&SimModule::next_after(&tdx)));
    check!(ModuleImage::new(&image.bytes()[..4096]).err() == Some(Error::EINVAL));

    // Contention at the shutdown: nothing changed, try again.
    Simulator::fail_call(
        Leaf::SysShutdown,
        1,
        Status::from_raw(0x8000_0202_0000_0000),
    );
    let ready = ok!(ModuleImage::new(image.bytes()));
    match tdx.update(&ready, false) {
        Err(UpdateError::Unchanged(e, Some(f))) => {
            check!(e == Error::EBUSY && f.step == UpdateStep::Shutdown);
        }
        _ => check!(false),
    }
    check!(tdx.version() == (1, 5, 1));

    image.corrupt();
    let bad = ok!(ModuleImage::new(image.bytes()));
    match tdx.update(&bad, false) {
        Err(e @ UpdateError::ModuleLost(f)) => {
            check!(f.step == UpdateStep::Install);
            // P-SEAMLDR's EBADPARAM: the module does not match its sigstruct.
            check!(f.status == StepStatus::Seamldr(0x8000_0000_0000_0000));
            check!(Error::from(e) == Error::EIO);
        }
        _ => check!(false),
    }
    // No module serves the lost one's TDs: a new TD cannot even start.
    check!(Td::new(&tdx).is_err());

    let (mut tdx, _host) = up(SimConfig::default())?;
    let ready = next_module(&tdx)?;
    Simulator::fail_call(Leaf::SysUpdate, 1, Status::from_raw(0xC000_0509_0000_0000));
    match tdx.update(&ready, false) {
        Err(UpdateError::ModuleLost(f)) => check!(f.step == UpdateStep::RunUpdate),
        _ => check!(false),
    }
    Simulator::clear_faults();
    Ok(())
}

/// A scenario.
pub(crate) type Scenario = fn() -> Outcome;

/// The scenarios, by name.
pub(crate) const SCENARIOS: &[(&str, Scenario)] = &[
    ("td_build_run_drop", td_build_run_drop),
    ("td_drop_at_every_stage", td_drop_at_every_stage),
    ("failed_transitions_give_back", failed_transitions_give_back),
    ("vcpu_enter_checks_its_td", vcpu_enter_checks_its_td),
    ("vcpu_init_checks_its_td", vcpu_init_checks_its_td),
    (
        "sim_restart_waits_for_objects",
        sim_restart_waits_for_objects,
    ),
    ("ext_receipt_recovered", ext_receipt_recovered),
    ("td_creates_once", td_creates_once),
    ("keyids_run_out", keyids_run_out),
    ("vcpu_destroy_reports_kept", vcpu_destroy_reports_kept),
    ("ext_pool_donation", ext_pool_donation),
    ("ext_pool_empty", ext_pool_empty),
    (
        "ext_pool_dropped_before_donation",
        ext_pool_dropped_before_donation,
    ),
    ("ext_donation_abandoned", ext_donation_abandoned),
    ("ext_donation_refused", ext_donation_refused),
    ("ext_start_retry", ext_start_retry),
    ("spdm_session_relayed", spdm_session_relayed),
    ("spdm_key_refresh", spdm_key_refresh),
    ("spdm_queue_and_device_errors", spdm_queue_and_device_errors),
    ("ide_stream_lifecycle", ide_stream_lifecycle),
    (
        "ide_stream_drop_at_every_stage",
        ide_stream_drop_at_every_stage,
    ),
    ("ide_stream_errors_surface", ide_stream_errors_surface),
    ("ide_stream_release_refused", ide_stream_release_refused),
    ("iommu_setup_and_drop", iommu_setup_and_drop),
    ("update_keeps_running_td", update_keeps_running_td),
    ("update_waits_for_td_build", update_waits_for_td_build),
    ("update_failures_reported", update_failures_reported),
    ("status_classes", status_classes),
];
