//! Medians and tails of timed samples.

use std::time::Duration;

use serde_json::{Value, json};

/// p50, p99 and p99.9 of a set of round trips, in microseconds.
#[derive(Debug, Clone, Copy)]
pub struct Latency {
    pub p50_us: f64,
    pub p99_us: f64,
    pub p999_us: f64,
    pub samples: usize,
}

impl Latency {
    pub fn of(mut samples: Vec<Duration>) -> Latency {
        samples.sort_unstable();
        Latency {
            p50_us: micros(percentile(&samples, 50.0)),
            p99_us: micros(percentile(&samples, 99.0)),
            p999_us: micros(percentile(&samples, 99.9)),
            samples: samples.len(),
        }
    }

    pub fn json(&self) -> Value {
        json!({
            "p50_us": round(self.p50_us),
            "p99_us": round(self.p99_us),
            "p999_us": round(self.p999_us),
            "samples": self.samples,
        })
    }
}

/// The sample at `p` percent of the sorted `samples` (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // In thousandths, in integers: 99.9 / 100 * n in floating point lands
    // just above a whole rank and would round up past it.
    let per_mille = (p * 10.0).round() as usize;
    let rank = (per_mille * sorted.len()).div_ceil(1000);
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The median of `values`.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

pub fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

pub fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Rounded to 2 decimals for printing and JSON.
pub fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Rounded to 3 decimals: milliseconds to the microsecond (a hand-over
/// from a loaded pool takes a few).
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let s: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        assert_eq!(percentile(&s, 50.0), Duration::from_micros(50));
        assert_eq!(percentile(&s, 99.0), Duration::from_micros(99));
        let k: Vec<Duration> = (1..=1000).map(Duration::from_micros).collect();
        assert_eq!(percentile(&k, 99.9), Duration::from_micros(999));
        let m: Vec<Duration> = (1..=20_000).map(Duration::from_micros).collect();
        assert_eq!(percentile(&m, 99.9), Duration::from_micros(19_980));
        assert_eq!(percentile(&s[..1], 99.0), Duration::from_micros(1));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
    }
}
