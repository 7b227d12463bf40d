//! [`Host`]: how objects are started (worker command, timeouts, frame limit)
//! and what they may reach and use (grants, limits, restart policy). A
//! builder over the [`Starter`] that does the starting.

use std::{path::PathBuf, time::Duration};

use remoteobj_protocol::{
    ComponentSource, DirAccess, DirGrant, Grants, Limits, Pending, RestartPolicy, WaitMode,
};

use crate::error::Error;
use crate::object::RemoteObject;
use crate::pool::{LoadedPool, WorkerPool};
use crate::spawn::{WorkerCommand, spawn};
use crate::starter::Starter;

/// Starts remote objects, one worker subprocess each.
///
/// Its settings apply to every object it starts; clone it to give one kind
/// of object other grants or limits. An object is granted nothing unless
/// asked for here (no files, environment, arguments or network).
///
/// ```no_run
/// use remoteobj_host::{ComponentSource, Host};
///
/// remoteobj_host::main_if_worker(); // first thing in main
/// let host = Host::new();
/// let obj = host.spawn(ComponentSource::file("counter.wasm"))?;
/// let counter = obj.proxy();
/// counter.attr("inc").call::<()>(())?;
/// assert_eq!(counter.attr("x").get::<i64>()?, 1);
/// # Ok::<(), remoteobj_host::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Host {
    starter: Starter,
}

impl Host {
    /// A host that re-runs the current executable as its workers, with a 30 s
    /// request timeout, a 30 s start timeout, 64 MiB frames, components of
    /// at most 256 MiB, at most 4096
    /// requests in flight per object, objects that answer pending requests
    /// when closed (within 2 s), nothing granted, the default [`Limits`],
    /// no restarts, and the compiled-code cache at its default location
    /// ([`CompileCache::default_dir`](crate::CompileCache::default_dir)).
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts workers with `command` instead of the current executable.
    pub fn worker_command(mut self, command: WorkerCommand) -> Self {
        self.starter.worker = command;
        self
    }

    /// How long a request waits for its answer before [`Error::Timeout`],
    /// counted from when it is written (waiting for the pipe, behind other
    /// callers' frames, has its own limit of the same length).
    ///
    /// A request that times out is withdrawn: unless the object has taken it
    /// up by the time the withdrawal reaches the worker (an active object's
    /// loop busy between cooperative points has not), it never runs. The
    /// object stays usable, unless [`kill_on_timeout`](Self::kill_on_timeout)
    /// says otherwise.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.starter.settings.request_timeout = timeout;
        self
    }

    /// Whether a request that times out kills its object's worker (default
    /// `false`). For hosts that treat an object that does not answer in
    /// time as broken: the caller gets [`Error::Timeout`], and every pending
    /// and later request [`Error::WorkerDied`], saying why it was killed.
    pub fn kill_on_timeout(mut self, kill: bool) -> Self {
        self.starter.settings.kill_on_timeout = kill;
        self
    }

    /// What closing (or dropping) an object does with requests that are
    /// still unanswered: answer them first ([`Pending::Fulfill`], the
    /// default) or fail them at once with [`Error::Cancelled`]
    /// ([`Pending::Cancel`]). Python remoteobj's `fulfill_final`.
    /// [`RemoteObject::close_with`] chooses per close.
    pub fn pending_on_close(mut self, pending: Pending) -> Self {
        self.starter.settings.on_close = pending;
        self
    }

    /// How long closing an object waits for its worker to answer what is
    /// pending, end its loop and exit before killing it (default 2 s).
    /// Requests still unanswered then fail with [`Error::Cancelled`].
    pub fn close_grace(mut self, grace: Duration) -> Self {
        self.starter.settings.close_grace = grace;
        self
    }

    /// How long [`spawn`](Self::spawn) waits for the object to listen.
    pub fn start_timeout(mut self, timeout: Duration) -> Self {
        self.starter.start_timeout = timeout;
        self
    }

    /// The largest frame either side of the pipe sends or accepts (default
    /// 64 MiB): a larger request fails with [`Error::FrameTooLarge`], a
    /// larger answer with [`ErrorKind::FrameLimit`](crate::ErrorKind::FrameLimit);
    /// nothing is sent, and the object lives on.
    pub fn max_frame(mut self, bytes: usize) -> Self {
        self.starter.settings.max_frame = bytes;
        self
    }

    /// The largest component a worker loads, in bytes (default 256 MiB,
    /// [`DEFAULT_MAX_COMPONENT`](crate::DEFAULT_MAX_COMPONENT)). A larger
    /// file fails the load by its size, without being read: [`Error::LoadFailed`]
    /// saying "component file PATH is N bytes, over the limit of M bytes".
    /// What is not a regular file (a device, a pipe) or grows while it is
    /// read is read only up to the limit, then fails the same way ("is over
    /// the limit"), so pointing a host at `/dev/zero` fails instead of
    /// reading for ever. Components sent as bytes are held to it too (and
    /// to [`max_frame`](Self::max_frame)).
    pub fn max_component_size(mut self, bytes: u64) -> Self {
        self.starter.load.max_component = bytes;
        self
    }

    /// Most requests one object may have in flight, from all its proxies
    /// (default 4096), pending replies that were dropped included until
    /// they are answered (fire-and-forget requests are not counted). One
    /// more fails at once with [`Error::TooManyPending`] and is not sent.
    pub fn max_pending(mut self, requests: usize) -> Self {
        self.starter.settings.max_pending = requests;
        self
    }

    /// How many values an active object's loop may emit ahead of the host
    /// taking them from [`RemoteObject::stream`] (64 by default; at least
    /// 1): when that many wait, the loop's `emit` blocks, answering
    /// requests meanwhile, until the host takes some.
    pub fn stream_capacity(mut self, values: u32) -> Self {
        self.starter.settings.stream_capacity = values.max(1);
        self
    }

    /// How the host and its workers wait for each other's messages:
    /// [`WaitMode::Block`] (the default) or [`WaitMode::Spin`], which spins
    /// for a short window before blocking: faster round trips while an
    /// object is busy, at the cost of CPU while spinning.
    pub fn wait_mode(mut self, mode: WaitMode) -> Self {
        self.starter.settings.wait = mode;
        self
    }

    /// Lets the guest open the host directory `host` at the guest path
    /// `guest` (for example `/data`), read-only or read-write. A directory
    /// that does not exist makes the object fail to load.
    pub fn grant_dir(
        mut self,
        host: impl Into<PathBuf>,
        guest: impl Into<String>,
        access: DirAccess,
    ) -> Self {
        self.starter.load.grants.dirs.push(DirGrant {
            host: host.into(),
            guest: guest.into(),
            access,
        });
        self
    }

    /// Lets the guest see the environment variable `name` with `value`.
    /// The host's own environment is never passed on.
    pub fn grant_env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.starter
            .load
            .grants
            .env
            .push((name.into(), value.into()));
        self
    }

    /// The guest's command-line arguments (none by default).
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.starter.load.grants.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// Sets every grant at once.
    pub fn grants(mut self, grants: Grants) -> Self {
        self.starter.load.grants = grants;
        self
    }

    /// Sets every limit at once (see [`Limits`] for each and its default).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.starter.load.limits = limits;
        self
    }

    /// Largest size of each of the guest's linear memories (default 256 MiB).
    pub fn memory_limit(mut self, bytes: u64) -> Self {
        self.starter.load.limits.memory = bytes;
        self
    }

    /// Longest a request may take in guest code, from entering it to
    /// returning (default 10 s); see [`Limits::call_time`].
    pub fn call_time_limit(mut self, limit: Duration) -> Self {
        self.starter.load.limits.call_time = limit;
        self
    }

    /// Longest an active object's loop may run without serving requests
    /// (default 10 s); see [`Limits::loop_slice`].
    pub fn loop_slice_limit(mut self, limit: Duration) -> Self {
        self.starter.load.limits.loop_slice = limit;
        self
    }

    /// Fuel (instructions) each request may use; `None`, the default,
    /// meters nothing.
    pub fn fuel(mut self, fuel: Option<u64>) -> Self {
        self.starter.load.limits.fuel = fuel;
        self
    }

    /// Where workers keep compiled components
    /// ([`CompileCache`](crate::CompileCache)); `None`
    /// compiles every component at every start.
    pub fn compile_cache(mut self, dir: Option<PathBuf>) -> Self {
        self.starter.load.cache = dir;
        self
    }

    /// What happens when an object's guest traps (default
    /// [`RestartPolicy::Never`]).
    pub fn restart_policy(mut self, policy: RestartPolicy) -> Self {
        self.starter.load.restart = policy;
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
        self.starter.spawn_with(name.into(), component, spawn)
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
        self.starter.start_with(name.into(), component, spawn)
    }

    /// A pool of `size` idle workers started ahead of time with this host's
    /// settings, so that starting an object skips starting its process (see
    /// [`WorkerPool`]). The pool fills in the background.
    pub fn pool(&self, size: usize) -> Result<WorkerPool, Error> {
        WorkerPool::new(self.starter.clone(), size)
    }

    /// A pool of `size` objects of `component`, each loaded into its own
    /// worker ahead of time with this host's settings, so that taking one
    /// is a hand-over, not a load (see [`LoadedPool`]; an active object's
    /// loop starts at load). The pool fills in the background.
    pub fn loaded_pool(
        &self,
        size: usize,
        component: ComponentSource,
    ) -> Result<LoadedPool, Error> {
        LoadedPool::new(self.starter.clone(), component, size)
    }
}
