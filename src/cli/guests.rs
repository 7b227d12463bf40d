//! Finding a guest component: a file, or one built into the binary.

use std::{path::Path, time::Duration};

use anyhow::{Result, bail};
use remoteobj_host::{ComponentSource, Host};

/// How long the command line waits for an object to listen. A guest's
/// first start compiles it: for a Python guest, 19 MB of code, which takes
/// tens of seconds on a slow or busy machine, more than the library's
/// default of 30 s; later starts load the cached code in milliseconds.
pub const START_TIMEOUT: Duration = Duration::from_secs(180);

/// The host the command line starts its objects with.
pub fn host() -> Host {
    Host::new().start_timeout(START_TIMEOUT)
}

/// The guests compiled into this binary (built from `guests/` by build.rs).
pub const BUILTIN: &[(&str, &[u8])] = &[
    (
        "counter",
        include_bytes!(concat!(env!("REMOTEOBJ_GUEST_DIR"), "/counter.wasm")),
    ),
    (
        "inherit",
        include_bytes!(concat!(env!("REMOTEOBJ_GUEST_DIR"), "/inherit.wasm")),
    ),
    (
        "containers",
        include_bytes!(concat!(env!("REMOTEOBJ_GUEST_DIR"), "/containers.wasm")),
    ),
    (
        "levels",
        include_bytes!(concat!(env!("REMOTEOBJ_GUEST_DIR"), "/levels.wasm")),
    ),
    (
        "toggler",
        include_bytes!(concat!(env!("REMOTEOBJ_GUEST_DIR"), "/toggler.wasm")),
    ),
    (
        "hostile",
        include_bytes!(concat!(env!("REMOTEOBJ_GUEST_DIR"), "/hostile.wasm")),
    ),
];

/// The object name and component for a GUEST argument.
pub fn resolve(guest: &str) -> Result<(String, ComponentSource)> {
    let path = Path::new(guest);
    if path.extension().is_some_and(|e| e == "py") && path.is_file() {
        // A Python guest's source: componentized first.
        let wasm = super::python::component(path)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "object".into());
        return Ok((name, ComponentSource::file(wasm)));
    }
    if path.exists() {
        let source = ComponentSource::file(path);
        return Ok((source.default_name(), source));
    }
    if let Some((name, bytes)) = BUILTIN.iter().find(|(name, _)| *name == guest) {
        return Ok(((*name).to_string(), ComponentSource::bytes(bytes.to_vec())));
    }
    let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    bail!(
        "no such file `{guest}`, and it is not a built-in guest ({})",
        names.join(", ")
    )
}
