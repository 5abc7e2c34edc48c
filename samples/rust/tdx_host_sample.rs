// SPDX-License-Identifier: GPL-2.0

//! A tdx-host-shaped driver on the safe Rust API of tdx-core.
//!
//! It does what a TDX Connect host driver does at probe, then what a VMM
//! does with a TD: brings the module's extensions up (donating the memory
//! pool with a visible resume loop, then starting them), puts the IOMMU in
//! TDX mode, sets up an SPDM session with a device (relaying the module's
//! messages to it), opens an IDE stream on it (keys set up, the stream
//! started, keys refreshed, the session kept alive meanwhile, the stream
//! blocked and dropped), ends the session, builds a TD with vCPUs, runs
//! each vCPU once, updates the TDX module under the running TD (as
//! tdx-host's firmware upload does) and runs each vCPU again, tears
//! everything down by dropping it, and reports a
//! ledger of the control pages: allocated, handed to the module,
//! returned, stranded; and of the TDX Connect metadata pages stranded.
//! The module's own census is the account.
//!
//! It uses only the safe API (the crate roots that include it forbid
//! anything else) and cannot name the raw bindings. Built into a kernel
//! it runs at boot; on the host, `make demo` runs it over the simulated
//! module (`rust/sample_main.rs`).

use core::fmt::Write;

use super::tdx::connect::is_key_refresh;
use super::tdx::connect::Connected;
use super::tdx::connect::Function;
use super::tdx::connect::RelayStep;
use super::tdx::connect::SessionState;
use super::tdx::connect::Spdm;
use super::tdx::connect::SpdmCall;
use super::tdx::connect::SpdmMng;
use super::tdx::connect::TrustedIommu;
use super::tdx::connect::MAX_EXCHANGES;
use super::tdx::error::Error;
use super::tdx::error::Failed;
use super::tdx::error::Result;
use super::tdx::ext::Donated;
use super::tdx::ext::ExtPool;
use super::tdx::ide::KmCall;
use super::tdx::ide::KmStep;
use super::tdx::ide::State;
use super::tdx::ide::Stream;
use super::tdx::ide::StreamConfig;
use super::tdx::ide::StreamKind;
use super::tdx::sim::Device;
use super::tdx::sim::SimImage;
use super::tdx::sim::SimModule;
use super::tdx::sim::Simulator;
use super::tdx::td::Td;
use super::tdx::update::ModuleImage;
use super::tdx::Step;
use super::tdx::Tdx;

/// vCPUs of the sample TD.
const NR_VCPUS: usize = 3;

/// Requester id of the (simulated) device the sample talks SPDM to.
const DEVICE_RID: u16 = 0x0310;

/// VT-d register base of the (simulated) platform's TDX-capable IOMMU.
const IOMMU_REG_BASE: u64 = 0xFED9_0000;

/// Heartbeats the sample sends in its SPDM session.
const HEARTBEATS: usize = 3;

/// Device and function number of the root port at the IDE stream's end.
const ROOT_PORT_DEVFN: u8 = 0x08;

/// What the sample saw happen to its pages.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Ledger {
    /// Pages of the extension pool the module took.
    pub(crate) pool_pages: usize,
    /// TDH.EXT.MEM.ADD calls it took (interruptions included).
    pub(crate) pool_calls: usize,
    /// Control pages allocated for the TD and its vCPUs.
    pub(crate) allocated: usize,
    /// Of those, pages the module held at the peak.
    pub(crate) handed_over: usize,
    /// Pages the module gave back at teardown.
    pub(crate) returned: usize,
    /// Pages the module kept.
    pub(crate) stranded: usize,
    /// SPDM messages relayed between the module and the device.
    pub(crate) spdm_messages: usize,
    /// Of those, IDE key management messages.
    pub(crate) ide_messages: usize,
    /// TDX Connect metadata pages (SPDM session, IDE stream) the module
    /// kept after they were dropped.
    pub(crate) connect_stranded: usize,
    /// Module updates after which the TD's vCPUs ran again.
    pub(crate) updates_survived: usize,
}

impl Ledger {
    /// Every control page handed over came back, and every TDX Connect
    /// metadata page too; the TD lived through the module update.
    pub(crate) fn balanced(&self) -> bool {
        self.handed_over == self.allocated
            && self.returned == self.handed_over
            && self.stranded == 0
            && self.connect_stranded == 0
            && self.updates_survived == 1
    }
}

/// Donates the extension memory pool and starts the extensions.
fn bring_up_extensions(tdx: &Tdx, out: &mut dyn Write, ledger: &mut Ledger) -> Result<()> {
    let donated = match ExtPool::alloc(tdx) {
        Ok(pool) => {
            let _ = writeln!(out, "donating {} pages to the extensions", pool.pages());
            let mut donation = pool.donate();
            // TDH.EXT.MEM.ADD resumes until the module has every page; each
            // call takes at least one page of a finite pool, or fails, so
            // this ends.
            loop {
                ledger.pool_calls += 1;
                match donation.call()? {
                    Step::Resume(next) => donation = next,
                    Step::Done(donated) => break donated,
                }
            }
        }
        // Donated earlier (by another driver, or an earlier run): start
        // the extensions if that donor did not.
        Err(Error::EEXIST) => match Donated::recover(tdx) {
            Ok(donated) => donated,
            Err(Error::EEXIST) => {
                let _ = writeln!(out, "extensions already up");
                return Ok(());
            }
            Err(e) => return Err(e),
        },
        Err(e) => return Err(e),
    };
    ledger.pool_pages = donated.pages();
    // TDH.EXT.INIT resumes with the same inputs; each call finishes one of
    // the module's finite work units, so this ends too.
    let mut start = donated.start();
    let ext = loop {
        match start.call()? {
            Step::Resume(next) => start = next,
            Step::Done(ext) => break ext,
        }
    };
    let _ = writeln!(
        out,
        "extensions up on {} pages after {} TDH.EXT.MEM.ADD calls",
        ext.pool_pages(),
        ledger.pool_calls
    );
    Ok(())
}

/// Puts the platform's VT-d unit in TDX mode; the returned IOMMU takes it
/// out again when dropped.
fn trusted_iommu(tdx: &Tdx, out: &mut dyn Write) -> Result<TrustedIommu> {
    let mut setup = TrustedIommu::setup(tdx, IOMMU_REG_BASE, 1, 4)?;
    let mut calls = 0;
    // TDH.IOMMU.SETUP resumes with the same inputs; each call takes
    // entries of a finite list, so this ends.
    let iommu = loop {
        calls += 1;
        match setup.call()? {
            Step::Resume(next) => setup = next,
            Step::Done(iommu) => break iommu,
        }
    };
    let _ = writeln!(
        out,
        "trusted IOMMU {} at {IOMMU_REG_BASE:#x} set up in {calls} calls",
        iommu.id()
    );
    Ok(iommu)
}

/// Drives one SPDM operation that changes the session's state (connect,
/// disconnect), carrying each of the module's requests to the device and
/// its answer back. Connect takes six exchanges; the bound only stops a
/// misbehaving module or device. A failed operation gives the session
/// back, in its old state.
fn relay<F: SessionState, T: SessionState>(
    mut call: SpdmCall<F, T>,
    device: &Device,
    ledger: &mut Ledger,
) -> core::result::Result<Spdm<T>, Failed<Spdm<F>>> {
    for _ in 0..MAX_EXCHANGES {
        call = match call.call()? {
            RelayStep::Resume(next) => next,
            RelayStep::Relay(mut next) => {
                if let Err(error) = device.relay(&mut next) {
                    return Err(Failed {
                        object: next.abandon(),
                        error,
                    });
                }
                ledger.spdm_messages += 1;
                next
            }
            RelayStep::Done(session) => return Ok(session),
        };
    }
    Err(Failed {
        object: call.abandon(),
        error: Error::EIO,
    })
}

/// Drives one management operation of a connected session (heartbeat,
/// key update) the same way; the session stays borrowed, not moved.
fn relay_mng(mut call: SpdmMng<'_>, device: &Device, ledger: &mut Ledger) -> Result<()> {
    for _ in 0..MAX_EXCHANGES {
        call = match call.call()? {
            RelayStep::Resume(next) => next,
            RelayStep::Relay(mut next) => {
                device.relay(&mut next)?;
                ledger.spdm_messages += 1;
                next
            }
            RelayStep::Done(()) => return Ok(()),
        };
    }
    Err(Error::EIO)
}

/// Drives one key management operation of an IDE stream the same way. On
/// failure the stream is dropped, which blocks and deletes it.
fn relay_keys<'s, F: State, T: State>(
    mut call: KmCall<'s, F, T>,
    device: &Device,
    ledger: &mut Ledger,
) -> Result<Stream<'s, T>> {
    for _ in 0..MAX_EXCHANGES {
        call = match call.call()? {
            KmStep::Resume(next) => next,
            KmStep::Relay(mut next) => {
                device.relay(&mut next)?;
                ledger.spdm_messages += 1;
                ledger.ide_messages += 1;
                next
            }
            KmStep::Done(stream) => return Ok(stream),
        };
    }
    Err(Error::EIO)
}

/// Keeps the session alive, with a key update when the module asks for
/// one.
fn keep_alive(
    session: &Spdm<Connected>,
    device: &Device,
    out: &mut dyn Write,
    ledger: &mut Ledger,
) -> Result<()> {
    for _ in 0..HEARTBEATS {
        match relay_mng(session.heartbeat(), device, ledger) {
            Ok(()) => {}
            // The session key served its time: update it, then retry.
            Err(e) if is_key_refresh(&e) => {
                let _ = writeln!(out, "session key update asked for");
                relay_mng(session.key_update(), device, ledger)?;
                relay_mng(session.heartbeat(), device, ledger)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Opens an IDE stream to the device on the session: keys set up and the
/// stream started, keys refreshed once, the session kept alive while the
/// stream lives; then the stream is blocked and dropped.
fn ide_stream(
    session: &Spdm<Connected>,
    device: &Device,
    out: &mut dyn Write,
    ledger: &mut Ledger,
) -> Result<()> {
    let cfg = StreamConfig {
        root_port: ROOT_PORT_DEVFN,
        kind: StreamKind::Selective,
        ..StreamConfig::default()
    };
    let stream = Stream::create(session, &cfg, 2)?;
    let _ = writeln!(
        out,
        "IDE stream {} at root port {ROOT_PORT_DEVFN:02x} (IDE id {}): {} metadata pages",
        stream.id(),
        stream.root_port_ide_id(),
        stream.pages()
    );
    // The module programs the keys (IDE_KM KEY_PROG), then starts the
    // stream (K_SET_GO): each request goes to the device through us.
    let messages = ledger.ide_messages;
    let active = relay_keys(stream.setup_keys(), device, ledger)?;
    let _ = writeln!(
        out,
        "IDE stream keys set up and started after {} relayed messages",
        ledger.ide_messages.saturating_sub(messages)
    );
    let active = relay_keys(active.refresh_keys(), device, ledger)?;
    let _ = writeln!(out, "IDE stream keys refreshed");
    // The session stays manageable while its stream lives.
    keep_alive(session, device, out, ledger)?;
    let blocked = active.block()?;
    let _ = writeln!(out, "IDE stream blocked");
    // Dropping it deletes it, writes its pages back and frees them.
    drop(blocked);
    Ok(())
}

/// Sets up a secure SPDM session with the device, opens an IDE stream on
/// it, and ends the session.
fn secure_session(tdx: &Tdx, out: &mut dyn Write, ledger: &mut Ledger) -> Result<()> {
    let function = Function::new(DEVICE_RID);
    let device = Device::add(function)?;
    let connect_pages = Simulator::census().connect_pages;
    let session = relay(Spdm::create(tdx, function, 2)?.connect(), &device, ledger)?;
    let mut info = [0u8; 64];
    let len = session.device_info(&mut info);
    let _ = writeln!(
        out,
        "SPDM session {} with device {:04x} up; device info {len} bytes",
        session.id(),
        function.rid()
    );
    ide_stream(&session, &device, out, ledger)?;
    let idle = relay(session.disconnect(), &device, ledger)?;
    let _ = writeln!(
        out,
        "SPDM session ended after {} relayed messages ({} for IDE keys)",
        ledger.spdm_messages, ledger.ide_messages
    );
    // Dropping it deletes the session and writes its pages back.
    drop(idle);
    ledger.connect_stranded = Simulator::census()
        .connect_pages
        .saturating_sub(connect_pages);
    Ok(())
}

/// Replaces the module under whatever runs. tdx-host gets the image from
/// user space (the firmware loader); over the simulated module the
/// simulator makes the next update of the running one.
fn update_module(tdx: &mut Tdx, out: &mut dyn Write) -> Result<()> {
    let before = tdx.version();
    let image = SimImage::build(&SimModule::next_after(tdx))?;
    let image = ModuleImage::new(image.bytes())?;
    // Refused while a TD is being built: that is for user space to retry.
    tdx.update(&image, false)?;
    let after = tdx.version();
    let _ = writeln!(
        out,
        "TDX module updated from {}.{}.{} to {}.{}.{}",
        before.0, before.1, before.2, after.0, after.1, after.2
    );
    Ok(())
}

/// Builds a TD with vCPUs, runs them, updates the module, runs them
/// again, and drops it all.
fn run_td(tdx: &mut Tdx, out: &mut dyn Write, ledger: &mut Ledger) -> Result<()> {
    let td_pages_before = Simulator::census().td_pages;
    {
        let td = Td::new(tdx)?;
        ledger.allocated += td.pages();
        let initialized = td.create()?.configure_key()?.init(NR_VCPUS as u16)?;
        let mut vcpus = [
            initialized.create_vcpu()?.init(&initialized, 0)?,
            initialized.create_vcpu()?.init(&initialized, 1)?,
            initialized.create_vcpu()?.init(&initialized, 2)?,
        ];
        let runnable = initialized.finalize()?;
        ledger.allocated += vcpus.iter().map(|v| v.pages()).sum::<usize>();
        ledger.handed_over =
            td.module_pages() + vcpus.iter().map(|v| v.module_pages()).sum::<usize>();
        let _ = writeln!(
            out,
            "TD built: {} vCPUs, {} control pages with the module",
            vcpus.len(),
            ledger.handed_over
        );
        for (i, vcpu) in vcpus.iter_mut().enumerate() {
            let exit = vcpu.enter(&runnable)?;
            let _ = writeln!(out, "vCPU {i} ran; exit reason {}", exit.operand());
        }
        let held = Simulator::module_pages();
        update_module(tdx, out)?;
        for vcpu in vcpus.iter_mut() {
            vcpu.enter(&runnable)?;
        }
        // Same pages with the module, and every vCPU ran again.
        if Simulator::module_pages() == held {
            ledger.updates_survived += 1;
        }
        let _ = writeln!(out, "all {} vCPUs ran again after the update", vcpus.len());
        // Dropping the vCPUs flushes them; their pages wait on the TD.
        // Dropping the TD releases its key, reclaims every page and frees
        // it: one step, whatever stage the TD reached.
    }
    let td_pages_after = Simulator::census().td_pages;
    ledger.stranded = td_pages_after.saturating_sub(td_pages_before);
    // More stranded than handed over: someone else's TD went wrong meanwhile.
    ledger.returned = ledger
        .handed_over
        .checked_sub(ledger.stranded)
        .ok_or(Error::EIO)?;
    Ok(())
}

/// Runs the sample, writing its report to `out`.
pub(crate) fn run(out: &mut dyn Write) -> Result<Ledger> {
    let mut ledger = Ledger::default();
    let mut tdx = Tdx::enable()?;
    let (major, minor, update) = tdx.version();
    let _ = writeln!(
        out,
        "TDX module {major}.{minor}.{update}: TD {} pages, vCPU {} pages, {} key ids",
        tdx.td_pages(),
        tdx.vcpu_pages(),
        tdx.guest_keyids()
    );
    bring_up_extensions(&tdx, out, &mut ledger)?;
    let iommu = trusted_iommu(&tdx, out)?;
    secure_session(&tdx, out, &mut ledger)?;
    // Out of TDX mode again, its metadata written back and freed.
    drop(iommu);
    run_td(&mut tdx, out, &mut ledger)?;
    let _ = writeln!(
        out,
        "ledger: {} allocated, {} handed to the module, {} returned, {} stranded, \
         {} TDX Connect pages stranded, {} module update survived: {}",
        ledger.allocated,
        ledger.handed_over,
        ledger.returned,
        ledger.stranded,
        ledger.connect_stranded,
        ledger.updates_survived,
        if ledger.balanced() {
            "balanced"
        } else {
            "NOT BALANCED"
        }
    );
    let _ = writeln!(out, "module rule violations: {}", Simulator::violations());
    Ok(ledger)
}
