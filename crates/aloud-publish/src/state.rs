//! What every handler shares: the store, the blob store, the worker queue and the
//! server's settings ([`AppState`]).

use std::collections::HashSet;
use std::sync::Arc;

use crate::blobs::BlobStore;
use crate::store::Store;
use crate::stream;

pub use crate::rate_limit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub blobs: Arc<dyn BlobStore>,
    /// Wakes an idle worker after a submission.
    pub wake: Arc<crate::wake::WakeQueue>,
    /// Worker threads in this process (speech requests need one here), and what they
    /// have done.
    pub local_workers: usize,
    pub worker_stats: Arc<crate::metrics::WorkerStats>,
    /// This process's HTTP requests, for `/metrics`.
    pub http_metrics: Arc<crate::metrics::HttpMetrics>,
    pub voices: Arc<HashSet<String>>,
    /// The same voices described (engine, language, gender, quality), for `/v1/voices`.
    pub voice_list: Arc<Vec<aloud_voice::VoiceInfo>>,
    /// The voices' speeds as measured on this machine (`aloud voices --measure`).
    pub voice_speeds:
        Arc<std::collections::BTreeMap<String, aloud_pipeline::voice_speed::VoiceSpeed>>,
    pub default_voice: String,
    /// The speech endpoint's voice for requests that name none.
    pub speech_voice: String,
    /// Publishers' default voices (a submission's own voice comes first).
    pub publisher_voices: Arc<std::collections::HashMap<String, String>>,
    pub limiter: Arc<RateLimiter>,
    /// Base of the absolute URLs in feeds.
    pub public_url: Arc<String>,
    /// Cover art for podcast feeds, if configured.
    pub feed_image: Option<Arc<String>>,
    /// Whether the web app at `/` takes submissions without an API key.
    pub web_submit: bool,
    /// Which addresses submitted URLs may reach: checked at submission for an early
    /// answer, and again by every fetch.
    pub fetch_policy: aloud_extract::NetPolicy,
    /// The longest narration made; keyless web submissions get a fraction of it.
    pub max_audio: std::time::Duration,
    /// Workers say here when a stream plan or an utterance's audio is stored.
    pub ready: stream::ReadySignal,
    /// Live-stream listeners, capped.
    pub listeners: Arc<stream::Listeners>,
    /// Where the deployment's and publishers' lexicons live (editors add publisher
    /// rules there over the API).
    pub lexicon_dir: Arc<std::path::PathBuf>,
    /// Whether this deployment's workers hear narrations after publishing them.
    pub check: bool,
}
