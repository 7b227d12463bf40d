//! Starting, listening, closing and dying: defaults when not listening, a
//! dead worker noticed at once, protocol garbage reported, no process left.

use crate::common;

use std::time::{Duration, Instant};

use remoteobj_host::{
    ComponentSource, DeathCause, Error, Exit, Host, KillReason, Unavailable, WorkerCommand,
};

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

/// Spawns with `worker` and expects a prompt failure (no waiting for the
/// start timeout).
fn spawn_fails_fast(worker: WorkerCommand) -> Error {
    let t = Instant::now();
    let err = Host::new()
        .worker_command(worker)
        .spawn(ComponentSource::bytes(vec![]))
        .unwrap_err();
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t.elapsed()
    );
    err
}

#[test]
fn a_worker_that_exits_at_once_fails_spawn_with_its_exit_code_and_stderr() {
    let err = spawn_fails_fast(
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
fn a_worker_that_speaks_garbage_is_a_protocol_failure() {
    let err = spawn_fails_fast(
        WorkerCommand::program("/bin/sh")
            .arg("-c")
            .arg("echo hello; sleep 30"),
    );
    match &err {
        Error::WorkerDied {
            cause: DeathCause::Protocol(why),
            ..
        } => {
            assert!(why.contains("bad frame from the worker"), "{why}");
            assert!(why.contains("exceeds the limit"), "{why}");
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
fn a_request_without_answer_times_out_and_the_object_stays_open() {
    use remoteobj_protocol::{FromWorker, PROTOCOL_VERSION};
    let worker = common::scripted_worker(
        "timeout",
        &[
            FromWorker::Hello {
                version: PROTOCOL_VERSION,
                pid: 1,
            },
            FromWorker::Ready,
        ],
    );
    let obj = Host::new()
        .worker_command(worker)
        .spawn_named("silent", ComponentSource::bytes(vec![]))
        .unwrap();
    let r = obj.proxy().with_timeout(Duration::from_millis(200));
    let t = Instant::now();
    match r.attr("x").get::<i64>() {
        Err(Error::Timeout { after, object }) => {
            assert_eq!(after, Duration::from_millis(200));
            assert_eq!(object, "silent");
        }
        other => panic!("{other:?}"),
    }
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert!(obj.is_listening(), "a timeout does not kill the object");
    // A timeout is not "unavailable": the default does not hide it.
    assert!(matches!(
        r.attr("x").get_or(0i64),
        Err(Error::Timeout { .. })
    ));
}

#[test]
fn a_protocol_version_mismatch_is_a_clear_error() {
    use remoteobj_protocol::FromWorker;
    let worker = common::scripted_worker(
        "version",
        &[FromWorker::Hello {
            version: 999,
            pid: 1,
        }],
    );
    let err = spawn_fails_fast(worker);
    match &err {
        Error::WorkerDied {
            cause: DeathCause::Protocol(why),
            ..
        } => assert!(
            why.contains("protocol version mismatch: worker speaks v999"),
            "{why}"
        ),
        other => panic!("{other}"),
    }
}

#[test]
fn an_answer_to_a_request_never_sent_is_a_protocol_error() {
    use remoteobj_protocol::{FromWorker, PROTOCOL_VERSION, Reply};
    let worker = common::scripted_worker(
        "unknown-id",
        &[
            FromWorker::Hello {
                version: PROTOCOL_VERSION,
                pid: 1,
            },
            FromWorker::Ready,
            FromWorker::Response {
                id: 424242,
                result: Ok(Reply::This),
            },
        ],
    );
    let obj = Host::new()
        .worker_command(worker)
        .start_named("liar", ComponentSource::bytes(vec![]))
        .unwrap();
    // The host stops trusting the worker and kills it: whatever comes
    // next says why, and nothing waits for the 60 s the script sleeps.
    let start = Instant::now();
    let e = loop {
        match obj.proxy().attr("x").get::<i64>() {
            Err(e @ Error::WorkerDied { .. }) => break e,
            other if start.elapsed() < Duration::from_secs(20) => {
                let _ = other;
                std::thread::sleep(Duration::from_millis(10));
            }
            other => panic!("{other:?}"),
        }
    };
    assert!(
        e.to_string()
            .contains("answered request 424242, which was never sent"),
        "{e}"
    );
    assert!(!obj.is_listening());
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
fn a_component_too_large_for_a_frame_is_refused_before_any_worker_starts() {
    let host = common::host().max_frame(1024);
    let err = host
        .spawn(ComponentSource::bytes(vec![0u8; 4096]))
        .unwrap_err();
    match &err {
        Error::FrameTooLarge { len, max, .. } => assert!(*len > *max && *max == 1024),
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("over the frame limit"), "{err}");
}

#[test]
fn a_result_too_large_for_the_hosts_frame_limit_is_an_error_for_that_request_only() {
    // The host's limit is the worker's too: the worker refuses to send the
    // oversized answer and says so, instead of the host dropping the worker.
    let obj = common::spawn_with(common::host().max_frame(64 * 1024), "counter");
    let r = obj.proxy();
    for _ in 0..2 {
        r.attr("another")
            .attr("extend")
            .call::<()>((vec![10_000_000_000i64; 4096],))
            .unwrap();
    }
    // 8192 integers of 9 bytes each: about 72 KiB, over the 64 KiB limit.
    let e = match r.attr("another").get::<Vec<i64>>() {
        Ok(v) => panic!("a {}-item list came through", v.len()),
        Err(e) => e,
    };
    let remote = e.remote().unwrap_or_else(|| panic!("{e}"));
    assert_eq!(remote.kind, remoteobj_host::ErrorKind::FrameLimit);
    assert!(
        remote.message.contains("over the frame limit"),
        "{}",
        remote.message
    );
    assert_eq!(
        r.attr("another").len().unwrap(),
        8192,
        "the object lives on"
    );
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

#[test]
fn a_frozen_worker_costs_a_caller_its_timeout_not_a_hang() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    r.attr("inc").call::<()>(()).unwrap();
    // SIGSTOP: the worker neither reads nor dies.
    common::signal(obj.pid(), common::Signal::STOP);
    // A request larger than the pipe's buffer cannot be written whole.
    let big = vec![1i64; 256 * 1024];
    let start = Instant::now();
    let e = r
        .with_timeout(Duration::from_millis(500))
        .attr("another")
        .attr("extend")
        .call::<()>((big,))
        .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
    match &e {
        Error::WorkerDied {
            cause: DeathCause::Killed(KillReason::StoppedReading(_)),
            ..
        } => assert!(e.to_string().contains("stopped reading its input"), "{e}"),
        other => panic!("{other}"),
    }
    // The host killed it: later requests say so at once.
    assert!(matches!(
        r.attr("x").get::<i64>(),
        Err(Error::WorkerDied { .. })
    ));
}

#[test]
fn a_caller_behind_a_stuck_write_keeps_its_own_timeout() {
    let obj = common::spawn("counter");
    let r = obj.proxy();
    r.attr("inc").call::<()>(()).unwrap();
    common::signal(obj.pid(), common::Signal::STOP);
    // A patient caller fills the pipe and waits to write the rest...
    let patient = {
        let r = r.with_timeout(Duration::from_secs(60));
        std::thread::spawn(move || {
            r.attr("another")
                .attr("extend")
                .call::<()>((vec![1i64; 256 * 1024],))
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    // ...and an impatient one gets its timeout, not the patient one's.
    match r
        .with_timeout(Duration::from_millis(300))
        .attr("x")
        .get::<i64>()
    {
        Err(Error::Timeout { after, .. }) => assert_eq!(after, Duration::from_millis(300)),
        other => panic!("{other:?}"),
    }
    assert!(!patient.is_finished(), "the patient caller gave up early");
    obj.kill();
    assert!(matches!(
        patient.join().unwrap(),
        Err(Error::WorkerDied { .. })
    ));
}

/// Runs a real `remoteobj worker`, feeds it `input` after the handshake
/// (or instead of it, with `hello: false`), closes its stdin, and returns
/// what it sent back, its exit code and its stderr.
fn feed_worker(
    input: &[u8],
    hello: bool,
) -> (Vec<remoteobj_protocol::FromWorker>, Option<i32>, String) {
    use remoteobj_protocol::{
        DEFAULT_MAX_FRAME, FromWorker, PROTOCOL_VERSION, ToWorker, encode_frame, read_frame,
    };
    use std::io::Write;
    let mut worker = common::command()
        .arg("worker")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = worker.stdin.take().unwrap();
    if hello {
        let frame = encode_frame(
            &ToWorker::Hello {
                version: PROTOCOL_VERSION,
            },
            DEFAULT_MAX_FRAME,
        )
        .unwrap();
        stdin.write_all(&frame).unwrap();
    }
    // The worker may stop reading (and close its end) early.
    let _ = stdin.write_all(input);
    drop(stdin);
    let mut stdout = worker.stdout.take().unwrap();
    let mut got = Vec::new();
    while let Ok(Some(msg)) = read_frame::<_, FromWorker>(&mut stdout, DEFAULT_MAX_FRAME) {
        got.push(msg);
    }
    let out = worker.wait_with_output().unwrap();
    (
        got,
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_real_worker_answers_bad_input_with_a_protocol_error_never_a_panic() {
    use remoteobj_protocol::{
        DEFAULT_MAX_FRAME, FromWorker, PROTOCOL_VERSION, ToWorker, encode_frame,
    };
    let framed = |body: &[u8]| {
        let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
        bytes.extend(body);
        bytes
    };
    let mut unknown = Vec::new();
    ciborium::into_writer(
        &std::collections::BTreeMap::from([("Teleport", 1u8)]),
        &mut unknown,
    )
    .unwrap();
    let cases: Vec<(&str, Vec<u8>, bool, &str)> = vec![
        (
            "truncated",
            framed(&[0xa1, 0x64])[..5].to_vec(),
            true,
            "truncated",
        ),
        (
            "bad CBOR",
            framed(&[0xff, 0xff, 0xff]),
            true,
            "undecodable frame",
        ),
        ("unknown message", framed(&unknown), true, "Teleport"),
        (
            "oversized",
            u32::MAX.to_be_bytes().to_vec(),
            true,
            "exceeds the limit",
        ),
        (
            "version mismatch",
            encode_frame(
                &ToWorker::Hello {
                    version: PROTOCOL_VERSION + 1,
                },
                DEFAULT_MAX_FRAME,
            )
            .unwrap(),
            false,
            "version mismatch",
        ),
    ];
    for (what, input, hello, says) in cases {
        let (got, code, stderr) = feed_worker(&input, hello);
        assert!(
            matches!(got.first(), Some(FromWorker::Hello { .. })),
            "{what}: {got:?}"
        );
        let fatal = got.iter().find_map(|m| match m {
            FromWorker::Fatal { message } => Some(message.clone()),
            _ => None,
        });
        let fatal = fatal.unwrap_or_else(|| panic!("{what}: no Fatal in {got:?}"));
        assert!(
            fatal.to_lowercase().contains(&says.to_lowercase()),
            "{what}: {fatal}"
        );
        assert_eq!(code, Some(1), "{what}: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    }
}
