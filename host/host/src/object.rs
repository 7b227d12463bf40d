//! [`RemoteObject`]: one live object, from the start of its worker to its
//! close: the threads that open the pipe and read it, waiting until it
//! listens, its own loop's end (stop, join), kill and close.

use std::{
    panic::{self, AssertUnwindSafe},
    sync::Arc,
    thread::{self, JoinHandle},
    time::{Duration, Instant},
};

use remoteobj_protocol::{Pending, Reply, RequestBody, RunEnd, Schema, ToWorker, encode_frame};
use serde::de::DeserializeOwned;

use crate::batch::Batch;
use crate::caught::CaughtErrors;
use crate::error::{Error, KillReason};
use crate::proxy::Proxy;
use remoteobj_pipe::lock;

use crate::reader::{Incoming, read_loop};
use crate::session::Session;
use crate::settings::Settings;
use crate::spawn::Spawned;
use crate::stream::Stream;
use crate::value::decode;
use crate::writer::SendError;

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
    pub(crate) session: Arc<Session>,
    reader: Option<JoinHandle<()>>,
    stderr_thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RemoteObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteObject")
            .field("name", &self.session.name)
            .field("pid", &self.session.pid)
            .finish()
    }
}

impl RemoteObject {
    /// Takes over a freshly spawned worker: writes the opening frames
    /// (`opening`: the handshake and `Load`) and starts the reader thread.
    /// Does not wait for readiness.
    pub(crate) fn start(
        spawned: Spawned,
        name: String,
        opening: Vec<u8>,
        settings: Settings,
    ) -> Result<Self, Error> {
        let Spawned {
            process,
            stdin,
            stdout,
            stderr_tail,
            stderr_thread,
        } = spawned;
        let pid = process.id();
        let incoming = Incoming::new(stdout, settings.max_frame).map_err(|e| {
            Error::spawn_io(
                "(this process)",
                &format!("reading the output of worker pid {pid}"),
                e,
            )
        })?;
        let session = Arc::new(Session::new(name, process, incoming, stderr_tail, settings));
        let mut obj = RemoteObject {
            session: session.clone(),
            reader: None,
            stderr_thread: Some(stderr_thread),
        };
        let reading = session.clone();
        obj.reader = Some(
            thread::Builder::new()
                .name(format!("remoteobj-reader-{pid}"))
                .spawn(move || {
                    let result = panic::catch_unwind(AssertUnwindSafe(|| read_loop(&reading)));
                    if result.is_err() {
                        // Never leave callers waiting on a reader that is gone.
                        reading.shared().turn.finish();
                        lock(&reading.incoming).close();
                        reading.ended(Error::Protocol("the reader thread panicked".into()), None);
                    }
                })
                .map_err(|e| {
                    Error::spawn_io(
                        "(this process)",
                        &format!("starting the reader thread for worker pid {pid}"),
                        e,
                    )
                })?,
        );
        // The opening frames may be larger than the pipe's buffer, and a
        // worker that never reads would block this write: it is done on its
        // own thread, so `start` returns at once and the start timeout holds.
        // Requests wait for it to finish.
        thread::Builder::new()
            .name(format!("remoteobj-opener-{pid}"))
            .spawn(move || session.open(stdin, &opening))
            .map_err(|e| {
                Error::spawn_io(
                    "(this process)",
                    &format!("starting the opener thread for worker pid {pid}"),
                    e,
                )
            })?;
        Ok(obj)
    }

    /// The object's name (used in errors and to tag its log lines).
    pub fn name(&self) -> &str {
        &self.session.name
    }

    /// The worker's process id.
    pub fn pid(&self) -> u32 {
        self.session.pid
    }

    /// A proxy on the object itself.
    pub fn proxy(&self) -> Proxy {
        Proxy::root(self.session.clone())
    }

    /// An empty batch of ops on this object, sent as one frame (see
    /// [`Batch`]).
    pub fn batch(&self) -> Batch {
        Batch::new(self.session.clone())
    }

    /// How many requests, from all proxies, have been sent to the worker
    /// and are waiting for their answer.
    pub fn pending_requests(&self) -> usize {
        self.session.shared().inflight.sent()
    }

    /// How many times the object was restarted after its guest trapped, as
    /// its [`RestartPolicy`](crate::RestartPolicy) allows. Each restart
    /// lost the object's state.
    pub fn restarts(&self) -> u32 {
        self.session.shared().life.restarts()
    }

    /// Kills the worker now, whatever its loop is doing. Pending and later
    /// requests, and a `join` waiting on another thread, fail with
    /// [`Error::WorkerDied`], whose cause is
    /// [`KillReason::Requested`](crate::KillReason::Requested). The object
    /// still has to be closed or dropped (which then returns at once).
    pub fn kill(&self) {
        self.session.kill(KillReason::Requested);
    }

    /// Whether the object is answering requests now.
    pub fn is_listening(&self) -> bool {
        self.session.shared().life.is_listening()
    }

    /// Waits until the object listens. Fails at once, with the reason, if the
    /// worker dies or cannot load its component first.
    pub fn wait_until_listening(&self, timeout: Duration) -> Result<(), Error> {
        let s = self.session.shared();
        let s = self.session.wait_while(s, Some(timeout), |s| {
            s.life.is_starting() || s.life.is_reaping()
        });
        if s.life.is_listening() {
            Ok(())
        } else if s.life.is_starting() {
            Err(Error::StartTimeout {
                object: self.session.name.clone(),
                after: timeout,
            })
        } else {
            Err(s.life.error(&self.session.name))
        }
    }

    /// The object's schema, as its guest reports it.
    pub fn describe(&self) -> Result<Schema, Error> {
        match self
            .session
            .request(RequestBody::Describe, self.session.settings.request_timeout)?
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
    /// answering requests after its loop ends, unless the loop ended its
    /// listening (then this does nothing once the loop has returned). Does nothing to a passive
    /// object or a loop that has ended; asking before the object listens
    /// works too (the loop sees it when it starts).
    pub fn stop(&self) -> Result<(), Error> {
        let session = &self.session;
        {
            let s = session.shared();
            if s.life.is_stopped() {
                // It ended its listening; its loop may still run.
                if s.life.run_of(s.life.restarts()).is_some() {
                    return Ok(());
                }
            } else if !s.life.is_live() {
                return Err(s.life.error(&session.name));
            }
        }
        let frame = encode_frame(&ToWorker::Stop, session.settings.max_frame)
            .map_err(|e| Error::Encode(e.to_string()))?;
        let timeout = session.settings.request_timeout;
        match session.write(&frame, timeout, true) {
            Ok(()) => Ok(()),
            Err(e) => {
                let s = session.shared();
                Err(match e {
                    // Its worker exited after its loop ended: nothing to stop.
                    SendError::Closed | SendError::Pipe(_) if s.life.is_stopped() => return Ok(()),
                    _ if !s.life.is_live() && !s.life.is_stopped() => s.life.error(&session.name),
                    SendError::Waited => Error::Timeout {
                        object: session.name.clone(),
                        after: timeout,
                    },
                    e => Error::Protocol(format!("could not send stop to the worker: {e}")),
                })
            }
        }
    }

    /// Waits until the object's own loop has ended and returns what it
    /// returned, decoded as `T` (Python remoteobj's `util.process` result).
    /// An error the loop returned, or a trap that ended it, comes back as
    /// [`Error::Remote`]; a passive object gives [`Error::NoRunLoop`]; a
    /// worker that dies first gives [`Error::WorkerDied`] at once.
    ///
    /// Waits as long as the loop runs: call [`stop`](Self::stop) first to
    /// ask it to finish, or use [`join_timeout`](Self::join_timeout). A
    /// loop that emits values waits for the host to take them
    /// ([`stream`](Self::stream)) once the stream is full, so a join that
    /// takes none may wait for it until a stop.
    /// Joining again returns the same result. After a trap, a join that was
    /// waiting returns the trap; when the object is then restarted (see
    /// [`RestartPolicy`](crate::RestartPolicy)), a join started after the
    /// restart waits for the fresh object's loop. A worker that dies first
    /// fails the join with [`Error::WorkerDied`].
    pub fn join<T: DeserializeOwned>(&self) -> Result<T, Error> {
        join_until(&self.session, None)
    }

    /// Like [`join`](Self::join), waiting at most `timeout`; then
    /// [`Error::JoinTimeout`], and the loop goes on.
    pub fn join_timeout<T: DeserializeOwned>(&self, timeout: Duration) -> Result<T, Error> {
        join_until(&self.session, Some(timeout))
    }

    /// The values the object's loop emits as it runs, decoded as `T`
    /// (Python remoteobj's process whose function yields), in order; see
    /// [`Stream`]. The stream ends when the loop does: with nothing more
    /// when it returned (its value is then [`join`](Self::join)'s), with
    /// its error when it failed. At most
    /// [`Host::stream_capacity`](crate::Host::stream_capacity) values wait
    /// for the host: the loop is held back (answering requests) until the
    /// host takes some.
    pub fn stream<T: DeserializeOwned>(&self) -> Stream<T> {
        Stream::new(self.session.clone())
    }

    /// The errors the guest recorded and went on from (its `catch` or
    /// `report`; Python remoteobj's `Except`), grouped by name; see
    /// [`CaughtErrors`]. Kept until [`take_caught`](Self::take_caught),
    /// also after the object is closed.
    pub fn caught(&self) -> CaughtErrors {
        self.session.shared().caught.clone()
    }

    /// Like [`caught`](Self::caught), and forgets them (Python's
    /// `catch.clear()`).
    pub fn take_caught(&self) -> CaughtErrors {
        std::mem::take(&mut self.session.shared().caught)
    }

    /// Closes the object and returns what its loop returned (Python
    /// remoteobj's `with util.process(...)`, which joins on exit and raises
    /// the remote error): the loop is asked to stop, given the close grace
    /// period to return, and its result decoded as `T`; an error it
    /// returned comes back as [`Error::Remote`], so a failure in the loop
    /// cannot go unnoticed the way it can with [`close`](Self::close). A
    /// loop that did not return within the grace period (its worker is
    /// killed) gives [`Error::JoinTimeout`]; a passive object
    /// [`Error::NoRunLoop`]; a worker that died first, how it died.
    pub fn close_and_join<T: DeserializeOwned>(mut self) -> Result<T, Error> {
        let pending = self.session.settings.on_close;
        self.shutdown(pending);
        let s = self.session.shared();
        let end = s.life.run_of(s.life.restarts()).cloned();
        let died = match s.life.unanswered(&self.session.name) {
            e @ Error::WorkerDied { .. } => Some(e),
            _ => None,
        };
        drop(s);
        match (end, died) {
            (Some(end), _) => run_result(&self.session, end),
            (None, Some(death)) => Err(death),
            (None, None) => Err(Error::JoinTimeout {
                object: self.session.name.clone(),
                after: self.session.settings.close_grace,
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
        let pending = self.session.settings.on_close;
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
        self.session.close(pending);
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

/// Waits until the object's current loop has ended, at most `timeout`, and
/// returns what it returned (see [`RemoteObject::join`]).
pub(crate) fn join_until<T: DeserializeOwned>(
    session: &Session,
    timeout: Option<Duration>,
) -> Result<T, Error> {
    let deadline = timeout.map(remoteobj_pipe::deadline_after);
    let s = session.shared();
    // The loop of the instance running now.
    let generation = s.life.restarts();
    let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
    let s = session.wait_while(s, left, |s| {
        s.life.run_of(generation).is_none()
            && (s.life.is_live() || s.life.is_reaping() || s.life.is_stopped())
    });
    let end = match s.life.run_of(generation) {
        Some(end) => end.clone(),
        // Not yet: one that stopped listening may still be running its
        // loop.
        None if !s.life.is_live() && !s.life.is_stopped() => {
            return Err(s.life.error(&session.name));
        }
        None => {
            return Err(Error::JoinTimeout {
                object: session.name.clone(),
                after: timeout.unwrap_or_default(),
            });
        }
    };
    drop(s);
    run_result(session, end)
}

fn run_result<T: DeserializeOwned>(session: &Session, end: RunEnd) -> Result<T, Error> {
    match end {
        RunEnd::Returned(bytes) => decode(&bytes),
        RunEnd::Failed(e) => Err(Error::Remote(e)),
        RunEnd::NoLoop => Err(Error::NoRunLoop {
            object: session.name.clone(),
        }),
    }
}

impl Drop for RemoteObject {
    fn drop(&mut self) {
        self.shutdown(self.session.settings.on_close);
    }
}
