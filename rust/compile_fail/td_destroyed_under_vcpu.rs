//! An explicit destroy of the TD while a vCPU of it lives.
//! expect: E0505
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let initialized = td.create()?.configure_key()?.init(1)?;
    let _vcpu = initialized.create_vcpu()?;
    let _ = td.destroy();
    Ok(())
}
