//! Capture of the guest's stdout and stderr.
//!
//! Guest output never reaches the worker's own stdout (that is the protocol
//! pipe). It is collected line by line into a bounded buffer, which the serve
//! loop drains after each request and forwards to the host as
//! `FromWorker::Log` frames. A guest that
//! prints without end costs at most [`MAX_BUFFERED`] bytes; the excess is
//! counted and reported as one line.

use std::{
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll},
};

use bytes::Bytes;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};

use remoteobj_pipe::lock;
use remoteobj_protocol::LogStream;

/// Most bytes of guest output held between two drains.
pub(crate) const MAX_BUFFERED: usize = 1024 * 1024;
/// Longest line kept whole; longer lines are split.
pub(crate) const MAX_LINE: usize = 16 * 1024;

#[derive(Default)]
struct Captured {
    lines: Vec<(LogStream, String)>,
    partial: [Vec<u8>; 2],
    buffered: usize,
    dropped: usize,
}

impl Captured {
    fn write(&mut self, stream: LogStream, mut bytes: &[u8]) {
        let room = MAX_BUFFERED.saturating_sub(self.buffered);
        if bytes.len() > room {
            self.dropped += bytes.len() - room;
            bytes = &bytes[..room];
        }
        self.buffered += bytes.len();
        let idx = stream as usize;
        for &b in bytes {
            if b == b'\n' {
                self.end_line(stream);
            } else {
                self.partial[idx].push(b);
                if self.partial[idx].len() >= MAX_LINE {
                    self.end_line(stream);
                }
            }
        }
    }

    fn end_line(&mut self, stream: LogStream) {
        let raw = std::mem::take(&mut self.partial[stream as usize]);
        let line = String::from_utf8_lossy(&raw)
            .trim_end_matches('\r')
            .to_string();
        self.lines.push((stream, line));
    }

    fn drain(&mut self, out: &mut Vec<(LogStream, String)>, partial: bool) {
        if partial {
            for stream in [LogStream::Stdout, LogStream::Stderr] {
                if !self.partial[stream as usize].is_empty() {
                    self.end_line(stream);
                }
            }
        }
        out.append(&mut self.lines);
        if self.dropped > 0 {
            out.push((
                LogStream::Stderr,
                format!(
                    "[remoteobj: {} bytes of guest output dropped]",
                    self.dropped
                ),
            ));
        }
        self.buffered = self.partial.iter().map(Vec::len).sum();
        self.dropped = 0;
    }
}

/// The shared buffer both guest streams write into.
#[derive(Clone, Default)]
pub(crate) struct OutputCapture {
    shared: Arc<Mutex<Captured>>,
}

impl OutputCapture {
    /// A new, empty capture.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The WASI stream for one of the guest's outputs.
    pub(crate) fn stream(&self, stream: LogStream) -> CaptureStream {
        CaptureStream {
            stream,
            shared: self.shared.clone(),
        }
    }

    /// The last `n` lines (the partial one included) the guest wrote to
    /// `stream` since the last drain, without taking them.
    pub(crate) fn tail(&self, stream: LogStream, n: usize) -> Vec<String> {
        let captured = lock(&self.shared);
        let partial = &captured.partial[stream as usize];
        let mut tail: Vec<String> = captured
            .lines
            .iter()
            .filter(|(s, _)| *s == stream)
            .map(|(_, l)| l.clone())
            .collect();
        if !partial.is_empty() {
            tail.push(String::from_utf8_lossy(partial).into_owned());
        }
        tail.split_off(tail.len().saturating_sub(n))
    }

    /// Moves every complete (and pending partial) line into `out`.
    pub(crate) fn drain(&self, out: &mut Vec<(LogStream, String)>) {
        lock(&self.shared).drain(out, true);
    }

    /// Moves every complete line into `out`; a partial line waits for its
    /// end (or for the next [`drain`](Self::drain)).
    pub(crate) fn drain_complete(&self, out: &mut Vec<(LogStream, String)>) {
        lock(&self.shared).drain(out, false);
    }
}

/// One guest output stream (stdout or stderr) feeding an [`OutputCapture`].
#[derive(Clone)]
pub(crate) struct CaptureStream {
    stream: LogStream,
    shared: Arc<Mutex<Captured>>,
}

impl IsTerminal for CaptureStream {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for CaptureStream {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[wasmtime_wasi::async_trait]
impl OutputStream for CaptureStream {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        lock(&self.shared).write(self.stream, &bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(64 * 1024)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CaptureStream {
    async fn ready(&mut self) {}
}

impl tokio::io::AsyncWrite for CaptureStream {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        lock(&self.shared).write(self.stream, buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_and_partial_lines_flushed() {
        let cap = OutputCapture::new();
        let mut out = cap.stream(LogStream::Stdout);
        let mut err = cap.stream(LogStream::Stderr);
        OutputStream::write(&mut out, Bytes::from_static(b"one\ntw")).unwrap();
        OutputStream::write(&mut err, Bytes::from_static(b"oops\n")).unwrap();
        OutputStream::write(&mut out, Bytes::from_static(b"o\nthree")).unwrap();
        let mut lines = Vec::new();
        cap.drain(&mut lines);
        assert_eq!(
            lines,
            vec![
                (LogStream::Stdout, "one".to_string()),
                (LogStream::Stderr, "oops".to_string()),
                (LogStream::Stdout, "two".to_string()),
                (LogStream::Stdout, "three".to_string()),
            ]
        );
    }

    #[test]
    fn output_is_bounded() {
        let cap = OutputCapture::new();
        let mut out = cap.stream(LogStream::Stdout);
        let chunk = Bytes::from(vec![b'x'; 1024 * 1024]);
        for _ in 0..5 {
            OutputStream::write(&mut out, chunk.clone()).unwrap();
        }
        let mut lines = Vec::new();
        cap.drain(&mut lines);
        let kept: usize = lines.iter().map(|(_, l)| l.len()).sum();
        assert!(kept <= MAX_BUFFERED + 200, "kept {kept}");
        let last = &lines.last().unwrap().1;
        assert!(
            last.contains("4194304 bytes of guest output dropped"),
            "{last}"
        );
    }
}
