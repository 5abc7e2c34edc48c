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
/// this one lives, and after it is donated. Dropping it gives its pages
/// back to the page allocator.
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
/// A module that needs no memory gets an empty pool, which counts as
/// donated from the start (dropping it does not undo that).
pub struct ExtPool {
    pages: usize,
    token: ffi::PoolToken,
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
        let (token, pages) = ffi::PoolToken::alloc()?;
        Ok(ExtPool { pages, token })
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
        ExtDonation {
            pages: self.pages,
            token: self.token,
        }
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
/// go back to the page allocator. Dropping may sleep.
///
/// [`call`]: ExtDonation::call
///
/// # Examples
///
/// See [`Step`].
#[must_use = "the donation must be driven to its end with call()"]
pub struct ExtDonation {
    pages: usize,
    token: ffi::PoolToken,
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
        if pages == 0 {
            // A module that needs no memory: nothing to hand over.
            self.token.end();
            return Ok(Step::Done(Donated { pages }));
        }
        let status = self.token.add();
        if Status::from_raw(status).is_interrupted() {
            return Ok(Step::Resume(self));
        }
        if let Err(e) = ffi::check_status(status) {
            // The C side stranded the pool already; nothing to give up.
            self.token.end();
            return Err(e);
        }
        if self.token.left() > 0 {
            Ok(Step::Resume(self))
        } else {
            self.token.end();
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
        self.token.left()
    }
}

/// Receipt for a donated pool: the module owns the pages until it is
/// shut down; nothing here can reach them. A dropped receipt can be found
/// again with [`Donated::recover`].
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

    /// Finds the receipt of a donated pool whose extensions were not
    /// started, for a caller that dropped it (an error path, say).
    ///
    /// # Errors
    ///
    /// `-EEXIST` if the extensions are up; `-EIO` after a failed
    /// donation; `-ENOENT` if no pool was donated.
    ///
    /// # Examples
    ///
    /// ```
    /// use tdx::ext::{Donated, ExtPool};
    /// use tdx::Step;
    /// # use tdx::sim::{SimConfig, Simulator};
    /// # Simulator::start(SimConfig { pool_pages: 4, ..SimConfig::default() })?;
    /// let tdx = tdx::Tdx::enable()?;
    /// if let Step::Done(donated) = ExtPool::alloc(&tdx)?.donate().call()? {
    ///     drop(donated); // Lost on some error path.
    /// }
    /// let donated = Donated::recover(&tdx)?;
    /// assert_eq!(donated.pages(), 4);
    /// # Ok::<(), tdx::error::Error>(())
    /// ```
    pub fn recover(_tdx: &Tdx) -> Result<Donated> {
        Ok(Donated {
            pages: ffi::ext_pool_donated()?,
        })
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
