// SPDX-License-Identifier: GPL-2.0

//! TD-preserving update of the TDX module at run time.
//!
//! [`Tdx::update`] replaces the running module with the one in a
//! [`ModuleImage`] while every TD, vCPU and page stays as it is: TDs and
//! vCPUs built before the update (`td::Td`, `vcpu::Vcpu`) keep working
//! after it. The C core runs the steps in lockstep on every CPU inside
//! `stop_machine()`, so no other SEAMCALL, from Rust or C, runs meanwhile.

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateStep {
    /// TDH.SYS.SHUTDOWN on one CPU: the old module writes its handoff.
    Shutdown,
    /// SEAMLDR.INSTALL on every CPU.
    Install,
    /// TDH.SYS.INIT once and TDH.SYS.LP.INIT on every CPU.
    CpuInit,
    /// TDH.SYS.UPDATE on one CPU: the new module takes the handoff over.
    RunUpdate,
}

/// Where an update step failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepFailure {
    /// The step.
    pub step: UpdateStep,
    /// The CPU it failed on.
    pub cpu: u32,
    /// The SEAMCALL's status (P-SEAMLDR's, for [`UpdateStep::Install`]).
    pub status: Status,
}

/// Why an update did not fully happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateError {
    /// Nothing changed, the old module runs: it refused to shut down now
    /// (`-EBUSY`: a compat-sensitive flow or contention, with the step),
    /// or the update was not possible (`-EOPNOTSUPP`, `-ENODEV`,
    /// `-EINVAL`).
    Unchanged(Error, Option<StepFailure>),
    /// The new module runs with every TD, but its extensions stay down:
    /// `-ENOSPC` when it wants more memory than the old one was given,
    /// else the errno of their restart.
    ExtensionsDown(Error),
    /// A step after the shutdown failed: no module runs, the TDs are lost
    /// and only a reload of the module recovers.
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

impl Tdx {
    /// Replaces the running module with `image`, keeping every TD.
    ///
    /// With `avoid_compat_sensitive`, the module refuses while flows an
    /// update could break run (a TD being built) and nothing changes.
    /// On success, and with [`UpdateError::ExtensionsDown`], this token
    /// reads the new module's metadata ([`Tdx::version`]).
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
    /// tdx.update(&ModuleImage::new(image.bytes())?, true)?;
    /// assert_eq!(tdx.version(), (1, 5, 2));
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn update(
        &mut self,
        image: &ModuleImage,
        avoid_compat_sensitive: bool,
    ) -> core::result::Result<(), UpdateError> {
        let out = image.handle.update(avoid_compat_sensitive);
        let failure = step_of(out.failed_step).map(|step| StepFailure {
            step,
            cpu: out.failed_cpu,
            status: Status::from_raw(out.status),
        });
        if out.updated {
            // The new module runs: this token must describe it.
            self.refresh().map_err(UpdateError::ExtensionsDown)?;
            return match out.ret {
                0 => Ok(()),
                ret => Err(UpdateError::ExtensionsDown(Error::from_errno(ret))),
            };
        }
        match failure {
            Some(f) if f.step != UpdateStep::Shutdown => Err(UpdateError::ModuleLost(f)),
            f => Err(UpdateError::Unchanged(Error::from_errno(out.ret), f)),
        }
    }
}
