//! The seal's relay hook cannot be called from outside the crate, even
//! through an Exchange bound: the token it needs cannot be named.
//! expect: E0603
use tdx::connect::Exchange;
fn relay<E: Exchange>(call: &mut E) {
    let function = call.function();
    let _ = call.relay_sim(function, tdx::connect::sealed::Token(()));
}
fn main() {
    let _ = relay::<tdx::connect::SpdmMng<'_>>;
}
