//! TD handles stay on their thread (the C bookkeeping is not locked).
//! expect: E0277
fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let td = tdx::td::Td::new(&tdx)?;
    std::thread::spawn(move || drop(td));
    Ok(())
}
