//! What the host sends in [`Load`](crate::ToWorker::Load): the component,
//! its name, and every setting the worker enforces for it (the frame limit,
//! the component's size limit,
//! the sandbox's grants and limits, the restart policy, the compiled-code
//! cache, how to wait on the pipe).

use std::{path::PathBuf, time::Duration};

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::sandbox::{Grants, Limits, RestartPolicy};

/// The largest component a worker loads unless configured otherwise
/// (256 MiB; components of a whole language runtime are tens of MiB).
pub const DEFAULT_MAX_COMPONENT: u64 = 256 * 1024 * 1024;

/// What a worker should run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Load {
    /// The object's name, used to tag its log lines.
    pub name: String,
    /// The component itself.
    pub component: ComponentSource,
    /// The largest frame either side may send from now on; the host's
    /// setting, so both ends of the pipe enforce the same limit.
    pub max_frame: u64,
    /// The largest component the worker reads or accepts, in bytes
    /// (default [`DEFAULT_MAX_COMPONENT`]): a file larger than this fails
    /// the load without being read, and one that turns out larger while it
    /// is read (a device, a pipe, a file that grows) fails once that many
    /// bytes are past.
    pub max_component: u64,
    /// What the guest may reach (nothing unless granted).
    pub grants: Grants,
    /// What the guest may consume.
    pub limits: Limits,
    /// What happens when the guest traps.
    pub restart: RestartPolicy,
    /// The compiled-code cache to load the component from and store it in
    /// (the worker's `CompileCache`); `None` compiles every time.
    pub cache: Option<PathBuf>,
    /// How the worker waits for the host's messages.
    pub wait: WaitMode,
    /// How many of the loop's emitted values may wait for the host at a
    /// time (see [`FromWorker::Emitted`](crate::FromWorker::Emitted)).
    pub stream_capacity: u32,
}

/// The default [`Load::stream_capacity`].
pub const DEFAULT_STREAM_CAPACITY: u32 = 64;

/// Where a worker finds the guest component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComponentSource {
    /// A `.wasm` component file, read by the worker.
    Path(PathBuf),
    /// The component's bytes, sent over the pipe.
    Bytes(ByteBuf),
}

impl ComponentSource {
    /// A component file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        ComponentSource::Path(path.into())
    }

    /// A component's bytes (for example embedded with `include_bytes!`).
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        ComponentSource::Bytes(ByteBuf::from(bytes.into()))
    }

    /// A short name for the object: the file stem, or `object`.
    pub fn default_name(&self) -> String {
        match self {
            ComponentSource::Path(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "object".into()),
            ComponentSource::Bytes(_) => "object".into(),
        }
    }
}

/// How a host and its workers wait for a message on their pipes.
///
/// Both ends wait the same way: the host's reader and each caller waiting
/// for its answer, the worker's reader and the loop waiting for its next
/// request. Spinning is bounded: a waiter that has spun for the whole window
/// without news blocks as usual, so an idle object burns no CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum WaitMode {
    /// Block in the kernel at once (the default): no CPU is used while
    /// waiting; each hop across the pipe costs a wake-up (tens of
    /// microseconds on a busy or virtual machine).
    #[default]
    Block,
    /// Spin (poll without sleeping) for up to this long, then block. A
    /// request answered within the window costs no wake-up; the window is
    /// CPU spent by every waiting thread on both ends, so keep it short
    /// (tens to hundreds of microseconds) and use it on machines with a
    /// core to spare for each busy object.
    Spin(Duration),
}

impl WaitMode {
    /// The spin window (zero when blocking).
    pub fn spin(self) -> Duration {
        match self {
            WaitMode::Block => Duration::ZERO,
            WaitMode::Spin(d) => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_name_is_the_file_stem() {
        assert_eq!(
            ComponentSource::file("/a/b/counter.wasm").default_name(),
            "counter"
        );
        assert_eq!(ComponentSource::bytes(vec![1]).default_name(), "object");
        assert_eq!(ComponentSource::file("/").default_name(), "object");
    }

    #[test]
    fn only_spinning_has_a_window() {
        assert_eq!(WaitMode::Block.spin(), Duration::ZERO);
        let d = Duration::from_micros(50);
        assert_eq!(WaitMode::Spin(d).spin(), d);
    }
}
