//! Once donated, the pool's pages are the module's: the pool is gone.
//! expect: E0382
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let pool = tdx::ext::ExtPool::alloc(&tdx)?;
    let donation = pool.donate();
    let _ = pool.pages();
    let _ = donation.call();
    Ok(())
}
