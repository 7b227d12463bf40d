//! The first part of `remoteobj demo`: the basic example of Python remoteobj's README, on
//! the counter guest built into the binary.
//!
//! ```python
//! obj.remote.toggle(True)          # switch on
//! obj.remote.inc()                 # increment, remotely
//! obj.remote.another.append(6)     # getattr chains into a nested object
//! obj.remote.another[0].get_()     # getitem, then resolve
//! obj.remote.chain().chain().x.__  # methods returning self chain
//! ```
//!
//! Every step checks what it sees; a wrong answer ends the demo with a
//! non-zero exit code.

use std::time::Instant;

use anyhow::{Result, bail};
use remoteobj_host::{Args, Host, Proxy};

use crate::cli::guests;

struct Steps {
    requests: usize,
    started: Instant,
}

impl Steps {
    fn show(&mut self, python: &str, requests: usize, seen: impl std::fmt::Display) {
        self.requests += requests;
        println!("  {python:<44} -> {seen}");
    }
}

pub(super) fn check<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<T> {
    if got != want {
        bail!("{what}: expected {want:?}, got {got:?}");
    }
    Ok(got)
}

/// Runs the basic example.
pub fn run() -> Result<()> {
    println!(
        "remoteobj demo: Python remoteobj's SomeObject as a wasm component (guests/counter), driven by proxy\n"
    );
    let (name, source) = guests::resolve("counter")?;
    let t0 = Instant::now();
    let obj = Host::new().spawn_named(name, source)?;
    let pid = obj.pid();
    println!(
        "  started `counter` in worker pid {pid}, listening after {:.1?}\n",
        t0.elapsed()
    );
    let r: Proxy = obj.proxy();
    let mut steps = Steps {
        requests: 0,
        started: Instant::now(),
    };

    r.attr("toggle").call::<()>((true,))?;
    let on: bool = check("is_on", r.attr("is_on").get()?, true)?;
    steps.show("obj.remote.toggle(True); obj.remote.is_on", 2, on);

    for _ in 0..3 {
        r.attr("inc").call::<()>(())?;
    }
    let x: i64 = check("x", r.attr("x").get()?, 3)?;
    steps.show("obj.remote.inc() x3; obj.remote.x.__", 4, x);

    r.attrs(&["another.append"]).call::<()>((6,))?;
    r.attr("another").attr("append").call::<()>((7,))?;
    let another: Vec<i64> = check("another", r.attr("another").get()?, vec![6, 7])?;
    steps.show(
        "obj.remote.another.append(6); .append(7)",
        3,
        format!("{another:?}"),
    );

    let first: i64 = check("another[0]", r.attr("another").item(0).get()?, 6)?;
    steps.show("obj.remote.another[0].get_()", 1, first);
    let last: i64 = check("another[-1]", r.attr("another").item(-1).get()?, 7)?;
    steps.show("obj.remote.another[-1].get_()", 1, last);
    let n = check("len(another)", r.attr("another").len()?, 2)?;
    steps.show("len(obj.remote.another)", 1, n);

    r.attr("toggle")
        .call::<()>(Args::new().kwarg("state", false))?;
    let on: bool = check("is_on", r.attr("is_on").get()?, false)?;
    steps.show("obj.remote.toggle(state=False); .is_on", 2, on);

    r.set_attr("x", 10)?;
    let x: i64 = check("x", r.attr("x").get()?, 10)?;
    steps.show("obj.remote.x = 10; obj.remote.x.__", 2, x);

    let chained = r
        .attr("chain")
        .call_chain(())?
        .attr("chain")
        .call_chain(())?
        .attr("chain")
        .call_chain(())?;
    let x: i64 = check("chain().chain().chain().x", chained.attr("x").get()?, 13)?;
    steps.show("obj.remote.chain().chain().chain().x.__", 4, x);

    match r.attr("xx").get::<i64>() {
        Err(e) => {
            let remote = e.remote().cloned();
            let Some(remote) = remote else {
                bail!("expected a remote error, got {e}")
            };
            steps.show(
                "obj.remote.xx.__",
                1,
                format!("{} ({}): {}", remote.kind, remote.type_name, remote.message),
            );
        }
        Ok(v) => bail!("obj.remote.xx resolved to {v}"),
    }
    let elapsed = steps.started.elapsed();

    let late = r.clone();
    obj.close();
    let fallback: i64 = check("default after close", late.attr("x").get_or(-1)?, -1)?;
    steps.show(
        "(closed) remoteobj.get(obj.remote.x, default=-1)",
        0,
        fallback,
    );

    println!(
        "\nsummary: {} requests answered in {:.1?} ({:.0?} per round trip); worker pid {pid} closed and reaped",
        steps.requests,
        elapsed,
        elapsed / steps.requests.max(1) as u32,
    );
    Ok(())
}
