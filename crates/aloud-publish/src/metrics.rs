//! What `/metrics` serves, through `prometheus-client` in the Prometheus text format
//! (0.0.4): the queue and the narration totals, read from the store at each scrape (so
//! every API node says the same); this process's HTTP requests by route, method and
//! status, with their latency; and this process's workers ([`WorkerStats`]). A worker
//! process serves the last alone on its own metrics address.

use std::sync::atomic::AtomicU64;
use std::time::Instant;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::store::{JobStatus, Totals};

/// The content type of what [`render`] writes.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// One kind of label, one value: `outcome="done"`, `source="cache"`.
type OneLabel = [(&'static str, &'static str); 1];

/// A request as counted: the route's pattern (`/v1/articles/{id}`, never the path a
/// client sent, so that the series stay few), the method and the status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// Request latency buckets: 1 ms to about 33 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

/// This process's HTTP requests.
pub struct HttpMetrics {
    requests: Family<RequestLabels, Counter>,
    seconds: Family<RouteLabels, Histogram, fn() -> Histogram>,
}

impl Default for HttpMetrics {
    fn default() -> Self {
        Self {
            requests: Family::default(),
            seconds: Family::new_with_constructor(latency_histogram),
        }
    }
}

impl HttpMetrics {
    /// Counts a request answered with `status` after `started`; `route` is the matched
    /// route's pattern, `None` for a path no route matched.
    pub fn observe(&self, route: Option<&str>, method: &str, status: u16, started: Instant) {
        let route = route.unwrap_or("unmatched").to_string();
        // Methods outside the standard few are one series, not one each.
        let method = match method {
            "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "PATCH" => method,
            _ => "other",
        };
        self.requests
            .get_or_create(&RequestLabels {
                route: route.clone(),
                method: method.to_string(),
                status,
            })
            .inc();
        self.seconds
            .get_or_create(&RouteLabels { route })
            .observe(started.elapsed().as_secs_f64());
    }

    fn register(&self, registry: &mut Registry) {
        registry.register(
            "aloud_http_requests",
            "HTTP requests answered by this process, by route pattern, method and status",
            self.requests.clone(),
        );
        registry.register(
            "aloud_http_request_duration_seconds",
            "Time to answer an HTTP request (to the response's head; a streamed body goes on after), by route pattern",
            self.seconds.clone(),
        );
    }
}

/// What this process's workers have done since it started.
pub struct WorkerStats {
    jobs: Family<OneLabel, Counter>,
    utterances: Family<OneLabel, Counter>,
    synthesis_seconds: Counter<f64, AtomicU64>,
    audio_seconds: Counter<f64, AtomicU64>,
    /// Time spent in database and blob-store calls for jobs (claims that found one,
    /// progress, cache and file reads and writes, completion).
    store_seconds: Counter<f64, AtomicU64>,
    /// Time jobs waited in the queue before a worker here claimed them.
    queue_wait_seconds: Counter<f64, AtomicU64>,
    /// Workers narrating right now.
    busy: Gauge,
}

/// How a worker's job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobOutcome {
    Done,
    Failed,
    /// Given up because another worker took it over (a stall past the lease).
    Lost,
}

impl JobOutcome {
    fn label(self) -> OneLabel {
        [(
            "outcome",
            match self {
                JobOutcome::Done => "done",
                JobOutcome::Failed => "failed",
                JobOutcome::Lost => "lost",
            },
        )]
    }
}

impl Default for WorkerStats {
    fn default() -> Self {
        let stats = Self {
            jobs: Family::default(),
            utterances: Family::default(),
            synthesis_seconds: Counter::default(),
            audio_seconds: Counter::default(),
            store_seconds: Counter::default(),
            queue_wait_seconds: Counter::default(),
            busy: Gauge::default(),
        };
        // Every series from the start, at zero.
        for outcome in [JobOutcome::Done, JobOutcome::Failed, JobOutcome::Lost] {
            let _ = stats.jobs.get_or_create(&outcome.label());
        }
        for source in ["synthesized", "cache"] {
            let _ = stats.utterances.get_or_create(&[("source", source)]);
        }
        stats
    }
}

fn seconds(ms: i64) -> f64 {
    ms.max(0) as f64 / 1000.0
}

impl WorkerStats {
    /// Runs `call`, adding its wall time to the store time.
    pub fn store_call<T>(&self, call: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = call();
        self.store_seconds.inc_by(started.elapsed().as_secs_f64());
        result
    }

    /// A job claimed after `store_ms` in the claim, having waited `waited_ms` queued.
    pub fn claimed(&self, store_ms: i64, waited_ms: i64) {
        self.store_seconds.inc_by(seconds(store_ms));
        self.queue_wait_seconds.inc_by(seconds(waited_ms));
    }

    /// A worker starts (`true`) or stops (`false`) narrating.
    pub fn set_busy(&self, busy: bool) {
        if busy {
            self.busy.inc();
        } else {
            self.busy.dec();
        }
    }

    pub fn job_ended(&self, outcome: JobOutcome) {
        self.jobs.get_or_create(&outcome.label()).inc();
    }

    /// A narration recorded: its wall time, audio and utterances by source.
    pub fn narrated(&self, synth_ms: i64, audio_ms: i64, synthesized: i64, cached: i64) {
        self.synthesis_seconds.inc_by(seconds(synth_ms));
        self.audio_seconds.inc_by(seconds(audio_ms));
        let utterances = |source, n: i64| {
            self.utterances
                .get_or_create(&[("source", source)])
                .inc_by(n.max(0) as u64);
        };
        utterances("synthesized", synthesized);
        utterances("cache", cached);
    }

    fn register(&self, registry: &mut Registry) {
        registry.register(
            "aloud_worker_busy",
            "Workers narrating now",
            self.busy.clone(),
        );
        registry.register(
            "aloud_worker_jobs",
            "Jobs this process's workers ended, by outcome",
            self.jobs.clone(),
        );
        registry.register(
            "aloud_worker_utterances",
            "Utterances narrated, by where their audio came from",
            self.utterances.clone(),
        );
        registry.register(
            "aloud_worker_synthesis_seconds",
            "Wall time spent narrating",
            self.synthesis_seconds.clone(),
        );
        registry.register(
            "aloud_worker_audio_seconds",
            "Audio made",
            self.audio_seconds.clone(),
        );
        registry.register(
            "aloud_worker_store_seconds",
            "Time in database and store calls for jobs",
            self.store_seconds.clone(),
        );
        registry.register(
            "aloud_worker_queue_wait_seconds",
            "Time claimed jobs had waited in the queue",
            self.queue_wait_seconds.clone(),
        );
        registry.register(
            "aloud_worker_real_time_factor",
            "Narration wall time per second of audio",
            ratio_gauge(self.synthesis_seconds.get(), self.audio_seconds.get()),
        );
    }
}

/// A gauge holding `value`, for a figure read at the scrape.
fn gauge_at(value: i64) -> Gauge {
    let gauge = Gauge::default();
    gauge.set(value);
    gauge
}

/// A gauge holding `part / whole` (0 while `whole` is 0).
fn ratio_gauge(part: f64, whole: f64) -> Gauge<f64, AtomicU64> {
    let gauge = Gauge::<f64, AtomicU64>::default();
    gauge.set(if whole > 0.0 { part / whole } else { 0.0 });
    gauge
}

/// What the store says at a scrape.
pub struct StoreFigures {
    /// Articles by job state.
    pub counts: Vec<(JobStatus, i64)>,
    pub totals: Totals,
}

/// This process's own figures.
pub struct ProcessFigures<'a> {
    pub http: Option<&'a HttpMetrics>,
    /// Clients on live streams.
    pub stream_listeners: Option<usize>,
    /// The workers here, and how many there are (none: not shown).
    pub workers: Option<(&'a WorkerStats, usize)>,
}

/// The scrape: `store` (when this process serves the API) and this process's figures.
pub fn render(store: Option<&StoreFigures>, process: &ProcessFigures) -> String {
    let mut registry = Registry::default();
    if let Some(store) = store {
        register_store(&mut registry, store);
    }
    if let Some(listeners) = process.stream_listeners {
        registry.register(
            "aloud_stream_listeners",
            "Clients on live streams",
            gauge_at(listeners as i64),
        );
    }
    if let Some(http) = process.http {
        http.register(&mut registry);
    }
    if let Some((stats, workers)) = process.workers {
        registry.register(
            "aloud_worker_threads",
            "Workers in this process",
            gauge_at(workers as i64),
        );
        stats.register(&mut registry);
    }
    let mut out = String::new();
    prometheus_client::encoding::prometheus_text::encode(&mut out, &registry)
        .expect("writing to a String cannot fail");
    out
}

fn register_store(registry: &mut Registry, store: &StoreFigures) {
    let count = |status| {
        store
            .counts
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let jobs = Family::<OneLabel, Gauge>::default();
    for status in JobStatus::ALL {
        jobs.get_or_create(&[("state", status.as_str())])
            .set(count(status));
    }
    registry.register("aloud_jobs", "Articles by job state", jobs);
    registry.register(
        "aloud_queue_depth",
        "Articles waiting for a worker",
        gauge_at(count(JobStatus::Queued)),
    );

    let Totals {
        synthesized,
        cached,
        synth_ms,
        audio_ms,
    } = store.totals;
    let utterances = Family::<OneLabel, Counter>::default();
    for (source, n) in [("synthesized", synthesized), ("cache", cached)] {
        utterances
            .get_or_create(&[("source", source)])
            .inc_by(n.max(0) as u64);
    }
    registry.register(
        "aloud_utterances",
        "Utterances narrated, by where their audio came from",
        utterances,
    );
    let total = |v| {
        let c = Counter::<f64, AtomicU64>::default();
        c.inc_by(v);
        c
    };
    registry.register(
        "aloud_synthesis_seconds",
        "Wall time spent narrating finished articles",
        total(seconds(synth_ms)),
    );
    registry.register(
        "aloud_audio_seconds",
        "Audio produced for finished articles",
        total(seconds(audio_ms)),
    );
    registry.register(
        "aloud_real_time_factor",
        "Narration wall time per second of audio (lower is faster)",
        ratio_gauge(seconds(synth_ms), seconds(audio_ms)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scrape_names_every_series_with_its_value() {
        let store = StoreFigures {
            counts: vec![(JobStatus::Done, 2), (JobStatus::Queued, 5)],
            totals: Totals {
                synthesized: 7,
                cached: 3,
                synth_ms: 1_500,
                audio_ms: 30_000,
            },
        };
        let http = HttpMetrics::default();
        http.observe(Some("/v1/articles/{id}"), "GET", 200, Instant::now());
        http.observe(None, "BREW", 404, Instant::now());
        let stats = WorkerStats::default();
        stats.job_ended(JobOutcome::Done);
        stats.narrated(1_000, 20_000, 4, 1);
        stats.set_busy(true);
        let text = render(
            Some(&store),
            &ProcessFigures {
                http: Some(&http),
                stream_listeners: Some(1),
                workers: Some((&stats, 2)),
            },
        );
        for line in [
            "aloud_jobs{state=\"done\"} 2",
            "aloud_jobs{state=\"running\"} 0",
            "aloud_queue_depth 5",
            "aloud_utterances_total{source=\"cache\"} 3",
            "aloud_synthesis_seconds_total 1.5",
            "aloud_real_time_factor 0.05",
            "aloud_stream_listeners 1",
            "aloud_http_requests_total{route=\"/v1/articles/{id}\",method=\"GET\",status=\"200\"} 1",
            "aloud_http_requests_total{route=\"unmatched\",method=\"other\",status=\"404\"} 1",
            "aloud_worker_threads 2",
            "aloud_worker_busy 1",
            "aloud_worker_jobs_total{outcome=\"done\"} 1",
            "aloud_worker_jobs_total{outcome=\"lost\"} 0",
            "aloud_worker_utterances_total{source=\"synthesized\"} 4",
            "aloud_worker_real_time_factor 0.05",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing in:\n{text}");
        }
        assert!(text.contains("# TYPE aloud_http_request_duration_seconds histogram"));
        assert!(text.contains("aloud_http_request_duration_seconds_bucket{route=\"/v1/articles/{id}\",le=\"0.001\"}"), "{text}");
    }
}
