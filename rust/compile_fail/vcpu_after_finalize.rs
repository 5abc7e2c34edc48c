//! Finalising consumes the Initialized stage: no vCPU can be added after.
//! expect: E0382
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let initialized = td.create()?.configure_key()?.init(1)?;
    let _runnable = initialized.finalize()?;
    let _ = initialized.create_vcpu();
    Ok(())
}
