//! TDH.EXT.INIT prepared and never issued.
//! expect: unused_must_use
#![deny(warnings)]
fn start(donated: tdx::ext::Donated) {
    donated.start();
}
fn main() {
    let _ = start;
}
