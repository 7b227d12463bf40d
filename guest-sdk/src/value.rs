//! CBOR values: decoding arguments into Rust types, encoding results.

use serde::{Serialize, de::DeserializeOwned};

use crate::error::{Error, ErrorKind, Result};

/// A dynamically typed CBOR value.
pub use ciborium::Value;

/// Encodes a value as CBOR.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|e| {
        Error::type_error(std::any::type_name::<T>(), format!("cannot encode: {e}"))
    })?;
    Ok(out)
}

/// The deepest nesting a value may have (arrays, maps and tags inside one
/// another); the host refuses to send deeper ones, and so does decoding
/// here (decoding recurses once per level, and the stack is finite).
pub const MAX_DEPTH: usize = 256;

/// Decodes CBOR into `T`; a mismatch is a `TypeError` naming `what`, the
/// expected type and the kind of value that came instead. A value nested
/// more than [`MAX_DEPTH`] levels is an `InvalidRequest`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T> {
    let value: Value =
        ciborium::de::from_reader_with_recursion_limit(bytes, MAX_DEPTH).map_err(|e| {
            let why = match e {
                ciborium::de::Error::RecursionLimitExceeded => {
                    format!("nested more than {MAX_DEPTH} levels deep (the limit)")
                }
                other => format!("undecodable CBOR: {other}"),
            };
            Error::new(ErrorKind::InvalidRequest, "value", format!("{what}: {why}"))
        })?;
    from_value(&value, what)
}

/// Converts any serializable value into a dynamic [`Value`].
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value> {
    Value::serialized(value)
        .map_err(|e| Error::type_error(std::any::type_name::<T>(), format!("cannot encode: {e}")))
}

/// Converts a dynamic [`Value`] into `T`; a mismatch is a `TypeError`.
pub fn from_value<T: DeserializeOwned>(value: &Value, what: &str) -> Result<T> {
    value.deserialized().map_err(|_: ciborium::value::Error| {
        Error::type_error(
            &short_type_name::<T>(),
            format!(
                "{what}: expected {}, got {}",
                short_type_name::<T>(),
                describe(value)
            ),
        )
    })
}

/// A value's kind, with the value itself when it is a scalar that says
/// more than its kind (`int 3`, `float 1.5`, `str "ten"`; `None`; `list`).
fn describe(value: &Value) -> String {
    match value {
        Value::Null => show(value),
        Value::Bool(_) | Value::Integer(_) | Value::Float(_) | Value::Text(_) => {
            format!("{} {}", kind_of(value), show(value))
        }
        other => kind_of(other).to_string(),
    }
}

/// The Python-ish name of a value's kind (`int`, `str`, `list`, ...).
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Integer(_) => "int",
        Value::Float(_) => "float",
        Value::Text(_) => "str",
        Value::Bytes(_) => "bytes",
        Value::Array(_) => "list",
        Value::Map(_) => "dict",
        Value::Tag(..) => "tagged value",
        _ => "value",
    }
}

/// `alloc::vec::Vec<i64>` → `Vec<i64>`.
pub fn short_type_name<T: ?Sized>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::new();
    for (i, part) in full.split("::").enumerate() {
        // Keep the last segment of each path; generic brackets survive.
        if i == 0 {
            out.push_str(part);
        } else {
            let cut = out.rfind(['<', ' ', ',']).map_or(0, |p| p + 1);
            out.truncate(cut);
            out.push_str(part);
        }
    }
    out
}

/// Short text for a value in messages and traces (a long string is cut
/// to its first 60 characters, then `…`).
pub fn show(v: &Value) -> String {
    match v {
        Value::Text(s) if s.chars().nth(60).is_some() => {
            let head: String = s.chars().take(60).collect();
            format!("{head:?}…")
        }
        Value::Text(s) => format!("{s:?}"),
        Value::Integer(i) => i128::from(*i).to_string(),
        Value::Float(x) => format!("{x:?}"),
        Value::Bool(b) => b.to_string(),
        Value::Null => "None".into(),
        other => kind_of(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_string_is_shown_cut_short() {
        let long = Value::Text("\0".repeat(1_000_000));
        let text = show(&long);
        assert!(text.len() < 400 && text.ends_with('…'), "{text}");
        let e = from_value::<i64>(&long, "x").unwrap_err();
        assert!(e.message.len() < 500, "{}", e.message.len());
    }

    #[test]
    fn a_type_error_names_each_kind_once() {
        let got = |value: Value| {
            let e = from_value::<i64>(&value, "x").unwrap_err();
            assert_eq!(e.kind, ErrorKind::Type);
            e.message
        };
        assert_eq!(got(Value::Float(1.5)), "x: expected i64, got float 1.5");
        assert_eq!(got(Value::Float(2.0)), "x: expected i64, got float 2.0");
        assert_eq!(
            got(Value::Float(f64::NAN)),
            "x: expected i64, got float NaN"
        );
        assert_eq!(got(Value::Null), "x: expected i64, got None");
        assert_eq!(got(Value::Bool(false)), "x: expected i64, got bool false");
        assert_eq!(
            got(Value::Text("ten".into())),
            r#"x: expected i64, got str "ten""#
        );
        assert_eq!(got(Value::Bytes(vec![1])), "x: expected i64, got bytes");
        assert_eq!(got(Value::Array(vec![])), "x: expected i64, got list");
        assert_eq!(got(Value::Map(vec![])), "x: expected i64, got dict");
        assert_eq!(
            got(Value::Tag(1, Box::new(Value::Null))),
            "x: expected i64, got tagged value"
        );
        let e = from_value::<String>(&Value::Integer(3.into()), "y").unwrap_err();
        assert_eq!(e.message, "y: expected String, got int 3");
    }

    #[test]
    fn scalars_show_as_their_value() {
        assert_eq!(show(&Value::Float(1.5)), "1.5");
        assert_eq!(show(&Value::Integer((-2).into())), "-2");
        assert_eq!(show(&Value::Text("a".into())), r#""a""#);
        assert_eq!(show(&Value::Null), "None");
        assert_eq!(show(&Value::Array(vec![])), "list");
    }

    #[test]
    fn values_nested_past_max_depth_are_refused() {
        let mut fits = vec![0x81; MAX_DEPTH]; // arrays of one item
        fits.push(0x00);
        assert!(decode::<Value>(&fits, "x").is_ok());
        let mut over = vec![0x81];
        over.extend(&fits);
        let e = decode::<Value>(&over, "x").unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidRequest);
        assert_eq!(e.message, "x: nested more than 256 levels deep (the limit)");
    }
}
