//! Length-prefixed CBOR frames.
//!
//! A frame is a 4-byte big-endian length followed by that many bytes of one
//! CBOR-encoded message. The length is checked against a maximum *before*
//! anything is allocated, so a corrupt or hostile peer cannot make the reader
//! allocate without bound. Each frame is written with a single `write_all`.

use std::io::{self, Read, Write};

use serde::{Serialize, de::DeserializeOwned};

use crate::depth::{MAX_DEPTH, decode_error_message};

/// The largest frame accepted or sent unless configured otherwise (64 MiB).
pub const DEFAULT_MAX_FRAME: usize = 64 * 1024 * 1024;

/// Why a frame could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The underlying pipe failed.
    #[error("pipe error: {0}")]
    Io(#[from] io::Error),
    /// The stream ended inside a frame.
    #[error("truncated frame: the stream ended {missing} bytes before the end of a frame")]
    Truncated {
        /// How many bytes were still expected.
        missing: usize,
    },
    /// The length prefix announces more than the allowed maximum.
    #[error("frame of {len} bytes exceeds the limit of {max} bytes")]
    TooLarge {
        /// The announced or encoded length.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
    /// The frame's bytes are not a valid message.
    #[error("undecodable frame: {0}")]
    Decode(String),
    /// The message could not be encoded.
    #[error("unencodable message: {0}")]
    Encode(String),
}

/// Encodes `msg` as one frame (length prefix included), refusing frames larger
/// than `max` bytes.
pub fn encode_frame<T: Serialize>(msg: &T, max: usize) -> Result<Vec<u8>, FrameError> {
    let mut buf = Vec::with_capacity(64);
    encode_frame_into(msg, max, &mut buf)?;
    Ok(buf)
}

/// Like [`encode_frame`], into `buf` (cleared first, its allocation kept):
/// a sender that reuses one buffer allocates nothing per frame.
pub fn encode_frame_into<T: Serialize>(
    msg: &T,
    max: usize,
    buf: &mut Vec<u8>,
) -> Result<(), FrameError> {
    buf.clear();
    buf.extend_from_slice(&[0; 4]);
    ciborium::into_writer(msg, &mut *buf).map_err(|e| FrameError::Encode(e.to_string()))?;
    let len = buf.len() - 4;
    if len > max || len > u32::MAX as usize {
        return Err(FrameError::TooLarge { len, max });
    }
    buf[..4].copy_from_slice(&(len as u32).to_be_bytes());
    Ok(())
}

/// Writes `msg` as one frame and flushes.
pub fn write_frame<W: Write + ?Sized, T: Serialize>(
    w: &mut W,
    msg: &T,
    max: usize,
) -> Result<(), FrameError> {
    let frame = encode_frame(msg, max)?;
    w.write_all(&frame)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame and decodes it.
///
/// Returns `Ok(None)` on a clean end of stream (no byte of a new frame read).
pub fn read_frame<R: Read + ?Sized, T: DeserializeOwned>(
    r: &mut R,
    max: usize,
) -> Result<Option<T>, FrameError> {
    read_frame_with_limit(r, || max)
}

/// Like [`read_frame`], with the limit looked up once the length prefix has
/// arrived (for a limit that may change while the reader waits).
pub fn read_frame_with_limit<R: Read + ?Sized, T: DeserializeOwned>(
    r: &mut R,
    max: impl FnOnce() -> usize,
) -> Result<Option<T>, FrameError> {
    let mut len = [0u8; 4];
    let got = read_full(r, &mut len)?;
    if got == 0 {
        return Ok(None);
    }
    if got < 4 {
        return Err(FrameError::Truncated { missing: 4 - got });
    }
    let len = u32::from_be_bytes(len) as usize;
    let max = max();
    if len > max {
        return Err(FrameError::TooLarge { len, max });
    }
    // Grown as bytes arrive: a length prefix that lies costs nothing.
    let mut body = Vec::with_capacity(len.min(64 * 1024));
    let got = Read::take(&mut *r, len as u64).read_to_end(&mut body)?;
    if got < len {
        return Err(FrameError::Truncated { missing: len - got });
    }
    decode_body(&body).map(Some)
}

/// Decodes one frame's body (the bytes after its length prefix): exactly
/// one message, nested at most [`MAX_DEPTH`] levels.
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameError> {
    let mut rest = body;
    let msg = ciborium::de::from_reader_with_recursion_limit(&mut rest, MAX_DEPTH)
        .map_err(|e| FrameError::Decode(decode_error_message(&e)))?;
    if !rest.is_empty() {
        return Err(FrameError::Decode(format!(
            "{} trailing bytes after the message",
            rest.len()
        )));
    }
    Ok(msg)
}

/// Reads until `buf` is full or the stream ends; returns the bytes read.
fn read_full<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Op, Pending, Request, RequestBody, ToWorker};

    fn sample() -> ToWorker {
        ToWorker::Request(Request {
            id: 7,
            body: RequestBody::Invoke(vec![Op::GetAttr("x".into()), Op::Len]),
        })
    }

    #[test]
    fn round_trip() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &sample(), DEFAULT_MAX_FRAME).unwrap();
        write_frame(
            &mut buf,
            &ToWorker::Shutdown(Pending::Cancel),
            DEFAULT_MAX_FRAME,
        )
        .unwrap();
        let mut r = buf.as_slice();
        let a: ToWorker = read_frame(&mut r, DEFAULT_MAX_FRAME).unwrap().unwrap();
        let b: ToWorker = read_frame(&mut r, DEFAULT_MAX_FRAME).unwrap().unwrap();
        assert_eq!(a, sample());
        assert_eq!(b, ToWorker::Shutdown(Pending::Cancel));
        assert!(
            read_frame::<_, ToWorker>(&mut r, DEFAULT_MAX_FRAME)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn truncated_prefix_and_body() {
        let frame = encode_frame(&sample(), DEFAULT_MAX_FRAME).unwrap();
        for cut in 1..frame.len() {
            let err = read_frame::<_, ToWorker>(&mut &frame[..cut], DEFAULT_MAX_FRAME).unwrap_err();
            assert!(
                matches!(err, FrameError::Truncated { .. }),
                "cut at {cut}: {err}"
            );
        }
    }

    #[test]
    fn oversized_length_is_refused_before_allocating() {
        let bytes = [0xff, 0xff, 0xff, 0xff, 1, 2, 3];
        let err = read_frame::<_, ToWorker>(&mut &bytes[..], 1024).unwrap_err();
        assert!(matches!(
            err,
            FrameError::TooLarge {
                len: 0xffff_ffff,
                max: 1024
            }
        ));
        let err = encode_frame(&vec![0u8; 2048], 1024).unwrap_err();
        assert!(matches!(err, FrameError::TooLarge { .. }));
    }

    #[test]
    fn trailing_bytes_are_a_decode_error() {
        let mut frame = encode_frame(&sample(), DEFAULT_MAX_FRAME).unwrap();
        frame.push(0);
        let len = (frame.len() - 4) as u32;
        frame[..4].copy_from_slice(&len.to_be_bytes());
        let err = read_frame::<_, ToWorker>(&mut frame.as_slice(), DEFAULT_MAX_FRAME).unwrap_err();
        assert!(err.to_string().contains("1 trailing bytes"), "{err}");
    }

    #[test]
    fn garbage_body_is_a_decode_error() {
        let mut bytes = vec![0, 0, 0, 3];
        bytes.extend_from_slice(&[0xff, 0x00, 0x13]);
        let err = read_frame::<_, ToWorker>(&mut bytes.as_slice(), 1024).unwrap_err();
        assert!(matches!(err, FrameError::Decode(_)), "{err}");
    }

    #[test]
    fn a_deeply_nested_frame_is_a_decode_error_not_a_stack_overflow() {
        // No message type nests, but an unknown field is skipped whatever
        // it holds: `{"Hello": {"version": 4, "junk": [[[…]]]}}` with a
        // million levels, read on a stack smaller than a thread's default.
        let depth = 1_000_000;
        let mut body = vec![0xa1, 0x65];
        body.extend(b"Hello");
        body.extend([0xa2, 0x67]);
        body.extend(b"version");
        body.extend([0x04, 0x64]);
        body.extend(b"junk");
        body.extend(std::iter::repeat_n(0x81, depth));
        body.push(0xf6);
        let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
        bytes.extend(body);
        let err = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || read_frame::<_, ToWorker>(&mut bytes.as_slice(), 2 * depth).unwrap_err())
            .unwrap()
            .join()
            .unwrap();
        assert!(
            err.to_string().contains("nested more than 256 levels deep"),
            "{err}"
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A small deterministic fuzz: every prefix of a pseudo-random stream.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut bytes = Vec::new();
        for _ in 0..4096 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push(seed as u8);
        }
        for start in 0..256 {
            let mut r = &bytes[start..];
            while let Ok(Some(_)) = read_frame::<_, ToWorker>(&mut r, 4096) {}
            let mut r = &bytes[start..];
            while let Ok(Some(_)) = read_frame::<_, crate::FromWorker>(&mut r, 4096) {}
        }
        // Valid frames with one byte flipped: decode or fail, never panic.
        let frame = encode_frame(&sample(), DEFAULT_MAX_FRAME).unwrap();
        for i in 4..frame.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bad = frame.clone();
                bad[i] ^= flip;
                let _ = read_frame::<_, ToWorker>(&mut bad.as_slice(), DEFAULT_MAX_FRAME);
            }
        }
    }
}
