//! The module-is-up token comes from Tdx::enable() only.
//! expect: E0423
fn main() {
    let _ = tdx::td::Td::new(&tdx::Tdx);
}
