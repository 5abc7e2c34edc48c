//! A session cannot disconnect while a management call borrows it.
//! expect: E0505
use tdx::connect::{Connected, Spdm};
fn open(session: Spdm<Connected>) {
    let heartbeat = session.heartbeat();
    let _call = session.disconnect();
    let _ = heartbeat.call();
}
fn main() {
    let _ = open;
}
