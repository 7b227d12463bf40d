//! Three levels of inheritance by delegation: `C` extends `B` extends `A`.
//! Each level overrides `f()`; only `A` has `who()`, only `B` has `b_only`.
//! `super.f()` on C runs B's, `super.super.f()` runs A's.

use remoteobj_guest::remote;

/// The root class.
#[remote]
#[derive(Default)]
pub struct A {
    /// Set on A.
    a_value: i64,
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
#[derive(Default)]
pub struct B {
    /// Set on B.
    b_only: i64,
    #[remote(base)]
    base: A,
}

#[remote]
impl B {
    /// Returns "B".
    pub fn f(&self) -> String {
        "B".into()
    }
}

/// The leaf class.
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
