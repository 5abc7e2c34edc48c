//! A session is not shared between threads: its management calls and
//! IDE streams use it through shared references, sound only on one thread.
//! expect: E0277
fn shared<T: Sync>(_: &T) {}
fn check(session: &tdx::connect::Spdm<tdx::connect::Connected>) {
    shared(session);
}
fn main() {
    let _ = check;
}
