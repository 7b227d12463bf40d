//! Values crossing the wire: CBOR encoding and decoding through serde, and the
//! dynamic [`Value`] type for code that does not know a value's shape.

use serde::{Serialize, de::DeserializeOwned};

use crate::error::Error;

/// A dynamically typed CBOR value (null, bool, integers, floats, text, bytes,
/// arrays, maps).
pub use ciborium::Value;

/// Encodes any serde value as CBOR.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    ciborium::into_writer(value, &mut buf).map_err(|e| Error::Encode(e.to_string()))?;
    Ok(buf)
}

/// Decodes CBOR into any serde type; a mismatch is an [`Error::Decode`] that
/// names the expected type.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    ciborium::from_reader(bytes).map_err(|e| Error::Decode {
        expected: std::any::type_name::<T>(),
        message: e.to_string(),
    })
}

/// Converts a dynamic value to JSON-like text for display: the form the
/// command line prints.
pub fn to_display_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    use std::fmt::Write;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Integer(i) => {
            let _ = write!(out, "{}", i128::from(*i));
        }
        Value::Float(x) => {
            let _ = write!(out, "{x:?}");
        }
        Value::Text(s) => {
            let _ = write!(out, "{s:?}");
        }
        Value::Bytes(b) => {
            out.push_str("b\"");
            for byte in b {
                let _ = write!(out, "\\x{byte:02x}");
            }
            out.push('"');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(k, out);
                out.push_str(": ");
                write_value(v, out);
            }
            out.push('}');
        }
        Value::Tag(tag, inner) => {
            let _ = write!(out, "tag({tag}, ");
            write_value(inner, out);
            out.push(')');
        }
        _ => out.push_str("<unknown>"),
    }
}
