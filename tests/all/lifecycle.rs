//! Starting, listening, closing and dying: defaults when not listening, a
//! dead worker noticed at once, no process left behind (peers that break
//! the protocol are in `peers`).

use crate::common;

use std::time::{Duration, Instant};

use remoteobj_host::{ComponentSource, DeathCause, Error, Exit, Host, Unavailable, WorkerCommand};

#[test]
fn default_when_not_started_yet() {
    // A "worker" that never says hello: the object stays in `starting`.
    let host = Host::new().worker_command(WorkerCommand::program("/bin/sleep").arg("30"));
    let obj = host
        .start_named("sleepy", ComponentSource::bytes(vec![]))
        .unwrap();
    let r = obj.proxy();
    assert_eq!(r.attr("x").get_or(-1i64).unwrap(), -1);
    match r.attr("x").get::<i64>() {
        Err(Error::NotListening {
            state: Unavailable::Starting,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let t = Instant::now();
    assert!(matches!(
        obj.wait_until_listening(Duration::from_millis(200)),
        Err(Error::StartTimeout { .. })
    ));
    assert!(t.elapsed() < Duration::from_secs(5));
    let pid = obj.pid();
    drop(obj);
    assert!(
        !common::process_exists(pid),
        "closing kills and reaps a worker that never started"
    );
}

#[test]
fn waiting_to_listen_fails_at_once_when_the_worker_dies_first() {
    let host = Host::new().worker_command(
        WorkerCommand::program("/bin/sh")
            .arg("-c")
            .arg("echo 'cannot start: no license' >&2; exit 3"),
    );
    let obj = host
        .start_named("doomed", ComponentSource::bytes(vec![]))
        .unwrap();
    // A minute's timeout: the test ends long before unless the death is
    // noticed only when the wait runs out.
    match obj.wait_until_listening(Duration::from_secs(60)) {
        Err(Error::WorkerDied {
            cause: DeathCause::Ended,
            exit: Some(Exit::Code(_)),
            stderr_tail,
            ..
        }) => assert!(stderr_tail.contains("no license"), "{stderr_tail}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(obj.proxy().attr("x").get_or(-1i64).unwrap(), -1);
}

#[test]
fn default_after_close_and_no_worker_left_behind() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    r.set_attr("x", 5).unwrap();
    assert_eq!(
        r.attr("x").get_or(-1i64).unwrap(),
        5,
        "listening: the real value"
    );
    let pid = obj.pid();
    assert!(common::process_exists(pid));
    obj.close();
    assert!(
        !common::process_exists(pid),
        "worker {pid} still exists after close"
    );
    assert_eq!(r.attr("x").get_or(-1i64).unwrap(), -1);
    match r.attr("x").get::<i64>() {
        Err(Error::NotListening {
            state: Unavailable::Closed,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    // Errors raised by the guest are not swallowed by a default.
    let obj = common::spawn("counter");
    assert!(obj.proxy().attr("nope").get_or(0i64).is_err());
}

#[test]
fn dropping_the_object_reaps_its_worker() {
    let pids: Vec<u32> = (0..3)
        .map(|_| {
            let obj = common::spawn("counter");
            obj.proxy().attr("inc").call::<()>(()).unwrap();
            obj.pid()
        })
        .collect();
    for pid in pids {
        assert!(
            !common::process_exists(pid),
            "worker {pid} outlived its object"
        );
    }
}

#[test]
fn a_killed_worker_is_noticed_at_once() {
    let obj = common::spawn("counter");
    let r = obj.proxy().with_timeout(Duration::from_secs(60));
    r.attr("inc").call::<()>(()).unwrap();
    common::kill9(obj.pid());
    let t = Instant::now();
    let err = loop {
        // The kill lands asynchronously; the first request after it fails.
        match r.attr("x").get::<i64>() {
            Ok(_) if t.elapsed() < Duration::from_secs(5) => {
                std::thread::sleep(Duration::from_millis(5))
            }
            Ok(_) => panic!("the worker still answers 5 s after SIGKILL"),
            Err(e) => break e,
        }
    };
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "noticed after {:?}",
        t.elapsed()
    );
    match &err {
        Error::WorkerDied {
            exit: Some(Exit::Signal(9)),
            ..
        } => assert!(err.to_string().contains("signal 9 (SIGKILL)"), "{err}"),
        other => panic!("expected WorkerDied, got {other}"),
    }
    assert!(err.to_string().contains("SIGKILL"), "{err}");
    assert_eq!(
        r.attr("x").get_or(7i64).unwrap(),
        7,
        "a dead object answers with the default"
    );
    assert!(
        matches!(r.attr("inc").call::<()>(()), Err(Error::WorkerDied { .. })),
        "later requests fail too"
    );
}

#[test]
fn a_worker_that_exits_at_once_fails_spawn_with_its_exit_code_and_stderr() {
    let err = common::spawn_fails_fast(
        WorkerCommand::program("/bin/sh")
            .arg("-c")
            .arg("echo 'worker: cannot start' >&2; exit 3"),
    );
    match &err {
        Error::WorkerDied {
            cause: DeathCause::Ended,
            exit: Some(Exit::Code(3)),
            stderr_tail,
            ..
        } => {
            assert!(err.to_string().contains("exited with code 3"), "{err}");
            assert!(
                stderr_tail.contains("worker: cannot start"),
                "{stderr_tail}"
            );
        }
        other => panic!("{other}"),
    }
}

#[test]
fn a_file_that_is_not_a_component_fails_to_load() {
    let dir = std::env::temp_dir().join(format!("remoteobj-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bogus = dir.join("bogus.wasm");
    std::fs::write(&bogus, b"this is not wasm").unwrap();
    let err = common::host()
        .spawn(ComponentSource::file(&bogus))
        .unwrap_err();
    match &err {
        Error::LoadFailed { message, .. } => assert!(message.contains("bogus.wasm"), "{message}"),
        other => panic!("{other}"),
    }
    let err = common::host()
        .spawn(ComponentSource::file(dir.join("missing.wasm")))
        .unwrap_err();
    assert!(matches!(err, Error::LoadFailed { .. }), "{err}");
    // An object whose component never loaded answers with the default.
    let obj = common::host()
        .start_named("bogus", ComponentSource::file(&bogus))
        .unwrap();
    assert!(obj.wait_until_listening(Duration::from_secs(60)).is_err());
    assert_eq!(obj.proxy().attr("x").get_or(-1i64).unwrap(), -1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_worker_program_is_a_spawn_error() {
    let host = Host::new().worker_command(WorkerCommand::program("/nonexistent/remoteobj"));
    let err = host.spawn(ComponentSource::bytes(vec![])).unwrap_err();
    assert!(matches!(err, Error::Spawn { .. }), "{err}");
    // The operating system's error is kept, as the source too.
    let io = err.io_error().expect("the operating system's error");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound, "{io}");
    let source = std::error::Error::source(&err).expect("a source");
    assert_eq!(source.to_string(), io.to_string());
}

#[test]
fn requests_in_flight_at_close_get_exactly_one_answer() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    let t = Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let r = r.clone();
            std::thread::spawn(move || {
                let (mut answered, mut refused) = (0, 0);
                for _ in 0..200 {
                    match r.attr("inc").call::<()>(()) {
                        Ok(()) => answered += 1,
                        Err(Error::NotListening {
                            state: Unavailable::Closed,
                            ..
                        }) => refused += 1,
                        Err(e) => panic!("unexpected error: {e}"),
                    }
                }
                (answered, refused)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(50));
    obj.close();
    let (answered, refused) = workers
        .into_iter()
        .map(|w| w.join().unwrap())
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert_eq!(answered + refused, 800, "every call returned exactly once");
    assert!(answered > 0, "calls made before close were answered");
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "closing took {:?}",
        t.elapsed()
    );
}

#[test]
fn guest_embedded_as_bytes() {
    let bytes = std::fs::read(common::guest_path("counter")).unwrap();
    let obj = common::host()
        .spawn_named("embedded", ComponentSource::bytes(bytes))
        .unwrap();
    assert_eq!(obj.name(), "embedded");
    assert_eq!(obj.proxy().attr("x").get::<i64>().unwrap(), 0);
}

#[test]
fn a_spawned_worker_that_runs_user_code_refuses_to_spawn_again() {
    // What a program that forgot main_if_worker() would do in its worker.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "lifecycle::forgetful_worker_probe",
            "--nocapture",
            "--include-ignored",
        ])
        .env("REMOTEOBJ_WORKER", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("probe: refused"), "{text}");
}

/// Run by the test above, in a child process that has REMOTEOBJ_WORKER set.
#[test]
#[ignore = "run by a_spawned_worker_that_runs_user_code_refuses_to_spawn_again"]
fn forgetful_worker_probe() {
    match Host::new().spawn(ComponentSource::bytes(vec![])) {
        Err(Error::Spawn { reason, .. }) if reason.contains("main_if_worker") => {
            println!("probe: refused")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Whether a process has exited (gone, or a zombie nobody reaped yet).
fn exited(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state follows the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

/// The child processes of `pid` (all its threads').
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|c| {
            c.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

#[test]
fn workers_do_not_outlive_a_host_that_is_killed() {
    // The command line as the host: it starts a worker whose guest spins,
    // and waits for its answer. Then the host dies without any cleanup.
    let mut host = common::command()
        .arg("call")
        .arg(common::guest_path("hostile"))
        .arg("spin()")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let worker = loop {
        if let Some(&pid) = children(host.id()).first() {
            break pid;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no worker started"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    // Let it get into the guest's loop.
    std::thread::sleep(Duration::from_millis(300));
    assert!(!exited(worker));
    common::kill9(host.id());
    host.wait().unwrap();
    let killed = Instant::now();
    while !exited(worker) && killed.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let took = killed.elapsed();
    assert!(exited(worker), "worker {worker} outlived its host by 10 s");
    // The promise is "within a second"; the parent-death signal makes it
    // immediate, so this holds with a wide margin even on a loaded machine.
    assert!(
        took < Duration::from_secs(1),
        "the worker took {took:?} to exit"
    );
}
