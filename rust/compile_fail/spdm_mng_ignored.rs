//! A heartbeat that is prepared must be driven.
//! expect: unused_must_use
#![deny(warnings)]
use tdx::connect::{Connected, Spdm};
fn keep_alive(session: &Spdm<Connected>) {
    session.heartbeat();
}
fn main() {
    let _ = keep_alive;
}
