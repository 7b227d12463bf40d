//! The README's example through the dynamic proxy: names as strings, types
//! at the caller's word, for code that does not know the object's shape.
//!
//! `cargo run --example dynamic` in a directory holding `counter.wasm` and
//! `inherit.wasm` (built from `guests/` into `target/guests/`).

use remoteobj_host::{Args, ComponentSource, Host};

fn main() -> Result<(), remoteobj_host::Error> {
    remoteobj_host::main_if_worker(); // this program is also the worker

    let obj = Host::new().spawn(ComponentSource::file("counter.wasm"))?;
    let r = obj.proxy();
    r.attr("toggle").call::<()>((true,))?;
    r.attr("inc").call::<()>(())?;
    r.attr("another").attr("append").call::<()>((6,))?;
    let first: i64 = r.attr("another").item(0).get()?;
    r.set_attr("x", 10)?;
    r.attr("toggle")
        .call::<()>(Args::new().kwarg("state", false))?;
    let x: i64 = r
        .attr("chain")
        .call_chain(())?
        .attr("chain")
        .call_chain(())?
        .attr("x")
        .get()?;
    assert_eq!((first, x), (6, 12));

    let b = Host::new().spawn(ComponentSource::file("inherit.wasm"))?;
    assert_eq!(b.proxy().attr("asdf").call::<i64>(())?, 6);
    assert_eq!(b.proxy().super_().attr("asdf").call::<i64>(())?, 5);

    obj.close();
    assert_eq!(r.attr("x").get_or(-1i64)?, -1);
    println!("ok");
    Ok(())
}
