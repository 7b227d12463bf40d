//! The compiled-code cache: a component is compiled once per engine
//! configuration and content, and workers load the compiled artifact
//! instead of compiling again.
//!
//! Layout: `DIR/<engine>/<content>.cwasm`, where `<engine>` is a hash of
//! wasmtime's compatibility fingerprint (its version and every setting that
//! changes compiled code, such as fuel metering) and `<content>` the SHA-256
//! of the component's bytes.
//!
//! Compiled code is run, so only what this user wrote is loaded: `DIR` and
//! the engine directory must be the user's, mode 0700 (created so; a
//! directory that is not is refused, and the worker compiles without the
//! cache), and each entry is opened without following symlinks and must be
//! a regular file owned by the user, writable by nobody else. (The
//! directories above `DIR` are trusted to be the user's too.)
//!
//! Entries are written to a temporary file and renamed into place, so a
//! reader sees a whole entry or none, and workers compiling the same
//! component at once each succeed. An entry that fails to load is compiled
//! again. A cache that cannot be written costs the speed-up, never the
//! start: the component compiled for the entry is used directly. Nothing is
//! evicted: each new build of a component adds an entry until
//! `remoteobj cache clear`.

use std::{
    fs,
    hash::Hash,
    io::Write,
    os::{
        fd::AsRawFd,
        unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt},
    },
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
};

use sha2::{Digest, Sha256};
use wasmtime::{Engine, component::Component};

use remoteobj_protocol::{ComponentSource, DEFAULT_MAX_COMPONENT, Limits};

use crate::engine::engine;
use crate::file_index::{self, Identity};
use crate::source::{SourceError, component_bytes};

/// What can go wrong with the cache.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
        "{}: not private to this user (it must be a directory owned by them, with no access \
         for group or others: chmod 700 it)",
        .0.display()
    )]
    NotPrivate(PathBuf),
    /// The component could not be read (or is over the size limit).
    #[error(transparent)]
    Source(#[from] SourceError),
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
        remoteobj_protocol::default_cache_dir()
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
    /// engine settings (fuel) get their own entry when first loaded. A
    /// component over [`DEFAULT_MAX_COMPONENT`] bytes is refused
    /// ([`CacheError::Source`]); see [`compile_with_limit`](Self::compile_with_limit).
    pub fn compile(&self, component: &ComponentSource) -> Result<CacheEntry, CacheError> {
        self.compile_with_limit(component, DEFAULT_MAX_COMPONENT)
    }

    /// Like [`compile`](Self::compile), refusing a component over
    /// `max_bytes` (a host's `max_component_size`) instead of the default.
    pub fn compile_with_limit(
        &self,
        component: &ComponentSource,
        max_bytes: u64,
    ) -> Result<CacheEntry, CacheError> {
        let engine = engine(&Limits::default()).map_err(CacheError::Compile)?;
        let bytes = component_bytes(component, max_bytes)?;
        let path = self.entry_path(&engine, &bytes);
        if let (_, Some(not_stored)) = self.load_or_compile_at(&path, &engine, &bytes)? {
            return Err(not_stored);
        }
        let bytes = fs::metadata(&path).map_err(io(&path))?.len();
        Ok(CacheEntry { path, bytes })
    }

    /// Every compiled component in the cache.
    pub fn entries(&self) -> Result<Vec<CacheEntry>, CacheError> {
        let mut entries: Vec<CacheEntry> = self
            .files()?
            .into_iter()
            .filter(|(_, compiled)| *compiled)
            .map(|(path, _)| {
                let bytes = fs::symlink_metadata(&path).map_or(0, |m| m.len());
                CacheEntry { path, bytes }
            })
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }

    /// Removes every compiled component (and what interrupted writes left);
    /// returns how many components there were. Only files and directories
    /// named as this cache names them are touched.
    pub fn clear(&self) -> Result<usize, CacheError> {
        let mut removed = 0;
        for (path, compiled) in self.files()? {
            match fs::remove_file(&path) {
                Ok(()) => removed += usize::from(compiled),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path)(e)),
            }
        }
        for dir in self.engine_dirs()? {
            // Only empty ones go.
            let _ = fs::remove_dir(dir);
        }
        Ok(removed)
    }

    /// The engine directories: 16 hex digits, real directories.
    fn engine_dirs(&self) -> Result<Vec<PathBuf>, CacheError> {
        let dirs = match fs::read_dir(&self.dir) {
            Ok(dirs) => dirs,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(&self.dir)(e)),
        };
        Ok(dirs
            .flatten()
            .filter(|d| is_hex(&d.file_name().to_string_lossy(), 16))
            .filter(|d| fs::symlink_metadata(d.path()).is_ok_and(|m| m.is_dir()))
            .map(|d| d.path())
            .collect())
    }

    /// This cache's files, each with whether it is a compiled component
    /// (`<64 hex>.cwasm`) rather than a leftover temporary file.
    fn files(&self) -> Result<Vec<(PathBuf, bool)>, CacheError> {
        let mut files = Vec::new();
        for dir in self.engine_dirs()? {
            let Ok(list) = fs::read_dir(&dir) else {
                continue;
            };
            for file in list.flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                let Some((stem, ext)) = name.split_once('.') else {
                    continue;
                };
                let is_file = fs::symlink_metadata(file.path()).is_ok_and(|m| m.is_file());
                if is_hex(stem, 64) && is_file {
                    if ext == "cwasm" {
                        files.push((file.path(), true));
                    } else if ext.starts_with("tmp-") {
                        files.push((file.path(), false));
                    }
                } else if is_hex(stem, 32) && is_file && (ext == "file" || ext.starts_with("tmp-"))
                {
                    // What `file_index` records, and its interrupted writes.
                    files.push((file.path(), false));
                }
            }
        }
        Ok(files)
    }

    /// [`load_or_compile_at`](Self::load_or_compile_at) at the entry
    /// [`entry_path`](Self::entry_path) gives (the tests' shorthand).
    #[cfg(test)]
    pub(crate) fn load_or_compile(
        &self,
        engine: &Engine,
        bytes: &[u8],
    ) -> Result<(Component, Option<CacheError>), CacheError> {
        self.load_or_compile_at(&self.entry_path(engine, bytes), engine, bytes)
    }

    /// The component for `bytes`, whose entry is at `path` (from
    /// [`entry_path`](Self::entry_path), which hashes the whole component):
    /// loaded from the cache, or compiled and stored there. A cache that
    /// cannot be used at all is an error (the caller compiles without it);
    /// one that cannot be written to is not: the component is compiled and
    /// used, and the second value says why it was not stored.
    pub(crate) fn load_or_compile_at(
        &self,
        path: &Path,
        engine: &Engine,
        bytes: &[u8],
    ) -> Result<(Component, Option<CacheError>), CacheError> {
        // Checked before anything is read from it, not only before writing:
        // code from a directory others can write to is never run.
        let dir = path.parent().unwrap_or(&self.dir);
        self.make_private_dir(dir)?;
        if let Some(file) = open_own_file(path) {
            // Mapped through the descriptor just checked, so the file
            // loaded is the file checked.
            let fd_path = format!("/proc/self/fd/{}", file.as_raw_fd());
            // SAFETY: the file is in the user's private cache directory,
            // owned by the user and writable by nobody else: only this cache
            // wrote it. wasmtime checks its header and that a compatible
            // engine compiled it.
            match unsafe { Component::deserialize_file(engine, &fd_path) } {
                Ok(component) => return Ok((component, None)),
                // Truncated or stale: compiled again below.
                Err(_) => {
                    let _ = fs::remove_file(path);
                }
            }
        }
        let compiled = engine
            .precompile_component(bytes)
            .map_err(|e| CacheError::Compile(format!("{e:#}")))?;
        let not_stored = write_atomically(path, &compiled).err();
        // SAFETY: `compiled` was produced by this engine just now.
        let component = unsafe { Component::deserialize(engine, &compiled) }
            .map_err(|e| CacheError::Compile(format!("{e:#}")))?;
        Ok((component, not_stored))
    }

    /// Where the entry for `bytes` compiled by `engine` lives.
    pub(crate) fn entry_path(&self, engine: &Engine, bytes: &[u8]) -> PathBuf {
        let content_key = hex(&Sha256::digest(bytes));
        self.engine_dir(engine).join(format!("{content_key}.cwasm"))
    }

    /// The directory of the code `engine` compiled.
    fn engine_dir(&self, engine: &Engine) -> PathBuf {
        let mut hasher = HashInto(Sha256::new());
        engine.precompile_compatibility_hash().hash(&mut hasher);
        self.dir.join(hex(&hasher.0.finalize()[..8]))
    }

    /// The component compiled from the file of identity `id`, if this cache
    /// has seen that file unchanged and holds its compiled code: loaded
    /// without reading the file (see [`crate::file_index`]).
    pub(crate) fn load_known_file(&self, engine: &Engine, id: &Identity) -> Option<Component> {
        let dir = self.engine_dir(engine);
        self.make_private_dir(&dir).ok()?;
        let key = file_index::lookup(&dir, id)?;
        let file = open_own_file(&dir.join(format!("{key}.cwasm")))?;
        let fd_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        // SAFETY: as in `load_or_compile_at`: the file is in the user's
        // private cache directory, owned by the user and writable by nobody
        // else, and wasmtime checks its header and engine.
        unsafe { Component::deserialize_file(engine, &fd_path) }.ok()
    }

    /// Records that the file of identity `id`, read from `read_at` on,
    /// compiles to the entry at `entry` (a path
    /// [`entry_path`](Self::entry_path) gave), so the next load need not
    /// read it.
    pub(crate) fn remember_file(
        &self,
        engine: &Engine,
        id: &Identity,
        read_at: std::time::SystemTime,
        entry: &Path,
    ) {
        let Some(key) = entry.file_stem().map(|s| s.to_string_lossy()) else {
            return;
        };
        file_index::record(
            &self.engine_dir(engine),
            id,
            read_at,
            &key,
            |path, bytes| write_atomically(path, bytes).is_ok(),
        );
    }

    /// Creates `dir` (and the cache directory) private to this user, and
    /// checks that both are.
    fn make_private_dir(&self, dir: &Path) -> Result<(), CacheError> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io(dir))?;
        let uid = rustix::process::geteuid().as_raw();
        for d in [&self.dir, &dir.to_path_buf()] {
            let meta = fs::symlink_metadata(d).map_err(io(d))?;
            if !meta.is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0 {
                return Err(CacheError::NotPrivate(d.clone()));
            }
        }
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into
/// place: readers see the whole entry or none.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CacheError> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(io(&tmp))?;
    // From here on the temporary file is ours to remove on failure.
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io(path))
}

/// `path`, opened, if it is a regular file (not a symlink) owned by this
/// user and writable by nobody else, checked on the open file itself.
fn open_own_file(path: &Path) -> Option<fs::File> {
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    let uid = rustix::process::geteuid().as_raw();
    if !meta.is_file() || meta.uid() != uid || meta.mode() & 0o022 != 0 {
        return None;
    }
    Some(file)
}

/// Whether `s` is exactly `len` lowercase hex digits.
fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
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
        let engine = engine(&Limits::default()).unwrap();
        let bytes = component_bytes();
        assert!(cache.load_or_compile(&engine, &bytes).unwrap().1.is_none());
        let entries = cache.entries().unwrap();
        assert_eq!(entries.len(), 1);
        let path = &entries[0].path;
        let mode = fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the cache directory is private");
        // A second load uses the entry (a rewrite would be a new inode).
        let written = fs::metadata(path).unwrap().ino();
        cache.load_or_compile(&engine, &bytes).unwrap();
        assert_eq!(fs::metadata(path).unwrap().ino(), written);
        // A broken entry is compiled again.
        fs::write(path, b"not a compiled component").unwrap();
        cache.load_or_compile(&engine, &bytes).unwrap();
        assert!(fs::read(path).unwrap().len() > 24);
        // Another engine configuration gets its own entry.
        let fuel = crate::engine::engine(&Limits {
            fuel: Some(1),
            ..Limits::default()
        })
        .unwrap();
        cache.load_or_compile(&fuel, &bytes).unwrap();
        assert_eq!(cache.entries().unwrap().len(), 2);
        // A file not named as the cache names them is left alone by clear.
        let mine = path.parent().unwrap().join("mine.cwasm");
        fs::write(&mine, b"keep").unwrap();
        assert_eq!(cache.clear().unwrap(), 2);
        assert!(cache.entries().unwrap().is_empty());
        assert!(mine.exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_entry_writable_by_others_or_a_symlink_is_not_loaded() {
        let dir = temp("planted");
        let cache = CompileCache::at(&dir);
        let engine = engine(&Limits::default()).unwrap();
        let bytes = component_bytes();
        cache.load_or_compile(&engine, &bytes).unwrap();
        let path = cache.entry_path(&engine, &bytes);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
        assert!(open_own_file(&path).is_none());
        let target = dir.join("elsewhere");
        fs::rename(&path, &target).unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert!(open_own_file(&path).is_none());
        // Either way the component is compiled again, and works.
        cache.load_or_compile(&engine, &bytes).unwrap();
        assert!(open_own_file(&path).is_some());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_directory_open_to_others_is_refused() {
        let dir = temp("open");
        fs::create_dir_all(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        let cache = CompileCache::at(&dir);
        let engine = engine(&Limits::default()).unwrap();
        // An entry planted there is not loaded: the directory is refused.
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
