//! An IOMMU setup that is prepared must be driven.
//! expect: unused_must_use
#![deny(warnings)]
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    tdx::connect::TrustedIommu::setup(&tdx, 0xFED9_0000, 0, 1)?;
    Ok(())
}
