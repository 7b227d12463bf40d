//! Values crossing the wire: CBOR encoding and decoding through serde, and the
//! dynamic [`Value`] type for code that does not know a value's shape.
//! Decoding is bounded by the frame the value came in, and ciborium refuses
//! nesting deep enough to overflow the stack.

use remoteobj_protocol::{Op, Reply, path_string};
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

/// The bytes of a value answer; "the object itself" is
/// [`Error::ReturnedSelf`] for `path`.
pub(crate) fn value_bytes(reply: Reply, path: &[Op]) -> Result<Vec<u8>, Error> {
    match reply {
        Reply::Value(bytes) => Ok(bytes.into_vec()),
        Reply::This => Err(Error::ReturnedSelf {
            path: path_string(path),
        }),
        Reply::Schema(_) => Err(Error::Protocol("invoke answered with a schema".into())),
    }
}
