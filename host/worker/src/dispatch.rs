//! The one dispatcher: what the worker does with each message from the
//! host once the object is loaded, whoever waits for it — the serve loop
//! (a passive object, or an active one whose loop has ended) or an active
//! object's own loop, through the `next-request` import.
//!
//! Requests the guest must resolve come out as [`Next::Invoke`]; the caller
//! runs them (the serve loop calls the guest's `invoke` export, the loop's
//! import hands them to guest code, which resolves them itself). Everything
//! else is settled here: the worker answers `Describe` from the schema,
//! `Stop` needs nothing more (its flag went up as it arrived), a `Credit`
//! wakes a loop waiting for room to emit (nobody else), `Shutdown`
//! and the end of input end the session, and anything else ends it as
//! broken, telling the host why. A new request kind is added here, once.

use std::time::Instant;

use remoteobj_protocol::{
    ErrorKind, Op, RemoteError, Reply, Request, RequestBody, Schema, ToWorker,
};

use crate::conn::{Conn, Received};

/// What the host's messages ask of the guest next.
#[derive(Debug)]
pub(crate) enum Next {
    /// Resolve `path` against the object and answer request `id`.
    Invoke {
        /// The request's id.
        id: u64,
        /// The ops to resolve.
        path: Vec<Op>,
    },
    /// Nothing came before the deadline.
    TimedOut,
    /// The host made room in the loop's stream (a `Credit`): a loop
    /// waiting to emit can try again.
    Woken,
    /// The session is over: closed by the host, or broken (then
    /// [`Conn::failure`] says why, and the host was told).
    Ended,
}

/// Takes the host's messages until one needs the guest, or `until` (asked
/// again at each message; `None`: for ever) passes, or the session ends.
/// `schema` is the object's, once it is created.
pub(crate) fn next(
    conn: &Conn,
    until: impl Fn() -> Option<Instant>,
    schema: Option<&Schema>,
) -> Next {
    loop {
        if conn.is_ended() {
            return Next::Ended;
        }
        let request = match conn.recv_until(until()) {
            Received::Message(ToWorker::Request(request)) => request,
            Received::TimedOut => return Next::TimedOut,
            // Its flag went up as it arrived; a loop waiting here sees it
            // through `until`.
            Received::Message(ToWorker::Stop) => continue,
            // Counted as it arrived; it matters only to a loop waiting for
            // room (any other wait, `process_requests`' included, goes on).
            Received::Message(ToWorker::Credit(_)) if conn.loop_wants_room() => {
                return Next::Woken;
            }
            Received::Message(ToWorker::Credit(_)) => continue,
            Received::Message(ToWorker::Shutdown(_)) | Received::Closed => {
                conn.end(None);
                return Next::Ended;
            }
            Received::Message(other) => {
                conn.fail(format!(
                    "unexpected message from the host after Load: {}",
                    other.name()
                ));
                return Next::Ended;
            }
            Received::Broken(e) => {
                conn.fail(format!("bad frame from the host: {e}"));
                return Next::Ended;
            }
        };
        let Request { id, body } = request;
        let answer = match body {
            RequestBody::Invoke(path) => return Next::Invoke { id, path },
            RequestBody::Describe => schema
                .cloned()
                .map(Reply::Schema)
                .ok_or_else(|| not_ready("describe")),
        };
        if let Err(e) = conn.respond(id, answer) {
            conn.fail(format!("answering request {id}: {e}"));
            return Next::Ended;
        }
    }
}

/// The error for a request the worker cannot answer yet (the object is
/// still being created: its constructor serves requests).
fn not_ready(what: &str) -> RemoteError {
    RemoteError {
        kind: ErrorKind::Runtime,
        type_name: "worker".into(),
        message: format!("{what} is not available yet: the object is being created"),
        trace: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use remoteobj_protocol::{DEFAULT_MAX_FRAME, FromWorker, Pending};
    use std::{sync::Arc, time::Duration};

    use crate::testing::{Sink, frames};

    fn conn(msgs: &[ToWorker]) -> (Arc<Conn>, Sink) {
        let sink = Sink::default();
        let input = std::io::Cursor::new(frames(msgs));
        (Conn::new(input, sink.clone(), DEFAULT_MAX_FRAME), sink)
    }

    fn request(id: u64, body: RequestBody) -> ToWorker {
        ToWorker::Request(Request { id, body })
    }

    #[test]
    fn describe_is_answered_here_and_invoke_handed_out() {
        let schema = Schema {
            type_name: "T".into(),
            ..Schema::default()
        };
        let (c, sink) = conn(&[
            request(1, RequestBody::Describe),
            ToWorker::Stop,
            request(2, RequestBody::Invoke(vec![Op::Len])),
            ToWorker::Shutdown(Pending::Fulfill),
        ]);
        match next(&c, || None, Some(&schema)) {
            Next::Invoke { id: 2, path } => assert_eq!(path, vec![Op::Len]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            &sink.sent()[..],
            [FromWorker::Response { id: 1, result: Ok(Reply::Schema(s)) }] if s.type_name == "T"
        ));
        assert!(matches!(next(&c, || None, Some(&schema)), Next::Ended));
        assert!(c.failure().is_none(), "a shutdown is a clean end");
    }

    #[test]
    fn room_in_the_stream_wakes_only_a_loop_waiting_for_it() {
        // Over a pipe kept open: the end of input would ask for a stop, and
        // after a stop no credit wakes anyone.
        let (input, mut host) = std::io::pipe().unwrap();
        std::io::Write::write_all(
            &mut host,
            &frames(&[
                ToWorker::Credit(1),
                request(2, RequestBody::Invoke(vec![Op::Len])),
                ToWorker::Credit(1),
                request(3, RequestBody::Invoke(vec![Op::Len])),
                ToWorker::Credit(1),
            ]),
        )
        .unwrap();
        let c = Conn::new(input, Sink::default(), DEFAULT_MAX_FRAME);
        // Not waiting for room: the credit does not cut a wait short.
        assert!(matches!(
            next(&c, || None, None),
            Next::Invoke { id: 2, .. }
        ));
        // Emitting until there is no room (both credits may be counted
        // already: they are counted as they are read): the next credit
        // wakes it.
        while c.emit(vec![0xf6]).unwrap() {}
        assert!(matches!(next(&c, || None, None), Next::Woken));
        assert!(matches!(
            next(&c, || None, None),
            Next::Invoke { id: 3, .. }
        ));
        // That wait is over: the last credit wakes nobody.
        c.room_wait_over();
        let soon = || Instant::now().checked_add(Duration::from_millis(200));
        assert!(matches!(next(&c, soon, None), Next::TimedOut));
        drop(host);
    }

    #[test]
    fn describe_before_the_object_exists_is_an_error_not_a_hang() {
        let (c, sink) = conn(&[request(1, RequestBody::Describe)]);
        assert!(matches!(next(&c, || None, None), Next::Ended));
        match &sink.sent()[..] {
            [
                FromWorker::Response {
                    id: 1,
                    result: Err(e),
                },
            ] => {
                assert!(e.message.contains("not available yet"), "{e}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_message_out_of_place_ends_the_session_and_says_why() {
        let (c, sink) = conn(&[ToWorker::Hello { version: 1 }]);
        assert!(matches!(next(&c, || None, None), Next::Ended));
        let failure = c.failure().unwrap();
        assert!(failure.contains("unexpected message from the host after Load: Hello"));
        assert!(matches!(&sink.sent()[..], [FromWorker::Fatal { message }] if *message == failure));
    }
}
