//! Prometheus metrics, in the text exposition format: request counts and
//! latency histograms by route, reloads, the index size and list versions.

use crate::state::Snapshot;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Latency bucket bounds, in seconds.
const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// The counters, updated by the request middleware.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    reloads: Outcomes,
    refreshes: Outcomes,
}

/// A counter of events that succeed or fail.
#[derive(Default)]
struct Outcomes {
    ok: AtomicU64,
    failed: AtomicU64,
}

impl Outcomes {
    fn record(&self, ok: bool) {
        let c = if ok { &self.ok } else { &self.failed };
        c.fetch_add(1, Ordering::Relaxed);
    }

    fn render(&self, o: &mut String, name: &str, help: &str) {
        header(o, name, "counter", help);
        for (outcome, c) in [("ok", &self.ok), ("failed", &self.failed)] {
            let _ = writeln!(
                o,
                "{name}{{outcome=\"{outcome}\"}} {}",
                c.load(Ordering::Relaxed)
            );
        }
    }
}

impl Metrics {
    /// Records one request.
    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        *self
            .requests
            .lock()
            .expect("metrics lock")
            .entry((route.to_string(), method.to_string(), status))
            .or_insert(0) += 1;
        let secs = elapsed.as_secs_f64();
        let mut latency = self.latency.lock().expect("metrics lock");
        let h = latency.entry(route.to_string()).or_default();
        h.count += 1;
        h.sum += secs;
        if let Some(i) = BUCKETS.iter().position(|&b| secs <= b) {
            h.counts[i] += 1;
        }
    }

    /// Records a reload.
    pub fn reloaded(&self, ok: bool) {
        self.reloads.record(ok);
    }

    /// Records a scheduled refresh of the lists from their publishers
    /// (`ok` when no source failed).
    pub fn refreshed(&self, ok: bool) {
        self.refreshes.record(ok);
    }

    /// The exposition text.
    pub fn render(&self, snapshot: &Snapshot, uptime: Duration) -> String {
        let mut out = String::new();
        let o = &mut out;
        header(
            o,
            "vigil_http_requests_total",
            "counter",
            "HTTP requests by route, method and status.",
        );
        for ((route, method, status), n) in self.requests.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                o,
                "vigil_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        header(
            o,
            "vigil_http_request_duration_seconds",
            "histogram",
            "HTTP request latency by route.",
        );
        for (route, h) in self.latency.lock().expect("metrics lock").iter() {
            let route = escape(route);
            let mut cumulative = 0;
            for (b, n) in BUCKETS.iter().zip(h.counts) {
                cumulative += n;
                let _ = writeln!(
                    o,
                    "vigil_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                o,
                "vigil_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                o,
                "vigil_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                o,
                "vigil_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        self.reloads
            .render(o, "vigil_reloads_total", "List reloads by outcome.");
        self.refreshes.render(
            o,
            "vigil_list_refreshes_total",
            "Scheduled list downloads by outcome (failed: a source failed or was rejected).",
        );
        let stats = snapshot.index.stats();
        for (name, help, value) in [
            ("vigil_index_entities", "Entities indexed.", stats.entities),
            ("vigil_index_names", "Name readings indexed.", stats.names),
            (
                "vigil_index_vocabulary",
                "Distinct words indexed.",
                stats.vocabulary,
            ),
            ("vigil_index_keys", "Retrieval keys.", stats.keys),
        ] {
            header(o, name, "gauge", help);
            let _ = writeln!(o, "{name} {value}");
        }
        header(
            o,
            "vigil_index_generation",
            "gauge",
            "Successful list loads since start (1 = the first).",
        );
        let _ = writeln!(o, "vigil_index_generation {}", snapshot.generation);
        header(
            o,
            "vigil_list_info",
            "gauge",
            "The list versions served (always 1).",
        );
        for l in &snapshot.lists {
            let _ = writeln!(
                o,
                "vigil_list_info{{source=\"{}\",format=\"{}\",version=\"{}\",published=\"{}\"}} 1",
                escape(&l.summary.source),
                escape(l.summary.format.as_str()),
                l.version,
                l.summary
                    .published
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            );
        }
        header(o, "vigil_list_entities", "gauge", "Entities per list.");
        for l in &snapshot.lists {
            let _ = writeln!(
                o,
                "vigil_list_entities{{source=\"{}\"}} {}",
                escape(&l.summary.source),
                l.summary.entities
            );
        }
        header(o, "vigil_uptime_seconds", "gauge", "Seconds since start.");
        let _ = writeln!(o, "vigil_uptime_seconds {}", uptime.as_secs_f64());
        out
    }
}

fn header(o: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
