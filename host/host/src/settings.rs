//! How an object behaves once started, as its [`Host`](crate::Host)
//! configured it: what every part of a live object reads.

use std::time::Duration;

use remoteobj_protocol::{Pending, WaitMode};

/// How an object behaves, as its host configured it.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// How long a request waits for its answer.
    pub(crate) request_timeout: Duration,
    /// The largest frame either side sends.
    pub(crate) max_frame: usize,
    /// How long closing waits for the worker to exit before killing it.
    pub(crate) close_grace: Duration,
    /// What closing does with unanswered requests.
    pub(crate) on_close: Pending,
    /// Whether a request that times out kills the worker.
    pub(crate) kill_on_timeout: bool,
    /// Most requests in flight at once.
    pub(crate) max_pending: usize,
    /// How the reader thread and waiting callers wait.
    pub(crate) wait: WaitMode,
    /// How many of a loop's emitted values wait for the host at most.
    pub(crate) stream_capacity: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            request_timeout: Duration::from_secs(30),
            max_frame: remoteobj_protocol::DEFAULT_MAX_FRAME,
            close_grace: Duration::from_secs(2),
            on_close: Pending::Fulfill,
            kill_on_timeout: false,
            max_pending: 4096,
            wait: WaitMode::Block,
            stream_capacity: remoteobj_protocol::DEFAULT_STREAM_CAPACITY,
        }
    }
}
