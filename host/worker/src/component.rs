//! Turning a component source into a compiled component: from the
//! compiled-code cache when it can be used, compiled here otherwise.

use remoteobj_protocol::ComponentSource;
use wasmtime::Engine;
use wasmtime::component::Component;

use crate::cache::{CacheError, CompileCache};
use crate::source::component_bytes;

/// The component for `source` (at most `max` bytes): from the compiled-code
/// cache when there is one (compiling into it on a miss), compiled here
/// otherwise, or when the cache cannot be used (then the worker says why on
/// its stderr).
pub(crate) fn compile(
    engine: &Engine,
    source: &ComponentSource,
    max: u64,
    cache: Option<&std::path::Path>,
) -> Result<Component, String> {
    let what = match source {
        ComponentSource::Path(path) => path.display().to_string(),
        ComponentSource::Bytes(_) => "component bytes".to_string(),
    };
    let bytes = component_bytes(source, max).map_err(|e| e.to_string())?;
    if let Some(dir) = cache {
        match CompileCache::at(dir).load_or_compile(engine, &bytes) {
            Ok((component, not_stored)) => {
                if let Some(e) = not_stored {
                    eprintln!("remoteobj worker: compiled code not cached: {e}");
                }
                return Ok(component);
            }
            Err(CacheError::Compile(e)) => return Err(format!("{what}: {e}")),
            Err(e) => eprintln!("remoteobj worker: compile cache not used: {e}"),
        }
    }
    Component::from_binary(engine, &bytes).map_err(|e| format!("{what}: {e:#}"))
}
