//! Limits per object: memory, time per request and per loop slice, fuel,
//! requests in flight. Each limit hit is its own error kind, comes back to
//! the caller with the trap's message and backtrace, and leaves the host
//! healthy.

use crate::common;

use std::time::{Duration, Instant};

use remoteobj_host::{DeathCause, Error, ErrorKind, Exit, Value};

#[test]
fn a_panic_comes_back_as_a_trap_with_its_message_and_backtrace() {
    let obj = common::spawn("hostile");
    let r = obj.proxy();
    let e = common::remote_error(r.attr("panic").call::<()>(("the sky is falling",)));
    assert_eq!(e.kind, ErrorKind::Trap, "{e}");
    assert!(e.kind.is_trap());
    assert!(e.message.contains("unreachable"), "{e}");
    assert!(e.message.contains("the sky is falling"), "{e}");
    assert!(!e.trace.is_empty(), "no backtrace: {e}");
    assert!(
        e.trace.iter().any(|f| f.contains("panic")),
        "the backtrace does not show the panic: {:?}",
        e.trace
    );
    // Without a restart policy the object is dead, and says of what.
    let again = common::remote_error(r.attr("inc").call::<i64>(()));
    assert_eq!(again.kind, ErrorKind::Trap);
    assert!(again.message.contains("trapped earlier"), "{again}");
    assert!(obj.is_listening(), "the worker itself is fine");
}

/// Whether a frame still carries a symbol hash: a legacy one, mangled
/// (`17h` and 16 hex digits) or demangled without `{:#}` (`::h` and 16 hex
/// digits), or a v0 crate disambiguator demangled without it
/// (`std[1a2b3c4d5e6f7a8b]::`).
fn has_hash(frame: &str) -> bool {
    let legacy = ["17h", "::h"].iter().any(|mark| {
        frame.match_indices(mark).any(|(at, _)| {
            let rest = &frame[at + mark.len()..];
            rest.len() >= 16 && rest[..16].chars().all(|c| c.is_ascii_hexdigit())
        })
    });
    let v0 = frame.split('[').skip(1).any(|rest| {
        rest.split_once(']').is_some_and(|(inside, _)| {
            inside.len() >= 8 && inside.chars().all(|c| c.is_ascii_hexdigit())
        })
    });
    legacy || v0
}

#[test]
fn a_traps_backtrace_names_functions_as_rust_writes_them() {
    let obj = common::spawn("hostile");
    let e = common::remote_error(obj.proxy().attr("panic").call::<()>(("demangled",)));
    assert!(
        e.trace.iter().any(|f| f.contains("::")),
        "no Rust path in the backtrace: {:?}",
        e.trace
    );
    for frame in &e.trace {
        assert!(
            !frame.starts_with("_ZN") && !frame.starts_with("_R"),
            "a mangled name: {frame} in {:?}",
            e.trace
        );
        assert!(!has_hash(frame), "a symbol hash: {frame} in {:?}", e.trace);
    }
}

common::both_languages!(
    a_guest_that_allocates_without_end_hits_the_memory_limit,
    "hostile",
    "hostile",
    host = common::host().memory_limit(64 * 1024 * 1024),
    |obj| {
        let r = obj.proxy();
        // Under the limit is fine.
        assert_eq!(r.attr("allocate").call::<u64>((16,)).unwrap(), 16);
        let e = common::remote_error(r.attr("hog").call::<u64>((4,)));
        assert_eq!(e.kind, ErrorKind::MemoryLimit, "{e}");
        assert!(e.message.contains("67108864"), "{e}");
        assert!(!e.trace.is_empty(), "no backtrace: {e}");
        let again = common::remote_error(r.attr("inc").call::<i64>(()));
        assert_eq!(again.kind, ErrorKind::MemoryLimit, "{again}");
    }
);

#[test]
fn a_memory_limit_below_what_the_guest_starts_with_fails_the_load() {
    let err = common::host()
        .memory_limit(64 * 1024)
        .spawn(common::guest("hostile"))
        .unwrap_err();
    match &err {
        Error::LoadFailed { message, .. } => assert!(message.contains("memory limit"), "{message}"),
        other => panic!("{other}"),
    }
}

#[test]
fn a_table_limit_below_what_the_guest_starts_with_fails_the_load() {
    // A Rust guest cannot grow a table at run time, but instantiating it
    // grows its function table from nothing: the same limiter says no.
    let err = common::host()
        .limits(remoteobj_host::Limits {
            table_elements: 1,
            ..Default::default()
        })
        .spawn(common::guest("hostile"))
        .unwrap_err();
    match &err {
        Error::LoadFailed { message, .. } => {
            assert!(message.contains("table limit exceeded"), "{message}");
            assert!(message.contains("over the limit of 1"), "{message}");
        }
        other => panic!("{other}"),
    }
}

common::both_languages!(
    a_request_that_never_returns_hits_the_time_limit,
    "hostile",
    "hostile",
    host = common::host().call_time_limit(Duration::from_millis(300)),
    |obj| {
        let r = obj.proxy();
        let start = Instant::now();
        let e = common::remote_error(r.attr("spin").call::<u64>(()));
        assert_eq!(e.kind, ErrorKind::TimeLimit, "{e}");
        assert!(e.message.contains("300ms"), "{e}");
        assert!(!e.trace.is_empty(), "no backtrace: {e}");
        // Not a figure to hold the machine to: the limit worked if the call
        // ended long before the 60 s request timeout.
        assert!(start.elapsed() < Duration::from_secs(50));
    }
);

#[test]
fn a_request_cannot_escape_its_time_limit_by_calling_into_the_host() {
    let obj = common::spawn_with(
        common::host()
            .call_time_limit(Duration::from_millis(300))
            .restart_policy(remoteobj_host::RestartPolicy::OnTrap {
                max_restarts: 2,
                backoff: Duration::ZERO,
            }),
        "hostile",
    );
    let r = obj.proxy();
    // should_stop() over and over, and a method that sleeps serving other
    // requests for ever: both are one request, timed as a whole.
    for method in ["dodge", "doze"] {
        let e = common::remote_error(r.attr(method).call::<()>(()));
        assert_eq!(e.kind, ErrorKind::TimeLimit, "{method}: {e}");
        assert!(e.message.contains("the request ran for more than"), "{e}");
    }
    // The fresh instance answers (and the restart was reported before it).
    assert_eq!(r.attr("inc").call::<i64>(()).unwrap(), 1);
    assert_eq!(obj.restarts(), 2);
}

#[test]
fn a_request_stuck_in_a_host_call_past_its_limit_ends_the_worker() {
    // A WASI sleep cannot be interrupted: the worker gives up on it.
    let obj = common::spawn_with(
        common::host().call_time_limit(Duration::from_millis(300)),
        "hostile",
    );
    let start = Instant::now();
    match obj.proxy().attr("nap").call::<u64>((120_000,)) {
        Err(Error::WorkerDied {
            cause: DeathCause::Fatal(why),
            exit: Some(Exit::Code(3)),
            ..
        }) => {
            assert!(why.contains("blocked in a host call"), "{why}");
            assert!(why.contains("300ms"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        start.elapsed() < Duration::from_secs(50),
        "{:?}",
        start.elapsed()
    );
    assert!(!obj.is_listening());
}

#[test]
fn a_loop_that_never_reaches_a_cooperative_point_hits_the_loop_slice_limit() {
    let obj = common::spawn_with(
        common::host().loop_slice_limit(Duration::from_millis(300)),
        "stepper",
    );
    let r = obj.proxy();
    // Computes for 60 s without serving anything.
    r.attr("busy").call::<()>((60_000,)).unwrap();
    match obj.join_timeout::<Value>(Duration::from_secs(50)) {
        Err(Error::Remote(e)) => {
            assert_eq!(e.kind, ErrorKind::TimeLimit, "{e}");
            assert!(e.message.contains("the object's loop"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_cooperative_loop_runs_past_its_slice_limit() {
    // The slice is between cooperative points, not the loop's whole life.
    let obj = common::spawn_with(
        common::host().loop_slice_limit(Duration::from_secs(1)),
        "stepper",
    );
    std::thread::sleep(Duration::from_millis(2500));
    let steps: u64 = obj.proxy().attr("steps").get().unwrap();
    assert!(steps > 0);
    obj.stop().unwrap();
    assert!(obj.join::<u64>().unwrap() >= steps);
}

#[test]
fn a_loop_waiting_for_requests_longer_than_its_slice_is_not_charged_for_it() {
    let obj = common::spawn_with(
        common::host().loop_slice_limit(Duration::from_millis(300)),
        "stepper",
    );
    let r = obj.proxy();
    // Each step now sleeps (serving requests) for 1 s, over the slice.
    r.set_attr("nap_ms", 1000).unwrap();
    let steps: u64 = r.attr("steps").get().unwrap();
    let start = Instant::now();
    while r.attr("steps").get::<u64>().unwrap() < steps + 3 {
        assert!(start.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(50));
    }
    obj.stop().unwrap();
    assert!(obj.join::<u64>().unwrap() >= steps + 3);
}

#[test]
fn fuel_bounds_each_request() {
    const FUEL: u64 = 20_000_000;
    let obj = common::spawn_with(
        common::host()
            .fuel(Some(FUEL))
            .restart_policy(remoteobj_host::RestartPolicy::OnTrap {
                max_restarts: 2,
                backoff: Duration::ZERO,
            }),
        "hostile",
    );
    let r = obj.proxy();
    let e = common::remote_error(r.attr("spin").call::<u64>(()));
    assert_eq!(e.kind, ErrorKind::FuelExhausted, "{e}");
    assert!(e.message.contains("20000000"), "{e}");
    // Find the work that runs out of fuel: half of it costs more than half
    // the budget, so three such requests in a row only pass if each gets
    // its own budget.
    let mut n = 1024u64;
    loop {
        match r.attr("work").call::<u64>((n,)) {
            Ok(_) => n *= 2,
            Err(Error::Remote(e)) if e.kind == ErrorKind::FuelExhausted => break,
            other => panic!("{other:?}"),
        }
        assert!(n < 1 << 40, "work({n}) never ran out of fuel");
    }
    for _ in 0..3 {
        assert_eq!(r.attr("work").call::<u64>((n / 2,)).unwrap(), n / 2);
    }
    assert_eq!(obj.restarts(), 2);
}

#[test]
fn requests_past_the_pending_limit_fail_at_once_and_are_not_sent() {
    let obj = common::spawn_with(common::host().max_pending(2), "stepper");
    let r = obj.proxy();
    // The loop works for 4 s right after answering `block` (in "yield"
    // mode): two requests wait for it, a third is refused.
    r.set_attr("mode", "yield").unwrap();
    let steps: u64 = r.attr("steps").get().unwrap();
    while r.attr("steps").get::<u64>().unwrap() < steps + 2 {}
    r.attr("block").call::<()>((4_000,)).unwrap();
    let waiting: Vec<_> = (0..2)
        .map(|_| {
            let r = r.clone();
            std::thread::spawn(move || r.attr("hit").call::<u64>(()))
        })
        .collect();
    let start = Instant::now();
    while obj.pending_requests() < 2 {
        assert!(start.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(5));
    }
    match r.attr("hit").call::<u64>(()) {
        Err(Error::TooManyPending { limit: 2, .. }) => {}
        other => panic!("{other:?}"),
    }
    let mut hits: Vec<u64> = waiting
        .into_iter()
        .map(|t| t.join().unwrap().unwrap())
        .collect();
    hits.sort();
    assert_eq!(hits, vec![1, 2], "the refused request never ran");
    assert_eq!(r.attr("hits").get::<u64>().unwrap(), 2);
}
