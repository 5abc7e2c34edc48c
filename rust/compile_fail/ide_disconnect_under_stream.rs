//! A session with a live IDE stream cannot disconnect: disconnect takes
//! the session, which the stream borrows.
//! expect: E0505
use tdx::connect::{Connected, Spdm};
use tdx::ide::{Stream, StreamConfig};
fn open(session: Spdm<Connected>) -> Result<(), tdx::error::Error> {
    let stream = Stream::create(&session, &StreamConfig::default(), 1)?;
    let _call = session.disconnect();
    drop(stream);
    Ok(())
}
fn main() {
    let _ = open;
}
