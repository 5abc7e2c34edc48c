//! An active stream is blocked before it is deleted.
//! expect: E0599
use tdx::ide::{Active, Stream};
fn end(active: Stream<'_, Active>) {
    let _ = active.delete();
}
fn main() {
    let _ = end;
}
