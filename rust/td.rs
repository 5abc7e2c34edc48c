// SPDX-License-Identifier: GPL-2.0

//! Trust domains: their control pages and build stages.
//!
//! A [`Td`] owns the TD's control pages (the TDR and the TDCS pages) and
//! releases them when dropped, whatever stage the TD reached: pages never
//! handed over are freed; if the module holds pages, the TD's key is
//! released, every page is reclaimed (the TDR written back with the global
//! key) and freed; a page the module refuses to return is leaked with one
//! warning. The pages themselves never appear in this API.
//!
//! The build stages are a separate value, [`TdStage`], that borrows the
//! `Td`; vCPUs borrow the `Td` too, so the stages can move on while vCPUs
//! exist, and neither can outlive the `Td`:
//!
//! `Td::create` → [`Created`] → `configure_key` → [`KeyConfigured`] →
//! `init` → [`Initialized`] (vCPUs are created here) → `finalize` →
//! [`Runnable`] (vCPUs can run).

use core::cell::Cell;
use core::marker::PhantomData;

use super::error::Error;
use super::error::Failed;
use super::error::ReleaseError;
use super::error::Result;
use super::ffi;
use super::ffi::FreeError;
use super::system::Tdx;
use super::vcpu;
use super::vcpu::Vcpu;

/// TDCS field TSC_OFFSET (TDH.MNG.RD field id).
const TSC_OFFSET_FIELD: u64 = 0x1100_0000_0000_000A;

/// A trust domain's control pages, and what releases them.
///
/// Dropping it releases the TD's key (on every package) and reclaims its
/// pages; it may sleep. [`Td::destroy`] does the same and reports.
///
/// # Examples
///
/// ```
/// use tdx::td::Td;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let td = Td::new(&tdx)?;
/// assert_eq!(td.pages(), tdx.td_pages());
/// assert_eq!(td.module_pages(), 0);
/// let _created = td.create()?;
/// assert_eq!(td.module_pages(), 1); // The TDR.
/// # Ok::<(), tdx::error::Error>(())
/// ```
///
/// # Invariants
///
/// `created` is set once TDH.MNG.CREATE succeeded; no second [`TdStage`]
/// is made after that.
pub struct Td {
    raw: ffi::TdHandle,
    created: Cell<bool>,
}

impl Td {
    /// Allocates the control pages of a new TD; the host still owns them.
    ///
    /// # Errors
    ///
    /// `-ENOMEM`; `-EOPNOTSUPP` if the module asks for more control pages
    /// than tdx-core tracks.
    ///
    /// # Examples
    ///
    /// See [`Td`].
    pub fn new(_tdx: &Tdx) -> Result<Td> {
        Ok(Td {
            raw: ffi::TdHandle::new()?,
            created: Cell::new(false),
        })
    }

    /// Takes a private key id and hands the TDR to the module
    /// (TDH.MNG.CREATE): the first build stage.
    ///
    /// # Errors
    ///
    /// `-EEXIST` if this TD was created already; `-ENOSPC` without a free
    /// key id; the module's status.
    ///
    /// # Examples
    ///
    /// See [`Td`].
    pub fn create(&self) -> Result<TdStage<'_, Created>> {
        if self.created.get() {
            return Err(Error::EEXIST);
        }
        self.raw.create()?;
        // INVARIANT: this is the only stage value ever made for this TD.
        self.created.set(true);
        Ok(TdStage::new(self))
    }

    /// Control pages of the TD (TDR and TDCS).
    ///
    /// # Examples
    ///
    /// See [`Td`].
    pub fn pages(&self) -> usize {
        self.raw.pages()
    }

    /// Pages the module holds for the TD now, including those of freed
    /// vCPUs, which come back only with the TD.
    ///
    /// # Examples
    ///
    /// See [`Td`].
    pub fn module_pages(&self) -> usize {
        self.raw.module_pages()
    }

    /// Releases everything now, reporting what dropping would only warn
    /// about.
    ///
    /// # Errors
    ///
    /// [`ReleaseError::Kept`] with the TD when nothing could be released
    /// (another CPU holds a lock the key release needs: try again);
    /// [`ReleaseError::Stranded`] when pages were leaked.
    ///
    /// # Examples
    ///
    /// See [`ReleaseError`].
    pub fn destroy(self) -> Result<(), ReleaseError<Td>> {
        let created = self.created;
        match self.raw.free() {
            Ok(()) => Ok(()),
            Err(FreeError::Kept(raw, error)) => Err(ReleaseError::Kept(Failed {
                object: Td { raw, created },
                error,
            })),
            Err(FreeError::Released(error)) => Err(ReleaseError::Stranded(error)),
        }
    }

    pub(super) fn raw(&self) -> &ffi::TdHandle {
        &self.raw
    }
}

/// A build stage of a TD.
///
/// This trait is sealed: the stages are the types of this module.
///
/// # Examples
///
/// ```
/// use tdx::td::*;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = Td::new(&tdx::Tdx::enable()?)?;
/// fn stage_name<S: Stage>(_: &TdStage<'_, S>) -> &'static str {
///     core::any::type_name::<S>()
/// }
/// let created = td.create()?;
/// assert!(stage_name(&created).ends_with("Created"));
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub trait Stage: private::Sealed {}

mod private {
    /// Implemented by this module's stage types only.
    pub trait Sealed {}
}

/// TDH.MNG.CREATE done: the module has the TDR and the key id; the key is
/// not yet programmed.
///
/// # Examples
///
/// ```
/// use tdx::td::*;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = Td::new(&tdx::Tdx::enable()?)?;
/// let _created: TdStage<'_, Created> = td.create()?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub enum Created {}

/// The TD's key is programmed on every package (TDH.MNG.KEY.CONFIG).
///
/// # Examples
///
/// ```
/// use tdx::td::*;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = Td::new(&tdx::Tdx::enable()?)?;
/// let _configured: TdStage<'_, KeyConfigured> = td.create()?.configure_key()?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub enum KeyConfigured {}

/// TDCS pages added and TDH.MNG.INIT done: vCPUs and memory can be added.
///
/// # Examples
///
/// ```
/// use tdx::td::*;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = Td::new(&tdx::Tdx::enable()?)?;
/// let _initialized: TdStage<'_, Initialized> = td.create()?.configure_key()?.init(1)?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub enum Initialized {}

/// The measurement is finalised (TDH.MR.FINALIZE): vCPUs can run.
///
/// # Examples
///
/// ```
/// use tdx::td::*;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = Td::new(&tdx::Tdx::enable()?)?;
/// let initialized = td.create()?.configure_key()?.init(1)?;
/// let _vcpu = initialized.create_vcpu()?.init(&initialized, 0)?;
/// let _runnable: TdStage<'_, Runnable> = initialized.finalize()?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub enum Runnable {}

impl private::Sealed for Created {}
impl private::Sealed for KeyConfigured {}
impl private::Sealed for Initialized {}
impl private::Sealed for Runnable {}
impl Stage for Created {}
impl Stage for KeyConfigured {}
impl Stage for Initialized {}
impl Stage for Runnable {}

/// The build stage `S` of the TD it borrows.
///
/// Transitions consume the stage and return the next one, or, in
/// [`Failed`], the same stage to retry or drop. Dropping a stage releases
/// nothing: the [`Td`] does that.
///
/// # Examples
///
/// ```
/// use tdx::td::Td;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let td = Td::new(&tdx)?;
/// let initialized = td.create()?.configure_key()?.init(2)?;
/// let vcpu = initialized.create_vcpu()?.init(&initialized, 0)?;
/// let runnable = initialized.finalize()?;
/// let mut vcpu = vcpu;
/// let exit = vcpu.enter(&runnable)?;
/// assert!(!exit.is_error());
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub struct TdStage<'td, S: Stage> {
    td: &'td Td,
    _stage: PhantomData<S>,
}

impl<'td, S: Stage> TdStage<'td, S> {
    fn new(td: &'td Td) -> Self {
        TdStage {
            td,
            _stage: PhantomData,
        }
    }

    /// The TD this stage belongs to.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let td = tdx::td::Td::new(&tdx::Tdx::enable()?)?;
    /// let stage = td.create()?;
    /// assert_eq!(stage.td().module_pages(), 1);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn td(&self) -> &'td Td {
        self.td
    }

    fn next<T: Stage>(self) -> TdStage<'td, T> {
        TdStage::new(self.td)
    }

    fn failed(self, error: Error) -> Failed<Self> {
        Failed {
            object: self,
            error,
        }
    }
}

impl<'td> TdStage<'td, Created> {
    /// Programs the TD's key on every package (TDH.MNG.KEY.CONFIG on one
    /// CPU of each).
    ///
    /// # Errors
    ///
    /// The stage back with the status of the package that failed
    /// (`TDX_OPERAND_BUSY`, say); packages done keep their key, so a
    /// retry finishes the rest.
    ///
    /// # Examples
    ///
    /// See [`Failed`].
    pub fn configure_key(self) -> Result<TdStage<'td, KeyConfigured>, Failed<Self>> {
        match self.td.raw.key_config() {
            Ok(()) => Ok(self.next()),
            Err(e) => Err(self.failed(e)),
        }
    }
}

impl<'td> TdStage<'td, KeyConfigured> {
    /// Hands the TDCS pages over (TDH.MNG.ADDCX) and initialises the TD
    /// for at most `max_vcpus` vCPUs (TDH.MNG.INIT).
    ///
    /// TD_PARAMS carries only MAX_VCPUS, the rest zero: enough for the
    /// simulated module. A TD on hardware needs attributes, XFAM and the
    /// CPUID configuration too, which this API does not take yet.
    ///
    /// # Errors
    ///
    /// The stage back with the failed call's status; pages added stay
    /// added, and a retry adds the rest.
    ///
    /// # Examples
    ///
    /// See [`TdStage`].
    pub fn init(self, max_vcpus: u16) -> Result<TdStage<'td, Initialized>, Failed<Self>> {
        match self
            .td
            .raw
            .add_tdcs()
            .and_then(|()| self.td.raw.init(max_vcpus))
        {
            Ok(()) => Ok(self.next()),
            Err(e) => Err(self.failed(e)),
        }
    }
}

impl<'td> TdStage<'td, Initialized> {
    /// Creates a vCPU: allocates its control pages and hands them over
    /// (TDH.VP.CREATE, TDH.VP.ADDCX).
    ///
    /// # Errors
    ///
    /// `-ENOMEM`, or the module's status; what was handed over is
    /// released with the TD.
    ///
    /// # Examples
    ///
    /// See [`TdStage`].
    pub fn create_vcpu(&self) -> Result<Vcpu<'td, vcpu::Created>> {
        Vcpu::create(self.td)
    }

    /// Finalises the TD's measurement (TDH.MR.FINALIZE); no vCPU or
    /// initial memory can be added after this. The TD needs at least one
    /// initialised vCPU.
    ///
    /// # Errors
    ///
    /// The stage back with the module's status.
    ///
    /// # Examples
    ///
    /// See [`TdStage`].
    pub fn finalize(self) -> Result<TdStage<'td, Runnable>, Failed<Self>> {
        match self.td.raw.finalize() {
            Ok(()) => Ok(self.next()),
            Err(e) => Err(self.failed(e)),
        }
    }
}

impl TdStage<'_, Runnable> {
    /// The TD's TSC offset (TDH.MNG.RD).
    ///
    /// # Errors
    ///
    /// The module's status.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let td = tdx::td::Td::new(&tdx::Tdx::enable()?)?;
    /// let initialized = td.create()?.configure_key()?.init(1)?;
    /// let _vcpu = initialized.create_vcpu()?.init(&initialized, 0)?;
    /// let runnable = initialized.finalize()?;
    /// let _offset = runnable.tsc_offset()?;
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn tsc_offset(&self) -> Result<u64> {
        self.td.raw.read_field(TSC_OFFSET_FIELD)
    }
}
