//! Reading a component's bytes from its [`ComponentSource`], bounded by the
//! load's size limit ([`Load::max_component`](remoteobj_protocol::Load)).
//!
//! A file is opened without blocking (a FIFO with no writer would block the
//! open for ever), refused if it is a directory, and, if it is a regular
//! file, refused by its size before anything is read. Whatever it is, it is
//! then read through `Read::take(limit + 1)`: a device such as `/dev/zero`,
//! a pipe, or a file that grows while it is read fails once the limit is
//! passed, instead of being read for ever (or into all the memory there is).

use std::{
    borrow::Cow,
    fs::{File, Metadata, OpenOptions},
    io::Read,
    os::unix::fs::OpenOptionsExt,
    path::Path,
};

use remoteobj_protocol::ComponentSource;
use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};

/// Why a component's bytes could not be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// Its size is known and over the limit (nothing was read).
    #[error("{what} is {len} bytes, over the limit of {max} bytes")]
    TooLarge {
        /// The component (`component file PATH`, or its bytes).
        what: String,
        /// Its size.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// More than the limit could be read from it: it is not a regular file
    /// (a device, a pipe), or it grew while it was read.
    #[error(
        "{what} is over the limit of {max} bytes (more could be read from it: it is not a \
         regular file, or it grew while it was read)"
    )]
    OverLimit {
        /// The component file.
        what: String,
        /// The limit.
        max: u64,
    },
    /// The path is a directory.
    #[error("{what} is a directory, not a component")]
    Directory {
        /// The component file.
        what: String,
    },
    /// It could not be opened or read.
    #[error("{what}: {source}")]
    Io {
        /// The component file.
        what: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// The bytes of `source`, at most `max` of them.
pub(crate) fn component_bytes(
    source: &ComponentSource,
    max: u64,
) -> Result<Cow<'_, [u8]>, SourceError> {
    match source {
        ComponentSource::Path(path) => read_file(path, max).map(Cow::Owned),
        ComponentSource::Bytes(bytes) => {
            let len = bytes.len() as u64;
            if len > max {
                return Err(SourceError::TooLarge {
                    what: "the component (sent as bytes)".into(),
                    len,
                    max,
                });
            }
            Ok(Cow::Borrowed(bytes.as_slice()))
        }
    }
}

/// How much room a read starts with when the size is not known.
const STREAM_START: u64 = 64 * 1024;

fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, SourceError> {
    let (file, meta) = open_component(path, max)?;
    read_open(path, file, &meta, max)
}

/// The component file at `path`, opened, and what `fstat` says of it: not
/// a directory, and (if a regular file) not over `max` bytes.
pub(crate) fn open_component(path: &Path, max: u64) -> Result<(File, Metadata), SourceError> {
    let io = io_error(path);
    let file = open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(SourceError::Directory { what: what(path) });
    }
    if meta.is_file() && meta.len() > max {
        return Err(SourceError::TooLarge {
            what: what(path),
            len: meta.len(),
            max,
        });
    }
    Ok((file, meta))
}

/// The bytes of the component file `file` (opened from `path` by
/// [`open_component`], `meta` its metadata then), at most `max`.
pub(crate) fn read_open(
    path: &Path,
    file: File,
    meta: &Metadata,
    max: u64,
) -> Result<Vec<u8>, SourceError> {
    let io = io_error(path);
    let start = if meta.is_file() {
        meta.len()
    } else {
        STREAM_START.min(max)
    };
    let mut bytes = Vec::with_capacity(usize::try_from(start.saturating_add(1)).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(SourceError::OverLimit {
            what: what(path),
            max,
        });
    }
    Ok(bytes)
}

/// How errors name the component file at `path`.
fn what(path: &Path) -> String {
    format!("component file {}", path.display())
}

/// An I/O error on the component file at `path`.
fn io_error(path: &Path) -> impl Fn(std::io::Error) -> SourceError + Copy + '_ {
    move |source| SourceError::Io {
        what: what(path),
        source,
    }
}

/// Opens `path` for reading without blocking in the open, then makes reads
/// block as usual.
fn open(path: &Path) -> std::io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    let flags = fcntl_getfl(&file)?;
    fcntl_setfl(&file, flags - OFlags::NONBLOCK)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_bytes::ByteBuf;

    /// A directory of this test's own.
    fn dir(test: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("remoteobj-source-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn file(path: &Path) -> ComponentSource {
        ComponentSource::Path(path.to_path_buf())
    }

    #[test]
    fn a_file_up_to_the_limit_is_read_whole() {
        let dir = dir("whole");
        let path = dir.join("c.wasm");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(&*component_bytes(&file(&path), 10).unwrap(), b"0123456789");
        let e = component_bytes(&file(&path), 9).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "component file {} is 10 bytes, over the limit of 9 bytes",
                path.display()
            )
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_sparse_file_over_the_limit_is_refused_by_its_size() {
        let dir = dir("sparse");
        let path = dir.join("huge.wasm");
        let max = remoteobj_protocol::DEFAULT_MAX_COMPONENT;
        File::create(&path).unwrap().set_len(max + 1).unwrap();
        match component_bytes(&file(&path), max) {
            Err(SourceError::TooLarge { len, max: m, .. }) => {
                assert_eq!((len, m), (max + 1, max));
            }
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_device_is_read_only_up_to_the_limit() {
        let e = component_bytes(&file(Path::new("/dev/zero")), 1024).unwrap_err();
        assert!(matches!(e, SourceError::OverLimit { max: 1024, .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("component file /dev/zero is over the limit of 1024 bytes"),
            "{e}"
        );
        // An empty stream is read (and is then no component).
        assert!(
            component_bytes(&file(Path::new("/dev/null")), 1024)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_fifo_without_a_writer_does_not_block() {
        let dir = dir("fifo");
        let path = dir.join("fifo.wasm");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &path,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .unwrap();
        assert!(component_bytes(&file(&path), 1024).unwrap().is_empty());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_directory_or_a_missing_file_says_so() {
        let dir = dir("dir");
        let e = component_bytes(&file(&dir), 1024).unwrap_err();
        assert!(matches!(e, SourceError::Directory { .. }), "{e}");
        let e = component_bytes(&file(&dir.join("missing.wasm")), 1024).unwrap_err();
        assert!(matches!(e, SourceError::Io { .. }), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn bytes_are_held_to_the_limit_too() {
        let bytes = ComponentSource::Bytes(ByteBuf::from(vec![0; 10]));
        assert_eq!(component_bytes(&bytes, 10).unwrap().len(), 10);
        assert_eq!(
            component_bytes(&bytes, 9).unwrap_err().to_string(),
            "the component (sent as bytes) is 10 bytes, over the limit of 9 bytes"
        );
    }
}
