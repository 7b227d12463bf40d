//! Writing to a pipe without ever blocking for good.
//!
//! Once a session is open, the host's end of a worker's stdin is
//! non-blocking, and every frame is written with a stall limit: a worker
//! that stops reading its input (it is frozen, say; a live worker's reader
//! thread drains the pipe whatever its guest does) costs a caller at most
//! that limit, never a hang, while a worker that reads slowly but steadily
//! is not mistaken for a stuck one.

use std::{
    io::{self, Write},
    os::fd::AsFd,
    time::{Duration, Instant},
};

use rustix::event::PollFlags;

use crate::fd::poll_for;
use crate::sync::deadline_after;

/// Why [`write_all_progressing`] gave up.
#[derive(Debug)]
pub enum WriteError {
    /// The pipe stayed full for the whole stall limit. `partial` says
    /// whether part of the frame went out (the stream is then corrupt and
    /// the session must end).
    Full {
        /// Some bytes were written.
        partial: bool,
    },
    /// The pipe is broken (the worker is gone) or another error.
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Full { .. } => f.write_str("the reader stopped reading"),
            WriteError::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io(e) => Some(e),
            WriteError::Full { .. } => None,
        }
    }
}

/// Writes all of `buf` to the non-blocking `w`, waiting for room as long
/// as the reader keeps reading: it gives up when no byte could be written
/// for `stall`. Frames of at most `PIPE_BUF` (4 KiB) bytes go out whole or
/// not at all.
pub fn write_all_progressing<W: Write + AsFd>(
    w: &mut W,
    mut buf: &[u8],
    stall: Duration,
) -> Result<(), WriteError> {
    let mut written = false;
    let mut deadline = deadline_after(stall);
    while !buf.is_empty() {
        match w.write(buf) {
            Ok(0) => return Err(WriteError::Io(io::ErrorKind::WriteZero.into())),
            Ok(n) => {
                buf = &buf[n..];
                written = true;
                deadline = deadline_after(stall);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() || !wait_writable(w, left)? {
                    return Err(WriteError::Full { partial: written });
                }
            }
            Err(e) => return Err(WriteError::Io(e)),
        }
    }
    Ok(())
}

/// Waits up to `left` for room in the pipe; false on timeout. POLLERR or
/// POLLHUP count as room: the next write reports the broken pipe.
fn wait_writable(w: &impl AsFd, left: Duration) -> Result<bool, WriteError> {
    poll_for(w, PollFlags::OUT, Some(left.max(Duration::from_millis(1)))).map_err(WriteError::Io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fd::set_nonblocking;

    fn pipe() -> (std::io::PipeReader, std::io::PipeWriter) {
        std::io::pipe().unwrap()
    }

    #[test]
    fn a_reader_that_never_reads_costs_the_stall_limit_not_a_hang() {
        let (_reader, mut writer) = pipe();
        set_nonblocking(&writer).unwrap();
        let big = vec![0u8; 1024 * 1024];
        let err = write_all_progressing(&mut writer, &big, Duration::from_millis(100)).unwrap_err();
        assert!(matches!(err, WriteError::Full { partial: true }), "{err:?}");
        // A small frame on a full pipe goes out whole or not at all.
        let err = write_all_progressing(&mut writer, &[1; 16], Duration::ZERO).unwrap_err();
        assert!(
            matches!(err, WriteError::Full { partial: false }),
            "{err:?}"
        );
    }

    #[test]
    fn a_slow_but_steady_reader_is_not_taken_for_a_stuck_one() {
        let (mut reader, mut writer) = pipe();
        set_nonblocking(&writer).unwrap();
        let big = vec![7u8; 1024 * 1024];
        // 256 reads of 4 KiB, 3 ms apart: at least 768 ms in all, over the
        // 300 ms stall limit below, but never stalled that long.
        let drain = std::thread::spawn(move || {
            let mut all = 0;
            let mut chunk = [0u8; 4 * 1024];
            loop {
                std::thread::sleep(Duration::from_millis(3));
                match std::io::Read::read(&mut reader, &mut chunk) {
                    Ok(0) => return all,
                    Ok(n) => all += n,
                    Err(e) => panic!("{e}"),
                }
            }
        });
        write_all_progressing(&mut writer, &big, Duration::from_millis(300)).unwrap();
        drop(writer);
        assert_eq!(drain.join().unwrap(), big.len());
    }

    #[test]
    fn a_closed_reader_is_an_io_error() {
        let (reader, mut writer) = pipe();
        drop(reader);
        set_nonblocking(&writer).unwrap();
        let err = write_all_progressing(&mut writer, &[1; 16], Duration::ZERO).unwrap_err();
        assert!(matches!(err, WriteError::Io(_)), "{err:?}");
    }
}
