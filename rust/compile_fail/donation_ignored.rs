//! A donation that is started must be driven.
//! expect: unused_must_use
#![deny(warnings)]
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    tdx::ext::ExtPool::alloc(&tdx)?.donate();
    Ok(())
}
