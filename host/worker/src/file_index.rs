//! Component files the compiled-code cache has seen: a file's content key,
//! recorded by the file's identity (device, inode, size, modification and
//! change times), so that loading a component file the cache already
//! holds neither reads nor hashes it. A Python guest is about 19 MB:
//! reading and hashing it was more than half of a warm spawn.
//!
//! As with git's index, an entry is trusted only while every field of the
//! identity matches, and it is recorded only for a file that had not
//! changed for [`SETTLED`] when it was read (a file being written while it
//! is read, or written again within the clock's granularity, could
//! otherwise keep the identity its old content had). Only filesystems whose
//! kernel keeps the change time and real inode numbers are indexed
//! ([`trusted_filesystem`]): on FAT, FUSE or network filesystems the
//! identity could match another content. An entry is a small text file,
//! `<hash of device and inode>.file`, in the cache's engine directory
//! (private to the user, as the compiled code is).

use std::{
    fs,
    os::unix::fs::MetadataExt,
    path::{Path, PathBuf},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use sha2::{Digest, Sha256};

/// How long a file must have been left alone before its identity is
/// recorded.
pub(crate) const SETTLED: Duration = Duration::from_secs(2);

/// What identifies a file's content without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl Identity {
    /// The identity of the file `meta` describes (taken from the open
    /// file, so it is the file that is read).
    pub(crate) fn of(meta: &fs::Metadata) -> Identity {
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Identity {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
            ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
        }
    }

    /// Whether the file had been left alone for [`SETTLED`] at `now`.
    fn settled(&self, now: SystemTime) -> bool {
        let now_ns = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let settled_ns = SETTLED.as_nanos() as i128;
        self.mtime_ns.max(self.ctime_ns) + settled_ns <= now_ns
    }

    fn line(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.dev, self.ino, self.size, self.mtime_ns, self.ctime_ns
        )
    }

    /// The entry's file in `engine_dir`.
    fn entry(&self, engine_dir: &Path) -> PathBuf {
        let key = Sha256::digest(format!("{} {}", self.dev, self.ino));
        let name: String = key[..16].iter().map(|b| format!("{b:02x}")).collect();
        engine_dir.join(format!("{name}.file"))
    }
}

/// The content key recorded for the file of identity `id`, if every field
/// still matches.
pub(crate) fn lookup(engine_dir: &Path, id: &Identity) -> Option<String> {
    let text = fs::read_to_string(id.entry(engine_dir)).ok()?;
    let (identity, key) = text.trim_end().rsplit_once(' ')?;
    (identity == id.line() && key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| key.to_string())
}

/// Whether `file` is on a filesystem whose identities can be trusted: a
/// local one that keeps nanosecond change times and real inode numbers
/// (ext2/3/4, XFS, Btrfs, tmpfs, overlayfs, ZFS, F2FS, bcachefs).
pub(crate) fn trusted_filesystem(file: &fs::File) -> bool {
    const TRUSTED: &[u32] = &[
        0xEF53,      // ext2, ext3, ext4
        0x5846_5342, // XFS
        0x9123_683E, // Btrfs
        0x0102_1994, // tmpfs
        0x794C_7630, // overlayfs
        0x2FC1_2FC1, // ZFS
        0xF2F5_2010, // F2FS
        0xCA45_1A4E, // bcachefs
    ];
    // `f_type` is a signed word of the C library's size: its low 32 bits are
    // the magic number.
    rustix::fs::fstatfs(file).is_ok_and(|s| TRUSTED.contains(&(s.f_type as u32)))
}

/// Records `key` as the content of the file of identity `id`, read at
/// `read_at` (taken before the read began), if it had settled by then;
/// returns whether it did. `write` writes an entry atomically.
pub(crate) fn record(
    engine_dir: &Path,
    id: &Identity,
    read_at: SystemTime,
    key: &str,
    write: impl FnOnce(&Path, &[u8]) -> bool,
) -> bool {
    if !id.settled(read_at) {
        return false;
    }
    write(
        &id.entry(engine_dir),
        format!("{} {key}\n", id.line()).as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(mtime_ns: i128) -> Identity {
        Identity {
            dev: 1,
            ino: 2,
            size: 3,
            mtime_ns,
            ctime_ns: mtime_ns,
        }
    }

    #[test]
    fn an_entry_holds_only_while_the_whole_identity_matches() {
        let dir = std::env::temp_dir().join(format!("remoteobj-index-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let old = id(1_000_000_000);
        let key = "ab".repeat(32);
        let write = |p: &Path, b: &[u8]| fs::write(p, b).is_ok();
        assert!(record(&dir, &old, SystemTime::now(), &key, write));
        assert_eq!(lookup(&dir, &old), Some(key.clone()));
        // Same inode, other content: another size or time.
        let mut changed = old.clone();
        changed.size = 4;
        assert_eq!(lookup(&dir, &changed), None);
        assert_eq!(lookup(&dir, &id(1_000_000_001)), None);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_changed_just_now_is_not_recorded() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as i128;
        let fresh = id(now);
        assert!(!fresh.settled(SystemTime::now()));
        assert!(!record(
            Path::new("/nonexistent"),
            &fresh,
            SystemTime::now(),
            "00",
            |_, _| { panic!("recorded a file that had not settled") }
        ));
        // Settled by now, but not when it was read.
        let read_at = UNIX_EPOCH + Duration::from_nanos(now as u64 + 1_000_000_000);
        assert!(!id(now).settled(read_at));
        assert!(id(now - 3_000_000_000).settled(SystemTime::now()));
    }
}
