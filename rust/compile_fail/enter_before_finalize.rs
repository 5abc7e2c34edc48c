//! TDH.VP.ENTER needs the TD's Runnable stage, not Initialized.
//! expect: E0308
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let initialized = td.create()?.configure_key()?.init(1)?;
    let mut vcpu = initialized.create_vcpu()?.init(&initialized, 0)?;
    vcpu.enter(&initialized)?;
    Ok(())
}
