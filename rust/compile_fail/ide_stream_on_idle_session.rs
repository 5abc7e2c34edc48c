//! IDE streams need a connected session.
//! expect: E0308
use tdx::connect::{Function, Spdm};
use tdx::ide::{Stream, StreamConfig};
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let idle = Spdm::create(&tdx, Function::new(1), 1)?;
    let _stream = Stream::create(&idle, &StreamConfig::default(), 1)?;
    Ok(())
}
