//! `remoteobj demo`: the examples of Python remoteobj's README on guests built into the
//! binary. [`basic`] drives a passive object (Python remoteobj's basic usage);
//! [`active`] runs Python remoteobj's Full Example, an object with its own loop that
//! the host toggles while it runs.
//!
//! Every step checks what it sees; a wrong answer ends the demo with a
//! non-zero exit code.

mod active;
mod basic;

use std::process::ExitCode;

use anyhow::Result;

/// Runs both parts of the demo.
pub fn run() -> Result<ExitCode> {
    basic::run()?;
    println!();
    active::run()?;
    Ok(ExitCode::SUCCESS)
}
