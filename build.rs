//! Builds the guest components in `guests/`: the Rust ones for
//! `wasm32-wasip2`, and the Python ones (`guests/python/`) with
//! componentize-py, installed into a virtual environment under the target
//! directory (see `python_guests`).
//!
//! The Rust guests are their own workspace, built by a nested `cargo build` into
//! their own target directory (`target/guests`), so the outer build's lock is
//! never waited on. The directory holding the `.wasm` files is passed to the
//! crate (CLI and tests) as `REMOTEOBJ_GUEST_DIR`.
//!
//! rustup installs a toolchain file's `targets` only when it installs the
//! toolchain itself; on a machine where the toolchain was already there, the
//! target is missing, so this script adds it (`rustup target add`).
//!
//! Cargo shows a build script's output only once it has finished (and its
//! warnings again at every later build), so the nested build's progress
//! goes to the terminal, when there is one, line by line as it happens:
//! the first build takes minutes, and a silent one looks stuck.

use std::{
    env,
    fs::File,
    io::{BufRead, BufReader, Write},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::Mutex,
    time::Instant,
};

use anyhow::{Context, Result, bail};

const TARGET: &str = "wasm32-wasip2";
const GUESTS: &[&str] = &[
    "counter",
    "inherit",
    "containers",
    "levels",
    "toggler",
    "stepper",
    "hostile",
];

fn main() -> Result<()> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    for path in ["guests", "guest-sdk", "wit"] {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    println!("cargo:rerun-if-env-changed=REMOTEOBJ_GUESTS_TARGET_DIR");

    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let progress = Progress::open();
    ensure_target(&rustc, &progress)?;

    let target_dir = match env::var_os("REMOTEOBJ_GUESTS_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => root.join("target").join("guests"),
    };
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(&cargo);
    cmd.arg("build")
        .arg("--release")
        .arg("--locked")
        .args(["--target", TARGET])
        .arg("--manifest-path")
        .arg(root.join("guests").join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .env("RUSTC", &rustc);
    // Nothing of the outer build's configuration may leak into the guests'.
    for (key, _) in env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_") && key != "CARGO_HOME"
            || key.starts_with("RUSTC_")
            || key == "RUSTFLAGS"
            || key == "RUSTDOCFLAGS"
        {
            cmd.env_remove(key.as_ref());
        }
    }
    let out_dir = target_dir.join(TARGET).join("release");
    let first = !out_dir.exists();
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("running `{cargo} build` for the guests"))?;
    // Each line as it comes, to the terminal; all of them for an error.
    let mut said = String::new();
    // Whether the nested build did more than find everything up to date.
    let mut working = false;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines() {
            let line = line.context("reading the guest build's output")?;
            let line = line.trim_start();
            if !working && !line.starts_with("Finished") {
                working = true;
                progress.say(&format!(
                    "building the example guests for {TARGET} into {}{}",
                    target_dir.display(),
                    if first {
                        " (a first build takes a few minutes)"
                    } else {
                        ""
                    }
                ));
            }
            if working {
                progress.say(line);
            }
            said.push_str(line);
            said.push('\n');
        }
    }
    let status = child
        .wait()
        .with_context(|| format!("waiting for `{cargo} build` for the guests"))?;
    if !status.success() {
        bail!("building the guest components failed ({status}):\n{said}");
    }
    if working {
        progress.say(&format!(
            "built the example guests in {:.0}s",
            started.elapsed().as_secs_f64()
        ));
    }
    for guest in GUESTS {
        let wasm = out_dir.join(format!("{guest}.wasm"));
        if !wasm.exists() {
            bail!(
                "the guest build succeeded but {} is missing",
                wasm.display()
            );
        }
    }
    println!("cargo:rustc-env=REMOTEOBJ_GUEST_DIR={}", out_dir.display());
    python_guests(&root, &target_dir, &progress)
}

/// The componentize-py the Python guests are built with (pinned: its
/// embedded CPython and its bindings are part of what a guest is).
const COMPONENTIZE_PY: &str = "componentize-py==0.25.1";

/// Builds each `guests/python/<name>/app.py` into
/// `<target>/python/<name>.wasm` with componentize-py, installed into a
/// virtual environment under the target directory; a guest whose inputs
/// have not changed is not built again. Without a Python 3.10 or later the
/// Python guests are skipped, saying so (`REMOTEOBJ_PYTHON_GUEST_DIR` is
/// then empty, and their tests say they were skipped), and so they are
/// when componentize-py cannot be installed (no `venv` module, no
/// network); `REMOTEOBJ_SKIP_PYTHON_GUESTS=1` skips them on purpose, and
/// `REMOTEOBJ_REQUIRE_PYTHON_GUESTS=1` (CI) makes every such skip an error.
fn python_guests(root: &Path, target_dir: &Path, progress: &Progress) -> Result<()> {
    println!("cargo:rerun-if-env-changed=REMOTEOBJ_SKIP_PYTHON_GUESTS");
    println!("cargo:rerun-if-env-changed=REMOTEOBJ_REQUIRE_PYTHON_GUESTS");
    println!("cargo:rerun-if-env-changed=REMOTEOBJ_PYTHON");
    let required = env::var_os("REMOTEOBJ_REQUIRE_PYTHON_GUESTS").is_some_and(|v| v == "1");
    let skip = |why: String| {
        if required {
            bail!(
                "the Python guests cannot be built, and REMOTEOBJ_REQUIRE_PYTHON_GUESTS=1: {why}"
            );
        }
        println!("cargo:warning=the Python guests are not built: {why}");
        progress.say(&format!("Python guests skipped: {why}"));
        println!("cargo:rustc-env=REMOTEOBJ_PYTHON_GUEST_DIR=");
        println!("cargo:rustc-env=REMOTEOBJ_COMPONENTIZE_PY=");
        Ok(())
    };
    if env::var_os("REMOTEOBJ_SKIP_PYTHON_GUESTS").is_some_and(|v| v == "1") {
        return skip("REMOTEOBJ_SKIP_PYTHON_GUESTS=1".into());
    }
    let python = match find_python() {
        Ok(python) => python,
        Err(why) => return skip(why),
    };
    let sources = root.join("guests").join("python");
    let sdk = root.join("guest-sdk").join("python");
    let wit = root.join("wit");
    let mut guests: Vec<PathBuf> = std::fs::read_dir(&sources)
        .with_context(|| format!("listing {}", sources.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("app.py").is_file())
        .collect();
    guests.sort();

    let venv = target_dir.join("python-venv");
    let componentize = venv.join("bin").join("componentize-py");
    let pinned = venv.join("installed.txt");
    // What the environment was made with: another interpreter, or a tool
    // that no longer runs (its interpreter gone), makes it again.
    let installed = format!("{COMPONENTIZE_PY} {}", python.display());
    let runs = || {
        Command::new(&componentize)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if std::fs::read_to_string(&pinned).ok().as_deref() != Some(installed.as_str()) || !runs() {
        progress.say(&format!(
            "installing {COMPONENTIZE_PY} into {}",
            venv.display()
        ));
        let _ = std::fs::remove_file(&pinned);
        if let Err(e) = install_componentize_py(&python, &venv) {
            // Missing, so the next build tries again (a network that was
            // down may be up).
            println!("cargo:rerun-if-changed={}", pinned.display());
            return skip(format!("{e:#}"));
        }
        std::fs::write(&pinned, &installed)
            .with_context(|| format!("writing {}", pinned.display()))?;
    }

    let out_dir = target_dir.join("python");
    std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    for guest in &guests {
        let name = guest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let wasm = out_dir.join(format!("{name}.wasm"));
        let stamp = out_dir.join(format!("{name}.stamp"));
        let inputs = format!(
            "{COMPONENTIZE_PY} {:016x}",
            tree_hash(&[guest.as_path(), sdk.as_path(), wit.as_path()])?
        );
        if wasm.is_file() && std::fs::read_to_string(&stamp).ok() == Some(inputs.clone()) {
            continue;
        }
        progress.say(&format!(
            "componentizing the Python guest {name} (about 15 s)"
        ));
        let started = Instant::now();
        // From a copy, this build's own: componentize-py's CPython writes
        // __pycache__ beside what it imports (which would make the next
        // cargo build run this script again), and a debug and a release
        // build may run at once.
        let work = out_dir.join(format!("{name}.{}.work", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        copy_tree(guest, &work.join("guest"))?;
        copy_tree(
            &sdk.join("remoteobj_guest"),
            &work.join("sdk").join("remoteobj_guest"),
        )?;
        let partial = work.join("app.wasm");
        let built = run(
            Command::new(&componentize)
                .arg("-d")
                .arg(&wit)
                .args(["-w", "remote-object", "componentize", "-p"])
                .arg(work.join("guest"))
                .arg("-p")
                .arg(work.join("sdk"))
                .args(["app", "-o"])
                .arg(&partial),
            &format!("building the Python guest {}", guest.display()),
        )
        .and_then(|()| {
            std::fs::rename(&partial, &wasm).with_context(|| format!("writing {}", wasm.display()))
        });
        let _ = std::fs::remove_dir_all(&work);
        built?;
        std::fs::write(&stamp, inputs).with_context(|| format!("writing {}", stamp.display()))?;
        progress.say(&format!(
            "built the Python guest {name} in {:.0}s",
            started.elapsed().as_secs_f64()
        ));
    }
    println!(
        "cargo:rustc-env=REMOTEOBJ_PYTHON_GUEST_DIR={}",
        out_dir.display()
    );
    // For `remoteobj call FILE.py`.
    println!(
        "cargo:rustc-env=REMOTEOBJ_COMPONENTIZE_PY={}",
        componentize.display()
    );
    Ok(())
}

/// A virtual environment at `venv`, made by `python`, with the pinned
/// componentize-py installed from PyPI.
fn install_componentize_py(python: &Path, venv: &Path) -> Result<()> {
    run(
        Command::new(python)
            .args(["-m", "venv", "--clear"])
            .arg(venv),
        "creating a Python virtual environment (Debian and Ubuntu need the python3-venv package)",
    )?;
    run(
        Command::new(venv.join("bin").join("python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(COMPONENTIZE_PY),
        &format!("installing {COMPONENTIZE_PY} from PyPI"),
    )
}

/// Copies the files below `from` to `to`, leaving out `__pycache__`.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("listing {}", from.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name() else {
            continue;
        };
        if name == "__pycache__" {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &to.join(name))?;
        } else {
            std::fs::copy(&path, to.join(name))
                .with_context(|| format!("copying {}", path.display()))?;
        }
    }
    Ok(())
}

/// A Python 3.10 or later: `$REMOTEOBJ_PYTHON`, else `python3`; why not
/// when there is none.
fn find_python() -> std::result::Result<PathBuf, String> {
    let python = env::var_os("REMOTEOBJ_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    let out = Command::new(&python)
        .args([
            "-c",
            "import sys; print(sys.version_info[0], sys.version_info[1])",
        ])
        .output()
        .map_err(|e| {
            format!(
                "no Python found (`{}`: {e}); they need Python 3.10 or later",
                python.display()
            )
        })?;
    let version = String::from_utf8_lossy(&out.stdout);
    let mut parts = version
        .split_whitespace()
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < (3, 10) {
        return Err(format!(
            "`{}` is Python {major}.{minor}; they need Python 3.10 or later (set REMOTEOBJ_PYTHON)",
            python.display()
        ));
    }
    Ok(python)
}

/// Runs `cmd` to its end; its output is shown when it fails.
fn run(cmd: &mut Command, doing: &str) -> Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("{doing}: could not run {cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "{doing} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// A hash of the files below `roots` (their paths and contents), skipping
/// `__pycache__`: what a Python guest is built from.
fn tree_hash(roots: &[&Path]) -> Result<u64> {
    use std::hash::{Hash, Hasher};
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = roots.iter().map(|r| r.to_path_buf()).collect();
    while let Some(dir) = dirs.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))?
        {
            let path = entry?.path();
            if path.file_name().is_some_and(|n| n == "__pycache__") {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file)
            .with_context(|| format!("reading {}", file.display()))?
            .hash(&mut hasher);
    }
    Ok(hasher.finish())
}

/// Progress lines for whoever waits at a terminal: written to `/dev/tty`
/// (cargo captures the script's own stdout and stderr), and to stderr, which
/// cargo keeps in the build directory and shows with `-vv` or on failure.
struct Progress {
    tty: Option<Mutex<File>>,
}

impl Progress {
    fn open() -> Self {
        let tty = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/tty")
            .ok()
            .map(Mutex::new);
        Progress { tty }
    }

    /// One line, right-aligned like cargo's own ("   Compiling ..."),
    /// over cargo's progress bar (which redraws itself below it).
    fn say(&self, line: &str) {
        eprintln!("guests: {line}");
        if let Some(tty) = &self.tty
            && let Ok(mut tty) = tty.lock()
        {
            let _ = write!(tty, "\r\x1b[2K{:>12} {line}\n", "guests");
        }
    }
}

/// Makes sure the toolchain running this build has the wasm32-wasip2 standard
/// library, adding it with rustup when it does not.
fn ensure_target(rustc: &str, progress: &Progress) -> Result<()> {
    let sysroot = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .with_context(|| format!("running `{rustc} --print sysroot`"))?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if has_target(&sysroot) {
        return Ok(());
    }
    let toolchain = env::var("RUSTUP_TOOLCHAIN").ok().or_else(|| {
        sysroot
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    });
    progress.say(&format!(
        "the {TARGET} target is missing; running `rustup target add {TARGET}`"
    ));
    let mut cmd = Command::new("rustup");
    cmd.args(["target", "add", TARGET]);
    if let Some(toolchain) = &toolchain {
        cmd.args(["--toolchain", toolchain]);
    }
    let status = cmd.status();
    match status {
        Ok(s) if s.success() && has_target(&sysroot) => Ok(()),
        Ok(s) => bail!(
            "`rustup target add {TARGET}` failed ({s}). The guests need the {TARGET} target; \
             install it by hand with `rustup target add {TARGET}` and build again."
        ),
        Err(e) => bail!(
            "the {TARGET} target is not installed for this toolchain ({}) and rustup could not be \
             run ({e}). Install the target with your toolchain manager and build again.",
            sysroot.display()
        ),
    }
}

fn has_target(sysroot: &Path) -> bool {
    sysroot
        .join("lib")
        .join("rustlib")
        .join(TARGET)
        .join("lib")
        .is_dir()
}
