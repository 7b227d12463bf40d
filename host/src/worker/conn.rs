//! The worker's end of the pipe to its host.
//!
//! A reader thread decodes incoming frames into a channel, so the worker can
//! wait for the next message with a timeout: both the serve loop and an
//! active guest's `next-request` import read from here. Writes go through one
//! lock, one frame per `write_all`.

use std::{
    io::{Read, Write},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
        mpsc::{self, Receiver, RecvTimeoutError},
    },
    thread,
    time::Duration,
};

use crate::protocol::{FrameError, FromWorker, ToWorker, read_frame_with_limit, write_frame};

/// What arrived from the host: a message, a broken frame, or the end of the
/// stream.
pub type Incoming = Option<Result<ToWorker, FrameError>>;

/// The worker's connection to its host.
pub struct Conn {
    incoming: Mutex<Receiver<Result<ToWorker, FrameError>>>,
    out: Mutex<Box<dyn Write + Send>>,
    max_frame: Arc<AtomicUsize>,
    stop: AtomicBool,
}

impl Conn {
    /// Starts reading frames from `input` on a thread; answers go to `output`.
    pub fn new<R, W>(mut input: R, output: W, max_frame: usize) -> Arc<Self>
    where
        R: Read + Send + 'static,
        W: Write + Send + 'static,
    {
        let (tx, rx) = mpsc::channel();
        let limit = Arc::new(AtomicUsize::new(max_frame));
        let reader_limit = limit.clone();
        thread::Builder::new()
            .name("remoteobj-worker-reader".into())
            .spawn(move || {
                loop {
                    let max = || reader_limit.load(Ordering::Relaxed);
                    match read_frame_with_limit::<_, ToWorker>(&mut input, max) {
                        Ok(Some(msg)) => {
                            if tx.send(Ok(msg)).is_err() {
                                break;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            break;
                        }
                    }
                }
            })
            .expect("spawning the worker's reader thread");
        Arc::new(Conn {
            incoming: Mutex::new(rx),
            out: Mutex::new(Box::new(output)),
            max_frame: limit,
            stop: AtomicBool::new(false),
        })
    }

    /// Waits for the next message; `None` once the host closed the pipe.
    pub fn recv(&self) -> Incoming {
        self.incoming
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .recv()
            .ok()
    }

    /// Waits at most `timeout` for the next message. `Err(())` on timeout.
    #[allow(clippy::result_unit_err)]
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Incoming, ()> {
        let rx = self.incoming.lock().unwrap_or_else(|p| p.into_inner());
        match rx.recv_timeout(timeout) {
            Ok(msg) => Ok(Some(msg)),
            Err(RecvTimeoutError::Timeout) => Err(()),
            Err(RecvTimeoutError::Disconnected) => Ok(None),
        }
    }

    /// Sends one message as one frame.
    pub fn send(&self, msg: &FromWorker) -> Result<(), FrameError> {
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        write_frame(&mut *out, msg, self.max_frame())
    }

    /// The largest frame this connection sends or accepts.
    pub fn max_frame(&self) -> usize {
        self.max_frame.load(Ordering::Relaxed)
    }

    /// Adopts the host's frame limit (from its `Load`) for both directions.
    pub fn set_max_frame(&self, max: usize) {
        self.max_frame.store(max, Ordering::Relaxed);
    }

    /// Marks the session as ending (shutdown requested or pipe closed).
    pub fn set_stopping(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Whether the session is ending.
    pub fn is_stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}
