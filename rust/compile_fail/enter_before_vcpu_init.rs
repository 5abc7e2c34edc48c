//! A vCPU enters only after TDH.VP.INIT.
//! expect: E0599
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let initialized = td.create()?.configure_key()?.init(1)?;
    let mut vcpu = initialized.create_vcpu()?;
    let runnable = initialized.finalize()?;
    vcpu.enter(&runnable)?;
    Ok(())
}
