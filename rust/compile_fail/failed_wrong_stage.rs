//! A failed key configuration gives back the Created stage, which still
//! cannot be initialised.
//! expect: E0599
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let created = td.create()?;
    if let Err(failed) = created.configure_key() {
        let _ = failed.object.init(1);
    }
    Ok(())
}
