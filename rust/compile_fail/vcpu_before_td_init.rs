//! vCPUs are created on an initialised TD only.
//! expect: E0599
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let _ = td.create()?.configure_key()?.create_vcpu();
    Ok(())
}
