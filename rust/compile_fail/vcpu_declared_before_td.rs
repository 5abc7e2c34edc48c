//! A vCPU declared before its TD would be dropped after it: the vCPU's
//! `Drop` needs the TD, so this does not compile.
//! expect: E0597
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let vcpu;
    let td = tdx::td::Td::new(&tdx)?;
    let initialized = td.create()?.configure_key()?.init(1)?;
    vcpu = initialized.create_vcpu()?;
    let _ = &vcpu;
    Ok(())
}
