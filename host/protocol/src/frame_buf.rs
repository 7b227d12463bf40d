//! Frames assembled from whatever a non-blocking read returns.
//!
//! [`read_frame`](crate::read_frame) blocks until a whole frame is in, which
//! suits a thread that has nothing else to do. A reader that must give up at
//! a deadline (and let another thread go on where it stopped) cannot block
//! in the middle of a frame: it reads what is there into a [`FrameBuf`],
//! takes the frames that are whole, and leaves a partial one in the buffer
//! for the next read, whoever makes it.
//!
//! The buffer grows as bytes arrive, never ahead of them by more than it
//! holds already, so a length prefix that lies costs nothing; the limit is
//! checked as soon as the prefix is in.

use std::io::{self, Read};

use serde::de::DeserializeOwned;

use crate::framing::{FrameError, decode_body};

/// Room read into at a time, and the size the buffer shrinks back to once
/// a large frame has gone through.
const CHUNK: usize = 64 * 1024;

/// A buffer of bytes read from a stream of frames: zero or more whole
/// frames, then at most one partial frame.
#[derive(Debug)]
pub struct FrameBuf {
    buf: Vec<u8>,
    /// Where the unread bytes start.
    start: usize,
    /// Where they end.
    end: usize,
    max: usize,
}

impl FrameBuf {
    /// An empty buffer for frames of at most `max` bytes.
    pub fn new(max: usize) -> Self {
        FrameBuf {
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            max,
        }
    }

    /// Whether no byte is buffered.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The next whole frame, decoded, if one is buffered. A frame that
    /// does not decode is consumed and its error returned; a length prefix
    /// over the limit is an error that consumes nothing (the stream cannot
    /// be read past it).
    pub fn next_frame<T: DeserializeOwned>(&mut self) -> Result<Option<T>, FrameError> {
        let Some(len) = self.announced()? else {
            return Ok(None);
        };
        if self.end - self.start < 4 + len {
            return Ok(None);
        }
        let body = self.start + 4..self.start + 4 + len;
        self.start = body.end;
        let msg = decode_body(&self.buf[body]);
        if self.is_empty() {
            self.start = 0;
            self.end = 0;
            if self.buf.len() > CHUNK {
                self.buf.truncate(CHUNK);
                self.buf.shrink_to_fit();
            }
        }
        msg.map(Some)
    }

    /// Reads once from `r` into the buffer (making room for the frame in
    /// progress, up to what one more read can fill). Returns what `read`
    /// returns: 0 at the end of the stream, `WouldBlock` from a
    /// non-blocking reader with nothing to give.
    pub fn fill(&mut self, r: &mut impl Read) -> io::Result<usize> {
        self.make_room();
        let n = r.read(&mut self.buf[self.end..])?;
        self.end += n;
        Ok(n)
    }

    /// How many bytes of a frame begun are still missing (for the error
    /// when the stream ends inside it); `None` when the buffer is empty.
    pub fn missing(&self) -> Option<usize> {
        let have = self.end - self.start;
        if have == 0 {
            return None;
        }
        Some(match self.prefix() {
            Some(len) => (4 + len).saturating_sub(have),
            None => 4 - have,
        })
    }

    /// The length the buffered frame's prefix announces, once it is in.
    fn prefix(&self) -> Option<usize> {
        if self.end - self.start < 4 {
            return None;
        }
        let len: [u8; 4] = self.buf[self.start..self.start + 4].try_into().ok()?;
        Some(u32::from_be_bytes(len) as usize)
    }

    /// The buffered frame's length, refused when over the limit.
    fn announced(&self) -> Result<Option<usize>, FrameError> {
        match self.prefix() {
            Some(len) if len > self.max => Err(FrameError::TooLarge { len, max: self.max }),
            other => Ok(other),
        }
    }

    /// Moves the unread bytes to the front when that frees room, and grows
    /// the buffer toward the frame in progress when it is full: at most
    /// doubling, so it never runs ahead of what has arrived.
    fn make_room(&mut self) {
        if self.end < self.buf.len() {
            return;
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            if self.end < self.buf.len() {
                return;
            }
        }
        let wanted = match self.prefix() {
            Some(len) => 4 + len.min(self.max),
            None => 4,
        };
        let grown = wanted
            .min(self.buf.len().saturating_mul(2))
            .max(self.end + 1);
        self.buf.resize(grown, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FromWorker, Pending, ToWorker, encode_frame};

    /// A reader that returns at most `step` bytes per read.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn frames() -> (Vec<u8>, Vec<ToWorker>) {
        let msgs = vec![
            ToWorker::Cancel { id: 1 },
            ToWorker::Credit(7),
            ToWorker::Shutdown(Pending::Cancel),
        ];
        let mut bytes = Vec::new();
        for m in &msgs {
            bytes.extend(encode_frame(m, 1 << 20).unwrap());
        }
        (bytes, msgs)
    }

    #[test]
    fn frames_come_out_whole_whatever_the_reads_return() {
        let (bytes, msgs) = frames();
        for step in [1, 2, 3, 5, 64, 1 << 20] {
            let mut r = Trickle {
                bytes: &bytes,
                step,
            };
            let mut buf = FrameBuf::new(1 << 20);
            let mut got = Vec::new();
            while buf.fill(&mut r).unwrap() > 0 {
                while let Some(msg) = buf.next_frame::<ToWorker>().unwrap() {
                    got.push(msg);
                }
            }
            assert_eq!(got, msgs, "step {step}");
            assert!(buf.is_empty() && buf.missing().is_none());
        }
    }

    #[test]
    fn a_frame_larger_than_the_buffer_grows_it_only_as_bytes_arrive() {
        let line = "x".repeat(300 * 1024);
        let msg = FromWorker::Fatal {
            message: line.clone(),
        };
        let bytes = encode_frame(&msg, 1 << 20).unwrap();
        let mut buf = FrameBuf::new(1 << 20);
        let mut r = Trickle {
            bytes: &bytes,
            step: 40 * 1024,
        };
        loop {
            assert!(buf.fill(&mut r).unwrap() > 0, "ended before the frame");
            assert!(buf.buf.len() <= 2 * (buf.end + CHUNK), "ran ahead");
            if let Some(got) = buf.next_frame::<FromWorker>().unwrap() {
                assert_eq!(got, msg);
                break;
            }
        }
        assert_eq!(buf.buf.len(), CHUNK, "shrunk back once empty");
    }

    #[test]
    fn a_lying_prefix_is_refused_and_a_partial_frame_is_reported() {
        let mut buf = FrameBuf::new(1024);
        buf.fill(&mut &[0xff, 0xff, 0xff, 0xff, 1][..]).unwrap();
        assert!(matches!(
            buf.next_frame::<ToWorker>(),
            Err(FrameError::TooLarge {
                len: 0xffff_ffff,
                max: 1024
            })
        ));
        let frame = encode_frame(&ToWorker::Credit(3), 1024).unwrap();
        for cut in 1..frame.len() {
            let mut buf = FrameBuf::new(1024);
            buf.fill(&mut &frame[..cut]).unwrap();
            assert!(buf.next_frame::<ToWorker>().unwrap().is_none());
            // Within the prefix, what the prefix still lacks (as
            // `read_frame` reports it).
            let missing = if cut < 4 { 4 - cut } else { frame.len() - cut };
            assert_eq!(buf.missing(), Some(missing), "cut at {cut}");
        }
        let mut garbage = vec![0, 0, 0, 3, 0xff, 0x00, 0x13];
        garbage.extend(&frame);
        let mut buf = FrameBuf::new(1024);
        buf.fill(&mut garbage.as_slice()).unwrap();
        assert!(matches!(
            buf.next_frame::<ToWorker>(),
            Err(FrameError::Decode(_))
        ));
        assert_eq!(
            buf.next_frame::<ToWorker>().unwrap(),
            Some(ToWorker::Credit(3))
        );
    }
}
