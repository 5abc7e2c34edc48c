// SPDX-License-Identifier: GPL-2.0

//! The extension memory pool: host pages donated, once, to the module.
//!
//! Module extensions (TDX Connect, quoting) run out of memory the host
//! gives at bring-up. No leaf ever gives it back while the module runs, so
//! the types only go one way:
//!
//! [`ExtPool`] (host memory) → [`ExtDonation`] (being handed over, one
//! TDH.EXT.MEM.ADD per call) → [`Donated`] (a receipt: no pages, no way
//! back) → [`ExtStart`] (TDH.EXT.INIT, one call per step) → [`Extensions`].

use super::error::Error;
use super::error::Failed;
use super::error::Result;
use super::error::Status;
use super::ffi;
use super::step::Step;
use super::system::Tdx;

/// The pool, allocated and still the host's.
///
/// There is one pool per module: a second [`ExtPool::alloc`] fails while
/// this one lives. Dropping it gives its pages back to the page allocator.
///
/// # Examples
///
/// ```
/// use tdx::ext::ExtPool;
/// # use tdx::sim::{SimConfig, Simulator};
/// # Simulator::start(SimConfig { pool_pages: 8, ..SimConfig::default() })?;
/// let tdx = tdx::Tdx::enable()?;
/// let pool = ExtPool::alloc(&tdx)?;
/// assert_eq!(pool.pages(), 8);
/// drop(pool); // Never donated: the pages are freed.
/// let _again = ExtPool::alloc(&tdx)?;
/// # Ok::<(), tdx::error::Error>(())
/// ```
///
/// # Invariants
///
/// The C pool is allocated and not yet offered to the module, and this is
/// its only handle.
pub struct ExtPool {
    pages: usize,
}

impl ExtPool {
    /// Allocates as many pages as the module's extensions need.
    ///
    /// # Errors
    ///
    /// `-EOPNOTSUPP` for a module without extensions, `-EEXIST` if the
    /// pool already exists or was donated, `-EIO` after a failed
    /// donation, `-ENOMEM`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::sim::{SimConfig, Simulator};
    /// # Simulator::start(SimConfig { pool_pages: 8, ..SimConfig::default() })?;
    /// let tdx = tdx::Tdx::enable()?;
    /// let pool = tdx::ext::ExtPool::alloc(&tdx)?;
    /// assert!(tdx::ext::ExtPool::alloc(&tdx).is_err());
    /// # drop(pool);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn alloc(_tdx: &Tdx) -> Result<ExtPool> {
        let pages = ffi::ext_pool_alloc()?;
        // INVARIANT: the C pool was just allocated for this handle.
        Ok(ExtPool { pages })
    }

    /// Pages in the pool.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::sim::{SimConfig, Simulator};
    /// # Simulator::start(SimConfig { pool_pages: 3, ..SimConfig::default() })?;
    /// let pool = tdx::ext::ExtPool::alloc(&tdx::Tdx::enable()?)?;
    /// assert_eq!(pool.pages(), 3);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Starts handing the pool to the module; the pool is gone from here on.
    ///
    /// # Examples
    ///
    /// See [`Step`].
    pub fn donate(self) -> ExtDonation {
        let pages = self.pages;
        core::mem::forget(self);
        ExtDonation { pages }
    }
}

impl Drop for ExtPool {
    fn drop(&mut self) {
        // By the type invariants nothing was offered: nothing is stranded.
        ffi::ext_pool_free();
    }
}

/// The pool on its way to the module, one TDH.EXT.MEM.ADD per [`call`].
///
/// The resume protocol of TDH.EXT.MEM.ADD is "outputs become inputs": the
/// module returns the list descriptor with its first entry moved past the
/// pages it took, and the next call passes that back. This type keeps it.
///
/// Dropping it part-way abandons the donation: pages the module took, and
/// the list in flight, are stranded (leaked, with one warning); the rest
/// go back to the page allocator.
///
/// [`call`]: ExtDonation::call
///
/// # Examples
///
/// See [`Step`].
#[must_use = "the donation must be driven to its end with call()"]
pub struct ExtDonation {
    pages: usize,
}

impl ExtDonation {
    /// Issues the next TDH.EXT.MEM.ADD.
    ///
    /// Returns [`Step::Resume`] when the call was interrupted or more lists
    /// are queued, and [`Step::Done`] when the module has every page. The
    /// loop ends: every interrupted call takes at least one page (one that
    /// takes none is reported as an error) and every other call a list.
    ///
    /// # Errors
    ///
    /// The module's status when it refused a list; the pages of the lists
    /// offered so far are stranded, with one warning.
    ///
    /// # Examples
    ///
    /// See [`Step`].
    pub fn call(self) -> Result<Step<ExtDonation, Donated>> {
        let pages = self.pages;
        core::mem::forget(self);
        if pages == 0 {
            // A module that needs no memory: nothing to hand over.
            return Ok(Step::Done(Donated { pages }));
        }
        let status = ffi::ext_pool_add();
        if Status::from_raw(status).is_interrupted() {
            return Ok(Step::Resume(ExtDonation { pages }));
        }
        // A failed call stranded the pool already; nothing to abandon.
        ffi::check_status(status)?;
        if ffi::ext_pool_left() > 0 {
            Ok(Step::Resume(ExtDonation { pages }))
        } else {
            Ok(Step::Done(Donated { pages }))
        }
    }

    /// Pages not yet taken by the module.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tdx::sim::{SimConfig, Simulator};
    /// # Simulator::start(SimConfig { pool_pages: 5, ..SimConfig::default() })?;
    /// let donation = tdx::ext::ExtPool::alloc(&tdx::Tdx::enable()?)?.donate();
    /// assert_eq!(donation.left(), 5);
    /// # let _ = donation.call()?;
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn left(&self) -> usize {
        ffi::ext_pool_left()
    }
}

impl Drop for ExtDonation {
    fn drop(&mut self) {
        // Abandoned part-way: the C side strands what the module may hold.
        ffi::ext_pool_free();
    }
}

/// Receipt for a donated pool: the module owns the pages until it is
/// shut down; nothing here can reach them.
///
/// # Examples
///
/// See [`Step`] and [`ExtStart`].
#[must_use = "a donated pool is useful once the extensions are started"]
pub struct Donated {
    pages: usize,
}

impl Donated {
    /// Pages the module received.
    ///
    /// # Examples
    ///
    /// See [`Step`].
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Prepares TDH.EXT.INIT, the start of the extensions.
    ///
    /// # Examples
    ///
    /// See [`ExtStart`].
    pub fn start(self) -> ExtStart {
        ExtStart { pages: self.pages }
    }
}

/// TDH.EXT.INIT, one call per [`call`]; its resume protocol is "same
/// inputs again".
///
/// [`call`]: ExtStart::call
///
/// # Examples
///
/// ```
/// use tdx::ext::ExtPool;
/// use tdx::sim::{Leaf, SimConfig, Simulator};
/// use tdx::Step;
///
/// Simulator::start(SimConfig { pool_pages: 4, ext_required: true, ..SimConfig::default() })?;
/// Simulator::interrupt_every(Leaf::ExtInit, 1);
/// let tdx = tdx::Tdx::enable()?;
/// let mut donation = ExtPool::alloc(&tdx)?.donate();
/// let donated = loop {
///     match donation.call()? {
///         Step::Resume(next) => donation = next,
///         Step::Done(donated) => break donated,
///     }
/// };
/// let mut start = donated.start();
/// let mut calls = 0;
/// // Each interrupted call did one of the module's finite work units.
/// let ext = loop {
///     calls += 1;
///     match start.call()? {
///         Step::Resume(next) => start = next,
///         Step::Done(ext) => break ext,
///     }
/// };
/// assert!(calls > 1);
/// assert_eq!(ext.pool_pages(), 4);
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[must_use = "the extensions start only once call() returns Done"]
pub struct ExtStart {
    pages: usize,
}

impl ExtStart {
    /// Issues TDH.EXT.INIT (or nothing, if the module does not need it).
    ///
    /// # Errors
    ///
    /// A [`Failed`] holding the [`Donated`] receipt: the call can be
    /// prepared and issued again.
    ///
    /// # Examples
    ///
    /// See [`ExtStart`].
    pub fn call(self) -> Result<Step<ExtStart, Extensions>, Failed<Donated>> {
        let status = Status::from_raw(ffi::ext_init_call());
        if status.is_interrupted() {
            Ok(Step::Resume(self))
        } else if status.is_success() {
            Ok(Step::Done(Extensions { pages: self.pages }))
        } else {
            Err(Failed {
                object: Donated { pages: self.pages },
                error: Error::Module(status),
            })
        }
    }
}

/// Proof that the module extensions are up.
///
/// # Examples
///
/// See [`ExtStart`].
#[derive(Clone, Copy, Debug)]
pub struct Extensions {
    pages: usize,
}

impl Extensions {
    /// Pages the extensions run on.
    ///
    /// # Examples
    ///
    /// See [`ExtStart`].
    pub fn pool_pages(&self) -> usize {
        self.pages
    }
}
