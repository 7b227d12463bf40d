//! The README's example: Python remoteobj's SomeObject driven through the
//! typed client its guest crate gives the host.
//!
//! `cargo run --example typed` in a directory holding `counter.wasm` and
//! `inherit.wasm` (built from `guests/` into `target/guests/`).

use counter::CounterClient; // the guest crate, compiled for the host
use inherit::BClient;
use remoteobj_host::{ComponentSource, Host};

fn main() -> Result<(), remoteobj_host::Error> {
    remoteobj_host::main_if_worker(); // this program is also the worker

    let host = Host::new();
    let obj = CounterClient::spawn(&host, ComponentSource::file("counter.wasm"))?;
    obj.toggle(Some(true))?;
    obj.inc()?;
    obj.another().append(6)?;
    let first: i64 = obj.another().get(0)?;
    obj.set_x(10)?;
    obj.toggle(None)?; // left out: flips
    let x = obj.chain()?.chain()?.x()?;
    assert_eq!((first, x), (6, 12));

    let b = BClient::spawn(&host, ComponentSource::file("inherit.wasm"))?;
    assert_eq!(b.asdf()?, 6);
    assert_eq!(b.super_().asdf()?, 5);

    let r = obj.proxy().clone(); // the dynamic proxy underneath
    obj.close();
    assert_eq!(r.attr("x").get_or(-1i64)?, -1);
    println!("ok");
    Ok(())
}
