//! [`Host`]: how objects are started (worker command, timeouts, frame limit).

use std::time::Duration;

use crate::error::Error;
use crate::object::{RemoteObject, opening_frames};
use crate::protocol::{ComponentSource, DEFAULT_MAX_FRAME, Load};
use crate::spawn::{WorkerCommand, spawn};

/// Starts remote objects, one worker subprocess each.
///
/// ```no_run
/// use remoteobj_host::{ComponentSource, Host};
///
/// remoteobj_host::worker::main_if_worker(); // first thing in main
/// let host = Host::new();
/// let obj = host.spawn(ComponentSource::file("counter.wasm"))?;
/// let counter = obj.proxy();
/// counter.attr("inc").call::<()>(())?;
/// assert_eq!(counter.attr("x").get::<i64>()?, 1);
/// # Ok::<(), remoteobj_host::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Host {
    worker: WorkerCommand,
    request_timeout: Duration,
    start_timeout: Duration,
    max_frame: usize,
}

impl Default for Host {
    fn default() -> Self {
        Host {
            worker: WorkerCommand::current_exe(),
            request_timeout: Duration::from_secs(30),
            start_timeout: Duration::from_secs(30),
            max_frame: DEFAULT_MAX_FRAME,
        }
    }
}

impl Host {
    /// A host that re-runs the current executable as its workers, with a 30 s
    /// request timeout, a 30 s start timeout and 64 MiB frames.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts workers with `command` instead of the current executable.
    pub fn worker_command(mut self, command: WorkerCommand) -> Self {
        self.worker = command;
        self
    }

    /// How long a request waits for its answer before [`Error::Timeout`].
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long [`spawn`](Self::spawn) waits for the object to listen.
    pub fn start_timeout(mut self, timeout: Duration) -> Self {
        self.start_timeout = timeout;
        self
    }

    /// The largest frame sent or accepted on the host's side of the pipe.
    pub fn max_frame(mut self, bytes: usize) -> Self {
        self.max_frame = bytes;
        self
    }

    /// Starts a worker for `component` and waits until the object listens.
    pub fn spawn(&self, component: ComponentSource) -> Result<RemoteObject, Error> {
        let name = component.default_name();
        self.spawn_named(name, component)
    }

    /// Like [`spawn`](Self::spawn), with a name for logs and errors.
    pub fn spawn_named(
        &self,
        name: impl Into<String>,
        component: ComponentSource,
    ) -> Result<RemoteObject, Error> {
        let obj = self.start_named(name, component)?;
        obj.wait_until_listening(self.start_timeout)?;
        Ok(obj)
    }

    /// Starts a worker and returns at once; the object listens once its
    /// component is loaded (see
    /// [`RemoteObject::wait_until_listening`]). Until then requests fail with
    /// [`Error::NotListening`] and resolves with a default return the default.
    pub fn start_named(
        &self,
        name: impl Into<String>,
        component: ComponentSource,
    ) -> Result<RemoteObject, Error> {
        let name = name.into();
        let load = Load {
            name: name.clone(),
            component,
            max_frame: self.max_frame as u64,
        };
        let opening = opening_frames(load, self.max_frame)?;
        let spawned = spawn(&self.worker, &name)?;
        RemoteObject::start(spawned, name, opening, self.request_timeout, self.max_frame)
    }
}
