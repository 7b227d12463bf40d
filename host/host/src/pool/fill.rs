//! What both pools share: the idle entries, oldest first, kept at the
//! pool's size by a filler thread until the pool closes.

use std::{
    collections::VecDeque,
    sync::{Condvar, Mutex},
    thread,
    time::{Duration, Instant},
};

use remoteobj_pipe::{deadline_after, lock};

use crate::error::Error;

/// How often the filler looks for idle entries that died.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// The longest the filler waits before trying again after failures.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A pool's idle entries (worker processes, or loaded objects) and the
/// condition its filler and its takers wait on.
pub(super) struct Shared<T> {
    idle: Mutex<Idle<T>>,
    changed: Condvar,
    size: usize,
}

struct Idle<T> {
    entries: VecDeque<T>,
    closed: bool,
}

/// How a pool's entries are made and looked after.
pub(super) struct Entries<S, K, D> {
    /// Makes the `n`th entry.
    pub start: S,
    /// Whether an idle entry is still usable (a dead one is not).
    pub usable: K,
    /// Disposes of one that is not, or of what is idle when the pool closes.
    pub dispose: D,
}

impl<T> Shared<T> {
    pub(super) fn new(size: usize) -> Self {
        Shared {
            idle: Mutex::new(Idle {
                entries: VecDeque::with_capacity(size),
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

    /// Whether the pool is closing.
    pub(super) fn closed(&self) -> bool {
        lock(&self.idle).closed
    }

    /// Takes the oldest idle entry, if there is one (the filler starts
    /// another).
    pub(super) fn take(&self) -> Option<T> {
        let taken = lock(&self.idle).entries.pop_front();
        if taken.is_some() {
            self.changed.notify_all();
        }
        taken
    }

    /// Waits until `size` entries are idle, at most `timeout`; true if they
    /// are.
    pub(super) fn wait_until_full(&self, timeout: Duration) -> bool {
        self.wait_for(timeout, |idle| idle.entries.len() >= self.size)
    }

    /// Closes the pool: stops `filler` and returns every idle entry, for
    /// the caller to dispose of.
    pub(super) fn close(&self, filler: Option<thread::JoinHandle<()>>) -> Vec<T> {
        let mut entries: Vec<T> = {
            let mut idle = lock(&self.idle);
            idle.closed = true;
            idle.entries.drain(..).collect()
        };
        self.changed.notify_all();
        if let Some(filler) = filler {
            let _ = filler.join();
        }
        // The filler may have added one while closing.
        entries.extend(lock(&self.idle).entries.drain(..));
        entries
    }

    /// Waits up to `timeout` for the pool's closing; true if it closed.
    fn wait_or_closed(&self, timeout: Duration) -> bool {
        self.wait_for(timeout, |idle| idle.closed)
    }

    /// Waits up to `timeout` until `done` holds; whether it does.
    fn wait_for(&self, timeout: Duration, done: impl Fn(&Idle<T>) -> bool) -> bool {
        let deadline = deadline_after(timeout);
        let mut idle = lock(&self.idle);
        while !done(&idle) {
            let left = deadline.saturating_duration_since(Instant::now());
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
}

/// Keeps the pool full until it closes, and drops idle entries that are no
/// longer usable. An entry that cannot be started is logged and tried again
/// after a wait that doubles with each failure in a row (1 s to a minute):
/// a component that never loads costs a load a minute, not a second (a
/// taker finding the pool empty starts its own).
pub(super) fn fill<T, S, K, D>(shared: &Shared<T>, entries: Entries<S, K, D>)
where
    S: Fn(u64) -> Result<T, Error>,
    K: Fn(&mut T) -> bool,
    D: Fn(T),
{
    let mut n = 0;
    let mut backoff = Duration::from_secs(1);
    loop {
        let unusable = {
            let mut idle = lock(&shared.idle);
            loop {
                if idle.closed {
                    return;
                }
                let mut keep = VecDeque::with_capacity(shared.size);
                let mut gone = Vec::new();
                for mut entry in std::mem::take(&mut idle.entries) {
                    if (entries.usable)(&mut entry) {
                        keep.push_back(entry);
                    } else {
                        gone.push(entry);
                    }
                }
                idle.entries = keep;
                if !gone.is_empty() || idle.entries.len() < shared.size {
                    break gone;
                }
                idle = shared
                    .changed
                    .wait_timeout(idle, CHECK_EVERY)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
        };
        for entry in unusable {
            (entries.dispose)(entry);
        }
        {
            let idle = lock(&shared.idle);
            if idle.closed {
                return;
            }
            if idle.entries.len() >= shared.size {
                continue;
            }
        }
        n += 1;
        match (entries.start)(n) {
            Ok(entry) => {
                backoff = Duration::from_secs(1);
                lock(&shared.idle).entries.push_back(entry);
                shared.changed.notify_all();
            }
            // Given up because the pool closed: nothing to say.
            Err(_) if shared.closed() => return,
            Err(e) => {
                let why = match std::error::Error::source(&e) {
                    Some(source) => format!("{e}: {source}"),
                    None => e.to_string(),
                };
                tracing::warn!(
                    target: "remoteobj::pool",
                    "could not start a pooled worker (trying again in {backoff:?}): {why}"
                );
                if shared.wait_or_closed(backoff) {
                    return;
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}
