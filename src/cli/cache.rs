//! `remoteobj compile GUEST` and `remoteobj cache [dir|list|clear]`: the
//! compiled-code cache workers load components from.

use std::process::ExitCode;

use anyhow::{Context, Result};
use remoteobj_host::CompileCache;

use super::guests;

/// What `remoteobj cache` does.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CacheAction {
    /// Print the cache directory.
    Dir,
    /// List the compiled components (and componentized Python guests) and
    /// their sizes.
    List,
    /// Remove every compiled component and componentized Python guest.
    Clear,
}

fn cache() -> Result<CompileCache> {
    CompileCache::default_location().context("locating the compile cache")
}

/// Compiles a guest into the cache, so that the first worker for it starts
/// without compiling.
pub fn compile(guest: &str, max_bytes: u64) -> Result<ExitCode> {
    let (name, source) = guests::resolve(guest)?;
    let entry = cache()?
        .compile_with_limit(&source, max_bytes)
        .with_context(|| format!("compiling {name}"))?;
    println!("{name}: {} ({} bytes)", entry.path.display(), entry.bytes);
    Ok(ExitCode::SUCCESS)
}

/// Shows or clears the cache.
pub fn run(action: CacheAction) -> Result<ExitCode> {
    let cache = cache()?;
    match action {
        CacheAction::Dir => println!("{}", cache.dir().display()),
        CacheAction::List => {
            for entry in cache.entries()? {
                println!("{}\t{}", entry.bytes, entry.path.display());
            }
            for (bytes, path) in super::python::cached(&cache) {
                println!("{bytes}\t{}", path.display());
            }
        }
        CacheAction::Clear => {
            let removed = cache.clear()?;
            let python = super::python::clear(&cache)?;
            println!(
                "removed {removed} compiled components and {python} componentized Python guests from {}",
                cache.dir().display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
