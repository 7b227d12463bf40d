//! Values crossing the wire: CBOR encoding and decoding through serde, and the
//! dynamic [`Value`] type for code that does not know a value's shape.
//! Both are bounded in depth ([`MAX_DEPTH`](crate::MAX_DEPTH) levels): a
//! value nested deeper is refused before it is encoded (see `depth.rs`),
//! and an answer nested deeper is not decoded, so neither can exhaust the
//! host's stack. Decoding is bounded in size by the frame the value came
//! in.

use remoteobj_protocol::{Reply, decode_error_message, from_cbor};
use serde::{Serialize, de::DeserializeOwned};

use crate::depth::limited;
use crate::error::Error;

/// A dynamically typed CBOR value (null, bool, integers, floats, text, bytes,
/// arrays, maps).
pub use ciborium::Value;

/// Encodes any serde value as CBOR. A value nested more than
/// [`MAX_DEPTH`](crate::MAX_DEPTH) levels deep is an [`Error::Encode`]
/// saying so (found while encoding, before going deeper).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    ciborium::into_writer(&limited(value), &mut buf).map_err(|e| {
        Error::Encode(match e {
            ciborium::ser::Error::Value(message) => message,
            ciborium::ser::Error::Io(e) => e.to_string(),
        })
    })?;
    Ok(buf)
}

/// Like [`encode`], failing with the message an [`Error::Encode`] carries:
/// for what keeps the failure until it is sent (arguments, keys), so that it
/// is reported as that error once, not wrapped in another.
pub(crate) fn encode_message<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, String> {
    encode(value).map_err(|e| match e {
        Error::Encode(message) => message,
        other => other.to_string(),
    })
}

/// Decodes CBOR into any serde type; a mismatch, or a value nested more
/// than [`MAX_DEPTH`](crate::MAX_DEPTH) levels deep, is an
/// [`Error::Decode`] that names the expected type.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    from_cbor(bytes).map_err(|e| Error::Decode {
        expected: std::any::type_name::<T>(),
        message: decode_error_message(&e),
    })
}

/// The bytes of a value answer; "the object itself" is
/// [`Error::ReturnedSelf`] for the path `path` shows (asked only then).
pub(crate) fn value_bytes(reply: Reply, path: impl FnOnce() -> String) -> Result<Vec<u8>, Error> {
    match reply {
        Reply::Value(bytes) => Ok(bytes.into_vec()),
        Reply::This => Err(Error::ReturnedSelf { path: path() }),
        Reply::Schema(_) => Err(Error::Protocol("invoke answered with a schema".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_DEPTH;

    /// `depth` arrays inside one another around a zero, built and taken
    /// apart without recursion.
    fn nested(depth: usize) -> Value {
        let mut v = Value::Integer(0.into());
        for _ in 0..depth {
            v = Value::Array(vec![v]);
        }
        v
    }

    fn unnest(mut v: Value) {
        while let Value::Array(mut items) = v {
            match items.pop() {
                Some(inner) => v = inner,
                None => break,
            }
        }
    }

    #[test]
    fn values_up_to_the_limit_round_trip() {
        let v = nested(MAX_DEPTH);
        let back: Value = decode(&encode(&v).unwrap()).unwrap();
        assert_eq!(back, v);
        unnest(v);
        unnest(back);
    }

    #[test]
    fn an_answer_nested_too_deep_is_a_decode_error() {
        let mut bytes = vec![0x81; MAX_DEPTH + 1];
        bytes.push(0x00);
        match decode::<Value>(&bytes) {
            Err(Error::Decode { message, .. }) => {
                assert!(message.contains("more than 256 levels"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_value_nested_too_deep_is_refused_on_a_small_stack() {
        let v = nested(100_000);
        let (v, result) = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                let result = encode(&v);
                (v, result)
            })
            .unwrap()
            .join()
            .unwrap();
        match result {
            Err(Error::Encode(message)) => assert_eq!(
                message,
                "the value is nested more than 256 levels deep (the limit, \
                 remoteobj_host::MAX_DEPTH); it was not sent"
            ),
            other => panic!("{other:?}"),
        }
        unnest(v);
    }
}
