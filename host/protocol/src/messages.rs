//! The messages of the host ↔ worker protocol.
//!
//! Values inside messages (arguments, keys, results) are carried as CBOR byte
//! strings that are already encoded, so the worker hands them to the guest
//! without decoding them, and the host decodes results straight into the
//! caller's type.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::error::RemoteError;
use crate::load::Load;
use crate::op::Op;
use crate::schema::Schema;

/// The protocol version both sides announce in their `Hello`. A host and a
/// worker with different versions refuse to talk.
pub const PROTOCOL_VERSION: u32 = 6;

/// A message from the host to a worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// The host's half of the handshake.
    Hello {
        /// The host's [`PROTOCOL_VERSION`].
        version: u32,
    },
    /// Load this component and start serving it.
    Load(Box<Load>),
    /// Resolve a path (or describe) and answer with the same id.
    Request(Request),
    /// Several requests in one frame (a batch): each is run in order and
    /// answered with its own id, so an error stays with its op. The answers
    /// are written a few kilobytes at a time (so the host decodes the first
    /// while the guest resolves the rest), the last when it is ready.
    Batch(Vec<Request>),
    /// A request nobody waits for (fire-and-forget): run like any other,
    /// answered only if it fails (the host logs that answer).
    Post(Request),
    /// Ask the object's own loop to finish: `should-stop` turns true. The
    /// object keeps answering requests afterwards.
    Stop,
    /// The host gave up waiting for this request (it timed out): if the
    /// worker has not started it yet, it is dropped and never runs.
    Cancel {
        /// The request's id.
        id: u64,
    },
    /// End the session: the loop is asked to stop, requests already sent
    /// are answered or dropped as [`Pending`] says, then the worker exits.
    Shutdown(Pending),
    /// The host took this many of the loop's values off its stream
    /// ([`FromWorker::Emitted`]): the loop may send as many more.
    Credit(u32),
}

impl ToWorker {
    /// The message's name, for errors (`Request`, `Shutdown`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            ToWorker::Hello { .. } => "Hello",
            ToWorker::Load(_) => "Load",
            ToWorker::Request(_) => "Request",
            ToWorker::Batch(_) => "Batch",
            ToWorker::Post(_) => "Post",
            ToWorker::Stop => "Stop",
            ToWorker::Cancel { .. } => "Cancel",
            ToWorker::Shutdown(_) => "Shutdown",
            ToWorker::Credit(_) => "Credit",
        }
    }
}

/// What happens to requests already sent when an object is closed (Python remoteobj's
/// `fulfill_final`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Pending {
    /// They are answered before the worker exits (within the close grace
    /// period; the host cancels whatever is left when it ends).
    #[default]
    Fulfill,
    /// They fail at once with the host's `Error::Cancelled`,
    /// and the worker drops those it has not started.
    Cancel,
}

/// One request: an id chosen by the host and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Echoed in the response so concurrent callers get their own answers.
    pub id: u64,
    /// What to do.
    pub body: RequestBody,
}

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RequestBody {
    /// Resolve this path of ops against the object (one round trip for the
    /// whole chain).
    Invoke(Vec<Op>),
    /// Report the object's schema.
    Describe,
}

/// A message from a worker to the host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker's half of the handshake, sent first.
    Hello {
        /// The worker's [`PROTOCOL_VERSION`].
        version: u32,
        /// The worker's process id.
        pid: u32,
    },
    /// The component is loaded: the object is listening.
    Ready,
    /// The component could not be loaded; the worker exits.
    LoadFailed {
        /// Why.
        message: String,
    },
    /// The answer to the request with this id.
    Response {
        /// The request's id.
        id: u64,
        /// The value, or the error raised in the guest.
        result: Result<Reply, RemoteError>,
    },
    /// The object's own loop ended (sent once per instance: after `Ready`,
    /// and again after each `Restarted`; at once for a passive object, which
    /// has no loop).
    RunEnded(RunEnd),
    /// The guest trapped and, as the restart policy allows, the worker made
    /// a fresh instance: the object's state is lost. Its loop runs again
    /// (an active object's ends when it returns, at once if the host asked
    /// it to stop before; a passive object's at once), and another
    /// `RunEnded` follows.
    Restarted {
        /// Restarts so far, this one included.
        count: u32,
        /// The trap that made the restart necessary.
        reason: String,
    },
    /// One line the guest wrote to its stdout or stderr.
    Log {
        /// Which stream.
        stream: LogStream,
        /// The line, without its newline.
        line: String,
    },
    /// A value the object's loop emitted to its stream (see
    /// [`ToWorker::Credit`]): never more at a time than the host's
    /// [`Load::stream_capacity`] allows.
    Emitted(ByteBuf),
    /// An error the guest recorded under a group name and went on
    /// (Python remoteobj's `Except`).
    Caught {
        /// The group.
        group: String,
        /// The error.
        error: RemoteError,
    },
    /// The object ended its listening by itself: requests the host sent
    /// and the worker did not take fail as cancelled on the host's side,
    /// except those listed, which the worker still answers. No request is
    /// taken afterwards; the worker exits once the guest's running export
    /// returns (after `RunEnded`, for a loop).
    Stopped {
        /// Requests the worker still answers.
        answering: Vec<u64>,
    },
    /// The worker hit an unrecoverable protocol problem and exits.
    Fatal {
        /// Why.
        message: String,
    },
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// A CBOR value.
    Value(ByteBuf),
    /// The method returned the object it was called on.
    This,
    /// The object's schema (answer to [`RequestBody::Describe`]).
    Schema(Schema),
}

/// How an object's own loop ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RunEnd {
    /// The object has no loop (a passive object).
    NoLoop,
    /// The loop returned this CBOR value.
    Returned(ByteBuf),
    /// The loop failed with this error, or trapped.
    Failed(RemoteError),
}

/// The guest output stream a log line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogStream {
    /// The guest's stdout.
    Stdout,
    /// The guest's stderr.
    Stderr,
}

impl LogStream {
    /// `"stdout"` or `"stderr"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogStream::Stdout => "stdout",
            LogStream::Stderr => "stderr",
        }
    }
}
