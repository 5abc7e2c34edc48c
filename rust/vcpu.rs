// SPDX-License-Identifier: GPL-2.0

//! TD vCPUs: their control pages and stages.
//!
//! A [`Vcpu`] owns its control pages (the TDVPR and the TDCX pages) and
//! borrows its [`Td`], so the TD cannot be dropped, moved or destroyed
//! while the vCPU lives (its `Drop` included).
//! Dropping the vCPU flushes it from the CPU it ran on and releases its
//! pages: those the module holds stay with the TD until the TD's key is
//! released, and come back when the TD is dropped.
//!
//! Stages: [`Created`] (control pages handed over) → `init` → [`Ready`]
//! (initialised and associated with a CPU; can enter the TD once the TD is
//! [`Runnable`]).

use core::marker::PhantomData;

use super::error::Error;
use super::error::Failed;
use super::error::ReleaseError;
use super::error::Result;
use super::error::Status;
use super::ffi;
use super::ffi::FreeError;
use super::td::Initialized;
use super::td::Runnable;
use super::td::Td;
use super::td::TdStage;

/// A stage of a vCPU; sealed.
///
/// # Examples
///
/// ```
/// use tdx::vcpu::*;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = tdx::td::Td::new(&tdx::Tdx::enable()?)?;
/// let initialized = td.create()?.configure_key()?.init(1)?;
/// fn pages<S: Stage>(vcpu: &Vcpu<'_, S>) -> usize {
///     vcpu.module_pages()
/// }
/// assert!(pages(&initialized.create_vcpu()?) > 0);
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub trait Stage: private::Sealed {}

mod private {
    /// Implemented by this module's stage types only.
    pub trait Sealed {}
}

/// TDH.VP.CREATE and TDH.VP.ADDCX done.
///
/// # Examples
///
/// ```
/// use tdx::vcpu::*;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = tdx::td::Td::new(&tdx::Tdx::enable()?)?;
/// let initialized = td.create()?.configure_key()?.init(1)?;
/// let _vcpu: Vcpu<'_, Created> = initialized.create_vcpu()?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub enum Created {}

/// TDH.VP.INIT done: the vCPU is associated with a CPU.
///
/// # Examples
///
/// ```
/// use tdx::vcpu::*;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = tdx::td::Td::new(&tdx::Tdx::enable()?)?;
/// let initialized = td.create()?.configure_key()?.init(1)?;
/// let _vcpu: Vcpu<'_, Ready> = initialized.create_vcpu()?.init(&initialized, 0)?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub enum Ready {}

impl private::Sealed for Created {}
impl private::Sealed for Ready {}
impl Stage for Created {}
impl Stage for Ready {}

/// A vCPU of the TD it borrows, in stage `S`.
///
/// Dropping it flushes it (on the CPU it is associated with) and releases
/// its pages; it may sleep.
///
/// # Examples
///
/// ```
/// use tdx::td::Td;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let td = Td::new(&tdx)?;
/// let initialized = td.create()?.configure_key()?.init(1)?;
/// let vcpu = initialized.create_vcpu()?;
/// assert_eq!(vcpu.module_pages(), tdx.vcpu_pages());
/// drop(vcpu); // Its pages wait on the TD for the key release.
/// assert_eq!(td.module_pages(), tdx.td_pages() + tdx.vcpu_pages());
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub struct Vcpu<'td, S: Stage> {
    raw: ffi::VpHandle<'td>,
    td: &'td Td,
    _stage: PhantomData<S>,
}

impl<'td, S: Stage> Vcpu<'td, S> {
    /// Control pages of the vCPU (TDVPR and TDCX).
    ///
    /// # Examples
    ///
    /// See [`Vcpu`].
    pub fn pages(&self) -> usize {
        self.raw.pages()
    }

    /// Pages of the vCPU the module holds.
    ///
    /// # Examples
    ///
    /// See [`Vcpu`].
    pub fn module_pages(&self) -> usize {
        self.raw.module_pages()
    }

    /// The TD this vCPU belongs to.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let td = tdx::td::Td::new(&tdx::Tdx::enable()?)?;
    /// let vcpu = td.create()?.configure_key()?.init(1)?.create_vcpu()?;
    /// assert!(core::ptr::eq(vcpu.td(), &td));
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn td(&self) -> &'td Td {
        self.td
    }

    /// Releases the vCPU now, reporting what dropping would only warn
    /// about.
    ///
    /// # Errors
    ///
    /// [`ReleaseError::Kept`] with the vCPU when its flush failed;
    /// [`ReleaseError::Stranded`] when pages were leaked.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let td = tdx::td::Td::new(&tdx::Tdx::enable()?)?;
    /// let vcpu = td.create()?.configure_key()?.init(1)?.create_vcpu()?;
    /// if vcpu.destroy().is_err() {
    ///     return Err(tdx::error::Error::EIO);
    /// }
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn destroy(self) -> Result<(), ReleaseError<Self>> {
        let td = self.td;
        match self.raw.free() {
            Ok(()) => Ok(()),
            Err(FreeError::Kept(raw, error)) => Err(ReleaseError::Kept(Failed {
                object: Vcpu {
                    raw,
                    td,
                    _stage: PhantomData,
                },
                error,
            })),
            Err(FreeError::Released(error)) => Err(ReleaseError::Stranded(error)),
        }
    }
}

impl<'td> Vcpu<'td, Created> {
    pub(super) fn create(td: &'td Td) -> Result<Self> {
        let raw = ffi::VpHandle::new(td.raw())?;
        // On failure `raw` drops: pages handed over wait on the TD.
        raw.create()?;
        Ok(Vcpu {
            raw,
            td,
            _stage: PhantomData,
        })
    }

    /// Initialises the vCPU with x2APIC id `x2apicid` (TDH.VP.INIT) on the
    /// first online CPU, which it is then associated with. `td` proves its
    /// TD is still [`Initialized`]: TDH.VP.INIT is refused once the TD is
    /// finalised.
    ///
    /// # Errors
    ///
    /// The vCPU back, still [`Created`], with `-EINVAL` if `td` is another
    /// TD's stage, or the module's status.
    ///
    /// # Examples
    ///
    /// See [`TdStage`].
    pub fn init(
        self,
        td: &TdStage<'_, Initialized>,
        x2apicid: u32,
    ) -> Result<Vcpu<'td, Ready>, Failed<Self>> {
        if !self.raw.belongs_to(td.td().raw()) {
            return Err(Failed {
                object: self,
                error: Error::EINVAL,
            });
        }
        match self.raw.init(ffi::first_cpu(), x2apicid) {
            Ok(()) => Ok(Vcpu {
                raw: self.raw,
                td: self.td,
                _stage: PhantomData,
            }),
            Err(error) => Err(Failed {
                object: self,
                error,
            }),
        }
    }
}

impl Vcpu<'_, Ready> {
    /// Runs the vCPU until the TD exits (TDH.VP.ENTER), on the CPU it is
    /// associated with. `td` proves the TD is [`Runnable`].
    ///
    /// Returns the exit status; its detail bits hold the exit reason.
    ///
    /// # Errors
    ///
    /// `-EINVAL` if `td` is another TD's stage; the module's status when
    /// the entry failed.
    ///
    /// # Examples
    ///
    /// See [`TdStage`].
    pub fn enter(&mut self, td: &TdStage<'_, Runnable>) -> Result<Status> {
        if !self.raw.belongs_to(td.td().raw()) {
            return Err(Error::EINVAL);
        }
        self.raw.enter().map(Status::from_raw)
    }
}
