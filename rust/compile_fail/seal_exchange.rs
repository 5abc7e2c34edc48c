//! Only this crate's relayed operations are exchanges: a driver cannot
//! make one up for a device to answer.
//! expect: E0277
struct Fake;
impl tdx::connect::Exchange for Fake {
    fn function(&self) -> tdx::connect::Function {
        tdx::connect::Function::new(1)
    }
}
fn main() {}
