// SPDX-License-Identifier: GPL-2.0

//! The TDX module as a whole.

use super::error::Error;
use super::error::Result;
use super::ffi;

/// Proof that the TDX module is up; operations that need it take a `&Tdx`.
///
/// # Examples
///
/// ```
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let (major, minor, _update) = tdx.version();
/// assert_eq!((major, minor), (1, 5));
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[derive(Debug)]
pub struct Tdx {
    info: ffi::SysInfo,
}

impl Tdx {
    /// Brings the module up, or finds it up: every CPU initialised, memory
    /// converted (TDMRs and PAMTs configured), the global key programmed.
    ///
    /// # Errors
    ///
    /// The errno of `tdx_enable()`: `-ENODEV` without a module, `-EIO`
    /// when a SEAMCALL failed, `-ENOMEM`.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let tdx = tdx::Tdx::enable()?;
    /// assert!(tdx.guest_keyids() > 0);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn enable() -> Result<Tdx> {
        ffi::enable()?;
        let info = ffi::sysinfo().ok_or(Error::ENODEV)?;
        Ok(Tdx { info })
    }

    /// The module's version: major, minor, update.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// assert_eq!(tdx::Tdx::enable()?.version().0, 1);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn version(&self) -> (u16, u16, u16) {
        self.info.version
    }

    /// Control pages a TD needs (TDR plus TDCS).
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// assert!(tdx::Tdx::enable()?.td_pages() >= 2);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn td_pages(&self) -> usize {
        1 + self.info.tdcs_pages as usize
    }

    /// Control pages a vCPU needs (TDVPR plus TDCX).
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// assert!(tdx::Tdx::enable()?.vcpu_pages() >= 2);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn vcpu_pages(&self) -> usize {
        self.info.tdvps_pages as usize
    }

    /// The most vCPUs a TD may have.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// assert!(tdx::Tdx::enable()?.max_vcpus_per_td() >= 1);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn max_vcpus_per_td(&self) -> u16 {
        self.info.max_vcpus_per_td
    }

    /// Pages the module's extensions need donated (0: none).
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::sim::{SimConfig, Simulator};
    /// # Simulator::start(SimConfig { pool_pages: 16, ..SimConfig::default() })?;
    /// assert_eq!(tdx::Tdx::enable()?.ext_pool_pages(), 16);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn ext_pool_pages(&self) -> usize {
        self.info.pool_pages as usize
    }

    /// Private key ids (HKIDs) available to TDs.
    ///
    /// # Examples
    ///
    /// ```
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// assert!(tdx::Tdx::enable()?.guest_keyids() >= 1);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn guest_keyids(&self) -> u32 {
        self.info.guest_keyids
    }

    /// The metadata behind this token.
    pub(super) fn info(&self) -> &ffi::SysInfo {
        &self.info
    }

    /// Reads the metadata again, after the module changed under it.
    pub(super) fn refresh(&mut self) -> Result<()> {
        self.info = ffi::sysinfo().ok_or(Error::ENODEV)?;
        Ok(())
    }
}
