//! What an object may reach and use: the capabilities the host grants it
//! ([`Grants`], nothing by default), the bounds on what it may consume
//! ([`Limits`]), and what happens when it traps ([`RestartPolicy`]).
//!
//! All three travel to the worker in the [`Load`](crate::Load)
//! message and are enforced there, by wasmtime and the WASI context the
//! worker builds. The host's `Host` has a builder method for each.

use std::{path::PathBuf, time::Duration};

use serde::{Deserialize, Serialize};

/// Capabilities granted to one object. The default grants nothing: no
/// files, no environment variables, no arguments. Network access and
/// inherited stdio are never granted (guest output is captured into the
/// host's log).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants {
    /// Host directories the guest may open, each at a guest path.
    pub dirs: Vec<DirGrant>,
    /// Environment variables the guest sees (and only these).
    pub env: Vec<(String, String)>,
    /// The guest's command-line arguments (`std::env::args()`).
    pub args: Vec<String>,
}

/// One host directory made visible to the guest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirGrant {
    /// The directory on the host. The worker opens it when the object
    /// loads; a directory that does not exist fails the load.
    pub host: PathBuf,
    /// Where the guest finds it (for example `/data`).
    pub guest: String,
    /// What the guest may do there.
    pub access: DirAccess,
}

/// What a guest may do in a granted directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DirAccess {
    /// Open, read and list files.
    ReadOnly,
    /// Also create, write, rename and remove files and directories.
    ReadWrite,
}

/// Bounds on what one object may consume. Exceeding one traps the guest
/// with its own [`ErrorKind`](crate::ErrorKind) (the instance is then
/// unusable: see [`RestartPolicy`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest size of each of the guest's linear memories, in bytes
    /// (default 256 MiB). Growing past it: [`ErrorKind::MemoryLimit`](crate::ErrorKind::MemoryLimit).
    pub memory: u64,
    /// Most elements of each of the guest's tables (default 100,000).
    /// Growing past it: [`ErrorKind::MemoryLimit`](crate::ErrorKind::MemoryLimit) too.
    pub table_elements: u64,
    /// Longest a request may take in guest code, wall clock, from entering
    /// it to returning (default 10 s), whatever it does meanwhile: serving
    /// other requests at a cooperative point does not stop its clock. The
    /// same bound applies to creating the object. Past it:
    /// [`ErrorKind::TimeLimit`](crate::ErrorKind::TimeLimit). A request
    /// stuck in a host call it cannot be interrupted in (a WASI sleep)
    /// still holds the worker 1 s after that, the worker exits, and callers
    /// get the host's `Error::WorkerDied` saying why.
    pub call_time: Duration,
    /// Longest an active object's loop may run without serving requests
    /// (reaching `sleep`, `yield_now` or `process_requests`; `should_stop`
    /// does not count), default 10 s. Requests the loop serves run within
    /// its slice. Past it: [`ErrorKind::TimeLimit`](crate::ErrorKind::TimeLimit),
    /// which `RemoteObject::join` returns; stuck
    /// in a host call, as for `call_time`.
    pub loop_slice: Duration,
    /// Instructions (wasmtime fuel units) each request may execute; `None`
    /// (the default) meters nothing. Metering makes guest code somewhat
    /// slower. An active object's loop, and requests it serves itself at its
    /// cooperative points, are bounded by `loop_slice`, not by fuel. Running
    /// out: [`ErrorKind::FuelExhausted`](crate::ErrorKind::FuelExhausted).
    pub fuel: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory: 256 * 1024 * 1024,
            table_elements: 100_000,
            call_time: Duration::from_secs(10),
            loop_slice: Duration::from_secs(10),
            fuel: None,
        }
    }
}

/// What happens to an object whose guest trapped (panicked, hit a limit):
/// its instance cannot be used again.
///
/// A restart makes a fresh instance of the same component in the same
/// worker: **the object's state is lost**, its constructor runs again, and
/// an active object's loop starts again (and returns at once if
/// `RemoteObject::stop` was called before).
/// The request that trapped gets the trap; requests behind it are answered
/// by the fresh instance. A restart that fails (a granted directory is
/// gone, say) leaves the object dead, and its trap's message says why.
/// A worker that dies is not restarted.
/// `RemoteObject::restarts` counts restarts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum RestartPolicy {
    /// Never restart (the default): the object is dead after a trap, and
    /// every later request fails with the trap that killed it.
    #[default]
    Never,
    /// Restart after a trap, at most `max_restarts` times over the object's
    /// life, waiting `backoff` before the first restart and twice as long
    /// before each next one (at most a minute). Requests wait meanwhile.
    OnTrap {
        /// Most restarts; after that the object stays dead.
        max_restarts: u32,
        /// Wait before the first restart.
        backoff: Duration,
    },
}

impl RestartPolicy {
    /// The wait before restart number `n` (1 for the first), or `None` when
    /// the policy allows no such restart.
    pub fn delay(&self, n: u32) -> Option<Duration> {
        match *self {
            RestartPolicy::Never => None,
            RestartPolicy::OnTrap {
                max_restarts,
                backoff,
            } => {
                if n == 0 || n > max_restarts {
                    return None;
                }
                let factor = 1u32.checked_shl(n - 1).unwrap_or(u32::MAX);
                Some(
                    backoff
                        .checked_mul(factor)
                        .unwrap_or(Duration::MAX)
                        .min(Duration::from_secs(60)),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RestartPolicy::OnTrap {
            max_restarts: 40,
            backoff: Duration::from_millis(100),
        };
        assert_eq!(p.delay(0), None);
        assert_eq!(p.delay(1), Some(Duration::from_millis(100)));
        assert_eq!(p.delay(2), Some(Duration::from_millis(200)));
        assert_eq!(p.delay(4), Some(Duration::from_millis(800)));
        assert_eq!(p.delay(20), Some(Duration::from_secs(60)));
        assert_eq!(p.delay(40), Some(Duration::from_secs(60)));
        assert_eq!(p.delay(41), None);
        assert_eq!(RestartPolicy::Never.delay(1), None);
    }
}
