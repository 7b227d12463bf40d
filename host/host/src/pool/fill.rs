//! What both pools share: the idle entries, kept at the pool's size by a
//! filler thread until the pool closes.

use std::{
    sync::{Condvar, Mutex},
    thread,
    time::Duration,
};

use remoteobj_pipe::{deadline_after, lock};

use crate::error::Error;

/// A pool's idle entries (worker processes, or loaded objects) and the
/// condition its filler and its takers wait on.
pub(super) struct Shared<T> {
    idle: Mutex<Idle<T>>,
    changed: Condvar,
    size: usize,
}

struct Idle<T> {
    entries: Vec<T>,
    closed: bool,
}

impl<T> Shared<T> {
    pub(super) fn new(size: usize) -> Self {
        Shared {
            idle: Mutex::new(Idle {
                entries: Vec::with_capacity(size),
                closed: false,
            }),
            changed: Condvar::new(),
            size,
        }
    }

    /// How many entries the pool keeps.
    pub(super) fn size(&self) -> usize {
        self.size
    }

    /// How many entries are idle now.
    pub(super) fn len(&self) -> usize {
        lock(&self.idle).entries.len()
    }

    /// Takes an idle entry, if there is one (the filler starts another).
    pub(super) fn take(&self) -> Option<T> {
        let taken = lock(&self.idle).entries.pop();
        self.changed.notify_all();
        taken
    }

    /// Waits until `size` entries are idle, at most `timeout`; true if they
    /// are.
    pub(super) fn wait_until_full(&self, timeout: Duration) -> bool {
        let deadline = deadline_after(timeout);
        let mut idle = lock(&self.idle);
        while idle.entries.len() < self.size {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            idle = self
                .changed
                .wait_timeout(idle, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        true
    }

    /// Closes the pool: stops `filler` and returns every idle entry, for
    /// the caller to dispose of.
    pub(super) fn close(&self, filler: Option<thread::JoinHandle<()>>) -> Vec<T> {
        let mut entries = {
            let mut idle = lock(&self.idle);
            idle.closed = true;
            std::mem::take(&mut idle.entries)
        };
        self.changed.notify_all();
        if let Some(filler) = filler {
            let _ = filler.join();
        }
        // The filler may have added one while closing.
        entries.append(&mut lock(&self.idle).entries);
        entries
    }
}

/// Keeps the pool full until it closes. An entry that cannot be started is
/// logged and tried again a second later (a taker finding the pool empty
/// starts its own).
pub(super) fn fill<T>(shared: &Shared<T>, start: impl Fn(u64) -> Result<T, Error>) {
    let mut n = 0;
    loop {
        {
            let mut idle = lock(&shared.idle);
            while !idle.closed && idle.entries.len() >= shared.size {
                idle = shared.changed.wait(idle).unwrap_or_else(|p| p.into_inner());
            }
            if idle.closed {
                return;
            }
        }
        n += 1;
        match start(n) {
            Ok(entry) => {
                lock(&shared.idle).entries.push(entry);
                shared.changed.notify_all();
            }
            Err(e) => {
                let why = match std::error::Error::source(&e) {
                    Some(source) => format!("{e}: {source}"),
                    None => e.to_string(),
                };
                tracing::warn!(target: "remoteobj::pool", "could not start a pooled worker: {why}");
                let idle = lock(&shared.idle);
                if !idle.closed {
                    let _ = shared.changed.wait_timeout(idle, Duration::from_secs(1));
                }
            }
        }
    }
}
