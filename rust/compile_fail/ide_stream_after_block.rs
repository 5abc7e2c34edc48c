//! Blocking takes the stream: the old, active value is gone.
//! expect: E0382
use tdx::ide::{Active, Stream};
fn rekey(active: Stream<'_, Active>) {
    let _blocked = active.block();
    let _ = active.refresh_keys();
}
fn main() {
    let _ = rekey;
}
