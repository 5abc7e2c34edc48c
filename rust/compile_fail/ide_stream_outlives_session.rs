//! An IDE stream borrows its SPDM session: the session cannot be dropped
//! while the stream lives.
//! expect: E0505
use tdx::connect::{Connected, Spdm};
use tdx::ide::{Stream, StreamConfig};
fn open(session: Spdm<Connected>) -> Result<(), tdx::error::Error> {
    let stream = Stream::create(&session, &StreamConfig::default(), 1)?;
    drop(session);
    let _ = stream.block();
    Ok(())
}
fn main() {
    let _ = open;
}
