//! Standard containers as remote objects, behaving like Python's:
//! `Vec<T>` and `VecDeque<T>` as `list`, `BTreeMap`/`HashMap` with text or
//! integer keys as `dict`, `Objects<T>` as a list of remote objects that paths
//! go into, `Box<T>` and `Option<T>` around a remote object as that object (or
//! `None`), and plain values as read-only data.

mod dict;
mod list;
mod objects;
mod value;
mod wrappers;

pub use objects::Objects;
pub use value::ValueObject;

use crate::error::{Error, Result};
use crate::value::{Value, kind_of};

/// Maps a Python-style index (negative counts from the end) onto `0..len`.
pub fn sequence_index(type_name: &str, key: &Value, len: usize) -> Result<usize> {
    let Value::Integer(i) = key else {
        return Err(Error::type_error(
            type_name,
            format!("{type_name} indices must be integers, not {}", kind_of(key)),
        ));
    };
    let i = i128::from(*i);
    let idx = if i < 0 { i + len as i128 } else { i };
    if idx < 0 || idx >= len as i128 {
        return Err(Error::index_error(
            type_name,
            format!("{type_name} index {i} out of range (len {len})"),
        ));
    }
    Ok(idx as usize)
}

/// Where `list.insert(index, x)` puts `x`: Python clamps instead of failing.
pub fn insert_position(index: i64, len: usize) -> usize {
    let len = len as i64;
    (if index < 0 {
        (index + len).max(0)
    } else {
        index.min(len)
    }) as usize
}

/// Which item `list.pop(index)` removes; an empty list or a bad index is an
/// `IndexError`.
pub fn pop_position(index: i64, len: usize) -> Result<usize> {
    if len == 0 {
        return Err(Error::index_error("list", "pop from empty list"));
    }
    sequence_index("list", &Value::from(index), len)
}

/// Short text for a value in messages and traces.
pub fn show(v: &Value) -> String {
    match v {
        Value::Text(s) => format!("{s:?}"),
        Value::Integer(i) => i128::from(*i).to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "None".into(),
        other => kind_of(other).to_string(),
    }
}
