//! Builds the guest components in `guests/` for `wasm32-wasip2`.
//!
//! The guests are their own workspace, built by a nested `cargo build` into
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
    Ok(())
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
