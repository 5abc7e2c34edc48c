//! A vCPU cannot outlive its TD: dropping the TD first does not compile.
//! expect: E0505
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let vcpu = td.create()?.configure_key()?.init(1)?.create_vcpu()?;
    drop(td);
    drop(vcpu);
    Ok(())
}
