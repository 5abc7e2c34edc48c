//! Control: the intended use of IDE streams compiles, with heartbeats of
//! the session while its stream lives (so the IDE failures fail for their
//! own reason).
//! expect: pass
use tdx::connect::{Connected, Function, RelayStep, Spdm};
use tdx::ide::{KmCall, KmStep, State, Stream, StreamConfig};
use tdx::sim::Device;

fn keys<'s, F: State, T: State>(
    mut call: KmCall<'s, F, T>,
    device: &Device,
) -> Result<Stream<'s, T>, tdx::error::Error> {
    loop {
        call = match call.call()? {
            KmStep::Resume(next) => next,
            KmStep::Relay(mut next) => {
                device.relay(&mut next)?;
                next
            }
            KmStep::Done(stream) => return Ok(stream),
        };
    }
}

fn ide(session: &Spdm<Connected>, device: &Device) -> Result<(), tdx::error::Error> {
    let stream = Stream::create(session, &StreamConfig::default(), 1)?;
    let active = keys(stream.setup_keys(), device)?;
    let mut heartbeat = session.heartbeat();
    loop {
        heartbeat = match heartbeat.call()? {
            RelayStep::Resume(next) => next,
            RelayStep::Relay(mut next) => {
                device.relay(&mut next)?;
                next
            }
            RelayStep::Done(()) => break,
        };
    }
    let active = keys(active.refresh_keys(), device)?;
    drop(active.block()?);
    Ok(())
}

fn main() -> Result<(), tdx::error::Error> {
    let tdx = tdx::Tdx::enable()?;
    let device = Device::add(Function::new(1))?;
    let mut connect = Spdm::create(&tdx, Function::new(1), 1)?.connect();
    let session = loop {
        connect = match connect.call()? {
            RelayStep::Resume(next) => next,
            RelayStep::Relay(mut next) => {
                device.relay(&mut next)?;
                next
            }
            RelayStep::Done(session) => break session,
        };
    };
    ide(&session, &device)?;
    let _disconnect = session.disconnect();
    Ok(())
}
