//! CBOR values as JSON for printing.

use ciborium::Value;
use serde_json::Value as Json;

/// Converts a CBOR value to JSON: bytes become arrays of numbers, non-text
/// map keys their JSON text, tags their content.
pub fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Integer(i) => {
            let i = i128::from(*i);
            match i64::try_from(i) {
                Ok(v) => Json::from(v),
                Err(_) => u64::try_from(i)
                    .map(Json::from)
                    .unwrap_or_else(|_| Json::String(i.to_string())),
            }
        }
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::Text(s) => Json::String(s.clone()),
        Value::Bytes(b) => Json::Array(b.iter().map(|x| Json::from(*x)).collect()),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Value::Text(s) => s.clone(),
                        other => to_json(other).to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Value::Tag(_, inner) => to_json(inner),
        _ => Json::Null,
    }
}
