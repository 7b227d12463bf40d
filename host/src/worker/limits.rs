//! Enforcing an object's [`Limits`] inside its worker.
//!
//! - Memory and tables: a [`ResourceLimiter`] that refuses growth past the
//!   limit with a [`LimitHit`] error, which traps the guest (rather than
//!   failing `memory.grow`, which a Rust guest would turn into an abort with
//!   no reason given).
//! - Time: epoch interruption. A [`Ticker`] thread advances the engine's
//!   epoch every [`TICK`] while guest code runs, and at each tick the store's
//!   callback checks the current [`Slice`]: how long guest code has run since
//!   it was entered or last reached a cooperative point. Idle workers do not
//!   tick.
//! - Fuel: wasmtime's own metering; running out is `Trap::OutOfFuel`.

use std::{
    sync::{Arc, Condvar, Mutex},
    thread,
    time::{Duration, Instant},
};

use wasmtime::{Engine, ResourceLimiter};

use crate::error::ErrorKind;
use crate::sandbox::Limits;

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
pub enum Running {
    /// Creating the object (instantiation and its constructor).
    Load,
    /// A request.
    Request,
    /// The object's own loop.
    Loop,
}

/// The stretch of guest code being timed.
#[derive(Debug, Clone)]
pub struct Slice {
    started: Instant,
    running: Running,
    call_time: Duration,
    loop_slice: Duration,
}

impl Slice {
    /// No guest code running yet.
    pub fn new(limits: &Limits) -> Self {
        Slice {
            started: Instant::now(),
            running: Running::Load,
            call_time: limits.call_time,
            loop_slice: limits.loop_slice,
        }
    }

    /// Guest code is entered to do `running`.
    pub fn enter(&mut self, running: Running) {
        self.running = running;
        self.started = Instant::now();
    }

    /// Guest code reached a cooperative point: its time starts again.
    pub fn cooperated(&mut self) {
        self.started = Instant::now();
    }

    /// The error once the slice has run too long.
    pub fn check(&self) -> Result<(), LimitHit> {
        let (limit, what, until) = match self.running {
            Running::Load => (self.call_time, "creating the object", "finishing"),
            Running::Request => (
                self.call_time,
                "the request",
                "returning or reaching a cooperative point",
            ),
            Running::Loop => (
                self.loop_slice,
                "the object's loop",
                "reaching a cooperative point (sleep, yield_now, process_requests, should_stop)",
            ),
        };
        if self.started.elapsed() > limit {
            return Err(LimitHit::Time(format!(
                "{what} ran for more than {limit:?} without {until}"
            )));
        }
        Ok(())
    }
}

/// Advances an engine's epoch every [`TICK`] while at least one
/// [`Ticking`] guard is alive.
#[derive(Clone)]
pub struct Ticker {
    running: Arc<(Mutex<usize>, Condvar)>,
}

impl Ticker {
    /// Starts the ticker thread for `engine`; it lives as long as the
    /// process (a worker has one engine).
    pub fn start(engine: &Engine) -> Result<Self, String> {
        let running = Arc::new((Mutex::new(0usize), Condvar::new()));
        let shared = running.clone();
        let engine = engine.clone();
        thread::Builder::new()
            .name("remoteobj-epoch".into())
            .spawn(move || {
                let (count, wake) = &*shared;
                loop {
                    let guard = count.lock().unwrap_or_else(|p| p.into_inner());
                    let guard = wake
                        .wait_while(guard, |n| *n == 0)
                        .unwrap_or_else(|p| p.into_inner());
                    drop(guard);
                    thread::sleep(TICK);
                    engine.increment_epoch();
                }
            })
            .map_err(|e| format!("starting the epoch ticker: {e}"))?;
        Ok(Ticker { running })
    }

    /// Ticks until the guard is dropped (while guest code runs).
    pub fn ticking(&self) -> Ticking {
        let (count, wake) = &*self.running;
        *count.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        wake.notify_all();
        Ticking {
            running: self.running.clone(),
        }
    }
}

/// Keeps a [`Ticker`] ticking; see [`Ticker::ticking`].
pub struct Ticking {
    running: Arc<(Mutex<usize>, Condvar)>,
}

impl Drop for Ticking {
    fn drop(&mut self) {
        let (count, _) = &*self.running;
        let mut n = count.lock().unwrap_or_else(|p| p.into_inner());
        *n = n.saturating_sub(1);
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
    fn a_slice_runs_out_and_starts_again_at_a_cooperative_point() {
        let mut s = Slice::new(&Limits {
            call_time: Duration::from_millis(20),
            loop_slice: Duration::from_secs(60),
            ..Limits::default()
        });
        s.enter(Running::Request);
        assert!(s.check().is_ok());
        thread::sleep(Duration::from_millis(30));
        let hit = s.check().unwrap_err();
        assert!(
            hit.to_string().contains("the request ran for more than"),
            "{hit}"
        );
        s.cooperated();
        assert!(s.check().is_ok());
        // The loop has its own, longer limit.
        s.enter(Running::Loop);
        thread::sleep(Duration::from_millis(30));
        assert!(s.check().is_ok());
    }
}
