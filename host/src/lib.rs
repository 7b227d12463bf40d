//! remoteobj host library: run objects inside WebAssembly sandboxes, one
//! worker subprocess each, and drive them through proxies.
//!
//! ```no_run
//! use remoteobj_host::{Args, ComponentSource, Host};
//!
//! fn main() -> Result<(), remoteobj_host::Error> {
//!     // A program that spawns workers re-runs itself as the worker.
//!     remoteobj_host::worker::main_if_worker();
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
//! [`protocol`] is the wire format and [`worker`] the subprocess side.

#![warn(missing_docs)]

mod batch;
mod cache;
mod error;
mod host;
mod object;
mod pipe;
mod pool;
pub mod protocol;
mod proxy;
mod sandbox;
mod schema;
mod spawn;
mod sync;
pub mod value;
mod wait;
pub mod worker;

pub use batch::Batch;
pub use cache::{CacheEntry, CacheError, CompileCache};
pub use error::{Error, ErrorKind, RemoteError};
pub use host::Host;
pub use object::RemoteObject;
pub use pool::WorkerPool;
pub use protocol::{ComponentSource, Pending};
pub use proxy::{Args, IntoArgs, PendingReply, Proxy, Resolved};
pub use sandbox::{DirAccess, DirGrant, Grants, Limits, RestartPolicy};
pub use schema::{AttributeInfo, MethodInfo, ParamInfo, Schema};
pub use spawn::WorkerCommand;
pub use value::Value;
pub use wait::WaitMode;
