//! Errors raised inside the guest, as they travel back to the host: their
//! [`ErrorKind`] (Python's exception classes, plus the traps the worker
//! reports) and the [`RemoteError`] itself.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The class of a guest-side error; mirrors `error-kind` in the WIT, plus
/// the kinds the worker reports itself: [`ErrorKind::Trap`] and the limit
/// kinds when the guest traps, [`ErrorKind::FrameLimit`] when an answer does
/// not fit in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
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
