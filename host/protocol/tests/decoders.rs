//! Arbitrary bytes fed to the decoders of both sides of the pipe: the
//! frame reader with each side's message type, and the value decoder. None
//! may panic, hang or allocate beyond the frame limit; every input gives a
//! message or an error. Run as part of the test suite (proptest).

use std::io::Cursor;

use ciborium::Value;
use proptest::prelude::*;
use remoteobj_protocol::{
    FrameError, FromWorker, PROTOCOL_VERSION, Reply, Request, RequestBody, ToWorker, encode_frame,
    read_frame,
};
use serde_bytes::ByteBuf;

const MAX: usize = 1024 * 1024;

/// The value decoder both sides use: CBOR into any serde type, bounded in
/// depth.
fn decode<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, ciborium::de::Error<std::io::Error>> {
    remoteobj_protocol::from_cbor(bytes)
}

/// Reads frames until the stream ends or breaks, as each side's reader
/// does; returns how many messages decoded.
fn read_all<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> usize {
    let mut r = Cursor::new(bytes);
    let mut n = 0;
    loop {
        match read_frame::<_, T>(&mut r, MAX) {
            Ok(Some(_)) => n += 1,
            Ok(None) | Err(_) => return n,
        }
    }
}

fn valid_frames() -> Vec<u8> {
    let mut bytes = Vec::new();
    for msg in [
        ToWorker::Hello {
            version: PROTOCOL_VERSION,
        },
        ToWorker::Request(Request {
            id: 7,
            body: RequestBody::Describe,
        }),
        ToWorker::Cancel { id: 7 },
    ] {
        bytes.extend(encode_frame(&msg, MAX).unwrap());
    }
    bytes.extend(
        encode_frame(
            &FromWorker::Response {
                id: 1,
                result: Ok(Reply::Value(ByteBuf::from(vec![0x05]))),
            },
            MAX,
        )
        .unwrap(),
    );
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_either_side(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        read_all::<ToWorker>(&bytes);
        read_all::<FromWorker>(&bytes);
        let _ = decode::<Value>(&bytes);
        let _ = decode::<Vec<String>>(&bytes);
    }

    #[test]
    fn arbitrary_bodies_behind_a_valid_length_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
        bytes.extend(&body);
        read_all::<ToWorker>(&bytes);
        read_all::<FromWorker>(&bytes);
    }

    #[test]
    fn corrupted_valid_frames_never_panic(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let mut bytes = valid_frames();
        for (at, with) in flips {
            let i = at % bytes.len();
            bytes[i] = with;
        }
        read_all::<ToWorker>(&bytes);
        read_all::<FromWorker>(&bytes);
    }

    #[test]
    fn a_truncated_frame_is_an_error_not_a_hang(cut in 1usize..40) {
        let frame = encode_frame(&ToWorker::Request(Request { id: 3, body: RequestBody::Describe }), MAX).unwrap();
        let cut = cut.min(frame.len() - 1);
        let mut r = Cursor::new(&frame[..cut]);
        let result = read_frame::<_, ToWorker>(&mut r, MAX);
        prop_assert!(matches!(result, Err(FrameError::Truncated { .. })), "{:?}", result);
    }
}

#[test]
fn a_length_prefix_over_the_limit_is_refused_before_reading_the_body() {
    let bytes = u32::MAX.to_be_bytes();
    match read_frame::<_, ToWorker>(&mut Cursor::new(&bytes[..]), MAX) {
        Err(FrameError::TooLarge { len, max }) => {
            assert_eq!((len, max), (u32::MAX as usize, MAX))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_length_that_lies_costs_only_what_arrives() {
    // Claims a frame at the limit, sends 3 bytes: truncated, and the reader
    // never held more than what came.
    let mut bytes = (MAX as u32).to_be_bytes().to_vec();
    bytes.extend([1, 2, 3]);
    match read_frame::<_, FromWorker>(&mut Cursor::new(&bytes[..]), MAX) {
        Err(FrameError::Truncated { missing }) => assert_eq!(missing, MAX - 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_message_is_a_decode_error() {
    // A CBOR map naming a variant neither side knows.
    let mut body = Vec::new();
    ciborium::into_writer(
        &std::collections::BTreeMap::from([("Teleport", 1u8)]),
        &mut body,
    )
    .unwrap();
    let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
    bytes.extend(&body);
    for result in [
        read_frame::<_, ToWorker>(&mut Cursor::new(&bytes[..]), MAX).map(|_| ()),
        read_frame::<_, FromWorker>(&mut Cursor::new(&bytes[..]), MAX).map(|_| ()),
    ] {
        match result {
            Err(FrameError::Decode(message)) => {
                assert!(message.contains("Teleport"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn deeply_nested_cbor_is_an_error_not_a_stack_overflow() {
    // 100,000 nested one-element arrays.
    let mut body = vec![0x81u8; 100_000];
    body.push(0x00);
    let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
    bytes.extend(&body);
    assert!(read_frame::<_, FromWorker>(&mut Cursor::new(&bytes[..]), MAX).is_err());
    assert!(decode::<Value>(&body).is_err());
}
