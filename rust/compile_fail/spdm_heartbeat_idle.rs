//! Heartbeats, key updates and disconnect need a connected session.
//! expect: E0599
use tdx::connect::{Function, Spdm};
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let idle = Spdm::create(&tdx, Function::new(1), 1)?;
    let _ = idle.heartbeat();
    Ok(())
}
