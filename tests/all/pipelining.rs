//! Pipelining, batches, fire-and-forget and the spinning wait mode, end to
//! end on real workers.

use crate::common;

use std::time::Duration;

use remoteobj_host::{Error, ErrorKind, Value, WaitMode};

#[test]
fn pending_replies_are_answered_whatever_the_order_they_are_awaited_in() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let x = r.attr("x");
    let mut pending = Vec::new();
    for i in 0..100i64 {
        r.set_attr_later("x", i).unwrap().wait().unwrap();
        pending.push((i, x.get_later::<i64>().unwrap()));
    }
    // Waited in reverse: each still gets its own answer.
    for (i, p) in pending.into_iter().rev() {
        assert_eq!(p.wait().unwrap(), i);
    }
    let failing = r.attr("div").call_later::<i64>((0,)).unwrap();
    let fine = r.attr("div").call_later::<i64>((1,)).unwrap();
    let e = common::remote_error(failing.wait());
    assert_eq!(e.kind, ErrorKind::Value);
    assert_eq!(fine.wait().unwrap(), 99);
    assert_eq!(obj.pending_requests(), 0);
}

#[test]
fn thousands_of_answers_nobody_waits_for_yet_are_read_as_they_come() {
    // 20,000 requests sent before any is waited for: their answers are read
    // off the pipe as they come, by the reader thread since no caller
    // reads, and all of them at once (one per turn would take a minute).
    let host = common::host().max_pending(20_000);
    let obj = common::spawn_with(host, "counter");
    let r = obj.proxy();
    r.set_attr("x", 7i64).unwrap();
    let x = r.attr("x");
    let pending: Vec<_> = (0..20_000).map(|_| x.get_later::<i64>().unwrap()).collect();
    common::eventually("every answer is in", || obj.pending_requests() == 0);
    for p in pending {
        assert_eq!(p.wait().unwrap(), 7);
    }
}

#[test]
fn a_dropped_pending_reply_abandons_the_answer_not_the_request() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    for _ in 0..10 {
        drop(r.attr("inc").call_later::<()>(()).unwrap());
    }
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 10);
    assert_eq!(obj.pending_requests(), 0);
}

#[test]
fn fire_and_forget_writes_run_in_order_and_a_failure_does_not_disturb_the_rest() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    for i in 0..1000 {
        r.set_attr_nowait("x", i).unwrap();
    }
    // Fails in the guest: logged by the host, nothing else happens.
    r.attr("div").call_nowait((0,)).unwrap();
    r.attr("inc").call_nowait(()).unwrap();
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 1000);
    obj.kill();
    assert!(matches!(
        r.set_attr_nowait("x", 1),
        Err(Error::WorkerDied { .. })
    ));
}

#[test]
fn a_batch_answers_each_op_in_order_with_its_own_result() {
    let obj = common::spawn("counter");
    let other = common::spawn("counter");
    let r = obj.proxy();
    let mut batch = obj.batch();
    batch
        .get(&r.attr("x"))
        .call(&r.attr("inc"), ())
        .get(&r.attr("missing"))
        .set_attr(&r, "x", 41)
        .call(&r.attr("inc"), ())
        .get(&other.proxy().attr("x"))
        .set_item(&r.attr("another"), 0, 1)
        .get(&r.attr("x"));
    assert_eq!(batch.len(), 8);
    let results = batch.run().unwrap();
    assert!(batch.is_empty(), "running a batch empties it");
    assert_eq!(results.len(), 8);
    assert_eq!(results[0].as_ref().unwrap(), &Value::from(0));
    assert_eq!(results[1].as_ref().unwrap(), &Value::Null);
    match &results[2] {
        Err(Error::Remote(e)) => assert_eq!(e.kind, ErrorKind::Attribute),
        other => panic!("{other:?}"),
    }
    assert_eq!(results[3].as_ref().unwrap(), &Value::Null);
    assert!(
        matches!(&results[5], Err(Error::InvalidPath { message, .. }) if message.contains("another object")),
        "{:?}",
        results[5]
    );
    match &results[6] {
        Err(Error::Remote(e)) => assert_eq!(e.kind, ErrorKind::Index),
        other => panic!("{other:?}"),
    }
    assert_eq!(results[7].as_ref().unwrap(), &Value::from(42));
    assert!(obj.batch().run().unwrap().is_empty());
    obj.close();
    let mut late = other.batch();
    other.close();
    late.get(&r.attr("x"));
    assert!(late.run().unwrap()[0].is_err());
}

#[test]
fn a_batch_on_a_closed_object_fails_as_a_whole() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let mut batch = r.batch();
    batch.get(&r.attr("x")).get(&r.attr("x"));
    obj.kill();
    assert!(matches!(batch.run(), Err(Error::WorkerDied { .. })));
}

#[test]
fn an_active_objects_loop_serves_batches_and_posts() {
    let obj = common::spawn("toggler");
    let r = obj.proxy();
    r.attr("inc").call_nowait(()).unwrap();
    let mut batch = obj.batch();
    batch
        .call(&r.attr("toggle"), (false,))
        .get(&r.attr("is_on"))
        .get(&r.attr("nope"));
    let results = batch.run().unwrap();
    assert_eq!(results[1].as_ref().unwrap(), &Value::Bool(false));
    assert!(results[2].is_err());
    obj.stop().unwrap();
    obj.join_timeout::<i64>(Duration::from_secs(30)).unwrap();
}

#[test]
fn the_spinning_wait_mode_answers_and_burns_no_cpu_once_idle() {
    let obj = common::spawn_with(
        common::host().wait_mode(WaitMode::Spin(Duration::from_micros(200))),
        "counter",
    );
    let r = obj.proxy();
    for i in 0..500 {
        r.set_attr("x", i).unwrap();
        assert_eq!(r.attr("x").get::<i64>().unwrap(), i);
    }
    let pending: Vec<_> = (0..200)
        .map(|_| r.attr("x").get_later::<i64>().unwrap())
        .collect();
    for p in pending {
        assert_eq!(p.wait().unwrap(), 499);
    }
    // Idle: both of the worker's waiting threads block after their window.
    std::thread::sleep(Duration::from_millis(100));
    let before = cpu_ticks(obj.pid());
    std::thread::sleep(Duration::from_millis(1000));
    let used = cpu_ticks(obj.pid()) - before;
    // A thread spinning for ever would use about 100 ticks a second.
    assert!(
        used < 20,
        "an idle worker used {used} clock ticks in a second"
    );
}

/// User plus system CPU time of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name in parentheses: fields 14 and 15 (utime, stime).
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}
