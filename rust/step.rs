// SPDX-License-Identifier: GPL-2.0

//! Interruptible calls, driven by the caller.
//!
//! Some SEAMCALLs do a bounded amount of work and return
//! `TDX_INTERRUPTED_RESUMABLE` when an interrupt is pending. Each leaf has
//! its own way to go on: call again with the same inputs, feed the outputs
//! back as inputs, or set a resume flag. The wrappers of this crate keep
//! that protocol inside an operation value; the caller only calls it
//! again. The loop stays at the call site, where its bound and the reason
//! it ends are visible, and nothing reschedules or retries behind the
//! caller's back.

/// What one call of an interruptible operation gave.
///
/// `Resume` carries the operation, ready for its next call; `Done` carries
/// the result. Both must be used: dropping a `Resume` abandons the
/// operation (see the operation's own `Drop`).
///
/// # Examples
///
/// ```
/// use tdx::ext::ExtPool;
/// use tdx::Step;
/// # use tdx::sim::{SimConfig, Simulator};
/// # Simulator::start(SimConfig { pool_pages: 600, ..SimConfig::default() })?;
/// let tdx = tdx::Tdx::enable()?;
/// let mut donation = ExtPool::alloc(&tdx)?.donate();
/// // Each call takes at least one page of a finite pool, so this ends.
/// let donated = loop {
///     match donation.call()? {
///         Step::Resume(next) => donation = next,
///         Step::Done(donated) => break donated,
///     }
/// };
/// assert_eq!(donated.pages(), 600);
/// # Ok::<(), tdx::error::Error>(())
/// ```
#[must_use = "an interrupted operation must be resumed, or dropped on purpose"]
pub enum Step<Op, Out> {
    /// Interrupted, or more work queued: call the operation again.
    Resume(Op),
    /// Finished.
    Done(Out),
}
