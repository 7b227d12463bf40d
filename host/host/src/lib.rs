//! remoteobj host library: run objects inside WebAssembly sandboxes, one
//! worker subprocess each, and drive them through proxies.
//!
//! This crate is the host process's side; the worker process's is
//! `remoteobj-worker` (this crate re-runs the host's own executable as the
//! worker: see [`main_if_worker`]), and what travels between them is
//! `remoteobj-protocol`, whose settings and schema types are re-exported
//! here.
//!
//! ```no_run
//! use remoteobj_host::{Args, ComponentSource, Host};
//!
//! fn main() -> Result<(), remoteobj_host::Error> {
//!     // A program that spawns workers re-runs itself as the worker.
//!     remoteobj_host::main_if_worker();
//!
//!     let obj = Host::new().spawn(ComponentSource::file("counter.wasm"))?;
//!     let r = obj.proxy();
//!     r.attr("inc").call::<()>(())?;                        // obj.inc()
//!     r.attrs(&["another.append"]).call::<()>((6,))?;       // obj.another.append(6)
//!     let first: i64 = r.attr("another").item(0).get()?;    // obj.another[0]
//!     r.set_attr("x", 10)?;                                 // obj.x = 10
//!     r.attr("toggle").call::<()>(Args::new().kwarg("state", true))?;
//!     let x = r.attr("chain").call_chain(())?.attr("x").get::<i64>()?;
//!     # let _ = (first, x);
//!     Ok(())
//! }
//! ```
//!
//! The pieces: [`Host`] starts objects; [`RemoteObject`] is one live object
//! (its worker is reaped when it is closed or dropped); [`Proxy`] builds paths
//! and sends them; [`Error`] separates errors raised in the guest
//! ([`RemoteError`]) from transport, death, timeout and protocol failures.
//! [`Grants`], [`Limits`] and [`RestartPolicy`] say what an object may reach,
//! what it may consume, and what happens when it traps.
//! [`PendingReply`] and [`Batch`] keep many requests in flight or send
//! several in one frame; [`WorkerPool`] starts workers ahead of time;
//! [`WaitMode`] trades CPU for latency.
//! [`main_if_worker`] (or [`run_worker`], for a worker program of your own)
//! is the worker side, and [`CompileCache`] the compiled-code cache it keeps
//! (both behind the default feature `worker`).
//!
//! [`typed`] holds what typed clients are built on: a guest crate compiled
//! for the host gives each `#[remote]` type a client with methods of its
//! own names and types (`CounterClient::spawn(&host, source)?.inc()?`).
//! The proxy's requests also have async forms (`get_async`, `call_async`,
//! ...; a [`PendingReply`] is `IntoFuture`), for any async runtime: the
//! thread that reads a worker's output wakes the tasks whose answers came.

mod alarm;
mod args;
mod asynchronous;
mod awaiting;
mod batch;
mod caught;
mod depth;
mod error;
mod host;
mod inflight;
mod lifecycle;
mod object;
mod off_thread;
mod path;
mod pending;
mod pool;
mod process;
mod proxy;
mod reader;
mod requests;
mod session;
mod settings;
mod spawn;
mod starter;
mod stderr;
mod stream;
mod turn;
pub mod typed;
pub mod value;
mod writer;

pub use args::{Args, IntoArgs};
pub use batch::Batch;
pub use caught::{CaughtError, CaughtErrors, MAX_CAUGHT};
pub use error::{DeathCause, Error, Exit, KillReason, Unavailable};
pub use host::Host;
pub use object::RemoteObject;
pub use pending::{PendingReply, ReplyFuture};
pub use pool::{LoadedPool, WorkerPool};
pub use proxy::{Proxy, Resolved};
pub use remoteobj_protocol::WORKER_ENV;
pub use remoteobj_protocol::{
    AttributeInfo, ClassInfo, ComponentSource, DEFAULT_MAX_COMPONENT, DirAccess, DirGrant,
    ErrorKind, Grants, Limits, MAX_DEPTH, MAX_PATH_LEN, MethodInfo, ParamInfo, Pending,
    RemoteError, RestartPolicy, SCHEMA_VERSION, Schema, SchemaError, TypeDesc, WaitMode,
};
#[cfg(feature = "worker")]
pub use remoteobj_worker::{CacheEntry, CacheError, CompileCache, SourceError, main_if_worker};
pub use spawn::WorkerCommand;
pub use stream::Stream;
pub use value::Value;

/// serde, for the typed clients generated code writes (its bounds).
#[doc(hidden)]
pub use serde as __serde;

/// Serves one worker session on this process's stdin/stdout and returns
/// the exit code: for a program that is only a worker (named with
/// [`WorkerCommand::program`]), where [`main_if_worker`] would check
/// [`WORKER_ENV`] first.
#[cfg(feature = "worker")]
pub fn run_worker() -> i32 {
    remoteobj_worker::run()
}
