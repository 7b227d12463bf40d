//! The connection with its readers and consumers: control messages seen
//! as they arrive, withdrawn requests skipped, batches answered together,
//! the reader thread and the waiting consumer taking turns.

use super::*;
use remoteobj_protocol::{DEFAULT_MAX_FRAME, Pending, Request, RequestBody, encode_frame};

use crate::testing::{Sink, frames};

fn request(id: u64) -> ToWorker {
    ToWorker::Request(Request {
        id,
        body: RequestBody::Describe,
    })
}

fn ids(conn: &Conn) -> Vec<u64> {
    let mut out = Vec::new();
    loop {
        match conn.recv() {
            Received::Message(ToWorker::Request(r)) => out.push(r.id),
            Received::Message(_) => {}
            Received::Closed => return out,
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_cancelled_request_is_skipped_and_others_are_not() {
    let (c, _w) = open_conn(&[
        request(1),
        request(2),
        ToWorker::Cancel { id: 1 },
        // Unknown or already taken ids are ignored.
        ToWorker::Cancel { id: 99 },
        request(3),
        // Raised after the reader has seen everything above.
        ToWorker::Stop,
    ]);
    wait_for_stop(&c);
    let mut taken = Vec::new();
    loop {
        match c.recv_timeout(Duration::from_millis(200)) {
            Received::Message(ToWorker::Request(r)) => taken.push(r.id),
            Received::Message(ToWorker::Stop) => {}
            Received::TimedOut => break,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(taken, vec![2, 3]);
}

#[test]
fn a_cancel_for_a_request_already_taken_changes_nothing() {
    // Request 1 is taken before its Cancel arrives: nothing is left
    // marked, so a later request that reuses nothing is unaffected.
    let (r, mut w) = std::io::pipe().unwrap();
    let c = Conn::new(r, std::io::sink(), DEFAULT_MAX_FRAME);
    w.write_all(&frames(&[request(1)])).unwrap();
    assert!(matches!(c.recv(), Received::Message(ToWorker::Request(_))));
    w.write_all(&frames(&[ToWorker::Cancel { id: 1 }, request(2)]))
        .unwrap();
    drop(w);
    assert_eq!(ids(&c), vec![2]);
    assert!(!c.control.is_cancelled(1));
}

/// A connection fed `msgs` through a pipe that stays open (its end of
/// input would raise the stop flag by itself).
fn open_conn(msgs: &[ToWorker]) -> (Arc<Conn>, std::io::PipeWriter) {
    let (r, mut w) = std::io::pipe().unwrap();
    let c = Conn::new(r, std::io::sink(), DEFAULT_MAX_FRAME);
    for m in msgs {
        w.write_all(&encode_frame(m, DEFAULT_MAX_FRAME).unwrap())
            .unwrap();
    }
    (c, w)
}

fn wait_for_stop(c: &Conn) {
    let t = Instant::now();
    while !c.stop_requested() && t.elapsed() < Duration::from_secs(10) {
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn shutdown_cancel_drops_what_is_queued_and_raises_stop() {
    let (c, _w) = open_conn(&[request(1), request(2), ToWorker::Shutdown(Pending::Cancel)]);
    // Once the flag is up, the two requests are withdrawn too.
    wait_for_stop(&c);
    assert!(c.stop_requested());
    assert!(matches!(
        c.recv(),
        Received::Message(ToWorker::Shutdown(Pending::Cancel))
    ));
}

#[test]
fn shutdown_fulfill_keeps_what_is_queued() {
    let (c, _w) = open_conn(&[request(1), request(2), ToWorker::Shutdown(Pending::Fulfill)]);
    wait_for_stop(&c);
    assert!(c.stop_requested());
    for id in [1, 2] {
        match c.recv() {
            Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, id),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn stop_is_seen_before_it_is_taken() {
    let (c, _w) = open_conn(&[request(1), ToWorker::Stop]);
    wait_for_stop(&c);
    assert!(c.stop_requested(), "the flag is up while request 1 waits");
    assert!(matches!(
        c.recv_timeout(Duration::ZERO),
        Received::Message(ToWorker::Request(_))
    ));
    // The flag goes up before the message is queued behind it.
    assert!(matches!(
        c.recv_timeout(Duration::from_secs(10)),
        Received::Message(ToWorker::Stop)
    ));
    assert!(matches!(c.recv_timeout(Duration::ZERO), Received::TimedOut));
}

#[test]
fn end_of_input_raises_stop() {
    let (c, w) = open_conn(&[]);
    thread::sleep(Duration::from_millis(20));
    assert!(!c.stop_requested());
    drop(w);
    wait_for_stop(&c);
    assert!(c.stop_requested());
    assert!(matches!(c.recv(), Received::Closed));
}

#[test]
fn recv_timeout_times_out() {
    let (r, _w) = std::io::pipe().unwrap();
    let c = Conn::new(r, std::io::sink(), DEFAULT_MAX_FRAME);
    assert!(matches!(
        c.recv_timeout(Duration::from_millis(20)),
        Received::TimedOut
    ));
}

/// A connection over a pipe, as a worker has: the consumer reads.
fn pipe_conn() -> (Arc<Conn>, std::io::PipeWriter) {
    let (r, w) = std::io::pipe().unwrap();
    let c = Conn::over_pipe(r, std::io::sink(), DEFAULT_MAX_FRAME).unwrap();
    (c, w)
}

fn write_msgs(w: &mut std::io::PipeWriter, msgs: &[ToWorker]) {
    w.write_all(&frames(msgs)).unwrap();
}

#[test]
fn over_a_pipe_a_cancel_right_behind_its_request_is_honoured() {
    let (c, mut w) = pipe_conn();
    write_msgs(
        &mut w,
        &[request(1), ToWorker::Cancel { id: 1 }, request(2)],
    );
    match c.recv() {
        Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn over_a_pipe_a_wait_times_out_then_reads_what_comes() {
    let (c, mut w) = pipe_conn();
    assert!(matches!(
        c.recv_timeout(Duration::from_millis(20)),
        Received::TimedOut
    ));
    assert!(matches!(c.recv_timeout(Duration::ZERO), Received::TimedOut));
    let writer = thread::spawn(move || {
        thread::sleep(Duration::from_millis(20));
        write_msgs(&mut w, &[request(7)]);
        w
    });
    match c.recv_timeout(Duration::from_secs(10)) {
        Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, 7),
        other => panic!("{other:?}"),
    }
    drop(writer.join().unwrap());
    assert!(matches!(c.recv(), Received::Closed));
    assert!(matches!(c.recv(), Received::Closed), "closed for good");
}

#[test]
fn a_busy_worker_sees_control_messages_through_the_reader_thread() {
    let (c, mut w) = pipe_conn();
    // Not busy: nobody reads until the consumer waits.
    write_msgs(&mut w, &[ToWorker::Stop]);
    thread::sleep(Duration::from_millis(50));
    assert!(!c.stop_requested());
    c.busy();
    wait_for_stop(&c);
    assert!(c.stop_requested());
    write_msgs(&mut w, &[request(1), ToWorker::Cancel { id: 1 }]);
    // The reader thread reads ahead while the worker is busy.
    let t = Instant::now();
    while !c.control.is_cancelled(1) {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "the cancel was not read"
        );
        thread::sleep(Duration::from_millis(1));
    }
    assert!(matches!(c.recv(), Received::Message(ToWorker::Stop)));
    // Request 1 was withdrawn: the consumer, back, reads request 2.
    write_msgs(&mut w, &[request(2)]);
    match c.recv_timeout(Duration::from_secs(10)) {
        Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, 2),
        other => panic!("{other:?}"),
    }
    write_msgs(&mut w, &[request(3)]);
    match c.recv_timeout(Duration::from_secs(10)) {
        Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn over_a_pipe_a_bad_frame_breaks_the_session() {
    let (c, mut w) = pipe_conn();
    w.write_all(&[0, 0, 0, 2, 0xff, 0xff]).unwrap();
    assert!(matches!(c.recv(), Received::Broken(_)));
    assert!(c.stop_requested());
    assert!(matches!(c.recv(), Received::Closed));
}

#[test]
fn ping_pong_with_random_takeovers_loses_nothing() {
    let (r, mut w) = std::io::pipe().unwrap();
    let c = Conn::over_pipe(r, std::io::sink(), DEFAULT_MAX_FRAME).unwrap();
    let (ack_tx, ack_rx) = mpsc::channel::<u64>();
    let consumer = {
        let c = c.clone();
        thread::spawn(move || {
            loop {
                match c.recv_timeout(Duration::from_secs(5)) {
                    Received::Message(ToWorker::Request(r)) => ack_tx.send(r.id).unwrap(),
                    Received::Closed => return,
                    other => panic!("{other:?}"),
                }
            }
        })
    };
    let busy = {
        let c = c.clone();
        thread::spawn(move || {
            for i in 0..20_000u32 {
                c.busy();
                thread::sleep(Duration::from_micros(u64::from(i % 7) * 10));
            }
        })
    };
    for id in 1..=20_000u64 {
        let frame = encode_frame(
            &ToWorker::Request(Request {
                id,
                body: RequestBody::Describe,
            }),
            DEFAULT_MAX_FRAME,
        )
        .unwrap();
        w.write_all(&frame).unwrap();
        assert_eq!(
            ack_rx.recv_timeout(Duration::from_secs(5)),
            Ok(id),
            "request {id}"
        );
    }
    drop(w);
    busy.join().unwrap();
    consumer.join().unwrap();
}

/// The ids of the answers written so far.
fn answered(out: &Sink) -> Vec<u64> {
    out.sent()
        .into_iter()
        .filter_map(|msg| match msg {
            FromWorker::Response { id, .. } => Some(id),
            _ => None,
        })
        .collect()
}

fn batch(ids: &[u64]) -> ToWorker {
    ToWorker::Batch(
        ids.iter()
            .map(|&id| Request {
                id,
                body: RequestBody::Describe,
            })
            .collect(),
    )
}

#[test]
fn a_batch_is_answered_in_one_write_without_waiting_for_the_next_batch() {
    let (r, mut w) = std::io::pipe().unwrap();
    let out = Sink::default();
    let c = Conn::over_pipe(r, out.clone(), DEFAULT_MAX_FRAME).unwrap();
    write_msgs(&mut w, &[batch(&[1, 2]), batch(&[3, 4])]);
    let reply = || Ok(Reply::Value(serde_bytes::ByteBuf::from(vec![0xf6])));
    for expected in 1..=2 {
        match c.recv() {
            Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, expected),
            other => panic!("{other:?}"),
        }
        assert!(answered(&out).is_empty(), "held until its batch is done");
        c.respond(expected, reply()).unwrap();
    }
    assert_eq!(answered(&out), vec![1, 2]);
    match c.recv() {
        Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, 3),
        other => panic!("{other:?}"),
    }
    c.respond(3, reply()).unwrap();
    assert_eq!(answered(&out), vec![1, 2], "3 waits for 4");
}

#[test]
fn a_long_batch_writes_its_held_answers_once_they_reach_the_threshold() {
    let (r, mut w) = std::io::pipe().unwrap();
    let out = Sink::default();
    let c = Conn::over_pipe(r, out.clone(), DEFAULT_MAX_FRAME).unwrap();
    let ids: Vec<u64> = (1..=4).collect();
    write_msgs(&mut w, &[batch(&ids)]);
    // Each answer is a little over a third of the threshold: the first two
    // are held, the third would pass it, so all three go out before the
    // batch's last is answered.
    let len = HELD_FLUSH / 3 + 16;
    let big = || Ok(Reply::Value(serde_bytes::ByteBuf::from(vec![0; len])));
    for id in 1..=2 {
        match c.recv() {
            Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, id),
            other => panic!("{other:?}"),
        }
        c.respond(id, big()).unwrap();
    }
    assert!(answered(&out).is_empty(), "under the threshold: held");
    match c.recv() {
        Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, 3),
        other => panic!("{other:?}"),
    }
    c.respond(3, big()).unwrap();
    assert_eq!(answered(&out), vec![1, 2, 3], "4 is still to come");
    match c.recv() {
        Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, 4),
        other => panic!("{other:?}"),
    }
    c.respond(4, big()).unwrap();
    assert_eq!(answered(&out), ids, "the batch's last goes out on its own");
}

#[test]
fn a_cancel_right_behind_its_request_is_honoured_when_the_reader_thread_reads() {
    let (c, mut w) = pipe_conn();
    c.busy();
    let consumer = {
        let c = c.clone();
        thread::spawn(move || c.recv())
    };
    thread::sleep(Duration::from_millis(50));
    write_msgs(
        &mut w,
        &[request(1), ToWorker::Cancel { id: 1 }, request(2)],
    );
    match consumer.join().unwrap() {
        Received::Message(ToWorker::Request(r)) => assert_eq!(r.id, 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn room_in_the_stream_is_counted_as_it_arrives_and_wakes_the_consumer() {
    let sink = Sink::default();
    let input = std::io::Cursor::new(frames(&[ToWorker::Credit(2)]));
    let c = Conn::new(input, sink.clone(), DEFAULT_MAX_FRAME);
    // Once the consumer has the message, its room was counted.
    assert!(matches!(c.recv(), Received::Message(ToWorker::Credit(2))));
    assert!(c.emit(vec![0x01]).unwrap());
    assert!(c.emit(vec![0x02]).unwrap());
    assert!(!c.emit(vec![0x03]).unwrap(), "no room for a third");
    assert_eq!(
        sink.sent(),
        [
            FromWorker::Emitted(ByteBuf::from(vec![0x01])),
            FromWorker::Emitted(ByteBuf::from(vec![0x02]))
        ]
    );
}

#[test]
fn ending_the_listening_tells_the_host_once_what_is_still_answered() {
    let sink = Sink::default();
    let c = Conn::new(std::io::empty(), sink.clone(), DEFAULT_MAX_FRAME);
    assert!(!c.stopped_listening());
    c.serving(Some(7));
    c.stop_listening([9, 3]).unwrap();
    c.stop_listening([1]).unwrap();
    assert!(c.stopped_listening());
    assert_eq!(
        sink.sent(),
        [FromWorker::Stopped {
            answering: vec![3, 7, 9]
        }]
    );
}

#[test]
fn a_caught_error_too_large_for_a_frame_goes_shortened() {
    let sink = Sink::default();
    let c = Conn::new(std::io::empty(), sink.clone(), 4096);
    let error = RemoteError {
        kind: ErrorKind::Value,
        type_name: "T".into(),
        message: "é".repeat(10_000),
        trace: vec!["frame".repeat(1000)],
    };
    c.caught("g".into(), error).unwrap();
    match &sink.sent()[..] {
        [FromWorker::Caught { group, error }] => {
            assert_eq!(group, "g");
            assert_eq!(error.message.chars().count(), 1000);
            assert!(error.trace.is_empty());
        }
        other => panic!("{other:?}"),
    }
}
