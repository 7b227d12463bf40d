//! The sandbox flags `call` takes: grants and limits for its object.

use std::{path::PathBuf, time::Duration};

use anyhow::{Result, bail};
use clap::Args;
use remoteobj_host::{DirAccess, Host};

/// What the object may reach and use. Nothing is granted unless asked for.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Grant a host directory: HOST:GUEST (read-only) or HOST:GUEST:rw.
    #[arg(long = "dir", value_name = "HOST:GUEST[:rw]")]
    dirs: Vec<String>,
    /// Grant an environment variable: NAME=VALUE.
    #[arg(long = "env", value_name = "NAME=VALUE")]
    env: Vec<String>,
    /// Give the guest a command-line argument (repeat for more).
    #[arg(long = "arg", value_name = "ARG", allow_hyphen_values = true)]
    args: Vec<String>,
    /// Largest size of the guest's linear memory, in MiB [default: 256].
    #[arg(long, value_name = "MIB")]
    memory: Option<u64>,
    /// Longest a request may run guest code, in milliseconds [default: 10000].
    #[arg(long, value_name = "MS")]
    call_time: Option<u64>,
    /// Fuel (instructions) each request may use [default: unmetered].
    #[arg(long, value_name = "UNITS")]
    fuel: Option<u64>,
}

impl SandboxArgs {
    /// `host` with these grants and limits.
    pub fn apply(&self, mut host: Host) -> Result<Host> {
        for dir in &self.dirs {
            let parts: Vec<&str> = dir.split(':').collect();
            let (path, guest, access) = match parts.as_slice() {
                [path, guest] => (path, guest, DirAccess::ReadOnly),
                [path, guest, "rw"] => (path, guest, DirAccess::ReadWrite),
                [path, guest, "ro"] => (path, guest, DirAccess::ReadOnly),
                _ => bail!("--dir {dir}: expected HOST:GUEST or HOST:GUEST:rw"),
            };
            host = host.grant_dir(PathBuf::from(path), *guest, access);
        }
        for var in &self.env {
            let Some((name, value)) = var.split_once('=') else {
                bail!("--env {var}: expected NAME=VALUE");
            };
            host = host.grant_env(name, value);
        }
        host = host.args(self.args.iter().cloned());
        if let Some(mib) = self.memory {
            host = host.memory_limit(mib.saturating_mul(1024 * 1024));
        }
        if let Some(ms) = self.call_time {
            host = host.call_time_limit(Duration::from_millis(ms));
        }
        Ok(host.fuel(self.fuel))
    }
}
