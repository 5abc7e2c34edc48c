//! The raw bindings are private to the crate's FFI module.
//! expect: E0603
fn main() {
    let _ = tdx::ffi::first_cpu();
}
