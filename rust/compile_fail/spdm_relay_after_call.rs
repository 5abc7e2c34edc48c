//! A call is consumed by call(): its request can only be relayed from the
//! step it returned.
//! expect: E0382
use tdx::connect::{Function, Spdm};
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let device = tdx::sim::Device::add(Function::new(1))?;
    let mut call = Spdm::create(&tdx, Function::new(1), 1)?.connect();
    let _step = call.call();
    device.relay(&mut call)?;
    Ok(())
}
