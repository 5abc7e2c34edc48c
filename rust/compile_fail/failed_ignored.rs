//! A failed transition's object must be looked at.
//! expect: unused_must_use
#![deny(warnings)]
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let created = td.create()?;
    if let Err(failed) = created.configure_key() {
        failed;
    }
    Ok(())
}
