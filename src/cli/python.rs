//! A Python guest given as a source file (`remoteobj call app.py ...`):
//! componentized on the fly with componentize-py, against the Python SDK
//! and the WIT built into this binary, and cached by content (the SDK, the
//! WIT and the file), so only the first run waits for it.

use std::{
    fs,
    hash::{Hash, Hasher},
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};
use remoteobj_host::CompileCache;

/// The Python SDK's modules, as this binary was built with them.
const SDK: &[(&str, &str)] = &[
    (
        "__init__.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/__init__.py"),
    ),
    (
        "_bindings.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/_bindings.py"),
    ),
    (
        "active.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/active.py"),
    ),
    (
        "cbor.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/cbor.py"),
    ),
    (
        "component.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/component.py"),
    ),
    (
        "describe.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/describe.py"),
    ),
    (
        "errors.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/errors.py"),
    ),
    (
        "passto.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/passto.py"),
    ),
    (
        "resolve.py",
        include_str!("../../guest-sdk/python/remoteobj_guest/resolve.py"),
    ),
];

const WIT: &str = include_str!("../../wit/remoteobj.wit");

/// The componentize-py the build installed (empty when it skipped the
/// Python guests).
const BUILT_COMPONENTIZE_PY: &str = env!("REMOTEOBJ_COMPONENTIZE_PY");

/// The component for the Python source `file`, built now unless the cache
/// has it.
pub fn component(file: &Path) -> Result<PathBuf> {
    let source = fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    check_syntax(file)?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&source, SDK, WIT).hash(&mut hasher);
    let key = format!("{:016x}", hasher.finish());
    let dir = CompileCache::default_location()
        .context("locating the cache for componentized Python guests")?
        .dir()
        .join("python");
    let wasm = dir.join(format!("{key}.wasm"));
    if wasm.is_file() {
        return Ok(wasm);
    }
    let work = dir.join(format!("{key}.work"));
    let _ = fs::remove_dir_all(&work);
    let sdk = work.join("sdk").join("remoteobj_guest");
    fs::create_dir_all(&sdk).with_context(|| format!("creating {}", sdk.display()))?;
    fs::create_dir_all(work.join("wit"))?;
    for (name, text) in SDK {
        fs::write(sdk.join(name), text)?;
    }
    fs::write(work.join("wit").join("remoteobj.wit"), WIT)?;
    fs::write(work.join("app.py"), &source)?;
    eprintln!(
        "componentizing {} (about 15 s; cached afterwards)",
        file.display()
    );
    let partial = work.join("app.wasm");
    let tool = componentize_py();
    let out = Command::new(&tool)
        .arg("-d")
        .arg(work.join("wit"))
        .args(["-w", "remote-object", "componentize", "-p"])
        .arg(&work)
        .arg("-p")
        .arg(work.join("sdk"))
        .args(["app", "-o"])
        .arg(&partial)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .with_context(|| {
            format!(
                "running {} (install componentize-py==0.25.1, or set REMOTEOBJ_COMPONENTIZE_PY)",
                tool.display()
            )
        })?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        // Its Python traceback, not the Rust one it prints after it.
        let said: String = said
            .lines()
            .take_while(|l| !l.trim_start().starts_with("Stack backtrace"))
            .collect::<Vec<_>>()
            .join("\n");
        let _ = fs::remove_dir_all(&work);
        bail!(
            "componentizing {} failed (its module runs at build time; `/0/app.py` is the file):\n{said}",
            file.display()
        );
    }
    fs::rename(&partial, &wasm).with_context(|| format!("writing {}", wasm.display()))?;
    let _ = fs::remove_dir_all(&work);
    Ok(wasm)
}

/// componentize-py: `$REMOTEOBJ_COMPONENTIZE_PY`, else the build's, else
/// the one on `PATH`.
fn componentize_py() -> PathBuf {
    if let Some(tool) = std::env::var_os("REMOTEOBJ_COMPONENTIZE_PY") {
        return tool.into();
    }
    let built = Path::new(BUILT_COMPONENTIZE_PY);
    if !BUILT_COMPONENTIZE_PY.is_empty() && built.is_file() {
        return built.to_path_buf();
    }
    PathBuf::from("componentize-py")
}

/// A syntax error, named by the file and line, before anything is built
/// (when a Python is at hand to tell).
fn check_syntax(file: &Path) -> Result<()> {
    let python = std::env::var_os("REMOTEOBJ_PYTHON").unwrap_or_else(|| "python3".into());
    let out = Command::new(python)
        .args([
            "-c",
            "import ast, sys\n\
             try:\n    ast.parse(open(sys.argv[1], 'rb').read(), sys.argv[1])\n\
             except SyntaxError as e:\n    print(f'{e.filename}:{e.lineno}: {e.msg}')\n    sys.exit(1)",
        ])
        .arg(file)
        .output();
    match out {
        Ok(out) if !out.status.success() => bail!(
            "a syntax error in {}",
            String::from_utf8_lossy(&out.stdout).trim()
        ),
        // No Python here, or the file parses: componentize-py says the rest.
        _ => Ok(()),
    }
}
