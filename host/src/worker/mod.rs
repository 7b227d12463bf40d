//! The worker side: what runs inside the subprocess the host starts.
//!
//! A program becomes able to act as a worker by calling [`main_if_worker`]
//! first thing in `main` (the way Python's multiprocessing re-runs the
//! current program): when the host starts it with the [`WORKER_ENV`]
//! variable set, the call serves the protocol on stdin/stdout and exits;
//! otherwise it returns at once. The `remoteobj` binary also has a hidden
//! `worker` subcommand that calls [`run`].

// Generated from the WIT; its documentation is the WIT's.
#[allow(missing_docs)]
pub mod bindings;
pub mod conn;
mod inbox;
mod limits;
pub mod output;
pub mod runtime;
pub mod serve;
mod wit_convert;

use std::{fs::File, os::fd::AsFd};

use crate::protocol::DEFAULT_MAX_FRAME;

/// The environment variable that tells a program it was started as a worker.
pub const WORKER_ENV: &str = "REMOTEOBJ_WORKER";

/// If this process was started as a worker, serves and exits; otherwise
/// returns immediately. Call it first thing in `main`.
pub fn main_if_worker() {
    if std::env::var_os(WORKER_ENV).is_some() {
        std::process::exit(run());
    }
}

/// Serves one worker session on stdin/stdout; returns the exit code.
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
    let loader = match runtime::WasmtimeLoader::new() {
        Ok(loader) => loader,
        Err(e) => {
            eprintln!("remoteobj worker: {e}");
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
    match serve::serve(conn, &loader, std::process::id()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("remoteobj worker: {e}");
            1
        }
    }
}

fn take_stdio() -> std::io::Result<(File, File)> {
    let input = File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
    let output = File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    // SAFETY: dup2 on valid descriptors has no memory-safety preconditions.
    if unsafe { libc::dup2(2, 1) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((input, output))
}
