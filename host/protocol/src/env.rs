//! What a host and its workers agree on outside the pipe: the environment
//! variable that makes a program a worker, and where the compiled-code
//! cache lives by default.

use std::path::PathBuf;

/// The environment variable that tells a program it was started as a worker.
pub const WORKER_ENV: &str = "REMOTEOBJ_WORKER";

/// The compiled-code cache's default directory: `$REMOTEOBJ_CACHE_DIR`,
/// else `$XDG_CACHE_HOME/remoteobj`, else `$HOME/.cache/remoteobj`.
pub fn default_cache_dir() -> Option<PathBuf> {
    // Absolute and UTF-8 only (the path travels to workers in a message);
    // XDG's rule for a relative XDG_CACHE_HOME is to ignore it.
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute() && p.to_str().is_some())
    };
    var("REMOTEOBJ_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("remoteobj")))
        .or_else(|| var("HOME").map(|h| h.join(".cache").join("remoteobj")))
}
