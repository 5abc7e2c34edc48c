// SPDX-License-Identifier: GPL-2.0

//! TDX Connect: IDE streams.
//!
//! An IDE stream encrypts the PCIe traffic between a root port and a
//! device, with keys the module programs through the device's connected
//! SPDM session. A [`Stream`] is the module's stream object: it owns the
//! metadata pages the module keeps for it and the pages its key management
//! messages pass through, and it borrows the [`Connected`] session. So the
//! session can neither disconnect nor be dropped while the stream lives
//! (both are compile errors), while its heartbeats and key updates, which
//! borrow it too, go on.
//!
//! States: [`Stream::create`] → [`Created`] (no keys in use) →
//! `setup_keys` → [`Active`] (keys programmed, the stream started) →
//! `refresh_keys` → [`Active`], or `stop_keys` → [`Created`]; `block`
//! (from either) → [`Blocked`] → `delete`.
//!
//! Key management is an exchange with the device through the host, like
//! the session's own operations: [`KmCall::call`] returns
//! [`RelayStep::Relay`] when the module has a request for the device, and
//! the caller owns the loop. Block and delete are single SEAMCALLs. A
//! failed transition gives the stream back in [`Failed`], in its old
//! state.
//!
//! Dropping a stream in any state releases it with one call of the C
//! one-shot release: blocked, deleted, its pages written back with the
//! global key and freed. If the module is busy, the stream is leaked
//! with a warning (and its session, which the module will not delete
//! under it, is stranded when dropped); if the module refuses, its pages
//! are stranded with a warning. [`Stream::block`] and
//! [`Stream::delete`] report instead.
//!
//! # Examples
//!
//! ```
//! use tdx::connect::{Function, RelayStep, Spdm};
//! use tdx::ide::{Stream, StreamConfig};
//! use tdx::sim::{Device, SimConfig, Simulator};
//!
//! Simulator::start(SimConfig::default())?;
//! let tdx = tdx::Tdx::enable()?;
//! let device = Device::add(Function::new(0x20))?;
//! let mut connect = Spdm::create(&tdx, Function::new(0x20), 1)?.connect();
//! let session = loop {
//!     connect = match connect.call()? {
//!         RelayStep::Resume(next) => next,
//!         RelayStep::Relay(mut next) => {
//!             device.relay(&mut next)?;
//!             next
//!         }
//!         RelayStep::Done(session) => break session,
//!     };
//! };
//! let stream = Stream::create(&session, &StreamConfig::default(), 1)?;
//! // Program the keys and start the stream: two requests to the device.
//! let mut setup = stream.setup_keys();
//! let active = loop {
//!     setup = match setup.call()? {
//!         RelayStep::Resume(next) => next,
//!         RelayStep::Relay(mut next) => {
//!             device.relay(&mut next)?;
//!             next
//!         }
//!         RelayStep::Done(active) => break active,
//!     };
//! };
//! assert_eq!(device.stats()?.streams_live, 1);
//! let blocked = active.block()?;
//! if blocked.delete().is_err() {
//!     return Err(tdx::error::Error::EIO);
//! }
//! # Ok::<(), tdx::error::Error>(())
//! ```

use core::marker::PhantomData;

use super::connect::next_step;
use super::connect::sealed;
use super::connect::Connected;
use super::connect::Exchange;
use super::connect::Function;
use super::connect::RelayStep;
use super::connect::Spdm;
use super::error::Error;
use super::error::Failed;
use super::error::ReleaseError;
use super::error::Result;
use super::ffi;
use super::ffi::FreeError;

/// The state of an IDE stream; sealed.
///
/// # Examples
///
/// ```
/// use tdx::ide::{State, Stream};
///
/// fn stream_id<S: State>(stream: &Stream<'_, S>) -> u64 {
///     stream.id()
/// }
/// # let _ = stream_id::<tdx::ide::Created>;
/// ```
pub trait State: private::Sealed {}

/// A state in which traffic may flow, so the stream can be blocked; sealed.
///
/// # Examples
///
/// See [`Stream::block`].
pub trait Unblocked: State {}

mod private {
    /// Implemented by this module's state types only.
    pub trait Sealed {}
}

/// Created, with no keys in use: new, or its keys stopped.
///
/// # Examples
///
/// See [`Stream`].
pub enum Created {}

/// Keys programmed and in use: the stream is started.
///
/// # Examples
///
/// See [`Stream`].
pub enum Active {}

/// Traffic blocked (TDH.IDE.STREAM.BLOCK); the stream can only be deleted.
///
/// # Examples
///
/// See [`Stream`].
pub enum Blocked {}

impl private::Sealed for Created {}
impl private::Sealed for Active {}
impl private::Sealed for Blocked {}
impl State for Created {}
impl State for Active {}
impl State for Blocked {}
impl Unblocked for Created {}
impl Unblocked for Active {}

/// The kind of an IDE stream.
///
/// # Examples
///
/// See [`StreamConfig`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StreamKind {
    /// A link stream: everything on the link between the root port and
    /// the device.
    #[default]
    Link,
    /// A selective stream: the requester ids and addresses its
    /// association registers select, across switches.
    Selective,
}

/// What an IDE stream protects (the inputs of TDH.IDE.STREAM.CREATE).
///
/// # Examples
///
/// ```
/// use tdx::ide::{StreamConfig, StreamKind};
///
/// let cfg = StreamConfig {
///     root_port: 0x08,
///     kind: StreamKind::Selective,
///     ..StreamConfig::default()
/// };
/// assert_eq!(cfg.ctrl, 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StreamConfig {
    /// The root port's device and function number (devfn).
    pub root_port: u8,
    /// Link or selective.
    pub kind: StreamKind,
    /// The stream control register value.
    pub ctrl: u64,
    /// Requester id association registers 1 and 2.
    pub rid_assoc: [u64; 2],
    /// Address association registers 1 to 3.
    pub addr_assoc: [u64; 3],
}

impl StreamConfig {
    fn raw(&self) -> ffi::IdeConfig {
        // Stream info: bits 7:0 the root port's devfn, bit 8 selective.
        let selective = match self.kind {
            StreamKind::Link => 0,
            StreamKind::Selective => 1 << 8,
        };
        ffi::IdeConfig {
            info: u64::from(self.root_port) | selective,
            ctrl: self.ctrl,
            rid_assoc: self.rid_assoc,
            addr_assoc: self.addr_assoc,
        }
    }
}

/// An IDE stream object of the module, in state `S`, on the connected
/// SPDM session it borrows for `'s`.
///
/// Dropping it blocks and deletes it and gives its pages back (see the
/// [module documentation](self)); it may sleep.
///
/// # Examples
///
/// ```
/// use tdx::connect::{Connected, Spdm};
/// use tdx::ide::{Blocked, Created, Stream, StreamConfig};
///
/// // Any connected session will do.
/// fn open_and_block(session: &Spdm<Connected>) -> tdx::error::Result<()> {
///     let stream: Stream<'_, Created> = Stream::create(session, &StreamConfig::default(), 2)?;
///     assert_eq!(stream.pages(), 2);
///     let blocked: Stream<'_, Blocked> = stream.block()?;
///     // Dropping it deletes it and writes its pages back.
///     drop(blocked);
///     Ok(())
/// }
/// # use tdx::connect::{Function, RelayStep};
/// # use tdx::sim::{Device, SimConfig, Simulator};
/// # Simulator::start(SimConfig::default())?;
/// # let tdx = tdx::Tdx::enable()?;
/// # let device = Device::add(Function::new(0x21))?;
/// # let mut connect = Spdm::create(&tdx, Function::new(0x21), 1)?.connect();
/// # let session = loop {
/// #     connect = match connect.call()? {
/// #         RelayStep::Resume(next) => next,
/// #         RelayStep::Relay(mut next) => {
/// #             device.relay(&mut next)?;
/// #             next
/// #         }
/// #         RelayStep::Done(session) => break session,
/// #     };
/// # };
/// open_and_block(&session)?;
/// assert_eq!(Simulator::census().connect_pages, 1);
/// # Ok::<(), tdx::error::Error>(())
/// ```
pub struct Stream<'s, S: State> {
    raw: ffi::IdeHandle<'s>,
    session: &'s Spdm<Connected>,
    _state: PhantomData<S>,
}

impl<'s, S: State> Stream<'s, S> {
    /// The stream id the module gave it.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn id(&self) -> u64 {
        self.raw.ids().0
    }

    /// The root port's IDE id for the stream.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::ide::{Stream, State};
    /// fn ids<S: State>(stream: &Stream<'_, S>) -> (u64, u64) {
    ///     (stream.id(), stream.root_port_ide_id())
    /// }
    /// # let _ = ids::<tdx::ide::Active>;
    /// ```
    pub fn root_port_ide_id(&self) -> u64 {
        self.raw.ids().1
    }

    /// Metadata pages the module holds for the stream.
    ///
    /// # Examples
    ///
    /// See [`Stream`].
    pub fn pages(&self) -> usize {
        self.raw.pages()
    }

    /// The session the stream's keys are managed through.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::ide::{Stream, State};
    /// fn session_id<S: State>(stream: &Stream<'_, S>) -> u64 {
    ///     stream.session().id()
    /// }
    /// # let _ = session_id::<tdx::ide::Blocked>;
    /// ```
    pub fn session(&self) -> &'s Spdm<Connected> {
        self.session
    }

    fn into_state<T: State>(self) -> Stream<'s, T> {
        Stream {
            raw: self.raw,
            session: self.session,
            _state: PhantomData,
        }
    }

    fn km<T: State>(self, op: ffi::KmOp) -> KmCall<'s, S, T> {
        KmCall {
            stream: self,
            op,
            _to: PhantomData,
        }
    }
}

impl<'s> Stream<'s, Created> {
    /// Makes the module's stream object on `session` with
    /// `metadata_pages` pages of metadata (TDH.IDE.STREAM.CREATE).
    ///
    /// # Errors
    ///
    /// `-EINVAL` for 0 or more than 512 pages; `-ENOMEM`; the module's
    /// status: `TDX_SYS_STATE_INCORRECT` while the session has an
    /// extension call in flight, `TDX_OPERAND_INVALID` on operand RCX for
    /// a root port and kind that has a stream already.
    ///
    /// # Examples
    ///
    /// See [`Stream`].
    pub fn create(
        session: &'s Spdm<Connected>,
        cfg: &StreamConfig,
        metadata_pages: u32,
    ) -> Result<Self> {
        if !(1..=512).contains(&metadata_pages) {
            return Err(Error::EINVAL);
        }
        Ok(Stream {
            raw: ffi::IdeHandle::new(session.raw(), &cfg.raw(), metadata_pages)?,
            session,
            _state: PhantomData,
        })
    }

    /// Prepares the key set-up (TDH.IDE.STREAM.KM SETUP): the module
    /// programs the keys on the device (IDE_KM KEY_PROG), then starts the
    /// stream (K_SET_GO).
    ///
    /// # Examples
    ///
    /// See the [module documentation](self).
    pub fn setup_keys(self) -> KmCall<'s, Created, Active> {
        self.km(ffi::KmOp::Setup)
    }
}

impl<'s> Stream<'s, Active> {
    /// Prepares a key refresh (TDH.IDE.STREAM.KM REFRESH): new keys,
    /// programmed and started.
    ///
    /// # Examples
    ///
    /// See [`KmCall`].
    pub fn refresh_keys(self) -> KmCall<'s, Active, Active> {
        self.km(ffi::KmOp::Refresh)
    }

    /// Prepares stopping the keys (TDH.IDE.STREAM.KM STOP); the stream is
    /// [`Created`] again and its keys can be set up anew.
    ///
    /// # Examples
    ///
    /// See [`KmCall`].
    pub fn stop_keys(self) -> KmCall<'s, Active, Created> {
        self.km(ffi::KmOp::Stop)
    }
}

impl<'s, S: Unblocked> Stream<'s, S> {
    /// Blocks the stream's traffic (TDH.IDE.STREAM.BLOCK). A key
    /// management call of the stream left in flight is dropped.
    ///
    /// # Errors
    ///
    /// The stream back, in its state, with the module's status
    /// (`TDX_SYS_BUSY`, say: try again).
    ///
    /// # Examples
    ///
    /// See [`Stream`].
    pub fn block(mut self) -> Result<Stream<'s, Blocked>, Failed<Self>> {
        match ffi::check_status(self.raw.block()) {
            Ok(_) => Ok(self.into_state()),
            Err(error) => Err(Failed {
                object: self,
                error,
            }),
        }
    }
}

impl Stream<'_, Blocked> {
    /// Deletes the stream (TDH.IDE.STREAM.DELETE), then writes its pages
    /// back with the global key and frees them.
    ///
    /// # Errors
    ///
    /// [`ReleaseError::Kept`] with the stream, still [`Blocked`], when the
    /// module refused or was busy (retry, or drop it);
    /// [`ReleaseError::Stranded`] when the stream is gone but pages could
    /// not be written back (a warning said how many).
    ///
    /// # Examples
    ///
    /// See the [module documentation](self).
    pub fn delete(mut self) -> Result<(), ReleaseError<Self>> {
        if let Err(error) = ffi::check_status(self.raw.delete()) {
            return Err(ReleaseError::Kept(Failed {
                object: self,
                error,
            }));
        }
        let session = self.session;
        match self.raw.free() {
            Ok(()) => Ok(()),
            Err(FreeError::Kept(raw, error)) => Err(ReleaseError::Kept(Failed {
                object: Stream {
                    raw,
                    session,
                    _state: PhantomData,
                },
                error,
            })),
            Err(FreeError::Released(error)) => Err(ReleaseError::Stranded(error)),
        }
    }
}

/// A key management operation taking a stream from `From` to `To`, one
/// SEAMCALL per [`call`](KmCall::call); the module talks IDE_KM to the
/// device through the stream's SPDM session, by way of the host.
///
/// The module runs one extension call at a time: while this one is in
/// flight, the session's heartbeats get `TDX_OPERAND_BUSY`, and the other
/// way round. Dropping it drops the stream (which blocks it, and that
/// drops the module's call); [`KmCall::abandon`] keeps the stream instead.
///
/// # Examples
///
/// ```
/// use tdx::ide::{KmCall, KmStep, State, Stream};
/// use tdx::sim::Device;
///
/// // The caller's relay loop, for any key management operation.
/// fn drive<'s, F: State, T: State>(
///     mut call: KmCall<'s, F, T>,
///     device: &Device,
/// ) -> tdx::error::Result<Stream<'s, T>> {
///     for _ in 0..tdx::connect::MAX_EXCHANGES {
///         call = match call.call()? {
///             KmStep::Resume(next) => next,
///             KmStep::Relay(mut next) => {
///                 device.relay(&mut next)?;
///                 next
///             }
///             KmStep::Done(stream) => return Ok(stream),
///         };
///     }
///     Err(tdx::error::Error::EIO)
/// }
///
/// fn rekey<'s>(
///     stream: Stream<'s, tdx::ide::Active>,
///     device: &Device,
/// ) -> tdx::error::Result<Stream<'s, tdx::ide::Created>> {
///     let stream = drive(stream.refresh_keys(), device)?;
///     drive(stream.stop_keys(), device)
/// }
/// # use tdx::connect::{Function, RelayStep, Spdm};
/// # use tdx::sim::{SimConfig, Simulator};
/// # Simulator::start(SimConfig::default())?;
/// # let tdx = tdx::Tdx::enable()?;
/// # let device = Device::add(Function::new(0x21))?;
/// # let mut connect = Spdm::create(&tdx, Function::new(0x21), 1)?.connect();
/// # let session = loop {
/// #     connect = match connect.call()? {
/// #         RelayStep::Resume(next) => next,
/// #         RelayStep::Relay(mut next) => {
/// #             device.relay(&mut next)?;
/// #             next
/// #         }
/// #         RelayStep::Done(session) => break session,
/// #     };
/// # };
/// let stream = Stream::create(&session, &tdx::ide::StreamConfig::default(), 1)?;
/// let active = drive(stream.setup_keys(), &device)?;
/// let _stopped = rekey(active, &device)?;
/// // Set up, refreshed: two key programmings; then stopped.
/// assert_eq!(device.stats()?.keys_programmed, 2);
/// assert_eq!(device.stats()?.streams_live, 0);
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[must_use = "a key management operation must be driven with call() until Done"]
pub struct KmCall<'s, From: State, To: State> {
    stream: Stream<'s, From>,
    op: ffi::KmOp,
    _to: PhantomData<To>,
}

/// What one call of a key management operation gave; `Done` holds the
/// stream in its new state.
///
/// # Examples
///
/// See [`KmCall`].
pub type KmStep<'s, From, To> = RelayStep<KmCall<'s, From, To>, Stream<'s, To>>;

impl<'s, From: State, To: State> KmCall<'s, From, To> {
    /// Issues the operation's SEAMCALL once more, with the same inputs.
    ///
    /// # Errors
    ///
    /// A [`Failed`] with the stream in its old state: `TDX_OPERAND_BUSY`
    /// while another extension call is in flight, `TDX_SYS_STATE_INCORRECT`
    /// when the module's stream is not in the state for the operation, an
    /// invalid answer from the device (the attempt is over; start again).
    ///
    /// # Examples
    ///
    /// See [`KmCall`].
    pub fn call(mut self) -> Result<KmStep<'s, From, To>, Failed<Stream<'s, From>>> {
        match next_step(self.stream.raw.km(self.op)) {
            Ok(RelayStep::Resume(())) => Ok(RelayStep::Resume(self)),
            Ok(RelayStep::Relay(())) => Ok(RelayStep::Relay(self)),
            Ok(RelayStep::Done(())) => Ok(RelayStep::Done(self.stream.into_state())),
            Err(error) => Err(Failed {
                object: self.stream,
                error,
            }),
        }
    }

    /// Stops driving the operation and takes the stream back, in its old
    /// state. The module's call stays in flight: the same operation of
    /// this stream resumes it, blocking the stream drops it, and other
    /// extension calls get `TDX_OPERAND_BUSY` meanwhile.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::ide::{Created, Stream};
    /// fn not_now<'s>(stream: Stream<'s, Created>) -> Stream<'s, Created> {
    ///     stream.setup_keys().abandon()
    /// }
    /// # let _ = not_now;
    /// ```
    pub fn abandon(self) -> Stream<'s, From> {
        self.stream
    }
}

impl<From: State, To: State> Exchange for KmCall<'_, From, To> {
    fn function(&self) -> Function {
        self.stream.session.function()
    }
}

impl<From: State, To: State> sealed::Sealed for KmCall<'_, From, To> {
    fn relay_sim(&mut self, function: Function, _: sealed::Token) -> Result<()> {
        if function != self.stream.session.function() {
            return Err(Error::EINVAL);
        }
        self.stream.raw.relay_sim(function.raw())
    }
}
