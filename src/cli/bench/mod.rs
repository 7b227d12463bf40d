//! `remoteobj bench`: the project's performance figures, measured side by
//! side in one run: a raw pipe ping-pong between two processes (the
//! baseline), then the real stack (worker subprocesses, wasmtime, the
//! built-in counter guest) in both wait modes; throughput with pipelining,
//! batching and fire-and-forget; spawn times, many workers at once, and the
//! memory of an idle worker; then the same for a Python guest of the
//! counter's shape (see [`python`]). Latencies are medians (p50) and tails (p99, p99.9) of
//! many round trips; every latency is also given as a ratio to the baseline
//! taken in the same run and wait mode, since absolute figures move with
//! the machine's load.

mod baseline;
mod block_on;
mod python;
mod report;
mod stats;

use std::{
    collections::VecDeque,
    path::PathBuf,
    process::ExitCode,
    time::{Duration, Instant},
};

use anyhow::{Context, Result};
use remoteobj_host::{ComponentSource, Host, PendingReply, RemoteObject, WaitMode};

pub use baseline::echo;
use report::{Figures, Throughput};
use stats::{Latency, median};

use super::guests;

/// Options of `remoteobj bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Print the figures as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Round trips timed for each latency figure (the 64 KiB call uses a
    /// tenth as many).
    #[arg(long, default_value_t = 20_000)]
    pub rounds: usize,
    /// The low-latency wait mode's spin window, in microseconds.
    #[arg(long, default_value_t = 200)]
    pub spin_us: u64,
    /// Workers spawned at once for the concurrent-spawn figure.
    #[arg(long, default_value_t = 100)]
    pub workers: usize,
    /// The Python guest measured (a `.wasm` component or a `.py` source):
    /// by default the build's `some_object`, Python remoteobj's README
    /// object.
    #[arg(long, value_name = "GUEST", conflicts_with = "no_python")]
    pub python: Option<String>,
    /// Leave the Python guest's figures out.
    #[arg(long)]
    pub no_python: bool,
}

/// Runs every measurement and prints the table (or JSON). Exits 0 whether
/// or not the targets are met: the report says which are.
pub fn run(args: &BenchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let scratch = Scratch::new()?;
    let (_, counter) = guests::resolve("counter")?;
    let spin = Duration::from_micros(args.spin_us);
    let rounds = args.rounds.max(100);
    let warmup = (rounds / 10).max(100);
    let mut f = Figures::new(args, rounds);

    progress("spawn: cold (compiling) and warm (from the compiled-code cache)");
    for i in 0..3 {
        let host = Host::new().compile_cache(Some(scratch.dir(&format!("cold-{i}"))));
        f.spawn_cold.push(time_spawn(&host, &counter)?);
    }
    let host = Host::new().compile_cache(Some(scratch.dir("warm")));
    (f.spawn_warm, f.spawn_pooled, f.spawn_loaded) = warm_and_pooled(&host, &counter)?;

    progress("latency, blocking wait mode: raw pipe baseline, then the real stack");
    f.baseline_block = Some(Latency::of(baseline::ping_pong(
        rounds,
        warmup,
        Duration::ZERO,
    )?));
    let obj = host.spawn(counter.clone())?;
    latencies(&obj, rounds, warmup, &mut f)?;
    progress("throughput: pipelined, batched, fire-and-forget");
    f.throughput = throughput(&obj)?;
    drop(obj);

    progress("latency, low-latency wait mode (spinning before blocking)");
    f.baseline_spin = Some(Latency::of(baseline::ping_pong(rounds, warmup, spin)?));
    let spinning = host
        .clone()
        .wait_mode(WaitMode::Spin(spin))
        .spawn(counter.clone())?;
    let x = spinning.proxy().attr("x");
    f.getattr_spin = Some(timed(rounds, warmup, || x.get::<i64>().map(drop))?);
    drop(spinning);

    progress(&format!("{} workers spawned at once", args.workers));
    concurrent(&host, &counter, args.workers, &mut f)?;

    f.python = Some(if args.no_python {
        Err("--no-python".into())
    } else {
        match python::PythonGuest::find(args.python.as_deref()) {
            // A failure here leaves the Rust figures standing.
            Ok(guest) => python::measure(&guest, &scratch, rounds, warmup)
                .map_err(|e| format!("measuring {} failed: {e:#}", guest.name)),
            Err(why) => Err(why),
        }
    });

    f.elapsed = started.elapsed();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&f.json())?);
    } else {
        print!("{}", f.table());
    }
    Ok(ExitCode::SUCCESS)
}

fn latencies(obj: &RemoteObject, rounds: usize, warmup: usize, f: &mut Figures) -> Result<()> {
    let r = obj.proxy();
    let x = r.attr("x");
    f.getattr = Some(timed(rounds, warmup, || x.get::<i64>().map(drop))?);
    f.getattr_async = Some(timed(rounds, warmup, || {
        block_on::block_on(x.get_async::<i64>()).map(drop)
    })?);
    let inc = r.attr("inc");
    f.method = Some(timed(rounds, warmup, || inc.call::<()>(()))?);
    f.setattr = Some(timed(rounds, warmup, || r.set_attr("x", 1))?);
    let chain = r.attr("chain").call_proxy(()).attr("x");
    f.chain = Some(timed(rounds, warmup, || chain.get::<i64>().map(drop))?);
    let text = "a".repeat(64 * 1024);
    let measure = r.attr("measure");
    f.arg_64k = Some(timed(rounds / 10, warmup / 10, || {
        measure.call::<usize>((text.as_str(),)).map(drop)
    })?);
    Ok(())
}

/// Ops per second with many requests in flight: pipelined (a window of
/// pending replies), batched (one frame per batch) and fire-and-forget.
fn throughput(obj: &RemoteObject) -> Result<Throughput> {
    const OPS: usize = 20_000;
    const WINDOW: usize = 1_000;
    const BATCH: usize = 1_000;
    let r = obj.proxy();
    let x = r.attr("x");
    let mut t = Throughput::default();
    for _ in 0..5 {
        let start = Instant::now();
        let mut inflight: VecDeque<PendingReply<i64>> = VecDeque::with_capacity(WINDOW);
        for _ in 0..OPS {
            if inflight.len() == WINDOW
                && let Some(oldest) = inflight.pop_front()
            {
                oldest.wait()?;
            }
            inflight.push_back(x.get_later::<i64>()?);
        }
        for pending in inflight {
            pending.wait()?;
        }
        t.pipelined.push(OPS as f64 / start.elapsed().as_secs_f64());

        let start = Instant::now();
        for _ in 0..OPS / BATCH {
            let mut batch = obj.batch();
            for _ in 0..BATCH {
                batch.get(&x);
            }
            for result in batch.run()? {
                result?;
            }
        }
        t.batched.push(OPS as f64 / start.elapsed().as_secs_f64());

        let start = Instant::now();
        for i in 0..OPS {
            r.set_attr_nowait("x", i)?;
        }
        // Requests run in order: once this is answered, all of them ran.
        anyhow::ensure!(x.get::<usize>()? == OPS - 1, "fire-and-forget lost a write");
        t.nowait.push(OPS as f64 / start.elapsed().as_secs_f64());
    }
    t.pipelined = vec![median(t.pipelined)];
    t.batched = vec![median(t.batched)];
    t.nowait = vec![median(t.nowait)];
    Ok(t)
}

/// Starts `n` workers at once, then waits for each to answer; also reads
/// their resident memory once they are idle.
fn concurrent(host: &Host, counter: &ComponentSource, n: usize, f: &mut Figures) -> Result<()> {
    let start = Instant::now();
    let objs = (0..n)
        .map(|i| host.start_named(format!("counter-{i}"), counter.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    for obj in &objs {
        obj.wait_until_listening(Duration::from_secs(60))?;
        obj.proxy().attr("x").get::<i64>()?;
    }
    f.concurrent = Some(start.elapsed());
    std::thread::sleep(Duration::from_millis(200));
    for obj in &objs {
        f.idle_rss_kib.push(rss_kib(obj.pid())?);
    }
    Ok(())
}

/// Spawn times of `component` from `host`'s compiled-code cache (filled
/// first, untimed), from a pool of two pre-spawned workers, and from a
/// pool of two objects loaded ahead of time.
fn warm_and_pooled(
    host: &Host,
    component: &ComponentSource,
) -> Result<(Vec<Duration>, Vec<Duration>, Vec<Duration>)> {
    const SAMPLES: usize = 15;
    drop(host.spawn(component.clone())?); // fills the cache
    let warm = (0..SAMPLES)
        .map(|_| time_spawn(host, component))
        .collect::<Result<Vec<_>>>()?;
    progress("spawn: from a pool of pre-spawned workers, and of loaded objects");
    let pool = host.pool(2)?;
    let pooled = from_full_pool(
        SAMPLES,
        "worker pool",
        |t| pool.wait_until_full(t),
        || pool.spawn(component.clone()),
    )?;
    drop(pool);
    let pool = host.loaded_pool(2, component.clone())?;
    let loaded = from_full_pool(
        SAMPLES,
        "loaded pool",
        |t| pool.wait_until_full(t),
        || pool.spawn(),
    )?;
    Ok((warm, pooled, loaded))
}

/// `samples` timings of `take`, each from a full pool (`full` waits for
/// it): one not yet refilled would time a fresh start instead.
fn from_full_pool(
    samples: usize,
    pool: &str,
    full: impl Fn(Duration) -> bool,
    take: impl Fn() -> Result<remoteobj_host::RemoteObject, remoteobj_host::Error>,
) -> Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        anyhow::ensure!(
            full(Duration::from_secs(30)),
            "the {pool} did not refill within 30 s"
        );
        let start = Instant::now();
        let obj = take()?;
        times.push(start.elapsed());
        drop(obj);
    }
    Ok(times)
}

fn time_spawn(host: &Host, component: &ComponentSource) -> Result<Duration> {
    let start = Instant::now();
    let obj = host.spawn(component.clone())?;
    let took = start.elapsed();
    drop(obj);
    Ok(took)
}

/// Times `rounds` calls of `op` after `warmup` untimed ones.
fn timed<E>(rounds: usize, warmup: usize, mut op: impl FnMut() -> Result<(), E>) -> Result<Latency>
where
    E: std::error::Error + Send + Sync + 'static,
{
    for _ in 0..warmup {
        op()?;
    }
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        op()?;
        times.push(start.elapsed());
    }
    Ok(Latency::of(times))
}

/// A process's resident memory, from `/proc`.
fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading the memory of worker {pid}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no VmRSS for worker {pid}"))
}

fn progress(what: &str) {
    eprintln!("bench: {what}");
}

/// Cache directories of this run, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self> {
        let dir = std::env::temp_dir().join(format!("remoteobj-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Scratch(dir))
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
