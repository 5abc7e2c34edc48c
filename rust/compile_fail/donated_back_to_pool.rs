//! A donated pool cannot be turned back into host memory.
//! expect: E0277
fn back(donated: tdx::ext::Donated) -> tdx::ext::ExtPool {
    donated.into()
}
fn main() {
    let _ = back;
}
