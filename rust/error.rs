// SPDX-License-Identifier: GPL-2.0

//! Errors: the TDX module's raw status, kept, or an errno.

use core::fmt;

use super::ffi;

/// A 64-bit SEAMCALL completion status, as the module returned it.
///
/// Bits 63:32 say what happened, bits 31:0 carry details such as the id
/// of the operand that failed. The raw value is kept for diagnostics.
///
/// # Examples
///
/// ```
/// use tdx::error::{Status, StatusClass};
///
/// let busy = Status::from_raw(0x8000_0200_0000_0092);
/// assert!(busy.is_busy());
/// assert_eq!(busy.class(), StatusClass::Busy);
/// assert_eq!(busy.operand(), 0x92);
/// assert_eq!(busy.name(), "TDX_OPERAND_BUSY");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Status(u64);

/// The class of a status (bits 47:40), which says what kind of thing failed.
///
/// # Examples
///
/// ```
/// use tdx::error::{Status, StatusClass};
///
/// assert_eq!(Status::from_raw(0xC000_0100_0000_0000).class(), StatusClass::Operand);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusClass {
    /// Success, interruptions and other general statuses.
    General,
    /// An operand was invalid or out of range.
    Operand,
    /// Another CPU held a lock the call needed; try again.
    Busy,
    /// A page had the wrong type, owner or state in the PAMT.
    PageMetadata,
    /// The TD still has pages or vCPUs.
    TdPages,
    /// Module-wide state (not initialised, shut down, ...).
    System,
    /// The TD is in the wrong state for the call.
    TdState,
    /// The vCPU is in the wrong state or on the wrong CPU.
    Vcpu,
    /// Key (HKID) management.
    Key,
    /// TDMR and PAMT configuration.
    Tdmr,
    /// Secure EPT.
    Ept,
    /// Metadata field access.
    Metadata,
    /// Reported by software (tdx-core), not by the module.
    Software,
    /// A class this crate does not name.
    Other(u8),
}

impl Status {
    /// Wraps a raw status.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tdx::error::Status::from_raw(0).is_success());
    /// ```
    pub const fn from_raw(raw: u64) -> Self {
        Self(raw)
    }

    /// The raw 64-bit value.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tdx::error::Status::from_raw(7).raw(), 7);
    /// ```
    pub const fn raw(self) -> u64 {
        self.0
    }

    /// Whether the call succeeded (the status is 0).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!tdx::error::Status::from_raw(0x8000_0300_0000_0000).is_success());
    /// ```
    pub const fn is_success(self) -> bool {
        self.0 == 0
    }

    /// The status class.
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::error::{Status, StatusClass};
    ///
    /// assert_eq!(Status::from_raw(0).class(), StatusClass::General);
    /// ```
    pub fn class(self) -> StatusClass {
        match ffi::status_class(self.0) {
            0x00 => StatusClass::General,
            0x01 => StatusClass::Operand,
            0x02 => StatusClass::Busy,
            0x03 => StatusClass::PageMetadata,
            0x04 => StatusClass::TdPages,
            0x05 => StatusClass::System,
            0x06 => StatusClass::TdState,
            0x07 => StatusClass::Vcpu,
            0x08 => StatusClass::Key,
            0x0A => StatusClass::Tdmr,
            0x0B => StatusClass::Ept,
            0x0C => StatusClass::Metadata,
            0xFF => StatusClass::Software,
            other => StatusClass::Other(other as u8),
        }
    }

    /// The detail bits: for most errors, the id of the operand that failed.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tdx::error::Status::from_raw(0xC000_0100_0000_0008).operand(), 8);
    /// ```
    pub fn operand(self) -> u32 {
        ffi::status_operand(self.0)
    }

    /// Whether this is `code`, whatever the detail bits (and, for codes
    /// whose value changed between module versions, either value).
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::error::Status;
    ///
    /// let s = Status::from_raw(0xC000_0100_0000_0008);
    /// assert!(s.is(Status::from_raw(0xC000_0100_0000_0000)));
    /// ```
    pub fn is(self, code: Status) -> bool {
        ffi::status_is(self.0, code.0)
    }

    /// Whether the error bit is set.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tdx::error::Status::from_raw(0xC000_0100_0000_0000).is_error());
    /// ```
    pub fn is_error(self) -> bool {
        ffi::status_is_error(self.0)
    }

    /// Whether another CPU held a lock the call needed (try again).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tdx::error::Status::from_raw(0x8000_0200_0000_0000).is_busy());
    /// ```
    pub fn is_busy(self) -> bool {
        ffi::status_is_busy(self.0)
    }

    /// Whether the call was interrupted and must be resumed.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tdx::error::Status::from_raw(0x8000_0003_0000_0000).is_interrupted());
    /// ```
    pub fn is_interrupted(self) -> bool {
        ffi::status_is_interrupted(self.0)
    }

    /// Whether the TD or vCPU cannot be used any more.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tdx::error::Status::from_raw(0x6000_0005_0000_0000).is_non_recoverable());
    /// ```
    pub fn is_non_recoverable(self) -> bool {
        ffi::status_is_non_recoverable(self.0)
    }

    /// The status's name, such as `"TDX_OPERAND_BUSY"`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tdx::error::Status::from_raw(0).name(), "TDX_SUCCESS");
    /// ```
    pub fn name(self) -> &'static str {
        ffi::status_name(self.0)
    }

    /// The errno tdx-core maps this status to (`-EBUSY` for contention,
    /// `-EIO` when it has no better one).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tdx::error::Status::from_raw(0x8000_0200_0000_0000).to_errno(), -16);
    /// ```
    pub fn to_errno(self) -> i32 {
        match ffi::status_to_errno(self.0) {
            0 => Error::EIO.to_errno(),
            e => e,
        }
    }

    /// `TDX_SW_BAD_INPUT`: tdx-core refused the inputs; no SEAMCALL was made.
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::error::{Status, StatusClass};
    ///
    /// assert_eq!(Status::bad_input().class(), StatusClass::Software);
    /// ```
    pub fn bad_input() -> Self {
        Self(ffi::sw_bad_input())
    }

    /// `TDX_INTERRUPTED_RESUMABLE`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tdx::error::Status::interrupted_resumable().is_interrupted());
    /// ```
    pub fn interrupted_resumable() -> Self {
        Self(ffi::interrupted_resumable())
    }
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:#018x})", self.name(), self.0)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Why a tdx-core call failed.
///
/// # Examples
///
/// ```
/// use tdx::error::{Error, Status};
///
/// let e = Error::Module(Status::from_raw(0x8000_0200_0000_0000));
/// assert_eq!(e.status().map(|s| s.is_busy()), Some(true));
/// assert_eq!(e.to_errno(), -16);
/// assert_eq!(Error::Errno(-12).to_errno(), -12);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The TDX module (or tdx-core on its behalf) returned this status.
    Module(Status),
    /// A host-side failure, as a negative errno (`-ENOMEM`, `-EBUSY`, ...);
    /// [`Error::from_errno`] makes sure it is one.
    Errno(i32),
}

impl Error {
    /// `-EIO`: a SEAMCALL failed, or pages were stranded.
    pub const EIO: Error = Error::Errno(-5);
    /// `-EBUSY`: contention; try again.
    pub const EBUSY: Error = Error::Errno(-16);
    /// `-EEXIST`: done already (a TD created, a pool donated).
    pub const EEXIST: Error = Error::Errno(-17);
    /// `-ENODEV`: no TDX module.
    pub const ENODEV: Error = Error::Errno(-19);
    /// `-EINVAL`: an argument that does not fit (another TD's stage).
    pub const EINVAL: Error = Error::Errno(-22);
    /// `-ENOSPC`: no free private key id; too little extension memory.
    pub const ENOSPC: Error = Error::Errno(-28);
    /// `-ENOMEM`: out of memory.
    pub const ENOMEM: Error = Error::Errno(-12);

    /// An errno as an `Error`: `-EIO` for anything that is not a negative
    /// errno (C code returning 0 or a positive value by mistake).
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::error::Error;
    ///
    /// assert_eq!(Error::from_errno(-16), Error::EBUSY);
    /// assert_eq!(Error::from_errno(3), Error::EIO);
    /// ```
    pub fn from_errno(errno: i32) -> Error {
        if (-4095..0).contains(&errno) {
            Error::Errno(errno)
        } else {
            Error::EIO
        }
    }

    /// The module's status, for a module failure.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tdx::error::Error::Errno(-12).status().is_none());
    /// ```
    pub fn status(&self) -> Option<Status> {
        match self {
            Error::Module(s) => Some(*s),
            Error::Errno(_) => None,
        }
    }

    /// The negative errno for this error: the errno tdx-core gives the
    /// status of a module failure (`-EIO` by default).
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::error::{Error, Status};
    ///
    /// assert_eq!(Error::Module(Status::from_raw(0xC000_0100_0000_0000)).to_errno(), -5);
    /// ```
    pub fn to_errno(&self) -> i32 {
        match self {
            Error::Module(s) => s.to_errno(),
            Error::Errno(e) => *e,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Module(s) => write!(f, "TDX module: {s:?}"),
            Error::Errno(e) => write!(f, "errno {e}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(CONFIG_RUST)]
impl From<Error> for kernel::error::Error {
    fn from(e: Error) -> Self {
        kernel::error::Error::from_errno(e.to_errno())
    }
}

/// The result of a tdx-core call.
///
/// # Examples
///
/// ```
/// fn pages(tdx: &tdx::Tdx) -> tdx::error::Result<usize> {
///     Ok(tdx::td::Td::new(tdx)?.pages())
/// }
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// assert!(pages(&tdx::Tdx::enable()?)? > 1);
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// A failed state transition: the object, unchanged in type, and why.
///
/// The caller can retry the transition or drop the object, which releases
/// what it holds. `?` turns it into an [`Error`] (dropping the object).
///
/// # Examples
///
/// ```
/// use tdx::td::Td;
/// use tdx::sim::{Leaf, SimConfig, Simulator};
///
/// Simulator::start(SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let td = Td::new(&tdx)?;
/// Simulator::fail_call(Leaf::MngKeyConfig, 1, tdx::error::Status::from_raw(0x8000_0200_0000_0000));
/// let created = td.create()?;
/// let failed = match created.configure_key() {
///     Err(failed) => failed,
///     Ok(_) => return Err(tdx::error::Error::EINVAL),
/// };
/// assert!(failed.error.status().is_some_and(|s| s.is_busy()));
/// let created = failed.object;
/// // Same stage, try again.
/// let _configured = created.configure_key()?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[must_use = "a failed transition gives the object back: retry or drop it"]
pub struct Failed<T> {
    /// The object, in the stage it had before the call.
    pub object: T,
    /// Why the transition failed.
    pub error: Error,
}

impl<T> fmt::Debug for Failed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed transition: {:?}", self.error)
    }
}

impl<T> From<Failed<T>> for Error {
    fn from(failed: Failed<T>) -> Self {
        failed.error
    }
}

/// Why an explicit release did not give everything back.
///
/// # Examples
///
/// ```
/// use tdx::error::ReleaseError;
/// use tdx::td::Td;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let td = Td::new(&tdx::Tdx::enable()?)?;
/// match td.destroy() {
///     Ok(()) => {}
///     // Nothing was released: try again later, or drop it.
///     Err(ReleaseError::Kept(failed)) => drop(failed.object),
///     // Gone, but the module kept some pages (and a warning said so).
///     Err(ReleaseError::Stranded(e)) => return Err(e),
/// }
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[derive(Debug)]
pub enum ReleaseError<T> {
    /// Nothing was released (contention, or a vCPU that could not be
    /// flushed); the object is handed back unchanged.
    Kept(Failed<T>),
    /// The object is gone, but pages the module refused to return were
    /// leaked, with one warning saying how many.
    Stranded(Error),
}
