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
//!
//! And the property of Python remoteobj's tests (`ObjectA`/`ObjectB`):
//!
//! ```python
//! class ObjectA:
//!     x = 10
//!     @property
//!     def zxcv(self): return self.x / 5.
//! class ObjectB(ObjectA):
//!     @property
//!     def zxcv(self): return self.x / 10.
//! ```
//!
//! `A.zxcv` is a fifth of `size` and has a setter; `B.zxcv`, a tenth, has
//! none (as `ObjectB`'s), so `zxcv` is read-only on a `B` while
//! `super.zxcv` reads and assigns `A`'s.

use std::fmt;

use remoteobj_guest::{Error, This, remote};

/// The base class.
#[remote]
#[derive(Debug)]
pub struct A {
    /// Set by A's constructor.
    label: String,
    /// What zxcv is computed from (`ObjectA.x`).
    size: f64,
}

impl Default for A {
    fn default() -> Self {
        A {
            label: "made by A".into(),
            size: 10.0,
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

    /// A fifth of size (`ObjectA.zxcv`).
    #[remote(getter)]
    pub fn zxcv(&self) -> f64 {
        self.size / 5.0
    }

    /// Sets size so that zxcv reads `value`; a negative one is a ValueError.
    #[remote(setter)]
    pub fn set_zxcv(&mut self, value: f64) -> Result<(), Error> {
        if value < 0.0 {
            return Err(Error::value_error("A", "zxcv cannot be negative"));
        }
        self.size = value * 5.0;
        Ok(())
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

    /// A tenth of A's size (`ObjectB.zxcv`): overrides A's, with no setter.
    #[remote(getter)]
    pub fn zxcv(&self) -> f64 {
        self.base.size / 10.0
    }
}

remoteobj_guest::export!(B);
