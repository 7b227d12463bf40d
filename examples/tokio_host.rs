//! An async host on tokio: a thousand tasks call one object at once through
//! its typed client, and a dropped future withdraws its request.
//!
//! `cargo run --example tokio_host -- path/to/counter.wasm`
//!
//! remoteobj needs no particular runtime: the thread that reads a worker's
//! output wakes the tasks whose answers came.

use std::{future::Future, pin::pin, task::Context};

use counter::CounterClient;
use remoteobj_host::{ComponentSource, Host};

fn main() -> anyhow::Result<()> {
    remoteobj_host::main_if_worker();

    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: tokio_host COUNTER.wasm"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()?;
    runtime.block_on(async {
        let counter = CounterClient::spawn_async(&Host::new(), ComponentSource::file(path)).await?;
        counter.set_x_async(1 << 20).await?;
        let tasks: Vec<_> = (1..=1000)
            .map(|by| {
                let counter = counter.client().clone();
                tokio::spawn(async move { counter.div_async(by).await.map(|q| (by, q)) })
            })
            .collect();
        for task in tasks {
            let (by, q) = task.await??;
            assert_eq!(q, (1 << 20) / by);
        }
        // Polled once (sent), then dropped: withdrawn.
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let _ = pin!(counter.inc_async()).as_mut().poll(&mut cx);
        println!(
            "1000 answers checked; {} requests pending",
            counter.object().pending_requests()
        );
        counter.close();
        Ok(())
    })
}
