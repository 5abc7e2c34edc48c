//! An SPDM operation that is prepared must be driven.
//! expect: unused_must_use
#![deny(warnings)]
use tdx::connect::{Function, Spdm};
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    Spdm::create(&tdx, Function::new(1), 1)?.connect();
    Ok(())
}
