//! Helpers for the end-to-end tests: a host whose workers are the real
//! `remoteobj` binary, and the real guest components built by build.rs.

use std::{
    path::PathBuf,
    time::{Duration, Instant},
};

use remoteobj_host::{ComponentSource, Error, Host, RemoteObject, WorkerCommand};
pub use rustix::process::Signal;
use rustix::process::{Pid, kill_process};

/// The `remoteobj` binary built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_remoteobj");

/// The compiled-code cache the tests share (in the target directory, so
/// the user's own cache is left alone, and later runs start warm).
pub fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("remoteobj-cache")
}

/// The `remoteobj` binary as a command, using the tests' cache.
pub fn command() -> std::process::Command {
    let mut command = std::process::Command::new(BIN);
    command.env("REMOTEOBJ_CACHE_DIR", cache_dir());
    command
}

/// A host that starts `remoteobj worker` subprocesses.
pub fn host() -> Host {
    Host::new()
        .worker_command(WorkerCommand::program(BIN).arg("worker"))
        .compile_cache(Some(cache_dir()))
        .request_timeout(Duration::from_secs(60))
        .start_timeout(Duration::from_secs(60))
}

/// The path of a guest component built from `guests/NAME`.
pub fn guest_path(name: &str) -> PathBuf {
    PathBuf::from(env!("REMOTEOBJ_GUEST_DIR")).join(format!("{name}.wasm"))
}

/// A guest component built from `guests/NAME`.
pub fn guest(name: &str) -> ComponentSource {
    ComponentSource::file(guest_path(name))
}

/// A listening object running guest NAME.
pub fn spawn(name: &str) -> RemoteObject {
    spawn_with(host(), name)
}

/// A listening object running guest NAME, started by `host` (a [`host`]
/// with more settings).
pub fn spawn_with(host: Host, name: &str) -> RemoteObject {
    host.spawn(guest(name))
        .unwrap_or_else(|e| panic!("spawning {name}: {e}"))
}

/// Whether a process exists (a zombie counts: it was not reaped).
pub fn process_exists(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Sends `signal` to a process.
pub fn signal(pid: u32, signal: Signal) {
    let target = Pid::from_raw(pid as i32).expect("a process id");
    kill_process(target, signal).unwrap_or_else(|e| panic!("kill -{signal:?} {pid}: {e}"));
}

/// Sends SIGKILL to a process.
pub fn kill9(pid: u32) {
    signal(pid, Signal::KILL);
}

/// A fake worker that writes `frames` to the host, then sits silent: for
/// testing the host's side of the protocol (timeouts, bad peers) exactly.
pub fn scripted_worker(test: &str, frames: &[remoteobj_protocol::FromWorker]) -> WorkerCommand {
    use remoteobj_protocol::{DEFAULT_MAX_FRAME, encode_frame};
    let dir = std::env::temp_dir().join(format!("remoteobj-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("frames.bin");
    let bytes: Vec<u8> = frames
        .iter()
        .flat_map(|f| encode_frame(f, DEFAULT_MAX_FRAME).unwrap())
        .collect();
    std::fs::write(&file, bytes).unwrap();
    WorkerCommand::program("/bin/sh")
        .arg("-c")
        .arg(format!("cat '{}'; exec sleep 60", file.display()))
}

/// The guest's error from `result`; anything else fails the test.
pub fn remote_error<T: std::fmt::Debug>(
    result: Result<T, remoteobj_host::Error>,
) -> remoteobj_host::RemoteError {
    match result {
        Err(remoteobj_host::Error::Remote(e)) => e,
        other => panic!("expected a remote error, got {other:?}"),
    }
}

/// Spawns with `worker` and expects a prompt failure (no waiting for the
/// start timeout).
pub fn spawn_fails_fast(worker: WorkerCommand) -> Error {
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

/// Waits until `cond` holds, polling; panics with `what` after 20 s.
pub fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let t = Instant::now();
    while !cond() {
        assert!(t.elapsed() < Duration::from_secs(20), "never: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A stepper (guests/stepper) whose loop answers at the cooperative point
/// `mode`, once it does.
pub fn stepper(host: Host, mode: &str) -> RemoteObject {
    in_mode(spawn_with(host, "stepper"), mode)
}

/// `obj`, a stepper of either language, once its loop answers at the
/// cooperative point `mode`.
pub fn in_mode(obj: RemoteObject, mode: &str) -> RemoteObject {
    let r = obj.proxy();
    r.set_attr("mode", mode).unwrap();
    // The step that answered it may still be sleeping (and answering);
    // two steps on, the loop uses the new mode.
    let steps: u64 = r.attr("steps").get().unwrap();
    eventually("the loop changes mode", || {
        r.attr("steps").get::<u64>().unwrap() >= steps + 2
    });
    obj
}

/// The Python guest `name` (guests/python/NAME/app.py), compiled into the
/// tests' cache once, before any test spawns it (compiling one takes tens
/// of seconds in a debug build: tests spawning it at once would each do
/// it); `None`, said on stderr, when the build skipped the Python guests.
pub fn python_guest(name: &str) -> Option<ComponentSource> {
    static COMPILED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let dir = env!("REMOTEOBJ_PYTHON_GUEST_DIR");
    if dir.is_empty() {
        eprintln!("skipped: the build did not build the Python guests (see its warning)");
        return None;
    }
    let source = ComponentSource::file(PathBuf::from(dir).join(format!("{name}.wasm")));
    let mut compiled = COMPILED.lock().unwrap_or_else(|p| p.into_inner());
    if !compiled.iter().any(|n| n == name) {
        remoteobj_host::CompileCache::at(cache_dir())
            .compile(&source)
            .unwrap_or_else(|e| panic!("compiling the Python guest {name}: {e}"));
        compiled.push(name.to_string());
    }
    Some(source)
}

/// Spawns the Python guest `name` with the tests' host; `None` when the
/// Python guests were not built.
pub fn spawn_python(name: &str) -> Option<RemoteObject> {
    spawn_python_with(host(), name)
}

/// Spawns the Python guest `name` with `host`; `None` when the Python
/// guests were not built.
pub fn spawn_python_with(host: Host, name: &str) -> Option<RemoteObject> {
    let source = python_guest(name)?;
    Some(
        host.spawn(source)
            .unwrap_or_else(|e| panic!("spawning the Python guest {name}: {e}")),
    )
}

/// One end-to-end test body run against a Rust guest and the Python guest
/// of the same shape, as two tests (`NAME::rust`, `NAME::python`), so the
/// two SDKs cannot drift apart:
/// `both_languages!(name, "counter", "some_object", |obj| { ... });`, or
/// with `host = EXPR` before the body for another host than the tests'.
macro_rules! both_languages {
    ($name:ident, $rust:literal, $python:literal, |$obj:ident| $body:block) => {
        $crate::common::both_languages!(
            $name, $rust, $python, host = $crate::common::host(), |$obj| $body
        );
    };
    ($name:ident, $rust:literal, $python:literal, host = $host:expr, |$obj:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn body($obj: remoteobj_host::RemoteObject) $body

            #[test]
            fn rust() {
                body($crate::common::spawn_with($host, $rust));
            }

            #[test]
            fn python() {
                if let Some(obj) = $crate::common::spawn_python_with($host, $python) {
                    body(obj);
                }
            }
        }
    };
}
pub(crate) use both_languages;
