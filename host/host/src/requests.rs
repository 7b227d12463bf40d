//! Sending requests: register, write, then wait, each apart, so that a
//! pending reply is just a [`Ticket`] held by its caller and a batch is
//! several tickets for one frame; and the fire-and-forget `post`.

use std::{
    cell::RefCell,
    ops::Range,
    sync::Arc,
    task::Waker,
    thread,
    time::{Duration, Instant},
};

use remoteobj_pipe::{deadline_after, spin_pause};
use remoteobj_protocol::{FrameError, Reply, Request, RequestBody, ToWorker, encode_frame_into};

use crate::error::{Error, KillReason};
use crate::inflight::Answer;
use crate::reader::{TurnEnd, Until};
use crate::session::Session;
use crate::writer::SendError;

/// How long a caller whose frame could not be written waits to learn how
/// the worker died.
const DEATH_WAIT: Duration = Duration::from_secs(4);

/// A request sent and not yet awaited: [`wait`](Self::wait) takes its
/// answer. Dropping it abandons the answer, not the request: the request
/// stays registered (and counts against `max_pending`) until the answer
/// comes and is dropped.
pub(crate) struct Ticket {
    session: Arc<Session>,
    id: u64,
    deadline: Instant,
    timeout: Duration,
    /// The answer was taken or given up on (by `wait`, `poll_answer` or
    /// `withdraw`): dropping the ticket has nothing left to abandon.
    waited: bool,
}

impl Ticket {
    /// Waits for the answer until the request's deadline. One that does
    /// not come in time is withdrawn (or its worker killed, as the host
    /// says).
    pub(crate) fn wait(mut self) -> Result<Reply, Error> {
        let answer = self.session.await_answer(self.id, self.deadline);
        // From here the request is settled below; before (a panic in a log
        // subscriber while this caller read), dropping the ticket abandons
        // it.
        self.waited = true;
        match answer {
            Some(answer) => answer,
            None => self.timed_out(),
        }
    }

    /// The answer, when it is in or the deadline has passed (the request is
    /// then settled, as [`wait`](Self::wait) settles it); otherwise `None`,
    /// and `waker` is woken when the answer comes. A future never reads the
    /// worker's output itself: the reader thread is woken to read for it.
    pub(crate) fn poll_answer(&mut self, waker: &Waker) -> Option<Result<Reply, Error>> {
        let mut s = self.session.shared();
        if let Some(answer) = s.inflight.take(self.id) {
            self.waited = true;
            return Some(answer);
        }
        if Instant::now() >= self.deadline {
            drop(s);
            self.waited = true;
            return Some(self.timed_out());
        }
        if !s.inflight.set_waker(self.id, waker) {
            // Registered until its answer is taken or it is forgotten, both
            // by this ticket: cannot happen.
            self.waited = true;
            return Some(Err(Error::Protocol(format!(
                "request {} is no longer in flight",
                self.id
            ))));
        }
        let nobody_reads = s.turn.is_free();
        drop(s);
        if nobody_reads {
            self.session.wake_reader_thread();
        }
        None
    }

    /// When the answer is due.
    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Withdraws the request, whose answer nobody will take (a future
    /// dropped before it came): unless the worker has taken it already, it
    /// never runs; if it has, its answer is dropped when it comes. It stops
    /// counting as pending at once.
    pub(crate) fn withdraw(mut self) {
        self.waited = true;
        if self.session.shared().inflight.forget(self.id).is_none() {
            self.session.withdraw(self.id);
        }
    }

    /// Settles a request whose deadline passed without an answer.
    fn timed_out(&self) -> Result<Reply, Error> {
        let session = &self.session;
        // An answer that came in just now is still an answer.
        if let Some(answer) = session.shared().inflight.forget(self.id) {
            return answer;
        }
        if session.settings.kill_on_timeout {
            session.kill(KillReason::Timeout(self.timeout));
        } else {
            // Unless the worker has taken it already, it drops it unrun.
            session.withdraw(self.id);
        }
        Err(Error::Timeout {
            object: session.name.clone(),
            after: self.timeout,
        })
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if !self.waited {
            self.session.shared().inflight.abandon(self.id);
        }
    }
}

/// A turn at reading, handed back when it ends, even by a panic (in a
/// log subscriber, say): a turn never handed back would leave nobody to
/// read the worker's output.
struct Reading<'a> {
    session: &'a Session,
    ended: bool,
}

impl Drop for Reading<'_> {
    fn drop(&mut self) {
        self.session.end_turn(self.ended);
    }
}

impl Session {
    /// Waits for request `id`'s answer until `deadline`: reads the
    /// worker's output itself when nobody else does; else waits for the
    /// reader to hand the answer over (spinning first in the low-latency
    /// wait mode, then parked), or to be asked to take the turn. `None`
    /// when the deadline passed first.
    pub(crate) fn await_answer(&self, id: u64, deadline: Instant) -> Option<Answer> {
        let spin = self.settings.wait.spin();
        // Registered as waiting, so the reader wakes this thread.
        let mut registered = false;
        let mut spinning_since: Option<Instant> = None;
        loop {
            let mut s = self.shared();
            let answer = s.inflight.take(id);
            let now = Instant::now();
            if answer.is_some() || now >= deadline {
                if registered {
                    s.inflight.unpark(id);
                    // Asked to take a free turn and leaving instead: the
                    // next caller waiting is asked, or the reader thread
                    // when a future awaits.
                    if s.turn.is_free() && !s.inflight.wake_a_reader() && s.inflight.is_awaited() {
                        drop(s);
                        self.wake_reader_thread();
                        return answer;
                    }
                }
                return answer;
            }
            if s.turn.take_for_caller() {
                if registered {
                    // Not one to wake when this turn ends.
                    s.inflight.unpark(id);
                    registered = false;
                }
                drop(s);
                let mut reading = Reading {
                    session: self,
                    ended: false,
                };
                reading.ended = self.read_turn(Until::Answer(id, deadline)) == TurnEnd::Ended;
                continue;
            }
            if !registered {
                s.inflight.park(id, thread::current());
                registered = true;
            }
            drop(s);
            if now.duration_since(*spinning_since.get_or_insert(now)) < spin {
                spin_pause();
            } else {
                thread::park_timeout(deadline.saturating_duration_since(now));
            }
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
        let id = self.take_ids(1);
        let msg = ToWorker::Request(Request { id, body });
        let deadline = self.send(&msg, id..id + 1, timeout)?;
        Ok(self.ticket(id, deadline, timeout))
    }

    /// Sends `bodies` in one frame (one request, or a batch) and returns
    /// without waiting: each ticket waits for its own answer, until
    /// `timeout` after the frame was written.
    pub(crate) fn submit(
        self: &Arc<Self>,
        bodies: Vec<RequestBody>,
        timeout: Duration,
    ) -> Result<Vec<Ticket>, Error> {
        let count = bodies.len() as u64;
        let first = self.take_ids(count);
        let ids = first..first + count;
        let mut requests: Vec<Request> = ids
            .clone()
            .zip(bodies)
            .map(|(id, body)| Request { id, body })
            .collect();
        let msg = match requests.len() {
            1 => ToWorker::Request(requests.remove(0)),
            _ => ToWorker::Batch(requests),
        };
        let deadline = self.send(&msg, ids.clone(), timeout)?;
        Ok(ids.map(|id| self.ticket(id, deadline, timeout)).collect())
    }

    fn ticket(self: &Arc<Self>, id: u64, deadline: Instant, timeout: Duration) -> Ticket {
        Ticket {
            session: self.clone(),
            id,
            deadline,
            timeout,
            waited: false,
        }
    }

    /// Registers the requests `ids` and writes `msg`, the frame that
    /// carries them; returns when their answers are due (`timeout` after
    /// the frame was written: waiting for the pipe is not waiting for the
    /// answer). On failure nothing stays registered.
    fn send(&self, msg: &ToWorker, ids: Range<u64>, timeout: Duration) -> Result<Instant, Error> {
        with_frame(msg, self.settings.max_frame, |frame| {
            {
                let mut s = self.shared();
                if !s.life.is_listening() {
                    return Err(s.life.error(&self.name));
                }
                let count = (ids.end - ids.start) as usize;
                if s.inflight.len() + count > self.settings.max_pending {
                    return Err(Error::TooManyPending {
                        object: self.name.clone(),
                        limit: self.settings.max_pending,
                    });
                }
                for id in ids.clone() {
                    s.inflight.register(id);
                }
            }
            if let Err(e) = self.write(frame, timeout, true) {
                let error = match self.write_failed(&e, timeout) {
                    Some(error) => error,
                    // The worker is gone or going; whoever reads its output
                    // is about to fail every pending request with the
                    // reason (they stay registered until then).
                    None => match self
                        .await_answer(ids.start, deadline_after(timeout.min(DEATH_WAIT)))
                    {
                        Some(Err(death)) => death,
                        _ => Error::Protocol(format!(
                            "could not send the request to the worker: {e}"
                        )),
                    },
                };
                let mut s = self.shared();
                for id in ids {
                    let _ = s.inflight.forget(id);
                }
                return Err(error);
            }
            let deadline = deadline_after(timeout);
            let mut s = self.shared();
            for id in ids {
                s.inflight.mark_sent(id);
            }
            Ok(deadline)
        })
    }

    /// Sends one request nobody waits for: the worker answers it only if
    /// it fails, and that answer is logged (fire-and-forget).
    pub(crate) fn post(&self, body: RequestBody, timeout: Duration) -> Result<(), Error> {
        let id = self.take_ids(1);
        let msg = ToWorker::Post(Request { id, body });
        with_frame(&msg, self.settings.max_frame, |frame| {
            {
                let s = self.shared();
                if !s.life.is_listening() {
                    return Err(s.life.error(&self.name));
                }
            }
            self.write(frame, timeout, true).map_err(|e| {
                self.write_failed(&e, timeout).unwrap_or_else(|| {
                    Error::Protocol(format!("could not send the request to the worker: {e}"))
                })
            })
        })
    }

    /// What a request whose frame could not be written fails with, when
    /// that is known now; `None` when the worker is gone or going and the
    /// reader thread is about to say why.
    fn write_failed(&self, e: &SendError, timeout: Duration) -> Option<Error> {
        {
            let s = self.shared();
            // Closed while we were about to write (never sent), or killed
            // for not reading it (or dead already).
            if !s.life.is_live() {
                return Some(s.life.error(&self.name));
            }
        }
        match e {
            // Other frames held the pipe all along: never sent.
            SendError::Waited => {
                if self.settings.kill_on_timeout {
                    self.kill(KillReason::SendTimeout(timeout));
                }
                Some(Error::Timeout {
                    object: self.name.clone(),
                    after: timeout,
                })
            }
            SendError::Closed | SendError::Pipe(_) => None,
        }
    }
}

/// A frame this large or smaller keeps its buffer for the thread's next
/// request; a larger one gives the memory back.
const KEPT_FRAME_BUFFER: usize = 1024 * 1024;

thread_local! {
    /// The buffer each thread encodes its requests into: reused, so a
    /// request allocates no frame.
    static FRAME: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Encodes `msg` as a request frame into this thread's buffer and runs
/// `send` on it.
fn with_frame<T>(
    msg: &ToWorker,
    max_frame: usize,
    send: impl FnOnce(&[u8]) -> Result<T, Error>,
) -> Result<T, Error> {
    // A nested call (none today), or one while the thread's locals are
    // torn down, gets a buffer of its own.
    let mut buf = FRAME
        .try_with(|f| f.try_borrow_mut().map(|mut b| std::mem::take(&mut *b)))
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    let result = match encode_frame_into(msg, max_frame, &mut buf) {
        Ok(()) => send(&buf),
        Err(FrameError::TooLarge { len, max }) => Err(Error::FrameTooLarge {
            what: "the request".into(),
            len,
            max,
        }),
        Err(other) => Err(Error::Encode(other.to_string())),
    };
    if buf.capacity() <= KEPT_FRAME_BUFFER {
        let _ = FRAME.try_with(|f| {
            if let Ok(mut kept) = f.try_borrow_mut() {
                *kept = buf;
            }
        });
    }
    result
}
