//! Python remoteobj's Advanced example, inheritance modelled by delegation:
//!
//! ```python
//! class A:
//!     def asdf(self): return 5
//! class B(A):
//!     x = 0
//!     def asdf(self): return 6
//!     def chain(self):
//!         self.x += 1
//!         return self
//! ```
//!
//! `B` holds its base `A`; lookups `B` does not know fall through to `A`, and
//! `super` goes to `A` directly, so `super.asdf()` is 5. `A` also has a
//! `label` attribute and `relabel(label)`, which returns the object itself
//! (so `super.relabel("x").asdf()` is B's `asdf`: 6, as in Python).
//!
//! `A` has `Display` and `Debug` and `B` neither, so `str()` and `repr()`
//! of a `B` are `A`'s, as Python's `str(obj)` on a `B` runs `A.__str__`.

use std::fmt;

use remoteobj_guest::{This, remote};

/// The base class.
#[remote]
#[derive(Debug)]
pub struct A {
    /// Set by A's constructor.
    label: String,
}

impl Default for A {
    fn default() -> Self {
        A {
            label: "made by A".into(),
        }
    }
}

/// Python remoteobj's `ObjectA.__str__`, which its `ObjectB` inherits.
impl fmt::Display for A {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<A label={}>", self.label)
    }
}

#[remote]
impl A {
    /// Returns 5.
    pub fn asdf(&self) -> i64 {
        5
    }

    /// Sets label and returns the object itself.
    pub fn relabel(&mut self, label: String) -> This {
        self.label = label;
        This
    }
}

/// The derived class (no `Display` or `Debug`: `A`'s are used).
#[remote]
#[derive(Default)]
pub struct B {
    /// Counts chain() calls.
    x: i64,
    #[remote(base)]
    base: A,
}

#[remote]
impl B {
    /// Returns 6 (overrides A.asdf).
    pub fn asdf(&self) -> i64 {
        6
    }

    /// Adds one to x and returns the object itself.
    pub fn chain(&mut self) -> This {
        self.x += 1;
        This
    }
}

remoteobj_guest::export!(B);
