//! Control: the intended use compiles (so the failures below fail for
//! their own reason, not because the harness is broken).
//! expect: pass
use tdx::td::Td;
use tdx::Step;

fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let mut donation = tdx::ext::ExtPool::alloc(&tdx)?.donate();
    let donated = loop {
        match donation.call()? {
            Step::Resume(next) => donation = next,
            Step::Done(d) => break d,
        }
    };
    let mut start = donated.start();
    let _ext = loop {
        match start.call()? {
            Step::Resume(next) => start = next,
            Step::Done(e) => break e,
        }
    };
    let td = Td::new(&tdx)?;
    let initialized = td.create()?.configure_key()?.init(1)?;
    let mut vcpu = initialized.create_vcpu()?.init(&initialized, 0)?;
    let runnable = initialized.finalize()?;
    vcpu.enter(&runnable)?;
    drop(vcpu);
    drop(td);
    Ok(())
}
