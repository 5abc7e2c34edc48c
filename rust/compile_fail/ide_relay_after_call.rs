//! A key management call is consumed by call(): its request can only be
//! relayed from the step it returned.
//! expect: E0382
use tdx::connect::{Connected, Spdm};
use tdx::ide::{Stream, StreamConfig};
fn open(session: Spdm<Connected>, device: &tdx::sim::Device) -> Result<(), tdx::error::Error> {
    let stream = Stream::create(&session, &StreamConfig::default(), 1)?;
    let mut keys = stream.setup_keys();
    let _step = keys.call();
    device.relay(&mut keys)?;
    Ok(())
}
fn main() {
    let _ = open;
}
