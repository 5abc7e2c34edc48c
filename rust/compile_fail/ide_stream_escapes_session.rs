//! A stream cannot be returned past the session it was created on.
//! expect: E0515
use tdx::connect::{Connected, Spdm};
use tdx::ide::{Created, Stream, StreamConfig};
fn open(session: Spdm<Connected>) -> Option<Stream<'static, Created>> {
    Stream::create(&session, &StreamConfig::default(), 1).ok()
}
fn main() {
    let _ = open;
}
