//! CBOR values: decoding arguments into Rust types, encoding results.

use serde::{Serialize, de::DeserializeOwned};

use crate::error::{Error, Result};

/// A dynamically typed CBOR value.
pub use ciborium::Value;

/// Encodes a value as CBOR.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out)
        .map_err(|e| Error::type_error(std::any::type_name::<T>(), format!("cannot encode: {e}")))?;
    Ok(out)
}

/// Decodes CBOR into `T`; a mismatch is a `TypeError` naming `what`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T> {
    ciborium::from_reader(bytes).map_err(|e| {
        Error::type_error(
            &short_type_name::<T>(),
            format!("{what}: expected {}, {}", short_type_name::<T>(), describe_decode_error(&e.to_string())),
        )
    })
}

/// Converts any serializable value into a dynamic [`Value`].
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value> {
    Value::serialized(value)
        .map_err(|e| Error::type_error(std::any::type_name::<T>(), format!("cannot encode: {e}")))
}

/// Converts a dynamic [`Value`] into `T`; a mismatch is a `TypeError`.
pub fn from_value<T: DeserializeOwned>(value: &Value, what: &str) -> Result<T> {
    value.deserialized().map_err(|e: ciborium::value::Error| {
        Error::type_error(
            &short_type_name::<T>(),
            format!("{what}: expected {}, got {}", short_type_name::<T>(), kind_of(value)),
        )
        .at(e.to_string())
    })
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
            let cut = out.rfind(|c: char| c == '<' || c == ' ' || c == ',').map_or(0, |p| p + 1);
            out.truncate(cut);
            out.push_str(part);
        }
    }
    out
}

fn describe_decode_error(message: &str) -> String {
    // ciborium says e.g. "Semantic(None, \"invalid type: string \\\"a\\\", expected i64\")".
    match message.find("invalid type: ") {
        Some(start) => {
            let rest = &message[start + "invalid type: ".len()..];
            let got = rest.split(", expected").next().unwrap_or(rest);
            format!("got {}", got.replace("\\\"", "\""))
        }
        None => message.to_string(),
    }
}
