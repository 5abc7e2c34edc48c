//! A vCPU cannot be returned past the TD it borrows.
//! expect: E0515
use tdx::vcpu::{Created, Vcpu};

fn make(tdx: &tdx::Tdx) -> Result<Vcpu<'static, Created>, tdx::error::Error> {
    let td = tdx::td::Td::new(tdx)?;
    let vcpu = td.create()?.configure_key()?.init(1)?.create_vcpu()?;
    Ok(vcpu)
}

fn main() {
    let _ = tdx::Tdx::enable().map(|t| make(&t).is_ok());
}
