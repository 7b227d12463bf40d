//! Turning a component source into a compiled component: from the
//! compiled-code cache when it can be used, compiled here otherwise.

use std::path::Path;

use remoteobj_protocol::ComponentSource;
use wasmtime::Engine;
use wasmtime::component::Component;

use crate::cache::{CacheError, CompileCache};
use crate::file_index::{Identity, trusted_filesystem};
use crate::source::{component_bytes, open_component, read_open};

/// The component for `source` (at most `max` bytes): from the compiled-code
/// cache when there is one (compiling into it on a miss), compiled here
/// otherwise, or when the cache cannot be used (then the worker says why on
/// its stderr). A component file the cache has seen unchanged is loaded
/// without being read.
pub(crate) fn compile(
    engine: &Engine,
    source: &ComponentSource,
    max: u64,
    cache: Option<&Path>,
) -> Result<Component, String> {
    match (source, cache) {
        (ComponentSource::Path(path), Some(dir)) => compile_file(engine, path, max, dir),
        _ => {
            let bytes = component_bytes(source, max).map_err(|e| e.to_string())?;
            compile_bytes(engine, source_name(source), &bytes, cache, None)
        }
    }
}

/// A component file, with the cache at `dir`.
fn compile_file(engine: &Engine, path: &Path, max: u64, dir: &Path) -> Result<Component, String> {
    let (file, meta) = open_component(path, max).map_err(|e| e.to_string())?;
    // Taken before the read: a file must have settled by then to be
    // recorded (see `file_index`).
    let read_at = std::time::SystemTime::now();
    let id = (meta.is_file() && trusted_filesystem(&file)).then(|| Identity::of(&meta));
    let cache = CompileCache::at(dir);
    if let Some(component) = id.as_ref().and_then(|id| cache.load_known_file(engine, id)) {
        return Ok(component);
    }
    let bytes = read_open(path, file, &meta, max).map_err(|e| e.to_string())?;
    let what = path.display().to_string();
    compile_bytes(
        engine,
        what,
        &bytes,
        Some(dir),
        id.map(|id| (id, read_at, path)),
    )
}

/// `bytes`, through the cache at `cache` if there is one; `file` is the
/// identity of the file they were read from (when the read began, and its
/// path), recorded once they are in the cache if the file is still the one
/// read.
fn compile_bytes(
    engine: &Engine,
    what: String,
    bytes: &[u8],
    cache: Option<&Path>,
    file: Option<(Identity, std::time::SystemTime, &Path)>,
) -> Result<Component, String> {
    if let Some(dir) = cache {
        let cache = CompileCache::at(dir);
        let entry = cache.entry_path(engine, bytes);
        match cache.load_or_compile_at(&entry, engine, bytes) {
            Ok((component, not_stored)) => {
                match not_stored {
                    Some(e) => eprintln!("remoteobj worker: compiled code not cached: {e}"),
                    None => {
                        if let Some((id, read_at, path)) = file
                            && std::fs::metadata(path).is_ok_and(|m| Identity::of(&m) == id)
                        {
                            cache.remember_file(engine, &id, read_at, &entry);
                        }
                    }
                }
                return Ok(component);
            }
            Err(CacheError::Compile(e)) => return Err(format!("{what}: {e}")),
            Err(e) => eprintln!("remoteobj worker: compile cache not used: {e}"),
        }
    }
    Component::from_binary(engine, bytes).map_err(|e| format!("{what}: {e:#}"))
}

fn source_name(source: &ComponentSource) -> String {
    match source {
        ComponentSource::Path(path) => path.display().to_string(),
        ComponentSource::Bytes(_) => "component bytes".to_string(),
    }
}
