//! Worker pools: processes started ahead of time, so that starting an object
//! skips creating its process.

use std::{
    sync::{Arc, Condvar, Mutex},
    thread,
    time::Duration,
};

use remoteobj_pipe::{deadline_after, lock};
use remoteobj_protocol::ComponentSource;

use crate::error::Error;
use crate::object::RemoteObject;
use crate::spawn::{Spawned, spawn};
use crate::starter::Starter;

/// Idle worker processes, started ahead of time by a
/// [`Host`](crate::Host) (see [`Host::pool`](crate::Host::pool)) and kept at `size`: [`spawn`](Self::spawn) hands one
/// the component at once instead of starting a process, and a replacement
/// is started in the background. When the pool is empty, `spawn` starts a
/// process as [`Host::spawn`](crate::Host::spawn) does. Objects keep the host's settings, and
/// outlive the pool; idle workers are killed when it is dropped. (A pooled
/// worker's own stderr lines are tagged `pooled worker N`, not with the
/// object's name; the guest's output is tagged with the object's.)
pub struct WorkerPool {
    starter: Starter,
    shared: Arc<Shared>,
    filler: Option<thread::JoinHandle<()>>,
}

struct Shared {
    idle: Mutex<Idle>,
    changed: Condvar,
    size: usize,
}

struct Idle {
    workers: Vec<Spawned>,
    closed: bool,
}

impl std::fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerPool")
            .field("size", &self.shared.size)
            .field("idle", &self.idle())
            .finish()
    }
}

impl WorkerPool {
    pub(crate) fn new(starter: Starter, size: usize) -> Result<Self, Error> {
        let shared = Arc::new(Shared {
            idle: Mutex::new(Idle {
                workers: Vec::with_capacity(size),
                closed: false,
            }),
            changed: Condvar::new(),
            size,
        });
        let command = starter.worker.clone();
        let filling = shared.clone();
        let filler = thread::Builder::new()
            .name("remoteobj-pool".into())
            .spawn(move || fill(&filling, |n| spawn(&command, &format!("pooled worker {n}"))))
            .map_err(|e| Error::spawn_io("the pool", "starting its thread", e))?;
        Ok(WorkerPool {
            starter,
            shared,
            filler: Some(filler),
        })
    }

    /// How many idle workers are ready now.
    pub fn idle(&self) -> usize {
        lock(&self.shared.idle).workers.len()
    }

    /// How many idle workers the pool keeps.
    pub fn size(&self) -> usize {
        self.shared.size
    }

    /// Waits until the pool holds `size` idle workers, at most `timeout`;
    /// true if it does.
    pub fn wait_until_full(&self, timeout: Duration) -> bool {
        let deadline = deadline_after(timeout);
        let mut idle = lock(&self.shared.idle);
        while idle.workers.len() < self.shared.size {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            idle = self
                .shared
                .changed
                .wait_timeout(idle, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        true
    }

    /// Like [`Host::spawn`](crate::Host::spawn), on an idle worker when
    /// there is one.
    pub fn spawn(&self, component: ComponentSource) -> Result<RemoteObject, Error> {
        let name = component.default_name();
        self.spawn_named(name, component)
    }

    /// Like [`Host::spawn_named`](crate::Host::spawn_named), on an idle
    /// worker when there is one.
    pub fn spawn_named(
        &self,
        name: impl Into<String>,
        component: ComponentSource,
    ) -> Result<RemoteObject, Error> {
        self.starter
            .spawn_with(name.into(), component, |command, name| {
                match self.take_live() {
                    Some(worker) => Ok(worker),
                    None => spawn(command, name),
                }
            })
    }
}

impl WorkerPool {
    /// An idle worker that is still running (one that died while idle is
    /// reaped and skipped).
    fn take_live(&self) -> Option<Spawned> {
        loop {
            let taken = lock(&self.shared.idle).workers.pop();
            self.shared.changed.notify_all();
            let mut worker = taken?;
            match worker.process.try_reap() {
                Ok(None) => return Some(worker),
                // Reaped: discarding it signals nothing (its pid may be
                // another process's already).
                _ => worker.discard(),
            }
        }
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        let workers = {
            let mut idle = lock(&self.shared.idle);
            idle.closed = true;
            std::mem::take(&mut idle.workers)
        };
        self.shared.changed.notify_all();
        if let Some(filler) = self.filler.take() {
            let _ = filler.join();
        }
        // The filler may have added one while closing.
        let late = std::mem::take(&mut lock(&self.shared.idle).workers);
        for worker in workers.into_iter().chain(late) {
            worker.discard();
        }
    }
}

/// Keeps the pool full until it closes. A worker that cannot be started is
/// logged and tried again a second later (`spawn` then starts its own).
fn fill(shared: &Shared, start: impl Fn(u64) -> Result<Spawned, Error>) {
    let mut n = 0;
    loop {
        {
            let mut idle = lock(&shared.idle);
            while !idle.closed && idle.workers.len() >= shared.size {
                idle = shared.changed.wait(idle).unwrap_or_else(|p| p.into_inner());
            }
            if idle.closed {
                return;
            }
        }
        n += 1;
        match start(n) {
            Ok(worker) => {
                lock(&shared.idle).workers.push(worker);
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
