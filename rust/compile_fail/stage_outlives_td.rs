//! A build stage borrows its TD: the TD cannot go while a stage lives.
//! expect: E0505
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    let created = td.create()?;
    drop(td);
    let _ = created.configure_key();
    Ok(())
}
