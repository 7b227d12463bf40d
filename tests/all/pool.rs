//! Worker pools: objects start on workers started ahead of time (or are
//! taken already loaded from a loaded pool), the pool refills, and dropping
//! it leaves no process behind.

use crate::common;

use std::time::Duration;

use remoteobj_host::WorkerCommand;

/// The environment variable that tells this test's workers from those of
/// the tests running beside it in the same process.
const MARK: &str = "REMOTEOBJ_TEST_POOL";

#[test]
fn a_pool_hands_out_ready_workers_refills_and_cleans_up() {
    let host = common::host().worker_command(
        WorkerCommand::program(common::BIN)
            .arg("worker")
            .env(MARK, "1"),
    );
    let pool = host.pool(2).unwrap();
    assert_eq!(pool.size(), 2);
    assert!(pool.wait_until_full(Duration::from_secs(60)));
    assert_eq!(pool.idle(), 2);
    let idle_pids = children();
    assert_eq!(idle_pids.len(), 2, "{idle_pids:?}");

    let objs: Vec<_> = (0..3)
        .map(|_| pool.spawn(common::guest("counter")).unwrap())
        .collect();
    // The first two ran on the pool's workers; the third found it empty
    // (or refilled) and still started.
    assert!(idle_pids.contains(&objs[0].pid()));
    for obj in &objs {
        obj.proxy().attr("inc").call::<()>(()).unwrap();
        assert_eq!(obj.proxy().attr("x").get::<i64>().unwrap(), 1);
    }
    assert!(pool.wait_until_full(Duration::from_secs(60)));

    // A failed load on a pooled worker is the same error as without a pool.
    let bad = pool.spawn(remoteobj_host::ComponentSource::bytes(b"not wasm".to_vec()));
    assert!(
        matches!(bad, Err(remoteobj_host::Error::LoadFailed { .. })),
        "{bad:?}"
    );

    let object_pids: Vec<u32> = objs.iter().map(|o| o.pid()).collect();
    drop(pool);
    // The idle workers are gone; the objects live on.
    let left = children();
    assert!(
        left.iter().all(|pid| object_pids.contains(pid)),
        "{left:?} vs {object_pids:?}"
    );
    assert_eq!(objs[2].proxy().attr("x").get::<i64>().unwrap(), 1);
    drop(objs);
    assert!(children().is_empty());
}

/// The live (not reaped) child processes of this test process that the
/// test marking its workers `mark` started (their environment has
/// [`MARK`]`=mark`).
fn children_marked(mark: &str) -> Vec<u32> {
    let me = std::process::id();
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let marked = std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|env| {
            env.split(|&b| b == 0)
                .any(|var| var == format!("{MARK}={mark}").as_bytes())
        });
        if fields[1].parse::<u32>() == Ok(me) && fields[0] != "Z" && marked {
            pids.push(pid);
        }
    }
    pids.sort_unstable();
    pids
}

fn children() -> Vec<u32> {
    children_marked("1")
}

#[test]
fn a_loaded_pool_hands_out_fresh_listening_objects_refills_and_cleans_up() {
    let host = common::host().worker_command(
        WorkerCommand::program(common::BIN)
            .arg("worker")
            .env(MARK, "loaded"),
    );
    let pool = host.loaded_pool(2, common::guest("counter")).unwrap();
    assert_eq!(pool.size(), 2);
    assert!(pool.wait_until_full(Duration::from_secs(60)));
    let idle_pids = children_marked("loaded");
    assert_eq!(idle_pids.len(), 2, "{idle_pids:?}");
    // Handed over listening, each fresh: one's state is not the other's.
    let a = pool.spawn().unwrap();
    assert!(a.is_listening());
    assert!(idle_pids.contains(&a.pid()));
    a.proxy().attr("inc").call::<()>(()).unwrap();
    let b = pool.spawn().unwrap();
    assert_ne!(a.pid(), b.pid());
    assert_eq!(b.proxy().attr("x").get::<i64>().unwrap(), 0);
    assert_eq!(a.proxy().attr("x").get::<i64>().unwrap(), 1);
    assert_eq!(a.name(), "counter");
    // An idle object whose worker died is not handed over.
    assert!(pool.wait_until_full(Duration::from_secs(60)));
    let idle: Vec<u32> = children_marked("loaded")
        .into_iter()
        .filter(|p| ![a.pid(), b.pid()].contains(p))
        .collect();
    assert_eq!(idle.len(), 2, "{idle:?}");
    common::kill9(idle[0]);
    common::eventually("the dead worker is reaped", || {
        !common::process_exists(idle[0])
    });
    let more: Vec<_> = (0..3).map(|_| pool.spawn().unwrap()).collect();
    for obj in &more {
        assert_ne!(obj.pid(), idle[0]);
        assert_eq!(obj.proxy().attr("x").get::<i64>().unwrap(), 0);
    }
    // Dropping the pool closes its idle objects; the handed-over ones live.
    let mut handed: Vec<u32> = more.iter().map(|o| o.pid()).collect();
    handed.extend([a.pid(), b.pid()]);
    drop(pool);
    common::eventually("the idle objects are closed", || {
        children_marked("loaded").iter().all(|p| handed.contains(p))
    });
    assert_eq!(a.proxy().attr("x").get::<i64>().unwrap(), 1);
    drop((a, b, more));
    common::eventually("every worker is gone", || {
        children_marked("loaded").is_empty()
    });
}

#[test]
fn a_loaded_pool_of_a_component_that_cannot_load_says_why_and_drops_at_once() {
    let host = common::host();
    let pool = host
        .loaded_pool(
            2,
            remoteobj_host::ComponentSource::bytes(b"not wasm".to_vec()),
        )
        .unwrap();
    assert!(!pool.wait_until_full(Duration::from_millis(300)));
    match pool.spawn() {
        Err(remoteobj_host::Error::LoadFailed { .. }) => {}
        other => panic!("{other:?}"),
    }
    let start = std::time::Instant::now();
    drop(pool);
    // Not a figure to hold the machine to: the filler was waiting out its
    // backoff, and a close ends that wait.
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}
