//! A worker's own stderr (not its guest's output, which travels in `Log`
//! frames): each line logged, and the last lines kept for the error that
//! says how the worker died.

use std::{
    collections::VecDeque,
    io::{BufRead, BufReader, Read},
    process::ChildStderr,
    sync::{Condvar, Mutex},
    time::Duration,
};

use remoteobj_pipe::lock;

/// The last lines a worker wrote to its stderr, for error messages.
#[derive(Default)]
pub(crate) struct StderrTail {
    inner: Mutex<(VecDeque<String>, bool)>,
    done: Condvar,
}

const TAIL_LINES: usize = 20;
const TAIL_LINE_LEN: usize = 500;

impl StderrTail {
    fn push(&self, line: String) {
        let mut g = lock(&self.inner);
        if g.0.len() == TAIL_LINES {
            g.0.pop_front();
        }
        g.0.push_back(line);
    }

    fn finish(&self) {
        lock(&self.inner).1 = true;
        self.done.notify_all();
    }

    /// The tail as text, after waiting up to `grace` for the stream to end
    /// (so the last words of a dying worker are included).
    pub(crate) fn text(&self, grace: Duration) -> String {
        let g = lock(&self.inner);
        let (g, _) = self
            .done
            .wait_timeout_while(g, grace, |(_, done)| !*done)
            .unwrap_or_else(|p| p.into_inner());
        g.0.iter().cloned().collect::<Vec<_>>().join("\n")
    }
}

/// Logs each line of the worker's own stderr and keeps the tail.
pub(crate) fn forward_stderr(stderr: ChildStderr, tail: &StderrTail, object: &str, pid: u32) {
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::new();
    loop {
        line.clear();
        // Bounded: a line longer than the cap is cut into pieces.
        match (&mut reader)
            .take(TAIL_LINE_LEN as u64)
            .read_until(b'\n', &mut line)
        {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                let text = String::from_utf8_lossy(&line).trim_end().to_string();
                tracing::warn!(target: "remoteobj::worker", object, pid, "{text}");
                tail.push(text);
            }
        }
    }
    tail.finish();
}
