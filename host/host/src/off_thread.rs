//! Blocking operations for async callers: starting an object, joining its
//! loop and closing it wait on a process or on the object's loop, not on
//! one answer, so their async forms run the blocking form on a thread of
//! their own and wake the awaiting task when it returns. No runtime is
//! needed (or assumed).

use std::{
    future::Future,
    panic::{self, AssertUnwindSafe},
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll, Waker},
    thread,
};

use remoteobj_pipe::lock;

use crate::error::Error;

/// What the thread returned (or its panic), and the task to wake for it.
struct Slot<T> {
    done: Option<thread::Result<Result<T, Error>>>,
    waker: Option<Waker>,
}

/// The result of a blocking operation running on its own thread. Dropping
/// it does not stop the operation; its result is dropped when it comes.
pub(crate) struct OffThread<T> {
    slot: Arc<Mutex<Slot<T>>>,
    /// The thread could not be started.
    failed: Option<Error>,
}

/// Runs `op` on a thread named `name` and returns its result as a future.
pub(crate) fn off_thread<T: Send + 'static>(
    name: &str,
    op: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> OffThread<T> {
    let slot = Arc::new(Mutex::new(Slot {
        done: None,
        waker: None,
    }));
    let filled = slot.clone();
    let started = thread::Builder::new().name(name.into()).spawn(move || {
        let done = panic::catch_unwind(AssertUnwindSafe(op));
        let waker = {
            let mut slot = lock(&filled);
            slot.done = Some(done);
            slot.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    });
    let failed = started.err().map(|e| {
        Error::spawn_io(
            "(this process)",
            &format!("starting the thread `{name}`"),
            e,
        )
    });
    OffThread { slot, failed }
}

impl<T> Future for OffThread<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(e) = self.failed.take() {
            return Poll::Ready(Err(e));
        }
        let mut slot = lock(&self.slot);
        match slot.done.take() {
            Some(Ok(result)) => Poll::Ready(result),
            // The operation panicked: so does its awaiter, as a blocking
            // caller would have.
            Some(Err(panicked)) => {
                drop(slot);
                panic::resume_unwind(panicked)
            }
            None => {
                match &mut slot.waker {
                    Some(waker) => waker.clone_from(cx.waker()),
                    none => *none = Some(cx.waker().clone()),
                }
                Poll::Pending
            }
        }
    }
}
