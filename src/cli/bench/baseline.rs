//! The baseline: a raw pipe ping-pong between this process and a child (the
//! hidden `bench-echo` subcommand), with nothing of remoteobj in between. A
//! round trip is one small message written to the child's stdin and read
//! back from its stdout, waiting the same way the real stack does.

use std::{
    io::{self, Read, Write},
    os::fd::{AsFd, AsRawFd},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

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
    let mut from = child.stdout.take().context("echo stdout")?;
    if !spin.is_zero() {
        set_nonblocking(&from)?;
    }
    let ping = [7u8; PING_BYTES];
    let mut pong = [0u8; PING_BYTES];
    let mut times = Vec::with_capacity(rounds);
    for i in 0..warmup + rounds {
        let start = Instant::now();
        to.write_all(&ping)?;
        read_exact_spinning(&mut from, &mut pong, spin)?;
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
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut output = io::stdout().lock();
    if !spin.is_zero() {
        set_nonblocking(&io::stdin())?;
    }
    let mut buf = [0u8; PING_BYTES];
    loop {
        match read_exact_spinning(&mut input, &mut buf, spin) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e.into()),
        }
        output.write_all(&buf)?;
        output.flush()?;
    }
}

/// Fills `buf`, spinning up to `spin` for each chunk before waiting in
/// `poll(2)` (a descriptor in blocking mode just blocks).
fn read_exact_spinning<R: Read + AsFd>(
    r: &mut R,
    buf: &mut [u8],
    spin: Duration,
) -> io::Result<()> {
    let mut filled = 0;
    let mut start = Instant::now();
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                filled += n;
                start = Instant::now();
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if start.elapsed() < spin {
                    std::hint::spin_loop();
                    std::thread::yield_now();
                } else {
                    let mut pollfd = libc::pollfd {
                        fd: r.as_fd().as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    };
                    // SAFETY: one valid pollfd for a descriptor we hold.
                    unsafe { libc::poll(&mut pollfd, 1, -1) };
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn set_nonblocking(fd: &impl AsFd) -> io::Result<()> {
    let fd = fd.as_fd().as_raw_fd();
    // SAFETY: fcntl on a descriptor we hold, no pointers involved.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    // SAFETY: as above.
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
