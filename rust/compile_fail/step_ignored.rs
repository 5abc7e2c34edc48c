//! An interrupted call's Step must be used (driven or dropped on purpose).
//! expect: unused_must_use
#![deny(warnings)]
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let donation = tdx::ext::ExtPool::alloc(&tdx)?.donate();
    donation.call()?;
    Ok(())
}
