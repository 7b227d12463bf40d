//! Worker pools: objects start on workers started ahead of time, the pool
//! refills, and dropping it leaves no process behind.

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

/// The live (not reaped) child processes of this test process that this
/// test started (their environment has [`MARK`]).
fn children() -> Vec<u32> {
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
                .any(|var| var == format!("{MARK}=1").as_bytes())
        });
        if fields[1].parse::<u32>() == Ok(me) && fields[0] != "Z" && marked {
            pids.push(pid);
        }
    }
    pids.sort_unstable();
    pids
}
