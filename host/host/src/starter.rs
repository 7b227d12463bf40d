//! What starting an object takes, and the starting itself: the worker
//! command, the settings the object runs with, and what its `Load` message
//! carries. [`Host`](crate::Host) is the builder over it; a
//! [`WorkerPool`](crate::WorkerPool) starts objects with it too.

use std::{path::PathBuf, time::Duration};

use remoteobj_protocol::{
    ComponentSource, DEFAULT_MAX_COMPONENT, FrameError, Grants, Limits, Load, PROTOCOL_VERSION,
    RestartPolicy, ToWorker, encode_frame,
};

use crate::error::Error;
use crate::object::RemoteObject;
use crate::settings::Settings;
use crate::spawn::{Spawned, WorkerCommand};

/// What an object's `Load` carries besides its name and component.
#[derive(Debug, Clone)]
pub(crate) struct LoadSettings {
    pub(crate) max_component: u64,
    pub(crate) grants: Grants,
    pub(crate) limits: Limits,
    pub(crate) restart: RestartPolicy,
    pub(crate) cache: Option<PathBuf>,
}

/// How objects are started.
#[derive(Debug, Clone)]
pub(crate) struct Starter {
    pub(crate) worker: WorkerCommand,
    pub(crate) start_timeout: Duration,
    pub(crate) settings: Settings,
    pub(crate) load: LoadSettings,
}

impl Default for Starter {
    fn default() -> Self {
        Starter {
            worker: WorkerCommand::current_exe(),
            start_timeout: Duration::from_secs(30),
            settings: Settings::default(),
            load: LoadSettings {
                max_component: DEFAULT_MAX_COMPONENT,
                grants: Grants::default(),
                limits: Limits::default(),
                restart: RestartPolicy::Never,
                cache: remoteobj_protocol::default_cache_dir(),
            },
        }
    }
}

impl Starter {
    /// Starts `component` on the worker process `process` gives (a new
    /// one, or a pooled one) and waits until the object listens.
    pub(crate) fn spawn_with(
        &self,
        name: String,
        component: ComponentSource,
        process: impl FnOnce(&WorkerCommand, &str) -> Result<Spawned, Error>,
    ) -> Result<RemoteObject, Error> {
        let obj = self.start_with(name, component, process)?;
        obj.wait_until_listening(self.start_timeout)?;
        Ok(obj)
    }

    /// Starts `component` on the worker process `process` gives, without
    /// waiting. The frames are encoded first: a component too large for a
    /// frame fails before any process is started or taken.
    pub(crate) fn start_with(
        &self,
        name: String,
        component: ComponentSource,
        process: impl FnOnce(&WorkerCommand, &str) -> Result<Spawned, Error>,
    ) -> Result<RemoteObject, Error> {
        let LoadSettings {
            max_component,
            grants,
            limits,
            restart,
            cache,
        } = self.load.clone();
        let load = Load {
            name: name.clone(),
            component,
            max_frame: self.settings.max_frame as u64,
            max_component,
            grants,
            limits,
            restart,
            cache,
            wait: self.settings.wait,
            stream_capacity: self.settings.stream_capacity,
        };
        let opening = opening_frames(load, self.settings.max_frame)?;
        let spawned = process(&self.worker, &name)?;
        RemoteObject::start(spawned, name, opening, self.settings.clone())
    }
}

/// The frames that open a session: the host's `Hello` and the `Load`
/// request. Encoded before a worker is started, so that a component too large
/// for a frame is an error at once, not a worker left waiting.
fn opening_frames(load: Load, max_frame: usize) -> Result<Vec<u8>, Error> {
    let mut opening = encode_frame(
        &ToWorker::Hello {
            version: PROTOCOL_VERSION,
        },
        max_frame,
    )
    .map_err(start_error)?;
    opening.extend(encode_frame(&ToWorker::Load(Box::new(load)), max_frame).map_err(start_error)?);
    Ok(opening)
}

fn start_error(e: FrameError) -> Error {
    match e {
        FrameError::TooLarge { len, max } => Error::FrameTooLarge {
            what: "the Load message (the component, sent as bytes; load it from a file, \
                   or raise Host::max_frame)"
                .into(),
            len,
            max,
        },
        other => Error::Encode(other.to_string()),
    }
}
