//! One live remote object: its worker process, the reader thread that routes
//! responses to callers by request id, its lifecycle (starting, listening,
//! closed, dead), and its own loop's end (stop, join).
//!
//! No lock is held across a round trip: a caller registers its id, takes
//! the pipe (other writers wait for it within their own timeouts), writes
//! its frame, and waits on its own channel. Any number
//! of threads can have requests in flight on one object.

use std::{
    collections::{BTreeMap, HashMap},
    io::{BufReader, Write},
    panic::{self, AssertUnwindSafe},
    process::{Child, ChildStdin, ChildStdout},
    sync::{
        Arc, Condvar, Mutex,
        atomic::{AtomicU64, Ordering},
        mpsc::{self, Receiver, RecvTimeoutError, SyncSender},
    },
    thread::{self, JoinHandle},
    time::{Duration, Instant},
};

use serde::de::DeserializeOwned;

use crate::batch::Batch;
use crate::error::Error;
use crate::pipe::{WriteError, set_nonblocking, write_all_progressing};
use crate::protocol::{
    FrameError, FromWorker, Load, PROTOCOL_VERSION, Pending, Reply, Request, RequestBody, RunEnd,
    ToWorker, encode_frame, read_frame,
};
use crate::proxy::Proxy;
use crate::schema::Schema;
use crate::spawn::{Spawned, StderrTail, describe_exit, kill_and_reap};
use crate::sync::{deadline_after, lock};
use crate::value::decode;
use crate::wait::{self, SpinRead, SpinWindow, WaitMode};

/// How an object behaves, as its [`Host`](crate::Host) configured it.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// How long a request waits for its answer.
    pub request_timeout: Duration,
    /// The largest frame either side sends.
    pub max_frame: usize,
    /// How long closing waits for the worker to exit before killing it.
    pub close_grace: Duration,
    /// What closing does with unanswered requests.
    pub on_close: Pending,
    /// Whether a request that times out kills the worker.
    pub kill_on_timeout: bool,
    /// Most requests in flight at once.
    pub max_pending: usize,
    /// How the reader thread and waiting callers wait.
    pub wait: WaitMode,
}

/// Where an object is in its life.
#[derive(Debug, Clone)]
enum State {
    Starting,
    Listening,
    Closing,
    Closed,
    Dead(Error),
}

/// The host's end of the worker's stdin.
enum Pipe {
    /// The opening frames are still being written (by the opener thread).
    Opening,
    /// Open for requests.
    Open(ChildStdin),
    /// Taken by a caller writing a frame (outside the lock, so that other
    /// callers wait on the condition variable, within their own timeouts).
    Busy,
    /// Shut down while a caller was writing: that caller sends the
    /// `Shutdown` when its frame is out, then closes the pipe.
    Closing(Pending),
    /// Closed by shutdown, or the opening write failed.
    Closed,
}

/// A caller waiting for its answer.
struct Waiter {
    tx: SyncSender<Result<Reply, Error>>,
    /// Its frame is written (it counts in `pending_requests`).
    sent: bool,
}

/// A request sent and not yet awaited: [`wait`](Self::wait) takes its
/// answer. Dropping it abandons the answer, not the request: the waiter
/// stays registered (and counts against `max_pending`) until the answer
/// comes and is dropped.
pub(crate) struct Ticket {
    obj: Arc<Inner>,
    id: u64,
    rx: Receiver<Result<Reply, Error>>,
    deadline: Instant,
    timeout: Duration,
}

impl Ticket {
    /// Waits for the answer until the request's deadline.
    pub(crate) fn wait(self) -> Result<Reply, Error> {
        let obj = &self.obj;
        match wait::recv_until(&self.rx, obj.settings.wait.spin(), Some(self.deadline)) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => {
                obj.forget(self.id);
                // An answer that came in just now is still an answer.
                if let Ok(result) = self.rx.try_recv() {
                    return result;
                }
                let timeout = self.timeout;
                if obj.settings.kill_on_timeout {
                    obj.kill(format!(
                        "was killed by the host: a request got no answer within {timeout:?} \
                         (Host::kill_on_timeout)"
                    ));
                } else {
                    // Unless the worker has taken it already, it drops it
                    // unrun.
                    obj.withdraw(self.id);
                }
                Err(Error::Timeout {
                    object: obj.name.clone(),
                    after: timeout,
                })
            }
            Err(RecvTimeoutError::Disconnected) => Err(obj.state_error(&lock(&obj.shared).state)),
        }
    }
}

struct Shared {
    state: State,
    pending: HashMap<u64, Waiter>,
    /// How the object's loops ended, once the worker said so, by the number
    /// of restarts before each ran (one per instance).
    runs: BTreeMap<u32, RunEnd>,
    /// Restarts after traps so far.
    restarts: u32,
}

/// The state shared by a [`RemoteObject`], its reader thread and its proxies.
pub(crate) struct Inner {
    pub(crate) name: String,
    pid: u32,
    writer: Mutex<Pipe>,
    /// Signalled when `writer` leaves [`Pipe::Opening`] or [`Pipe::Busy`].
    opened: Condvar,
    /// Small control frames (withdrawals) that found the pipe busy or full:
    /// whoever writes next sends them first.
    queued: Mutex<Vec<Vec<u8>>>,
    shared: Mutex<Shared>,
    changed: Condvar,
    next_id: AtomicU64,
    child: Mutex<Child>,
    stderr_tail: Arc<StderrTail>,
    pub(crate) settings: Settings,
}

/// A live object in a worker subprocess.
///
/// Get proxies with [`proxy`](Self::proxy); they are cheap to clone and can
/// be used from many threads. Closing or dropping the object shuts the
/// worker down and reaps it; proxies that outlive it answer
/// [`Error::NotListening`] (or their default).
///
/// An active object also runs its own loop, started right after it is ready;
/// the loop answers requests at its cooperative points. [`stop`](Self::stop)
/// asks it to finish, [`join`](Self::join) waits for what it returned, and
/// the object stays reachable after the loop ends, until it is closed.
pub struct RemoteObject {
    inner: Arc<Inner>,
    reader: Option<JoinHandle<()>>,
    stderr_thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RemoteObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteObject")
            .field("name", &self.inner.name)
            .field("pid", &self.inner.pid)
            .finish()
    }
}

impl RemoteObject {
    /// Takes over a freshly spawned worker: sends the handshake and the load
    /// request and starts the reader thread. Does not wait for readiness.
    /// `opening` is the encoded handshake and load request (see
    /// [`opening_frames`]).
    pub(crate) fn start(
        spawned: Spawned,
        name: String,
        opening: Vec<u8>,
        settings: Settings,
    ) -> Result<Self, Error> {
        let Spawned {
            child,
            mut stdin,
            stdout,
            stderr_tail,
            stderr_thread,
        } = spawned;
        let pid = child.id();
        let mut obj = RemoteObject {
            inner: Arc::new(Inner {
                name,
                pid,
                writer: Mutex::new(Pipe::Opening),
                opened: Condvar::new(),
                queued: Mutex::new(Vec::new()),
                shared: Mutex::new(Shared {
                    state: State::Starting,
                    pending: HashMap::new(),
                    runs: BTreeMap::new(),
                    restarts: 0,
                }),
                changed: Condvar::new(),
                next_id: AtomicU64::new(1),
                child: Mutex::new(child),
                stderr_tail,
                settings,
            }),
            reader: None,
            stderr_thread: Some(stderr_thread),
        };
        let inner = obj.inner.clone();
        obj.reader = Some(
            thread::Builder::new()
                .name(format!("remoteobj-reader-{pid}"))
                .spawn(move || {
                    let result =
                        panic::catch_unwind(AssertUnwindSafe(|| read_loop(&inner, stdout)));
                    if result.is_err() {
                        // Never leave callers waiting on a reader that is gone.
                        inner.finish(Some(Error::Protocol("the reader thread panicked".into())));
                    }
                })
                .map_err(|e| Error::Spawn {
                    program: "reader thread".into(),
                    message: e.to_string(),
                })?,
        );
        // The opening frames may be larger than the pipe's buffer, and a
        // worker that never reads would block this write: it is done on its
        // own thread, so `start` returns at once and the start timeout holds.
        // Requests wait for it to finish (`Pipe::Opening`).
        let inner = obj.inner.clone();
        thread::Builder::new()
            .name(format!("remoteobj-opener-{pid}"))
            .spawn(move || {
                // A worker that dies before reading this is noticed by the
                // reader thread, with a better reason than the write error.
                // From then on writes have deadlines (see `pipe`).
                let ok = stdin.write_all(&opening).is_ok() && set_nonblocking(&stdin).is_ok();
                let mut pipe = lock(&inner.writer);
                if matches!(*pipe, Pipe::Opening) {
                    // Unless shutdown closed it meanwhile: then dropping
                    // stdin here tells the worker to end.
                    *pipe = if ok { Pipe::Open(stdin) } else { Pipe::Closed };
                }
                drop(pipe);
                inner.opened.notify_all();
            })
            .map_err(|e| Error::Spawn {
                program: "opener thread".into(),
                message: e.to_string(),
            })?;
        Ok(obj)
    }

    /// The object's name (used in errors and to tag its log lines).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The worker's process id.
    pub fn pid(&self) -> u32 {
        self.inner.pid
    }

    /// A proxy on the object itself.
    pub fn proxy(&self) -> Proxy {
        Proxy::root(self.inner.clone())
    }

    /// An empty batch of ops on this object, sent as one frame (see
    /// [`Batch`]).
    pub fn batch(&self) -> Batch {
        Batch::new(self.inner.clone())
    }

    /// How many requests, from all proxies, have been sent to the worker
    /// and are waiting for their answer.
    pub fn pending_requests(&self) -> usize {
        lock(&self.inner.shared)
            .pending
            .values()
            .filter(|w| w.sent)
            .count()
    }

    /// How many times the object was restarted after its guest trapped, as
    /// its [`RestartPolicy`](crate::RestartPolicy) allows. Each restart
    /// lost the object's state.
    pub fn restarts(&self) -> u32 {
        lock(&self.inner.shared).restarts
    }

    /// Kills the worker now, whatever its loop is doing. Pending and later
    /// requests, and a `join` waiting on another thread, fail with
    /// [`Error::WorkerDied`], which says the host killed it. The object
    /// still has to be closed or dropped (which then returns at once).
    pub fn kill(&self) {
        self.inner
            .kill("was killed by the host (RemoteObject::kill)".to_string());
    }

    /// Whether the object is answering requests now.
    pub fn is_listening(&self) -> bool {
        matches!(lock(&self.inner.shared).state, State::Listening)
    }

    /// Waits until the object listens. Fails at once, with the reason, if the
    /// worker dies or cannot load its component first.
    pub fn wait_until_listening(&self, timeout: Duration) -> Result<(), Error> {
        let guard = lock(&self.inner.shared);
        let (guard, _) = self
            .inner
            .changed
            .wait_timeout_while(guard, timeout, |s| matches!(s.state, State::Starting))
            .unwrap_or_else(|p| p.into_inner());
        match &guard.state {
            State::Listening => Ok(()),
            State::Starting => Err(Error::StartTimeout {
                object: self.inner.name.clone(),
                after: timeout,
            }),
            other => Err(self.inner.state_error(other)),
        }
    }

    /// The object's schema, as its guest reports it.
    pub fn describe(&self) -> Result<Schema, Error> {
        match self
            .inner
            .request(RequestBody::Describe, self.inner.settings.request_timeout)?
        {
            Reply::Schema(schema) => Ok(schema),
            other => Err(Error::Protocol(format!("describe answered with {other:?}"))),
        }
    }

    /// Asks the object's own loop to finish: its `should_stop()` turns true
    /// and its `sleep` returns early. Returns once the request is written
    /// (at once, unless other callers' frames hold the pipe: then at most
    /// the request timeout, and [`Error::Timeout`]), without waiting for the
    /// loop (use [`join`](Self::join) for that). The object keeps
    /// answering requests after its loop ends. Does nothing to a passive
    /// object or a loop that has ended; asking before the object listens
    /// works too (the loop sees it when it starts).
    pub fn stop(&self) -> Result<(), Error> {
        {
            let s = lock(&self.inner.shared);
            if !matches!(s.state, State::Starting | State::Listening) {
                return Err(self.inner.state_error(&s.state));
            }
        }
        let frame = encode_frame(&ToWorker::Stop, self.inner.settings.max_frame)
            .map_err(|e| Error::Encode(e.to_string()))?;
        if let Err(e) = self
            .inner
            .write(&frame, self.inner.settings.request_timeout, true)
        {
            let s = lock(&self.inner.shared);
            return Err(match (&s.state, e) {
                (State::Starting | State::Listening, WriteError::Waited) => Error::Timeout {
                    object: self.inner.name.clone(),
                    after: self.inner.settings.request_timeout,
                },
                (State::Starting | State::Listening, e) => {
                    Error::Protocol(format!("could not send stop to the worker: {e}"))
                }
                (other, _) => self.inner.state_error(other),
            });
        }
        Ok(())
    }

    /// Waits until the object's own loop has ended and returns what it
    /// returned, decoded as `T` (the seed's `util.process` result). An error
    /// the loop returned, or a trap that ended it, comes back as
    /// [`Error::Remote`]; a passive object gives [`Error::NoRunLoop`]; a
    /// worker that dies first gives [`Error::WorkerDied`] at once.
    ///
    /// Waits as long as the loop runs: call [`stop`](Self::stop) first to
    /// ask it to finish, or use [`join_timeout`](Self::join_timeout).
    /// Joining again returns the same result. After a trap, a join that was
    /// waiting returns the trap; when the object is then restarted (see
    /// [`RestartPolicy`](crate::RestartPolicy)), a join started after the
    /// restart waits for the fresh object's loop. A worker that dies first
    /// fails the join with [`Error::WorkerDied`].
    pub fn join<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.join_until(None)
    }

    /// Like [`join`](Self::join), waiting at most `timeout`; then
    /// [`Error::JoinTimeout`], and the loop goes on.
    pub fn join_timeout<T: DeserializeOwned>(&self, timeout: Duration) -> Result<T, Error> {
        self.join_until(Some(timeout))
    }

    fn join_until<T: DeserializeOwned>(&self, timeout: Option<Duration>) -> Result<T, Error> {
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        let mut s = lock(&self.inner.shared);
        // The loop of the instance running now.
        let generation = s.restarts;
        let end = loop {
            if let Some(end) = s.runs.get(&generation) {
                break end.clone();
            }
            if !matches!(s.state, State::Starting | State::Listening) {
                return Err(self.inner.state_error(&s.state));
            }
            s = match deadline {
                None => self
                    .inner
                    .changed
                    .wait(s)
                    .unwrap_or_else(|p| p.into_inner()),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(Error::JoinTimeout {
                            object: self.inner.name.clone(),
                            after: timeout.unwrap_or_default(),
                        });
                    }
                    self.inner
                        .changed
                        .wait_timeout(s, left)
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
            };
        };
        drop(s);
        match end {
            RunEnd::Returned(bytes) => decode(&bytes),
            RunEnd::Failed(e) => Err(Error::Remote(e)),
            RunEnd::NoLoop => Err(Error::NoRunLoop {
                object: self.inner.name.clone(),
            }),
        }
    }

    /// Shuts the worker down. Requests still unanswered are answered first
    /// or cancelled, as [`Host::pending_on_close`](crate::Host::pending_on_close)
    /// says (answered, by default); later ones fail with
    /// [`Error::NotListening`]. A running loop is asked to stop. A worker
    /// that has not exited within the close grace period (2 s by default)
    /// is killed, and whatever it left unanswered fails with
    /// [`Error::Cancelled`]. The process is reaped before this returns.
    pub fn close(self) {
        let pending = self.inner.settings.on_close;
        self.close_with(pending);
    }

    /// Like [`close`](Self::close), choosing what happens to unanswered
    /// requests: [`Pending::Fulfill`] answers them, [`Pending::Cancel`]
    /// fails them at once with [`Error::Cancelled`], and the worker drops
    /// those it has not started.
    pub fn close_with(mut self, pending: Pending) {
        self.shutdown(pending);
    }

    fn shutdown(&mut self, pending: Pending) {
        {
            let mut s = lock(&self.inner.shared);
            if matches!(s.state, State::Starting | State::Listening) {
                s.state = State::Closing;
            }
            if pending == Pending::Cancel {
                let error = Error::Cancelled {
                    object: self.inner.name.clone(),
                    reason: "the object was closed with Pending::Cancel".into(),
                };
                for (_, waiter) in s.pending.drain() {
                    let _ = waiter.tx.send(Err(error.clone()));
                }
            }
        }
        let deadline = deadline_after(self.inner.settings.close_grace);
        let pipe = {
            let mut w = lock(&self.inner.writer);
            match &*w {
                // A caller is writing: it sends the Shutdown when its frame
                // is out. One stuck on a worker that stopped reading is
                // freed by the kill below.
                Pipe::Busy => {
                    *w = Pipe::Closing(pending);
                    Pipe::Closed
                }
                _ => std::mem::replace(&mut *w, Pipe::Closed),
            }
        };
        self.inner.opened.notify_all();
        if let Pipe::Open(mut stdin) = pipe {
            self.inner.send_shutdown(&mut stdin, pending);
            // Dropping stdin closes the pipe: the worker sees end of input.
        }
        loop {
            let mut child = lock(&self.inner.child);
            match child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() >= deadline => {
                    let _ = kill_and_reap(&mut child);
                    break;
                }
                Ok(None) => {
                    drop(child);
                    thread::sleep(Duration::from_millis(2));
                }
            }
        }
        // The pipe threads end when the worker's pipes close, which its exit
        // normally does at once. They are joined when they have finished, and
        // otherwise left to end on their own: closing never hangs.
        let deadline = Instant::now() + Duration::from_secs(1);
        for handle in [self.reader.take(), self.stderr_thread.take()]
            .into_iter()
            .flatten()
        {
            while !handle.is_finished() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(1));
            }
            if handle.is_finished() {
                let _ = handle.join();
            }
        }
    }
}

impl Drop for RemoteObject {
    fn drop(&mut self) {
        self.shutdown(self.inner.settings.on_close);
    }
}

/// The frames that open a session: the host's `Hello` and the `Load`
/// request. Encoded before a worker is started, so that a component too large
/// for a frame is an error at once, not a worker left waiting.
pub(crate) fn opening_frames(load: Load, max_frame: usize) -> Result<Vec<u8>, Error> {
    let mut opening = encode_frame(
        &ToWorker::Hello {
            version: PROTOCOL_VERSION,
        },
        max_frame,
    )
    .map_err(start_error)?;
    opening.extend(encode_frame(&ToWorker::Load(Box::new(load)), max_frame).map_err(start_error)?);
    Ok(opening)
}

fn start_error(e: FrameError) -> Error {
    match e {
        FrameError::TooLarge { len, max } => Error::FrameTooLarge {
            what: "the Load message (the component, sent as bytes; load it from a file, \
                   or raise Host::max_frame)"
                .into(),
            len,
            max,
        },
        other => Error::Encode(other.to_string()),
    }
}

impl Inner {
    /// Writes one encoded frame, after the opening frames and other
    /// callers' frames, waiting for them at most `timeout`
    /// ([`WriteError::Waited`]). A worker that reads none of it for
    /// `timeout` is killed when `kill_if_full` says so, and always when part
    /// of the frame went out (its input is then corrupt): callers then get
    /// how it died.
    fn write(&self, frame: &[u8], timeout: Duration, kill_if_full: bool) -> Result<(), WriteError> {
        let pipe = lock(&self.writer);
        let (mut pipe, _) = self
            .opened
            .wait_timeout_while(pipe, timeout, |p| matches!(p, Pipe::Opening | Pipe::Busy))
            .unwrap_or_else(|p| p.into_inner());
        let mut stdin = match std::mem::replace(&mut *pipe, Pipe::Busy) {
            Pipe::Open(stdin) => stdin,
            other @ (Pipe::Opening | Pipe::Busy) => {
                *pipe = other;
                return Err(WriteError::Waited);
            }
            other @ (Pipe::Closing(_) | Pipe::Closed) => {
                *pipe = other;
                return Err(WriteError::Io(std::io::ErrorKind::BrokenPipe.into()));
            }
        };
        drop(pipe);
        self.flush_queued(&mut stdin);
        let result = write_all_progressing(&mut stdin, frame, timeout);
        if result.is_ok() {
            // Never in the middle of a frame that did not go out whole.
            self.flush_queued(&mut stdin);
        }
        {
            let mut pipe = lock(&self.writer);
            match std::mem::replace(&mut *pipe, Pipe::Closed) {
                Pipe::Busy => *pipe = Pipe::Open(stdin),
                // Shut down meanwhile: the Shutdown goes out now, and
                // dropping stdin tells the worker to end.
                Pipe::Closing(pending) => self.send_shutdown(&mut stdin, pending),
                _ => {}
            }
        }
        self.opened.notify_all();
        if let Err(WriteError::Full { partial }) = &result
            && (*partial || kill_if_full)
        {
            self.kill(format!(
                "was killed by the host: it stopped reading its input (no byte of a frame \
                 could be written for {timeout:?})"
            ));
        }
        result
    }

    /// Sends the frames that found the pipe busy or full, as far as the
    /// pipe takes them now (each is small: whole or not at all).
    fn flush_queued(&self, stdin: &mut ChildStdin) {
        let mut queued = lock(&self.queued);
        while let Some(frame) = queued.first() {
            if write_all_progressing(stdin, frame, Duration::ZERO).is_err() {
                return;
            }
            queued.remove(0);
        }
    }

    /// Sends `Shutdown(pending)` without waiting (a stuck worker's pipe may
    /// be full of requests it never read; the kill after the close grace
    /// period settles that case).
    fn send_shutdown(&self, stdin: &mut ChildStdin, pending: Pending) {
        self.flush_queued(stdin);
        if let Ok(frame) = encode_frame(&ToWorker::Shutdown(pending), self.settings.max_frame) {
            let _ = write_all_progressing(stdin, &frame, Duration::ZERO);
        }
    }

    /// Withdraws request `id`, which timed out. If the pipe is busy or
    /// full, the withdrawal goes out before the next frame; if the worker
    /// has taken the request meanwhile, its answer is dropped when it comes.
    fn withdraw(&self, id: u64) {
        let Ok(frame) = encode_frame(&ToWorker::Cancel { id }, self.settings.max_frame) else {
            return;
        };
        // Sent, or the worker is gone (and the request with it), unless:
        if let Err(WriteError::Waited | WriteError::Full { partial: false }) =
            self.write(&frame, Duration::ZERO, false)
        {
            lock(&self.queued).push(frame);
        }
    }

    /// Sends one request and waits for its answer.
    pub(crate) fn request(
        self: &Arc<Self>,
        body: RequestBody,
        timeout: Duration,
    ) -> Result<Reply, Error> {
        self.submit_one(body, timeout)?.wait()
    }

    /// Sends one request and returns its ticket without waiting.
    pub(crate) fn submit_one(
        self: &Arc<Self>,
        body: RequestBody,
        timeout: Duration,
    ) -> Result<Ticket, Error> {
        self.submit(vec![body], timeout)?
            .pop()
            .ok_or_else(|| Error::Protocol("a request was sent without a ticket".into()))
    }

    /// Sends `bodies` in one frame (one request, or a batch) and returns
    /// without waiting: each ticket waits for its own answer, until
    /// `timeout` after the frame was written.
    pub(crate) fn submit(
        self: &Arc<Self>,
        bodies: Vec<RequestBody>,
        timeout: Duration,
    ) -> Result<Vec<Ticket>, Error> {
        let count = bodies.len();
        let first = self.next_id.fetch_add(count as u64, Ordering::SeqCst);
        let mut requests: Vec<Request> = (first..)
            .zip(bodies)
            .map(|(id, body)| Request { id, body })
            .collect();
        let msg = match requests.len() {
            1 => ToWorker::Request(requests.remove(0)),
            _ => ToWorker::Batch(requests),
        };
        let frame = self.encode_request(&msg)?;
        let ids = first..first + count as u64;
        let mut tickets = Vec::with_capacity(count);
        {
            let mut s = lock(&self.shared);
            if !matches!(s.state, State::Listening) {
                return Err(self.state_error(&s.state));
            }
            if s.pending.len() + count > self.settings.max_pending {
                return Err(Error::TooManyPending {
                    object: self.name.clone(),
                    limit: self.settings.max_pending,
                });
            }
            for id in ids.clone() {
                let (tx, rx) = mpsc::sync_channel(1);
                s.pending.insert(id, Waiter { tx, sent: false });
                tickets.push(Ticket {
                    obj: self.clone(),
                    id,
                    rx,
                    // Set once the frame is written.
                    deadline: Instant::now(),
                    timeout,
                });
            }
        }
        if let Err(e) = self.write(&frame, timeout, true) {
            let error = match self.write_failed(&e, timeout) {
                Some(error) => error,
                // The worker is gone or going; the reader thread is about
                // to fail every pending request with the reason (the
                // waiters stay registered until it has).
                None => match tickets[0]
                    .rx
                    .recv_timeout(timeout.min(Duration::from_secs(4)))
                {
                    Ok(Err(death)) => death,
                    _ => Error::Protocol(format!("could not send the request to the worker: {e}")),
                },
            };
            let mut s = lock(&self.shared);
            for id in ids {
                s.pending.remove(&id);
            }
            return Err(error);
        }
        // The timeout counts from here: waiting for the pipe is not
        // waiting for the answer.
        let deadline = deadline_after(timeout);
        for ticket in &mut tickets {
            ticket.deadline = deadline;
        }
        let mut s = lock(&self.shared);
        for id in ids {
            if let Some(waiter) = s.pending.get_mut(&id) {
                waiter.sent = true;
            }
        }
        Ok(tickets)
    }

    /// Sends one request nobody waits for: the worker answers it only if
    /// it fails, and that answer is logged (fire-and-forget).
    pub(crate) fn post(&self, body: RequestBody, timeout: Duration) -> Result<(), Error> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let frame = self.encode_request(&ToWorker::Post(Request { id, body }))?;
        {
            let s = lock(&self.shared);
            if !matches!(s.state, State::Listening) {
                return Err(self.state_error(&s.state));
            }
        }
        match self.write(&frame, timeout, true) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.write_failed(&e, timeout).unwrap_or_else(|| {
                Error::Protocol(format!("could not send the request to the worker: {e}"))
            })),
        }
    }

    fn encode_request(&self, msg: &ToWorker) -> Result<Vec<u8>, Error> {
        encode_frame(msg, self.settings.max_frame).map_err(|e| match e {
            FrameError::TooLarge { len, max } => Error::FrameTooLarge {
                what: "the request".into(),
                len,
                max,
            },
            other => Error::Encode(other.to_string()),
        })
    }

    /// What a request whose frame could not be written fails with, when
    /// that is known now; `None` when the worker is gone or going and the
    /// reader thread is about to say why.
    fn write_failed(&self, e: &WriteError, timeout: Duration) -> Option<Error> {
        let s = lock(&self.shared);
        match &s.state {
            // Closed while we were about to write: never sent.
            State::Closing | State::Closed => return Some(self.state_error(&s.state)),
            // Killed for not reading it (or dead already).
            State::Dead(death) => return Some(death.clone()),
            State::Starting | State::Listening => {}
        }
        drop(s);
        if let WriteError::Waited = e {
            // Other frames held the pipe all along: never sent.
            if self.settings.kill_on_timeout {
                self.kill(format!(
                    "was killed by the host: a request could not be sent within \
                     {timeout:?} (Host::kill_on_timeout)"
                ));
            }
            return Some(Error::Timeout {
                object: self.name.clone(),
                after: timeout,
            });
        }
        None
    }

    fn forget(&self, id: u64) {
        lock(&self.shared).pending.remove(&id);
    }

    /// Kills the worker on the host's initiative; `why` completes "pid N
    /// ..." in the [`Error::WorkerDied`] that everything pending gets.
    fn kill(&self, why: String) {
        {
            let mut s = lock(&self.shared);
            if !matches!(s.state, State::Starting | State::Listening) {
                return;
            }
            s.state = State::Dead(Error::WorkerDied {
                object: self.name.clone(),
                how: format!("pid {} {why}", self.pid),
                stderr_tail: self.stderr_tail.text(Duration::ZERO),
            });
        }
        // The reader thread sees the pipe close and fails what is pending
        // with the state set above. A worker that exited (and may have been
        // reaped) meanwhile is left alone: its pid may be reused.
        let mut child = lock(&self.child);
        if let Ok(None) = child.try_wait() {
            let _ = kill_and_reap(&mut child);
        }
    }

    fn state_error(&self, state: &State) -> Error {
        let not_listening = |what: &str| Error::NotListening {
            object: self.name.clone(),
            state: what.to_string(),
        };
        match state {
            State::Starting => not_listening("starting (not listening yet)"),
            State::Listening => Error::Protocol("request lost while listening".into()),
            State::Closing | State::Closed => not_listening("closed"),
            State::Dead(e) => e.clone(),
        }
    }

    fn set_listening(&self) {
        let mut s = lock(&self.shared);
        if matches!(s.state, State::Starting) {
            s.state = State::Listening;
        }
        drop(s);
        self.changed.notify_all();
    }

    fn set_run_end(&self, end: RunEnd) {
        let mut s = lock(&self.shared);
        let generation = s.restarts;
        s.runs.entry(generation).or_insert(end);
        drop(s);
        self.changed.notify_all();
    }

    /// The worker made a fresh instance after a trap: a new loop (if the
    /// object is active) is running, and joins from now on wait for it.
    fn restarted(&self, count: u32, reason: &str) {
        tracing::warn!(target: "remoteobj::object", object = %self.name, pid = self.pid, count, "restarted after a trap (state lost): {reason}");
        lock(&self.shared).restarts = count;
    }

    fn deliver(&self, id: u64, result: Result<Reply, Error>) {
        // Sent while the lock is held (the channel has room for the one
        // answer), so a caller whose timeout fires finds either its waiter
        // still registered or the answer in its channel, never neither.
        let mut s = lock(&self.shared);
        match s.pending.remove(&id) {
            Some(waiter) => {
                let _ = waiter.tx.send(result);
            }
            // A post that failed (posts are answered only then), or a
            // caller that timed out: nobody waits for it. A failure is
            // logged, so it is not lost silently. (A dropped pending reply
            // keeps its waiter, whose answer is dropped above.)
            None => match result {
                Err(e) => {
                    tracing::warn!(target: "remoteobj::object", object = %self.name, id, "a request nobody waits for (posted, abandoned or timed out) failed: {e}")
                }
                Ok(_) => {
                    tracing::debug!(target: "remoteobj::object", object = %self.name, id, "answer for an abandoned request")
                }
            },
        }
    }

    /// The worker is gone: settle the state and fail everything pending.
    fn finish(&self, death: Option<Error>) {
        let mut s = lock(&self.shared);
        s.state = match (&s.state, death) {
            (State::Dead(e), _) => State::Dead(e.clone()),
            (State::Closing | State::Closed, _) => State::Closed,
            (_, Some(e)) => State::Dead(e),
            (_, None) => State::Closed,
        };
        // Requests still pending when a closed worker ended were not
        // answered in time: cancelled, not "not listening" (they were sent
        // while it was).
        let error = match &s.state {
            State::Closed => Error::Cancelled {
                object: self.name.clone(),
                reason: "the object was closed before it answered".into(),
            },
            other => self.state_error(other),
        };
        for (_, waiter) in s.pending.drain() {
            let _ = waiter.tx.send(Err(error.clone()));
        }
        drop(s);
        self.changed.notify_all();
    }

    fn is_closing(&self) -> bool {
        matches!(lock(&self.shared).state, State::Closing | State::Closed)
    }

    /// Waits (briefly) for the worker process to exit, killing it if it does
    /// not, and says how it ended.
    fn reap(&self, kill_now: bool) -> String {
        let deadline = Instant::now()
            + if kill_now {
                Duration::ZERO
            } else {
                Duration::from_secs(1)
            };
        loop {
            let mut child = lock(&self.child);
            match child.try_wait() {
                Ok(Some(status)) => return describe_exit(status),
                Err(e) => return format!("could not be waited for: {e}"),
                Ok(None) if Instant::now() >= deadline => {
                    return match kill_and_reap(&mut child) {
                        Ok(status) => {
                            format!("stopped answering and was {}", describe_exit(status))
                        }
                        Err(e) => format!("could not be waited for: {e}"),
                    };
                }
                Ok(None) => {
                    drop(child);
                    thread::sleep(Duration::from_millis(2));
                }
            }
        }
    }
}

/// Reads the worker's frames until its stdout closes, routing each answer to
/// its caller; then records how the worker ended.
fn read_loop(inner: &Inner, stdout: ChildStdout) {
    let window = SpinWindow::new(inner.settings.wait);
    let mut reader = BufReader::with_capacity(64 * 1024, SpinRead::new(stdout, window));
    let mut fatal: Option<String> = None;
    let mut host_gave_up = false;
    let mut load_failed: Option<String> = None;
    loop {
        match read_frame::<_, FromWorker>(&mut reader, inner.settings.max_frame) {
            Ok(Some(FromWorker::Hello { version, .. })) if version != PROTOCOL_VERSION => {
                fatal = Some(format!(
                    "protocol version mismatch: worker speaks v{version}, host speaks v{PROTOCOL_VERSION}"
                ));
                host_gave_up = true;
                break;
            }
            Ok(Some(FromWorker::Hello { .. })) => {}
            Ok(Some(FromWorker::Ready)) => inner.set_listening(),
            Ok(Some(FromWorker::LoadFailed { message })) => load_failed = Some(message),
            Ok(Some(FromWorker::Response { id, .. }))
                if id >= inner.next_id.load(Ordering::SeqCst) =>
            {
                fatal = Some(format!(
                    "the worker answered request {id}, which was never sent"
                ));
                host_gave_up = true;
                break;
            }
            Ok(Some(FromWorker::Response { id, result })) => {
                inner.deliver(id, result.map_err(Error::Remote));
            }
            Ok(Some(FromWorker::RunEnded(end))) => inner.set_run_end(end),
            Ok(Some(FromWorker::Restarted { count, reason })) => inner.restarted(count, &reason),
            Ok(Some(FromWorker::Log { stream, line })) => {
                tracing::info!(target: "remoteobj::guest", object = %inner.name, pid = inner.pid, stream = stream.as_str(), "{line}");
            }
            Ok(Some(FromWorker::Fatal { message })) => fatal = Some(message),
            Ok(None) => break,
            Err(e) => {
                fatal = Some(format!("bad frame from the worker: {e}"));
                host_gave_up = true;
                break;
            }
        }
    }
    // When the host stopped reading (a bad frame, a version it cannot
    // speak), the worker may be alive and waiting: kill it now. Otherwise
    // it closed its side and is exiting: give it time to say how.
    let closing = inner.is_closing();
    let exit = inner.reap(host_gave_up && !closing);
    let death = if let Some(message) = load_failed {
        Error::LoadFailed {
            object: inner.name.clone(),
            message,
        }
    } else {
        let how = match fatal {
            Some(reason) => format!("{reason} (worker {exit})"),
            None => exit,
        };
        Error::WorkerDied {
            object: inner.name.clone(),
            how: format!("pid {} {how}", inner.pid),
            stderr_tail: inner.stderr_tail.text(Duration::from_millis(500)),
        }
    };
    inner.finish(Some(death));
}
