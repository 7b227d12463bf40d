//! Active objects: the object's own loop (Python remoteobj's `run(obj)`) and the
//! cooperative points where it answers the host.
//!
//! An object with a loop is exported with `export!(Type, run = my_loop)`; the
//! worker calls `my_loop(&mut object)` right after the object is ready. While
//! the loop runs, the host's requests wait in a queue: they are resolved
//! against the object only when the loop hands it over at one of these
//! points, so a request never sees the object in the middle of a step.
//!
//! ```ignore
//! use std::time::Duration;
//! use remoteobj_guest::{remote, should_stop, sleep};
//!
//! fn run(obj: &mut Toggler) -> i64 {
//!     while !should_stop() {
//!         if obj.is_on {
//!             obj.inc();
//!         }
//!         sleep(obj, Duration::from_millis(10)); // answers the host meanwhile
//!     }
//!     obj.x // what the host's join() gets
//! }
//!
//! remoteobj_guest::export!(Toggler, run = run);
//! ```
//!
//! | Python remoteobj | here |
//! |---|---|
//! | `with obj.remote.background_listen(): ... time.sleep(d)` | [`sleep`]`(obj, d)` |
//! | `obj.remote.process_requests()` (manual mode) | [`process_requests`]`(obj)` |
//! | `while not event.is_set()` | `while !`[`should_stop`]`()` |
//!
//! When the loop returns, the object stays reachable (requests are then
//! answered as they come) until the host closes it; the value the loop
//! returned, or its error, is what the host's `join` gets. A loop that never
//! reaches one of these points leaves the host's requests waiting: they time
//! out on the host's side.

use std::time::{Duration, Instant};

use crate::bindings::remoteobj::guest::host;
use crate::bindings::remoteobj::guest::types::Request;
use crate::remote::Remote;

/// Whether the host has asked the loop to finish (its `stop()`, or closing
/// the object). A loop should check it at least once per step and return
/// soon after it turns true; one that does not is killed when the host
/// closes the object.
pub fn should_stop() -> bool {
    host::should_stop()
}

/// Sleeps for `duration` while answering the host's requests as they arrive
/// (Python remoteobj's background listener). Returns early, with `true`, once the
/// host asks the loop to stop; `false` when the time is up.
///
/// After a stop it keeps returning `true` at once, so a loop must end when
/// it does (or check [`should_stop`]), or it would spin.
///
/// In a method rather than the loop, the request's time limit still runs
/// while it sleeps: sleeping past it fails the request with a time-limit
/// trap.
pub fn sleep(obj: &mut dyn Remote, duration: Duration) -> bool {
    let deadline = Instant::now().checked_add(duration);
    loop {
        let left = match deadline {
            Some(deadline) => deadline.saturating_duration_since(Instant::now()),
            None => duration,
        };
        if left.is_zero() {
            return host::should_stop();
        }
        match host::next_request(nanos(left)) {
            Some(request) => serve(obj, request),
            None if host::should_stop() => return true,
            // Timed out: the deadline is checked at the top.
            None => {}
        }
    }
}

/// Answers at most one request that is already waiting, without waiting
/// for one; a cheap cooperative point for loops that compute without
/// sleeping. Returns whether the host has asked the loop to stop.
pub fn yield_now(obj: &mut dyn Remote) -> bool {
    if let Some(request) = host::next_request(0) {
        serve(obj, request);
    }
    host::should_stop()
}

/// Answers every request that is waiting, without waiting for more (the
/// manual `process_requests()` of Python remoteobj), and returns how many it answered.
/// Requests that arrive meanwhile are answered too, so a host that never
/// stops sending keeps the loop here.
pub fn process_requests(obj: &mut dyn Remote) -> usize {
    let mut answered = 0;
    while let Some(request) = host::next_request(0) {
        serve(obj, request);
        answered += 1;
    }
    answered
}

fn serve(obj: &mut dyn Remote, request: Request) {
    let result = crate::runtime::answer(obj, request.path);
    host::respond(request.id, result.as_ref());
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}
