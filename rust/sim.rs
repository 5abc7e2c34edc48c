// SPDX-License-Identifier: GPL-2.0

//! Control and audit of the simulated TDX module.
//!
//! Tests and samples use this to load a fresh module with a given shape,
//! inject failures and interruptions, and ask the module which pages it
//! holds. It does nothing useful on TDX hardware.

use super::connect::Exchange;
use super::connect::Function;
use super::error::Result;
use super::error::Status;
use super::ffi;

/// The shape of a simulated module.
///
/// # Examples
///
/// ```
/// use tdx::sim::{SimConfig, Simulator};
///
/// Simulator::start(SimConfig { pool_pages: 32, ext_required: true, ..SimConfig::default() })?;
/// assert_eq!(tdx::Tdx::enable()?.ext_pool_pages(), 32);
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SimConfig {
    /// Session operations an SPDM session key serves before the module
    /// asks for a key update; 0 = never.
    pub spdm_key_ops: u32,
    /// Pages the extensions need (MEMORY_POOL_REQUIRED_PAGES).
    pub pool_pages: u32,
    /// Whether TDH.EXT.INIT must be called.
    pub ext_required: bool,
    /// Work units of TDH.EXT.INIT (each interruptible).
    pub ext_init_units: u32,
    /// Private key ids; `None` keeps the module's default.
    pub nr_keyids: Option<u32>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            spdm_key_ops: 0,
            pool_pages: 0,
            ext_required: false,
            ext_init_units: 4,
            nr_keyids: None,
        }
    }
}

/// SEAMCALL leaves, for fault injection and call counts.
///
/// # Examples
///
/// ```
/// use tdx::sim::{Leaf, SimConfig, Simulator};
///
/// Simulator::start(SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// Simulator::fail_call(Leaf::MngCreate, 1, tdx::error::Status::bad_input());
/// let td = tdx::td::Td::new(&tdx)?;
/// assert!(td.create().is_err());
/// assert!(td.create().is_ok());
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leaf {
    /// TDH.MNG.CREATE.
    MngCreate,
    /// TDH.MNG.KEY.CONFIG.
    MngKeyConfig,
    /// TDH.MNG.ADDCX.
    MngAddcx,
    /// TDH.MNG.INIT.
    MngInit,
    /// TDH.MR.FINALIZE.
    MrFinalize,
    /// TDH.VP.CREATE.
    VpCreate,
    /// TDH.VP.ADDCX.
    VpAddcx,
    /// TDH.VP.INIT.
    VpInit,
    /// TDH.VP.ENTER.
    VpEnter,
    /// TDH.VP.FLUSH.
    VpFlush,
    /// TDH.PHYMEM.PAGE.RECLAIM.
    PageReclaim,
    /// TDH.MNG.KEY.FREEID.
    KeyFreeid,
    /// TDH.EXT.MEM.ADD.
    ExtMemAdd,
    /// TDH.EXT.INIT.
    ExtInit,
    /// TDH.SYS.SHUTDOWN.
    SysShutdown,
    /// TDH.SYS.UPDATE.
    SysUpdate,
    /// P-SEAMLDR's SEAMLDR.INSTALL (counted with the module's leaves).
    SeamldrInstall,
    /// TDH.SPDM.CONNECT (its interruption setting is shared with
    /// DISCONNECT and MNG).
    SpdmConnect,
    /// TDH.SPDM.MNG.
    SpdmMng,
    /// TDH.IOMMU.SETUP (its interruption setting is shared with CLEAR).
    IommuSetup,
    /// TDH.IDE.STREAM.CREATE.
    IdeStreamCreate,
    /// TDH.IDE.STREAM.KM (its interruption setting is shared with the
    /// SPDM leaves).
    IdeStreamKm,
    /// TDH.IDE.STREAM.BLOCK.
    IdeStreamBlock,
    /// TDH.IDE.STREAM.DELETE.
    IdeStreamDelete,
}

/// Pages the simulated module holds, by kind.
///
/// # Examples
///
/// ```
/// use tdx::sim::{SimConfig, Simulator};
///
/// Simulator::start(SimConfig::default())?;
/// let _tdx = tdx::Tdx::enable()?;
/// let census = Simulator::census();
/// assert!(census.pamt_pages > 0);
/// assert_eq!((census.td_pages, census.ext_pages), (0, 0));
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Census {
    /// Pages of TDs: control pages, guest memory, secure EPT.
    pub td_pages: usize,
    /// Pages donated to the extensions.
    pub ext_pages: usize,
    /// Pages holding the PAMT.
    pub pamt_pages: usize,
    /// Metadata pages of TDX Connect objects (SPDM sessions, IDE streams,
    /// trusted IOMMUs).
    pub connect_pages: usize,
}

/// The simulated module's controls.
///
/// # Examples
///
/// ```
/// use tdx::sim::{Leaf, SimConfig, Simulator};
///
/// Simulator::start(SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let td = tdx::td::Td::new(&tdx)?;
/// let _created = td.create()?;
/// assert_eq!(Simulator::calls(Leaf::MngCreate), 1);
/// assert_eq!(Simulator::census().td_pages, 1);
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub struct Simulator;

impl Simulator {
    /// Replaces the module with a fresh one shaped by `cfg`; the host must
    /// call [`super::Tdx::enable`] again.
    ///
    /// # Errors
    ///
    /// `-EBUSY` while anything built on the current module lives (a TD, a
    /// vCPU, a pool not fully donated): drop it first. The errno of the
    /// simulator's start (`-ENOMEM`, `-EINVAL`).
    ///
    /// # Examples
    ///
    /// See [`SimConfig`].
    pub fn start(cfg: SimConfig) -> Result<()> {
        ffi::sim_restart(&ffi::SimSettings {
            pool_pages: cfg.pool_pages,
            ext_required: cfg.ext_required,
            ext_init_units: cfg.ext_init_units,
            nr_keyids: cfg.nr_keyids,
            spdm_key_ops: cfg.spdm_key_ops,
        })?;
        ffi::sim_clear_faults();
        Ok(())
    }

    /// Pages the module holds: PAMTs, extension memory, TD and vCPU pages.
    ///
    /// # Examples
    ///
    /// See [`Simulator`].
    pub fn module_pages() -> usize {
        ffi::sim_module_pages()
    }

    /// Pages the module holds, by kind.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let tdx = tdx::Tdx::enable()?;
    /// let td = tdx::td::Td::new(&tdx)?;
    /// let _created = td.create()?;
    /// assert_eq!(tdx::sim::Simulator::census().td_pages, 1);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn census() -> Census {
        let (td_pages, ext_pages, pamt_pages, connect_pages) = ffi::sim_census();
        Census {
            td_pages,
            ext_pages,
            pamt_pages,
            connect_pages,
        }
    }

    /// Rule breaks the module saw: host frees of its pages, pages handed
    /// over without a cache flush.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// assert_eq!(tdx::sim::Simulator::violations(), 0);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn violations() -> u32 {
        ffi::sim_violations()
    }

    /// SEAMCALLs of `leaf` served since the module started.
    ///
    /// # Examples
    ///
    /// See [`Simulator`].
    pub fn calls(leaf: Leaf) -> u64 {
        ffi::sim_calls(ffi::sim_leaf(leaf))
    }

    /// Makes the `nth` next call of `leaf` (1 = the next) return `status`.
    ///
    /// # Examples
    ///
    /// See [`super::Failed`].
    pub fn fail_call(leaf: Leaf, nth: u32, status: Status) {
        ffi::sim_fail_call(ffi::sim_leaf(leaf), nth, status.raw())
    }

    /// Interrupts `leaf` after every `units` units of work (0: never).
    ///
    /// # Examples
    ///
    /// See [`super::ext::ExtStart`].
    pub fn interrupt_every(leaf: Leaf, units: u32) {
        ffi::sim_interrupt_every(ffi::sim_leaf(leaf), units)
    }

    /// Disarms injected failures and interruptions.
    ///
    /// # Examples
    ///
    /// ```
    /// tdx::sim::Simulator::clear_faults();
    /// ```
    pub fn clear_faults() {
        ffi::sim_clear_faults()
    }

    /// Pages the host has allocated, where the environment counts them
    /// (the host build does, a kernel does not).
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// assert!(tdx::sim::Simulator::host_pages().is_some());
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn host_pages() -> Option<usize> {
        ffi::env_pages_in_use()
    }

    /// WARNs fired so far, where the environment counts them.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// assert!(tdx::sim::Simulator::warnings().is_some());
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn warnings() -> Option<usize> {
        ffi::env_warnings()
    }
}

/// A simulated PCIe device: an SPDM responder behind a stand-in for its
/// DOE mailbox. Unplugged when dropped.
///
/// # Examples
///
/// See [`super::connect::Spdm`].
pub struct Device {
    function: Function,
}

impl Device {
    /// Plugs in a device for `function`.
    ///
    /// # Errors
    ///
    /// `-EEXIST` for a function in use; `-ENOSPC` past eight devices.
    ///
    /// # Examples
    ///
    /// See [`super::connect::Spdm`].
    pub fn add(function: Function) -> Result<Device> {
        ffi::sim_dev_add(function.raw())?;
        Ok(Device { function })
    }

    /// Carries the module's pending request of `call` (an SPDM operation,
    /// a session management call or an IDE key management call) to this
    /// device and its answer back.
    ///
    /// # Errors
    ///
    /// `-EINVAL` for another function's call, or a call with no request
    /// pending (one issued with `call()` relays once, from the
    /// `RelayStep::Relay` it returned: a request is never replayed);
    /// `-ETIMEDOUT` when the device does not answer; `-ENODEV`.
    ///
    /// # Examples
    ///
    /// See [`super::connect::Spdm`].
    pub fn relay<E: Exchange>(&self, call: &mut E) -> Result<()> {
        call.relay_sim(self.function, super::connect::sealed::Token(()))
    }

    /// Makes the device answer its next request with an SPDM ERROR
    /// (`error`), or not at all.
    ///
    /// # Errors
    ///
    /// `-ENODEV` once the device is gone.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::connect::Function;
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let device = tdx::sim::Device::add(Function::new(0x42))?;
    /// device.fail_next(true)?;
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn fail_next(&self, error: bool) -> Result<()> {
        ffi::sim_dev_fault(self.function.raw(), error)
    }

    /// What the device has seen.
    ///
    /// # Errors
    ///
    /// `-ENODEV` once the device is gone.
    ///
    /// # Examples
    ///
    /// See [`super::connect::SpdmCall`].
    pub fn stats(&self) -> Result<DeviceStats> {
        ffi::sim_dev_stats(self.function.raw())
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        ffi::sim_dev_remove(self.function.raw());
    }
}

/// What a simulated device has seen.
///
/// # Examples
///
/// See [`super::connect::SpdmCall`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceStats {
    /// Requests answered.
    pub messages: u32,
    /// Sessions opened.
    pub sessions: u32,
    /// Heartbeats answered.
    pub heartbeats: u32,
    /// Key updates answered.
    pub key_updates: u32,
    /// A session is open now.
    pub session_open: bool,
    /// IDE key programming requests answered.
    pub keys_programmed: u32,
    /// IDE streams whose keys are in use now (started, not stopped).
    pub streams_live: u32,
}

/// What a simulated module image installs: the new module's identity and
/// needs. Everything else (TDs, pages, keys) comes through the handoff.
///
/// # Examples
///
/// ```
/// use tdx::sim::{SimConfig, SimModule, Simulator};
///
/// Simulator::start(SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let next = SimModule::next_after(&tdx);
/// assert_eq!(next.version, (1, 5, 2));
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimModule {
    /// Major, minor and update version.
    pub version: (u16, u16, u16),
    /// The handoff version it writes, and the newest it reads.
    pub module_hv: u16,
    /// The oldest handoff version it reads.
    pub min_update_hv: u16,
    /// Pages its extensions need.
    pub pool_pages: u32,
    /// Its extensions need TDH.EXT.INIT.
    pub ext_required: bool,
    /// Work units of its TDH.EXT.INIT.
    pub ext_init_units: u32,
}

impl SimModule {
    /// The next update of the running module: same handoff version and
    /// extension needs, update version one higher.
    ///
    /// # Examples
    ///
    /// See [`SimModule`].
    pub fn next_after(tdx: &super::Tdx) -> SimModule {
        let info = tdx.info();
        let (major, minor, update) = info.version;
        SimModule {
            version: (major, minor, update.wrapping_add(1)),
            module_hv: info.module_hv,
            min_update_hv: info.module_hv,
            // The metadata counts the pages missing when it was read, the
            // pool the pages given since: the larger is the total.
            pool_pages: info.pool_pages.max(ffi::ext_mem_pages() as u32),
            ext_required: info.ext_required,
            ext_init_units: 2,
        }
    }
}

/// An update image of a simulated module: the bytes a host would get from
/// user space (the firmware loader) for a real one.
///
/// # Examples
///
/// ```
/// use tdx::sim::{SimConfig, SimImage, SimModule, Simulator};
/// use tdx::update::ModuleImage;
///
/// Simulator::start(SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let image = SimImage::build(&SimModule::next_after(&tdx))?;
/// let _ready = ModuleImage::new(image.bytes())?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub struct SimImage {
    blob: ffi::SimImageBlob,
}

impl SimImage {
    /// Module pages in a built image.
    const MODULE_PAGES: u32 = 3;

    /// Builds the image of `module`.
    ///
    /// # Errors
    ///
    /// `-EINVAL` when no memory is left for it.
    ///
    /// # Examples
    ///
    /// See [`SimImage`].
    pub fn build(module: &SimModule) -> Result<SimImage> {
        Ok(SimImage {
            blob: ffi::SimImageBlob::new(module, Self::MODULE_PAGES)?,
        })
    }

    /// The image's bytes.
    ///
    /// # Examples
    ///
    /// See [`SimImage`].
    pub fn bytes(&self) -> &[u8] {
        self.blob.bytes()
    }

    /// Flips one bit of the module's code, so that P-SEAMLDR refuses it.
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::sim::{SimConfig, SimImage, SimModule, Simulator};
    ///
    /// Simulator::start(SimConfig::default())?;
    /// let tdx = tdx::Tdx::enable()?;
    /// let mut image = SimImage::build(&SimModule::next_after(&tdx))?;
    /// let before = image.bytes().to_vec();
    /// image.corrupt();
    /// assert_ne!(image.bytes(), &before[..]);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn corrupt(&mut self) {
        let bytes = self.blob.bytes_mut();
        if let Some(last) = bytes.last_mut() {
            *last ^= 1;
        }
    }
}
