//! The library's error type: remote errors (raised inside the guest) kept
//! apart from transport, worker-death, timeout and protocol errors; and how
//! a worker died, in a form a caller can match on.

use std::{fmt, sync::Arc, time::Duration};

use remoteobj_protocol::RemoteError;

/// Everything that can go wrong between a proxy call and its answer.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The guest raised an error (or trapped) while resolving the request.
    #[error(transparent)]
    Remote(#[from] RemoteError),
    /// The object is not listening (still starting, closed, or dead) and no
    /// default was given.
    #[error("object `{object}` is not listening: it is {state}")]
    NotListening {
        /// The object's name.
        object: String,
        /// What it is instead.
        state: Unavailable,
    },
    /// The worker process died; pending and later requests fail with this.
    #[error(
        "worker for `{object}` died: pid {pid} {cause}{}{}",
        exit_suffix(.cause, .exit),
        stderr_suffix(.stderr_tail)
    )]
    WorkerDied {
        /// The object's name.
        object: String,
        /// The worker's process id.
        pid: u32,
        /// What happened, as far as the host knows.
        cause: DeathCause,
        /// How the process ended, once it was reaped (`None` when it could
        /// not be waited for, or for a caller that asked while it was being
        /// killed).
        exit: Option<Exit>,
        /// The last lines the worker wrote to its stderr.
        stderr_tail: String,
    },
    /// No answer within the request's timeout. The request is withdrawn:
    /// unless the object took it up before the withdrawal reached the worker
    /// (an active object's loop busy between cooperative points does not),
    /// it never runs; a late answer is discarded. The
    /// object stays usable, unless the host was set to
    /// [`kill_on_timeout`](crate::Host::kill_on_timeout).
    #[error("no answer from `{object}` within {after:?}")]
    Timeout {
        /// The object's name.
        object: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The request was withdrawn before it was answered: the object was
    /// closed with [`Pending::Cancel`](crate::Pending::Cancel), or closed
    /// with requests still unanswered when its grace period ran out.
    #[error("request to `{object}` cancelled: {reason}")]
    Cancelled {
        /// The object's name.
        object: String,
        /// Why.
        reason: String,
    },
    /// [`RemoteObject::join`](crate::RemoteObject::join) on an object that
    /// has no loop of its own (a passive object).
    #[error(
        "object `{object}` has no run loop of its own (it is passive): there is nothing to join"
    )]
    NoRunLoop {
        /// The object's name.
        object: String,
    },
    /// The object's loop did not end within
    /// [`RemoteObject::join_timeout`](crate::RemoteObject::join_timeout)'s
    /// timeout. The loop goes on.
    #[error("the run loop of `{object}` did not end within {after:?}")]
    JoinTimeout {
        /// The object's name.
        object: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The object did not become ready within the start timeout.
    #[error("object `{object}` did not start listening within {after:?}")]
    StartTimeout {
        /// The object's name.
        object: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The worker could not load the guest component.
    #[error("worker for `{object}` could not load its component: {message}")]
    LoadFailed {
        /// The object's name.
        object: String,
        /// The worker's explanation.
        message: String,
    },
    /// The worker process could not be started.
    #[error("could not start a worker with `{program}`: {reason}")]
    Spawn {
        /// The program that was run.
        program: String,
        /// What failed.
        reason: String,
        /// The operating system's error, when there was one.
        #[source]
        source: Option<Arc<std::io::Error>>,
    },
    /// The peer broke the protocol (bad frame, version mismatch, ...).
    #[error("protocol error: {0}")]
    Protocol(String),
    /// The object already has as many requests in flight as
    /// [`Host::max_pending`](crate::Host::max_pending) allows; this one was
    /// not sent. Nothing is lost: retry once some are answered.
    #[error("object `{object}` already has {limit} requests in flight (Host::max_pending)")]
    TooManyPending {
        /// The object's name.
        object: String,
        /// The limit.
        limit: usize,
    },
    /// A request is larger than the frame limit
    /// ([`Host::max_frame`](crate::Host::max_frame)); it was not sent.
    #[error("{what} is {len} bytes, over the frame limit of {max} bytes")]
    FrameTooLarge {
        /// What was too large.
        what: String,
        /// Its encoded size.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A host-side value could not be encoded as CBOR.
    #[error("cannot encode value: {0}")]
    Encode(String),
    /// A result could not be decoded into the requested type.
    #[error("cannot decode the result as {expected}: {message}")]
    Decode {
        /// The Rust type that was asked for.
        expected: &'static str,
        /// What did not fit.
        message: String,
    },
    /// A method returned the object itself where a value was expected; use
    /// [`Proxy::call_chain`](crate::Proxy::call_chain) for such methods.
    #[error("`{path}` returned the object itself, not a value; use call_chain() to chain on it")]
    ReturnedSelf {
        /// The path that was called.
        path: String,
    },
    /// [`Proxy::call_chain`](crate::Proxy::call_chain) was used on a method
    /// that returned a value rather than the object itself.
    #[error("`{path}` returned a value, not the object itself")]
    NotSelf {
        /// The path that was called.
        path: String,
    },
    /// A path that cannot be sent (for example an op after a mutating op).
    #[error("invalid path `{path}`: {message}")]
    InvalidPath {
        /// The path as built so far.
        path: String,
        /// What is wrong with it.
        message: String,
    },
}

/// How a worker process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Exit {
    /// It exited with this code.
    Code(i32),
    /// A signal ended it (`9` is `SIGKILL`: killed by the host, the system,
    /// or someone else).
    Signal(i32),
}

impl Exit {
    /// From the status the process was reaped with.
    pub(crate) fn from_status(status: std::process::ExitStatus) -> Option<Self> {
        use std::os::unix::process::ExitStatusExt;
        match (status.code(), status.signal()) {
            (Some(code), _) => Some(Exit::Code(code)),
            (None, Some(signal)) => Some(Exit::Signal(signal)),
            (None, None) => None,
        }
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Exit::Code(code) => write!(f, "exited with code {code}"),
            Exit::Signal(signal) => {
                write!(f, "was killed by signal {signal}")?;
                match signal_name(signal) {
                    Some(name) => write!(f, " ({name})"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The usual name of a signal that ends processes (Linux numbering).
fn signal_name(signal: i32) -> Option<&'static str> {
    Some(match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => return None,
    })
}

/// What made a worker die, as far as the host knows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeathCause {
    /// It ended without saying why: it crashed, exited, or was killed from
    /// outside. [`Error::WorkerDied::exit`] says how.
    Ended,
    /// The worker gave up and said why before it ended (for example a
    /// guest stuck in a host call past its time limit).
    Fatal(String),
    /// The worker broke the protocol (a bad frame, a version the host does
    /// not speak, an answer to a request never sent): the host stopped
    /// reading and made sure it ended.
    Protocol(String),
    /// The host killed it, for this reason.
    Killed(KillReason),
}

impl fmt::Display for DeathCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The exit says it all.
            DeathCause::Ended => Ok(()),
            DeathCause::Fatal(why) => write!(f, "gave up: {why}"),
            DeathCause::Protocol(why) => write!(f, "broke the protocol: {why}"),
            DeathCause::Killed(reason) => write!(f, "was killed by the host: {reason}"),
        }
    }
}

/// Why the host killed a worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KillReason {
    /// [`RemoteObject::kill`](crate::RemoteObject::kill) was called.
    Requested,
    /// A request got no answer within this timeout, and the host was set to
    /// [`kill_on_timeout`](crate::Host::kill_on_timeout).
    Timeout(Duration),
    /// A request could not be written within this timeout (other frames
    /// held the pipe), and the host was set to `kill_on_timeout`.
    SendTimeout(Duration),
    /// It stopped reading its input: no byte of a frame could be written
    /// for this long (or part of a frame went out, which leaves its input
    /// corrupt).
    StoppedReading(Duration),
    /// It closed its output (its session ended) but did not exit within
    /// this long.
    NoExit(Duration),
}

impl fmt::Display for KillReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KillReason::Requested => f.write_str("RemoteObject::kill was called"),
            KillReason::Timeout(t) => write!(
                f,
                "a request got no answer within {t:?} (Host::kill_on_timeout)"
            ),
            KillReason::SendTimeout(t) => write!(
                f,
                "a request could not be sent within {t:?} (Host::kill_on_timeout)"
            ),
            KillReason::StoppedReading(t) => write!(
                f,
                "it stopped reading its input (no byte of a frame could be written for {t:?})"
            ),
            KillReason::NoExit(t) => {
                write!(f, "it closed its output but did not exit within {t:?}")
            }
        }
    }
}

/// What an object that cannot answer is instead of listening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unavailable {
    /// Its component is still loading.
    Starting,
    /// It ended its listening by itself (Python remoteobj's remote side
    /// leaving its `with obj.remote:` block).
    Stopped,
    /// It was closed.
    Closed,
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unavailable::Starting => "starting (not listening yet)",
            Unavailable::Stopped => "no longer listening (it stopped by itself)",
            Unavailable::Closed => "closed",
        })
    }
}

/// The exit, after a cause that does not already say it.
fn exit_suffix(cause: &DeathCause, exit: &Option<Exit>) -> String {
    match (cause, exit) {
        (DeathCause::Ended, Some(exit)) => exit.to_string(),
        (DeathCause::Ended, None) => "ended (its exit status is unknown)".into(),
        (_, Some(exit)) => format!(" (the worker {exit})"),
        (_, None) => String::new(),
    }
}

fn stderr_suffix(tail: &str) -> String {
    if tail.is_empty() {
        String::new()
    } else {
        format!("\n--- worker stderr (tail) ---\n{tail}")
    }
}

impl Error {
    /// An [`Error::Spawn`] without an operating system error.
    pub(crate) fn spawn(program: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Spawn {
            program: program.into(),
            reason: reason.into(),
            source: None,
        }
    }

    /// An [`Error::Spawn`] for an operating system error while `doing`
    /// (kept as the source, not repeated in the message).
    pub(crate) fn spawn_io(program: impl Into<String>, doing: &str, e: std::io::Error) -> Self {
        Error::Spawn {
            program: program.into(),
            reason: doing.into(),
            source: Some(Arc::new(e)),
        }
    }

    /// The operating system's error behind an [`Error::Spawn`], if there
    /// was one (also this error's [`source`](std::error::Error::source)).
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match self {
            Error::Spawn {
                source: Some(e), ..
            } => Some(e),
            _ => None,
        }
    }

    /// The remote error, if this is one.
    pub fn remote(&self) -> Option<&RemoteError> {
        match self {
            Error::Remote(r) => Some(r),
            _ => None,
        }
    }

    /// True when the object was not there to answer (not listening yet or
    /// any more, its worker died, its component never loaded, or the request
    /// was cancelled by closing it): the cases where a resolve with a default
    /// returns the default.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            Error::NotListening { .. }
                | Error::WorkerDied { .. }
                | Error::LoadFailed { .. }
                | Error::Cancelled { .. }
        )
    }
}
