//! `Box<T>` and `Option<T>` around a remote object: the object itself, or
//! Python's `None`.

use crate::args::Args;
use crate::error::{Error, ErrorKind, Result};
use crate::remote::{Member, Remote, Return};
use crate::schema::Schema;
use crate::value::Value;

impl<T: Remote + ?Sized> Remote for Box<T> {
    fn type_name(&self) -> &str {
        (**self).type_name()
    }
    fn to_value(&self) -> Result<Value> {
        (**self).to_value()
    }
    fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
        (**self).getattr(name)
    }
    fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
        (**self).call_method(name, args)
    }
    fn setattr(&mut self, name: &str, value: &[u8]) -> Result<()> {
        (**self).setattr(name, value)
    }
    fn delattr(&mut self, name: &str) -> Result<()> {
        (**self).delattr(name)
    }
    fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
        (**self).getitem(key)
    }
    fn setitem(&mut self, key: &Value, value: &[u8]) -> Result<()> {
        (**self).setitem(key, value)
    }
    fn delitem(&mut self, key: &Value) -> Result<()> {
        (**self).delitem(key)
    }
    fn len(&self) -> Result<usize> {
        (**self).len()
    }
    fn contains(&self, key: &Value) -> Result<bool> {
        (**self).contains(key)
    }
    fn call(&mut self, args: &mut Args) -> Result<Return> {
        (**self).call(args)
    }
    fn base(&mut self) -> Option<&mut dyn Remote> {
        (**self).base()
    }
    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        (**self).as_any_mut()
    }
    fn display(&self) -> Option<String> {
        (**self).display()
    }
    fn debug(&self) -> Option<String> {
        (**self).debug()
    }
    fn schema(&self) -> Schema {
        (**self).schema()
    }
}

fn none_error(what: &str) -> Error {
    Error::new(
        ErrorKind::Attribute,
        "NoneType",
        format!("`None` has no {what}"),
    )
}

/// What Python raises for `None[k]`, `len(None)`, `x in None`, `None()`.
fn none_type_error(what: &str) -> Error {
    Error::new(ErrorKind::Type, "NoneType", format!("`None` {what}"))
}

/// `None` behaves like Python's: it resolves to null and has nothing else.
impl<T: Remote> Remote for Option<T> {
    fn type_name(&self) -> &str {
        match self {
            Some(inner) => inner.type_name(),
            None => "NoneType",
        }
    }
    fn to_value(&self) -> Result<Value> {
        match self {
            Some(inner) => inner.to_value(),
            None => Ok(Value::Null),
        }
    }
    fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
        match self {
            Some(inner) => inner.getattr(name),
            None => Err(none_error(&format!("attribute `{name}`"))),
        }
    }
    fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
        match self {
            Some(inner) => inner.call_method(name, args),
            None => None,
        }
    }
    fn setattr(&mut self, name: &str, value: &[u8]) -> Result<()> {
        match self {
            Some(inner) => inner.setattr(name, value),
            None => Err(none_error(&format!("attribute `{name}`"))),
        }
    }
    fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
        match self {
            Some(inner) => inner.getitem(key),
            None => Err(none_type_error("is not subscriptable")),
        }
    }
    fn setitem(&mut self, key: &Value, value: &[u8]) -> Result<()> {
        match self {
            Some(inner) => inner.setitem(key, value),
            None => Err(none_type_error("is not subscriptable")),
        }
    }
    fn delitem(&mut self, key: &Value) -> Result<()> {
        match self {
            Some(inner) => inner.delitem(key),
            None => Err(none_type_error("is not subscriptable")),
        }
    }
    fn len(&self) -> Result<usize> {
        match self {
            Some(inner) => inner.len(),
            None => Err(none_type_error("has no len()")),
        }
    }
    fn contains(&self, key: &Value) -> Result<bool> {
        match self {
            Some(inner) => inner.contains(key),
            None => Err(none_type_error("does not support `in`")),
        }
    }
    fn base(&mut self) -> Option<&mut dyn Remote> {
        self.as_mut().and_then(|inner| inner.base())
    }
    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        self.as_mut().and_then(|inner| inner.as_any_mut())
    }
    fn call(&mut self, args: &mut Args) -> Result<Return> {
        match self {
            Some(inner) => inner.call(args),
            None => Err(none_type_error("is not callable")),
        }
    }
    fn delattr(&mut self, name: &str) -> Result<()> {
        match self {
            Some(inner) => inner.delattr(name),
            None => Err(none_error(&format!("attribute `{name}`"))),
        }
    }
    fn display(&self) -> Option<String> {
        self.as_ref().and_then(|inner| inner.display())
    }
    fn debug(&self) -> Option<String> {
        self.as_ref().and_then(|inner| inner.debug())
    }
    fn schema(&self) -> Schema {
        match self {
            Some(inner) => inner.schema(),
            None => Schema::new("NoneType"),
        }
    }
}
