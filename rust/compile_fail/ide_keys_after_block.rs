//! A blocked stream has no key management: it can only be deleted.
//! expect: E0599
use tdx::ide::{Active, Stream};
fn rekey(active: Stream<'_, Active>) {
    if let Ok(blocked) = active.block() {
        let _ = blocked.refresh_keys();
    }
}
fn main() {
    let _ = rekey;
}
