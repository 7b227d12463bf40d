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

use std::{
    env,
    path::{Path, PathBuf},
    process::Command,
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
    ensure_target(&rustc)?;

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
    let output = cmd
        .output()
        .with_context(|| format!("running `{cargo} build` for the guests"))?;
    if !output.status.success() {
        bail!(
            "building the guest components failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let out_dir = target_dir.join(TARGET).join("release");
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

/// Makes sure the toolchain running this build has the wasm32-wasip2 standard
/// library, adding it with rustup when it does not.
fn ensure_target(rustc: &str) -> Result<()> {
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
    println!("cargo:warning=the {TARGET} target is missing; running `rustup target add {TARGET}`");
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
