//! The host's end of a worker's stdin: who may write, and when.
//!
//! The opening frames go first, written by the opener thread (so that a
//! worker that never reads cannot block `start`). Then each caller takes
//! the pipe to write one frame, outside the lock, so that other callers
//! wait on a condition variable within their own timeouts; a frame is
//! written with a stall limit ([`write_all_progressing`]). Small control
//! frames (withdrawals) that find the pipe busy or full wait in a queue and
//! go out before the next frame. Closing sends `Shutdown` behind whatever
//! is being written, then closes the pipe.

use std::{
    process::ChildStdin,
    sync::{
        Condvar, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use remoteobj_pipe::{WriteError, lock, write_all_progressing};
use remoteobj_protocol::{Pending, ToWorker, encode_frame};

/// Who holds the pipe.
enum Pipe {
    /// The opening frames are still being written (by the opener thread).
    Opening,
    /// Open for requests.
    Open(ChildStdin),
    /// Taken by a caller writing a frame.
    Busy,
    /// Closed while a caller was writing: that caller sends the `Shutdown`
    /// when its frame is out, then closes the pipe.
    Closing(Pending),
    /// Closed by shutdown, or the opening write failed.
    Closed,
}

/// Why a frame was not written.
#[derive(Debug)]
pub(crate) enum SendError {
    /// Nothing was written: other frames (or the opening ones) held the
    /// pipe for the whole timeout.
    Waited,
    /// The pipe is closed (the object is being closed, or its opening
    /// failed).
    Closed,
    /// Writing failed: the worker stopped reading, or the pipe broke.
    Pipe(WriteError),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Waited => f.write_str("other frames held the pipe"),
            SendError::Closed => f.write_str("the pipe is closed"),
            SendError::Pipe(WriteError::Full { .. }) => {
                f.write_str("the worker stopped reading its input")
            }
            SendError::Pipe(e) => e.fmt(f),
        }
    }
}

/// The writing end of one worker's stdin.
pub(crate) struct Writer {
    pipe: Mutex<Pipe>,
    /// Signalled when `pipe` leaves [`Pipe::Opening`] or [`Pipe::Busy`].
    changed: Condvar,
    /// Callers waiting on `changed` (counted under the lock): a signal with
    /// nobody to wake is a system call per frame saved.
    waiting: AtomicUsize,
    /// Small control frames that found the pipe busy or full: whoever
    /// writes next sends them first.
    queued: Mutex<Vec<Vec<u8>>>,
    max_frame: usize,
}

impl Writer {
    /// A pipe whose opening frames are being written.
    pub(crate) fn opening(max_frame: usize) -> Self {
        Writer {
            pipe: Mutex::new(Pipe::Opening),
            changed: Condvar::new(),
            waiting: AtomicUsize::new(0),
            queued: Mutex::new(Vec::new()),
            max_frame,
        }
    }

    /// The opening frames are out (`Some`, with the pipe now non-blocking)
    /// or could not be written (`None`). If the object was closed
    /// meanwhile, the pipe is dropped here, which tells the worker to end.
    pub(crate) fn opened(&self, stdin: Option<ChildStdin>) {
        let mut pipe = lock(&self.pipe);
        if matches!(*pipe, Pipe::Opening) {
            *pipe = match stdin {
                Some(stdin) => Pipe::Open(stdin),
                None => Pipe::Closed,
            };
        }
        drop(pipe);
        self.wake();
    }

    /// Writes one encoded frame, after the opening frames and other
    /// callers' frames, waiting for them at most `timeout`; the frame
    /// itself may stall for `timeout` too.
    pub(crate) fn write(&self, frame: &[u8], timeout: Duration) -> Result<(), SendError> {
        let mut pipe = lock(&self.pipe);
        if matches!(*pipe, Pipe::Opening | Pipe::Busy) {
            self.waiting.fetch_add(1, Ordering::SeqCst);
            pipe = self
                .changed
                .wait_timeout_while(pipe, timeout, |p| matches!(p, Pipe::Opening | Pipe::Busy))
                .unwrap_or_else(|p| p.into_inner())
                .0;
            self.waiting.fetch_sub(1, Ordering::SeqCst);
        }
        let mut stdin = match std::mem::replace(&mut *pipe, Pipe::Busy) {
            Pipe::Open(stdin) => stdin,
            other @ (Pipe::Opening | Pipe::Busy) => {
                *pipe = other;
                return Err(SendError::Waited);
            }
            other @ (Pipe::Closing(_) | Pipe::Closed) => {
                *pipe = other;
                return Err(SendError::Closed);
            }
        };
        drop(pipe);
        self.flush_queued(&mut stdin);
        let result = write_all_progressing(&mut stdin, frame, timeout);
        if result.is_ok() {
            // Never in the middle of a frame that did not go out whole.
            self.flush_queued(&mut stdin);
        }
        {
            let mut pipe = lock(&self.pipe);
            match std::mem::replace(&mut *pipe, Pipe::Closed) {
                Pipe::Busy => *pipe = Pipe::Open(stdin),
                // Closed meanwhile: the Shutdown goes out now, and dropping
                // stdin tells the worker to end.
                Pipe::Closing(pending) => self.send_shutdown(&mut stdin, pending),
                _ => {}
            }
        }
        self.wake();
        result.map_err(SendError::Pipe)
    }

    /// Writes a small control frame now if the pipe takes it whole, or
    /// queues it for the next write. Frames for a pipe that is gone are
    /// dropped (the worker, and what the frame was about, went with it).
    pub(crate) fn control(&self, frame: Vec<u8>) {
        if let Err(SendError::Waited | SendError::Pipe(WriteError::Full { partial: false })) =
            self.write(&frame, Duration::ZERO)
        {
            lock(&self.queued).push(frame);
        }
    }

    /// Closes the pipe: `Shutdown(pending)` goes out behind the frame being
    /// written, if any, or now; then the worker sees the end of its input.
    pub(crate) fn close(&self, pending: Pending) {
        let taken = {
            let mut pipe = lock(&self.pipe);
            match &*pipe {
                // A caller is writing: it sends the Shutdown when its frame
                // is out. One stuck on a worker that stopped reading is
                // freed when the worker is killed.
                Pipe::Busy => {
                    *pipe = Pipe::Closing(pending);
                    Pipe::Closed
                }
                _ => std::mem::replace(&mut *pipe, Pipe::Closed),
            }
        };
        self.wake();
        if let Pipe::Open(mut stdin) = taken {
            self.send_shutdown(&mut stdin, pending);
            // Dropping stdin closes the pipe.
        }
    }

    /// Wakes the callers waiting for the pipe, if any.
    fn wake(&self) {
        if self.waiting.load(Ordering::SeqCst) > 0 {
            self.changed.notify_all();
        }
    }

    /// Sends the frames that found the pipe busy or full, as far as the
    /// pipe takes them now (each is small: whole or not at all).
    fn flush_queued(&self, stdin: &mut ChildStdin) {
        let mut queued = lock(&self.queued);
        while let Some(frame) = queued.first() {
            if write_all_progressing(stdin, frame, Duration::ZERO).is_err() {
                return;
            }
            queued.remove(0);
        }
    }

    /// Sends `Shutdown(pending)` without waiting (a stuck worker's pipe may
    /// be full of requests it never read; the kill after the close grace
    /// period settles that case).
    fn send_shutdown(&self, stdin: &mut ChildStdin, pending: Pending) {
        self.flush_queued(stdin);
        if let Ok(frame) = encode_frame(&ToWorker::Shutdown(pending), self.max_frame) {
            let _ = write_all_progressing(stdin, &frame, Duration::ZERO);
        }
    }
}
