//! The wire protocol between a remoteobj host and its worker subprocesses.
//!
//! This crate is data only (serde and the CBOR codec; no threads, no system
//! calls, no wasmtime), so both processes, and anything that wants to speak
//! to a worker, can depend on it:
//!
//! - [`messages`]: *what* is said: the handshake, requests, responses and
//!   control messages;
//! - [`framing`]: *how* it travels: length-prefixed CBOR frames over any
//!   `Read`/`Write`;
//! - [`op`]: the [`Op`]s a path is made of, and the path rules both sides
//!   apply;
//! - [`load`]: what the host sends in [`Load`]: the component and every
//!   setting the worker enforces ([`sandbox`]: grants, limits, restart
//!   policy; [`WaitMode`]);
//! - [`schema`]: what a guest reports through `describe`;
//! - [`depth`]: how deeply a value may be nested ([`MAX_DEPTH`]), and the
//!   bounded decoder both sides use;
//! - [`error`]: errors raised in the guest, with their [`ErrorKind`];
//! - [`env`](mod@env): what is agreed outside the pipe ([`WORKER_ENV`], the default
//!   cache directory).
//!
//! A session is: the worker sends [`FromWorker::Hello`], the host answers
//! [`ToWorker::Hello`] and [`ToWorker::Load`]; the worker loads the component
//! and sends [`FromWorker::Ready`] (or [`FromWorker::LoadFailed`]), then
//! starts the object's own loop, if it has one, and sends
//! [`FromWorker::RunEnded`] when the loop returns (at once for a passive
//! object). From `Ready` on the host sends [`ToWorker::Request`]s tagged with
//! ids, the worker answers each with a [`FromWorker::Response`] carrying the
//! same id, interleaved with [`FromWorker::Log`] lines of guest output. While
//! the loop runs it serves the requests at its cooperative points.
//! [`ToWorker::Stop`] asks the loop to finish; [`ToWorker::Cancel`] withdraws
//! a request the host stopped waiting for. [`ToWorker::Shutdown`] (or end of
//! file on the worker's stdin) ends the session after earlier requests are
//! answered, or drops them ([`Pending`]).

pub mod depth;
pub mod env;
pub mod error;
pub mod frame_buf;
pub mod framing;
pub mod load;
pub mod messages;
pub mod op;
pub mod sandbox;
pub mod schema;

pub use depth::{MAX_DEPTH, decode_error_message, from_cbor};
pub use env::{WORKER_ENV, default_cache_dir};
pub use error::{ErrorKind, RemoteError};
pub use frame_buf::FrameBuf;
pub use framing::{
    DEFAULT_MAX_FRAME, FrameError, decode_body, encode_frame, encode_frame_into, read_frame,
    read_frame_with_limit, write_frame,
};
pub use load::{ComponentSource, DEFAULT_MAX_COMPONENT, DEFAULT_STREAM_CAPACITY, Load, WaitMode};
pub use messages::{
    FromWorker, LogStream, PROTOCOL_VERSION, Pending, Reply, Request, RequestBody, RunEnd, ToWorker,
};
pub use op::{MAX_PATH_LEN, Op, PathError, check_path, path_string, this_path};
pub use sandbox::{DirAccess, DirGrant, Grants, Limits, RestartPolicy};
pub use schema::{
    AttributeInfo, ClassInfo, MethodInfo, ParamInfo, SCHEMA_VERSION, Schema, SchemaError, TypeDesc,
};
