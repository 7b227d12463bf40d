//! The wire protocol between a host and its worker subprocesses.
//!
//! Two concerns, two files: [`messages`] says *what* is said (the request,
//! response and handshake enums), [`framing`] says *how* it travels
//! (length-prefixed CBOR frames over any `Read`/`Write`).
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

pub mod framing;
pub mod messages;

pub use framing::{
    DEFAULT_MAX_FRAME, FrameError, encode_frame, read_frame, read_frame_with_limit, write_frame,
};
pub use messages::{
    ComponentSource, FromWorker, Load, LogStream, Op, PROTOCOL_VERSION, Pending, Reply, Request,
    RequestBody, RunEnd, ToWorker,
};
