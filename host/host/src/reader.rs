//! Reading one worker's output: whoever has the turn (see [`crate::turn`])
//! reads frames, routing each answer to its caller by id and each log line
//! to the host's log; the reader thread reads while no caller does, and
//! when the output ends it reaps the worker and records how it ended.

use std::{
    io,
    process::ChildStdout,
    thread,
    time::{Duration, Instant},
};

use remoteobj_pipe::{lock, poll_readable, set_nonblocking, spin_pause};
use remoteobj_protocol::{FrameBuf, FrameError, FromWorker, PROTOCOL_VERSION};

use crate::error::{DeathCause, Error, Exit, KillReason};
use crate::session::Session;
use crate::turn::ThreadTurn;

/// How long a worker that closed its output gets to exit before it is
/// killed (it normally exits at once).
const EXIT_GRACE: Duration = Duration::from_secs(1);

/// The worker's output (non-blocking), the frames read from it and not
/// taken yet, and what they said that the end of the session needs.
pub(crate) struct Incoming {
    /// Closed once the session has ended.
    stdout: Option<ChildStdout>,
    frames: FrameBuf,
    /// How the worker ended, as far as its frames say.
    cause: DeathCause,
    /// The worker said it could not load the object.
    load_failed: Option<String>,
}

impl Incoming {
    /// Reads `stdout`, switched to non-blocking mode: frames of at most
    /// `max_frame` bytes.
    pub(crate) fn new(stdout: ChildStdout, max_frame: usize) -> io::Result<Self> {
        set_nonblocking(&stdout)?;
        Ok(Incoming {
            stdout: Some(stdout),
            frames: FrameBuf::new(max_frame),
            cause: DeathCause::Ended,
            load_failed: None,
        })
    }
}

impl Incoming {
    /// Closes the worker's output: nobody reads it any more.
    pub(crate) fn close(&mut self) {
        self.stdout = None;
    }
}

/// What a turn at reading waits for.
#[derive(Clone, Copy)]
pub(crate) enum Until {
    /// This request's answer, or the deadline.
    Answer(u64, Instant),
    /// The first answer handed to a caller waiting for it, and what is
    /// buffered behind it (the reader thread's turn: that caller is likely
    /// to send more, and to read for itself).
    Claimed,
}

/// How a turn at reading ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TurnEnd {
    /// What it waited for came.
    Done,
    /// The deadline passed first.
    TimedOut,
    /// The output ended or broke: nobody reads any more.
    Ended,
}

/// What one frame meant for the turn.
enum Step {
    Go,
    /// An answer was routed: to a caller waiting for it now (`waited`), or
    /// kept or dropped.
    Answered {
        id: u64,
        waited: bool,
    },
    /// Requests were failed without an answer of their own (the object
    /// stopped listening): the reader's may be among them.
    Failed,
    /// Stop reading: the worker cannot be understood.
    Stop,
}

/// How often a caller reading for itself looks whether its request was
/// failed by another thread (a close with `Pending::Cancel`), which writes
/// nothing it could read: between frames, and as its longest wait in one
/// `poll(2)`.
const LOOK_EVERY: Duration = Duration::from_millis(50);

impl Session {
    /// Reads frames until `until` is met, the deadline passes or the output
    /// ends, spinning for the wait mode's window before each blocking wait.
    /// Only the holder of the turn calls it.
    pub(crate) fn read_turn(&self, until: Until) -> TurnEnd {
        let spin = self.settings.wait.spin();
        let (mine, deadline) = match until {
            Until::Answer(id, deadline) => (Some(id), Some(deadline)),
            Until::Claimed => (None, None),
        };
        let mut incoming = lock(&self.incoming);
        let incoming = &mut *incoming;
        let mut waiting_since: Option<Instant> = None;
        // When this caller last looked whether its answer is in.
        let mut looked = Instant::now();
        // A caller's turn is over without a frame of its own once its
        // deadline passes, or once another thread failed its request (a
        // close), looked at every `LOOK_EVERY`: a worker that writes
        // without pause must not keep its reader from either.
        let due = |looked: &mut Instant| {
            let (id, deadline) = (mine?, deadline?);
            let now = Instant::now();
            if now >= deadline {
                return Some(TurnEnd::TimedOut);
            }
            if now.duration_since(*looked) >= LOOK_EVERY {
                *looked = now;
                if self.is_answered(id) {
                    return Some(TurnEnd::Done);
                }
            }
            None
        };
        // The reader thread has handed an answer to a waiting caller: it
        // steps back once what is buffered is routed.
        let mut handed_over = false;
        loop {
            match incoming.frames.next_frame::<FromWorker>() {
                Ok(Some(msg)) => {
                    let done = match self.dispatch(msg, incoming) {
                        Step::Go => false,
                        Step::Answered { id, waited } => {
                            handed_over |= waited && mine.is_none();
                            mine == Some(id)
                        }
                        Step::Failed => mine.is_some_and(|id| self.is_answered(id)),
                        Step::Stop => return TurnEnd::Ended,
                    };
                    if done {
                        return TurnEnd::Done;
                    }
                    if let Some(end) = due(&mut looked) {
                        return end;
                    }
                    continue;
                }
                Ok(None) if handed_over => return TurnEnd::Done,
                Ok(None) => {}
                Err(e) => return broken(incoming, e),
            }
            // No whole frame is buffered: read.
            let Some(stdout) = incoming.stdout.as_mut() else {
                return TurnEnd::Ended;
            };
            match incoming.frames.fill(stdout) {
                Ok(0) => {
                    return match incoming.frames.missing() {
                        Some(missing) => broken(incoming, FrameError::Truncated { missing }),
                        None => TurnEnd::Ended,
                    };
                }
                Ok(_) => waiting_since = None,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if let Some(end) = due(&mut looked) {
                        return end;
                    }
                    let now = Instant::now();
                    if now.duration_since(*waiting_since.get_or_insert(now)) < spin {
                        spin_pause();
                        continue;
                    }
                    let timeout =
                        deadline.map(|d| d.saturating_duration_since(now).min(LOOK_EVERY));
                    // Readable or not, `due` looks again first.
                    if let Err(e) = poll_readable(&*stdout, timeout) {
                        return broken(incoming, FrameError::Io(e));
                    }
                }
                Err(e) => return broken(incoming, FrameError::Io(e)),
            }
        }
    }

    /// Whether request `id`'s answer is in.
    fn is_answered(&self, id: u64) -> bool {
        self.shared().inflight.is_answered(id)
    }

    /// Acts on one frame from the worker.
    fn dispatch(&self, msg: FromWorker, incoming: &mut Incoming) -> Step {
        match msg {
            FromWorker::Hello { version, .. } if version != PROTOCOL_VERSION => {
                incoming.cause = DeathCause::Protocol(format!(
                    "protocol version mismatch: worker speaks v{version}, host speaks v{PROTOCOL_VERSION}"
                ));
                return Step::Stop;
            }
            FromWorker::Hello { .. } => {}
            FromWorker::Ready => self.listening(),
            FromWorker::LoadFailed { message } => incoming.load_failed = Some(message),
            FromWorker::Response { id, .. } if !self.was_sent(id) => {
                incoming.cause = DeathCause::Protocol(format!(
                    "the worker answered request {id}, which was never sent"
                ));
                return Step::Stop;
            }
            FromWorker::Response { id, result } => {
                let waited = self.deliver(id, result.map_err(Error::Remote));
                return Step::Answered { id, waited };
            }
            FromWorker::RunEnded(end) => self.run_ended(end),
            FromWorker::Restarted { count, reason } => self.restarted(count, &reason),
            FromWorker::Log { stream, line } => {
                tracing::info!(target: "remoteobj::guest", object = %self.name, pid = self.pid, stream = stream.as_str(), "{line}");
            }
            FromWorker::Emitted(value) => self.emitted(value),
            FromWorker::Caught { group, error } => self.caught(group, error),
            FromWorker::Stopped { answering } => {
                self.stopped_listening(&answering);
                return Step::Failed;
            }
            FromWorker::Fatal { message } => incoming.cause = DeathCause::Fatal(message),
        }
        Step::Go
    }
}

/// The output cannot be read past `e`.
fn broken(incoming: &mut Incoming, e: FrameError) -> TurnEnd {
    incoming.cause = DeathCause::Protocol(format!("bad frame from the worker: {e}"));
    TurnEnd::Ended
}

/// The reader thread: reads while no caller does, until the output ends;
/// then ends the session.
pub(crate) fn read_loop(session: &Session) {
    let _ = session.reader_thread.set(thread::current());
    loop {
        if session.read_turn(Until::Claimed) == TurnEnd::Ended {
            session.shared().turn.finish();
            break;
        }
        session.end_turn(false);
        if !wait_for_turn(session) {
            break;
        }
    }
    finish(session);
}

/// Waits until the turn has been free for the grace period and takes it;
/// false when the output ended meanwhile.
fn wait_for_turn(session: &Session) -> bool {
    let mut s = session.shared();
    loop {
        let awaited = s.inflight.is_awaited();
        match s.turn.take_for_thread(Instant::now(), awaited) {
            ThreadTurn::Taken => return true,
            ThreadTurn::Finished => return false,
            ThreadTurn::Later(wait) => {
                drop(s);
                thread::park_timeout(wait);
                s = session.shared();
            }
        }
    }
}

/// Reaps the worker whose output ended and records how it ended.
fn finish(session: &Session) {
    let (mut cause, load_failed) = {
        let mut incoming = lock(&session.incoming);
        // Nobody reads any more.
        incoming.close();
        (
            std::mem::replace(&mut incoming.cause, DeathCause::Ended),
            incoming.load_failed.take(),
        )
    };
    // When the host stopped reading (a bad frame, a version it cannot
    // speak), the worker may be alive and waiting: it is killed now.
    // Otherwise it closed its side and is exiting: it gets time to say how.
    let host_gave_up = matches!(cause, DeathCause::Protocol(_));
    let closing = session.shared().life.is_closing();
    let reaped = session.reap(if host_gave_up && !closing {
        Duration::ZERO
    } else {
        EXIT_GRACE
    });
    if reaped.killed && !closing {
        cause = match cause {
            DeathCause::Ended => DeathCause::Killed(KillReason::NoExit(EXIT_GRACE)),
            DeathCause::Fatal(why) => DeathCause::Fatal(format!(
                "{why} (then it did not exit within {EXIT_GRACE:?}, and the host killed it)"
            )),
            other => other,
        };
    }
    let exit = reaped.status.ok().and_then(Exit::from_status);
    let death = match load_failed {
        Some(message) => Error::LoadFailed {
            object: session.name.clone(),
            message,
        },
        None => Error::WorkerDied {
            object: session.name.clone(),
            pid: session.pid,
            cause,
            exit,
            stderr_tail: session.stderr_tail(Duration::from_millis(500)),
        },
    };
    session.ended(death, exit);
}
