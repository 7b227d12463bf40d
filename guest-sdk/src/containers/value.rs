//! Plain values (copies of data an object returned) as read-only remote
//! objects: they can be indexed, measured and searched, not changed.

use crate::error::{Error, Result};
use crate::remote::{Member, Remote};
use crate::value::{Value, kind_of};

use super::index::sequence_index;
use crate::value::show;

/// A plain value (a copy of data the object returned): it can be indexed,
/// measured and searched, not changed.
pub struct ValueObject(pub Value);

impl Remote for ValueObject {
    fn type_name(&self) -> &str {
        kind_of(&self.0)
    }

    fn to_value(&self) -> Result<Value> {
        Ok(self.0.clone())
    }

    fn getitem(&mut self, key: &Value) -> Result<Member<'_>> {
        match &self.0 {
            Value::Array(items) => {
                let i = sequence_index("list", key, items.len())?;
                Ok(Member::Value(items[i].clone()))
            }
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| Member::Value(v.clone()))
                .ok_or_else(|| Error::key_error("dict", show(key))),
            other => Err(Error::unsupported(
                kind_of(other),
                format!("`{}` is not subscriptable", kind_of(other)),
            )),
        }
    }

    fn len(&self) -> Result<usize> {
        match &self.0 {
            Value::Array(items) => Ok(items.len()),
            Value::Map(entries) => Ok(entries.len()),
            Value::Text(s) => Ok(s.chars().count()),
            Value::Bytes(b) => Ok(b.len()),
            other => Err(Error::unsupported(
                kind_of(other),
                format!("`{}` has no len()", kind_of(other)),
            )),
        }
    }

    fn contains(&self, key: &Value) -> Result<bool> {
        match (&self.0, key) {
            (Value::Array(items), _) => Ok(items.as_slice().contains(key)),
            (Value::Map(entries), _) => Ok(entries.iter().any(|(k, _)| k == key)),
            (Value::Text(s), Value::Text(sub)) => Ok(s.contains(sub.as_str())),
            (other, _) => Err(Error::unsupported(
                kind_of(other),
                format!("`{}` does not support `in`", kind_of(other)),
            )),
        }
    }
}
