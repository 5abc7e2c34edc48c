//! A key management operation that is prepared must be driven.
//! expect: unused_must_use
#![deny(warnings)]
use tdx::ide::{Created, Stream};
fn setup(stream: Stream<'_, Created>) {
    stream.setup_keys();
}
fn main() {
    let _ = setup;
}
