//! The publish stage: `aloud serve`. A durable job queue and metadata in SQLite
//! ([`store`]), narrations in a blob store ([`blobs`]), worker threads that run the
//! pipeline ([`worker`]) and the HTTP API ([`api`]).
//!
//! Embedded default: one process, SQLite and files under the data directory, listening
//! on 127.0.0.1. Everything that holds state sits behind [`store::Store`] and
//! [`blobs::BlobStore`], so PostgreSQL and S3-compatible storage can be added without
//! touching handlers.

pub mod api;
pub mod blobs;
pub mod connections;
pub mod feed;
pub mod ingest;
pub mod store;
pub mod stream;
pub mod web;
pub mod worker;

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use aloud_voice::WorkerPlan;

/// How `aloud serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    /// Server state: the database and the narrations.
    pub data_dir: PathBuf,
    /// Voices and ONNX Runtime.
    pub assets_dir: PathBuf,
    /// Deployment and publisher pronunciation lexicons
    /// ([`aloud_pipeline::load_lexicon`]).
    pub lexicon_dir: PathBuf,
    pub workers: usize,
    pub plan: WorkerPlan,
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
    /// Connection cap and header/body deadlines.
    pub connections: connections::ConnectionLimits,
    /// The voice of submissions that name none (and of feeds' items).
    pub default_voice: String,
    /// Publishers' own default voices.
    pub publisher_voices: HashMap<String, String>,
    /// Whether espeak-ng's basic voices may read languages without a neural voice.
    pub basic_voices: bool,
}

/// Live-stream listeners at most, in all and on one article (more get 503; the
/// finished file has no such cap).
pub const MAX_LISTENERS: usize = 256;
pub const MAX_LISTENERS_PER_ARTICLE: usize = 32;

/// The database file inside a data directory.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join("aloud.sqlite")
}

/// Creates an API key named `name` in the server at `data_dir`.
pub async fn create_key(data_dir: &Path, name: &str) -> anyhow::Result<String> {
    std::fs::create_dir_all(data_dir)?;
    let store = store::SqliteStore::open(&database_path(data_dir)).await?;
    Ok(store.create_key(name).await?)
}

/// Runs the server until Ctrl-C / SIGTERM. Prints the address it listens on.
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    std::fs::create_dir_all(&config.data_dir)?;
    let store: store::Store =
        std::sync::Arc::new(store::SqliteStore::open(&database_path(&config.data_dir)).await?);
    let blobs: Arc<dyn blobs::BlobStore> = Arc::new(blobs::FsBlobStore::new(
        &config.data_dir.join("narrations"),
    )?);
    let installed: Arc<Vec<aloud_voice::VoiceInfo>> = Arc::new(
        aloud_voice::installed_voices(&config.assets_dir)?
            .into_iter()
            .filter(|v| config.basic_voices || v.engine != aloud_voice::Engine::Espeak)
            .collect(),
    );
    let voices: HashSet<String> = installed.iter().map(|v| v.name.clone()).collect();
    if voices.is_empty() {
        anyhow::bail!(
            "no voices installed in {} (run scripts/setup.sh)",
            config.assets_dir.display()
        );
    }
    for (setting, voice) in std::iter::once(("voice", &config.default_voice)).chain(
        config
            .publisher_voices
            .values()
            .map(|v| ("publisher_voices", v)),
    ) {
        if !voices.contains(voice) {
            anyhow::bail!("{setting}: unknown voice {voice:?} (see `aloud voices`)");
        }
    }

    let (wake_tx, wake_rx) = std::sync::mpsc::sync_channel::<worker::Wake>(64);
    let wake_rx = Arc::new(Mutex::new(wake_rx));
    let shutdown = Arc::new(AtomicBool::new(false));
    let ready = stream::ReadySignal::default();
    let mut workers = Vec::new();
    for n in 0..config.workers.max(1) {
        let w = worker::Worker {
            name: format!("{}-{}-{n}", hostname(), std::process::id()),
            store: store.clone(),
            blobs: blobs.clone(),
            runtime: tokio::runtime::Handle::current(),
            assets_dir: config.assets_dir.clone(),
            lexicon_dir: config.lexicon_dir.clone(),
            plan: config.plan,
            lease: config.lease,
            fetch_policy: config.fetch_policy.clone(),
            max_audio: config.max_audio,
            voices: installed.clone(),
            ready: ready.clone(),
            wake: wake_rx.clone(),
            shutdown: shutdown.clone(),
        };
        workers.push(
            std::thread::Builder::new()
                .name(format!("aloud-worker-{n}"))
                .spawn(move || w.run())?,
        );
    }

    {
        let (store, policy, wake) = (store.clone(), config.fetch_policy.clone(), wake_tx.clone());
        let voice = config.default_voice.clone();
        tokio::spawn(async move {
            ingest::poll_forever(store, policy, config.feed_poll_interval, voice, move || {
                let _ = wake.try_send(worker::Wake::Job);
            })
            .await
        });
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", listener.local_addr().expect("bound")));
    let state = api::AppState {
        store,
        blobs,
        wake: wake_tx,
        voices: Arc::new(voices),
        voice_list: installed,
        default_voice: config.default_voice.clone(),
        publisher_voices: Arc::new(config.publisher_voices.clone()),
        limiter: Arc::new(api::RateLimiter::new(config.rate_limit_per_minute)),
        public_url: Arc::new(public_url),
        feed_image: config.feed_image.clone().map(Arc::new),
        web_submit: config.web_submit,
        fetch_policy: config.fetch_policy.clone(),
        max_audio: config.max_audio,
        ready,
        listeners: stream::Listeners::new(MAX_LISTENERS, MAX_LISTENERS_PER_ARTICLE),
    };
    eprintln!("aloud: listening on http://{}", listener.local_addr()?);
    let signal = async {
        let ctrl_c = tokio::signal::ctrl_c();
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("signal handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    };
    connections::serve(listener, api::router(state), config.connections, signal).await?;
    // Workers finish the utterance they are on; an unfinished job's lease expires and
    // the next start picks it up again.
    shutdown.store(true, Ordering::Relaxed);
    Ok(())
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "host".into())
}
