//! Proof that the extensions are up cannot be made by hand.
//! expect: E0451
fn main() {
    let _ = tdx::ext::Extensions { pages: 1 };
}
