//! Support for the code the `#[remote]` macro generates. Not a public API.
//!
//! The macro cannot know whether a field's type is itself a remote object (to
//! be traversed in place) or plain data (to be read as a value), or whether a
//! type has a `#[remote]` impl block. These probes decide it at compile time
//! with autoref-based dispatch: the method on `Probe<T>` exists only when `T`
//! has the capability, and the fallback on `&Probe<T>` is found otherwise.

use std::{cell::Cell, fmt::Display, marker::PhantomData};

use serde::{Serialize, de::DeserializeOwned};

use crate::args::Args;
use crate::error::{Error, Result};
use crate::remote::{Member, Remote, Return};
use crate::schema::{AttributeInfo, MethodInfo, Types};
use crate::value::{Value, decode, short_type_name, to_value};

/// The methods of a `#[remote] impl` block, dispatched by name: callable
/// methods, and the properties its getters and setters make.
pub trait RemoteMethods {
    /// Calls the method `name`; `None` when there is none.
    fn call_remote_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>>;
    /// The methods' schema, their types added to `types`.
    fn remote_methods(types: &mut Types) -> Vec<MethodInfo>;
    /// Reads the property `name` (runs its getter); `None` when there is
    /// none. A value, never a borrow: a property is computed.
    fn get_remote_property(&mut self, name: &str) -> Option<Result<Value>>;
    /// Assigns the property `name` (decodes `value` and runs its setter;
    /// `type_name` names the type in errors); `None` when there is none, a
    /// read-only error when it has no setter.
    fn set_remote_property(
        &mut self,
        type_name: &str,
        name: &str,
        value: &[u8],
    ) -> Option<Result<()>>;
    /// Whether `name` is one of the properties.
    fn has_remote_property(name: &str) -> bool;
    /// The properties' schema, as attributes, their types added to `types`.
    fn remote_properties(types: &mut Types) -> Vec<AttributeInfo>;
}

/// A mutable borrow that a probe hands on once.
pub struct Slot<'a, T>(Cell<Option<&'a mut T>>);

impl<'a, T> Slot<'a, T> {
    /// Wraps a field.
    pub fn new(field: &'a mut T) -> Self {
        Slot(Cell::new(Some(field)))
    }

    fn take(&self) -> &'a mut T {
        self.0.take().expect("a probe is used once")
    }
}

/// `getattr` on a field that is a remote object: traverse it in place.
pub trait MemberViaRemote<'a> {
    /// The member.
    fn member(&self) -> Result<Member<'a>>;
}

impl<'a, T: Remote + 'a> MemberViaRemote<'a> for Slot<'a, T> {
    fn member(&self) -> Result<Member<'a>> {
        Ok(Member::Object(self.take()))
    }
}

/// `getattr` on a plain-data field: a copy of its value.
pub trait MemberViaSerialize<'a> {
    /// The member.
    fn member(&self) -> Result<Member<'a>>;
}

impl<'a, T: Serialize> MemberViaSerialize<'a> for &Slot<'a, T> {
    fn member(&self) -> Result<Member<'a>> {
        Member::value(&*self.take())
    }
}

/// A shared borrow of a field, for reading its value.
pub struct Field<'a, T>(pub &'a T);

/// The value of a field that is a remote object.
pub trait ValueViaRemote {
    /// The value.
    fn value(&self) -> Result<Value>;
}

impl<T: Remote> ValueViaRemote for Field<'_, T> {
    fn value(&self) -> Result<Value> {
        self.0.to_value()
    }
}

/// The value of a plain-data field.
pub trait ValueViaSerialize {
    /// The value.
    fn value(&self) -> Result<Value>;
}

impl<T: Serialize> ValueViaSerialize for &Field<'_, T> {
    fn value(&self) -> Result<Value> {
        to_value(self.0)
    }
}

/// `str()` of a type that implements `Display`.
pub trait TextViaDisplay {
    /// The text.
    fn display_text(&self) -> Option<String>;
}

impl<T: Display> TextViaDisplay for Field<'_, T> {
    fn display_text(&self) -> Option<String> {
        Some(self.0.to_string())
    }
}

/// `str()` of a type without `Display`: the SDK shows its value.
pub trait TextWithoutDisplay {
    /// No text.
    fn display_text(&self) -> Option<String>;
}

impl<T> TextWithoutDisplay for &Field<'_, T> {
    fn display_text(&self) -> Option<String> {
        None
    }
}

/// `repr()` of a type that implements `Debug`.
pub trait TextViaDebug {
    /// The text.
    fn debug_text(&self) -> Option<String>;
}

impl<T: std::fmt::Debug> TextViaDebug for Field<'_, T> {
    fn debug_text(&self) -> Option<String> {
        Some(format!("{:?}", self.0))
    }
}

/// `repr()` of a type without `Debug`.
pub trait TextWithoutDebug {
    /// No text.
    fn debug_text(&self) -> Option<String>;
}

impl<T> TextWithoutDebug for &Field<'_, T> {
    fn debug_text(&self) -> Option<String> {
        None
    }
}

/// A field being assigned.
pub struct Assign<'a, T>(pub &'a mut T);

/// Assigning a decodable field: type-checked decode.
pub trait AssignViaDeserialize {
    /// Decodes `bytes` into the field.
    fn assign(&mut self, bytes: &[u8], what: &str) -> Result<()>;
}

impl<T: DeserializeOwned> AssignViaDeserialize for Assign<'_, T> {
    fn assign(&mut self, bytes: &[u8], what: &str) -> Result<()> {
        *self.0 = decode(bytes, what)?;
        Ok(())
    }
}

/// Assigning a field whose type cannot be decoded: refused.
pub trait AssignRefused {
    /// Always an error.
    fn assign(&mut self, bytes: &[u8], what: &str) -> Result<()>;
}

impl<T> AssignRefused for &mut Assign<'_, T> {
    fn assign(&mut self, _: &[u8], what: &str) -> Result<()> {
        Err(Error::unsupported(
            &short_type_name::<T>(),
            format!(
                "cannot assign to {what}: {} cannot be decoded from a value",
                short_type_name::<T>()
            ),
        ))
    }
}

/// Whether a type has a `#[remote] impl` block.
pub struct Methods<T>(PhantomData<T>);

impl<T> Methods<T> {
    /// The probe.
    pub fn probe() -> Self {
        Methods(PhantomData)
    }
}

/// A type with remote methods (and properties).
pub trait MethodsPresent<T> {
    /// Calls a method.
    fn call(&self, this: &mut T, name: &str, args: &mut Args) -> Option<Result<Return>>;
    /// The methods' schema.
    fn schema(&self, types: &mut Types) -> Vec<MethodInfo>;
    /// Reads a property.
    fn get(&self, this: &mut T, name: &str) -> Option<Result<Value>>;
    /// Assigns a property.
    fn set(&self, this: &mut T, type_name: &str, name: &str, value: &[u8]) -> Option<Result<()>>;
    /// Whether `name` is a property.
    fn has_property(&self, name: &str) -> bool;
    /// The properties' schema.
    fn properties(&self, types: &mut Types) -> Vec<AttributeInfo>;
}

impl<T: RemoteMethods> MethodsPresent<T> for Methods<T> {
    fn call(&self, this: &mut T, name: &str, args: &mut Args) -> Option<Result<Return>> {
        this.call_remote_method(name, args)
    }
    fn schema(&self, types: &mut Types) -> Vec<MethodInfo> {
        T::remote_methods(types)
    }
    fn get(&self, this: &mut T, name: &str) -> Option<Result<Value>> {
        this.get_remote_property(name)
    }
    fn set(&self, this: &mut T, type_name: &str, name: &str, value: &[u8]) -> Option<Result<()>> {
        this.set_remote_property(type_name, name, value)
    }
    fn has_property(&self, name: &str) -> bool {
        T::has_remote_property(name)
    }
    fn properties(&self, types: &mut Types) -> Vec<AttributeInfo> {
        T::remote_properties(types)
    }
}

/// A type without remote methods (nor properties).
pub trait MethodsAbsent<T> {
    /// No method.
    fn call(&self, this: &mut T, name: &str, args: &mut Args) -> Option<Result<Return>>;
    /// No methods.
    fn schema(&self, types: &mut Types) -> Vec<MethodInfo>;
    /// No property.
    fn get(&self, this: &mut T, name: &str) -> Option<Result<Value>>;
    /// No property.
    fn set(&self, this: &mut T, type_name: &str, name: &str, value: &[u8]) -> Option<Result<()>>;
    /// No property.
    fn has_property(&self, name: &str) -> bool;
    /// No properties.
    fn properties(&self, types: &mut Types) -> Vec<AttributeInfo>;
}

impl<T> MethodsAbsent<T> for &Methods<T> {
    fn call(&self, _: &mut T, _: &str, _: &mut Args) -> Option<Result<Return>> {
        None
    }
    fn schema(&self, _: &mut Types) -> Vec<MethodInfo> {
        Vec::new()
    }
    fn get(&self, _: &mut T, _: &str) -> Option<Result<Value>> {
        None
    }
    fn set(&self, _: &mut T, _: &str, _: &str, _: &[u8]) -> Option<Result<()>> {
        None
    }
    fn has_property(&self, _: &str) -> bool {
        false
    }
    fn properties(&self, _: &mut Types) -> Vec<AttributeInfo> {
        Vec::new()
    }
}

/// The error of a method's `Err`, on its way to becoming a remote error.
pub struct Failure<E>(Cell<Option<E>>);

impl<E> Failure<E> {
    /// Wraps an error.
    pub fn new(e: E) -> Self {
        Failure(Cell::new(Some(e)))
    }

    fn take(&self) -> E {
        self.0.take().expect("a probe is used once")
    }
}

/// An SDK [`Error`] stays what it is (kind included).
pub trait FailureIsError {
    /// The remote error.
    fn to_remote_error(&self) -> Error;
}

impl FailureIsError for Failure<Error> {
    fn to_remote_error(&self) -> Error {
        self.take()
    }
}

/// Any other error becomes a `RuntimeError` named after its type.
pub trait FailureViaDisplay {
    /// The remote error.
    fn to_remote_error(&self) -> Error;
}

impl<E: Display> FailureViaDisplay for &Failure<E> {
    fn to_remote_error(&self) -> Error {
        let e = self.take();
        Error::runtime(&short_type_name::<E>(), e.to_string())
    }
}

/// What an active object's loop returned, on its way to the host's `join`.
pub struct RunReturn<R>(Cell<Option<R>>);

impl<R> RunReturn<R> {
    /// Wraps the loop's return value.
    pub fn new(returned: R) -> Self {
        RunReturn(Cell::new(Some(returned)))
    }

    fn take(&self) -> R {
        self.0.take().expect("a probe is used once")
    }
}

/// A loop that returns `Result<T, E>`: `Ok` is the value, `Err` an error
/// (made a remote error through [`Failure`], which keeps an SDK error's kind).
pub trait RunReturnsResult {
    /// The loop's error type.
    type Error;
    /// The value, or the error still to convert.
    fn split(&self) -> std::result::Result<Result<Value>, Failure<Self::Error>>;
}

impl<T: Serialize, E> RunReturnsResult for RunReturn<std::result::Result<T, E>> {
    type Error = E;
    fn split(&self) -> std::result::Result<Result<Value>, Failure<E>> {
        match self.take() {
            Ok(value) => Ok(to_value(&value)),
            Err(e) => Err(Failure::new(e)),
        }
    }
}

/// A loop that returns any serializable value (`()` included).
pub trait RunReturnsValue {
    /// Never used: a plain value cannot fail.
    type Error;
    /// The value.
    fn split(&self) -> std::result::Result<Result<Value>, Failure<Self::Error>>;
}

impl<T: Serialize> RunReturnsValue for &RunReturn<T> {
    type Error = Error;
    fn split(&self) -> std::result::Result<Result<Value>, Failure<Error>> {
        Ok(to_value(&self.take()))
    }
}

/// A method's return value as a [`Return`].
pub fn returned<T: Serialize>(value: T) -> Result<Return> {
    Return::value(&value)
}

/// A getter's value.
pub fn property_value<T: Serialize>(value: T) -> Result<Value> {
    to_value(&value)
}

/// The error for assigning a property that has no setter (or a read-only
/// field).
pub fn read_only(type_name: &str, name: &str) -> Error {
    Error::new(
        crate::ErrorKind::Attribute,
        type_name,
        format!("attribute `{name}` of `{type_name}` is read-only"),
    )
}

/// The error for a name the type does not have as an attribute: a method
/// read without calling it says so; anything else suggests the nearest name.
pub fn missing(type_name: &str, name: &str, schema: &crate::Schema) -> Error {
    if schema.methods.iter().any(|m| m.name == name) {
        return Error::new(
            crate::ErrorKind::Attribute,
            type_name,
            format!("`{name}` is a method of `{type_name}`: call it (`{name}(...)`) to use it"),
        );
    }
    Error::no_attribute_among(type_name, name, &schema.names())
}

/// Whether a lookup failed because the name does not exist.
pub fn is_missing(result: &Result<Member<'_>>) -> bool {
    matches!(result, Err(e) if e.kind == crate::ErrorKind::Attribute)
}

/// An error the code `#[remote]` generates raises: made here, so it does
/// not record the author's source line as its origin (the line would be
/// the attribute's, which says nothing).
pub fn generated_error(kind: crate::ErrorKind, type_name: &str, message: String) -> Error {
    Error::new(kind, type_name, message)
}
