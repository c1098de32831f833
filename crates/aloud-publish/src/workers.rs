//! A process's workers: starting the threads, waking them (a submission here, a
//! database notice from another process, or their own slow poll), counting what they
//! do for `/metrics`, and stopping them — a stopping process lets each finish its job
//! for a grace period, then hands unfinished jobs back to the queue so another worker
//! takes them at once instead of after the lease.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::http::header;
use axum::routing::get;
use axum::Router;

use crate::blobs::BlobStore;
use crate::metrics::WorkerStats;
use crate::store::{MetadataStore, Store};
use crate::stream::ReadySignal;
use crate::wake::{WakeQueue, MAX_WAITING_SPEECH};
use crate::worker::Worker;
use crate::ServeConfig;

/// One worker thread and the job it holds, if any.
struct Running {
    name: String,
    thread: JoinHandle<()>,
    job: Arc<Mutex<Option<String>>>,
}

/// The worker threads of this process.
pub struct WorkerPool {
    running: Vec<Running>,
    wake: Arc<WakeQueue>,
    shutdown: Arc<AtomicBool>,
    stats: Arc<WorkerStats>,
    store: Store,
}

/// How often an idle worker looks at the queue when nothing wakes it: often on SQLite
/// (other processes cannot say when they queue a job), rarely on PostgreSQL, whose
/// notices wake it.
fn idle_poll(store: &dyn MetadataStore) -> Duration {
    if store.notifies() {
        Duration::from_secs(5)
    } else {
        Duration::from_millis(500)
    }
}

impl WorkerPool {
    /// Starts `config.workers` worker threads (none for an API-only node).
    pub fn start(
        config: &ServeConfig,
        store: Store,
        blobs: Arc<dyn BlobStore>,
        voices: Arc<Vec<aloud_voice::VoiceInfo>>,
        ready: ReadySignal,
    ) -> anyhow::Result<Self> {
        let wake = Arc::new(WakeQueue::new(MAX_WAITING_SPEECH));
        let shutdown = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(WorkerStats::default());
        let mut running = Vec::new();
        for n in 0..config.workers {
            let name = format!("{}-{}-{n}", hostname(), std::process::id());
            let job = Arc::new(Mutex::new(None));
            let w = Worker {
                name: name.clone(),
                store: store.clone(),
                blobs: blobs.clone(),
                runtime: tokio::runtime::Handle::current(),
                assets_dir: config.assets_dir.clone(),
                lexicon_dir: config.lexicon_dir.clone(),
                plan: config.plan,
                lease: config.lease,
                idle_poll: idle_poll(store.as_ref()),
                fetch_policy: config.fetch_policy.clone(),
                max_audio: config.max_audio,
                voices: voices.clone(),
                ready: ready.clone(),
                wake: wake.clone(),
                shutdown: shutdown.clone(),
                stats: stats.clone(),
                holding: job.clone(),
                check: config.check,
            };
            let thread = std::thread::Builder::new()
                .name(format!("aloud-worker-{n}"))
                .spawn(move || w.run())?;
            running.push(Running { name, thread, job });
        }
        if !running.is_empty() && store.notifies() {
            // Jobs queued by other processes wake a worker here.
            let (store, wake, shutdown) = (store.clone(), wake.clone(), shutdown.clone());
            tokio::spawn(async move {
                while !shutdown.load(Ordering::Relaxed) {
                    store.wait_for_job(Duration::from_secs(30)).await;
                    wake.job();
                }
            });
        }
        Ok(Self {
            running,
            wake,
            shutdown,
            stats,
            store,
        })
    }

    /// Where to tell this process's workers that a job or a speech request is waiting.
    pub fn waker(&self) -> Arc<WakeQueue> {
        self.wake.clone()
    }

    pub fn len(&self) -> usize {
        self.running.len()
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    pub fn stats(&self) -> Arc<WorkerStats> {
        self.stats.clone()
    }

    /// Stops the workers: no new jobs are claimed; those in hand may finish for
    /// `grace`, then are handed back to the queue (their attempt not counted).
    pub async fn stop(self, grace: Duration) {
        self.shutdown.store(true, Ordering::Relaxed);
        let until = Instant::now() + grace;
        while Instant::now() < until && self.running.iter().any(|r| !r.thread.is_finished()) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for r in &self.running {
            if r.thread.is_finished() {
                continue;
            }
            let job = r.job.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if let Some(id) = job {
                match self.store.release(&id, &r.name).await {
                    Ok(true) => {
                        tracing::info!(worker = %r.name, article = %id, "handed the job back to the queue")
                    }
                    Ok(false) => {}
                    Err(e) => {
                        tracing::error!(worker = %r.name, article = %id, error = %e, "cannot hand the job back")
                    }
                }
            }
        }
    }
}

/// `/metrics` (this process's workers), `/healthz` (alive) and `/readyz` (the
/// database answers) for a worker process.
pub fn metrics_router(stats: Arc<WorkerStats>, workers: usize, store: Store) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(move || {
                let body = crate::metrics::render(
                    None,
                    &crate::metrics::ProcessFigures {
                        http: None,
                        stream_listeners: None,
                        workers: Some((&stats, workers)),
                    },
                );
                async move { ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], body) }
            }),
        )
        .route("/healthz", get(|| async { "ok\n" }))
        .route(
            "/readyz",
            get(move || {
                let store = store.clone();
                async move {
                    match store.ping().await {
                        Ok(()) => (axum::http::StatusCode::OK, "ready\n"),
                        Err(e) => {
                            tracing::warn!(error = %e, "not ready: database");
                            (
                                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                                "database unreachable\n",
                            )
                        }
                    }
                }
            }),
        )
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "host".into())
}
