//! The reliability run: 10,000 requests across several objects while some
//! workers are killed from outside and some guests trap (and restart).
//! Every request must get exactly one answer, the right one: a value that
//! matches the object's state, or an error that says what happened. Nothing
//! may hang. Prints a summary line.

use crate::common;

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    thread,
    time::{Duration, Instant},
};

use remoteobj_host::{Error, ErrorKind, Exit, RestartPolicy};

const OBJECTS: usize = 8;
const PER_OBJECT: usize = 1250;
/// Objects whose worker is killed part way.
const KILLED: usize = 2;
/// About one request in this many is a `panic()`.
const TRAP_EVERY: u64 = 150;

/// A small deterministic generator (xorshift), seeded per run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[derive(Default)]
struct Tally {
    sent: AtomicU64,
    ok: AtomicU64,
    errors: AtomicU64,
}

#[test]
fn ten_thousand_requests_with_kills_and_traps_each_get_exactly_one_answer() {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let host = common::host()
        .request_timeout(Duration::from_secs(30))
        .restart_policy(RestartPolicy::OnTrap {
            max_restarts: 1000,
            backoff: Duration::ZERO,
        });
    let objects: Vec<_> = (0..OBJECTS)
        .map(|i| {
            Arc::new(
                host.spawn_named(format!("rel-{i}"), common::guest("hostile"))
                    .unwrap(),
            )
        })
        .collect();
    let tally = Arc::new(Tally::default());
    let progress: Arc<Vec<AtomicUsize>> =
        Arc::new((0..OBJECTS).map(|_| AtomicUsize::new(0)).collect());
    let start = Instant::now();

    // The killer: SIGKILLs the first KILLED objects' workers, each once it
    // has answered a random number of requests.
    let mut rng = Rng(seed);
    let kill_at: Vec<usize> = (0..KILLED)
        .map(|_| 100 + (rng.next() as usize) % (PER_OBJECT - 200))
        .collect();
    let killer = {
        let pids: Vec<u32> = objects[..KILLED].iter().map(|o| o.pid()).collect();
        let progress = progress.clone();
        let kill_at = kill_at.clone();
        thread::spawn(move || {
            let mut done = [false; KILLED];
            while done.iter().any(|d| !d) {
                for i in 0..KILLED {
                    if !done[i] && progress[i].load(Ordering::SeqCst) >= kill_at[i] {
                        common::kill9(pids[i]);
                        done[i] = true;
                    }
                }
                thread::sleep(Duration::from_micros(200));
            }
        })
    };

    let clients: Vec<_> = objects
        .iter()
        .enumerate()
        .map(|(i, obj)| {
            let r = obj.proxy();
            let tally = tally.clone();
            let progress = progress.clone();
            let mut rng = Rng(seed.wrapping_mul(i as u64 + 7) | 1);
            thread::spawn(move || {
                // What this object's x must be; None once its worker died.
                let mut x: Option<i64> = Some(0);
                let mut traps = 0u32;
                for n in 0..PER_OBJECT {
                    tally.sent.fetch_add(1, Ordering::SeqCst);
                    let trap = rng.next().is_multiple_of(TRAP_EVERY);
                    let result: Result<i64, Error> = if trap {
                        r.attr("panic").call::<()>(("on purpose",)).map(|()| -1)
                    } else {
                        r.attr("inc").call::<i64>(())
                    };
                    match (&result, x) {
                        (Ok(v), Some(expected)) if !trap => {
                            assert_eq!(
                                *v,
                                expected + 1,
                                "object {i}, request {n}: crossed or lost state"
                            );
                            x = Some(*v);
                        }
                        (Err(Error::Remote(e)), Some(_)) if trap => {
                            assert_eq!(e.kind, ErrorKind::Trap, "object {i}: {e}");
                            traps += 1;
                            // The restart makes a fresh object.
                            x = Some(0);
                        }
                        (Err(e @ Error::WorkerDied { exit, .. }), _) => {
                            assert!(i < KILLED, "object {i} died unasked: {e}");
                            assert_eq!(*exit, Some(Exit::Signal(9)), "object {i}: {e}");
                            x = None;
                        }
                        (other, state) => {
                            panic!(
                                "object {i}, request {n} (trap: {trap}, state {state:?}): {other:?}"
                            )
                        }
                    }
                    match result {
                        Ok(_) => tally.ok.fetch_add(1, Ordering::SeqCst),
                        Err(_) => tally.errors.fetch_add(1, Ordering::SeqCst),
                    };
                    progress[i].store(n + 1, Ordering::SeqCst);
                }
                (x, traps)
            })
        })
        .collect();

    let outcomes: Vec<(Option<i64>, u32)> =
        clients.into_iter().map(|c| c.join().unwrap()).collect();
    killer.join().unwrap();
    let took = start.elapsed();

    let traps: u32 = outcomes.iter().map(|(_, t)| t).sum();
    for (i, ((x, traps), obj)) in outcomes.iter().zip(&objects).enumerate() {
        if i < KILLED {
            assert!(x.is_none(), "object {i} was killed but still answered");
            continue;
        }
        // Survivors: their state is what their own client expects, and
        // every trap restarted them (each restart is reported before the
        // fresh instance's first answer).
        let expected = x.expect("a survivor");
        assert_eq!(
            obj.proxy().attr("x").get::<i64>().unwrap(),
            expected,
            "object {i}"
        );
        assert_eq!(obj.restarts(), *traps, "object {i}");
        assert!(obj.is_listening());
    }
    let restarts: u32 = objects.iter().map(|o| o.restarts()).sum();
    let sent = tally.sent.load(Ordering::SeqCst);
    let ok = tally.ok.load(Ordering::SeqCst);
    let errors = tally.errors.load(Ordering::SeqCst);
    assert_eq!(sent, (OBJECTS * PER_OBJECT) as u64);
    // Each call returned once (none hung) with the answer its object's
    // state predicts, checked request by request above.
    println!(
        "reliability: seed {seed}, {OBJECTS} objects, sent {sent}, answered {} ({ok} values, \
         {errors} errors), {traps} traps, {restarts} restarts, {KILLED} workers killed \
         (after {kill_at:?} requests), in {:.2} s",
        ok + errors,
        took.as_secs_f64()
    );
    for obj in objects {
        let pid = obj.pid();
        drop(obj);
        assert!(!common::process_exists(pid), "worker {pid} left behind");
    }
}
