//! The messages of the host ↔ worker protocol.
//!
//! Values inside messages (arguments, keys, results) are carried as CBOR byte
//! strings that are already encoded, so the worker hands them to the guest
//! without decoding them, and the host decodes results straight into the
//! caller's type.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::error::RemoteError;
use crate::sandbox::{Grants, Limits, RestartPolicy};
use crate::schema::Schema;
use crate::wait::WaitMode;

/// The protocol version both sides announce in their `Hello`. A host and a
/// worker with different versions refuse to talk.
pub const PROTOCOL_VERSION: u32 = 4;

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
    /// are written together once the last is ready.
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
}

/// What happens to requests already sent when an object is closed (the seed's
/// `fulfill_final`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Pending {
    /// They are answered before the worker exits (within the close grace
    /// period; the host cancels whatever is left when it ends).
    #[default]
    Fulfill,
    /// They fail at once with [`Error::Cancelled`](crate::Error::Cancelled),
    /// and the worker drops those it has not started.
    Cancel,
}

/// What a worker should run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Load {
    /// The object's name, used to tag its log lines.
    pub name: String,
    /// The component itself.
    pub component: ComponentSource,
    /// The largest frame either side may send from now on; the host's
    /// setting, so both ends of the pipe enforce the same limit.
    pub max_frame: u64,
    /// What the guest may reach (nothing unless granted).
    pub grants: Grants,
    /// What the guest may consume.
    pub limits: Limits,
    /// What happens when the guest traps.
    pub restart: RestartPolicy,
    /// The compiled-code cache to load the component from and store it in
    /// ([`CompileCache`](crate::CompileCache)); `None` compiles every time.
    pub cache: Option<PathBuf>,
    /// How the worker waits for the host's messages.
    pub wait: WaitMode,
}

/// Where a worker finds the guest component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComponentSource {
    /// A `.wasm` component file, read by the worker.
    Path(PathBuf),
    /// The component's bytes, sent over the pipe.
    Bytes(ByteBuf),
}

impl ComponentSource {
    /// A component file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        ComponentSource::Path(path.into())
    }

    /// A component's bytes (for example embedded with `include_bytes!`).
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        ComponentSource::Bytes(ByteBuf::from(bytes.into()))
    }

    /// A short name for the object: the file stem, or `object`.
    pub fn default_name(&self) -> String {
        match self {
            ComponentSource::Path(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "object".into()),
            ComponentSource::Bytes(_) => "object".into(),
        }
    }
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

/// One link of a path; mirrors `op` in `wit/remoteobj.wit`. Values are CBOR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// `obj.name`
    GetAttr(String),
    /// `obj[key]`
    GetItem(ByteBuf),
    /// `obj(*args, **kwargs)`
    Call {
        /// Positional arguments.
        args: Vec<ByteBuf>,
        /// Named arguments, in order.
        kwargs: Vec<(String, ByteBuf)>,
    },
    /// `obj.name = value`
    SetAttr(String, ByteBuf),
    /// `obj[key] = value`
    SetItem(ByteBuf, ByteBuf),
    /// `del obj.name`
    DelAttr(String),
    /// `del obj[key]`
    DelItem(ByteBuf),
    /// `len(obj)`
    Len,
    /// `key in obj`
    Contains(ByteBuf),
    /// `super(type(obj), obj)`
    Super,
    /// `passto(func, obj, *args, **kwargs)`: a function the guest answers.
    PassTo {
        /// The function's name (`str`, `repr`, `list`, `hasattr`, `dir`, or
        /// one the guest exported).
        func: String,
        /// Positional arguments after the object.
        args: Vec<ByteBuf>,
        /// Named arguments.
        kwargs: Vec<(String, ByteBuf)>,
    },
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
