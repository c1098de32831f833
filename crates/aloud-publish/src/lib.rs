//! The publish stage: `aloud serve` and `aloud worker`. Metadata and the durable job
//! queue in SQLite or PostgreSQL ([`store`]), narrations in a blob store ([`blobs`]),
//! worker threads that run the pipeline ([`worker`], started by [`workers`]) and the
//! HTTP API ([`api`]).
//!
//! Embedded default: one process, SQLite and files under the data directory, listening
//! on 127.0.0.1. At scale the same binary runs as API nodes (`serve --workers 0`) and
//! worker processes (`worker`) that share one database and one store; everything that
//! holds state sits behind [`store::Store`] and [`blobs::BlobStore`].

pub mod api;
pub mod app;
pub mod blobs;
pub mod check;
pub mod conditional;
pub mod connections;
mod editor;
pub mod error;
pub mod feed;
pub mod ingest;
mod lexicons;
pub mod logging;
pub mod metrics;
mod publishers;
pub mod rate_limit;
pub mod request;
pub mod speech;
pub mod state;
pub mod store;
pub mod stream;
pub mod wake;
pub mod web;
pub mod worker;
pub mod workers;

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use aloud_voice::SessionPlan;

/// How `aloud serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    /// Server state: the embedded database and the narrations.
    pub data_dir: PathBuf,
    /// The database: a SQLite path or a `postgres://` URL (default: `aloud.sqlite` in
    /// the data directory).
    pub database: Option<String>,
    /// The blob store: a directory or `s3://bucket/prefix` (default: `narrations` in
    /// the data directory).
    pub storage: Option<String>,
    /// Voices and ONNX Runtime.
    pub assets_dir: PathBuf,
    /// Deployment and publisher pronunciation lexicons
    /// ([`aloud_pipeline::load_lexicon`]).
    pub lexicon_dir: PathBuf,
    /// Worker threads in this process (0: an API-only node; jobs wait for workers
    /// elsewhere).
    pub workers: usize,
    pub plan: SessionPlan,
    /// How long a stopping process lets its workers finish their jobs before it hands
    /// them back to the queue.
    pub shutdown_grace: Duration,
    /// How long a job stays with a worker that stopped reporting progress.
    pub lease: std::time::Duration,
    /// Which addresses submitted URLs may reach (public only, unless allowed).
    pub fetch_policy: aloud_extract::NetPolicy,
    /// Write requests per minute per API key.
    pub rate_limit_per_minute: u32,
    /// The address clients reach the server at, for absolute URLs in feeds
    /// (default: `http://` + the listening address).
    pub public_url: Option<String>,
    /// How often registered feeds are polled.
    pub feed_poll_interval: std::time::Duration,
    /// Cover art URL for podcast feeds.
    pub feed_image: Option<String>,
    /// Whether readers may submit links and text on the web page at `/` without an
    /// API key (limited per address like API writes).
    pub web_submit: bool,
    /// The longest narration a job or speech request may make (estimated before
    /// synthesis, pauses included).
    pub max_audio: std::time::Duration,
    /// Whether workers hear each narration after publishing it ([`check`]).
    pub check: bool,
    /// Connection cap and header/body deadlines.
    pub connections: connections::ConnectionLimits,
    /// The voice of submissions that name none (and of feeds' items).
    pub default_voice: String,
    /// The speech endpoint's voice for requests that name none.
    pub speech_voice: String,
    /// Publishers' own default voices.
    pub publisher_voices: HashMap<String, String>,
    /// Whether espeak-ng's basic voices may read languages without a neural voice.
    pub basic_voices: bool,
    /// How long a sentence in the cache lives after it was last synthesized (none:
    /// for ever). API nodes sweep the cache hourly.
    pub cache_max_age: Option<Duration>,
}

/// Live-stream listeners at most, in all and on one article (more get 503; the
/// finished file has no such cap).
pub const MAX_LISTENERS: usize = 256;
pub const MAX_LISTENERS_PER_ARTICLE: usize = 32;

/// The database file inside a data directory.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join("aloud.sqlite")
}

impl ServeConfig {
    /// The database URL: the configured one, else the data directory's SQLite file.
    pub fn database_url(&self) -> String {
        database_url(self.database.as_deref(), &self.data_dir)
    }
}

/// `database` if given, else the SQLite file in `data_dir` (created with its directory).
pub fn database_url(database: Option<&str>, data_dir: &Path) -> String {
    match database {
        Some(url) => url.to_string(),
        None => {
            let _ = std::fs::create_dir_all(data_dir);
            database_path(data_dir).display().to_string()
        }
    }
}

/// Creates an API key named `name` in the database at `database`.
pub async fn create_key(
    database: &str,
    name: &str,
    publisher: Option<&str>,
) -> anyhow::Result<String> {
    if let Some(publisher) = publisher {
        request::publisher_name(publisher).map_err(|e| anyhow::anyhow!("{}", e.message))?;
    }
    let store = store::open(database).await?;
    Ok(store::Keys::create_key(&store, name, publisher).await?)
}

/// The API keys in the database at `database` (names, publishers, dates; never a key).
pub async fn list_keys(database: &str) -> anyhow::Result<Vec<store::KeyRecord>> {
    let store = store::open(database).await?;
    Ok(store::Keys::list_keys(&store).await?)
}

/// Revokes the keys named `name`; fails if none was valid.
pub async fn revoke_keys(database: &str, name: &str) -> anyhow::Result<u64> {
    let store = store::open(database).await?;
    let revoked = store::Keys::revoke_keys(&store, name).await?;
    anyhow::ensure!(revoked > 0, "no valid key named {name:?}");
    Ok(revoked)
}

/// Brings the database at `database` up to date; returns the migrations applied.
pub async fn migrate(database: &str) -> anyhow::Result<Vec<i64>> {
    let (_, applied) = store::SqlStore::connect(database).await?;
    Ok(applied)
}

/// The voices this deployment reads with: those installed, without espeak-ng's basic
/// ones unless allowed. Fails when there are none.
fn deployment_voices(config: &ServeConfig) -> anyhow::Result<Arc<Vec<aloud_voice::VoiceInfo>>> {
    let installed: Vec<aloud_voice::VoiceInfo> = aloud_voice::installed_voices(&config.assets_dir)?
        .into_iter()
        .filter(|v| config.basic_voices || v.engine != aloud_voice::Engine::Espeak)
        .collect();
    if installed.is_empty() {
        anyhow::bail!(
            "no voices installed in {} (run scripts/setup.sh)",
            config.assets_dir.display()
        );
    }
    Ok(Arc::new(installed))
}

/// Opens the database and the blob store a config names.
async fn open_state(
    config: &ServeConfig,
) -> anyhow::Result<(store::Store, Arc<dyn blobs::BlobStore>)> {
    std::fs::create_dir_all(&config.data_dir)?;
    let store: store::Store = Arc::new(store::open(&config.database_url()).await?);
    let blobs = blobs::open(config.storage.as_deref(), &config.data_dir)?;
    Ok((store, blobs))
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("signal handler");
    tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
}

/// Runs the server until Ctrl-C / SIGTERM. Prints the address it listens on.
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let (store, blobs) = open_state(&config).await?;
    let installed = deployment_voices(&config)?;
    let voices: HashSet<String> = installed.iter().map(|v| v.name.clone()).collect();
    let defaults = [
        ("voice", &config.default_voice),
        ("speech_voice", &config.speech_voice),
    ];
    for (setting, voice) in defaults.into_iter().chain(
        config
            .publisher_voices
            .values()
            .map(|v| ("publisher_voices", v)),
    ) {
        if !voices.contains(voice) {
            anyhow::bail!("{setting}: unknown voice {voice:?} (see `aloud voices`)");
        }
    }

    let ready = stream::ReadySignal::default();
    let pool = workers::WorkerPool::start(
        &config,
        store.clone(),
        blobs.clone(),
        installed.clone(),
        ready.clone(),
    )?;
    {
        let (store, policy, wake) = (store.clone(), config.fetch_policy.clone(), pool.waker());
        let voice = config.default_voice.clone();
        tokio::spawn(async move {
            ingest::poll_forever(store, policy, config.feed_poll_interval, voice, move || {
                wake.job();
            })
            .await
        });
    }
    if let Some(max_age) = config.cache_max_age {
        let blobs = blobs.clone();
        tokio::spawn(async move {
            // The first sweep a minute after start (the store may still be warming up:
            // a new S3 bucket can answer 404 to a listing for a moment), then hourly.
            let start = tokio::time::Instant::now() + Duration::from_secs(60);
            let mut hourly = tokio::time::interval_at(start, Duration::from_secs(3600));
            loop {
                hourly.tick().await;
                match blobs::evict_cache(blobs.as_ref(), max_age).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(sentences = n, "evicted cached sentences"),
                    Err(e) => tracing::warn!(error = %e, "cache eviction"),
                }
                // Writes a killed process left half-done (an hour is longer than any put).
                let hour_ago = blobs::now_ms() - 3_600_000;
                match blobs.remove_partial_writes(hour_ago).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(files = n, "removed unfinished writes"),
                    Err(e) => tracing::warn!(error = %e, "removing unfinished writes"),
                }
            }
        });
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", listener.local_addr().expect("bound")));
    let state = state::AppState {
        store: store.clone(),
        blobs,
        wake: pool.waker(),
        local_workers: pool.len(),
        worker_stats: pool.stats(),
        http_metrics: Default::default(),
        voices: Arc::new(voices),
        voice_list: installed,
        voice_speeds: Arc::new(aloud_pipeline::voice_speed::measured_speeds(
            &config.assets_dir,
        )),
        default_voice: config.default_voice.clone(),
        speech_voice: config.speech_voice.clone(),
        publisher_voices: Arc::new(config.publisher_voices.clone()),
        limiter: Arc::new(state::RateLimiter::new(config.rate_limit_per_minute)),
        public_url: Arc::new(public_url),
        feed_image: config.feed_image.clone().map(Arc::new),
        web_submit: config.web_submit,
        fetch_policy: config.fetch_policy.clone(),
        max_audio: config.max_audio,
        ready,
        listeners: stream::Listeners::new(MAX_LISTENERS, MAX_LISTENERS_PER_ARTICLE),
        lexicon_dir: Arc::new(config.lexicon_dir.clone()),
        check: config.check,
    };
    tracing::info!("listening on http://{}", listener.local_addr()?);
    connections::serve(
        listener,
        app::router(state),
        config.connections,
        stop_signal(),
    )
    .await?;
    pool.stop(config.shutdown_grace).await;
    Ok(())
}

/// Runs `config.workers` workers (at least one) that take jobs from the shared
/// database and store, until Ctrl-C / SIGTERM; with `metrics`, serves `/metrics` and
/// `/healthz` for them on that address.
pub async fn work(config: ServeConfig, metrics: Option<SocketAddr>) -> anyhow::Result<()> {
    let (store, blobs) = open_state(&config).await?;
    let installed = deployment_voices(&config)?;
    let config = ServeConfig {
        workers: config.workers.max(1),
        ..config
    };
    let pool = workers::WorkerPool::start(
        &config,
        store.clone(),
        blobs,
        installed,
        stream::ReadySignal::default(),
    )?;
    if let Some(address) = metrics {
        let listener = tokio::net::TcpListener::bind(address).await?;
        tracing::info!("worker metrics on http://{}", listener.local_addr()?);
        let router = workers::metrics_router(pool.stats(), pool.len(), store);
        let limits = connections::ConnectionLimits::default();
        tokio::spawn(connections::serve(
            listener,
            router,
            limits,
            std::future::pending(),
        ));
    }
    tracing::info!(workers = pool.len(), "workers waiting for jobs");
    stop_signal().await;
    pool.stop(config.shutdown_grace).await;
    Ok(())
}
