//! A host program that is its own worker: no second executable needed.
//!
//! `cargo run --example embed -- path/to/counter.wasm`
//!
//! `Host::new()` re-runs this very program with `REMOTEOBJ_WORKER` set, and
//! `main_if_worker()` (first thing in `main`) turns that run into the worker.

use remoteobj_host::{ComponentSource, Host};

fn main() -> anyhow::Result<()> {
    remoteobj_host::main_if_worker();

    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: embed GUEST.wasm"))?;
    let obj = Host::new().spawn(ComponentSource::file(path))?;
    let counter = obj.proxy();
    for _ in 0..3 {
        counter.attr("inc").call::<()>(())?;
    }
    let x: i64 = counter.attr("x").get()?;
    println!("worker pid {} says x = {x}", obj.pid());
    obj.close();
    Ok(())
}
