//! Python remoteobj's `SomeObject`:
//!
//! ```python
//! class SomeObject:
//!     def __init__(self):
//!         self.x = 0
//!     def inc(self):
//!         self.x += 1
//!     def toggle(self, state=None):
//!         self.is_on = not self.is_on if state is None else state
//! ```
//!
//! plus the list `another` from Python remoteobj's basic usage, `chain()` (returns
//! itself), `div(by)` (fails on zero), `measure(text)` (an argument of any
//! size with a small answer, for `remoteobj bench`), and Python-style extra attributes that
//! `obj.name = v` creates and `del obj.name` removes. `toggle` prints the new
//! state to stdout and a refused division says so on stderr: both reach the
//! host's log.

use std::collections::BTreeMap;

use remoteobj_guest::{Error, This, Value, remote};

/// A counter that can be switched on and off (Python remoteobj's SomeObject).
#[remote]
#[derive(Default)]
pub struct Counter {
    /// The count.
    x: i64,
    /// Whether the switch is on.
    is_on: bool,
    /// A list to append to.
    another: Vec<i64>,
    /// Attributes created remotely (`obj.something = 10`).
    #[remote(dynamic)]
    extra: BTreeMap<String, Value>,
}

#[remote]
impl Counter {
    /// Adds one to x.
    pub fn inc(&mut self) {
        self.x += 1;
    }

    /// Sets is_on to state, or flips it.
    pub fn toggle(&mut self, state: Option<bool>) {
        self.is_on = state.unwrap_or(!self.is_on);
        println!("is_on = {}", self.is_on);
    }

    /// Adds one to x and returns the object itself.
    pub fn chain(&mut self) -> This {
        self.x += 1;
        This
    }

    /// The length of `text` in bytes.
    pub fn measure(&self, text: String) -> usize {
        text.len()
    }

    /// x divided by `by`; fails on zero.
    pub fn div(&self, by: i64) -> Result<i64, Error> {
        if by == 0 {
            eprintln!("refusing to divide {} by zero", self.x);
            return Err(Error::value_error("Counter", "division by zero"));
        }
        Ok(self.x / by)
    }
}

remoteobj_guest::export!(Counter);
