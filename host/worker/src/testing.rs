//! What the worker's in-memory tests share: a writer whose frames a test
//! reads back, and the frames of a list of messages.

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use remoteobj_pipe::lock;
use remoteobj_protocol::{DEFAULT_MAX_FRAME, FromWorker, ToWorker, encode_frame, read_frame};

/// A writer (the worker's output) whose frames the test reads back.
#[derive(Clone, Default)]
pub(crate) struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        lock(&self.0).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Sink {
    /// Every message written so far.
    pub(crate) fn sent(&self) -> Vec<FromWorker> {
        let bytes = lock(&self.0).clone();
        let mut rest = bytes.as_slice();
        let mut out = Vec::new();
        while let Some(msg) = read_frame(&mut rest, DEFAULT_MAX_FRAME).unwrap() {
            out.push(msg);
        }
        out
    }
}

/// `msgs` as frames, one after another (what a host would write).
pub(crate) fn frames(msgs: &[ToWorker]) -> Vec<u8> {
    msgs.iter()
        .flat_map(|m| encode_frame(m, DEFAULT_MAX_FRAME).unwrap())
        .collect()
}
