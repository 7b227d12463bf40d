//! The async API under tokio: many requests from many tasks on one object,
//! futures dropped before their answer (withdrawn, never run), timeouts,
//! and the object's own async operations. The library needs no runtime;
//! tokio is only the one these tests run on.

use std::{
    future::Future,
    pin::pin,
    task::{Context, Waker},
    time::Duration,
};

use remoteobj_host::{Args, Error, Resolved};

use crate::common;

/// A multi-threaded tokio runtime with timers.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_time()
        .build()
        .expect("a tokio runtime")
}

const TASKS: i64 = 10_000;

#[test]
fn ten_thousand_concurrent_requests_from_tasks_each_get_their_own_answer() {
    let obj = common::spawn_with(common::host().max_pending(2 * TASKS as usize), "counter");
    let r = obj.proxy();
    let big: i64 = 1 << 40;
    r.set_attr("x", big).unwrap();
    runtime().block_on(async {
        let tasks: Vec<_> = (1..=TASKS)
            .map(|by| {
                let r = r.clone();
                tokio::spawn(async move {
                    // Each answer depends on its own argument: one delivered
                    // to another task would not match.
                    let got: i64 = r.attr("div").call_async((by,)).await?;
                    Ok::<_, Error>((by, got))
                })
            })
            .collect();
        let mut checked = 0;
        for task in tasks {
            let (by, got) = task.await.expect("the task ran").expect("the request");
            assert_eq!(got, big / by, "div({by})");
            checked += 1;
        }
        assert_eq!(checked, TASKS);
    });
    assert_eq!(obj.pending_requests(), 0);
}

#[test]
fn the_proxys_requests_have_async_forms() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    runtime().block_on(async {
        r.attr("inc").call_async::<()>(()).await.unwrap();
        assert_eq!(r.attr("x").get_async::<i64>().await.unwrap(), 1);
        r.set_attr_async("x", 41).await.unwrap();
        let chained = r.attr("chain").call_chain_async(()).await.unwrap();
        assert_eq!(chained.attr("x").get_async::<i64>().await.unwrap(), 42);
        r.attr("toggle")
            .call_async::<()>(Args::new().kwarg("state", true))
            .await
            .unwrap();
        assert!(r.attr("is_on").get_async::<bool>().await.unwrap());
        let another = r.attr("another");
        another.attr("append").call_async::<()>((6,)).await.unwrap();
        another.set_item_async(0, 7).await.unwrap();
        assert_eq!(another.len_async().await.unwrap(), 1);
        assert!(another.contains_async(7).await.unwrap());
        another.del_item_async(0).await.unwrap();
        assert_eq!(another.len_async().await.unwrap(), 0);
        r.set_attr_async("extra", "here").await.unwrap();
        r.del_attr_async("extra").await.unwrap();
        let text: String = r.passto_async("str", ()).await.unwrap();
        assert!(!text.is_empty());
        assert!(matches!(
            r.attr("x").resolve_async().await.unwrap(),
            Resolved::Value(_)
        ));
        assert!(r.value_async().await.is_ok());
        let schema = obj.describe_async().await.unwrap();
        assert_eq!(schema.type_name, "Counter");
        // A guest error comes back as the blocking op's would.
        let e = r.attr("nope").get_async::<i64>().await.unwrap_err();
        assert!(matches!(e, Error::Remote(_)), "{e}");
        let pending = r.attr("x").get_later::<i64>().unwrap();
        assert_eq!(pending.await.unwrap(), 42);
        // Arguments are encoded when the op is called: the future borrows
        // nothing and can be spawned.
        let text = String::from("borrowed");
        let measured = tokio::spawn(r.attr("measure").call_async::<usize>((text.as_str(),)));
        drop(text);
        assert_eq!(measured.await.unwrap().unwrap(), 8);
    });
    let x = r.attr("x");
    obj.close();
    let got = runtime().block_on(x.get_or_async(-1i64)).unwrap();
    assert_eq!(got, -1, "the default once the object is gone");
}

#[test]
fn a_burst_of_dropped_futures_leaves_no_pending_request_and_none_runs() {
    let obj = common::spawn_with(common::host().max_pending(4096), "hostile");
    let r = obj.proxy();
    let rt = runtime();
    // The worker is busy with this nap while the burst arrives behind it.
    let nap = rt.spawn(r.attr("nap").call_async::<u64>((500,)));
    while obj.pending_requests() == 0 {
        std::thread::sleep(Duration::from_millis(1));
    }
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        let mut inc = pin!(r.attr("inc").call_async::<i64>(()));
        // Sent at its first poll; no answer can be in behind the nap.
        assert!(inc.as_mut().poll(&mut cx).is_pending());
        // Dropped here: withdrawn.
    }
    assert_eq!(obj.pending_requests(), 1, "only the nap is still pending");
    assert_eq!(rt.block_on(nap).unwrap().unwrap(), 500);
    assert_eq!(obj.pending_requests(), 0);
    // None of the thousand ran: this is the first increment.
    assert_eq!(r.attr("inc").call::<i64>(()).unwrap(), 1);
}

#[test]
fn an_awaited_request_times_out_and_is_withdrawn() {
    let obj = common::spawn("hostile");
    let r = obj.proxy();
    runtime().block_on(async {
        let slow = r.with_timeout(Duration::from_millis(200));
        let e = slow
            .attr("nap")
            .call_async::<u64>((1500,))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Timeout { .. }), "{e}");
        // Queued behind the nap, then timed out: withdrawn, never run.
        let e = slow.attr("inc").call_async::<i64>(()).await.unwrap_err();
        assert!(matches!(e, Error::Timeout { .. }), "{e}");
        assert_eq!(r.attr("inc").call_async::<i64>(()).await.unwrap(), 1);
    });
    assert_eq!(obj.pending_requests(), 0);
}

#[test]
fn objects_start_join_and_close_from_async_code() {
    let host = common::host();
    runtime().block_on(async {
        let obj = host.spawn_async(common::guest("toggler")).await.unwrap();
        obj.proxy().attr("inc").call_async::<()>(()).await.unwrap();
        obj.stop().unwrap();
        // The loop returns its count: the one increment (it counts only
        // while on, and it is off).
        let joined: i64 = obj.join_async().await.unwrap();
        assert_eq!(joined, 1);
        obj.close_async().await;
        let passive = host
            .spawn_named_async("passive", common::guest("counter"))
            .await
            .unwrap();
        let e = passive.join_async::<()>().await.unwrap_err();
        assert!(matches!(e, Error::NoRunLoop { .. }), "{e}");
        let e = passive.close_and_join_async::<()>().await.unwrap_err();
        assert!(matches!(e, Error::NoRunLoop { .. }), "{e}");
        let e = host
            .spawn_async(remoteobj_host::ComponentSource::bytes(b"not wasm".to_vec()))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::LoadFailed { .. }), "{e}");
    });
}
