//! How the two ends of a pipe wait for each other: block in the kernel, or
//! spin briefly first, which saves the wake-ups while an object is busy (at
//! the price of CPU while spinning).
//!
//! Spinning is bounded: a reader (or a caller waiting for its answer) that
//! has spun for the whole window without news blocks as usual, so an idle
//! object burns no CPU.

use std::{
    io::{self, Read},
    os::fd::AsFd,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
        mpsc::{Receiver, RecvTimeoutError, TryRecvError},
    },
    time::{Duration, Instant},
};

use rustix::event::PollFlags;

use crate::fd::{poll_for, set_nonblocking};

/// How long a waiter spins before it blocks, shared by its clones and
/// settable after a reader has started (the worker learns it from its
/// `Load`, after its reader thread is running). Zero, the default, blocks at
/// once.
#[derive(Debug, Clone, Default)]
pub struct SpinWindow(Arc<AtomicU64>);

impl SpinWindow {
    /// A window of `spin`.
    pub fn new(spin: Duration) -> Self {
        let window = SpinWindow::default();
        window.set(spin);
        window
    }

    /// Sets the window for every clone.
    pub fn set(&self, spin: Duration) {
        let nanos = u64::try_from(spin.as_nanos()).unwrap_or(u64::MAX);
        self.0.store(nanos, Ordering::Relaxed);
    }

    /// The window now.
    pub fn get(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

/// A pipe reader that spins for the window before blocking. While the
/// window is zero it is a plain blocking reader; the first read with a
/// window switches the descriptor to non-blocking mode (and waits in
/// `poll(2)` from then on when the window runs out).
pub struct SpinRead<R> {
    inner: R,
    window: SpinWindow,
    nonblocking: bool,
}

impl<R: Read + AsFd> SpinRead<R> {
    /// Reads `inner`, spinning for `window` before each blocking wait.
    pub fn new(inner: R, window: SpinWindow) -> Self {
        SpinRead {
            inner,
            window,
            nonblocking: false,
        }
    }
}

impl<R: Read + AsFd> Read for SpinRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let window = self.window.get();
        if !self.nonblocking {
            if window.is_zero() {
                return self.inner.read(buf);
            }
            set_nonblocking(&self.inner)?;
            self.nonblocking = true;
        }
        let start = Instant::now();
        loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if start.elapsed() < window {
                        spin_pause();
                    } else {
                        poll_readable(&self.inner, None)?;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => return other,
            }
        }
    }
}

/// One turn of a spin: a CPU hint, and a yield so that on a machine with
/// fewer cores than spinning threads the one with work gets to run.
pub fn spin_pause() {
    std::hint::spin_loop();
    std::thread::yield_now();
}

/// Waits until `fd` is readable (or at its end, or broken), at most
/// `timeout` (`None`: for ever; zero: just looks); false when the time ran
/// out.
pub fn poll_readable(fd: &impl AsFd, timeout: Option<Duration>) -> io::Result<bool> {
    poll_for(fd, PollFlags::IN, timeout)
}

/// Waits for a message on `rx` until `deadline`, spinning for `window`
/// first.
pub fn recv_until<T>(
    rx: &Receiver<T>,
    window: Duration,
    deadline: Option<Instant>,
) -> Result<T, RecvTimeoutError> {
    if !window.is_zero() {
        let start = Instant::now();
        loop {
            match rx.try_recv() {
                Ok(msg) => return Ok(msg),
                Err(TryRecvError::Disconnected) => return Err(RecvTimeoutError::Disconnected),
                Err(TryRecvError::Empty) => {}
            }
            let now = Instant::now();
            if now.duration_since(start) >= window || deadline.is_some_and(|d| now >= d) {
                break;
            }
            spin_pause();
        }
    }
    match deadline {
        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::mpsc;

    #[test]
    fn a_spinning_reader_reads_what_arrives_late_and_sees_the_end() {
        let (r, mut w) = std::io::pipe().unwrap();
        let mut reader = SpinRead::new(r, SpinWindow::new(Duration::from_micros(50)));
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            w.write_all(b"late").unwrap();
        });
        let mut got = Vec::new();
        reader.read_to_end(&mut got).unwrap();
        writer.join().unwrap();
        assert_eq!(got, b"late");
    }

    #[test]
    fn recv_spins_then_blocks_until_the_deadline() {
        let (tx, rx) = mpsc::channel::<u8>();
        let window = Duration::from_micros(100);
        let soon = Instant::now() + Duration::from_millis(20);
        assert_eq!(
            recv_until(&rx, window, Some(soon)),
            Err(RecvTimeoutError::Timeout)
        );
        tx.send(7).unwrap();
        assert_eq!(recv_until(&rx, window, None), Ok(7));
        drop(tx);
        assert_eq!(
            recv_until(&rx, window, None),
            Err(RecvTimeoutError::Disconnected)
        );
    }
}
