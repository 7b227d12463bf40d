//! The remoteobj worker: what runs inside the subprocess a host starts for
//! each object. It serves the protocol of `remoteobj-protocol` on its
//! stdin/stdout and runs the object, a wasm component, in wasmtime.
//!
//! A program becomes able to act as a worker by calling [`main_if_worker`]
//! first thing in `main` (the way Python's multiprocessing re-runs the
//! current program): when the host starts it with the [`WORKER_ENV`]
//! variable set, the call serves one session and exits; otherwise it
//! returns at once. The `remoteobj` program also has a hidden `worker`
//! subcommand that calls [`run`]. Host programs reach both through
//! `remoteobj-host`, which re-exports them.
//!
//! Everything else is private to the worker process. How it is built, file
//! by file: the connection (`conn` over the `inbox`, with `control`
//! messages acted on as they arrive), the serve loop (`serve`, restarts in
//! `restart`) and the one `dispatch`er every request goes through,
//! wasmtime (`loader`, `engine`, `source`, `component`, `instance`, the
//! sandbox in `wasi`, the `host` import in `import`), the limits
//! (`limits`, `slice`, `ticker`), guest output (`output`) and the
//! compiled-code `cache` (public: the `remoteobj` program lists and
//! clears it; [`SourceError`], what reading a component can fail with, is
//! public for its sake).

// Generated from the WIT; its documentation is the WIT's.
#[allow(missing_docs)]
mod bindings;
pub mod cache;
mod component;
mod conn;
mod control;
mod dispatch;
mod engine;
mod file_index;
mod guest;
mod import;
mod inbox;
mod instance;
mod limits;
mod loader;
mod output;
mod restart;
mod serve;
mod slice;
mod source;
#[cfg(test)]
mod testing;
mod ticker;
mod wasi;
mod wit_convert;

use std::{fs::File, os::fd::AsFd};

use remoteobj_protocol::DEFAULT_MAX_FRAME;

pub use cache::{CacheEntry, CacheError, CompileCache};
pub use source::SourceError;

pub use remoteobj_protocol::WORKER_ENV;

/// If this process was started as a worker, serves and exits; otherwise
/// returns immediately. Call it first thing in `main`.
pub fn main_if_worker() {
    if std::env::var_os(WORKER_ENV).is_some() {
        std::process::exit(run());
    }
}

/// Serves one worker session on stdin/stdout; returns the exit code (0
/// after a clean shutdown, 1 when the session broke, 2 when it could not
/// start).
///
/// The protocol owns fd 0 and fd 1. Fd 1 is then pointed at stderr, so that
/// nothing printed by accident can corrupt a frame.
pub fn run() -> i32 {
    let (input, output) = match take_stdio() {
        Ok(pair) => pair,
        Err(e) => {
            eprintln!("remoteobj worker: cannot take over stdin/stdout: {e}");
            return 2;
        }
    };
    let conn = match conn::Conn::over_pipe(input, output, DEFAULT_MAX_FRAME) {
        Ok(conn) => conn,
        Err(e) => {
            eprintln!("remoteobj worker: cannot read stdin: {e}");
            return 2;
        }
    };
    match serve::serve(conn, &loader::WasmtimeLoader, std::process::id()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("remoteobj worker: {e}");
            1
        }
    }
}

/// Takes fd 0 and fd 1 for the protocol, and points fd 1 at stderr.
fn take_stdio() -> std::io::Result<(File, File)> {
    let input = File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
    let output = File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    rustix::stdio::dup2_stdout(std::io::stderr())?;
    Ok((input, output))
}
