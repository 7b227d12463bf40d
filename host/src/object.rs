//! One live remote object: its worker process, the reader thread that routes
//! responses to callers by request id, and its lifecycle (starting,
//! listening, closed, dead).
//!
//! No lock is held across a round trip: a caller registers its id, writes
//! its frame under the writer lock, and waits on its own channel. Any number
//! of threads can have requests in flight on one object.

use std::{
    collections::HashMap,
    io::{BufReader, Write},
    panic::{self, AssertUnwindSafe},
    process::{Child, ChildStdin, ChildStdout},
    sync::{
        Arc, Condvar, Mutex, MutexGuard, TryLockError,
        atomic::{AtomicU64, Ordering},
        mpsc::{self, RecvTimeoutError, SyncSender},
    },
    thread::{self, JoinHandle},
    time::{Duration, Instant},
};

use crate::error::Error;
use crate::protocol::{
    FrameError, FromWorker, Load, PROTOCOL_VERSION, Reply, Request, RequestBody, ToWorker,
    encode_frame, read_frame, write_frame,
};
use crate::proxy::Proxy;
use crate::schema::Schema;
use crate::spawn::{Spawned, StderrTail, describe_exit, kill_and_reap};

/// How long a closing object's worker gets to exit on its own before it is
/// killed.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

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
    /// Closed by shutdown, or the opening write failed.
    Closed,
}

struct Shared {
    state: State,
    pending: HashMap<u64, SyncSender<Result<Reply, Error>>>,
}

/// The state shared by a [`RemoteObject`], its reader thread and its proxies.
pub(crate) struct Inner {
    pub(crate) name: String,
    pid: u32,
    writer: Mutex<Pipe>,
    /// Signalled when `writer` leaves [`Pipe::Opening`].
    opened: Condvar,
    shared: Mutex<Shared>,
    changed: Condvar,
    next_id: AtomicU64,
    child: Mutex<Child>,
    stderr_tail: Arc<StderrTail>,
    pub(crate) request_timeout: Duration,
    max_frame: usize,
}

/// A live object in a worker subprocess.
///
/// Get proxies with [`proxy`](Self::proxy); they are cheap to clone and can
/// be used from many threads. Closing or dropping the object shuts the
/// worker down and reaps it; proxies that outlive it answer
/// [`Error::NotListening`] (or their default).
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
        request_timeout: Duration,
        max_frame: usize,
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
                shared: Mutex::new(Shared {
                    state: State::Starting,
                    pending: HashMap::new(),
                }),
                changed: Condvar::new(),
                next_id: AtomicU64::new(1),
                child: Mutex::new(child),
                stderr_tail,
                request_timeout,
                max_frame,
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
                let ok = stdin.write_all(&opening).is_ok();
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
            .request(RequestBody::Describe, self.inner.request_timeout)?
        {
            Reply::Schema(schema) => Ok(schema),
            other => Err(Error::Protocol(format!("describe answered with {other:?}"))),
        }
    }

    /// Shuts the worker down: requests already sent are answered, later ones
    /// fail with [`Error::NotListening`]; a worker that does not exit within
    /// two seconds is killed. The process is reaped before this returns.
    pub fn close(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        {
            let mut s = lock(&self.inner.shared);
            if matches!(s.state, State::Starting | State::Listening) {
                s.state = State::Closing;
            }
        }
        let deadline = Instant::now() + CLOSE_GRACE;
        // A caller may be stuck writing to a worker that stopped reading; then
        // the lock is not to be had, and the kill below frees that caller.
        let pipe = loop {
            match self.inner.writer.try_lock() {
                Ok(mut w) => break std::mem::replace(&mut *w, Pipe::Closed),
                Err(TryLockError::Poisoned(p)) => {
                    break std::mem::replace(&mut *p.into_inner(), Pipe::Closed);
                }
                Err(TryLockError::WouldBlock) if Instant::now() >= deadline => break Pipe::Closed,
                Err(TryLockError::WouldBlock) => thread::sleep(Duration::from_millis(1)),
            }
        };
        self.inner.opened.notify_all();
        if let Pipe::Open(mut stdin) = pipe {
            // Without blocking: a stuck worker's pipe may be full of requests
            // it never read, and the kill below settles that case.
            if set_nonblocking(&stdin).is_ok() {
                let _ = write_frame(&mut stdin, &ToWorker::Shutdown, self.inner.max_frame);
            }
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
        self.shutdown();
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
    opening.extend(encode_frame(&ToWorker::Load(load), max_frame).map_err(start_error)?);
    Ok(opening)
}

fn start_error(e: FrameError) -> Error {
    match e {
        FrameError::TooLarge { len, max } => Error::Encode(format!(
            "the component is {len} bytes, over the frame limit of {max} bytes \
             (load it from a file, or raise Host::max_frame)"
        )),
        other => Error::Encode(other.to_string()),
    }
}

fn set_nonblocking(stdin: &ChildStdin) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = stdin.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own, with no pointers involved.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    // SAFETY: as above.
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Inner {
    /// Sends one request and waits for its answer.
    pub(crate) fn request(&self, body: RequestBody, timeout: Duration) -> Result<Reply, Error> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let frame = encode_frame(&ToWorker::Request(Request { id, body }), self.max_frame)
            .map_err(|e| match e {
                FrameError::TooLarge { len, max } => Error::Encode(format!(
                    "the request is {len} bytes, over the frame limit of {max} bytes"
                )),
                other => Error::Encode(other.to_string()),
            })?;
        let (tx, rx) = mpsc::sync_channel(1);
        {
            let mut s = lock(&self.shared);
            if !matches!(s.state, State::Listening) {
                return Err(self.state_error(&s.state));
            }
            s.pending.insert(id, tx);
        }
        let written = {
            let pipe = lock(&self.writer);
            let (mut pipe, _) = self
                .opened
                .wait_timeout_while(pipe, timeout, |p| matches!(p, Pipe::Opening))
                .unwrap_or_else(|p| p.into_inner());
            match &mut *pipe {
                Pipe::Open(w) => w.write_all(&frame),
                Pipe::Opening | Pipe::Closed => Err(std::io::ErrorKind::BrokenPipe.into()),
            }
        };
        if let Err(e) = written {
            // The worker is gone or going; the reader thread is about to fail
            // every pending request with the reason, ours included.
            return match rx.recv_timeout(timeout.min(CLOSE_GRACE * 2)) {
                Ok(result) => result,
                Err(_) => {
                    self.forget(id);
                    Err(Error::Protocol(format!(
                        "could not send the request to the worker: {e}"
                    )))
                }
            };
        }
        match rx.recv_timeout(timeout) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => {
                self.forget(id);
                Err(Error::Timeout {
                    object: self.name.clone(),
                    after: timeout,
                })
            }
            Err(RecvTimeoutError::Disconnected) => Err(self.state_error(&lock(&self.shared).state)),
        }
    }

    fn forget(&self, id: u64) {
        lock(&self.shared).pending.remove(&id);
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

    fn deliver(&self, id: u64, result: Result<Reply, Error>) {
        let waiter = lock(&self.shared).pending.remove(&id);
        match waiter {
            Some(tx) => {
                let _ = tx.send(result);
            }
            // A caller that timed out: its late answer is dropped.
            None => {
                tracing::debug!(target: "remoteobj::object", object = %self.name, id, "answer for an unknown or abandoned request")
            }
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
        let error = self.state_error(&s.state);
        for (_, tx) in s.pending.drain() {
            let _ = tx.send(Err(error.clone()));
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
    let mut reader = BufReader::with_capacity(64 * 1024, stdout);
    let mut fatal: Option<String> = None;
    let mut host_gave_up = false;
    let mut load_failed: Option<String> = None;
    loop {
        match read_frame::<_, FromWorker>(&mut reader, inner.max_frame) {
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
            Ok(Some(FromWorker::Response { id, result })) => {
                inner.deliver(id, result.map_err(Error::Remote));
            }
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
