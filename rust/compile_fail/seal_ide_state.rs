//! IDE stream states are the crate's: no made-up state to skip a step.
//! expect: E0277
enum Keyed {}
impl tdx::ide::State for Keyed {}
fn main() {}
