//! A connected session cannot connect again.
//! expect: E0599
use tdx::connect::{Connected, Spdm};
fn again(session: Spdm<Connected>) {
    let _ = session.connect();
}
fn main() {
    let _ = again;
}
