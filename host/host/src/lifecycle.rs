//! Where a live object is in its life (starting → listening → closing →
//! closed, or stopped by itself, or dead), how each of its loops ended, and
//! the error a request gets when the object cannot answer it.

use std::collections::BTreeMap;

use remoteobj_protocol::RunEnd;

use crate::error::{DeathCause, Error, Exit, Unavailable};

/// Where an object is in its life.
#[derive(Debug, Clone)]
enum State {
    Starting,
    Listening,
    /// The object ended its listening by itself; its worker exits (or has
    /// exited) once its loop returns.
    Stopped,
    Closing,
    Closed,
    Dead(Error),
}

/// An object's life, as its worker reported it.
#[derive(Debug)]
pub(crate) struct Lifecycle {
    state: State,
    /// How the object's loops ended, once the worker said so, by the number
    /// of restarts before each ran (one per instance).
    runs: BTreeMap<u32, RunEnd>,
    /// Restarts after traps so far.
    restarts: u32,
    /// The host killed it and is reaping it: how it ended is about to be
    /// known (waiters wait for that).
    reaping: bool,
    /// Its worker has ended (its output closed, it was reaped).
    exited: bool,
}

impl Lifecycle {
    /// A worker that has not said it is ready.
    pub(crate) fn new() -> Self {
        Lifecycle {
            state: State::Starting,
            runs: BTreeMap::new(),
            restarts: 0,
            reaping: false,
            exited: false,
        }
    }

    /// Whether requests may be sent now.
    pub(crate) fn is_listening(&self) -> bool {
        matches!(self.state, State::Listening)
    }

    /// Whether the worker is still loading its component.
    pub(crate) fn is_starting(&self) -> bool {
        matches!(self.state, State::Starting)
    }

    /// Starting or listening: neither closed nor dead.
    pub(crate) fn is_live(&self) -> bool {
        matches!(self.state, State::Starting | State::Listening)
    }

    /// The host is killing it and has not reaped it yet.
    pub(crate) fn is_reaping(&self) -> bool {
        self.reaping
    }

    /// The object ended its listening by itself (its worker may still be
    /// running its loop).
    pub(crate) fn is_stopped(&self) -> bool {
        matches!(self.state, State::Stopped)
    }

    /// The host closed it (or is closing it).
    pub(crate) fn is_closing(&self) -> bool {
        matches!(self.state, State::Closing | State::Closed)
    }

    /// The worker said it is ready.
    pub(crate) fn listening(&mut self) {
        if self.is_starting() {
            self.state = State::Listening;
        }
    }

    /// The object ended its listening by itself: no more requests.
    pub(crate) fn stopped(&mut self) {
        if self.is_live() {
            self.state = State::Stopped;
        }
    }

    /// The host closes it: no more requests. One that stopped listening
    /// and whose loop still runs is closed too (its loop is asked to stop);
    /// one whose worker has ended stays stopped.
    pub(crate) fn closing(&mut self) {
        if self.is_live() || (self.is_stopped() && !self.exited) {
            self.state = State::Closing;
        }
    }

    /// The host is killing it: every later request gets `death`, which
    /// [`reaped`](Self::reaped) completes. False when it was closed or dead
    /// already.
    pub(crate) fn die(&mut self, death: Error) -> bool {
        // One that stopped listening may still be running its loop.
        let running = self.is_live() || (self.is_stopped() && !self.exited);
        if !running {
            return false;
        }
        self.state = State::Dead(death);
        self.reaping = true;
        true
    }

    /// How the process of an object that died ended, once it is reaped
    /// (if it was not known yet).
    pub(crate) fn reaped(&mut self, exit: Option<Exit>) {
        self.reaping = false;
        if let State::Dead(Error::WorkerDied { exit: e @ None, .. }) = &mut self.state {
            *e = exit;
        }
    }

    /// How the worker ended is known now: an object that died keeps the
    /// cause it died of (its exit filled in), one being closed is closed,
    /// one that stopped listening stays so if its worker ended as it
    /// should (its loop's end told, its output closed), any other died of
    /// `death`.
    pub(crate) fn ended(&mut self, death: Error, exit: Option<Exit>) {
        self.reaped(exit);
        self.exited = true;
        let finished = self.runs.contains_key(&self.restarts)
            && matches!(
                death,
                Error::WorkerDied {
                    cause: DeathCause::Ended,
                    ..
                }
            );
        self.state = match std::mem::replace(&mut self.state, State::Closed) {
            known @ State::Dead(_) => known,
            State::Closing | State::Closed => State::Closed,
            State::Stopped if finished => State::Stopped,
            State::Starting | State::Listening | State::Stopped => State::Dead(death),
        };
    }

    /// The loop of the instance running now ended.
    pub(crate) fn run_ended(&mut self, end: RunEnd) {
        self.runs.entry(self.restarts).or_insert(end);
    }

    /// The worker made a fresh instance after a trap (`count` restarts so
    /// far).
    pub(crate) fn restarted(&mut self, count: u32) {
        self.restarts = count;
    }

    /// Restarts so far: also the generation of the instance running now.
    pub(crate) fn restarts(&self) -> u32 {
        self.restarts
    }

    /// How the loop of instance `generation` ended, if it has.
    pub(crate) fn run_of(&self, generation: u32) -> Option<&RunEnd> {
        self.runs.get(&generation)
    }

    /// Why a request cannot be sent to `object` now.
    pub(crate) fn error(&self, object: &str) -> Error {
        let not_listening = |state| Error::NotListening {
            object: object.to_string(),
            state,
        };
        match &self.state {
            State::Starting => not_listening(Unavailable::Starting),
            State::Listening => Error::Protocol("request lost while listening".into()),
            State::Stopped => not_listening(Unavailable::Stopped),
            State::Closing | State::Closed => not_listening(Unavailable::Closed),
            State::Dead(e) => e.clone(),
        }
    }

    /// What requests still unanswered get when the object ends its
    /// listening.
    pub(crate) fn stopped_error(object: &str) -> Error {
        Error::Cancelled {
            object: object.to_string(),
            reason: "the object stopped listening before it took the request".into(),
        }
    }

    /// What requests still unanswered get once the worker has ended:
    /// those of a closed object were not answered in time (cancelled, not
    /// "not listening": they were sent while it was), the others get how
    /// it died.
    pub(crate) fn unanswered(&self, object: &str) -> Error {
        match &self.state {
            State::Closed => Error::Cancelled {
                object: object.to_string(),
                reason: "the object was closed before it answered".into(),
            },
            State::Stopped => Self::stopped_error(object),
            _ => self.error(object),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::KillReason;

    fn died(cause: DeathCause, exit: Option<Exit>) -> Error {
        Error::WorkerDied {
            object: "o".into(),
            pid: 1,
            cause,
            exit,
            stderr_tail: String::new(),
        }
    }

    #[test]
    fn a_killed_object_keeps_why_it_was_killed_and_learns_how_it_ended() {
        let mut life = Lifecycle::new();
        life.listening();
        assert!(life.die(died(DeathCause::Killed(KillReason::Requested), None)));
        assert!(!life.die(died(DeathCause::Ended, None)), "dead once");
        assert!(life.is_reaping(), "waiters wait until it is reaped");
        life.reaped(Some(Exit::Signal(9)));
        assert!(!life.is_reaping());
        life.ended(
            died(DeathCause::Ended, Some(Exit::Code(0))),
            Some(Exit::Signal(9)),
        );
        match life.unanswered("o") {
            Error::WorkerDied {
                cause: DeathCause::Killed(KillReason::Requested),
                exit: Some(Exit::Signal(9)),
                ..
            } => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_closed_object_cancels_what_it_left_and_refuses_more() {
        let mut life = Lifecycle::new();
        assert!(matches!(
            life.error("o"),
            Error::NotListening {
                state: Unavailable::Starting,
                ..
            }
        ));
        life.listening();
        life.closing();
        assert!(!life.is_live() && life.is_closing());
        life.ended(died(DeathCause::Ended, None), None);
        assert!(matches!(life.unanswered("o"), Error::Cancelled { .. }));
        assert!(matches!(
            life.error("o"),
            Error::NotListening {
                state: Unavailable::Closed,
                ..
            }
        ));
    }

    #[test]
    fn an_object_that_stopped_listening_stays_stopped_unless_its_worker_broke() {
        let mut life = Lifecycle::new();
        life.listening();
        life.stopped();
        assert!(!life.is_live() && life.is_stopped() && !life.is_listening());
        life.run_ended(RunEnd::NoLoop);
        life.ended(died(DeathCause::Ended, Some(Exit::Code(0))), None);
        assert!(matches!(
            life.error("o"),
            Error::NotListening {
                state: Unavailable::Stopped,
                ..
            }
        ));
        assert!(matches!(life.unanswered("o"), Error::Cancelled { .. }));

        assert!(
            !life.die(died(DeathCause::Killed(KillReason::Requested), None)),
            "its worker is gone: nothing to kill"
        );

        let mut running = Lifecycle::new();
        running.listening();
        running.stopped();
        assert!(
            running.die(died(DeathCause::Killed(KillReason::Requested), None)),
            "its loop still runs: it can be killed"
        );

        let mut broke = Lifecycle::new();
        broke.listening();
        broke.stopped();
        // Its output closed before it said how its loop ended.
        broke.ended(died(DeathCause::Ended, Some(Exit::Signal(6))), None);
        assert!(matches!(broke.error("o"), Error::WorkerDied { .. }));
    }

    #[test]
    fn each_instance_has_its_own_run() {
        let mut life = Lifecycle::new();
        life.run_ended(RunEnd::NoLoop);
        life.restarted(1);
        assert!(life.run_of(1).is_none());
        assert!(matches!(life.run_of(0), Some(RunEnd::NoLoop)));
        life.run_ended(RunEnd::NoLoop);
        assert_eq!(life.restarts(), 1);
        assert!(life.run_of(1).is_some());
    }
}
