// SPDX-License-Identifier: GPL-2.0

//! TDX Connect: SPDM sessions with devices, and trusted IOMMUs.
//!
//! An [`Spdm`] is the module's session object for one device function:
//! it owns the metadata pages the module keeps for it (and the pages its
//! messages pass through), and `Drop` deletes it, writes the pages back
//! and frees them. [`Idle`] and [`Connected`] say whether a secure session
//! with the device is up.
//!
//! Connect and disconnect change the state: they consume the session and
//! give it back in its new state. Heartbeat and key update keep it: they
//! borrow the connected session, as the session's IDE streams
//! ([`super::ide::Stream`]) do, so the session can be managed while
//! streams live, and can neither disconnect nor go away under them.
//!
//! These are operations the module runs with the device through the
//! host: each `call()` ([`SpdmCall::call`], [`SpdmMng::call`]) returns
//! [`RelayStep::Relay`] when the module has a request for the device; the
//! caller carries it there and the answer back (for the simulated devices,
//! [`super::sim::Device::relay`]) and calls again. The loop is the
//! caller's; the wrapper keeps the operation's inputs, which are the same
//! on every call.

use core::marker::PhantomData;

use super::error::Error;
use super::error::Failed;
use super::error::Result;
use super::error::Status;
use super::ffi;
use super::system::Tdx;

/// The state of an SPDM session; sealed.
pub trait SessionState: private::Sealed {}

mod private {
    /// Implemented by this module's state types only.
    pub trait Sealed {}
}

/// No secure session with the device (created, or disconnected).
pub enum Idle {}
/// A secure session with the device is up.
pub enum Connected {}

impl private::Sealed for Idle {}
impl private::Sealed for Connected {}
impl SessionState for Idle {}
impl SessionState for Connected {}

/// Messages one operation may relay before the caller gives up: connect
/// needs six; the bound only stops a misbehaving module or device.
pub const MAX_EXCHANGES: usize = 64;

/// A device function: its PCIe requester id (bus, device, function).
///
/// # Examples
///
/// ```
/// let f = tdx::connect::Function::new(0x0310);
/// assert_eq!(f.rid(), 0x0310);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function(u16);

impl Function {
    /// The function with requester id `rid` in PCIe segment 0.
    ///
    /// # Examples
    ///
    /// See [`Function`].
    pub const fn new(rid: u16) -> Self {
        Function(rid)
    }

    /// Its requester id.
    ///
    /// # Examples
    ///
    /// See [`Function`].
    pub const fn rid(self) -> u16 {
        self.0
    }

    pub(super) fn raw(self) -> u64 {
        u64::from(self.0)
    }
}

/// An SPDM session object of the module, in state `S`.
///
/// Dropping it deletes the session (a connected one too: the module
/// forgets its keys) and gives its pages back; it may sleep.
///
/// # Examples
///
/// ```
/// use tdx::connect::{Function, Spdm, SpdmStep};
/// use tdx::sim::{Device, SimConfig, Simulator};
///
/// Simulator::start(SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let device = Device::add(Function::new(0x10))?;
/// let mut call = Spdm::create(&tdx, Function::new(0x10), 2)?.connect();
/// let session = loop {
///     match call.call()? {
///         SpdmStep::Resume(next) => call = next,
///         // The module asks the device something: carry it there and back.
///         SpdmStep::Relay(mut next) => {
///             device.relay(&mut next)?;
///             call = next;
///         }
///         SpdmStep::Done(session) => break session,
///     }
/// };
/// let mut info = [0u8; 64];
/// assert_eq!(session.device_info(&mut info), 36);
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub struct Spdm<S: SessionState> {
    raw: ffi::SpdmHandle,
    function: Function,
    _state: PhantomData<S>,
}

impl<S: SessionState> Spdm<S> {
    /// The session's SPDM_ID.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::connect::{Function, Spdm};
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let s = Spdm::create(&tdx::Tdx::enable()?, Function::new(1), 1)?;
    /// assert_ne!(s.id(), 0);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn id(&self) -> u64 {
        self.raw.ids().0
    }

    /// The device function.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::connect::{Function, Spdm};
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let s = Spdm::create(&tdx::Tdx::enable()?, Function::new(7), 1)?;
    /// assert_eq!(s.function(), Function::new(7));
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn function(&self) -> Function {
        self.function
    }

    fn into_state<T: SessionState>(self) -> Spdm<T> {
        Spdm {
            raw: self.raw,
            function: self.function,
            _state: PhantomData,
        }
    }

    fn op<T: SessionState>(self, op: ffi::SpdmOp) -> SpdmCall<S, T> {
        SpdmCall {
            session: self,
            op,
            _to: PhantomData,
        }
    }

    pub(super) fn raw(&self) -> &ffi::SpdmHandle {
        &self.raw
    }
}

impl Spdm<Idle> {
    /// Makes the module's session object for `function`, with
    /// `metadata_pages` pages of metadata (TDH.SPDM.CREATE; one page goes
    /// over in the singleton form).
    ///
    /// # Errors
    ///
    /// `-EINVAL` for 0 or more than 512 pages; `-ENOMEM`; the module's
    /// status (a session for this function exists, the extensions are not
    /// up).
    ///
    /// # Examples
    ///
    /// See [`Spdm`].
    pub fn create(_tdx: &Tdx, function: Function, metadata_pages: u32) -> Result<Spdm<Idle>> {
        if !(1..=512).contains(&metadata_pages) {
            return Err(Error::EINVAL);
        }
        Ok(Spdm {
            raw: ffi::SpdmHandle::new(function.raw(), metadata_pages)?,
            function,
            _state: PhantomData,
        })
    }

    /// Prepares TDH.SPDM.CONNECT: version, capabilities, algorithms,
    /// certificate, key exchange, finish.
    ///
    /// # Examples
    ///
    /// See [`Spdm`].
    pub fn connect(self) -> SpdmCall<Idle, Connected> {
        self.op(ffi::SpdmOp::Connect)
    }
}

impl Spdm<Connected> {
    /// Prepares TDH.SPDM.DISCONNECT: end the secure session.
    ///
    /// It consumes the session, so it cannot run while IDE streams or
    /// management calls borrow it.
    ///
    /// # Examples
    ///
    /// See [`SpdmCall`].
    pub fn disconnect(self) -> SpdmCall<Connected, Idle> {
        self.op(ffi::SpdmOp::Disconnect)
    }

    /// Prepares a heartbeat (TDH.SPDM.MNG). A session key that served its
    /// time makes it fail with `TDX_SPDM_SESSION_KEY_REQUIRE_REFRESH`
    /// ([`is_key_refresh`]): run [`Spdm::key_update`], then retry.
    ///
    /// # Examples
    ///
    /// See [`SpdmMng`].
    pub fn heartbeat(&self) -> SpdmMng<'_> {
        SpdmMng {
            session: self,
            op: ffi::SpdmOp::Heartbeat,
        }
    }

    /// Prepares a session key update (TDH.SPDM.MNG).
    ///
    /// # Examples
    ///
    /// See [`SpdmMng`].
    pub fn key_update(&self) -> SpdmMng<'_> {
        SpdmMng {
            session: self,
            op: ffi::SpdmOp::KeyUpdate,
        }
    }

    /// The management operation an earlier [`SpdmMng`] left unfinished
    /// (dropped after a `Relay` or `Resume` step), to be driven to its
    /// end: the module runs one extension call at a time, so until then
    /// every other one, of any session, gets `TDX_OPERAND_BUSY`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::connect::{Function, RelayStep, Spdm};
    /// use tdx::sim::{Device, SimConfig, Simulator};
    ///
    /// Simulator::start(SimConfig::default())?;
    /// let tdx = tdx::Tdx::enable()?;
    /// let device = Device::add(Function::new(6))?;
    /// let mut connect = Spdm::create(&tdx, Function::new(6), 1)?.connect();
    /// let session = loop {
    ///     connect = match connect.call()? {
    ///         RelayStep::Resume(next) => next,
    ///         RelayStep::Relay(mut next) => {
    ///             device.relay(&mut next)?;
    ///             next
    ///         }
    ///         RelayStep::Done(session) => break session,
    ///     };
    /// };
    /// // An error path drops a heartbeat half-way...
    /// assert!(matches!(session.heartbeat().call()?, RelayStep::Relay(_)));
    /// // ...and the session hands it back to be finished.
    /// let mut left = session.pending().ok_or(tdx::error::Error::EIO)?;
    /// loop {
    ///     left = match left.call()? {
    ///         RelayStep::Resume(next) => next,
    ///         RelayStep::Relay(mut next) => {
    ///             device.relay(&mut next)?;
    ///             next
    ///         }
    ///         RelayStep::Done(()) => break,
    ///     };
    /// }
    /// assert!(session.pending().is_none());
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn pending(&self) -> Option<SpdmMng<'_>> {
        match self.raw.in_flight()? {
            op @ (ffi::SpdmOp::Heartbeat | ffi::SpdmOp::KeyUpdate) => {
                Some(SpdmMng { session: self, op })
            }
            _ => None,
        }
    }

    /// Copies what the device told the module at connect (its certificate
    /// and session id) into `buf`; returns the length.
    ///
    /// # Examples
    ///
    /// See [`Spdm`].
    pub fn device_info(&self, buf: &mut [u8]) -> usize {
        self.raw.output(buf)
    }
}

/// Whether `error` asks for a session key update before a retry.
///
/// # Examples
///
/// ```
/// use tdx::error::{Error, Status};
///
/// let e = Error::Module(Status::from_raw(0xC000_0F45_0000_0000));
/// assert!(tdx::connect::is_key_refresh(&e));
/// ```
pub fn is_key_refresh(error: &Error) -> bool {
    error
        .status()
        .is_some_and(|s| s.is(Status::from_raw(ffi::spdm_key_refresh())))
}

/// An SPDM operation taking a session from `From` to `To`, one SEAMCALL
/// per [`call`](SpdmCall::call).
///
/// Dropping it part-way leaves the module's call in flight until the
/// session is dropped (which cancels it).
///
/// # Examples
///
/// ```
/// use tdx::connect::{Function, RelayStep, SessionState, Spdm, SpdmCall};
/// use tdx::sim::{Device, SimConfig, Simulator};
///
/// // The caller's relay loop, for connect and disconnect.
/// fn drive<F: SessionState, T: SessionState>(
///     mut call: SpdmCall<F, T>,
///     device: &Device,
/// ) -> tdx::error::Result<Spdm<T>> {
///     for _ in 0..tdx::connect::MAX_EXCHANGES {
///         call = match call.call()? {
///             RelayStep::Resume(next) => next,
///             RelayStep::Relay(mut next) => {
///                 device.relay(&mut next)?;
///                 next
///             }
///             RelayStep::Done(session) => return Ok(session),
///         };
///     }
///     Err(tdx::error::Error::EIO)
/// }
///
/// Simulator::start(SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let device = Device::add(Function::new(3))?;
/// let s = Spdm::create(&tdx, Function::new(3), 1)?;
/// let s = drive(s.connect(), &device)?;
/// let _idle = drive(s.disconnect(), &device)?;
/// assert_eq!(device.stats()?.sessions, 1);
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[must_use = "an SPDM operation must be driven with call() until Done"]
pub struct SpdmCall<From: SessionState, To: SessionState> {
    session: Spdm<From>,
    op: ffi::SpdmOp,
    _to: PhantomData<To>,
}

/// What one call of an operation relayed through the host gave: the
/// operation `C` to call again, or its result `T`.
///
/// # Examples
///
/// See [`Spdm`].
#[must_use = "the operation goes on only if the step is acted on"]
pub enum RelayStep<C, T> {
    /// Interrupted: call again.
    Resume(C),
    /// The module has a request for the device: relay it, then call again.
    Relay(C),
    /// Done: the result.
    Done(T),
}

/// What one call of an SPDM operation gave; `Done` holds the session in
/// its new state.
///
/// # Examples
///
/// See [`Spdm`].
pub type SpdmStep<From, To> = RelayStep<SpdmCall<From, To>, Spdm<To>>;

/// What one call of a session management operation gave.
///
/// # Examples
///
/// See [`SpdmMng`].
pub type MngStep<'s> = RelayStep<SpdmMng<'s>, ()>;

/// What an extension call's status asks for next; a module error is an
/// error.
pub(super) fn next_step(status: u64) -> Result<RelayStep<(), ()>> {
    let status = Status::from_raw(status);
    if status.is_interrupted() {
        Ok(RelayStep::Resume(()))
    } else if status.is(Status::from_raw(ffi::spdm_request())) {
        Ok(RelayStep::Relay(()))
    } else if status.is_error() {
        Err(Error::Module(status))
    } else {
        Ok(RelayStep::Done(()))
    }
}

impl<From: SessionState, To: SessionState> SpdmCall<From, To> {
    /// Issues the operation's SEAMCALL once more, with the same inputs.
    ///
    /// # Errors
    ///
    /// A [`Failed`] with the session in its old state: `TDX_OPERAND_BUSY`
    /// while another session's operation is in flight (the module runs
    /// one at a time), an invalid answer from the device (the attempt is
    /// over; start again), the key refresh request of a heartbeat
    /// ([`is_key_refresh`]).
    ///
    /// # Examples
    ///
    /// See [`SpdmCall`].
    pub fn call(self) -> core::result::Result<SpdmStep<From, To>, Failed<Spdm<From>>> {
        match next_step(self.session.raw.call(self.op)) {
            Ok(RelayStep::Resume(())) => Ok(RelayStep::Resume(self)),
            Ok(RelayStep::Relay(())) => Ok(RelayStep::Relay(self)),
            Ok(RelayStep::Done(())) => Ok(RelayStep::Done(self.session.into_state())),
            Err(error) => Err(Failed {
                object: self.session,
                error,
            }),
        }
    }

    /// The session's device function, for the relay.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::connect::{Function, Spdm};
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let call = Spdm::create(&tdx::Tdx::enable()?, Function::new(9), 1)?.connect();
    /// assert_eq!(call.function(), Function::new(9));
    /// # drop(call);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn function(&self) -> Function {
        self.session.function
    }

    /// Stops driving the operation and takes the session back, in its old
    /// state. The module's call stays in flight: the next operation of
    /// this session resumes it (if it is the same one), other sessions get
    /// `TDX_OPERAND_BUSY` until this session is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::connect::{Function, Spdm};
    /// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
    /// let call = Spdm::create(&tdx::Tdx::enable()?, Function::new(5), 1)?.connect();
    /// let idle = call.abandon();
    /// # drop(idle);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn abandon(self) -> Spdm<From> {
        self.session
    }
}

/// A management operation of a connected session (TDH.SPDM.MNG: heartbeat
/// or key update), one SEAMCALL per [`call`](SpdmMng::call).
///
/// It borrows the session, which stays [`Connected`]. The module runs one
/// extension call at a time: another operation started meanwhile (of this
/// session, of another, or an IDE key management call) fails with
/// `TDX_OPERAND_BUSY`, and one of the same kind on this session continues
/// this one. Dropping it part-way leaves the module's call in flight:
/// [`Spdm::pending`] hands it back to be finished (the next call of the
/// same kind resumes it too), and dropping the session cancels it.
///
/// # Examples
///
/// ```
/// use tdx::connect::{is_key_refresh, Function, RelayStep, Spdm, SpdmMng};
/// use tdx::sim::{Device, SimConfig, Simulator};
///
/// // The caller's relay loop for a management operation.
/// fn drive(mut call: SpdmMng<'_>, device: &Device) -> tdx::error::Result<()> {
///     for _ in 0..tdx::connect::MAX_EXCHANGES {
///         call = match call.call()? {
///             RelayStep::Resume(next) => next,
///             RelayStep::Relay(mut next) => {
///                 device.relay(&mut next)?;
///                 next
///             }
///             RelayStep::Done(()) => return Ok(()),
///         };
///     }
///     Err(tdx::error::Error::EIO)
/// }
///
/// // A session key serves one heartbeat.
/// Simulator::start(SimConfig { spdm_key_ops: 1, ..SimConfig::default() })?;
/// let tdx = tdx::Tdx::enable()?;
/// let device = Device::add(Function::new(4))?;
/// let mut connect = Spdm::create(&tdx, Function::new(4), 1)?.connect();
/// let session = loop {
///     connect = match connect.call()? {
///         RelayStep::Resume(next) => next,
///         RelayStep::Relay(mut next) => {
///             device.relay(&mut next)?;
///             next
///         }
///         RelayStep::Done(session) => break session,
///     };
/// };
/// drive(session.heartbeat(), &device)?;
/// match drive(session.heartbeat(), &device) {
///     // The key served its time: update it, then retry.
///     Err(e) if is_key_refresh(&e) => {
///         drive(session.key_update(), &device)?;
///         drive(session.heartbeat(), &device)?;
///     }
///     other => other?,
/// }
/// assert_eq!(device.stats()?.heartbeats, 2);
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[must_use = "a session management operation must be driven with call() until Done"]
pub struct SpdmMng<'s> {
    session: &'s Spdm<Connected>,
    op: ffi::SpdmOp,
}

impl<'s> SpdmMng<'s> {
    /// Issues the operation's SEAMCALL once more, with the same inputs.
    ///
    /// # Errors
    ///
    /// The module's status: `TDX_OPERAND_BUSY` while another extension
    /// call is in flight, an invalid answer from the device (the attempt
    /// is over), the key refresh request of a heartbeat
    /// ([`is_key_refresh`]).
    ///
    /// # Examples
    ///
    /// See [`SpdmMng`].
    pub fn call(self) -> Result<MngStep<'s>> {
        Ok(match next_step(self.session.raw.call(self.op))? {
            RelayStep::Resume(()) => RelayStep::Resume(self),
            RelayStep::Relay(()) => RelayStep::Relay(self),
            RelayStep::Done(()) => RelayStep::Done(()),
        })
    }

    /// The session it manages.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::connect::{Connected, Spdm};
    /// fn id(session: &Spdm<Connected>) -> u64 {
    ///     session.heartbeat().session().id()
    /// }
    /// ```
    pub fn session(&self) -> &'s Spdm<Connected> {
        self.session
    }
}

/// An operation whose requests the host relays to a device: an
/// [`SpdmCall`], an [`SpdmMng`] or an IDE key management call
/// ([`super::ide::KmCall`]). Sealed.
///
/// # Examples
///
/// ```
/// use tdx::connect::{Exchange, Function};
///
/// fn for_device<E: Exchange>(call: &E, function: Function) -> bool {
///     call.function() == function
/// }
/// # let _ = for_device::<tdx::connect::SpdmMng<'_>>;
/// ```
pub trait Exchange: sealed::Sealed {
    /// The device function its requests are for.
    ///
    /// # Examples
    ///
    /// See [`Exchange`].
    fn function(&self) -> Function;
}

pub(super) mod sealed {
    use super::super::error::Result;
    use super::Function;

    /// Only this crate can make one, so only this crate can call
    /// [`Sealed::relay_sim`], even through an `E: Exchange` bound.
    pub struct Token(pub(in super::super) ());

    /// Implemented by this crate's relayed operations only.
    pub trait Sealed {
        /// Carries the pending request to simulated device `function`
        /// and its answer back; `-EINVAL` if the operation is not for it
        /// or no request is pending.
        fn relay_sim(&mut self, function: Function, token: Token) -> Result<()>;
    }
}

impl<F: SessionState, T: SessionState> Exchange for SpdmCall<F, T> {
    fn function(&self) -> Function {
        self.session.function
    }
}

impl<F: SessionState, T: SessionState> sealed::Sealed for SpdmCall<F, T> {
    fn relay_sim(&mut self, function: Function, _: sealed::Token) -> Result<()> {
        if function != self.session.function {
            return Err(Error::EINVAL);
        }
        self.session.raw.relay_sim(function.raw())
    }
}

impl Exchange for SpdmMng<'_> {
    fn function(&self) -> Function {
        self.session.function
    }
}

impl sealed::Sealed for SpdmMng<'_> {
    fn relay_sim(&mut self, function: Function, _: sealed::Token) -> Result<()> {
        if function != self.session.function {
            return Err(Error::EINVAL);
        }
        self.session.raw.relay_sim(function.raw())
    }
}

/// A VT-d unit in TDX mode: a trusted IOMMU.
///
/// It owns the metadata the module keeps for the unit (two invalidation
/// queue folios and single pages). Dropping it takes the unit out of TDX
/// mode (TDH.IOMMU.CLEAR, resumed to its end), writes the pages back with
/// the global key and frees them; it may sleep.
///
/// # Examples
///
/// ```
/// use tdx::connect::TrustedIommu;
/// use tdx::Step;
/// # tdx::sim::Simulator::start(tdx::sim::SimConfig::default())?;
/// let tdx = tdx::Tdx::enable()?;
/// let mut setup = TrustedIommu::setup(&tdx, 0xFED9_0000, 1, 4)?;
/// // Each call takes metadata entries of a finite list, so this ends.
/// let iommu = loop {
///     match setup.call()? {
///         Step::Resume(next) => setup = next,
///         Step::Done(iommu) => break iommu,
///     }
/// };
/// assert_ne!(iommu.id(), 0);
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub struct TrustedIommu {
    raw: ffi::IommuHandle,
}

impl TrustedIommu {
    /// Allocates the metadata of the unit at `reg_base` (its VTBAR):
    /// invalidation queues of `1 << queue_order` pages each, and `pages`
    /// single pages; returns the setup to drive.
    ///
    /// # Errors
    ///
    /// `-EINVAL` for sizes out of range (queue order above 8, 0 or more
    /// than 510 pages) or a register base that is 0 or not page aligned;
    /// `-ENOMEM`.
    ///
    /// # Examples
    ///
    /// See [`TrustedIommu`].
    pub fn setup(_tdx: &Tdx, reg_base: u64, queue_order: u32, pages: u32) -> Result<IommuSetup> {
        if reg_base == 0 || reg_base & 0xFFF != 0 {
            return Err(Error::EINVAL);
        }
        Ok(IommuSetup {
            raw: ffi::IommuHandle::new(queue_order, pages)?,
            reg_base,
        })
    }

    /// The module's IOMMU_ID for the unit.
    ///
    /// # Examples
    ///
    /// See [`TrustedIommu`].
    pub fn id(&self) -> u64 {
        self.raw.id()
    }
}

/// TDH.IOMMU.SETUP of one unit, one SEAMCALL per [`call`](IommuSetup::call);
/// its resume protocol is "same inputs again", kept here.
///
/// Dropping it part-way finishes the setup and clears the unit again.
///
/// # Examples
///
/// See [`TrustedIommu`].
#[must_use = "the setup must be driven with call() until Done"]
pub struct IommuSetup {
    raw: ffi::IommuHandle,
    reg_base: u64,
}

impl IommuSetup {
    /// Issues TDH.IOMMU.SETUP once more.
    ///
    /// # Errors
    ///
    /// The module's status: `TDX_OPERAND_INVALID` on operand RCX when the
    /// unit has no TDX mode (skip it), `TDX_SYS_BUSY` or
    /// `TDX_OPERAND_BUSY` (try again with a new setup). The metadata is
    /// freed.
    ///
    /// # Examples
    ///
    /// See [`TrustedIommu`].
    pub fn call(mut self) -> Result<super::step::Step<IommuSetup, TrustedIommu>> {
        let status = Status::from_raw(self.raw.setup(self.reg_base));
        if status.is_interrupted() {
            Ok(super::step::Step::Resume(self))
        } else if status.is_error() {
            Err(Error::Module(status))
        } else {
            Ok(super::step::Step::Done(TrustedIommu { raw: self.raw }))
        }
    }
}
