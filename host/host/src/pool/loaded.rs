//! A pool of one component's objects, loaded ahead of time: taking one is
//! taking an object already listening, not a load.

use std::{sync::Arc, thread, time::Duration};

use remoteobj_protocol::ComponentSource;

use super::fill::{Entries, Shared, fill};
use crate::error::Error;
use crate::object::RemoteObject;
use crate::spawn::spawn;
use crate::starter::Starter;

/// Objects of one component, each in its own worker with the component
/// loaded and listening, started ahead of time by a
/// [`Host`](crate::Host) (see [`Host::loaded_pool`](crate::Host::loaded_pool))
/// and kept at `size`: [`spawn`](Self::spawn) hands one over at once, and a
/// replacement loads in the background. When the pool is empty, `spawn`
/// starts and loads a worker as [`Host::spawn`](crate::Host::spawn) does.
///
/// Every object is fresh: none has had a request before it is handed over.
/// An active object's loop, though, starts when its worker loads it, so a
/// pooled one has been running (and its state moving) since then; take
/// such objects from [`Host::spawn`](crate::Host::spawn) or a
/// [`WorkerPool`](crate::WorkerPool) when that matters. Objects keep the
/// host's settings and outlive the pool; idle ones, never handed out, are
/// killed when it is dropped.
pub struct LoadedPool {
    starter: Starter,
    name: String,
    component: ComponentSource,
    shared: Arc<Shared<RemoteObject>>,
    filler: Option<thread::JoinHandle<()>>,
}

impl std::fmt::Debug for LoadedPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPool")
            .field("name", &self.name)
            .field("size", &self.shared.size())
            .field("idle", &self.idle())
            .finish()
    }
}

impl LoadedPool {
    pub(crate) fn new(
        starter: Starter,
        component: ComponentSource,
        size: usize,
    ) -> Result<Self, Error> {
        let name = component.default_name();
        let shared = Arc::new(Shared::new(size));
        let filling = shared.clone();
        let (start, start_name, start_component) =
            (starter.clone(), name.clone(), component.clone());
        let filler = thread::Builder::new()
            .name("remoteobj-pool".into())
            .spawn(move || {
                let load = |_| load(&start, &filling, &start_name, &start_component);
                fill(
                    &filling,
                    Entries {
                        start: load,
                        usable: |obj: &mut RemoteObject| obj.is_listening(),
                        dispose: |obj: RemoteObject| obj.kill(),
                    },
                )
            })
            .map_err(|e| Error::spawn_io("the pool", "starting its thread", e))?;
        Ok(LoadedPool {
            starter,
            name,
            component,
            shared,
            filler: Some(filler),
        })
    }

    /// How many loaded objects are ready now.
    pub fn idle(&self) -> usize {
        self.shared.len()
    }

    /// How many loaded objects the pool keeps.
    pub fn size(&self) -> usize {
        self.shared.size()
    }

    /// Waits until the pool holds `size` loaded objects, at most
    /// `timeout`; true if it does.
    pub fn wait_until_full(&self, timeout: Duration) -> bool {
        self.shared.wait_until_full(timeout)
    }

    /// A loaded object, listening: one of the pool's when there is one
    /// still alive (one whose worker died while idle is dropped), else
    /// started and loaded now.
    pub fn spawn(&self) -> Result<RemoteObject, Error> {
        while let Some(obj) = self.shared.take() {
            if obj.is_listening() {
                return Ok(obj);
            }
            // Never handed out: nothing of it to wait for.
            obj.kill();
        }
        self.starter
            .spawn_with(self.name.clone(), self.component.clone(), spawn)
    }
}

impl Drop for LoadedPool {
    fn drop(&mut self) {
        // Never handed out: killed, not closed one after another.
        for obj in self.shared.close(self.filler.take()) {
            obj.kill();
        }
    }
}

/// How long a load waits between looks at whether the pool is closing.
const LOOK_EVERY: Duration = Duration::from_millis(50);

/// One object of `component`, loaded and listening, as `Host::spawn` makes
/// it; given up (and killed) as soon as the pool closes, so dropping the
/// pool never waits for a load.
fn load(
    starter: &Starter,
    shared: &Shared<RemoteObject>,
    name: &str,
    component: &ComponentSource,
) -> Result<RemoteObject, Error> {
    let obj = starter.start_with(name.to_string(), component.clone(), spawn)?;
    let deadline = remoteobj_pipe::deadline_after(starter.start_timeout);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match obj.wait_until_listening(left.min(LOOK_EVERY)) {
            Ok(()) => return Ok(obj),
            // Still loading: go on, unless the pool closed (the filler then
            // drops the error) or the host's start timeout is up.
            Err(Error::StartTimeout { .. }) if !left.is_zero() && !shared.closed() => {}
            Err(Error::StartTimeout { .. }) => {
                obj.kill();
                return Err(Error::StartTimeout {
                    object: name.to_string(),
                    after: starter.start_timeout,
                });
            }
            Err(e) => {
                obj.kill();
                return Err(e);
            }
        }
    }
}
