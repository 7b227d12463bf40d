//! How deeply a value may be nested: [`MAX_DEPTH`], the bound every decoder
//! on both sides of the pipe applies (and the host's encoder, before it
//! sends a value), and [`from_cbor`], the bounded decoder.
//!
//! Decoding and encoding nested CBOR recurse, one stack frame per level: an
//! unbounded depth is an unbounded stack, and a process that runs out of
//! stack aborts. The guest's decoder stops at the same depth.

use serde::de::DeserializeOwned;

/// The deepest nesting a value may have: arrays, maps and tags inside one
/// another, 256 levels (ciborium's own default, made explicit).
pub const MAX_DEPTH: usize = 256;

/// Decodes CBOR into `T`, refusing values nested deeper than
/// [`MAX_DEPTH`] ([`ciborium::de::Error::RecursionLimitExceeded`]).
pub fn from_cbor<T: DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, ciborium::de::Error<std::io::Error>> {
    ciborium::de::from_reader_with_recursion_limit(bytes, MAX_DEPTH)
}

/// What a decoding error says, with the depth limit spelled out (ciborium
/// names it only by its variant).
pub fn decode_error_message(e: &ciborium::de::Error<std::io::Error>) -> String {
    use ciborium::de::Error;
    match e {
        Error::RecursionLimitExceeded => {
            format!("the value is nested more than {MAX_DEPTH} levels deep (the limit)")
        }
        Error::Semantic(_, message) => message.clone(),
        Error::Syntax(offset) => format!("invalid CBOR at byte {offset}"),
        Error::Io(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ciborium::Value;

    /// `depth` arrays inside one another around a null, as CBOR.
    fn nested(depth: usize) -> Vec<u8> {
        let mut bytes = vec![0x81; depth]; // an array of one item
        bytes.push(0xf6); // null
        bytes
    }

    #[test]
    fn values_up_to_max_depth_decode() {
        let mut v: Value = from_cbor(&nested(MAX_DEPTH)).unwrap();
        let mut depth = 0;
        while let Value::Array(mut items) = v {
            depth += 1;
            v = items.pop().unwrap();
        }
        assert_eq!(depth, MAX_DEPTH);
    }

    #[test]
    fn deeper_values_are_refused_without_exhausting_the_stack() {
        // Far deeper than any stack could hold, on a smaller stack than a
        // thread's default (decoding 256 levels takes a few hundred KiB in
        // a debug build).
        let bytes = nested(1_000_000);
        let refused = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                let deeper = from_cbor::<Value>(&nested(MAX_DEPTH + 1)).unwrap_err();
                let deepest = from_cbor::<Value>(&bytes).unwrap_err();
                (
                    decode_error_message(&deeper),
                    decode_error_message(&deepest),
                )
            })
            .unwrap()
            .join()
            .unwrap();
        for message in [refused.0, refused.1] {
            assert_eq!(
                message,
                "the value is nested more than 256 levels deep (the limit)"
            );
        }
    }

    #[test]
    fn other_errors_keep_their_meaning() {
        let e = from_cbor::<u8>(&[0x19, 0x01, 0x00]).unwrap_err(); // 256
        assert!(
            decode_error_message(&e).contains("256"),
            "{}",
            decode_error_message(&e)
        );
        let e = from_cbor::<u8>(&[0x1c]).unwrap_err(); // a reserved header
        assert_eq!(decode_error_message(&e), "invalid CBOR at byte 0");
    }
}
