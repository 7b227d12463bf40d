//! The baseline: a raw pipe ping-pong between this process and a child (the
//! hidden `bench-echo` subcommand), with nothing of remoteobj in between. A
//! round trip is one small message written to the child's stdin and read
//! back from its stdout, waiting the same way the real stack does (through
//! the same spinning reader, `remoteobj_pipe::SpinRead`).

use std::{
    io::{self, Read, Write},
    os::fd::AsFd,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use remoteobj_pipe::{SpinRead, SpinWindow};

/// The size of one ping (about the size of a small getattr frame).
pub const PING_BYTES: usize = 32;

/// Times `rounds` round trips (after a warm-up) and returns each one.
/// `spin` is the spin window before blocking (zero: block at once), used on
/// both ends.
pub fn ping_pong(rounds: usize, warmup: usize, spin: Duration) -> Result<Vec<Duration>> {
    let exe = std::env::current_exe().context("finding the current executable")?;
    let mut child = Command::new(exe)
        .arg("bench-echo")
        .arg("--spin-us")
        .arg(spin.as_micros().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the echo process")?;
    let mut to = child.stdin.take().context("echo stdin")?;
    let mut from = SpinRead::new(
        child.stdout.take().context("echo stdout")?,
        SpinWindow::new(spin),
    );
    let ping = [7u8; PING_BYTES];
    let mut pong = [0u8; PING_BYTES];
    let mut times = Vec::with_capacity(rounds);
    for i in 0..warmup + rounds {
        let start = Instant::now();
        to.write_all(&ping)?;
        from.read_exact(&mut pong)?;
        if i >= warmup {
            times.push(start.elapsed());
        }
        if pong != ping {
            bail!("the echo process answered something else");
        }
    }
    drop(to);
    child.wait()?;
    Ok(times)
}

/// The child's side: echoes fixed-size messages until its input ends.
pub fn echo(spin_us: u64) -> Result<()> {
    let spin = Duration::from_micros(spin_us);
    let stdin = std::fs::File::from(io::stdin().as_fd().try_clone_to_owned()?);
    let mut input = SpinRead::new(stdin, SpinWindow::new(spin));
    let mut output = io::stdout().lock();
    let mut buf = [0u8; PING_BYTES];
    loop {
        match input.read_exact(&mut buf) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e.into()),
        }
        output.write_all(&buf)?;
        output.flush()?;
    }
}
