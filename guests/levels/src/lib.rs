//! Three levels of inheritance by delegation: `C` extends `B` extends `A`.
//! Each level overrides `f()`; only `A` has `who()`, only `B` has `b_only`.
//! `super.f()` on C runs B's, `super.super.f()` runs A's.
//!
//! `A` and `B` have `Display` and `Debug`, `C` neither: `str()` and
//! `repr()` of a `C` are its nearest base's, `B`'s.

use std::fmt;

use remoteobj_guest::remote;

/// The root class.
#[remote]
#[derive(Default, Debug)]
pub struct A {
    /// Set on A.
    a_value: i64,
}

impl fmt::Display for A {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "A with a_value {}", self.a_value)
    }
}

#[remote]
impl A {
    /// Returns "A".
    pub fn f(&self) -> String {
        "A".into()
    }

    /// Defined on A only.
    pub fn who(&self) -> String {
        "defined on A".into()
    }
}

/// The middle class.
#[remote]
#[derive(Default, Debug)]
pub struct B {
    /// Set on B.
    b_only: i64,
    #[remote(base)]
    base: A,
}

impl fmt::Display for B {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "B with b_only {}", self.b_only)
    }
}

#[remote]
impl B {
    /// Returns "B".
    pub fn f(&self) -> String {
        "B".into()
    }
}

/// The leaf class (no `Display` or `Debug`: `B`'s are used).
#[remote]
#[derive(Default)]
pub struct C {
    #[remote(base)]
    base: B,
}

#[remote]
impl C {
    /// Returns "C".
    pub fn f(&self) -> String {
        "C".into()
    }
}

remoteobj_guest::export!(C);
