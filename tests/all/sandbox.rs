//! Capabilities, deny by default: what a guest can reach without grants
//! (nothing) and with them (exactly what was granted). Each hostile
//! behaviour runs in a real worker against the real `hostile` guest; the
//! host must stay healthy and get the right error back.

use crate::common;

use std::{
    io::Write,
    sync::{Mutex, Once},
    time::Duration,
};

use remoteobj_host::{DirAccess, Error, ErrorKind};

common::both_languages!(
    without_grants_no_file_is_readable,
    "hostile",
    "hostile",
    |obj| {
        let r = obj.proxy();
        for path in [
            "/etc/passwd",
            "/",
            ".",
            "../../etc/passwd",
            "/proc/self/environ",
        ] {
            let e = common::remote_error(r.attr("read_file").call::<String>((path,)));
            assert_eq!(e.kind, ErrorKind::Runtime, "{path}: {e}");
            assert!(e.message.contains(path), "{e}");
        }
        let e = common::remote_error(r.attr("list_dir").call::<Vec<String>>(("/",)));
        assert!(e.message.contains('/'), "{e}");
        let e = common::remote_error(
            r.attr("write_file")
                .call::<()>(("/tmp/remoteobj-escape", "x")),
        );
        assert!(e.message.contains("/tmp/remoteobj-escape"), "{e}");
        assert!(!std::path::Path::new("/tmp/remoteobj-escape").exists());
        assert_eq!(
            r.attr("inc").call::<i64>(()).unwrap(),
            1,
            "the object lives on"
        );
    }
);

common::both_languages!(
    without_grants_the_hosts_environment_and_arguments_are_invisible,
    "hostile",
    "hostile",
    |obj| {
        // Variables the host's process has (and its workers inherit).
        let inherited = ["PATH", "HOME", "CARGO_MANIFEST_DIR"];
        assert!(inherited.iter().all(|v| std::env::var_os(v).is_some()));
        let r = obj.proxy();
        assert_eq!(
            r.attr("env").call::<Vec<(String, String)>>(()).unwrap(),
            vec![]
        );
        for name in inherited {
            assert_eq!(
                r.attr("var").call::<Option<String>>((name,)).unwrap(),
                None,
                "{name}"
            );
        }
        assert_eq!(
            r.attr("args").call::<Vec<String>>(()).unwrap(),
            Vec::<String>::new()
        );
    }
);

common::both_languages!(
    without_grants_there_is_no_network_even_to_a_listening_local_port,
    "hostile",
    "hostile",
    |obj| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let r = obj.proxy();
        let e = common::remote_error(r.attr("connect").call::<String>((addr.as_str(),)));
        assert!(e.message.contains(&addr), "{e}");
        assert!(
            matches!(listener.accept(), Err(ref e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "the guest reached the listener"
        );
        let e = common::remote_error(r.attr("lookup").call::<Vec<String>>(("localhost",)));
        assert!(e.message.contains("localhost"), "{e}");
        assert_eq!(
            r.attr("inc").call::<i64>(()).unwrap(),
            1,
            "the object lives on"
        );
    }
);

#[test]
fn granted_directories_environment_and_arguments_are_exactly_what_the_guest_sees() {
    let dir = std::env::temp_dir().join(format!("remoteobj-sandbox-{}", std::process::id()));
    let ro = dir.join("ro");
    let rw = dir.join("rw");
    std::fs::create_dir_all(&ro).unwrap();
    std::fs::create_dir_all(&rw).unwrap();
    std::fs::write(ro.join("hello.txt"), "hello from the host").unwrap();
    let obj = common::spawn_with(
        common::host()
            .grant_dir(&ro, "/ro", DirAccess::ReadOnly)
            .grant_dir(&rw, "/rw", DirAccess::ReadWrite)
            .grant_env("GREETING", "hi")
            .args(["hostile", "--verbose"]),
        "hostile",
    );
    let r = obj.proxy();
    assert_eq!(
        r.attr("read_file")
            .call::<String>(("/ro/hello.txt",))
            .unwrap(),
        "hello from the host"
    );
    assert_eq!(
        r.attr("list_dir").call::<Vec<String>>(("/ro",)).unwrap(),
        vec!["hello.txt".to_string()]
    );
    // Read-only means read-only.
    let e = common::remote_error(r.attr("write_file").call::<()>(("/ro/new.txt", "no")));
    assert!(e.message.contains("/ro/new.txt"), "{e}");
    assert!(!ro.join("new.txt").exists());
    // Read-write lands on the host.
    r.attr("write_file")
        .call::<()>(("/rw/out.txt", "from the guest"))
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(rw.join("out.txt")).unwrap(),
        "from the guest"
    );
    // No way out of a granted directory.
    let e = common::remote_error(
        r.attr("read_file")
            .call::<String>(("/ro/../../etc/passwd",)),
    );
    assert_eq!(e.kind, ErrorKind::Runtime, "{e}");
    let e = common::remote_error(r.attr("read_file").call::<String>(("/etc/passwd",)));
    assert_eq!(e.kind, ErrorKind::Runtime, "{e}");
    assert_eq!(
        r.attr("env").call::<Vec<(String, String)>>(()).unwrap(),
        vec![("GREETING".to_string(), "hi".to_string())]
    );
    assert_eq!(
        r.attr("args").call::<Vec<String>>(()).unwrap(),
        vec!["hostile".to_string(), "--verbose".to_string()]
    );
    drop(obj);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn granting_a_directory_that_does_not_exist_fails_the_load_and_says_which() {
    let err = common::host()
        .grant_dir("/nonexistent/remoteobj", "/data", DirAccess::ReadOnly)
        .spawn(common::guest("hostile"))
        .unwrap_err();
    match &err {
        Error::LoadFailed { message, .. } => {
            assert!(message.contains("/nonexistent/remoteobj"), "{message}")
        }
        other => panic!("{other}"),
    }
}

/// Everything the host logs, for checking what guests printed.
static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct LogWriter;
impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| LogWriter)
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
    });
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

common::both_languages!(
    a_guest_that_prints_megabytes_costs_bounded_memory_and_its_lines_reach_the_log,
    "hostile",
    "hostile",
    |obj| {
        capture_logs();
        let r = obj.proxy();
        // Warm up, so the baseline includes a first call's allocations.
        assert_eq!(r.attr("shout").call::<u64>((1,)).unwrap(), 1024 * 1024);
        let before = rss_kib(obj.pid());
        let printed: u64 = r.attr("shout").call((64,)).unwrap();
        assert_eq!(printed, 64 * 1024 * 1024);
        let after = rss_kib(obj.pid());
        assert!(
            after < before + 32 * 1024,
            "the worker grew from {before} KiB to {after} KiB while its guest printed 64 MiB"
        );
        assert_eq!(
            r.attr("inc").call::<i64>(()).unwrap(),
            1,
            "the object lives on"
        );
        let pid = format!("pid={} ", obj.pid());
        drop(obj);
        let log = String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned();
        // This worker's lines only: the other language's test shares the log.
        let log: Vec<&str> = log.lines().filter(|l| l.contains(&pid)).collect();
        let lines = log
            .iter()
            .filter(|l| l.contains("remoteobj::guest") && l.contains("xxxxxxxx"))
            .count();
        // 1024 from the warm-up, and at least the 1 MiB held of the 64 MiB.
        assert!(
            lines >= 2 * 1024 - 1,
            "only {lines} guest lines reached the log"
        );
        assert!(
            log.iter()
                .any(|l| l.contains("bytes of guest output dropped")),
            "no drop notice in the log"
        );
    }
);

#[test]
fn a_guest_sees_the_time_but_nothing_else_of_the_host() {
    let obj = common::spawn("hostile");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let guest_now: u64 = obj.proxy().attr("clock").call(()).unwrap();
    assert!(guest_now.abs_diff(now) < Duration::from_secs(60).as_millis() as u64);
}
