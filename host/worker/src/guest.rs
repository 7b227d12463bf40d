//! The two seams of the serve loop: a loaded [`Guest`], and the [`Loader`]
//! that makes one from a [`Load`] message. The worker plugs in wasmtime
//! ([`crate::loader`], [`crate::instance`]); the serve loop's tests plug in
//! a guest in memory.

use std::sync::Arc;

use remoteobj_protocol::{
    FrameError, FromWorker, Load, LogStream, Op, RemoteError, Reply, RunEnd, Schema,
};

use crate::conn::Conn;

/// A loaded guest object, as the serve loop sees it.
pub(crate) trait Guest {
    /// Resolves a path against the object.
    fn invoke(&mut self, path: Vec<Op>) -> Result<Reply, RemoteError>;
    /// The object's schema (taken once at load time).
    fn schema(&self) -> &Schema;
    /// Moves the guest's captured output lines into `out`.
    fn drain_logs(&mut self, out: &mut Vec<(LogStream, String)>);
    /// Runs the object's own loop, if it has one, until it returns; the loop
    /// serves requests from the [`Conn`] meanwhile. A passive object
    /// returns [`RunEnd::NoLoop`] at once.
    fn run(&mut self) -> RunEnd;
    /// The trap that made the instance unusable, if it trapped.
    fn trap(&self) -> Option<&RemoteError>;
    /// Replaces the trapped instance with a fresh one (the object's state
    /// is lost); the error says why that failed.
    fn restart(&mut self) -> Result<(), String>;
}

/// Turns a [`Load`] message into a running [`Guest`].
pub(crate) trait Loader {
    /// The guest type produced.
    type Guest: Guest;
    /// Loads the component; the error text goes back to the host.
    fn load(&self, load: Load, conn: Arc<Conn>) -> Result<Self::Guest, String>;
}

/// Sends what the guest printed as `Log` frames (`logs` is a buffer kept
/// between calls).
pub(crate) fn forward_logs<G: Guest>(
    conn: &Conn,
    guest: &mut G,
    logs: &mut Vec<(LogStream, String)>,
) -> Result<(), FrameError> {
    guest.drain_logs(logs);
    for (stream, line) in logs.drain(..) {
        conn.send(&FromWorker::Log { stream, line })?;
    }
    Ok(())
}
