//! Restart policies: a trapped instance is replaced by a fresh one (its
//! state lost) up to a maximum count, with a backoff, or the object stays
//! dead. Restarts are counted where the host can see them.

use crate::common;

use std::time::{Duration, Instant};

use remoteobj_host::{Error, ErrorKind, RestartPolicy};

fn policy(max_restarts: u32, backoff_ms: u64) -> RestartPolicy {
    RestartPolicy::OnTrap {
        max_restarts,
        backoff: Duration::from_millis(backoff_ms),
    }
}

#[test]
fn on_trap_the_object_restarts_fresh_until_the_maximum_then_stays_dead() {
    let obj = common::spawn_with(common::host().restart_policy(policy(2, 10)), "hostile");
    let r = obj.proxy();
    for round in 1..=2u32 {
        assert_eq!(r.attr("inc").call::<i64>(()).unwrap(), 1);
        assert_eq!(r.attr("inc").call::<i64>(()).unwrap(), 2);
        match r.attr("panic").call::<()>((format!("round {round}"),)) {
            Err(Error::Remote(e)) => assert_eq!(e.kind, ErrorKind::Trap, "{e}"),
            other => panic!("{other:?}"),
        }
        // The next request is answered by a fresh instance: state is lost.
        assert_eq!(r.attr("x").get::<i64>().unwrap(), 0, "round {round}");
        assert_eq!(obj.restarts(), round);
    }
    // The third trap is one too many.
    assert!(r.attr("panic").call::<()>(("last",)).is_err());
    match r.attr("x").get::<i64>() {
        Err(Error::Remote(e)) => {
            assert_eq!(e.kind, ErrorKind::Trap);
            assert!(e.message.contains("trapped earlier"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(obj.restarts(), 2);
}

#[test]
fn never_restart_is_the_default() {
    let obj = common::spawn("hostile");
    let r = obj.proxy();
    assert!(r.attr("panic").call::<()>(("once",)).is_err());
    assert!(r.attr("x").get::<i64>().is_err());
    assert_eq!(obj.restarts(), 0);
}

#[test]
fn the_backoff_delays_the_restart_and_requests_wait_for_it() {
    let obj = common::spawn_with(common::host().restart_policy(policy(1, 400)), "hostile");
    let r = obj.proxy();
    r.attr("inc").call::<i64>(()).unwrap();
    // Timed from before the trap, so the backoff is inside the measure.
    let start = Instant::now();
    assert!(r.attr("panic").call::<()>(("now",)).is_err());
    assert_eq!(r.attr("x").get::<i64>().unwrap(), 0);
    // The restart waited its backoff before the fresh instance answered.
    assert!(
        start.elapsed() >= Duration::from_millis(400),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(obj.restarts(), 1);
}

#[test]
fn a_limit_hit_restarts_too() {
    let obj = common::spawn_with(
        common::host()
            .call_time_limit(Duration::from_millis(200))
            .restart_policy(policy(1, 0)),
        "hostile",
    );
    let r = obj.proxy();
    r.set_attr("x", 41).unwrap();
    match r.attr("spin").call::<u64>(()) {
        Err(Error::Remote(e)) => assert_eq!(e.kind, ErrorKind::TimeLimit, "{e}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(r.attr("inc").call::<i64>(()).unwrap(), 1);
    assert_eq!(obj.restarts(), 1);
}

#[test]
fn an_active_object_that_traps_restarts_with_a_new_loop() {
    let obj = common::spawn_with(common::host().restart_policy(policy(1, 0)), "stepper");
    let r = obj.proxy();
    r.set_attr("panic", true).unwrap();
    // The loop panics at its next step; a fresh object's loop takes over:
    // its steps count up from zero again, and stop and join work on it.
    let start = Instant::now();
    while obj.restarts() == 0 {
        assert!(start.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut steps = 0;
    while steps < 3 {
        assert!(start.elapsed() < Duration::from_secs(30));
        steps = r.attr("steps").get::<u64>().unwrap();
    }
    assert!(!r.attr("panic").get::<bool>().unwrap(), "state was reset");
    obj.stop().unwrap();
    assert!(obj.join::<u64>().unwrap() >= 3);
}

#[test]
fn a_restart_that_fails_leaves_the_object_dead_and_says_why() {
    // The granted directory vanishes after the load: a fresh instance
    // cannot be given it.
    let dir = std::env::temp_dir().join(format!("remoteobj-restart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let obj = common::spawn_with(
        common::host()
            .grant_dir(&dir, "/data", remoteobj_host::DirAccess::ReadOnly)
            .restart_policy(policy(3, 0)),
        "hostile",
    );
    std::fs::remove_dir(&dir).unwrap();
    let r = obj.proxy();
    assert!(r.attr("panic").call::<()>(("now",)).is_err());
    for _ in 0..2 {
        match r.attr("x").get::<i64>() {
            Err(Error::Remote(e)) => {
                assert_eq!(e.kind, ErrorKind::Trap);
                assert!(e.message.contains("restarting it failed"), "{e}");
                assert!(e.message.contains(&*dir.to_string_lossy()), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(obj.restarts(), 0);
}
