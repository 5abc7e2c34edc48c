//! The stage traits are sealed: no new stage can be invented.
//! expect: E0277
enum Skipped {}
impl tdx::td::Stage for Skipped {}
fn main() {}
