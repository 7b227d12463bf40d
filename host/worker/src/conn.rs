//! The worker's end of the pipe to its host.
//!
//! Incoming frames are decoded into a channel, so the worker can wait for the
//! next message with a timeout: both the serve loop and an active guest's
//! `next-request` import read from here. Who decodes them is the
//! [`inbox`](super::inbox)'s business: the waiting consumer itself, or a
//! reader thread while the worker is busy. Writes go through one lock, one
//! frame per `write_all`.
//!
//! Control messages are acted on as they are read ([`crate::control`]).
//! Batches and posts arrive as plain requests; their answers differ: a
//! batch's are held back and written together, in one write, once the
//! batch's last request is answered, once the next would bring them to
//! [`HELD_FLUSH`] bytes, or before the worker waits for input; a post's is written only if it
//! failed.

use std::{
    io::Write,
    os::fd::OwnedFd,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
        mpsc::{self, Receiver, RecvTimeoutError, TryRecvError},
    },
    thread,
    time::{Duration, Instant},
};

use remoteobj_pipe::{SpinWindow, lock, recv_until};
use remoteobj_protocol::{
    ErrorKind, FrameError, FromWorker, RemoteError, Reply, RunEnd, ToWorker, WaitMode,
    encode_frame_into,
};
use serde_bytes::ByteBuf;

use crate::control::{Answering, Control};
#[cfg(test)]
use crate::inbox::ThreadOnly;
use crate::inbox::{Inbox, Incoming, PipeSource, Source};

/// What waiting for the next message produced.
#[derive(Debug)]
pub(crate) enum Received {
    /// A message from the host (requests the host withdrew are skipped).
    Message(ToWorker),
    /// The stream broke: bad length, bad CBOR, or an oversized frame.
    Broken(FrameError),
    /// The host closed the pipe.
    Closed,
    /// Nothing arrived within the timeout.
    TimedOut,
}

/// The worker's output: frames held back (a batch's answers) go out with
/// the next write.
struct Out {
    w: Box<dyn Write + Send>,
    held: Vec<u8>,
    /// Where each message is encoded: reused, so an answer allocates no
    /// frame.
    scratch: Vec<u8>,
}

/// Answers held back are written once they reach this many bytes, even if
/// more of their batch is to come: the host decodes the first while the
/// guest resolves the rest, instead of idling until the whole batch ran.
const HELD_FLUSH: usize = 4 * 1024;

/// A scratch buffer this large or smaller is kept for the next message.
const KEPT_SCRATCH: usize = 1024 * 1024;

impl Out {
    /// Writes what is held, then `frame`, in one write.
    fn write(&mut self, frame: &[u8]) -> std::io::Result<()> {
        let result = if self.held.is_empty() {
            self.w.write_all(frame)
        } else {
            self.held.extend_from_slice(frame);
            self.w.write_all(&self.held)
        };
        self.held.clear();
        result.and_then(|()| self.w.flush())
    }
}

/// The worker's connection to its host.
pub(crate) struct Conn {
    incoming: Mutex<Receiver<Incoming>>,
    inbox: Arc<Inbox>,
    /// The input ended or broke, and the consumer was told.
    closed: AtomicBool,
    out: Mutex<Out>,
    max_frame: Arc<AtomicUsize>,
    control: Arc<Control>,
    /// How long waiting for a message spins first (shared with the pipe
    /// reader: see [`Conn::over_pipe`]).
    window: SpinWindow,
    ended: AtomicBool,
    failure: Mutex<Option<String>>,
    /// The request the serve loop is answering through `invoke`, if any.
    serving: Mutex<Option<u64>>,
    /// The object ended its listening ([`stop_listening`](Self::stop_listening)).
    unlistened: AtomicBool,
}

impl Conn {
    /// Reads frames from `input` on a thread (always: nothing else reads
    /// it); answers go to `output`. Waiting for a message blocks.
    #[cfg(test)]
    pub(crate) fn new<R, W>(input: R, output: W, max_frame: usize) -> Arc<Self>
    where
        R: std::io::Read + Send + 'static,
        W: Write + Send + 'static,
    {
        Self::start(
            Box::new(ThreadOnly(input)),
            true,
            output,
            max_frame,
            SpinWindow::default(),
        )
    }

    /// A connection over a pipe (the worker's stdin): the thread waiting for
    /// a message reads it itself, and a reader thread takes over while the
    /// worker is busy (see [`inbox`](super::inbox)). Waits block until
    /// [`set_wait`](Self::set_wait) says to spin.
    pub(crate) fn over_pipe<W>(
        input: impl Into<OwnedFd>,
        output: W,
        max_frame: usize,
    ) -> std::io::Result<Arc<Self>>
    where
        W: Write + Send + 'static,
    {
        let window = SpinWindow::default();
        let source = PipeSource::new(input, window.clone())?;
        Ok(Self::start(
            Box::new(source),
            false,
            output,
            max_frame,
            window,
        ))
    }

    fn start<W: Write + Send + 'static>(
        source: Box<dyn Source>,
        reader_only: bool,
        output: W,
        max_frame: usize,
        window: SpinWindow,
    ) -> Arc<Self> {
        let (tx, rx) = mpsc::channel();
        let limit = Arc::new(AtomicUsize::new(max_frame));
        let control = Arc::new(Control::default());
        let inbox = Inbox::start(source, reader_only, limit.clone(), control.clone(), tx);
        Arc::new(Conn {
            incoming: Mutex::new(rx),
            inbox,
            closed: AtomicBool::new(false),
            out: Mutex::new(Out {
                w: Box::new(output),
                held: Vec::new(),
                scratch: Vec::new(),
            }),
            max_frame: limit,
            control,
            window,
            ended: AtomicBool::new(false),
            failure: Mutex::new(None),
            serving: Mutex::new(None),
            unlistened: AtomicBool::new(false),
        })
    }

    /// Waits for the next message.
    pub(crate) fn recv(&self) -> Received {
        self.recv_until(None)
    }

    /// Waits at most `timeout` for the next message (zero: only takes one
    /// that is already there).
    #[cfg(test)]
    pub(crate) fn recv_timeout(&self, timeout: Duration) -> Received {
        self.recv_until(Instant::now().checked_add(timeout))
    }

    /// Waits for the next message until `deadline` (for ever with `None`; a
    /// deadline already past only takes one that is there).
    pub(crate) fn recv_until(&self, deadline: Option<Instant>) -> Received {
        let rx = lock(&self.incoming);
        loop {
            if self.closed.load(Ordering::SeqCst) {
                return Received::Closed;
            }
            let item = match rx.try_recv() {
                Ok(item) => item,
                Err(TryRecvError::Disconnected) => return Received::Closed,
                Err(TryRecvError::Empty) => {
                    // Nothing held back waits while the worker does.
                    self.flush_held();
                    match self.inbox.read_directly(deadline, self.window.get()) {
                        Some(true) => continue,
                        Some(false) => return Received::TimedOut,
                        // The reader thread is reading: wait for what it
                        // queues.
                        None => {
                            let next = recv_until(&rx, self.window.get(), deadline);
                            self.inbox.done_waiting();
                            match next {
                                Ok(item) => item,
                                Err(RecvTimeoutError::Timeout) => return Received::TimedOut,
                                Err(RecvTimeoutError::Disconnected) => return Received::Closed,
                            }
                        }
                    }
                }
            };
            if let Incoming::Message(_) = item {
                self.inbox.taken();
            }
            match item {
                Incoming::Message(msg) if self.control.wanted(&msg) => {
                    return Received::Message(msg);
                }
                Incoming::Message(_) | Incoming::Resume => {}
                Incoming::Broken(e) => {
                    self.closed.store(true, Ordering::SeqCst);
                    return Received::Broken(e);
                }
                Incoming::Closed => {
                    self.closed.store(true, Ordering::SeqCst);
                    return Received::Closed;
                }
            }
        }
    }

    /// The worker is busy with something that may take a while (guest code
    /// that has run for a tick, a load, a backoff): the reader thread takes
    /// over reading, so control messages are acted on as they arrive.
    pub(crate) fn busy(&self) {
        self.inbox.busy();
    }

    /// Sends one message as one frame (after any answers held back, in the
    /// same write).
    pub(crate) fn send(&self, msg: &FromWorker) -> Result<(), FrameError> {
        self.send_or_hold(msg, false)
    }

    fn send_or_hold(&self, msg: &FromWorker, hold: bool) -> Result<(), FrameError> {
        let max = self.max_frame();
        let mut out = lock(&self.out);
        let out = &mut *out;
        encode_frame_into(msg, max, &mut out.scratch)?;
        let frame = std::mem::take(&mut out.scratch);
        let written = if hold && out.held.len() + frame.len() < HELD_FLUSH {
            out.held.extend_from_slice(&frame);
            Ok(())
        } else {
            out.write(&frame)
        };
        if frame.capacity() <= KEPT_SCRATCH {
            out.scratch = frame;
        }
        Ok(written?)
    }

    /// Writes the answers held back, if any.
    pub(crate) fn flush_held(&self) {
        let mut out = lock(&self.out);
        if !out.held.is_empty() {
            // A pipe that broke is noticed by the next send.
            let _ = out.write(&[]);
        }
    }

    /// Answers request `id` (a post's only if it failed; a batch's held
    /// back while more of its batch is to come, until [`HELD_FLUSH`] bytes
    /// are held). A result too large for a frame is replaced by an error
    /// that says so: the caller still gets exactly one answer.
    pub(crate) fn respond(
        &self,
        id: u64,
        result: Result<Reply, RemoteError>,
    ) -> Result<(), FrameError> {
        let Answering { silent, hold } = self.control.answering(id, result.is_ok());
        if silent {
            return Ok(());
        }
        match self.send_or_hold(&FromWorker::Response { id, result }, hold) {
            Err(FrameError::TooLarge { len, max }) => {
                let error = oversized(ErrorKind::FrameLimit, "response", "the result", len, max);
                let answer = FromWorker::Response {
                    id,
                    result: Err(error),
                };
                self.send_or_hold(&answer, hold)
            }
            other => other,
        }
    }

    /// Tells the host how the object's loop ended. What is too large for a
    /// frame is replaced by an error that says so (a trap stays a trap):
    /// `join` gets that, and the object lives on.
    pub(crate) fn run_ended(&self, end: RunEnd, type_name: &str) -> Result<(), FrameError> {
        let ended = FromWorker::RunEnded(end);
        match self.send(&ended) {
            Err(FrameError::TooLarge { len, max }) => {
                let error = match &ended {
                    FromWorker::RunEnded(RunEnd::Failed(e)) => {
                        let head: String = e.message.chars().take(200).collect();
                        let what = format!("the loop's error ({head})");
                        oversized(e.kind, type_name, &what, len, max)
                    }
                    _ => oversized(
                        ErrorKind::FrameLimit,
                        type_name,
                        "the loop's return value",
                        len,
                        max,
                    ),
                };
                self.send(&FromWorker::RunEnded(RunEnd::Failed(error)))
            }
            other => other,
        }
    }

    /// The largest frame this connection sends or accepts.
    pub(crate) fn max_frame(&self) -> usize {
        self.max_frame.load(Ordering::Relaxed)
    }

    /// Adopts the host's wait mode (from its `Load`).
    pub(crate) fn set_wait(&self, mode: WaitMode) {
        self.window.set(mode.spin());
    }

    /// Adopts the host's frame limit (from its `Load`) for both directions.
    pub(crate) fn set_max_frame(&self, max: usize) {
        self.max_frame.store(max, Ordering::Relaxed);
    }

    /// Whether the host asked the object's loop to finish: a `Stop`, a
    /// `Shutdown`, or the end of its input. Raised as soon as the message
    /// arrives, even while the queue is not being read.
    pub(crate) fn stop_requested(&self) -> bool {
        self.control.stop_requested()
    }

    /// Waits `d`, or less if the host closes the session meanwhile
    /// (`Shutdown`, or the end of input): then true.
    pub(crate) fn wait_for_close(&self, d: Duration) -> bool {
        self.flush_held();
        self.busy();
        let deadline = Instant::now().checked_add(d);
        loop {
            if self.control.closing() {
                return true;
            }
            let left = match deadline {
                Some(deadline) => deadline.saturating_duration_since(Instant::now()),
                None => Duration::from_secs(1),
            };
            if left.is_zero() {
                return false;
            }
            thread::sleep(left.min(Duration::from_millis(5)));
        }
    }

    /// Waits `d`, or less if the host asks the loop to stop meanwhile or
    /// makes room in its stream (what `next-request` does once the object
    /// no longer listens).
    pub(crate) fn wait_for_stop(&self, d: Duration) {
        self.flush_held();
        self.busy();
        let deadline = Instant::now().checked_add(d);
        while !self.control.stop_requested() && !self.control.room_for_waiting_loop() {
            let left = match deadline {
                Some(deadline) => deadline.saturating_duration_since(Instant::now()),
                None => Duration::from_secs(1),
            };
            if left.is_zero() {
                return;
            }
            thread::sleep(left.min(Duration::from_millis(5)));
        }
    }

    /// Records which request the serve loop is answering (`None` once it
    /// is answered).
    pub(crate) fn serving(&self, id: Option<u64>) {
        *lock(&self.serving) = id;
    }

    /// Ends the object's listening: the host is told (once) that no more
    /// requests are taken, and which it still gets answers to: `taken`
    /// (those the guest took itself) and the one being answered.
    pub(crate) fn stop_listening(
        &self,
        taken: impl IntoIterator<Item = u64>,
    ) -> Result<(), FrameError> {
        if self.unlistened.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        let mut answering: Vec<u64> = taken.into_iter().collect();
        answering.extend(*lock(&self.serving));
        answering.sort_unstable();
        answering.dedup();
        self.send(&FromWorker::Stopped { answering })
    }

    /// Whether the object ended its listening.
    pub(crate) fn stopped_listening(&self) -> bool {
        self.unlistened.load(Ordering::SeqCst)
    }

    /// Whether the loop's last emit found no room (a `Credit` then wakes
    /// it).
    pub(crate) fn loop_wants_room(&self) -> bool {
        self.control.loop_wants_room()
    }

    /// The loop's wait that a failed emit started is over.
    pub(crate) fn room_wait_over(&self) {
        self.control.room_wait_over();
    }

    /// Adopts the host's stream capacity (from its `Load`).
    pub(crate) fn set_stream_capacity(&self, values: u32) {
        self.control.set_credit(values);
    }

    /// Sends one value the loop emitted, if the host has room for it:
    /// false when it has not (nothing was sent).
    pub(crate) fn emit(&self, value: Vec<u8>) -> Result<bool, FrameError> {
        if !self.control.take_credit() {
            return Ok(false);
        }
        self.send(&FromWorker::Emitted(ByteBuf::from(value)))
            .inspect_err(|_| self.control.give_back_credit())?;
        Ok(true)
    }

    /// Sends an error the guest recorded under `group`. One too large for a
    /// frame goes with its message cut short and no trace.
    pub(crate) fn caught(&self, group: String, error: RemoteError) -> Result<(), FrameError> {
        let mut caught = FromWorker::Caught { group, error };
        // Whole, then shortened, then as small as it gets: a frame limit
        // too small even for that drops it (reporting an error never ends
        // the session).
        for chars in [None, Some(1000), Some(40)] {
            if let (Some(chars), FromWorker::Caught { group, error }) = (chars, &mut caught) {
                cut(group, chars.min(200));
                cut(&mut error.type_name, chars.min(200));
                cut(&mut error.message, chars);
                error.trace.clear();
            }
            match self.send(&caught) {
                Err(FrameError::TooLarge { .. }) => continue,
                other => return other,
            }
        }
        Ok(())
    }

    /// Records that the session is over: `Shutdown` was taken off the queue,
    /// the input ended, or (with `failure`) the stream broke. A running loop
    /// is asked to stop.
    pub(crate) fn end(&self, failure: Option<String>) {
        if let Some(message) = failure {
            lock(&self.failure).get_or_insert(message);
        }
        self.control.request_stop();
        self.ended.store(true, Ordering::SeqCst);
    }

    /// Ends the session as broken: the host is told why (a `Fatal` frame),
    /// and [`failure`](Self::failure) says it from now on.
    pub(crate) fn fail(&self, message: String) {
        let _ = self.send(&FromWorker::Fatal {
            message: message.clone(),
        });
        self.end(Some(message));
    }

    /// Whether [`end`](Self::end) was called.
    pub(crate) fn is_ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// Why the session broke, if it did.
    pub(crate) fn failure(&self) -> Option<String> {
        lock(&self.failure).clone()
    }
}

/// Cuts `text` to its first `chars` characters.
fn cut(text: &mut String, chars: usize) {
    if let Some((at, _)) = text.char_indices().nth(chars) {
        text.truncate(at);
    }
}

/// The error sent in place of `what`, which is `len` bytes, over the frame
/// limit of `max`.
fn oversized(kind: ErrorKind, type_name: &str, what: &str, len: usize, max: usize) -> RemoteError {
    RemoteError {
        kind,
        type_name: type_name.into(),
        message: format!("{what} is {len} bytes, over the frame limit of {max} bytes"),
        trace: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
