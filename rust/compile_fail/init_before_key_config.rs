//! TDH.MNG.INIT before the key is configured: no such method on the stage.
//! expect: E0599
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let _ = td.create()?.init(1);
    Ok(())
}
