//! Active objects: a guest that runs its own loop and answers the host at
//! its cooperative points. Python remoteobj's Full Example (toggler), stop and join,
//! a loop's error and trap, requests that wait for the loop, timeouts that
//! withdraw them, closing with pending requests fulfilled or cancelled.
//! The tests made with `both_languages!` run on the Python toggler and
//! stepper too (guests/python).

use crate::common;

use std::{
    thread,
    time::{Duration, Instant},
};

use remoteobj_host::{
    DeathCause, Error, ErrorKind, Exit, KillReason, Pending, Proxy, RemoteObject, Unavailable,
    Value,
};

fn x(r: &Proxy) -> i64 {
    r.attr("x").get().unwrap()
}

/// `obj`, a stepper, once its loop answers at `yield_now` (one request per
/// step), so a `block(ms)` it answered is the next thing it does.
fn yielding(obj: RemoteObject) -> RemoteObject {
    common::in_mode(obj, "yield")
}

// Python remoteobj's Full Example: the host switches the object on and
// off while its own loop runs.
common::both_languages!(
    toggler_counts_while_on_and_stays_put_while_off,
    "toggler",
    "toggler",
    |obj| {
        assert!(obj.describe().unwrap().active);
        let r = obj.proxy();
        for cycle in 0..3 {
            r.attr("toggle").call::<()>((true,)).unwrap();
            let on = x(&r);
            common::eventually(&format!("x grows while on (cycle {cycle})"), || x(&r) > on);
            r.attr("toggle").call::<()>((false,)).unwrap();
            let off = x(&r);
            let steps: u64 = r.attr("steps").get().unwrap();
            // The loop goes on stepping, but no step counts while off.
            common::eventually("the loop keeps stepping while off", || {
                r.attr("steps").get::<u64>().unwrap() > steps + 3
            });
            assert_eq!(x(&r), off, "x changed while off (cycle {cycle})");
        }
        obj.stop().unwrap();
        let joined: i64 = obj.join().unwrap();
        assert_eq!(joined, x(&r), "join gets what the loop returned: x");
    }
);

common::both_languages!(
    after_stop_and_join_the_object_stays_reachable,
    "toggler",
    "toggler",
    |obj| {
        let r = obj.proxy();
        r.set_attr("x", 41).unwrap();
        obj.stop().unwrap();
        assert_eq!(obj.join::<i64>().unwrap(), 41);
        // No loop any more: requests are answered as they come.
        r.attr("inc").call::<()>(()).unwrap();
        r.attr("toggle").call::<()>((true,)).unwrap();
        let steps: u64 = r.attr("steps").get().unwrap();
        thread::sleep(Duration::from_millis(50));
        assert_eq!(x(&r), 42, "nothing counts once the loop has ended");
        assert_eq!(r.attr("steps").get::<u64>().unwrap(), steps);
        // Joining again gives the same result; stopping again changes nothing.
        obj.stop().unwrap();
        assert_eq!(obj.join::<i64>().unwrap(), 41);
        assert!(
            obj.describe().unwrap().active,
            "the schema says it has a loop of its own"
        );
    }
);

common::both_languages!(
    join_timeout_leaves_the_loop_running,
    "toggler",
    "toggler",
    |obj| {
        match obj.join_timeout::<i64>(Duration::from_millis(100)) {
            Err(Error::JoinTimeout { object, after }) => {
                assert_eq!(object, "toggler");
                assert_eq!(after, Duration::from_millis(100));
            }
            other => panic!("{other:?}"),
        }
        let r = obj.proxy();
        let steps: u64 = r.attr("steps").get().unwrap();
        common::eventually("the loop still steps", || {
            r.attr("steps").get::<u64>().unwrap() > steps
        });
    }
);

common::both_languages!(
    a_loop_that_ends_by_itself_is_joined_without_stop,
    "stepper",
    "stepper",
    |obj| {
        let r = obj.proxy();
        // The loop may be past 5 steps already when this arrives: it then ends
        // at its next step.
        r.set_attr("limit", 5).unwrap();
        let steps: u64 = obj.join().unwrap();
        assert!(steps >= 5, "{steps}");
        assert_eq!(r.attr("steps").get::<u64>().unwrap(), steps);
        assert_eq!(r.attr("hit").call::<u64>(()).unwrap(), 1);
    }
);

#[test]
fn join_on_a_passive_object_says_there_is_no_loop() {
    let obj = common::spawn("counter");
    match obj.join::<Value>() {
        Err(Error::NoRunLoop { object }) => assert_eq!(object, "counter"),
        other => panic!("{other:?}"),
    }
    assert!(!obj.describe().unwrap().active);
    // stop is harmless on a passive object.
    obj.stop().unwrap();
    obj.proxy().attr("inc").call::<()>(()).unwrap();
}

common::both_languages!(
    a_loop_that_fails_gives_its_error_to_join,
    "stepper",
    "stepper",
    |obj| {
        let r = obj.proxy();
        r.set_attr("fail", "the sensor went away").unwrap();
        match obj.join::<u64>() {
            Err(Error::Remote(e)) => {
                assert_eq!(e.kind, ErrorKind::Runtime);
                assert_eq!(e.type_name, "Stepper");
                // Python's names its class: "RuntimeError: the sensor went away".
                assert!(e.message.ends_with("the sensor went away"), "{e}");
                assert_eq!(
                    e.trace.last().map(String::as_str),
                    Some("run(Stepper)"),
                    "{e}"
                );
            }
            other => panic!("{other:?}"),
        }
        // The object is still there, with the state the loop left.
        assert!(r.attr("steps").get::<u64>().unwrap() >= 1);
        assert_eq!(r.attr("fail").get::<Option<String>>().unwrap(), None);
    }
);

#[test]
fn a_loop_that_panics_traps_and_poisons_the_object() {
    let obj = common::spawn("stepper");
    let r = obj.proxy();
    r.set_attr("panic", true).unwrap();
    match obj.join::<u64>() {
        Err(Error::Remote(e)) => {
            assert_eq!(e.kind, ErrorKind::Trap, "{e}");
            assert!(!e.trace.is_empty(), "a wasm backtrace: {e}");
        }
        other => panic!("{other:?}"),
    }
    match r.attr("steps").get::<u64>() {
        Err(Error::Remote(e)) => {
            assert_eq!(e.kind, ErrorKind::Trap);
            assert!(e.message.contains("trapped earlier"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_request_that_traps_inside_the_loop_gets_the_trap_as_its_answer() {
    let obj = common::spawn("stepper");
    let r = obj.proxy();
    // Answered (with the trap), not left to time out.
    match r
        .with_timeout(Duration::from_secs(60))
        .attr("crash")
        .call::<()>(())
    {
        Err(Error::Remote(e)) => {
            assert_eq!(e.kind, ErrorKind::Trap, "{e}");
        }
        other => panic!("{other:?}"),
    }
    match obj.join::<u64>() {
        Err(Error::Remote(e)) => assert_eq!(e.kind, ErrorKind::Trap, "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_trap_inside_a_method_that_serves_requests_answers_them_all() {
    let obj = common::spawn("stepper");
    let r = obj.proxy();
    // The loop ends by itself (after a stop, `sleep` would return at once).
    r.set_attr("limit", 1).unwrap();
    obj.join::<u64>().unwrap();
    // serve_for() answers requests from inside a call.
    let outer = {
        let r = r.clone();
        thread::spawn(move || r.attr("serve_for").call::<()>((60_000,)))
    };
    common::eventually("serve_for() is sent", || obj.pending_requests() == 1);
    assert_eq!(r.attr("hit").call::<u64>(()).unwrap(), 1, "answered inside");
    let quick = r.with_timeout(Duration::from_secs(20));
    for result in [quick.attr("crash").call::<()>(()), outer.join().unwrap()] {
        match result {
            Err(Error::Remote(e)) => assert_eq!(e.kind, ErrorKind::Trap, "{e}"),
            other => panic!("{other:?}"),
        }
    }
}

common::both_languages!(
    a_loop_result_over_the_frame_limit_is_an_error_for_join_only,
    "stepper",
    "stepper",
    host = common::host().max_frame(64 * 1024),
    |obj| {
        let r = obj.proxy();
        r.set_attr("return_bytes", 100_000).unwrap();
        obj.stop().unwrap();
        match obj.join::<Value>() {
            Err(Error::Remote(e)) => {
                assert_eq!(e.kind, ErrorKind::FrameLimit);
                assert!(e.message.contains("frame limit"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.attr("hit").call::<u64>(()).unwrap(), 1, "still answers");
    }
);

common::both_languages!(
    kill_frees_a_thread_blocked_in_join,
    "toggler",
    "toggler",
    |obj| {
        let obj = std::sync::Arc::new(obj);
        let joiner = {
            let obj = obj.clone();
            thread::spawn(move || obj.join::<i64>())
        };
        thread::sleep(Duration::from_millis(300));
        assert!(!joiner.is_finished(), "join waits while the loop runs");
        obj.kill();
        match joiner.join().unwrap() {
            Err(Error::WorkerDied {
                cause: DeathCause::Killed(KillReason::Requested),
                exit: Some(Exit::Signal(9)),
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        let pid = obj.pid();
        drop(obj);
        assert!(!common::process_exists(pid));
    }
);

common::both_languages!(
    every_cooperative_point_answers_requests,
    "stepper",
    "stepper",
    |obj| {
        let mut obj = obj;
        let mut hits = 0u64;
        for mode in ["sleep", "yield", "process"] {
            obj = common::in_mode(obj, mode);
            let r = obj.proxy();
            for _ in 0..20 {
                hits += 1;
                assert_eq!(r.attr("hit").call::<u64>(()).unwrap(), hits, "{mode}");
            }
        }
        assert!(obj.proxy().attr("processed").get::<u64>().unwrap() > 0);
        obj.stop().unwrap();
        let steps: u64 = obj.join().unwrap();
        assert!(steps >= 6, "{steps}");
    }
);

common::both_languages!(
    a_request_waits_for_the_next_cooperative_point,
    "stepper",
    "stepper",
    |obj| {
        let obj = yielding(obj);
        let r = obj.proxy();
        // After answering block(), the loop's next step works for 400 ms
        // without answering anything: the request sent now waits for it.
        let t = Instant::now();
        r.attr("block").call::<()>((400,)).unwrap();
        assert_eq!(r.attr("hit").call::<u64>(()).unwrap(), 1);
        // A lower bound the guest imposes, not a measure of the machine's
        // speed: the loop cannot answer before its blocked step has ended.
        assert!(
            t.elapsed() >= Duration::from_millis(400),
            "{:?}",
            t.elapsed()
        );
    }
);

common::both_languages!(
    a_timed_out_request_is_withdrawn_and_the_object_lives_on,
    "stepper",
    "stepper",
    |obj| {
        let obj = yielding(obj);
        let r = obj.proxy();
        // Long enough for the withdrawal to reach the worker before the loop
        // is back, however loaded the machine.
        r.attr("block").call::<()>((4000,)).unwrap();
        match r
            .with_timeout(Duration::from_millis(100))
            .attr("hit")
            .call::<u64>(())
        {
            Err(Error::Timeout { after, .. }) => assert_eq!(after, Duration::from_millis(100)),
            other => panic!("{other:?}"),
        }
        // Once the loop is back, the withdrawn hit() has not run.
        assert_eq!(r.attr("hits").get::<u64>().unwrap(), 0);
        assert_eq!(r.attr("hit").call::<u64>(()).unwrap(), 1);
        assert!(obj.is_listening());
    }
);

#[test]
fn kill_on_timeout_kills_the_worker_and_says_why() {
    let obj = common::stepper(common::host().kill_on_timeout(true), "yield");
    let pid = obj.pid();
    let r = obj.proxy();
    r.attr("block").call::<()>((30_000,)).unwrap();
    assert!(matches!(
        r.with_timeout(Duration::from_millis(100))
            .attr("hit")
            .call::<u64>(()),
        Err(Error::Timeout { .. })
    ));
    match r.attr("hits").get::<u64>() {
        Err(
            e @ Error::WorkerDied {
                cause: DeathCause::Killed(KillReason::Timeout(_)),
                ..
            },
        ) => assert!(e.to_string().contains("kill_on_timeout"), "{e}"),
        other => panic!("{other:?}"),
    }
    common::eventually("the worker is reaped", || !common::process_exists(pid));
    assert!(matches!(obj.join::<u64>(), Err(Error::WorkerDied { .. })));
}

/// Starts `hit()` on another thread and returns once it is in flight.
fn hit_in_background(obj: &RemoteObject) -> thread::JoinHandle<Result<u64, Error>> {
    let r = obj.proxy();
    let before = obj.pending_requests();
    let handle = thread::spawn(move || r.attr("hit").call::<u64>(()));
    // Sent, or (on a very slow machine) already answered.
    common::eventually("the request is sent", || {
        obj.pending_requests() > before || handle.is_finished()
    });
    handle
}

// A generous grace period: on a loaded machine the blocked step and the
// exit after it may take a while, and fulfilling must not depend on it.
common::both_languages!(
    closing_fulfils_pending_requests_by_default,
    "stepper",
    "stepper",
    host = common::host().close_grace(Duration::from_secs(30)),
    |obj| {
        let obj = yielding(obj);
        obj.proxy().attr("block").call::<()>((500,)).unwrap();
        let pending = hit_in_background(&obj);
        let pid = obj.pid();
        obj.close();
        assert_eq!(
            pending.join().unwrap().unwrap(),
            1,
            "answered before the exit"
        );
        assert!(!common::process_exists(pid));
    }
);

common::both_languages!(
    closing_with_cancel_fails_pending_requests_at_once,
    "stepper",
    "stepper",
    |obj| {
        let obj = yielding(obj);
        obj.proxy().attr("block").call::<()>((60_000,)).unwrap();
        let pending = hit_in_background(&obj);
        let r = obj.proxy();
        let pid = obj.pid();
        obj.close_with(Pending::Cancel);
        match pending.join().unwrap() {
            Err(e @ Error::Cancelled { .. }) => {
                assert!(e.is_unavailable(), "a default stands in for it");
                let Error::Cancelled { object, reason } = e else {
                    unreachable!()
                };
                assert_eq!(object, "stepper");
                assert!(reason.contains("Pending::Cancel"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert!(!common::process_exists(pid));
        // Closed: a default stands in.
        assert_eq!(r.attr("hits").get_or(-1i64).unwrap(), -1);
    }
);

common::both_languages!(
    closing_a_loop_that_never_yields_cancels_after_the_grace_period,
    "stepper",
    "stepper",
    host = common::host()
        .close_grace(Duration::from_millis(300))
        .pending_on_close(Pending::Fulfill),
    |obj| {
        let obj = yielding(obj);
        obj.proxy().attr("block").call::<()>((60_000,)).unwrap();
        let pending = hit_in_background(&obj);
        let pid = obj.pid();
        obj.close();
        match pending.join().unwrap() {
            Err(Error::Cancelled { reason, .. }) => {
                assert!(reason.contains("closed before it answered"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        assert!(!common::process_exists(pid), "killed and reaped");
    }
);

common::both_languages!(
    a_worker_killed_while_its_loop_runs_fails_join_at_once,
    "toggler",
    "toggler",
    |obj| {
        common::kill9(obj.pid());
        match obj.join::<i64>() {
            Err(
                e @ Error::WorkerDied {
                    cause: DeathCause::Ended,
                    exit: Some(Exit::Signal(9)),
                    ..
                },
            ) => assert!(e.to_string().contains("SIGKILL"), "{e}"),
            other => panic!("{other:?}"),
        }
    }
);

#[test]
fn defaults_before_listening_and_after_close_say_which() {
    let obj = common::host()
        .start_named("toggler", common::guest("toggler"))
        .unwrap();
    let r = obj.proxy();
    // Right after start the worker is still loading its component.
    if !obj.is_listening() {
        match r.attr("x").get::<i64>() {
            Err(Error::NotListening {
                state: Unavailable::Starting,
                ..
            }) => {}
            Ok(_) => {} // it was quick
            Err(other) => panic!("{other:?}"),
        }
    }
    obj.wait_until_listening(Duration::from_secs(60)).unwrap();
    assert_eq!(r.attr("x").get_or(-1i64).unwrap(), 0);
    obj.close();
    assert_eq!(r.attr("x").get_or(-1i64).unwrap(), -1);
    match r.attr("x").get::<i64>() {
        Err(Error::NotListening {
            state: Unavailable::Closed,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

common::both_languages!(
    many_threads_share_a_running_object_without_crossed_replies,
    "stepper",
    "stepper",
    |obj| {
        let r = obj.proxy();
        let threads: Vec<_> = (0..6)
            .map(|t| {
                let r = r.clone();
                thread::spawn(move || {
                    for i in 0..200 {
                        let tag = format!("thread {t} call {i}");
                        let back: String = r.attr("echo").call((tag.as_str(),)).unwrap();
                        assert_eq!(back, tag);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(r.attr("steps").get::<u64>().unwrap() >= 1, "the loop ran");
        obj.stop().unwrap();
        obj.join::<u64>().unwrap();
    }
);
