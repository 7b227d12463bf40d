//! The time limits: what guest code is running, since when, and how long
//! it may run. The epoch callback checks it at every tick and traps guest
//! code that runs past its limit; the [`Ticker`](crate::ticker::Ticker)
//! ends the worker when the guest is stuck past it in a host call.

use std::{
    sync::atomic::{AtomicU8, AtomicU64, Ordering},
    time::{Duration, Instant},
};

use remoteobj_protocol::Limits;

use crate::limits::LimitHit;

/// What guest code is running, for the time limit that applies to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Running {
    /// Nothing: the worker is between calls.
    Nothing = 0,
    /// Creating the object (instantiation and its constructor).
    Load = 1,
    /// A request.
    Request = 2,
    /// The object's own loop.
    Loop = 3,
}

/// How long past its limit a guest stuck in a host call (a WASI sleep or
/// poll, which epoch interruption cannot reach) may stay before the worker
/// gives up on it and exits.
pub(crate) const HARD_GRACE: Duration = Duration::from_secs(1);

/// The stretch of guest code being timed, shared by the store's epoch
/// callback (which traps guest code that runs past the limit) and the
/// [`Ticker`](crate::ticker::Ticker) (which ends the worker when the guest is stuck in a host call
/// past the limit and [`HARD_GRACE`]).
///
/// A request's clock runs from entering guest code to returning, whatever
/// the request does meanwhile. An active object's loop is timed per slice:
/// its clock starts again each time it serves requests (`next-request`,
/// `respond`: the SDK's `sleep`, `yield_now` and `process_requests`).
#[derive(Debug)]
pub(crate) struct Slice {
    base: Instant,
    /// Microseconds after `base` when the current stretch started.
    started_us: AtomicU64,
    running: AtomicU8,
    call_time: Duration,
    loop_slice: Duration,
}

impl Slice {
    /// No guest code running yet.
    pub(crate) fn new(limits: &Limits) -> Self {
        Slice {
            base: Instant::now(),
            started_us: AtomicU64::new(0),
            running: AtomicU8::new(Running::Nothing as u8),
            call_time: limits.call_time,
            loop_slice: limits.loop_slice,
        }
    }

    fn now_us(&self) -> u64 {
        u64::try_from(self.base.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    fn running(&self) -> Running {
        match self.running.load(Ordering::SeqCst) {
            1 => Running::Load,
            2 => Running::Request,
            3 => Running::Loop,
            _ => Running::Nothing,
        }
    }

    /// Guest code is entered to do `running`: its clock starts.
    pub(crate) fn enter(&self, running: Running) {
        self.started_us.store(self.now_us(), Ordering::SeqCst);
        self.running.store(running as u8, Ordering::SeqCst);
    }

    /// Guest code returned to the worker.
    pub(crate) fn leave(&self) {
        self.running.store(Running::Nothing as u8, Ordering::SeqCst);
    }

    /// The guest serves requests: an active object's loop starts a new
    /// slice, unless the one it is in has run out already (in a host call
    /// the epoch could not interrupt: then it is not forgiven, and the trap
    /// strikes as soon as guest code runs again). A request's clock goes
    /// on. Returns whether the loop got a new slice.
    pub(crate) fn served(&self) -> bool {
        if self.running() == Running::Loop && self.check().is_ok() {
            self.started_us.store(self.now_us(), Ordering::SeqCst);
            return true;
        }
        false
    }

    /// The loop waited for requests in the worker's own code, after
    /// [`served`](Self::served) gave it a new slice: the wait does not count.
    pub(crate) fn waited(&self) {
        if self.running() == Running::Loop {
            self.started_us.store(self.now_us(), Ordering::SeqCst);
        }
    }

    /// What is running, how long it has, and how long it has run.
    fn stretch(&self) -> Option<(Running, Duration, Duration)> {
        let running = self.running();
        let limit = match running {
            Running::Nothing => return None,
            Running::Load | Running::Request => self.call_time,
            Running::Loop => self.loop_slice,
        };
        let ran = self
            .now_us()
            .saturating_sub(self.started_us.load(Ordering::SeqCst));
        Some((running, limit, Duration::from_micros(ran)))
    }

    /// How long a request (or the constructor) has left: a wait inside it,
    /// for requests to serve, ends then, so that the limit can strike.
    /// `None` for a loop, which is timed per slice.
    pub(crate) fn left(&self) -> Option<Duration> {
        match self.stretch()? {
            (Running::Loop, _, _) => None,
            (_, limit, ran) => Some(limit.saturating_sub(ran)),
        }
    }

    /// The error once the current stretch has run too long.
    pub(crate) fn check(&self) -> Result<(), LimitHit> {
        match self.stretch() {
            Some((running, limit, ran)) if ran > limit => {
                let (what, until) = match running {
                    Running::Loop => (
                        "the object's loop",
                        "serving requests (sleep, yield_now, process_requests)",
                    ),
                    Running::Load => ("creating the object", "finishing"),
                    _ => ("the request", "returning"),
                };
                Err(LimitHit::Time(format!(
                    "{what} ran for more than {limit:?} without {until}"
                )))
            }
            _ => Ok(()),
        }
    }

    /// How long the current stretch has run past its limit and the grace,
    /// with what its limit is, when it has.
    pub(crate) fn stuck(&self) -> Option<(Duration, Duration)> {
        let (_, limit, ran) = self.stretch()?;
        (ran > limit.saturating_add(HARD_GRACE)).then_some((ran, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn a_request_runs_out_and_a_loop_starts_again_when_it_serves() {
        let s = Slice::new(&Limits {
            call_time: Duration::from_millis(20),
            loop_slice: Duration::from_millis(20),
            ..Limits::default()
        });
        assert!(s.check().is_ok(), "nothing runs yet");
        s.enter(Running::Request);
        assert!(s.check().is_ok());
        thread::sleep(Duration::from_millis(30));
        let hit = s.check().unwrap_err();
        assert!(
            hit.to_string().contains("the request ran for more than"),
            "{hit}"
        );
        // Serving requests does not give a request more time...
        assert!(!s.served());
        assert!(s.check().is_err());
        // ...but starts a loop's next slice, unless the one it is in ran
        // out before it served.
        s.enter(Running::Loop);
        thread::sleep(Duration::from_millis(10));
        assert!(s.served());
        thread::sleep(Duration::from_millis(30));
        assert!(s.check().is_err());
        assert!(!s.served(), "an overrun is not forgiven");
        assert!(s.check().is_err());
        // A wait for requests after a new slice does not count.
        s.enter(Running::Loop);
        assert!(s.served());
        thread::sleep(Duration::from_millis(30));
        s.waited();
        assert!(s.check().is_ok());
        s.leave();
        thread::sleep(Duration::from_millis(30));
        assert!(s.check().is_ok(), "nothing runs any more");
        assert!(s.stuck().is_none());
    }
}
