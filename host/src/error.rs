//! The library's error type: remote errors (raised inside the guest) kept
//! apart from transport, worker-death, timeout and protocol errors.

use std::{fmt, time::Duration};

use serde::{Deserialize, Serialize};

/// Everything that can go wrong between a proxy call and its answer.
#[derive(Debug, Clone, thiserror::Error)]
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
        /// What it is instead (`starting`, `closed`, or how it died).
        state: String,
    },
    /// The worker process died; pending and later requests fail with this.
    #[error("worker for `{object}` died: {how}{}", stderr_suffix(.stderr_tail))]
    WorkerDied {
        /// The object's name.
        object: String,
        /// How it died: exit code, signal, or protocol failure.
        how: String,
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
    #[error("could not start a worker with `{program}`: {message}")]
    Spawn {
        /// The program that was run.
        program: String,
        /// The operating system's explanation.
        message: String,
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

fn stderr_suffix(tail: &str) -> String {
    if tail.is_empty() {
        String::new()
    } else {
        format!("\n--- worker stderr (tail) ---\n{tail}")
    }
}

impl Error {
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

/// The class of a guest-side error; mirrors `error-kind` in the WIT, plus
/// the kinds the worker reports itself: [`ErrorKind::Trap`] and the limit
/// kinds when the guest traps, [`ErrorKind::FrameLimit`] when an answer does
/// not fit in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorKind {
    /// No such attribute or method.
    Attribute,
    /// No such key.
    Key,
    /// Index out of range.
    Index,
    /// Wrong type.
    Type,
    /// Unacceptable value.
    Value,
    /// Not callable.
    NotCallable,
    /// Operation not supported by the object.
    Unsupported,
    /// The object's own code failed.
    Runtime,
    /// The request was malformed.
    InvalidRequest,
    /// The guest trapped (panic, `unreachable`, ...); the instance is
    /// unusable afterwards (see [`RestartPolicy`](crate::RestartPolicy)).
    Trap,
    /// The guest tried to grow a memory or table past
    /// [`Limits::memory`](crate::Limits::memory) or
    /// [`Limits::table_elements`](crate::Limits::table_elements); a trap.
    MemoryLimit,
    /// A request ran longer than [`Limits::call_time`](crate::Limits::call_time),
    /// or an active object's loop longer than
    /// [`Limits::loop_slice`](crate::Limits::loop_slice) without serving
    /// requests; a trap.
    TimeLimit,
    /// The request used up its [`Limits::fuel`](crate::Limits::fuel); a trap.
    FuelExhausted,
    /// The answer was larger than the frame limit and was not sent; the
    /// object lives on.
    FrameLimit,
}

impl ErrorKind {
    /// The Python-style name of the kind (`AttributeError`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Attribute => "AttributeError",
            ErrorKind::Key => "KeyError",
            ErrorKind::Index => "IndexError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Value => "ValueError",
            ErrorKind::NotCallable => "NotCallableError",
            ErrorKind::Unsupported => "UnsupportedError",
            ErrorKind::Runtime => "RuntimeError",
            ErrorKind::InvalidRequest => "InvalidRequestError",
            ErrorKind::Trap => "Trap",
            ErrorKind::MemoryLimit => "MemoryLimitExceeded",
            ErrorKind::TimeLimit => "TimeLimitExceeded",
            ErrorKind::FuelExhausted => "FuelExhausted",
            ErrorKind::FrameLimit => "FrameLimitExceeded",
        }
    }

    /// Whether the guest trapped: the instance that raised it cannot be
    /// used again (it is restarted or dead, as the object's
    /// [`RestartPolicy`](crate::RestartPolicy) says).
    pub fn is_trap(self) -> bool {
        matches!(
            self,
            ErrorKind::Trap
                | ErrorKind::MemoryLimit
                | ErrorKind::TimeLimit
                | ErrorKind::FuelExhausted
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An error raised inside the guest, as it came back over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteError {
    /// Its class.
    pub kind: ErrorKind,
    /// The guest-side type concerned.
    pub type_name: String,
    /// The guest's message.
    pub message: String,
    /// Guest-side trace, innermost frame first.
    pub trace: Vec<String>,
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.kind, self.type_name, self.message)?;
        for frame in &self.trace {
            write!(f, "\n    at {frame}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RemoteError {}
