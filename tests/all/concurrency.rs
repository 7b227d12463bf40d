//! Several host threads on one object: no lock held across a round trip, no
//! lost and no crossed replies.

use crate::common;

use std::thread;

const THREADS: i64 = 8;
const CALLS: i64 = 1000;

#[test]
fn eight_threads_a_thousand_calls_each_no_crossed_replies() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let big: i64 = 1 << 40;
    r.set_attr("x", big).unwrap();
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let r = r.clone();
            thread::spawn(move || {
                for i in 0..CALLS {
                    // Each call's answer depends on its own argument: a reply
                    // delivered to the wrong caller would not match.
                    let by = t * CALLS + i + 1;
                    let got: i64 = r.attr("div").call((by,)).unwrap();
                    assert_eq!(got, big / by, "thread {t} call {i}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn eight_threads_a_thousand_increments_none_lost() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let r = r.clone();
            thread::spawn(move || {
                for _ in 0..CALLS {
                    r.attr("inc").call::<()>(()).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(r.attr("x").get::<i64>().unwrap(), THREADS * CALLS);
}
