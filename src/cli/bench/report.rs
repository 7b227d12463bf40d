//! The figures of one bench run, the performance targets they are held
//! against, and their two renderings: a table and JSON.

use std::{fmt::Write as _, time::Duration};

use serde_json::{Value, json};

use super::BenchArgs;
use super::python::PythonFigures;
use super::stats::{Latency, median, millis, percentile, round, round3};

/// Ops per second (the median of several runs, once finished).
#[derive(Debug, Default)]
pub struct Throughput {
    pub pipelined: Vec<f64>,
    pub batched: Vec<f64>,
    pub nowait: Vec<f64>,
}

/// Everything one run measured.
#[derive(Debug, Default)]
pub struct Figures {
    pub rounds: usize,
    pub spin_us: u64,
    pub workers: usize,
    pub baseline_block: Option<Latency>,
    pub getattr: Option<Latency>,
    /// getattr awaited: one future on a minimal executor.
    pub getattr_async: Option<Latency>,
    pub method: Option<Latency>,
    pub setattr: Option<Latency>,
    pub chain: Option<Latency>,
    pub arg_64k: Option<Latency>,
    pub baseline_spin: Option<Latency>,
    pub getattr_spin: Option<Latency>,
    pub throughput: Throughput,
    pub spawn_cold: Vec<Duration>,
    pub spawn_warm: Vec<Duration>,
    pub spawn_pooled: Vec<Duration>,
    pub spawn_loaded: Vec<Duration>,
    pub concurrent: Option<Duration>,
    pub idle_rss_kib: Vec<u64>,
    /// The Python guest's figures, or why there are none (`None`: not
    /// measured yet).
    pub python: Option<Result<PythonFigures, String>>,
    pub elapsed: Duration,
}

/// One of the project's performance targets, and how the run did.
pub struct Target {
    what: &'static str,
    measured: f64,
    limit: f64,
    /// `measured <= limit` meets it (else `measured >= limit` does).
    at_most: bool,
    unit: &'static str,
}

impl Target {
    /// A target met by `measured <= limit`.
    pub fn at_most(what: &'static str, measured: f64, limit: f64, unit: &'static str) -> Self {
        Target {
            what,
            measured,
            limit,
            at_most: true,
            unit,
        }
    }

    fn met(&self) -> bool {
        if self.at_most {
            self.measured <= self.limit
        } else {
            self.measured >= self.limit
        }
    }
}

impl Figures {
    pub fn new(args: &BenchArgs, rounds: usize) -> Self {
        Figures {
            rounds,
            spin_us: args.spin_us,
            workers: args.workers,
            ..Figures::default()
        }
    }

    fn latencies(&self) -> Vec<(&'static str, &'static str, Latency, Latency)> {
        let mut rows = Vec::new();
        let mut add = |key, name, l: Option<Latency>, base: Option<Latency>| {
            if let (Some(l), Some(base)) = (l, base) {
                rows.push((key, name, l, base));
            }
        };
        let block = self.baseline_block;
        let spin = self.baseline_spin;
        add("raw_pipe", "raw pipe ping-pong (baseline)", block, block);
        add("getattr", "getattr resolve (x)", self.getattr, block);
        add(
            "getattr_async",
            "getattr awaited (x, one future)",
            self.getattr_async,
            block,
        );
        add("method_call", "method call (inc())", self.method, block);
        add("setattr", "setattr (x = 1)", self.setattr, block);
        add("chain_3", "3-link chain (chain().x)", self.chain, block);
        add(
            "call_64k_arg",
            "call with a 64 KiB argument",
            self.arg_64k,
            block,
        );
        add("raw_pipe_spin", "raw pipe ping-pong, spinning", spin, spin);
        add(
            "getattr_spin",
            "getattr resolve, spinning",
            self.getattr_spin,
            spin,
        );
        rows
    }

    fn spawn_ms(samples: &[Duration]) -> Option<(f64, f64)> {
        let mut s = samples.to_vec();
        s.sort_unstable();
        (!s.is_empty()).then(|| (millis(percentile(&s, 50.0)), millis(percentile(&s, 99.0))))
    }

    fn rss_mib(&self) -> Option<(f64, f64)> {
        let mib: Vec<f64> = self
            .idle_rss_kib
            .iter()
            .map(|k| *k as f64 / 1024.0)
            .collect();
        let max = mib
            .iter()
            .copied()
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        max.map(|max| (median(mib), max))
    }

    fn targets(&self) -> Vec<Target> {
        let mut t = Vec::new();
        if let (Some(g), Some(b)) = (self.getattr, self.baseline_block) {
            t.push(Target {
                what: "getattr p50 / raw pipe p50 (blocking)",
                measured: g.p50_us / b.p50_us,
                limit: 1.3,
                at_most: true,
                unit: "x",
            });
        }
        if let Some(g) = self.getattr_spin {
            t.push(Target {
                what: "getattr p50, low-latency wait mode",
                measured: g.p50_us,
                limit: 5.0,
                at_most: true,
                unit: "us",
            });
        }
        for (what, v, limit) in [
            (
                "pipelined getattr ops/s",
                &self.throughput.pipelined,
                300_000.0,
            ),
            (
                "batched getattr ops/s",
                &self.throughput.batched,
                1_000_000.0,
            ),
        ] {
            if let Some(v) = v.first() {
                t.push(Target {
                    what,
                    measured: *v,
                    limit,
                    at_most: false,
                    unit: "ops/s",
                });
            }
        }
        for (what, samples, limit) in [
            ("warm spawn to listening p50", &self.spawn_warm, 3.0),
            ("spawn from a loaded pool p50", &self.spawn_loaded, 1.0),
        ] {
            if let Some((p50, _)) = Self::spawn_ms(samples) {
                t.push(Target {
                    what,
                    measured: p50,
                    limit,
                    at_most: true,
                    unit: "ms",
                });
            }
        }
        if let Some(c) = self.concurrent {
            t.push(Target {
                what: "all workers spawned at once answering",
                measured: c.as_secs_f64(),
                limit: 3.0,
                at_most: true,
                unit: "s",
            });
        }
        if let Some((_, max)) = self.rss_mib() {
            t.push(Target {
                what: "idle worker resident memory (largest)",
                measured: max,
                limit: 15.0,
                at_most: true,
                unit: "MiB",
            });
        }
        if let Some(Ok(python)) = &self.python {
            t.extend(python.targets(self));
        }
        t
    }

    pub fn json(&self) -> Value {
        let mut latency = serde_json::Map::new();
        for (key, _, l, base) in self.latencies() {
            let mut v = l.json();
            v["ratio_to_baseline_p50"] = json!(round(l.p50_us / base.p50_us));
            latency.insert(key.into(), v);
        }
        let spawn = |s: &[Duration]| {
            Self::spawn_ms(s).map(|(p50, p99)| {
                json!({ "p50_ms": round3(p50), "p99_ms": round3(p99), "samples": s.len() })
            })
        };
        let first = |v: &Vec<f64>| v.first().map(|x| x.round());
        json!({
            "settings": {
                "rounds": self.rounds,
                "spin_us": self.spin_us,
                "workers": self.workers,
                "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            },
            "latency": latency,
            "throughput_ops_per_s": {
                "pipelined_getattr": first(&self.throughput.pipelined),
                "batched_getattr": first(&self.throughput.batched),
                "nowait_setattr": first(&self.throughput.nowait),
            },
            "spawn": {
                "cold": spawn(&self.spawn_cold),
                "warm": spawn(&self.spawn_warm),
                "pooled": spawn(&self.spawn_pooled),
                "loaded_pool": spawn(&self.spawn_loaded),
                "concurrent_all_answered_s": self.concurrent.map(|c| round(c.as_secs_f64())),
            },
            "idle_rss_mib": self.rss_mib().map(|(p50, max)| json!({ "p50": round(p50), "max": round(max) })),
            "python": match &self.python {
                Some(Ok(python)) => python.json(self),
                Some(Err(why)) => json!({ "skipped": why }),
                None => json!({ "skipped": "not measured" }),
            },
            "targets": self.targets().iter().map(|t| json!({
                "target": t.what,
                "measured": round(t.measured),
                "limit": t.limit,
                "unit": t.unit,
                "met": t.met(),
            })).collect::<Vec<_>>(),
            "elapsed_s": round(self.elapsed.as_secs_f64()),
        })
    }

    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<34} {:>10} {:>10} {:>10} {:>12}",
            "round trip", "p50 µs", "p99 µs", "p99.9 µs", "× baseline"
        );
        for (_, name, l, base) in self.latencies() {
            let _ = writeln!(
                out,
                "{name:<34} {:>10.2} {:>10.2} {:>10.2} {:>12.2}",
                l.p50_us,
                l.p99_us,
                l.p999_us,
                l.p50_us / base.p50_us
            );
        }
        let _ = writeln!(out, "\n{:<34} {:>10}", "throughput (one worker)", "ops/s");
        for (name, v) in [
            ("pipelined getattr", &self.throughput.pipelined),
            ("batched getattr", &self.throughput.batched),
            ("fire-and-forget setattr", &self.throughput.nowait),
        ] {
            if let Some(v) = v.first() {
                let _ = writeln!(out, "{name:<34} {v:>10.0}");
            }
        }
        let _ = writeln!(
            out,
            "\n{:<34} {:>10} {:>10}",
            "spawn to listening", "p50 ms", "p99 ms"
        );
        for (name, s) in [
            ("cold (compiling)", &self.spawn_cold),
            ("warm (compiled-code cache)", &self.spawn_warm),
            ("from a worker pool", &self.spawn_pooled),
            ("hand-over from a full loaded pool", &self.spawn_loaded),
        ] {
            if let Some((p50, p99)) = Self::spawn_ms(s) {
                let _ = writeln!(out, "{name:<34} {p50:>10.3} {p99:>10.3}");
            }
        }
        if let Some(c) = self.concurrent {
            let _ = writeln!(
                out,
                "{:<34} {:>10.2} s",
                format!("{} at once, all answered", self.workers),
                c.as_secs_f64()
            );
        }
        if let Some((p50, max)) = self.rss_mib() {
            let _ = writeln!(
                out,
                "{:<34} {p50:>10.2} {max:>10.2}",
                "idle worker RSS MiB (p50, max)"
            );
        }
        match &self.python {
            Some(Ok(python)) => python.table(self, &mut out),
            Some(Err(why)) => {
                let _ = writeln!(out, "\nPython guest: not measured ({why})");
            }
            None => {}
        }
        let _ = writeln!(out, "\ntargets");
        for t in self.targets() {
            let cmp = if t.at_most { "≤" } else { "≥" };
            let _ = writeln!(
                out,
                "  {:<4} {:<40} {:>12.2} {} (target {cmp} {} {})",
                if t.met() { "met" } else { "MISS" },
                t.what,
                t.measured,
                t.unit,
                t.limit,
                t.unit
            );
        }
        let _ = writeln!(
            out,
            "\n(one run, {:.1} s; p50/p99 over {} round trips each)",
            self.elapsed.as_secs_f64(),
            self.rounds
        );
        out
    }
}
