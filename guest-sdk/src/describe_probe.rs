//! Probes for the code `#[remote]` generates to describe types in a
//! schema. Not a public API.
//!
//! The macro sees a type's spelling, not what it is: whether it is a
//! `#[remote]` struct (a class, navigable in place where it is a field),
//! a type that describes itself ([`Describe`]), or neither (named by its
//! spelling). Autoref-based dispatch decides at compile time, as in
//! [`crate::dispatch`].

use std::marker::PhantomData;

use crate::remote::Remote;
use crate::schema::{ClassInfo, Describe, Types};
use crate::value::short_type_name;

/// What `#[remote]` writes for each struct: its class, described without
/// an instance where there is none.
pub trait Class {
    /// The class's remote name.
    const NAME: &'static str;

    /// The class, its types added to `types`. `this` is the object when
    /// the schema is its own (then a base that only an instance can
    /// describe is described too).
    fn class_info(types: &mut Types, this: Option<&Self>) -> ClassInfo;
}

/// The type being described.
pub struct TypeOf<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> TypeOf<T> {
    /// The probe.
    pub fn new() -> Self {
        TypeOf(PhantomData)
    }
}

impl<T: ?Sized> Default for TypeOf<T> {
    fn default() -> Self {
        TypeOf::new()
    }
}

/// A type that describes itself.
pub trait ValueTypeDescribed {
    /// Its index.
    fn value_type(&self, types: &mut Types, spelling: &str) -> u32;
}

impl<T: Describe + ?Sized> ValueTypeDescribed for TypeOf<T> {
    fn value_type(&self, types: &mut Types, _: &str) -> u32 {
        T::describe(types)
    }
}

/// A type that does not: named by its spelling.
pub trait ValueTypeNamed {
    /// Its index.
    fn value_type(&self, types: &mut Types, spelling: &str) -> u32;
}

impl<T: ?Sized> ValueTypeNamed for &TypeOf<T> {
    fn value_type(&self, types: &mut Types, spelling: &str) -> u32 {
        types.named(spelling)
    }
}

/// A `#[remote]` struct where it is navigable: an object of its class.
pub trait ClassTypePresent {
    /// Its `object` type.
    fn class_type(&self, types: &mut Types) -> Option<u32>;
}

impl<T: Class> ClassTypePresent for TypeOf<T> {
    fn class_type(&self, types: &mut Types) -> Option<u32> {
        let key = std::any::type_name::<T>();
        Some(types.class(key, T::NAME, |types| T::class_info(types, None)))
    }
}

/// Any other type: not a class.
pub trait ClassTypeAbsent {
    /// None.
    fn class_type(&self, types: &mut Types) -> Option<u32>;
}

impl<T: ?Sized> ClassTypeAbsent for &TypeOf<T> {
    fn class_type(&self, _: &mut Types) -> Option<u32> {
        None
    }
}

/// A base that is a `#[remote]` struct: its class, in this table.
pub trait BaseViaClass<T> {
    /// The base's class.
    fn base_class(&self, types: &mut Types, this: Option<&T>) -> ClassInfo;
}

impl<T: Class> BaseViaClass<T> for TypeOf<T> {
    fn base_class(&self, types: &mut Types, this: Option<&T>) -> ClassInfo {
        T::class_info(types, this)
    }
}

/// A base with a hand-written `Remote`: its instance's schema when there
/// is an instance, its name otherwise.
pub trait BaseViaRemote<T> {
    /// The base's class.
    fn base_class(&self, types: &mut Types, this: Option<&T>) -> ClassInfo;
}

impl<T: Remote> BaseViaRemote<T> for &TypeOf<T> {
    fn base_class(&self, types: &mut Types, this: Option<&T>) -> ClassInfo {
        match this {
            Some(base) => types.absorb(base.schema()),
            None => ClassInfo::new(short_type_name::<T>()),
        }
    }
}

/// A field that is a remote object itself (a nested object, a container
/// the SDK serves): paths go into it in place.
pub trait InPlacePresent {
    /// True.
    fn in_place(&self) -> bool;
}

impl<T: Remote> InPlacePresent for TypeOf<T> {
    fn in_place(&self) -> bool {
        true
    }
}

/// Any other field: paths go into a copy of its value.
pub trait InPlaceAbsent {
    /// False.
    fn in_place(&self) -> bool;
}

impl<T: ?Sized> InPlaceAbsent for &TypeOf<T> {
    fn in_place(&self) -> bool {
        false
    }
}
