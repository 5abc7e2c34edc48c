//! TDH.VP.INIT needs the Initialized stage, which finalising consumed.
//! expect: E0382
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let initialized = td.create()?.configure_key()?.init(1)?;
    let first = initialized.create_vcpu()?.init(&initialized, 0)?;
    let late = initialized.create_vcpu()?;
    let _runnable = initialized.finalize()?;
    let _ = late.init(&initialized, 1);
    drop(first);
    Ok(())
}
