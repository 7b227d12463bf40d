//! Python remoteobj's `util.process` and `Except`, as a loop that talks
//! back: its errors say where they were raised, it ends its listening by
//! itself (its pending requests answered or cancelled), it emits values the
//! host iterates over, it records errors for the host while it goes on, and
//! a close that joins surfaces what it returned. The tests made with
//! `both_languages!` run on the Python stepper too.

use crate::common::{self, eventually};

use std::{thread, time::Duration};

use remoteobj_host::{Error, ErrorKind, PendingReply, Proxy, RemoteObject, Unavailable};

/// `obj`, a stepper, once its loop answers one request per step
/// (`yield_now`), so a `block(ms)` it answered is the next thing it does.
fn yielding(obj: RemoteObject) -> RemoteObject {
    common::in_mode(obj, "yield")
}

/// `obj`, a stepper whose loop has ended its listening and goes on for a
/// minute (sleeping) before it returns.
fn lingering(obj: RemoteObject) -> RemoteObject {
    let obj = yielding(obj);
    let r = obj.proxy();
    r.set_attr("linger_ms", 60_000u64).unwrap();
    r.set_attr("end_listening", "cancel").unwrap();
    eventually("it stops listening", || !obj.is_listening());
    obj
}

/// Whether `frame` is a line of a stepper's source (Rust or Python).
fn in_source(frame: &str) -> bool {
    frame.contains("stepper/src/lib.rs:") || frame.contains("app.py:")
}

/// The object ended its listening: requests get `NotListening { Stopped }`,
/// and its worker exits by itself, nothing left to serve.
fn assert_stopped(obj: &RemoteObject, r: &Proxy) {
    match r.attr("steps").get::<u64>() {
        Err(Error::NotListening {
            state: Unavailable::Stopped,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let pid = obj.pid();
    eventually("the worker exits", || !common::process_exists(pid));
}

/// Blocks the loop, then asks it to end its listening (`pending`) and sends
/// `hit()` three times: all wait in the worker's queue; the loop takes the
/// first (one request per step) and ends its listening at its next step,
/// with the three hits still waiting.
fn end_listening_with_three_hits_waiting(r: &Proxy, pending: &str) -> Vec<PendingReply<u64>> {
    r.attr("block").call::<()>((500,)).unwrap();
    let end = r.set_attr_later("end_listening", pending).unwrap();
    let hits = (0..3)
        .map(|_| r.attr("hit").call_later::<u64>(()).unwrap())
        .collect();
    end.wait().unwrap();
    hits
}

common::both_languages!(
    a_loop_error_says_where_it_was_raised_and_in_which_loop,
    "stepper",
    "stepper",
    |obj| {
        obj.proxy()
            .set_attr("fail", "the sensor went away")
            .unwrap();
        let e = common::remote_error(obj.join::<u64>());
        // Python names the class: "RuntimeError: the sensor went away".
        assert!(e.message.ends_with("the sensor went away"), "{e}");
        // Innermost first: the line of the guest's source that made the error,
        // then the loop it ended.
        assert_eq!(e.trace.len(), 2, "{:?}", e.trace);
        assert!(in_source(&e.trace[0]), "{:?}", e.trace);
        assert_eq!(e.trace[1], "run(Stepper)");
    }
);

common::both_languages!(
    an_error_a_method_makes_says_where_too,
    "stepper",
    "stepper",
    |obj| {
        let e = common::remote_error(obj.proxy().attr("end_now").call::<()>(("never",)));
        assert_eq!(e.kind, ErrorKind::Value);
        assert!(in_source(&e.trace[0]), "{:?}", e.trace);
        assert_eq!(e.trace.last().unwrap(), "Stepper.end_now()");
    }
);

common::both_languages!(
    a_loop_that_stops_listening_with_cancel_leaves_waiting_requests_their_default,
    "stepper",
    "stepper",
    |obj| {
        let obj = yielding(obj);
        let r = obj.proxy();
        let hits = end_listening_with_three_hits_waiting(&r, "cancel");
        for hit in hits {
            match hit.wait() {
                Err(e @ Error::Cancelled { .. }) => assert!(e.is_unavailable()),
                other => panic!("{other:?}"),
            }
        }
        // None of them ran: the loop returned its hits.
        assert_eq!(obj.join::<u64>().unwrap(), 0);
        assert!(!obj.is_listening());
        // Like Python's `get_(default=None)` on a remote that stopped.
        assert_eq!(r.attr("steps").get_or(7u64).unwrap(), 7);
        assert_stopped(&obj, &r);
        // Stopping or closing what has ended is no error.
        obj.stop().unwrap();
        assert_eq!(obj.close_and_join::<u64>().unwrap(), 0);
    }
);

common::both_languages!(
    a_caller_reading_for_itself_learns_at_once_that_its_request_was_cancelled,
    "stepper",
    "stepper",
    |obj| {
        // The worker goes on for a minute after it stops listening, so its
        // output does not end: a caller reading it for its own answer must
        // notice that the `Stopped` it read cancelled that request, not
        // wait for its timeout (ten minutes here).
        let obj = yielding(obj);
        let r = obj.proxy().with_timeout(Duration::from_secs(600));
        r.set_attr("linger_ms", 60_000u64).unwrap();
        let hits = end_listening_with_three_hits_waiting(&r, "cancel");
        let (tx, rx) = std::sync::mpsc::channel();
        thread::spawn(move || {
            for hit in hits {
                let _ = tx.send(hit.wait());
            }
        });
        for _ in 0..3 {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(Err(e @ Error::Cancelled { .. })) => assert!(e.is_unavailable()),
                other => panic!("{other:?}"),
            }
        }
        obj.kill();
    }
);

common::both_languages!(
    a_loop_that_stops_listening_with_fulfill_answers_waiting_requests_first,
    "stepper",
    "stepper",
    |obj| {
        let obj = yielding(obj);
        let r = obj.proxy();
        let hits = end_listening_with_three_hits_waiting(&r, "fulfill");
        let answers: Vec<u64> = hits.into_iter().map(|h| h.wait().unwrap()).collect();
        assert_eq!(answers, [1, 2, 3]);
        assert_eq!(obj.join::<u64>().unwrap(), 3);
        assert_stopped(&obj, &r);
    }
);

common::both_languages!(
    a_loop_that_stopped_listening_still_runs_until_it_returns_and_can_be_killed,
    "stepper",
    "stepper",
    |obj| {
        let obj = lingering(obj);
        // Its loop still runs: a join waits, and times out as a join does.
        assert!(matches!(
            obj.join_timeout::<u64>(Duration::from_millis(50)),
            Err(Error::JoinTimeout { .. })
        ));
        obj.kill();
        match obj.join::<u64>() {
            Err(Error::WorkerDied { cause, .. }) => {
                assert_eq!(
                    cause,
                    remoteobj_host::DeathCause::Killed(remoteobj_host::KillReason::Requested)
                );
            }
            other => panic!("{other:?}"),
        }
    }
);

common::both_languages!(
    closing_a_loop_that_stopped_listening_asks_it_to_stop_and_joins_it,
    "stepper",
    "stepper",
    |obj| {
        let obj = lingering(obj);
        // `sleep` returns at the close's stop: the loop returns its hits.
        assert_eq!(obj.close_and_join::<u64>().unwrap(), 0);
    }
);

common::both_languages!(
    a_method_can_end_the_objects_listening_and_still_gets_its_answer,
    "stepper",
    "stepper",
    |obj| {
        let r = obj.proxy();
        // Its loop returns at its limit: from then on requests are answered by
        // `invoke`, as a passive object's are.
        r.set_attr("limit", 1u64).unwrap();
        obj.join::<u64>().unwrap();
        r.attr("end_now").call::<()>(("cancel",)).unwrap();
        assert_stopped(&obj, &r);
    }
);

common::both_languages!(
    a_loop_emits_values_the_host_iterates_then_its_result,
    "stepper",
    "stepper",
    host = common::host().stream_capacity(4),
    |obj| {
        let r = obj.proxy();
        r.set_attr("emit_count", 20u64).unwrap();
        // Nothing taken yet: the loop holds at the capacity, still answering.
        eventually("the stream fills", || {
            r.attr("emitted").get::<u64>().unwrap() == 4
        });
        thread::sleep(Duration::from_millis(100));
        assert_eq!(r.attr("emitted").get::<u64>().unwrap(), 4, "bounded");
        let values: Vec<u64> = obj.stream::<u64>().map(Result::unwrap).collect();
        assert_eq!(values.len(), 20);
        assert!(
            values.windows(2).all(|w| w[0] < w[1]),
            "in order: {values:?}"
        );
        assert_eq!(obj.join::<u64>().unwrap(), 20);
        // A stream taken after the loop's end is empty.
        assert_eq!(obj.stream::<u64>().count(), 0);
    }
);

common::both_languages!(
    a_stream_ends_with_the_loops_error,
    "stepper",
    "stepper",
    |obj| {
        let r = obj.proxy();
        r.set_attr("emit_count", 1000u64).unwrap();
        let mut stream = obj.stream::<u64>();
        let first = stream.next().unwrap().unwrap();
        r.set_attr("fail", "out of paper").unwrap();
        let mut last = first;
        let end = loop {
            match stream.next() {
                Some(Ok(v)) => {
                    assert!(v > last);
                    last = v;
                }
                Some(Err(e)) => break e,
                None => panic!("the stream ended without the loop's error"),
            }
        };
        match end {
            Error::Remote(e) => assert!(e.message.ends_with("out of paper"), "{e}"),
            other => panic!("{other:?}"),
        }
        assert!(stream.next().is_none());
    }
);

common::both_languages!(
    errors_caught_in_the_loop_are_collected_by_group_and_the_loop_goes_on,
    "stepper",
    "stepper",
    |obj| {
        let r = obj.proxy();
        r.attr("record").call::<()>(("init", "bad config")).unwrap();
        r.set_attr("catch_count", 5u64).unwrap();
        eventually("five steps caught their error", || {
            r.attr("catch_count").get::<u64>().unwrap() == 0
        });
        r.attr("record").call::<()>(("finish", "bye")).unwrap();
        // The loop went on.
        let steps: u64 = r.attr("steps").get().unwrap();
        eventually("the loop keeps stepping", || {
            r.attr("steps").get::<u64>().unwrap() > steps
        });
        let caught = obj.caught();
        assert_eq!(caught.groups(), ["init", "process", "finish"]);
        let process = caught.group("process");
        assert_eq!(process.len(), 5);
        assert!(process.iter().all(|e| e.kind == ErrorKind::Index));
        assert!(in_source(&process[0].trace[0]), "{:?}", process[0].trace);
        assert_eq!(caught.group("init")[0].message, "bad config");
        match caught.raise_first() {
            Err(Error::Remote(e)) => assert_eq!(e.message, "bad config"),
            other => panic!("{other:?}"),
        }
        assert_eq!(obj.take_caught().len(), 7);
        assert!(obj.caught().is_empty());
    }
);

common::both_languages!(
    close_and_join_returns_what_the_loop_returned,
    "stepper",
    "stepper",
    |obj| {
        let r = obj.proxy();
        eventually("the loop steps", || {
            r.attr("steps").get::<u64>().unwrap() >= 2
        });
        let steps: u64 = obj.close_and_join().unwrap();
        assert!(steps >= 2);
    }
);

common::both_languages!(
    close_and_join_surfaces_the_loops_error,
    "stepper",
    "stepper",
    |obj| {
        let r = obj.proxy();
        r.set_attr("fail", "disk full").unwrap();
        // The loop took it (and failed) before the close.
        eventually("the loop fails", || {
            r.attr("fail").get::<Option<String>>().unwrap().is_none()
        });
        let e = common::remote_error(obj.close_and_join::<u64>());
        assert!(e.message.ends_with("disk full"), "{e}");
    }
);

#[test]
fn close_and_join_on_a_passive_object_says_there_is_no_loop() {
    let obj = common::spawn("counter");
    assert!(matches!(
        obj.close_and_join::<()>(),
        Err(Error::NoRunLoop { .. })
    ));
}

#[test]
fn a_loop_that_panics_says_where_in_its_trace() {
    let obj = common::spawn("stepper");
    obj.proxy().set_attr("panic", true).unwrap();
    let e = common::remote_error(obj.join::<u64>());
    assert_eq!(e.kind, ErrorKind::Trap);
    // The wasm backtrace, demangled: the loop's own function is in it, and
    // the panic's message and line are on the guest's stderr.
    assert!(
        e.trace.iter().any(|f| f.contains("stepper::run")),
        "{:?}",
        e.trace
    );
    assert!(e.message.contains("asked to panic"), "{}", e.message);
}
