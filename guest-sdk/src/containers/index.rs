//! Python's index rules for sequences: negative indices count from the end,
//! `insert` clamps, `pop` on an empty list is an `IndexError`.

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
