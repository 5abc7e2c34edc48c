//! A TD has one owner: it cannot be cloned (two owners would free twice).
//! expect: E0599
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let _second = td.clone();
    Ok(())
}
