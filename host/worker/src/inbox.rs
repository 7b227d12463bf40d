//! Who reads the worker's input: the thread waiting for the next message
//! reads the pipe itself, and a reader thread takes over while it is busy.
//!
//! Each hand-off between threads costs a wake-up, so the fast path has none:
//! a worker waiting for a request reads it straight off the pipe. But a busy
//! worker (a long method, an active object's loop between its cooperative
//! points, a restart's backoff) must still see `Stop`, `Cancel` and
//! `Shutdown` as they arrive, so then the reader thread reads, acting on
//! control messages at once and queueing the rest. It is woken when the
//! worker has been busy for a while (the epoch ticker's tick, see
//! [`Inbox::busy`]) and steps back at the first frame it reads once the
//! consumer waits again. A flood of queued messages (65,536, which only
//! fire-and-forget requests can reach) pauses it until the consumer catches
//! up; control messages behind them wait too.
//!
//! Messages read by either go into one channel, in the order they arrived;
//! the consumer always takes from it first.

use std::{
    io::{self, BufReader, Read},
    os::fd::OwnedFd,
    sync::{
        Arc, Condvar, Mutex,
        atomic::{AtomicUsize, Ordering},
        mpsc::Sender,
    },
    thread,
    time::{Duration, Instant},
};

use remoteobj_pipe::{SpinRead, SpinWindow, lock, poll_readable, spin_pause};
use remoteobj_protocol::{FrameError, ToWorker, read_frame_with_limit};

use crate::control::Control;

/// What the channel carries.
#[derive(Debug)]
pub(crate) enum Incoming {
    Message(ToWorker),
    Broken(FrameError),
    Closed,
    /// The reader thread stepped back: a consumer waiting for it reads the
    /// pipe itself from now on (what the reader queued before may already
    /// have been taken, so the consumer must not wait for more).
    Resume,
}

/// The worker's input stream, readable by either thread.
pub(crate) trait Source: Read + Send {
    /// Whether bytes are buffered (readable without a system call).
    fn buffered(&self) -> bool;
    /// Waits until a byte can be read, spinning for `spin` first; false
    /// when `deadline` passes first.
    fn wait_readable(&mut self, deadline: Option<Instant>, spin: Duration) -> io::Result<bool>;
}

/// A pipe (or any descriptor), buffered, read through the spin window.
pub(crate) struct PipeSource {
    inner: BufReader<SpinRead<std::fs::File>>,
    fd: OwnedFd,
}

impl PipeSource {
    pub(crate) fn new(input: impl Into<OwnedFd>, window: SpinWindow) -> io::Result<Self> {
        let fd: OwnedFd = input.into();
        let file = std::fs::File::from(fd.try_clone()?);
        Ok(PipeSource {
            inner: BufReader::with_capacity(64 * 1024, SpinRead::new(file, window)),
            fd,
        })
    }
}

impl Read for PipeSource {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl Source for PipeSource {
    fn buffered(&self) -> bool {
        !self.inner.buffer().is_empty()
    }

    fn wait_readable(&mut self, deadline: Option<Instant>, spin: Duration) -> io::Result<bool> {
        if self.buffered() {
            return Ok(true);
        }
        let start = Instant::now();
        loop {
            let now = Instant::now();
            if deadline.is_some_and(|d| now >= d) {
                // Past the deadline: one look, no waiting.
                return poll_readable(&self.fd, Some(Duration::ZERO));
            }
            if now.duration_since(start) < spin {
                if poll_readable(&self.fd, Some(Duration::ZERO))? {
                    return Ok(true);
                }
                spin_pause();
                continue;
            }
            let timeout = deadline.map(|d| d.saturating_duration_since(now));
            if poll_readable(&self.fd, timeout)? {
                return Ok(true);
            }
        }
    }
}

/// A source only the reader thread reads (any `Read`, for tests).
#[cfg(test)]
pub(crate) struct ThreadOnly<R>(pub R);

#[cfg(test)]
impl<R: Read + Send> Read for ThreadOnly<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

#[cfg(test)]
impl<R: Read + Send> Source for ThreadOnly<R> {
    fn buffered(&self) -> bool {
        false
    }

    fn wait_readable(&mut self, _: Option<Instant>, _: Duration) -> io::Result<bool> {
        Ok(true)
    }
}

/// Who is reading now.
#[derive(Debug, Default)]
struct Turn {
    /// The reader thread reads (or is about to).
    reader: bool,
    /// The reader thread never steps back (a [`ThreadOnly`] source).
    reader_only: bool,
    /// The consumer is reading the source itself.
    consumer_reading: bool,
    /// The consumer waits on the channel for the reader thread.
    consumer_waiting: bool,
    /// The input ended or broke: nobody reads any more.
    finished: bool,
}

/// The read side: the source, whose turn it is, and the channel both feed.
pub(crate) struct Inbox {
    source: Mutex<Box<dyn Source>>,
    turn: Mutex<Turn>,
    wake: Condvar,
    max_frame: Arc<AtomicUsize>,
    control: Arc<Control>,
    tx: Sender<Incoming>,
    /// Messages queued and not taken yet.
    queued: AtomicUsize,
}

/// How many messages the reader thread queues before it stops reading
/// until the consumer catches up (fire-and-forget requests are not bounded
/// by the host's `max_pending`).
const MAX_QUEUED: usize = 65_536;

/// Frames read at once from what is buffered, beyond the first.
const MAX_BUFFERED_FRAMES: usize = 256;

impl Inbox {
    /// Starts the reader thread (idle unless `reader_only`). `control`
    /// acts on each message as it is read; what is left goes into `tx`.
    pub(crate) fn start(
        source: Box<dyn Source>,
        reader_only: bool,
        max_frame: Arc<AtomicUsize>,
        control: Arc<Control>,
        tx: Sender<Incoming>,
    ) -> Arc<Self> {
        let inbox = Arc::new(Inbox {
            source: Mutex::new(source),
            turn: Mutex::new(Turn {
                reader: reader_only,
                reader_only,
                ..Turn::default()
            }),
            wake: Condvar::new(),
            max_frame,
            control,
            tx,
            queued: AtomicUsize::new(0),
        });
        let reader = inbox.clone();
        thread::Builder::new()
            .name("remoteobj-worker-reader".into())
            .spawn(move || reader.reader_thread())
            .expect("spawning the worker's reader thread");
        inbox
    }

    fn reader_thread(&self) {
        loop {
            {
                let mut turn = lock(&self.turn);
                while !turn.reader && !turn.finished {
                    turn = self.wake.wait(turn).unwrap_or_else(|p| p.into_inner());
                }
                if turn.finished {
                    return;
                }
            }
            if self.queued.load(Ordering::SeqCst) >= MAX_QUEUED {
                // Flooded while busy: leave the rest in the pipe (the host's
                // writes then wait) until the consumer catches up.
                let turn = lock(&self.turn);
                let _ = self.wake.wait_timeout(turn, Duration::from_millis(10));
                continue;
            }
            let finished = self.read_available(&mut **lock(&self.source));
            let mut turn = lock(&self.turn);
            let back = turn.consumer_waiting && !turn.reader_only;
            if finished {
                turn.finished = true;
                turn.reader = false;
                return;
            }
            if back {
                turn.reader = false;
                let _ = self.tx.send(Incoming::Resume);
            }
        }
    }

    /// Reads one frame, acts on what it holds and adds it to `read`; true
    /// when the input ended or broke (which asks a running loop to finish,
    /// like `Shutdown`; the consumer gets it after what came before).
    fn read_one(&self, source: &mut dyn Source, read: &mut Vec<Incoming>) -> bool {
        let max = || self.max_frame.load(Ordering::Relaxed);
        let end = match read_frame_with_limit::<_, ToWorker>(source, max) {
            Ok(Some(msg)) => {
                read.extend(self.control.unpack(msg).into_iter().map(Incoming::Message));
                return false;
            }
            Ok(None) => Incoming::Closed,
            Err(e) => Incoming::Broken(e),
        };
        self.control.input_ended();
        read.push(end);
        true
    }

    /// Hands what was read to the consumer.
    fn queue(&self, read: Vec<Incoming>) {
        for item in read {
            if let Incoming::Message(_) = item {
                self.queued.fetch_add(1, Ordering::SeqCst);
            }
            let _ = self.tx.send(item);
        }
    }

    /// The consumer's turn to read, if the reader thread is not reading:
    /// waits for input until `deadline` and queues what is there (see
    /// [`read_available`](Self::read_available)); false when the deadline
    /// passed first. `None` when it is the reader thread's turn (the
    /// consumer then waits on the channel, and must call
    /// [`done_waiting`](Self::done_waiting) after).
    pub(crate) fn read_directly(&self, deadline: Option<Instant>, spin: Duration) -> Option<bool> {
        {
            let mut turn = lock(&self.turn);
            if turn.reader || turn.finished {
                turn.consumer_waiting = true;
                return None;
            }
            turn.consumer_reading = true;
        }
        let mut source = lock(&self.source);
        let got = match source.wait_readable(deadline, spin) {
            Ok(false) => false,
            Ok(true) => {
                if self.read_available(&mut **source) {
                    self.finished();
                }
                true
            }
            Err(e) => {
                self.control.input_ended();
                self.queue(vec![Incoming::Broken(FrameError::Io(e))]);
                self.finished();
                true
            }
        };
        drop(source);
        lock(&self.turn).consumer_reading = false;
        Some(got)
    }

    /// Reads one frame and those already buffered behind it (a bounded
    /// number, so a steady stream cannot keep the reader here), then queues
    /// them all: a Cancel right behind a request is seen before anyone can
    /// take the request. True when the input ended or broke.
    fn read_available(&self, source: &mut dyn Source) -> bool {
        let mut read = Vec::new();
        let mut finished = self.read_one(source, &mut read);
        for _ in 0..MAX_BUFFERED_FRAMES {
            if finished || !source.buffered() {
                break;
            }
            finished = self.read_one(source, &mut read);
        }
        self.queue(read);
        finished
    }

    /// Nobody reads any more; the reader thread ends.
    fn finished(&self) {
        lock(&self.turn).finished = true;
        self.wake.notify_all();
    }

    /// The consumer took one item off the channel.
    pub(crate) fn taken(&self) {
        let _ = self
            .queued
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
    }

    /// The consumer stopped waiting on the channel.
    pub(crate) fn done_waiting(&self) {
        lock(&self.turn).consumer_waiting = false;
    }

    /// The worker is busy (guest code has run a while, or a wait outside
    /// the consumer begins): the reader thread takes over reading, unless
    /// the consumer is reading right now.
    pub(crate) fn busy(&self) {
        let mut turn = lock(&self.turn);
        if !turn.reader && !turn.consumer_reading && !turn.finished {
            turn.reader = true;
            drop(turn);
            self.wake.notify_all();
        }
    }
}
