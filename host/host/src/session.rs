//! One live object's session with its worker: what the object, its proxies
//! and its reader thread share.
//!
//! The object's [`Lifecycle`], its [`InFlight`] table and the [`Turn`] at
//! reading the worker's output are kept under one lock, because they change
//! together: a request is registered only while the object listens, a
//! caller finds its answer in or takes the turn in one step, and the end of
//! the worker settles the state and fails everything registered in one
//! step, so no caller is left waiting. The pipe's [`Writer`], its
//! [`Incoming`] side and the worker's [`WorkerProcess`] have locks of their
//! own, never taken while this one is held.

use std::{
    panic::{self, AssertUnwindSafe},
    process::ChildStdin,
    sync::{
        Arc, Condvar, Mutex, MutexGuard, OnceLock,
        atomic::{AtomicU64, Ordering},
    },
    task::Waker,
    thread::Thread,
    time::{Duration, Instant},
};

use remoteobj_pipe::{WriteError, lock, set_nonblocking};
use remoteobj_protocol::{Pending, RemoteError, RunEnd, ToWorker, encode_frame};
use serde_bytes::ByteBuf;

use crate::caught::CaughtErrors;
use crate::error::{DeathCause, Error, Exit, KillReason};
use crate::inflight::{Answer, Delivery, InFlight};
use crate::lifecycle::Lifecycle;
use crate::process::{Reaped, WorkerProcess, reap_within};
use crate::reader::Incoming;
use crate::settings::Settings;
use crate::stderr::StderrTail;
use crate::stream::Emitted;
use crate::turn::Turn;
use crate::writer::{SendError, Writer};

/// What changes together: where the object is in its life, the requests
/// waiting for an answer, and who reads the answers.
pub(crate) struct Shared {
    pub(crate) life: Lifecycle,
    pub(crate) inflight: InFlight,
    /// Who reads the worker's output now.
    pub(crate) turn: Turn,
    /// Values the loop emitted that the host has not taken.
    pub(crate) emitted: Emitted,
    /// Errors the guest recorded and went on from.
    pub(crate) caught: CaughtErrors,
}

/// One live object's session with its worker.
pub(crate) struct Session {
    pub(crate) name: String,
    pub(crate) pid: u32,
    pub(crate) settings: Settings,
    pub(crate) writer: Writer,
    /// The worker's output, read by whoever has the turn.
    pub(crate) incoming: Mutex<Incoming>,
    /// The reader thread, woken when a caller finds the output ended.
    pub(crate) reader_thread: OnceLock<Thread>,
    shared: Mutex<Shared>,
    /// Signalled whenever the lifecycle changes.
    changed: Condvar,
    /// The id the next request gets.
    next_id: AtomicU64,
    process: Mutex<WorkerProcess>,
    stderr_tail: Arc<StderrTail>,
}

impl Session {
    /// A session with a worker just started, whose opening frames are
    /// about to be written.
    pub(crate) fn new(
        name: String,
        process: WorkerProcess,
        incoming: Incoming,
        stderr_tail: Arc<StderrTail>,
        settings: Settings,
    ) -> Self {
        Session {
            name,
            pid: process.id(),
            writer: Writer::opening(settings.max_frame),
            incoming: Mutex::new(incoming),
            reader_thread: OnceLock::new(),
            settings,
            shared: Mutex::new(Shared {
                life: Lifecycle::new(),
                inflight: InFlight::default(),
                turn: Turn::new(),
                emitted: Emitted::default(),
                caught: CaughtErrors::default(),
            }),
            changed: Condvar::new(),
            next_id: AtomicU64::new(1),
            process: Mutex::new(process),
            stderr_tail,
        }
    }

    /// The lifecycle and the in-flight table, locked.
    pub(crate) fn shared(&self) -> MutexGuard<'_, Shared> {
        lock(&self.shared)
    }

    /// Waits on the lifecycle's changes while `keep_waiting`, at most
    /// `timeout` (for ever with `None`).
    pub(crate) fn wait_while<'a>(
        &self,
        guard: MutexGuard<'a, Shared>,
        timeout: Option<Duration>,
        keep_waiting: impl FnMut(&mut Shared) -> bool,
    ) -> MutexGuard<'a, Shared> {
        match timeout {
            None => self
                .changed
                .wait_while(guard, keep_waiting)
                .unwrap_or_else(|p| p.into_inner()),
            Some(t) => {
                self.changed
                    .wait_timeout_while(guard, t, keep_waiting)
                    .unwrap_or_else(|p| p.into_inner())
                    .0
            }
        }
    }

    /// `count` fresh request ids, the first returned.
    pub(crate) fn take_ids(&self, count: u64) -> u64 {
        self.next_id.fetch_add(count, Ordering::SeqCst)
    }

    /// Whether `id` was ever handed out.
    pub(crate) fn was_sent(&self, id: u64) -> bool {
        id < self.next_id.load(Ordering::SeqCst)
    }

    /// Writes the opening frames (the handshake and `Load`); then the pipe
    /// is non-blocking and open for requests. A worker that dies before
    /// reading them is noticed by the reader thread, with a better reason
    /// than the write error.
    pub(crate) fn open(&self, mut stdin: ChildStdin, opening: &[u8]) {
        use std::io::Write;
        let ok = stdin.write_all(opening).is_ok() && set_nonblocking(&stdin).is_ok();
        self.writer.opened(ok.then_some(stdin));
    }

    /// Writes one frame (see [`Writer::write`]). A worker that reads none
    /// of it for `timeout` is killed when `kill_if_full` says so, and always
    /// when part of the frame went out (its input is then corrupt): callers
    /// then get how it died.
    pub(crate) fn write(
        &self,
        frame: &[u8],
        timeout: Duration,
        kill_if_full: bool,
    ) -> Result<(), SendError> {
        let result = self.writer.write(frame, timeout);
        if let Err(SendError::Pipe(WriteError::Full { partial })) = &result
            && (*partial || kill_if_full)
        {
            self.kill(KillReason::StoppedReading(timeout));
        }
        result
    }

    /// Encodes and writes a small control message (a `Cancel`) now, or
    /// queues it for the next write when the pipe is busy or full. Not for
    /// a `Stop`: one queued while the opening frames are written would wait
    /// for a request to take it along.
    pub(crate) fn control(&self, msg: &ToWorker) {
        if let Ok(frame) = encode_frame(msg, self.settings.max_frame) {
            self.writer.control(frame);
        }
    }

    /// Withdraws request `id`, which timed out: unless the worker has taken
    /// it already, it never runs; if it has, its answer is dropped when it
    /// comes.
    pub(crate) fn withdraw(&self, id: u64) {
        self.control(&ToWorker::Cancel { id });
    }

    /// Kills the worker on the host's initiative: everything pending and
    /// later fails with [`Error::WorkerDied`] saying why. Does nothing to an
    /// object that is closed or dead already.
    pub(crate) fn kill(&self, reason: KillReason) {
        let death = Error::WorkerDied {
            object: self.name.clone(),
            pid: self.pid,
            cause: DeathCause::Killed(reason),
            exit: None,
            stderr_tail: self.stderr_tail.text(Duration::ZERO),
        };
        if !self.shared().life.die(death) {
            return;
        }
        // Later requests fail at once; those pending are failed by the
        // reader thread once whoever reads sees the pipe close. A worker that was
        // reaped meanwhile is not signalled: its pid may be reused.
        let status = lock(&self.process).kill_and_reap();
        self.shared()
            .life
            .reaped(status.ok().and_then(Exit::from_status));
        // Waiters (a join) wake once the death is complete.
        self.changed.notify_all();
    }

    /// Waits up to `grace` for the worker to exit, then kills it; reaps it.
    pub(crate) fn reap(&self, grace: Duration) -> Reaped {
        reap_within(&self.process, grace)
    }

    /// The worker's last stderr lines, after waiting up to `grace` for its
    /// stderr to end.
    pub(crate) fn stderr_tail(&self, grace: Duration) -> String {
        self.stderr_tail.text(grace)
    }

    /// The worker said it is ready.
    pub(crate) fn listening(&self) {
        self.shared().life.listening();
        self.changed.notify_all();
    }

    /// The object's current loop ended.
    pub(crate) fn run_ended(&self, end: RunEnd) {
        self.shared().life.run_ended(end);
        self.changed.notify_all();
    }

    /// The object ended its listening by itself: requests the worker did
    /// not take (all but `answering`) are cancelled, later ones refused.
    pub(crate) fn stopped_listening(&self, answering: &[u64]) {
        let failed = {
            let mut s = self.shared();
            s.life.stopped();
            s.inflight
                .fail_all_but(answering, &Lifecycle::stopped_error(&self.name))
        };
        wake_all(failed);
        tracing::debug!(target: "remoteobj::object", object = %self.name, pid = self.pid, "stopped listening by itself");
        self.changed.notify_all();
    }

    /// The loop emitted `value`.
    pub(crate) fn emitted(&self, value: ByteBuf) {
        let queued = {
            let mut s = self.shared();
            let generation = s.life.restarts();
            s.emitted
                .push(value, generation, self.settings.stream_capacity)
        };
        if !queued {
            tracing::warn!(target: "remoteobj::object", object = %self.name, pid = self.pid, "the worker emitted more values than the stream has room for; one was dropped");
        }
        self.changed.notify_all();
    }

    /// The guest recorded `error` under `group`.
    pub(crate) fn caught(&self, group: String, error: RemoteError) {
        self.shared().caught.record(group, error);
    }

    /// Gives the loop room for `values` more emitted values: written now,
    /// waiting for other frames if need be. Room that could not be given
    /// (the pipe held or full for the whole request timeout) is owed and
    /// tried again by the stream: a room message lost would stall the loop.
    pub(crate) fn give_room(&self, values: u32) -> bool {
        if values == 0 {
            return true;
        }
        let written =
            encode_frame(&ToWorker::Credit(values), self.settings.max_frame).is_ok_and(|frame| {
                self.write(&frame, self.settings.request_timeout, false)
                    .is_ok()
            });
        if !written {
            let mut s = self.shared();
            if s.life.is_live() || s.life.is_stopped() {
                s.emitted.owe(values);
            }
        }
        written
    }

    /// The worker made a fresh instance after a trap: a new loop (if the
    /// object is active) runs, and joins from now on wait for it.
    pub(crate) fn restarted(&self, count: u32, reason: &str) {
        tracing::warn!(target: "remoteobj::object", object = %self.name, pid = self.pid, count, "restarted after a trap (state lost): {reason}");
        self.shared().life.restarted(count);
    }

    /// Hands the answer to request `id` to its caller; true when that
    /// caller is waiting for it now. One nobody takes (a post's failure,
    /// or a request abandoned or timed out) is logged if it is a failure,
    /// so it is not lost silently.
    pub(crate) fn deliver(&self, id: u64, answer: Answer) -> bool {
        // Kept in the table under the lock, so a caller whose timeout fires
        // finds either its request still registered or its answer in.
        let delivery = self.shared().inflight.deliver(id, answer);
        match delivery {
            Delivery::Kept { waiting, waker } => {
                wake_all(waker);
                return waiting;
            }
            Delivery::Unclaimed(Err(e)) => {
                tracing::warn!(target: "remoteobj::object", object = %self.name, id, "a request nobody waits for (posted, abandoned or timed out) failed: {e}")
            }
            Delivery::Unclaimed(Ok(_)) => {
                tracing::debug!(target: "remoteobj::object", object = %self.name, id, "answer for an abandoned request")
            }
        }
        false
    }

    /// Whoever had the turn at reading steps back: a caller still parked
    /// is woken to take it, or it is left free (for the next caller, or the
    /// reader thread after the grace period, or at once when a future
    /// awaits an answer). When the output `ended`, nobody reads any more and
    /// the reader thread settles the end.
    pub(crate) fn end_turn(&self, ended: bool) {
        let mut s = self.shared();
        if ended {
            s.turn.finish();
            drop(s);
            self.wake_reader_thread();
        } else {
            s.turn.give_back();
            if !s.inflight.wake_a_reader() && s.inflight.is_awaited() {
                drop(s);
                self.wake_reader_thread();
            }
        }
    }

    /// Wakes the reader thread to look at the turn now.
    pub(crate) fn wake_reader_thread(&self) {
        if let Some(reader) = self.reader_thread.get() {
            reader.unpark();
        }
    }

    /// The worker is gone: settle the state (`death`, unless the object
    /// was closed or had died of something the host knew already) and fail
    /// everything pending.
    pub(crate) fn ended(&self, death: Error, exit: Option<Exit>) {
        let mut s = self.shared();
        s.life.ended(death, exit);
        let error = s.life.unanswered(&self.name);
        let failed = s.inflight.fail_all(&error);
        drop(s);
        wake_all(failed);
        self.changed.notify_all();
    }

    /// Closes the session: no more requests; those pending are cancelled
    /// now (`Pending::Cancel`) or left for the worker to answer; the worker
    /// is sent `Shutdown`, given the close grace period to exit, then
    /// killed, and reaped.
    pub(crate) fn close(&self, pending: Pending) {
        let failed = {
            let mut s = self.shared();
            s.life.closing();
            if pending == Pending::Cancel {
                s.inflight.fail_all(&Error::Cancelled {
                    object: self.name.clone(),
                    reason: "the object was closed with Pending::Cancel".into(),
                })
            } else {
                Vec::new()
            }
        };
        wake_all(failed);
        self.changed.notify_all();
        let deadline = remoteobj_pipe::deadline_after(self.settings.close_grace);
        self.writer.close(pending);
        self.reap(deadline.saturating_duration_since(Instant::now()));
    }
}

/// Wakes the tasks of futures whose requests were answered or failed. A
/// waker that panics (an executor's bug) costs only its own task: the thread
/// that reads the worker's output, and the others waiting, go on.
fn wake_all(wakers: impl IntoIterator<Item = Waker>) {
    for waker in wakers {
        let _ = panic::catch_unwind(AssertUnwindSafe(|| waker.wake()));
    }
}
