//! Worker pools: processes started ahead of time, so that starting an object
//! skips creating its process ([`WorkerPool`]), or skips loading its
//! component too ([`LoadedPool`], in `loaded.rs`); both are kept full by
//! `fill.rs`.

mod fill;
mod loaded;

use std::{sync::Arc, thread, time::Duration};

use remoteobj_protocol::ComponentSource;

use crate::error::Error;
use crate::object::RemoteObject;
use crate::spawn::{Spawned, spawn};
use crate::starter::Starter;
use fill::{Entries, Shared, fill};

pub use loaded::LoadedPool;

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
    shared: Arc<Shared<Spawned>>,
    filler: Option<thread::JoinHandle<()>>,
}

impl std::fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerPool")
            .field("size", &self.shared.size())
            .field("idle", &self.idle())
            .finish()
    }
}

impl WorkerPool {
    pub(crate) fn new(starter: Starter, size: usize) -> Result<Self, Error> {
        let shared = Arc::new(Shared::new(size));
        let command = starter.worker.clone();
        let filling = shared.clone();
        let filler = thread::Builder::new()
            .name("remoteobj-pool".into())
            .spawn(move || {
                fill(
                    &filling,
                    Entries {
                        start: |n| spawn(&command, &format!("pooled worker {n}")),
                        usable: |w: &mut Spawned| matches!(w.process.try_reap(), Ok(None)),
                        dispose: Spawned::discard,
                    },
                )
            })
            .map_err(|e| Error::spawn_io("the pool", "starting its thread", e))?;
        Ok(WorkerPool {
            starter,
            shared,
            filler: Some(filler),
        })
    }

    /// How many idle workers are ready now.
    pub fn idle(&self) -> usize {
        self.shared.len()
    }

    /// How many idle workers the pool keeps.
    pub fn size(&self) -> usize {
        self.shared.size()
    }

    /// Waits until the pool holds `size` idle workers, at most `timeout`;
    /// true if it does.
    pub fn wait_until_full(&self, timeout: Duration) -> bool {
        self.shared.wait_until_full(timeout)
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
            let mut worker = self.shared.take()?;
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
        for worker in self.shared.close(self.filler.take()) {
            worker.discard();
        }
    }
}
