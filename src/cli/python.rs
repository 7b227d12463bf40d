//! A Python guest given as a source file (`remoteobj call app.py ...`):
//! componentized on the fly with componentize-py, against the Python SDK
//! and the WIT built into this binary, and cached by content (the SDK, the
//! WIT and the file), so only the first run waits for it.

use std::{
    fs,
    hash::{Hash, Hasher},
    os::unix::fs::DirBuilderExt,
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
    let tool = componentize_py();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&source, SDK, WIT, &tool).hash(&mut hasher);
    let key = format!("{:016x}", hasher.finish());
    let dir = cached_dir(
        &CompileCache::default_location()
            .context("locating the cache for componentized Python guests")?,
    );
    let wasm = dir.join(format!("{key}.wasm"));
    if wasm.is_file() {
        return Ok(wasm);
    }
    // This process's own: another one componentizing the same file at the
    // same time has its own, and the rename below makes one of the two
    // results the cached one.
    let work = dir.join(format!("{key}.{}.work", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    // Private, as the compiled-code cache beside it must be (a cache
    // directory others could read or write is not used).
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .with_context(|| format!("creating {}", dir.display()))?;
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
        let _ = fs::remove_dir_all(&work);
        let said = String::from_utf8_lossy(&out.stderr);
        if let Some((line, message)) = syntax_error(&said) {
            bail!("a syntax error in {}:{line}: {message}", file.display());
        }
        // Its Python traceback, not the Rust one it prints after it, with
        // the file named as the user knows it.
        let said: String = said
            .lines()
            .take_while(|l| !l.trim_start().starts_with("Stack backtrace"))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("/0/app.py", &file.display().to_string());
        bail!(
            "componentizing {} failed (its module runs at build time):\n{said}",
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

/// Where the componentized Python guests are kept, beside the compiled
/// code of `cache`.
fn cached_dir(cache: &CompileCache) -> PathBuf {
    cache.dir().join("python")
}

/// The componentized Python guests in `cache`: size and path of each.
pub fn cached(cache: &CompileCache) -> Vec<(u64, PathBuf)> {
    let Ok(list) = fs::read_dir(cached_dir(cache)) else {
        return Vec::new();
    };
    let mut found: Vec<(u64, PathBuf)> = list
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .filter_map(|p| Some((fs::metadata(&p).ok()?.len(), p)))
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

/// Removes the componentized Python guests from `cache` (and what
/// interrupted runs left); returns how many guests there were.
pub fn clear(cache: &CompileCache) -> Result<usize> {
    let dir = cached_dir(cache);
    let Ok(list) = fs::read_dir(&dir) else {
        return Ok(0);
    };
    let mut removed = 0;
    for path in list.flatten().map(|e| e.path()) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if name.ends_with(".work") && meta.is_dir() {
            // Left by a run that ended; a running one's is its own (a
            // process that exists, or one this user cannot signal).
            let pid = name.trim_end_matches(".work").rsplit('.').next();
            let ended = pid
                .and_then(|p| p.parse::<i32>().ok())
                .and_then(rustix::process::Pid::from_raw)
                .is_some_and(|pid| {
                    rustix::process::test_kill_process(pid) == Err(rustix::io::Errno::SRCH)
                });
            if ended {
                let _ = fs::remove_dir_all(&path);
            }
        } else if name.ends_with(".wasm") && meta.is_file() {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            removed += 1;
        }
    }
    let _ = fs::remove_dir(&dir);
    Ok(removed)
}

/// The line and message of the syntax error componentize-py reports, as
/// its own CPython (3.14, whose grammar is the one that counts) found it:
/// `SyntaxError: invalid syntax (app.py, line 2)`.
fn syntax_error(stderr: &str) -> Option<(u32, &str)> {
    stderr.lines().find_map(|l| {
        let l = l.trim();
        let rest = ["SyntaxError: ", "IndentationError: ", "TabError: "]
            .iter()
            .find_map(|p| l.strip_prefix(p))?;
        let (message, at) = rest.rsplit_once(" (app.py, line ")?;
        Some((at.strip_suffix(')')?.parse().ok()?, message))
    })
}

#[cfg(test)]
mod tests {
    use super::syntax_error;

    #[test]
    fn a_syntax_error_is_found_in_componentize_pys_report() {
        let said = "AssertionError:   File \"/0/app.py\", line 2\n    def (:\n\nSyntaxError: invalid syntax\n\nCaused by:\n    SyntaxError: invalid syntax (app.py, line 2)\n";
        assert_eq!(syntax_error(said), Some((2, "invalid syntax")));
        assert_eq!(syntax_error("NameError: name 'x' is not defined"), None);
        assert_eq!(
            syntax_error("    IndentationError: unexpected indent (app.py, line 3)"),
            Some((3, "unexpected indent"))
        );
    }
}
