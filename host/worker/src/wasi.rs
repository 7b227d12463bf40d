//! The sandbox wasmtime enforces: the WASI context an object gets, built
//! from its grants and nothing else.

use remoteobj_protocol::{DirAccess, Grants, LogStream};
use wasmtime_wasi::{FsPerms, WasiCtx};

use crate::output::OutputCapture;

/// The WASI context: only what `grants` grants. No network (the default
/// socket check denies every address, name lookup is off), no inherited
/// stdio (output goes to `output`).
pub(crate) fn wasi_ctx(grants: &Grants, output: &OutputCapture) -> Result<WasiCtx, String> {
    let mut builder = WasiCtx::builder();
    builder
        .stdout(output.stream(LogStream::Stdout))
        .stderr(output.stream(LogStream::Stderr))
        .allow_ip_name_lookup(false)
        .socket_addr_check(|_, _| Box::pin(async { false }))
        .envs(&grants.env)
        .args(&grants.args);
    for dir in &grants.dirs {
        let perms = match dir.access {
            DirAccess::ReadOnly => FsPerms::ReadOnly,
            DirAccess::ReadWrite => FsPerms::ReadWrite,
        };
        builder
            .preopened_dir(&dir.host, &dir.guest, perms)
            .map_err(|e| format!("granting {} at {}: {e:#}", dir.host.display(), dir.guest))?;
    }
    Ok(builder.build())
}
