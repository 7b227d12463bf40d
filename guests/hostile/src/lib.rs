//! A passive object that misbehaves on request, for the sandbox end-to-end
//! tests (`tests/sandbox.rs`).
//!
//! Each method is one way a guest can misbehave or probe its sandbox:
//! panic (the guest traps), spin without ever reaching a cooperative point,
//! grow its memory until the host's limit stops it, read, write and list
//! files, read the environment and the arguments, open a TCP connection,
//! look a host name up, flood stdout, read the wall clock, work (for fuel),
//! block in a WASI sleep, and never return while calling into the host
//! (`dodge`, `doze`) in the hope of escaping the time limit. `x` and
//! `inc()` are ordinary state, to show the object is intact after a refused
//! attempt, or was restarted fresh after a fatal one.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use remoteobj_guest::{Error, remote, should_stop, sleep};

/// One mebibyte.
const MIB: usize = 1024 * 1024;

/// How long `connect` waits for each address before giving up on it.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The type name the object's errors carry.
const TYPE_NAME: &str = "Hostile";

/// A guest that does what a well-behaved one would not.
#[remote]
#[derive(Default)]
pub struct Hostile {
    /// Ordinary state: 0 in a fresh object.
    x: i64,
    /// The memory `hog` and `allocate` hold on to, in chunks.
    #[remote(skip)]
    held: Vec<Vec<u8>>,
}

impl Hostile {
    /// The memory held, in whole MiB.
    fn held_mib(&self) -> u64 {
        (self.held.iter().map(Vec::len).sum::<usize>() / MIB) as u64
    }
}

/// A `RuntimeError` about `what` (a path, an address) that says why.
fn io_error(action: &str, what: &str, e: &std::io::Error) -> Error {
    Error::runtime(TYPE_NAME, format!("cannot {action} {what:?}: {e}"))
}

#[remote]
impl Hostile {
    /// Adds one to x and returns it.
    pub fn inc(&mut self) -> i64 {
        self.x += 1;
        self.x
    }

    /// Panics with `message` (the guest traps).
    pub fn panic(&self, message: String) {
        panic!("{message}");
    }

    /// Loops for ever without reaching a cooperative point: only the host
    /// can stop it. Never returns.
    pub fn spin(&self) -> u64 {
        let mut n: u64 = 0;
        loop {
            n = std::hint::black_box(n.wrapping_add(1));
        }
    }

    /// Allocates `mib` MiB chunks, touching every page, and keeps them, for
    /// ever: it stops only when the memory cannot grow any more (the host's
    /// limit traps, or the allocation failure aborts). Never returns.
    pub fn hog(&mut self, mib: u64) -> u64 {
        let chunk = (mib.max(1) as usize).saturating_mul(MIB);
        loop {
            self.held.push(std::hint::black_box(vec![1u8; chunk]));
        }
    }

    /// Allocates `mib` MiB once, touching every page, keeps it, and returns
    /// the MiB held in all.
    pub fn allocate(&mut self, mib: u64) -> u64 {
        let size = (mib as usize).saturating_mul(MIB);
        self.held.push(std::hint::black_box(vec![1u8; size]));
        self.held_mib()
    }

    /// The text of the file at `path`; a `RuntimeError` naming the path and
    /// the reason when it cannot be read.
    pub fn read_file(&self, path: String) -> Result<String, Error> {
        std::fs::read_to_string(&path).map_err(|e| io_error("read", &path, &e))
    }

    /// Writes `text` to the file at `path` (created or truncated); a
    /// `RuntimeError` naming the path and the reason when it cannot.
    pub fn write_file(&self, path: String, text: String) -> Result<(), Error> {
        std::fs::write(&path, text).map_err(|e| io_error("write", &path, &e))
    }

    /// The names of the entries of the directory at `path`, sorted; a
    /// `RuntimeError` naming the path and the reason when it cannot be read.
    pub fn list_dir(&self, path: String) -> Result<Vec<String>, Error> {
        let entries = std::fs::read_dir(&path).map_err(|e| io_error("list", &path, &e))?;
        let mut names = entries
            .map(|entry| {
                entry
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .map_err(|e| io_error("list", &path, &e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        names.sort();
        Ok(names)
    }

    /// The environment variables the guest sees, sorted by name.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut vars: Vec<_> = std::env::vars().collect();
        vars.sort();
        vars
    }

    /// The environment variable `name`, if the guest sees it.
    pub fn var(&self, name: String) -> Option<String> {
        std::env::var(name).ok()
    }

    /// The command-line arguments the guest sees.
    pub fn args(&self) -> Vec<String> {
        std::env::args().collect()
    }

    /// Opens a TCP connection to `addr` (`host:port`), trying each address
    /// it resolves to for at most 5 s, and returns `"connected to {peer}"`;
    /// a `RuntimeError` naming the address and the reason when it cannot.
    pub fn connect(&self, addr: String) -> Result<String, Error> {
        let targets = addr
            .to_socket_addrs()
            .map_err(|e| io_error("resolve", &addr, &e))?;
        let mut last = None;
        for target in targets {
            match TcpStream::connect_timeout(&target, CONNECT_TIMEOUT) {
                Ok(stream) => {
                    let peer = stream.peer_addr().unwrap_or(target);
                    return Ok(format!("connected to {peer}"));
                }
                Err(e) => last = Some(e),
            }
        }
        Err(match last {
            Some(e) => io_error("connect to", &addr, &e),
            None => Error::runtime(
                TYPE_NAME,
                format!("cannot connect to {addr:?}: it resolves to no address"),
            ),
        })
    }

    /// The IP addresses `host` resolves to (a lookup of `"{host}:80"`), in
    /// the resolver's order without repeats; a `RuntimeError` naming the
    /// host and the reason when the lookup fails.
    pub fn lookup(&self, host: String) -> Result<Vec<String>, Error> {
        let addrs = format!("{host}:80")
            .to_socket_addrs()
            .map_err(|e| io_error("look up", &host, &e))?;
        let mut ips: Vec<String> = Vec::new();
        for addr in addrs {
            let ip = addr.ip().to_string();
            if !ips.contains(&ip) {
                ips.push(ip);
            }
        }
        Ok(ips)
    }

    /// Prints `mib` MiB to stdout, as lines of 1023 `x` and a newline, and
    /// returns the bytes printed (fewer if stdout fails part way).
    pub fn shout(&self, mib: u64) -> u64 {
        let mut line = [b'x'; 1024];
        line[1023] = b'\n';
        let mut out = std::io::stdout().lock();
        let mut printed: u64 = 0;
        for _ in 0..mib.saturating_mul(1024) {
            if out.write_all(&line).is_err() {
                return printed;
            }
            printed += line.len() as u64;
        }
        let _ = out.flush();
        printed
    }

    /// Milliseconds since the UNIX epoch by the guest's wall clock (0 if
    /// the clock reads before the epoch).
    pub fn clock(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }

    /// Counts to `n` the slow way and returns `n`: work whose cost grows
    /// with `n`, for the fuel tests.
    pub fn work(&self, n: u64) -> u64 {
        let mut count = 0u64;
        for _ in 0..n {
            count = std::hint::black_box(count + 1);
        }
        count
    }

    /// Blocks in a WASI sleep for `ms` milliseconds: a host call that epoch
    /// interruption cannot reach.
    pub fn nap(&self, ms: u64) -> u64 {
        std::thread::sleep(Duration::from_millis(ms));
        ms
    }

    /// Never returns, while calling `should_stop` over and over, hoping each
    /// call restarts its clock.
    pub fn dodge(&self) -> u64 {
        let mut calls = 0u64;
        loop {
            std::hint::black_box(should_stop());
            calls = std::hint::black_box(calls + 1);
        }
    }

    /// Never returns, serving other requests meanwhile (a cooperative
    /// method that simply does not end).
    pub fn doze(&mut self) {
        loop {
            sleep(self, Duration::from_secs(3600));
        }
    }
}

remoteobj_guest::export!(Hostile);
