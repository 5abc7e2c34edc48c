// SPDX-License-Identifier: GPL-2.0

//! TD-preserving update of the TDX module at run time.
//!
//! [`Tdx::update`] replaces the running module with the one in a
//! [`ModuleImage`] while every TD, vCPU and page stays as it is: TDs and
//! vCPUs built before the update (`td::Td`, `vcpu::Vcpu`) keep working
//! after it. The C core runs the steps in lockstep on every CPU inside
//! `stop_machine()`, so no other SEAMCALL, from Rust or C, runs meanwhile.
//!
//! TDX Connect objects (`connect::Spdm`, `ide::Stream`,
//! `connect::TrustedIommu`) come through the handoff too, but they need
//! the module extensions: if the new module's extensions do not restart
//! ([`UpdateError::ExtensionsDown`]), their calls fail with the module's
//! status until they do, and dropping them may strand their pages (said
//! with a warning).

use core::fmt;

use super::error::Error;
use super::error::Status;
use super::ffi;
use super::Tdx;

/// A new module, checked and copied into pages P-SEAMLDR reads.
///
/// The bytes are a module image as distributed (a header, the sigstruct,
/// the module); whether the module is genuine is P-SEAMLDR's to decide,
/// during the update.
///
/// # Examples
///
/// ```
/// use tdx::update::ModuleImage;
///
/// assert!(ModuleImage::new(&[0u8; 100]).is_err());
/// ```
pub struct ModuleImage {
    handle: ffi::ImageHandle,
}

impl ModuleImage {
    /// Checks the image's header against its size and copies it.
    ///
    /// # Errors
    ///
    /// `-EINVAL` for a malformed image, `-ENOMEM`.
    ///
    /// # Examples
    ///
    /// See [`crate::sim::SimImage`] and [`Tdx::update`].
    pub fn new(bytes: &[u8]) -> super::error::Result<ModuleImage> {
        Ok(ModuleImage {
            handle: ffi::ImageHandle::new(bytes)?,
        })
    }
}

/// The steps of an update, in order.
///
/// # Examples
///
/// See [`UpdateError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateStep {
    /// TDH.SYS.SHUTDOWN on one CPU: the old module writes its handoff.
    Shutdown,
    /// SEAMLDR.INSTALL on every CPU.
    Install,
    /// TDH.SYS.INIT once and TDH.SYS.LP.INIT on every CPU.
    CpuInit,
    /// TDH.SYS.UPDATE on one CPU (the new module takes the handoff over),
    /// then reading the new module's metadata.
    RunUpdate,
}

/// The status a failed step returned.
///
/// # Examples
///
/// See [`UpdateError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    /// A TDX module status.
    Module(Status),
    /// A P-SEAMLDR status (SEAMLDR.INSTALL): its codes are not the
    /// module's, so it stays raw.
    Seamldr(u64),
    /// No SEAMCALL failed: the new module's metadata could not be read.
    None,
}

/// Where an update step failed.
///
/// # Examples
///
/// See [`UpdateError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepFailure {
    /// The step.
    pub step: UpdateStep,
    /// The CPU it failed on.
    pub cpu: u32,
    /// What it returned.
    pub status: StepStatus,
}

/// Why an update did not fully happen.
///
/// # Examples
///
/// ```
/// use tdx::error::Error;
/// use tdx::sim::{Leaf, SimConfig, SimImage, SimModule, Simulator};
/// use tdx::update::{ModuleImage, StepStatus, UpdateError, UpdateStep};
///
/// Simulator::start(SimConfig::default())?;
/// let mut tdx = tdx::Tdx::enable()?;
/// let image = ModuleImage::new(SimImage::build(&SimModule::next_after(&tdx))?.bytes())?;
/// // Another CPU holds the module's global lock at the shutdown.
/// let sys_busy = tdx::error::Status::from_raw(0x8000_0202_0000_0000);
/// Simulator::fail_call(Leaf::SysShutdown, 1, sys_busy);
/// match tdx.update(&image, false) {
///     Err(UpdateError::Unchanged(e, Some(f))) => {
///         assert_eq!(e, Error::EBUSY);
///         assert_eq!(f.step, UpdateStep::Shutdown);
///         assert_eq!(f.status, StepStatus::Module(sys_busy));
///     }
///     other => panic!("{:?}", other),
/// }
/// // Nothing changed: try again.
/// tdx.update(&image, false)?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateError {
    /// Nothing changed, the old module runs: it refused to shut down
    /// (`-EBUSY`: now, a compat-sensitive flow or contention; `-EINVAL`:
    /// for good), or the update was not possible (`-EOPNOTSUPP`,
    /// `-ENODEV`, `-ENOMEM`).
    Unchanged(Error, Option<StepFailure>),
    /// The new module runs with every TD, but its extensions stay down:
    /// `-ENOSPC` when it wants more memory than the old one was given,
    /// `-EREMOTEIO` when TDH.EXT.INIT failed.
    ExtensionsDown(Error),
    /// A step after the shutdown failed: no module this code can drive
    /// runs, the TDs are lost, and only a reload of the module recovers.
    /// The [`Tdx`] token stays, but everything it is used for fails.
    ModuleLost(StepFailure),
}

impl From<UpdateError> for Error {
    fn from(e: UpdateError) -> Error {
        match e {
            UpdateError::Unchanged(error, _) => error,
            UpdateError::ExtensionsDown(error) => error,
            UpdateError::ModuleLost(_) => Error::EIO,
        }
    }
}

impl fmt::Display for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateError::Unchanged(e, _) => write!(f, "module unchanged: {:?}", e),
            UpdateError::ExtensionsDown(e) => write!(f, "updated; extensions down: {:?}", e),
            UpdateError::ModuleLost(s) => write!(f, "module lost at {:?}", s),
        }
    }
}

fn step_of(raw: u32) -> Option<UpdateStep> {
    match raw {
        ffi::UPDATE_SHUTDOWN => Some(UpdateStep::Shutdown),
        ffi::UPDATE_INSTALL => Some(UpdateStep::Install),
        ffi::UPDATE_CPU_INIT => Some(UpdateStep::CpuInit),
        ffi::UPDATE_RUN => Some(UpdateStep::RunUpdate),
        _ => None,
    }
}

fn status_of(step: UpdateStep, raw: u64) -> StepStatus {
    match (step, raw) {
        (_, 0) => StepStatus::None,
        (UpdateStep::Install, raw) => StepStatus::Seamldr(raw),
        (_, raw) => StepStatus::Module(Status::from_raw(raw)),
    }
}

impl Tdx {
    /// Replaces the running module with `image`, keeping every TD.
    ///
    /// A module that can tell refuses while flows an update could break
    /// run (a TD being built), and nothing changes; with
    /// `allow_compat_sensitive` the update cuts through them and they go
    /// on under the new module. When the new module runs (`Ok`, and
    /// [`UpdateError::ExtensionsDown`]) this token describes it
    /// ([`Tdx::version`]); `&mut` makes sure no other reference to the
    /// token is left describing the old one.
    ///
    /// # Context
    ///
    /// Process context: it may sleep, and takes the CPU-hotplug lock.
    ///
    /// # Errors
    ///
    /// See [`UpdateError`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::sim::{SimConfig, SimImage, SimModule, Simulator};
    /// use tdx::update::ModuleImage;
    ///
    /// Simulator::start(SimConfig::default())?;
    /// let mut tdx = tdx::Tdx::enable()?;
    /// let image = SimImage::build(&SimModule::next_after(&tdx))?;
    /// tdx.update(&ModuleImage::new(image.bytes())?, false)?;
    /// assert_eq!(tdx.version(), (1, 5, 2));
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn update(
        &mut self,
        image: &ModuleImage,
        allow_compat_sensitive: bool,
    ) -> core::result::Result<(), UpdateError> {
        let out = image.handle.update(allow_compat_sensitive);
        let failure = step_of(out.failed_step).map(|step| StepFailure {
            step,
            cpu: out.failed_cpu,
            status: status_of(step, out.status),
        });
        match failure {
            Some(f) if f.step != UpdateStep::Shutdown => Err(UpdateError::ModuleLost(f)),
            _ if out.updated => {
                // The new module runs: this token must describe it.
                self.refresh().map_err(UpdateError::ExtensionsDown)?;
                match out.ret {
                    0 => Ok(()),
                    ret => Err(UpdateError::ExtensionsDown(Error::from_errno(ret))),
                }
            }
            f => Err(UpdateError::Unchanged(Error::from_errno(out.ret), f)),
        }
    }
}
