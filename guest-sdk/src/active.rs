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
//! | leaving `with obj.remote:` (`fulfill_final=True`/`False`) | [`stop_listening`]`(obj, `[`Pending::Fulfill`]`/`[`Pending::Cancel`]`)` |
//! | `yield value` in the remote function | [`emit`](crate::emit)`(obj, &value)` |
//! | `with catch('process'): ...` (`remoteobj.Except`) | [`catch`](crate::catch)`("process", \|\| ...)` |
//!
//! When the loop returns, the object stays reachable (requests are then
//! answered as they come) until the host closes it, unless the loop ended
//! its listening ([`stop_listening`]): then the worker exits. The value the
//! loop returned, or its error, is what the host's `join` gets; an error
//! carries the loop in its trace (`run(Toggler)`), after where it was made.
//! A loop that never reaches one of these points leaves the host's requests
//! waiting: they time out on the host's side.

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

/// What [`stop_listening`] does with the requests that are waiting
/// (Python remoteobj's `fulfill_final`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// They are answered first (`fulfill_final=True`).
    Fulfill,
    /// They fail on the host's side as cancelled: a caller that gave a
    /// default (`get_or`) gets it (`fulfill_final=False`).
    Cancel,
}

/// Ends the object's listening, as leaving Python remoteobj's
/// `with obj.remote:` block does: requests waiting now are answered first
/// ([`Pending::Fulfill`]) or cancelled ([`Pending::Cancel`]); the host then
/// stops sending any, and those sent meanwhile fail as cancelled. Returns
/// how many were answered.
///
/// The loop may go on afterwards ([`sleep`] still sleeps, answering
/// nothing); once it returns (or the method that called this does, for a
/// passive object) the worker exits: the host's `join` gets what the loop
/// returned, and later requests fail with `NotListening`.
pub fn stop_listening(obj: &mut dyn Remote, pending: Pending) -> usize {
    let answered = match pending {
        Pending::Fulfill => process_requests(obj),
        Pending::Cancel => 0,
    };
    host::stop_listening();
    answered
}

pub(crate) fn serve(obj: &mut dyn Remote, request: Request) {
    let result = crate::runtime::answer(obj, request.path);
    host::respond(request.id, result.as_ref());
}

pub(crate) fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}
