//! What one kind of request did: latencies and failures, kept per task and
//! merged at the end, so the tasks share nothing while they run.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;

pub struct Tally {
    /// Microseconds, from one to a minute, three significant digits.
    latencies: Histogram<u64>,
    /// "429", "503", "transport: connect"...
    failures: BTreeMap<String, u64>,
}

impl Tally {
    pub fn new() -> Tally {
        Tally {
            latencies: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds"),
            failures: BTreeMap::new(),
        }
    }

    pub fn succeeded(&mut self, took: Duration) {
        self.latencies.saturating_record(took.as_micros().max(1) as u64);
    }

    pub fn failed(&mut self, why: String) {
        *self.failures.entry(why).or_default() += 1;
    }

    pub fn merge(&mut self, other: Tally) {
        self.latencies
            .add(other.latencies)
            .expect("histograms with the same bounds");
        for (why, count) in other.failures {
            *self.failures.entry(why).or_default() += count;
        }
    }

    pub fn has_failures(&self) -> bool {
        !self.failures.is_empty()
    }

    pub fn count(&self) -> u64 {
        self.latencies.len()
    }

    pub fn quantile_ms(&self, quantile: f64) -> f64 {
        self.latencies.value_at_quantile(quantile) as f64 / 1000.0
    }

    pub fn max_ms(&self) -> f64 {
        self.latencies.max() as f64 / 1000.0
    }

    /// `p50 3.1 ms, p99 12.0 ms, max 40.2 ms`
    pub fn latency_line(&self) -> String {
        if self.count() == 0 {
            return "no successful request".to_owned();
        }
        format!(
            "p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.quantile_ms(0.5),
            self.quantile_ms(0.99),
            self.max_ms()
        )
    }

    /// `none`, or `429 x 3, transport: connect x 1`
    pub fn failure_line(&self) -> String {
        if self.failures.is_empty() {
            return "none".to_owned();
        }
        self.failures
            .iter()
            .map(|(why, count)| format!("{why} x {count}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
