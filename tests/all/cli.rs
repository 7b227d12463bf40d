//! The `remoteobj` command line, run as a user would.

use crate::common;

use std::path::PathBuf;
use std::process::{Command, Output};

fn remoteobj(args: &[&str]) -> Output {
    common::command()
        .args(args)
        .output()
        .expect("running remoteobj")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn demo_runs_python_remoteobjs_examples() {
    let out = remoteobj(&["demo"]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("obj.remote.chain().chain().chain().x.__      -> 13"),
        "{text}"
    );
    assert!(text.contains("did you mean `x`?"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("summary: 21 requests answered")),
        "{text}"
    );
    // The Full Example's timeline: three on/off cycles, then stop and join.
    assert_eq!(text.matches(" while on").count(), 3, "{text}");
    assert_eq!(text.matches("+0 while off").count(), 3, "{text}");
    assert!(text.contains("(what the loop returned)"), "{text}");
    assert!(text.contains("(the object stays reachable)"), "{text}");
}

#[test]
fn call_works_on_an_active_guest() {
    // Once toggle(False) has answered, the loop counts no more.
    let out = remoteobj(&[
        "call",
        "toggler",
        "toggle(True)",
        "is_on",
        "toggle(False)",
        "x = 5",
        "x",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "null\ntrue\nnull\nnull\n5\n");
    assert!(stderr(&out).contains("is_on = true"), "{}", stderr(&out));
}

#[test]
fn call_evaluates_expressions_in_order() {
    let wasm = common::guest_path("counter");
    let out = remoteobj(&[
        "call",
        wasm.to_str().unwrap(),
        "inc()",
        "x",
        "another.append(6)",
        "another[0]",
        "x = 10",
        "x",
        "toggle(state=true)",
        "is_on",
        "chain().chain().x",
        "len(another)",
        "6 in another",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "null\n1\nnull\n6\nnull\n10\nnull\ntrue\n12\n1\ntrue\n"
    );
}

#[test]
fn call_on_the_inherit_guest() {
    let out = remoteobj(&["call", "inherit", "asdf()", "super.asdf()", "chain()", "x"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "6\n5\n{\"$self\":\"<object>\"}\n1\n");
}

#[test]
fn call_errors_print_kind_and_message_and_fail() {
    let out = remoteobj(&["call", "counter", "x", "xx", "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "0\n", "evaluation stops at the first error");
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: AttributeError (Counter): `Counter` has no attribute `xx`; did you mean `x`?"
        ),
        "{err}"
    );

    for expr in ["self = 1", "del self", "inc() = 2"] {
        let out = remoteobj(&["call", "counter", expr]);
        assert_eq!(out.status.code(), Some(1), "{expr}");
        assert!(
            stderr(&out).contains("an attribute or an item"),
            "{expr}: {}",
            stderr(&out)
        );
    }

    let out = remoteobj(&["call", "counter", "inc("]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot parse"), "{}", stderr(&out));

    let out = remoteobj(&["call", "no-such-guest.wasm", "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a built-in guest"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn inspect_prints_the_schema() {
    let out = remoteobj(&["inspect", "inherit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("B(A)\n"), "{text}");
    assert!(text.contains("  label: String"), "{text}");
    let out = remoteobj(&["inspect", "counter", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["type_name"], "Counter");
    assert_eq!(json["methods"].as_array().unwrap().len(), 5);
}

#[test]
fn guest_output_reaches_the_host_log_tagged_with_the_worker() {
    let out = common::command()
        .args(["call", "counter", "toggle(true)", "div(0)"])
        .env("RUST_LOG", "remoteobj::guest=info")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = stderr(&out);
    let stdout_line = err
        .lines()
        .find(|l| l.contains("is_on = true"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(stdout_line.contains("object=counter"), "{stdout_line}");
    assert!(stdout_line.contains("stream=\"stdout\""), "{stdout_line}");
    let stderr_line = err
        .lines()
        .find(|l| l.contains("refusing to divide 0 by zero"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(stderr_line.contains("stream=\"stderr\""), "{stderr_line}");
    assert_eq!(
        stdout(&out),
        "null\n",
        "guest output never mixes with results"
    );
}

#[test]
fn a_host_program_can_be_its_own_worker() {
    let example = example("embed");
    let out = Command::new(&example)
        .arg(common::guest_path("counter"))
        .env("REMOTEOBJ_CACHE_DIR", common::cache_dir())
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", example.display()));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("worker pid ") && text.ends_with("says x = 3\n"),
        "{text}"
    );
}

/// An example, which `cargo test` builds next to the test binaries.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join(name)
}

#[test]
fn the_readme_examples_are_the_examples_and_they_run() {
    let readme = include_str!("../../README.md");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readme-examples");
    std::fs::create_dir_all(&dir).unwrap();
    for guest in ["counter", "inherit"] {
        std::fs::copy(common::guest_path(guest), dir.join(format!("{guest}.wasm"))).unwrap();
    }
    for (name, source) in [
        ("typed", include_str!("../../examples/typed.rs")),
        ("dynamic", include_str!("../../examples/dynamic.rs")),
    ] {
        // The README shows the example from its first `use` to its last line.
        let code = &source[source.find("use ").unwrap()..];
        let code = code.replace("\n    println!(\"ok\");", "");
        assert!(
            readme.contains(&code),
            "README.md does not show examples/{name}.rs as it is:\n{code}"
        );
        let out = Command::new(example(name))
            .current_dir(&dir)
            .env("REMOTEOBJ_CACHE_DIR", common::cache_dir())
            .output()
            .unwrap_or_else(|e| panic!("running example {name}: {e}"));
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), "ok\n", "{name}");
    }
}

#[test]
fn the_tokio_example_checks_a_thousand_answers() {
    let out = Command::new(example("tokio_host"))
        .arg(common::guest_path("counter"))
        .env("REMOTEOBJ_CACHE_DIR", common::cache_dir())
        .output()
        .unwrap_or_else(|e| panic!("running example tokio_host: {e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1000 answers checked; 0 requests pending\n");
}

#[test]
fn call_passes_objects_to_guest_functions() {
    let out = remoteobj(&[
        "call",
        "containers",
        "items.extend([1, 2, 3])",
        "str(settings)",
        "list(items)",
        "hasattr(self, 'items')",
        "passto(self, 'total', 10)",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "null\n\" at level 0\"\n[1,2,3]\ntrue\n16\n");
}

#[test]
fn inspect_shows_every_example_guest() {
    for (guest, first_line) in [
        ("counter", "Counter"),
        ("inherit", "B(A)"),
        ("containers", "Inventory"),
        ("levels", "C(B -> A)"),
        ("hostile", "Hostile"),
    ] {
        let out = remoteobj(&["inspect", guest]);
        assert!(out.status.success(), "{guest}: {}", stderr(&out));
        assert_eq!(stdout(&out).lines().next(), Some(first_line), "{guest}");
    }
}

#[test]
fn call_grants_nothing_unless_its_flags_say_so() {
    let out = remoteobj(&["call", "hostile", "read_file('/etc/passwd')"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("RuntimeError"), "{}", stderr(&out));

    let dir = std::env::temp_dir().join(format!("remoteobj-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("note.txt"), "granted").unwrap();
    let grant = format!("{}:/data", dir.display());
    let out = remoteobj(&[
        "call",
        "--dir",
        &grant,
        "--env",
        "MODE=test",
        "--arg",
        "--flag",
        "hostile",
        "read_file('/data/note.txt')",
        "var('MODE')",
        "args()",
    ]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "\"granted\"\n\"test\"\n[\"--flag\"]\n");
    let _ = std::fs::remove_dir_all(&dir);

    let out = remoteobj(&["call", "--call-time", "200", "hostile", "spin()"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("TimeLimitExceeded"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn compile_fills_the_cache_and_cache_lists_and_clears_it() {
    let dir = std::env::temp_dir().join(format!("remoteobj-cli-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let run = |args: &[&str]| {
        Command::new(common::BIN)
            .args(args)
            .env("REMOTEOBJ_CACHE_DIR", &dir)
            .output()
            .unwrap()
    };
    let out = run(&["cache", "dir"]);
    assert_eq!(stdout(&out).trim(), dir.display().to_string());
    let out = run(&["compile", "counter"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("counter: "), "{}", stdout(&out));
    // `call` uses the counter's entry, and compiles the toggler itself,
    // into the same cache.
    for guest in ["counter", "toggler"] {
        let out = run(&["call", guest, "x"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = run(&["cache", "list"]);
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
    assert!(stdout(&out).lines().all(|l| l.ends_with(".cwasm")));
    let out = run(&["cache", "clear"]);
    assert!(stdout(&out).starts_with("removed 2 "), "{}", stdout(&out));
    assert_eq!(stdout(&run(&["cache"])), "");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bench_reports_every_figure_as_json() {
    let out = remoteobj(&["bench", "--json", "--rounds", "200", "--workers", "4"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let positive = |v: &serde_json::Value, what: &str| {
        let x = v
            .as_f64()
            .unwrap_or_else(|| panic!("{what} missing: {json:#}"));
        assert!(x > 0.0, "{what} = {x}");
    };
    for key in [
        "raw_pipe",
        "getattr",
        "getattr_async",
        "method_call",
        "setattr",
        "chain_3",
        "call_64k_arg",
        "raw_pipe_spin",
        "getattr_spin",
    ] {
        positive(&json["latency"][key]["p50_us"], key);
        positive(&json["latency"][key]["p99_us"], key);
        positive(&json["latency"][key]["p999_us"], key);
        positive(&json["latency"][key]["ratio_to_baseline_p50"], key);
    }
    for key in ["pipelined_getattr", "batched_getattr", "nowait_setattr"] {
        positive(&json["throughput_ops_per_s"][key], key);
    }
    for key in ["cold", "warm", "pooled"] {
        positive(&json["spawn"][key]["p50_ms"], key);
    }
    // A hand-over can round to 0.000 ms.
    let measured = |v: &serde_json::Value, what: &str| {
        assert!(v.as_f64().is_some_and(|x| x >= 0.0), "{what}: {json:#}");
    };
    measured(&json["spawn"]["loaded_pool"]["p50_ms"], "loaded pool");
    positive(&json["spawn"]["concurrent_all_answered_s"], "concurrent");
    positive(&json["idle_rss_mib"]["max"], "idle RSS");
    if !env!("REMOTEOBJ_PYTHON_GUEST_DIR").is_empty() {
        let python = &json["python"];
        for key in ["getattr", "method_call"] {
            positive(&python["latency"][key]["p50_us"], key);
            positive(&python["latency"][key]["ratio_to_rust_p50"], key);
        }
        positive(&python["spawn"]["cold_ms"], "Python cold spawn");
        for key in ["warm", "pooled"] {
            positive(&python["spawn"][key]["p50_ms"], key);
        }
        measured(
            &python["spawn"]["loaded_pool"]["p50_ms"],
            "Python loaded pool",
        );
        positive(&python["idle_rss_mib_max"], "Python idle RSS");
    }
    let targets = json["targets"].as_array().unwrap();
    let python_targets = if env!("REMOTEOBJ_PYTHON_GUEST_DIR").is_empty() {
        0
    } else {
        4
    };
    assert_eq!(targets.len(), 8 + python_targets, "{json:#}");
    assert!(targets.iter().all(|t| t["met"].is_boolean()));
}

#[test]
fn a_deeply_nested_value_on_the_command_line_is_an_error_not_a_crash() {
    let deep = format!("x = {}{}", "[".repeat(20_000), "]".repeat(20_000));
    let out = remoteobj(&["call", "counter", &deep]);
    // An error exit that says why, not an abort ("overflowed its stack").
    let said: String = stderr(&out).chars().take(300).collect();
    assert_eq!(out.status.code(), Some(1), "{:?}: {said}", out.status);
    assert!(said.contains("nested more than 256 levels"), "{said}");
}

#[test]
fn compile_holds_a_component_to_the_size_limit_given() {
    let out = remoteobj(&["compile", "counter", "--max-component-size", "100"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("over the limit of 100 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn call_componentizes_a_python_source_file_and_names_a_syntax_errors_line() {
    if env!("REMOTEOBJ_PYTHON_GUEST_DIR").is_empty() {
        eprintln!("skipped: the build did not build the Python guests");
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-python");
    std::fs::create_dir_all(&dir).unwrap();
    let pet = dir.join("pet.py");
    std::fs::write(
        &pet,
        "from remoteobj_guest import export\n\n\
         class Pet:\n    def __init__(self):\n        self.name = 'Rex'\n\n    \
         def speak(self, times=1):\n        return 'woof ' * times\n\n\
         export(Pet())\n",
    )
    .unwrap();
    let out = remoteobj(&["call", pet.to_str().unwrap(), "name", "speak(times=2)"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "\"Rex\"\n\"woof woof \"\n");
    let bad = dir.join("bad.py");
    std::fs::write(&bad, "class Pet:\n    def (:\n").unwrap();
    let out = remoteobj(&["call", bad.to_str().unwrap(), "x"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("{}:2: invalid syntax", bad.display())),
        "{}",
        stderr(&out)
    );
}
