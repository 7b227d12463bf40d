//! Restarts after a trap, as the object's [`RestartPolicy`] allows: the
//! backoff (cut short by a shutdown), a fresh instance, and telling the
//! host.

use remoteobj_protocol::{FrameError, FromWorker, LogStream, RestartPolicy};

use crate::conn::Conn;
use crate::guest::{Guest, forward_logs};

/// The restart policy, and how it has been applied so far.
pub(crate) struct Restarts {
    policy: RestartPolicy,
    /// Restarts made.
    done: u32,
    /// A restart failed: the object stays dead.
    gave_up: bool,
}

impl Restarts {
    /// None made yet.
    pub(crate) fn new(policy: RestartPolicy) -> Self {
        Restarts {
            policy,
            done: 0,
            gave_up: false,
        }
    }
}

impl Restarts {
    /// If the guest trapped and the policy allows another restart, waits
    /// the backoff, makes a fresh instance and tells the host; true when it
    /// did. A trapped guest that is not restarted stays as it is: it
    /// answers every request with its trap. A restart that fails is not
    /// tried again (the trap's message then says why).
    pub(crate) fn after_trap<G: Guest>(
        &mut self,
        conn: &Conn,
        guest: &mut G,
        logs: &mut Vec<(LogStream, String)>,
    ) -> Result<bool, FrameError> {
        if self.gave_up {
            return Ok(false);
        }
        let Some(trap) = guest.trap() else {
            return Ok(false);
        };
        let Some(delay) = self.policy.delay(self.done + 1) else {
            return Ok(false);
        };
        let reason = trap.to_string();
        // Closing does not wait for the backoff: a shutdown cuts it short,
        // and the trapped instance answers what is left.
        if conn.wait_for_close(delay) {
            return Ok(false);
        }
        match guest.restart() {
            Ok(()) => {
                self.done += 1;
                conn.send(&FromWorker::Restarted {
                    count: self.done,
                    reason,
                })?;
                forward_logs(conn, guest, logs)?;
                Ok(true)
            }
            Err(e) => {
                self.gave_up = true;
                conn.send(&FromWorker::Log {
                    stream: LogStream::Stderr,
                    line: format!("[remoteobj: restarting the object failed, it stays dead: {e}]"),
                })?;
                Ok(false)
            }
        }
    }
}
