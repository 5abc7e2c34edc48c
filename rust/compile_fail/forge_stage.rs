//! A build stage cannot be made by hand to skip the transitions.
//! expect: E0451
use core::marker::PhantomData;
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let _runnable: tdx::td::TdStage<'_, tdx::td::Runnable> = tdx::td::TdStage {
        td: &td,
        _stage: PhantomData,
    };
    Ok(())
}
