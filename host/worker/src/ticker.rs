//! The epoch ticker: advances the engine's epoch every [`TICK`] while
//! guest code runs, so the store's callback can check the time limits
//! ([`Slice`]), and ends the worker when the guest is stuck in a host call
//! past its limit. It sleeps while the worker waits for requests, so idle
//! workers, active objects' loops waiting in `sleep` among them, do not
//! wake.

use std::{
    sync::{Arc, Condvar, Mutex},
    thread,
    time::Duration,
};

use remoteobj_pipe::lock;
use wasmtime::Engine;

use crate::slice::Slice;

/// How often the epoch advances while guest code runs: the resolution of
/// the time limits.
pub(crate) const TICK: Duration = Duration::from_millis(10);

/// Advances an engine's epoch every [`TICK`] while at least one
/// [`Ticking`] guard is alive, and ends the worker when the guest is stuck
/// past its time limit in a host call.
#[derive(Clone)]
pub(crate) struct Ticker {
    running: Arc<(Mutex<Reasons>, Condvar)>,
}

/// Why the ticker ticks, and whether its thread waits to be told.
#[derive(Default)]
struct Reasons {
    /// Guards alive.
    count: usize,
    /// The ticker thread waits for the count to leave zero: only then is
    /// a wake-up worth its system call (one per request otherwise).
    asleep: bool,
}

impl Ticker {
    /// Starts the ticker thread for `engine`, watching `slice`; it lives as
    /// long as the process (a worker has one engine). `tick` is called at
    /// every tick that finds guest code still running. `stuck` is called
    /// once with the reason if the guest is stuck (it must return promptly),
    /// and then the worker exits.
    pub(crate) fn start(
        engine: &Engine,
        slice: Arc<Slice>,
        tick: impl Fn() + Send + 'static,
        stuck: impl Fn(String) + Send + 'static,
    ) -> Result<Self, String> {
        let running = Arc::new((Mutex::new(Reasons::default()), Condvar::new()));
        let shared = running.clone();
        let engine = engine.clone();
        thread::Builder::new()
            .name("remoteobj-epoch".into())
            .spawn(move || {
                let (reasons, wake) = &*shared;
                loop {
                    let mut guard = lock(reasons);
                    guard.asleep = true;
                    let mut guard = wake
                        .wait_while(guard, |r| r.count == 0)
                        .unwrap_or_else(|p| p.into_inner());
                    guard.asleep = false;
                    drop(guard);
                    thread::sleep(TICK);
                    engine.increment_epoch();
                    // Only if guest code is still running.
                    if lock(reasons).count > 0 {
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
    pub(crate) fn ticking(&self) -> Ticking {
        self.more();
        Ticking {
            ticker: self.clone(),
        }
    }

    /// Stops ticking until the guard is dropped: the guest waits in the
    /// worker's own code (for the next request), where nothing needs
    /// interrupting, and an idle active object should not wake the worker.
    pub(crate) fn idle(&self) -> Idle {
        self.fewer();
        Idle {
            ticker: self.clone(),
        }
    }

    /// One more reason to tick.
    fn more(&self) {
        let (reasons, wake) = &*self.running;
        let mut r = lock(reasons);
        r.count += 1;
        if r.count == 1 && r.asleep {
            wake.notify_one();
        }
    }

    /// One reason to tick fewer.
    fn fewer(&self) {
        let mut r = lock(&self.running.0);
        debug_assert!(r.count > 0, "more reasons to tick ended than began");
        r.count = r.count.saturating_sub(1);
    }
}

/// Keeps a [`Ticker`] ticking; see [`Ticker::ticking`].
pub(crate) struct Ticking {
    ticker: Ticker,
}

impl Drop for Ticking {
    fn drop(&mut self) {
        self.ticker.fewer();
    }
}

/// Pauses a [`Ticker`]; see [`Ticker::idle`].
pub(crate) struct Idle {
    ticker: Ticker,
}

impl Drop for Idle {
    fn drop(&mut self) {
        self.ticker.more();
    }
}
