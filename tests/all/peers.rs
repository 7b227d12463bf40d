//! Peers that break the protocol and pipes that stall: garbage, a version
//! mismatch, an answer to a request never sent, frames over the limit, a
//! worker fed bad input, a frozen worker. Each costs a clear error, never a
//! hang or a panic.

use crate::common;

use std::time::{Duration, Instant};

use remoteobj_host::{ComponentSource, DeathCause, Error, Host, KillReason, WorkerCommand};

#[test]
fn a_worker_that_speaks_garbage_is_a_protocol_failure() {
    let err = common::spawn_fails_fast(
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
    let err = common::spawn_fails_fast(worker);
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
