//! The compiled-code cache: a component is compiled once per engine
//! configuration and content, and workers load the compiled artifact
//! (memory-mapped) instead of compiling again.
//!
//! Layout: `DIR/<engine>/<content>.cwasm`, where `<engine>` is a hash of
//! wasmtime's compatibility fingerprint (its version and every setting that
//! changes compiled code, such as fuel metering) and `<content>` the SHA-256
//! of the component's bytes. `DIR` is private to the user (mode 0700, owned
//! by them; a directory that is not is refused, and the worker compiles
//! without it). Entries are written to a temporary file and renamed into
//! place, so a reader never sees half an entry, and concurrent workers
//! compiling the same component both succeed. An entry that fails to load
//! (truncated, from another wasmtime) is removed and compiled again.

use std::{
    fs,
    hash::Hash,
    io::Write,
    os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt},
    path::{Path, PathBuf},
    time::{SystemTime, UNIX_EPOCH},
};

use sha2::{Digest, Sha256};
use wasmtime::{Engine, component::Component};

use crate::protocol::ComponentSource;
use crate::sandbox::Limits;

/// What can go wrong with the cache.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The cache directory is not private to this user.
    #[error(
        "{}: not private to this user (it must be owned by them, with no access for group or others)",
        .0.display()
    )]
    NotPrivate(PathBuf),
    /// The component could not be compiled.
    #[error("compiling the component: {0}")]
    Compile(String),
    /// No cache directory could be found ($REMOTEOBJ_CACHE_DIR,
    /// $XDG_CACHE_HOME and $HOME are all unset).
    #[error("no cache directory: set REMOTEOBJ_CACHE_DIR, XDG_CACHE_HOME or HOME")]
    NoDir,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CacheError + '_ {
    move |source| CacheError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One compiled component in the cache.
#[derive(Debug, Clone)]
pub struct CacheEntry {
    /// The compiled file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// The on-disk cache of compiled components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileCache {
    dir: PathBuf,
}

impl CompileCache {
    /// The default location: `$REMOTEOBJ_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/remoteobj`, else `$HOME/.cache/remoteobj`.
    pub fn default_dir() -> Option<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        var("REMOTEOBJ_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| var("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("remoteobj")))
            .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache").join("remoteobj")))
    }

    /// The cache at its default location.
    pub fn default_location() -> Result<Self, CacheError> {
        Self::default_dir().map(Self::at).ok_or(CacheError::NoDir)
    }

    /// The cache in `dir` (created when first written).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        CompileCache { dir: dir.into() }
    }

    /// Its directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Compiles `component` for objects with the default [`Limits`] (what
    /// `remoteobj compile` does) and returns its entry. Objects with other
    /// engine settings (fuel) get their own entry when first loaded.
    pub fn compile(&self, component: &ComponentSource) -> Result<CacheEntry, CacheError> {
        let engine =
            crate::worker::runtime::engine(&Limits::default()).map_err(CacheError::Compile)?;
        let bytes = source_bytes(component)?;
        let path = self.entry_path(&engine, &bytes);
        self.load_or_compile(&engine, &bytes)?;
        let bytes = fs::metadata(&path).map_err(io(&path))?.len();
        Ok(CacheEntry { path, bytes })
    }

    /// Every compiled component in the cache.
    pub fn entries(&self) -> Result<Vec<CacheEntry>, CacheError> {
        let mut entries = Vec::new();
        let engines = match fs::read_dir(&self.dir) {
            Ok(dirs) => dirs,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(entries),
            Err(e) => return Err(io(&self.dir)(e)),
        };
        for engine_dir in engines.flatten() {
            let Ok(files) = fs::read_dir(engine_dir.path()) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "cwasm") {
                    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
                    entries.push(CacheEntry { path, bytes });
                }
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }

    /// Removes every compiled component; returns how many there were.
    pub fn clear(&self) -> Result<usize, CacheError> {
        let entries = self.entries()?;
        for entry in &entries {
            fs::remove_file(&entry.path).map_err(io(&entry.path))?;
        }
        if let Ok(dirs) = fs::read_dir(&self.dir) {
            for dir in dirs.flatten() {
                // Only empty engine directories go; anything else stays.
                let _ = fs::remove_dir(dir.path());
            }
        }
        Ok(entries.len())
    }

    /// The component for `bytes`: loaded from the cache, or compiled and
    /// stored there.
    pub(crate) fn load_or_compile(
        &self,
        engine: &Engine,
        bytes: &[u8],
    ) -> Result<Component, CacheError> {
        let path = self.entry_path(engine, bytes);
        // Checked before anything is read from it, not only before writing:
        // code from a directory others can write to is never run.
        let dir = path.parent().unwrap_or(&self.dir);
        self.make_private_dir(dir)?;
        if path.exists() {
            // SAFETY: the file is in a directory private to this user,
            // written only by this cache (whole, by rename); wasmtime checks
            // its header and that it was compiled by a compatible engine.
            match unsafe { Component::deserialize_file(engine, &path) } {
                Ok(component) => return Ok(component),
                // Truncated or stale: compiled again below.
                Err(_) => {
                    let _ = fs::remove_file(&path);
                }
            }
        }
        let compiled = engine
            .precompile_component(bytes)
            .map_err(|e| CacheError::Compile(format!("{e:#}")))?;
        write_atomically(&path, &compiled)?;
        // SAFETY: as above; the file was just written from `compiled`.
        unsafe { Component::deserialize_file(engine, &path) }
            .map_err(|e| CacheError::Compile(format!("{e:#}")))
    }

    /// Where the entry for `bytes` compiled by `engine` lives.
    fn entry_path(&self, engine: &Engine, bytes: &[u8]) -> PathBuf {
        let mut hasher = HashInto(Sha256::new());
        engine.precompile_compatibility_hash().hash(&mut hasher);
        let engine_key = hex(&hasher.0.finalize()[..8]);
        let content_key = hex(&Sha256::digest(bytes));
        self.dir
            .join(engine_key)
            .join(format!("{content_key}.cwasm"))
    }

    /// Creates `dir` (and the cache directory) private to this user, and
    /// checks that both are.
    fn make_private_dir(&self, dir: &Path) -> Result<(), CacheError> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io(dir))?;
        // SAFETY: geteuid has no preconditions.
        let uid = unsafe { libc::geteuid() };
        for d in [&self.dir, &dir.to_path_buf()] {
            let meta = fs::symlink_metadata(d).map_err(io(d))?;
            if !meta.is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0 {
                return Err(CacheError::NotPrivate(d.clone()));
            }
        }
        Ok(())
    }
}

/// The bytes of a component, read from its file if need be.
fn source_bytes(component: &ComponentSource) -> Result<Vec<u8>, CacheError> {
    match component {
        ComponentSource::Path(path) => fs::read(path).map_err(io(path)),
        ComponentSource::Bytes(bytes) => Ok(bytes.to_vec()),
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into
/// place: readers see the whole entry or none.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CacheError> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = path.with_extension(format!("tmp-{}-{nanos}", std::process::id()));
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io(path))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Feeds `Hash` values into a SHA-256.
struct HashInto(Sha256);

impl std::hash::Hasher for HashInto {
    fn finish(&self) -> u64 {
        0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("remoteobj-cache-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    /// The smallest component: the component-model preamble alone.
    fn component_bytes() -> Vec<u8> {
        vec![0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]
    }

    #[test]
    fn compiles_once_then_loads_and_recovers_from_a_broken_entry() {
        let dir = temp("roundtrip");
        let cache = CompileCache::at(&dir);
        let engine = crate::worker::runtime::engine(&Limits::default()).unwrap();
        let bytes = component_bytes();
        cache.load_or_compile(&engine, &bytes).unwrap();
        let entries = cache.entries().unwrap();
        assert_eq!(entries.len(), 1);
        let path = &entries[0].path;
        let mode = fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the cache directory is private");
        // A second load uses the entry (it is not rewritten).
        let written = fs::metadata(path).unwrap().modified().unwrap();
        cache.load_or_compile(&engine, &bytes).unwrap();
        assert_eq!(fs::metadata(path).unwrap().modified().unwrap(), written);
        // A broken entry is compiled again.
        fs::write(path, b"not a compiled component").unwrap();
        cache.load_or_compile(&engine, &bytes).unwrap();
        assert!(fs::read(path).unwrap().len() > 24);
        // Another engine configuration gets its own entry.
        let fuel = crate::worker::runtime::engine(&Limits {
            fuel: Some(1),
            ..Limits::default()
        })
        .unwrap();
        cache.load_or_compile(&fuel, &bytes).unwrap();
        assert_eq!(cache.entries().unwrap().len(), 2);
        assert_eq!(cache.clear().unwrap(), 2);
        assert!(cache.entries().unwrap().is_empty());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_directory_open_to_others_is_refused() {
        let dir = temp("open");
        fs::create_dir_all(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        let cache = CompileCache::at(&dir);
        let engine = crate::worker::runtime::engine(&Limits::default()).unwrap();
        // Even an entry someone planted there is not loaded.
        let planted = cache.entry_path(&engine, &component_bytes());
        fs::create_dir_all(planted.parent().unwrap()).unwrap();
        fs::write(
            &planted,
            engine.precompile_component(&component_bytes()).unwrap(),
        )
        .unwrap();
        match cache.load_or_compile(&engine, &component_bytes()) {
            Err(CacheError::NotPrivate(p)) => assert_eq!(p, dir),
            other => panic!("{other:?}"),
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
