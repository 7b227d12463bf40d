//! Python remoteobj's Full Example, an active object:
//!
//! ```python
//! def run_remote_stuff(obj, event):
//!     with obj.remote.background_listen():
//!         while not event.is_set():
//!             if obj.is_on:
//!                 obj.inc()
//!             print(obj.x)
//!             time.sleep(0.1)
//! ```
//!
//! Here the loop is [`run`]: `should_stop()` is the event (the host's
//! `stop()`, or closing the object), and `sleep` is the background listener:
//! the host's requests are answered while the loop sleeps, never in the
//! middle of a step. A step is 10 ms. Unlike Python remoteobj it does not print `x`
//! at every step (a hundred lines a second in the host's log); `toggle`
//! prints the new state instead.

use std::time::Duration;

use remoteobj_guest::{remote, should_stop, sleep};

/// A counter that counts by itself while it is switched on.
#[remote]
#[derive(Default)]
pub struct Toggler {
    /// The count.
    x: i64,
    /// Whether the loop counts.
    is_on: bool,
    /// How many steps the loop has taken, on or off.
    #[remote(read_only)]
    steps: u64,
}

#[remote]
impl Toggler {
    /// Adds one to x.
    pub fn inc(&mut self) {
        self.x += 1;
    }

    /// Sets is_on to state, or flips it.
    pub fn toggle(&mut self, state: Option<bool>) {
        self.is_on = state.unwrap_or(!self.is_on);
        println!("is_on = {}", self.is_on);
    }
}

/// The object's own loop: counts while on, until the host asks it to stop;
/// returns the final count (what the host's `join` gets).
pub fn run(obj: &mut Toggler) -> i64 {
    while !should_stop() {
        if obj.is_on {
            obj.inc();
        }
        obj.steps += 1;
        sleep(obj, Duration::from_millis(10));
    }
    obj.x
}

remoteobj_guest::export!(Toggler, run = run);
