//! [`Host`]: how objects are started (worker command, timeouts, frame limit).

use std::time::Duration;

use crate::error::Error;
use crate::object::{RemoteObject, Settings, opening_frames};
use crate::protocol::{ComponentSource, DEFAULT_MAX_FRAME, Load, Pending};
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
    start_timeout: Duration,
    settings: Settings,
}

impl Default for Host {
    fn default() -> Self {
        Host {
            worker: WorkerCommand::current_exe(),
            start_timeout: Duration::from_secs(30),
            settings: Settings {
                request_timeout: Duration::from_secs(30),
                max_frame: DEFAULT_MAX_FRAME,
                close_grace: Duration::from_secs(2),
                on_close: Pending::Fulfill,
                kill_on_timeout: false,
            },
        }
    }
}

impl Host {
    /// A host that re-runs the current executable as its workers, with a 30 s
    /// request timeout, a 30 s start timeout, 64 MiB frames, and objects
    /// that answer pending requests when closed, within 2 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts workers with `command` instead of the current executable.
    pub fn worker_command(mut self, command: WorkerCommand) -> Self {
        self.worker = command;
        self
    }

    /// How long a request waits for its answer before [`Error::Timeout`].
    ///
    /// A request that times out is withdrawn: unless the object has taken it
    /// up by the time the withdrawal reaches the worker (an active object's
    /// loop busy between cooperative points has not), it never runs. The
    /// object stays usable, unless [`kill_on_timeout`](Self::kill_on_timeout)
    /// says otherwise.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.settings.request_timeout = timeout;
        self
    }

    /// Whether a request that times out kills its object's worker (default
    /// `false`). For hosts that treat an object that does not answer in
    /// time as broken: the caller gets [`Error::Timeout`], and every pending
    /// and later request [`Error::WorkerDied`], saying why it was killed.
    pub fn kill_on_timeout(mut self, kill: bool) -> Self {
        self.settings.kill_on_timeout = kill;
        self
    }

    /// What closing (or dropping) an object does with requests that are
    /// still unanswered: answer them first ([`Pending::Fulfill`], the
    /// default) or fail them at once with [`Error::Cancelled`]
    /// ([`Pending::Cancel`]). The seed's `fulfill_final`.
    /// [`RemoteObject::close_with`] chooses per close.
    pub fn pending_on_close(mut self, pending: Pending) -> Self {
        self.settings.on_close = pending;
        self
    }

    /// How long closing an object waits for its worker to answer what is
    /// pending, end its loop and exit before killing it (default 2 s).
    /// Requests still unanswered then fail with [`Error::Cancelled`].
    pub fn close_grace(mut self, grace: Duration) -> Self {
        self.settings.close_grace = grace;
        self
    }

    /// How long [`spawn`](Self::spawn) waits for the object to listen.
    pub fn start_timeout(mut self, timeout: Duration) -> Self {
        self.start_timeout = timeout;
        self
    }

    /// The largest frame sent or accepted on the host's side of the pipe.
    pub fn max_frame(mut self, bytes: usize) -> Self {
        self.settings.max_frame = bytes;
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
            max_frame: self.settings.max_frame as u64,
        };
        let opening = opening_frames(load, self.settings.max_frame)?;
        let spawned = spawn(&self.worker, &name)?;
        RemoteObject::start(spawned, name, opening, self.settings.clone())
    }
}
