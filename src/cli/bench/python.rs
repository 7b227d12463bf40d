//! The Python guest's figures, measured in the same run as the Rust
//! guest's: cold compile, warm and pooled spawn to listening, getattr and
//! method-call round trips (each also as a ratio to the Rust guest's, the
//! same calls on an object of the same shape), and the resident memory of
//! idle workers. The guest is the build's `some_object` (Python
//! remoteobj's README object), or the one `--python` names.

use std::time::Duration;

use anyhow::{Context, Result};
use remoteobj_host::ComponentSource;
use serde_json::{Value, json};

use super::report::{Figures, Target};
use super::stats::{Latency, millis, percentile, round, round3};
use super::{Scratch, progress, rss_kib, time_spawn, timed, warm_and_pooled};

/// Workers started at once for the idle-memory figure.
const IDLE_WORKERS: usize = 4;

/// Where the Python figures come from: the guest and its name.
pub struct PythonGuest {
    pub name: String,
    pub source: ComponentSource,
}

impl PythonGuest {
    /// The guest `--python` named, else the build's `some_object`; `Err`
    /// says why there is none (the figures are then left out).
    pub fn find(arg: Option<&str>) -> std::result::Result<PythonGuest, String> {
        if let Some(guest) = arg {
            let (name, source) = super::guests::resolve(guest).map_err(|e| format!("{e:#}"))?;
            return Ok(PythonGuest { name, source });
        }
        let dir = env!("REMOTEOBJ_PYTHON_GUEST_DIR");
        if dir.is_empty() {
            return Err("this binary was built without the Python guests".into());
        }
        let path = std::path::Path::new(dir).join("some_object.wasm");
        if !path.is_file() {
            return Err(format!("{} is gone (give --python GUEST)", path.display()));
        }
        Ok(PythonGuest {
            name: "some_object".into(),
            source: ComponentSource::file(path),
        })
    }
}

/// What one run measured of the Python guest.
#[derive(Debug, Default)]
pub struct PythonFigures {
    pub guest: String,
    pub spawn_cold: Option<Duration>,
    pub spawn_warm: Vec<Duration>,
    pub spawn_pooled: Vec<Duration>,
    pub spawn_loaded: Vec<Duration>,
    pub getattr: Option<Latency>,
    pub method: Option<Latency>,
    pub idle_rss_kib: Vec<u64>,
}

/// Measures `guest`: one cold compile into a scratch cache, then warm and
/// pooled spawns, round trips and idle memory from a cache it filled.
pub fn measure(
    guest: &PythonGuest,
    scratch: &Scratch,
    rounds: usize,
    warmup: usize,
) -> Result<PythonFigures> {
    let source = &guest.source;
    let mut f = PythonFigures {
        guest: guest.name.clone(),
        ..PythonFigures::default()
    };
    progress("Python guest: cold spawn (compiling its component, once)");
    let cold = super::guests::host().compile_cache(Some(scratch.dir("python-cold")));
    f.spawn_cold = Some(time_spawn(&cold, source).context("spawning the Python guest")?);
    progress("Python guest: warm and pooled spawns");
    let host = super::guests::host().compile_cache(Some(scratch.dir("python-warm")));
    (f.spawn_warm, f.spawn_pooled, f.spawn_loaded) = warm_and_pooled(&host, source)?;

    progress("Python guest: round trips");
    let obj = host.spawn(source.clone())?;
    let r = obj.proxy();
    let x = r.attr("x");
    f.getattr = Some(timed(rounds, warmup, || x.get::<i64>().map(drop))?);
    let inc = r.attr("inc");
    f.method = Some(timed(rounds, warmup, || inc.call::<()>(()))?);
    drop(obj);

    progress(&format!("Python guest: {IDLE_WORKERS} idle workers"));
    let objs = (0..IDLE_WORKERS)
        .map(|i| host.spawn_named(format!("{}-{i}", guest.name), source.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    for obj in &objs {
        obj.proxy().attr("x").get::<i64>()?;
    }
    std::thread::sleep(Duration::from_millis(200));
    for obj in &objs {
        f.idle_rss_kib.push(rss_kib(obj.pid())?);
    }
    Ok(f)
}

fn p50_p99_ms(samples: &[Duration]) -> Option<(f64, f64)> {
    let mut s = samples.to_vec();
    s.sort_unstable();
    (!s.is_empty()).then(|| (millis(percentile(&s, 50.0)), millis(percentile(&s, 99.0))))
}

impl PythonFigures {
    fn rss_max_mib(&self) -> Option<f64> {
        self.idle_rss_kib.iter().max().map(|k| *k as f64 / 1024.0)
    }

    /// Round trips (key, name, figure) beside the Rust guest's of the same
    /// run.
    fn round_trips(
        &self,
        rust: &Figures,
    ) -> Vec<(&'static str, &'static str, Latency, Option<Latency>)> {
        let mut rows = Vec::new();
        if let Some(l) = self.getattr {
            rows.push(("getattr", "getattr resolve (x)", l, rust.getattr));
        }
        if let Some(l) = self.method {
            rows.push(("method_call", "method call (inc())", l, rust.method));
        }
        rows
    }

    /// The Python guest's targets.
    pub fn targets(&self, rust: &Figures) -> Vec<Target> {
        let mut t = Vec::new();
        if let Some((p50, _)) = p50_p99_ms(&self.spawn_warm) {
            t.push(Target::at_most(
                "Python warm spawn to listening p50",
                p50,
                30.0,
                "ms",
            ));
        }
        for (what, l, base) in [
            (
                "Python getattr p50 / Rust getattr p50",
                self.getattr,
                rust.getattr,
            ),
            (
                "Python method p50 / Rust method p50",
                self.method,
                rust.method,
            ),
        ] {
            if let (Some(l), Some(base)) = (l, base) {
                t.push(Target::at_most(what, l.p50_us / base.p50_us, 2.0, "x"));
            }
        }
        if let Some(max) = self.rss_max_mib() {
            t.push(Target::at_most(
                "Python idle worker memory (largest)",
                max,
                64.0,
                "MiB",
            ));
        }
        t
    }

    /// The table's Python section.
    pub fn table(&self, rust: &Figures, out: &mut String) {
        use std::fmt::Write as _;
        let _ = writeln!(
            out,
            "\n{:<34} {:>10} {:>10} {:>10} {:>12}",
            format!("Python guest ({})", self.guest),
            "p50 µs",
            "p99 µs",
            "p99.9 µs",
            "× Rust"
        );
        for (_, name, l, base) in self.round_trips(rust) {
            let ratio = base.map_or(String::from("-"), |b| format!("{:.2}", l.p50_us / b.p50_us));
            let _ = writeln!(
                out,
                "{name:<34} {:>10.2} {:>10.2} {:>10.2} {ratio:>12}",
                l.p50_us, l.p99_us, l.p999_us
            );
        }
        let _ = writeln!(
            out,
            "{:<34} {:>10} {:>10}",
            "spawn to listening", "p50 ms", "p99 ms"
        );
        if let Some(cold) = self.spawn_cold {
            let _ = writeln!(
                out,
                "{:<34} {:>10.2} {:>10}",
                "cold (compiling, once)",
                millis(cold),
                "-"
            );
        }
        for (name, s) in [
            ("warm (compiled-code cache)", &self.spawn_warm),
            ("from a worker pool", &self.spawn_pooled),
            ("hand-over from a full loaded pool", &self.spawn_loaded),
        ] {
            if let Some((p50, p99)) = p50_p99_ms(s) {
                let _ = writeln!(out, "{name:<34} {p50:>10.3} {p99:>10.3}");
            }
        }
        if let Some(max) = self.rss_max_mib() {
            let _ = writeln!(out, "{:<34} {max:>10.2}", "idle worker RSS MiB (max)");
        }
    }

    /// The JSON `python` object.
    pub fn json(&self, rust: &Figures) -> Value {
        let spawn = |s: &[Duration]| {
            p50_p99_ms(s).map(|(p50, p99)| json!({ "p50_ms": round3(p50), "p99_ms": round3(p99), "samples": s.len() }))
        };
        let mut latency = serde_json::Map::new();
        for (key, _, l, base) in self.round_trips(rust) {
            let mut v = l.json();
            if let Some(base) = base {
                v["ratio_to_rust_p50"] = json!(round(l.p50_us / base.p50_us));
            }
            latency.insert(key.into(), v);
        }
        json!({
            "guest": self.guest,
            "latency": latency,
            "spawn": {
                "cold_ms": self.spawn_cold.map(|d| round(millis(d))),
                "warm": spawn(&self.spawn_warm),
                "pooled": spawn(&self.spawn_pooled),
                "loaded_pool": spawn(&self.spawn_loaded),
            },
            "idle_rss_mib_max": self.rss_max_mib().map(round),
        })
    }
}
