//! Enforcing an object's [`Limits`] inside its worker.
//!
//! - Memory and tables: a [`ResourceLimiter`] that refuses growth past the
//!   limit with a [`LimitHit`] error, which traps the guest (rather than
//!   failing `memory.grow`, which a Rust guest would turn into an abort with
//!   no reason given).
//! - Time: epoch interruption. A [`Ticker`] thread advances the engine's
//!   epoch every [`TICK`] while guest code runs, and at each tick the store's
//!   callback checks the current [`Slice`] (see there for what is timed).
//!   Guest code stuck in a host call (a WASI sleep) is out of the callback's
//!   reach: past its limit and [`HARD_GRACE`], the ticker ends the worker.
//!   The ticker sleeps while the worker waits for requests, so idle workers,
//!   active objects' loops waiting in `sleep` among them, do not wake.
//! - Fuel: wasmtime's own metering; running out is `Trap::OutOfFuel`.

use std::{
    sync::{
        Arc, Condvar, Mutex,
        atomic::{AtomicU8, AtomicU64, Ordering},
    },
    thread,
    time::{Duration, Instant},
};

use wasmtime::{Engine, ResourceLimiter};

use crate::error::ErrorKind;
use crate::sandbox::Limits;
use crate::sync::lock;

/// How often the epoch advances while guest code runs: the resolution of
/// the time limits.
pub const TICK: Duration = Duration::from_millis(10);

/// A limit the guest ran into; the trap's error, found again by downcasting.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LimitHit {
    /// A linear memory would grow past [`Limits::memory`].
    #[error(
        "memory limit exceeded: a linear memory would grow to {desired} bytes, over the limit of {limit} bytes"
    )]
    Memory {
        /// The size asked for.
        desired: usize,
        /// The limit.
        limit: u64,
    },
    /// A table would grow past [`Limits::table_elements`].
    #[error(
        "table limit exceeded: a table would grow to {desired} elements, over the limit of {limit}"
    )]
    Table {
        /// The size asked for.
        desired: usize,
        /// The limit.
        limit: u64,
    },
    /// Guest code ran past its slice.
    #[error("time limit exceeded: {0}")]
    Time(String),
}

impl LimitHit {
    /// The error kind the caller sees.
    pub fn kind(&self) -> ErrorKind {
        match self {
            LimitHit::Memory { .. } | LimitHit::Table { .. } => ErrorKind::MemoryLimit,
            LimitHit::Time(_) => ErrorKind::TimeLimit,
        }
    }
}

/// The store's resource limiter: memory and table growth.
pub struct Limiter {
    memory: u64,
    table_elements: u64,
}

impl Limiter {
    /// A limiter for `limits`.
    pub fn new(limits: &Limits) -> Self {
        Limiter {
            memory: limits.memory,
            table_elements: limits.table_elements,
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired as u64 > self.memory {
            return Err(LimitHit::Memory {
                desired,
                limit: self.memory,
            }
            .into());
        }
        Ok(maximum.is_none_or(|max| desired <= max))
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired as u64 > self.table_elements {
            return Err(LimitHit::Table {
                desired,
                limit: self.table_elements,
            }
            .into());
        }
        Ok(maximum.is_none_or(|max| desired <= max))
    }
}

/// What guest code is running, for the time limit that applies to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Running {
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
pub const HARD_GRACE: Duration = Duration::from_secs(1);

/// The stretch of guest code being timed, shared by the store's epoch
/// callback (which traps guest code that runs past the limit) and the
/// [`Ticker`] (which ends the worker when the guest is stuck in a host call
/// past the limit and [`HARD_GRACE`]).
///
/// A request's clock runs from entering guest code to returning, whatever
/// the request does meanwhile. An active object's loop is timed per slice:
/// its clock starts again each time it serves requests (`next-request`,
/// `respond`: the SDK's `sleep`, `yield_now` and `process_requests`).
#[derive(Debug)]
pub struct Slice {
    base: Instant,
    /// Microseconds after `base` when the current stretch started.
    started_us: AtomicU64,
    running: AtomicU8,
    call_time: Duration,
    loop_slice: Duration,
}

impl Slice {
    /// No guest code running yet.
    pub fn new(limits: &Limits) -> Self {
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
    pub fn enter(&self, running: Running) {
        self.started_us.store(self.now_us(), Ordering::SeqCst);
        self.running.store(running as u8, Ordering::SeqCst);
    }

    /// Guest code returned to the worker.
    pub fn leave(&self) {
        self.running.store(Running::Nothing as u8, Ordering::SeqCst);
    }

    /// The guest serves requests: an active object's loop starts a new
    /// slice, unless the one it is in has run out already (in a host call
    /// the epoch could not interrupt: then it is not forgiven, and the trap
    /// strikes as soon as guest code runs again). A request's clock goes
    /// on. Returns whether the loop got a new slice.
    pub fn served(&self) -> bool {
        if self.running() == Running::Loop && self.check().is_ok() {
            self.started_us.store(self.now_us(), Ordering::SeqCst);
            return true;
        }
        false
    }

    /// The loop waited for requests in the worker's own code, after
    /// [`served`](Self::served) gave it a new slice: the wait does not count.
    pub fn waited(&self) {
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
    pub fn left(&self) -> Option<Duration> {
        match self.stretch()? {
            (Running::Loop, _, _) => None,
            (_, limit, ran) => Some(limit.saturating_sub(ran)),
        }
    }

    /// The error once the current stretch has run too long.
    pub fn check(&self) -> Result<(), LimitHit> {
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
    fn stuck(&self) -> Option<(Duration, Duration)> {
        let (_, limit, ran) = self.stretch()?;
        (ran > limit.saturating_add(HARD_GRACE)).then_some((ran, limit))
    }
}

/// Advances an engine's epoch every [`TICK`] while at least one
/// [`Ticking`] guard is alive, and ends the worker when the guest is stuck
/// past its time limit in a host call.
#[derive(Clone)]
pub struct Ticker {
    running: Arc<(Mutex<usize>, Condvar)>,
}

impl Ticker {
    /// Starts the ticker thread for `engine`, watching `slice`; it lives as
    /// long as the process (a worker has one engine). `tick` is called at
    /// every tick that finds guest code still running. `stuck` is called
    /// once with the reason if the guest is stuck (it must return promptly),
    /// and then the worker exits.
    pub fn start(
        engine: &Engine,
        slice: Arc<Slice>,
        tick: impl Fn() + Send + 'static,
        stuck: impl Fn(String) + Send + 'static,
    ) -> Result<Self, String> {
        let running = Arc::new((Mutex::new(0usize), Condvar::new()));
        let shared = running.clone();
        let engine = engine.clone();
        thread::Builder::new()
            .name("remoteobj-epoch".into())
            .spawn(move || {
                let (count, wake) = &*shared;
                loop {
                    let guard = lock(count);
                    let guard = wake
                        .wait_while(guard, |n| *n == 0)
                        .unwrap_or_else(|p| p.into_inner());
                    drop(guard);
                    thread::sleep(TICK);
                    engine.increment_epoch();
                    // Only if guest code is still running.
                    if *lock(count) > 0 {
                        tick();
                    }
                    if let Some((ran, limit)) = slice.stuck() {
                        stuck(format!(
                            "the guest has been blocked in a host call (a WASI sleep or poll, or \
                             a write to the host) for {ran:?}, past its time limit of {limit:?}; \
                             such a call cannot be interrupted, so the worker exits"
                        ));
                        std::process::exit(3);
                    }
                }
            })
            .map_err(|e| format!("starting the epoch ticker: {e}"))?;
        Ok(Ticker { running })
    }

    /// Ticks until the guard is dropped (while guest code runs).
    pub fn ticking(&self) -> Ticking {
        self.more();
        Ticking {
            ticker: self.clone(),
        }
    }

    /// Stops ticking until the guard is dropped: the guest waits in the
    /// worker's own code (for the next request), where nothing needs
    /// interrupting, and an idle active object should not wake the worker.
    pub fn idle(&self) -> Idle {
        self.fewer();
        Idle {
            ticker: self.clone(),
        }
    }

    /// One more reason to tick.
    fn more(&self) {
        let (count, wake) = &*self.running;
        *lock(count) += 1;
        wake.notify_all();
    }

    /// One reason to tick fewer.
    fn fewer(&self) {
        let mut n = lock(&self.running.0);
        debug_assert!(*n > 0, "more reasons to tick ended than began");
        *n = n.saturating_sub(1);
    }
}

/// Keeps a [`Ticker`] ticking; see [`Ticker::ticking`].
pub struct Ticking {
    ticker: Ticker,
}

impl Drop for Ticking {
    fn drop(&mut self) {
        self.ticker.fewer();
    }
}

/// Pauses a [`Ticker`]; see [`Ticker::idle`].
pub struct Idle {
    ticker: Ticker,
}

impl Drop for Idle {
    fn drop(&mut self) {
        self.ticker.more();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_past_the_limits_is_refused_with_a_limit_error() {
        let mut l = Limiter::new(&Limits {
            memory: 1 << 20,
            table_elements: 10,
            ..Limits::default()
        });
        assert!(l.memory_growing(0, 1 << 20, None).unwrap());
        assert!(!l.memory_growing(0, 1 << 19, Some(1 << 18)).unwrap());
        let e = l
            .memory_growing(1 << 20, (1 << 20) + 65536, None)
            .unwrap_err();
        let hit = e.downcast_ref::<LimitHit>().unwrap();
        assert_eq!(hit.kind(), ErrorKind::MemoryLimit);
        assert!(l.table_growing(0, 10, None).unwrap());
        assert!(l.table_growing(10, 11, None).is_err());
    }

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
