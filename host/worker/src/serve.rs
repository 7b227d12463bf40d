//! The worker's serve loop: handshake, load, the object's own loop, then
//! requests as they come (through the one dispatcher, [`crate::dispatch`]),
//! with restarts after traps as the policy allows.
//!
//! It is written against the [`Guest`] and [`Loader`] traits and a [`Conn`]
//! over any `Read`/`Write`, so it can be tested in memory; the real worker
//! plugs in the wasmtime runtime.

use std::sync::Arc;

use remoteobj_protocol::{FrameError, FromWorker, PROTOCOL_VERSION, ToWorker};

use crate::conn::{Conn, Received};
use crate::dispatch::{self, Next};
use crate::guest::{Guest, Loader, forward_logs};
use crate::restart::Restarts;

/// Why a serve loop ended other than by a clean shutdown.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// A frame could not be read or written.
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// The handshake failed (version mismatch or unexpected message).
    #[error("handshake failed: {0}")]
    Handshake(String),
    /// The component could not be loaded.
    #[error("could not load the component: {0}")]
    Load(String),
    /// The host sent a message that makes no sense at this point.
    #[error("unexpected message from the host: {0}")]
    Unexpected(String),
    /// The session broke after the object was loaded (a bad frame, a
    /// message out of place, a pipe that failed); the host was told.
    #[error("{0}")]
    Broken(String),
}

/// Runs one worker session over `conn` until shutdown or end of input.
pub(crate) fn serve<L: Loader>(conn: Arc<Conn>, loader: &L, pid: u32) -> Result<(), ServeError> {
    let result = session(conn.clone(), loader, pid);
    // A batch's answers still held back (one of its requests was
    // withdrawn) go out before the worker exits.
    conn.flush_held();
    result
}

fn session<L: Loader>(conn: Arc<Conn>, loader: &L, pid: u32) -> Result<(), ServeError> {
    conn.send(&FromWorker::Hello {
        version: PROTOCOL_VERSION,
        pid,
    })?;
    match opening(&conn)? {
        Some(ToWorker::Hello { version }) if version == PROTOCOL_VERSION => {}
        Some(ToWorker::Hello { version }) => {
            return fatal(
                &conn,
                ServeError::Handshake(format!(
                    "protocol version mismatch: host speaks v{version}, worker speaks v{PROTOCOL_VERSION}"
                )),
            );
        }
        Some(other) => {
            return fatal(
                &conn,
                ServeError::Handshake(format!("expected Hello, got {}", other.name())),
            );
        }
        None => return Ok(()),
    }
    let load = match opening(&conn)? {
        Some(ToWorker::Load(load)) => *load,
        Some(ToWorker::Shutdown(_)) | None => return Ok(()),
        Some(other) => {
            return fatal(
                &conn,
                ServeError::Unexpected(format!("expected Load, got {}", other.name())),
            );
        }
    };
    conn.set_max_frame(usize::try_from(load.max_frame).unwrap_or(usize::MAX));
    conn.set_wait(load.wait);
    conn.set_stream_capacity(load.stream_capacity);
    let mut restarts = Restarts::new(load.restart);
    // Loading may take a while: control messages are read meanwhile.
    conn.busy();
    let mut guest = match loader.load(load, conn.clone()) {
        Ok(guest) => guest,
        Err(message) => {
            conn.send(&FromWorker::LoadFailed {
                message: message.clone(),
            })?;
            return Err(ServeError::Load(message));
        }
    };
    conn.send(&FromWorker::Ready)?;
    let mut logs = Vec::new();
    // What the guest printed while it was being created.
    forward_logs(&conn, &mut guest, &mut logs)?;

    'instance: loop {
        // The object's own loop, if it has one: it serves requests itself,
        // at its cooperative points, until it returns.
        let end = guest.run();
        forward_logs(&conn, &mut guest, &mut logs)?;
        conn.run_ended(end, &guest.schema().type_name)?;
        if conn.is_ended() || conn.stopped_listening() {
            // The loop took the shutdown (or the end of input) already, the
            // session broke while it served, or the object ended its
            // listening: nothing is left to serve.
            return ended(&conn);
        }
        if restarts.after_trap(&conn, &mut guest, &mut logs)? {
            continue 'instance;
        }

        // From here on the object answers requests as they come.
        loop {
            match dispatch::next(&conn, || None, Some(guest.schema())) {
                Next::Invoke { id, path } => {
                    conn.serving(Some(id));
                    let result = guest.invoke(path);
                    conn.serving(None);
                    forward_logs(&conn, &mut guest, &mut logs)?;
                    conn.respond(id, result)?;
                    if conn.stopped_listening() {
                        // A method ended the object's listening.
                        return ended(&conn);
                    }
                    if restarts.after_trap(&conn, &mut guest, &mut logs)? {
                        continue 'instance;
                    }
                }
                // No deadline was given; room in the stream matters only to
                // a loop.
                Next::TimedOut | Next::Woken => {}
                Next::Ended => return ended(&conn),
            }
        }
    }
}

/// How a session that ended went: cleanly, or broken (as [`Conn::fail`]
/// recorded).
fn ended(conn: &Conn) -> Result<(), ServeError> {
    match conn.failure() {
        Some(failure) => Err(ServeError::Broken(failure)),
        None => Ok(()),
    }
}

/// Reads the next opening message (`Hello`, `Load`); a broken frame is
/// reported to the host and ends the session.
fn opening(conn: &Conn) -> Result<Option<ToWorker>, ServeError> {
    match conn.recv() {
        Received::Message(msg) => Ok(Some(msg)),
        Received::Broken(e) => fatal(conn, ServeError::Frame(e)).map(|()| None),
        Received::Closed | Received::TimedOut => Ok(None),
    }
}

/// Tells the host why the worker gives up, then returns the error.
fn fatal(conn: &Conn, error: ServeError) -> Result<(), ServeError> {
    let _ = conn.send(&FromWorker::Fatal {
        message: error.to_string(),
    });
    Err(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use remoteobj_protocol::{
        ComponentSource, DEFAULT_MAX_FRAME, ErrorKind, Load, LogStream, Op, Pending, RemoteError,
        Reply, Request, RequestBody, RunEnd, Schema,
    };
    use serde_bytes::ByteBuf;
    use std::io::Cursor;

    use crate::testing::{Sink, frames};

    /// An in-memory guest: `x` is an attribute, anything else is missing.
    struct Fake {
        schema: Schema,
        printed: Vec<String>,
    }

    impl Guest for Fake {
        fn invoke(&mut self, path: Vec<Op>) -> Result<Reply, RemoteError> {
            self.printed.push("hello".into());
            match path.as_slice() {
                [Op::GetAttr(a)] if a == "x" => Ok(Reply::Value(ByteBuf::from(vec![0x05]))),
                _ => Err(RemoteError {
                    kind: ErrorKind::Attribute,
                    type_name: "Fake".into(),
                    message: "missing".into(),
                    trace: vec![],
                }),
            }
        }
        fn schema(&self) -> &Schema {
            &self.schema
        }
        fn drain_logs(&mut self, out: &mut Vec<(LogStream, String)>) {
            out.extend(self.printed.drain(..).map(|l| (LogStream::Stdout, l)));
        }
        fn run(&mut self) -> RunEnd {
            RunEnd::NoLoop
        }
        fn trap(&self) -> Option<&RemoteError> {
            None
        }
        fn restart(&mut self) -> Result<(), String> {
            Err("a fake cannot restart".into())
        }
    }

    struct FakeLoader;
    impl Loader for FakeLoader {
        type Guest = Fake;
        fn load(&self, _: Load, _: Arc<Conn>) -> Result<Fake, String> {
            Ok(Fake {
                schema: Schema {
                    type_name: "Fake".into(),
                    ..Schema::default()
                },
                printed: vec!["created".into()],
            })
        }
    }

    fn run(input: Vec<u8>) -> (Result<(), ServeError>, Vec<FromWorker>) {
        let sink = Sink::default();
        let conn = Conn::new(Cursor::new(input), sink.clone(), DEFAULT_MAX_FRAME);
        let result = serve(conn, &FakeLoader, 42);
        (result, sink.sent())
    }

    fn load() -> ToWorker {
        ToWorker::Load(Box::new(Load {
            name: "t".into(),
            component: ComponentSource::Bytes(ByteBuf::new()),
            max_component: remoteobj_protocol::DEFAULT_MAX_COMPONENT,
            max_frame: DEFAULT_MAX_FRAME as u64,
            grants: Default::default(),
            limits: Default::default(),
            restart: Default::default(),
            cache: None,
            wait: Default::default(),
            stream_capacity: 4,
        }))
    }

    #[test]
    fn answers_requests_in_order_with_their_ids() {
        let input = frames(&[
            ToWorker::Hello {
                version: PROTOCOL_VERSION,
            },
            load(),
            ToWorker::Request(Request {
                id: 9,
                body: RequestBody::Invoke(vec![Op::GetAttr("x".into())]),
            }),
            ToWorker::Request(Request {
                id: 3,
                body: RequestBody::Invoke(vec![Op::Len]),
            }),
            ToWorker::Request(Request {
                id: 4,
                body: RequestBody::Describe,
            }),
            ToWorker::Shutdown(Pending::Fulfill),
        ]);
        let (result, out) = run(input);
        result.unwrap();
        assert_eq!(
            out[0],
            FromWorker::Hello {
                version: PROTOCOL_VERSION,
                pid: 42
            }
        );
        assert_eq!(out[1], FromWorker::Ready);
        let log = |line: &str| FromWorker::Log {
            stream: LogStream::Stdout,
            line: line.into(),
        };
        assert_eq!(out[2], log("created"), "output from creating the object");
        assert_eq!(
            out[3],
            FromWorker::RunEnded(RunEnd::NoLoop),
            "a passive object says so"
        );
        assert_eq!(
            out[4],
            log("hello"),
            "a request's output comes before its answer"
        );
        assert!(matches!(
            &out[5],
            FromWorker::Response {
                id: 9,
                result: Ok(Reply::Value(_))
            }
        ));
        assert_eq!(out[6], log("hello"));
        assert!(
            matches!(&out[7], FromWorker::Response { id: 3, result: Err(e) } if e.kind == ErrorKind::Attribute)
        );
        assert!(
            matches!(&out[8], FromWorker::Response { id: 4, result: Ok(Reply::Schema(s)) } if s.type_name == "Fake")
        );
        assert_eq!(out.len(), 9);
    }

    #[test]
    fn version_mismatch_is_reported() {
        let (result, out) = run(frames(&[ToWorker::Hello { version: 999 }]));
        assert!(matches!(result, Err(ServeError::Handshake(_))));
        match out.last().unwrap() {
            FromWorker::Fatal { message } => assert!(message.contains("v999"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_after_handshake_is_a_fatal_frame_error() {
        let mut input = frames(&[
            ToWorker::Hello {
                version: PROTOCOL_VERSION,
            },
            load(),
        ]);
        input.extend_from_slice(&[0, 0, 0, 2, 0xff, 0xff]);
        let (result, out) = run(input);
        match result {
            Err(ServeError::Broken(why)) => assert!(why.contains("bad frame"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(out.last().unwrap(), FromWorker::Fatal { .. }));
    }

    #[test]
    fn end_of_input_is_a_clean_exit() {
        let (result, out) = run(frames(&[
            ToWorker::Hello {
                version: PROTOCOL_VERSION,
            },
            load(),
        ]));
        result.unwrap();
        assert_eq!(
            out.len(),
            4,
            "Hello, Ready, what the object printed, RunEnded: {out:?}"
        );
    }
}
