//! The dispatch trait: what a type implements to be a remote object.
//!
//! Every method has a default that raises the error Python would (no such
//! attribute, not subscriptable, no `len()`, not callable), so a type
//! implements only what it supports. The resolver in [`crate::resolve`]
//! walks a request's path by calling these methods.

use serde::Serialize;

use crate::args::Args;
use crate::error::{Error, Result};
use crate::schema::Schema;
use crate::value::{Value, to_value};

/// What an attribute or item lookup found.
pub enum Member<'a> {
    /// A nested remote object: later links of the path act on it in place
    /// (`another.append(6)` appends to the real list).
    Object(&'a mut dyn Remote),
    /// A plain value (a copy): later links can read into it, not change it.
    Value(Value),
}

impl Member<'_> {
    /// A plain value from anything serializable.
    pub fn value<T: Serialize + ?Sized>(value: &T) -> Result<Self> {
        Ok(Member::Value(to_value(value)?))
    }
}

/// The return type of a method that returns the object itself (`return
/// self` in Python): `fn chain(&mut self) -> This { self.x += 1; This }`.
/// The host gets a proxy on the object back, so calls chain remotely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct This;

/// What a call returned.
pub enum Return {
    /// A value.
    Value(Value),
    /// The object the method was called on (`return self`): the host gets a
    /// proxy on it, so calls chain remotely.
    This,
}

impl Return {
    /// A value from anything serializable.
    pub fn value<T: Serialize + ?Sized>(value: &T) -> Result<Self> {
        Ok(Return::Value(to_value(value)?))
    }

    /// `None` (Python) / `()` (Rust).
    pub fn none() -> Self {
        Return::Value(Value::Null)
    }
}

/// A type that can be driven remotely.
// `len` is Python's `len(obj)` op, answered remotely; an `is_empty` would be
// a second op with nothing new to say.
#[allow(clippy::len_without_is_empty)]
pub trait Remote {
    /// The type's name, as errors and `describe` show it.
    fn type_name(&self) -> &str;

    /// The whole object as a value (what resolving a proxy on it returns).
    /// For a `#[remote]` struct: its fields (its base's included), not its
    /// properties, which are computed when read.
    fn to_value(&self) -> Result<Value>;

    /// `obj.name`.
    fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
        Err(Error::no_attribute(self.type_name(), name))
    }

    /// `obj.name(*args)`: a method call. Returns `None` when there is no
    /// method of that name (the resolver then tries `getattr(name)` and calls
    /// what it finds).
    fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
        let _ = (name, args);
        None
    }

    /// `obj.name = value`, with `value` as CBOR (decode it with
    /// [`crate::value::decode`] for type checking).
    fn setattr(&mut self, name: &str, value: &[u8]) -> Result<()> {
        let _ = value;
        Err(Error::no_attribute(self.type_name(), name))
    }

    /// `del obj.name`.
    fn delattr(&mut self, name: &str) -> Result<()> {
        Err(Error::unsupported(
            self.type_name(),
            format!("cannot delete attribute `{name}` of `{}`", self.type_name()),
        ))
    }

    /// `obj[key]`.
    fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
        let _ = key;
        Err(not_subscriptable(self.type_name()))
    }

    /// `obj[key] = value`, with `value` as CBOR.
    fn setitem(&mut self, key: &Value, value: &[u8]) -> Result<()> {
        let _ = (key, value);
        Err(Error::unsupported(
            self.type_name(),
            format!("`{}` does not support item assignment", self.type_name()),
        ))
    }

    /// `del obj[key]`.
    fn delitem(&mut self, key: &Value) -> Result<()> {
        let _ = key;
        Err(Error::unsupported(
            self.type_name(),
            format!("`{}` does not support item deletion", self.type_name()),
        ))
    }

    /// `len(obj)`.
    fn len(&self) -> Result<usize> {
        Err(Error::unsupported(
            self.type_name(),
            format!("`{}` has no len()", self.type_name()),
        ))
    }

    /// `key in obj`.
    fn contains(&self, key: &Value) -> Result<bool> {
        let _ = key;
        Err(Error::unsupported(
            self.type_name(),
            format!("`{}` does not support `in`", self.type_name()),
        ))
    }

    /// `obj(*args)`: calling the object itself.
    fn call(&mut self, args: &mut Args) -> Result<Return> {
        let _ = args;
        Err(Error::new(
            crate::ErrorKind::NotCallable,
            self.type_name(),
            format!("`{}` is not callable", self.type_name()),
        ))
    }

    /// `str(obj)`: the type's `Display` text, if it has one. `#[remote]`
    /// fills this in with the type's `Display`, or else its base's
    /// `display()` (as Python's `__str__` is inherited); `None` makes
    /// `passto(str)` show the value.
    fn display(&self) -> Option<String> {
        None
    }

    /// `repr(obj)`: the type's `Debug` text, if it has one (`#[remote]`:
    /// the type's `Debug`, or else its base's `debug()`).
    fn debug(&self) -> Option<String> {
        None
    }

    /// The object as `Any`, so a free function exported for `passto` can
    /// check it got the type it takes (`#[remote]` fills this in).
    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        None
    }

    /// The base this type delegates to (`super`), if any.
    fn base(&mut self) -> Option<&mut dyn Remote> {
        None
    }

    /// The type's schema for `describe`.
    fn schema(&self) -> Schema {
        Schema::new(self.type_name())
    }
}

fn not_subscriptable(type_name: &str) -> Error {
    Error::unsupported(type_name, format!("`{type_name}` is not subscriptable"))
}
