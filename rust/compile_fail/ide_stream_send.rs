//! An IDE stream stays on its session's thread.
//! expect: E0277
fn sent<T: Send>(_: T) {}
fn check(stream: tdx::ide::Stream<'_, tdx::ide::Created>) {
    sent(stream);
}
fn main() {
    let _ = check;
}
