//! Workers: threads that claim jobs from the store, run the whole pipeline (with the
//! voice loaded once per worker) and store the results. Synthesis is CPU-bound and
//! blocking, so workers are plain threads that call into the async store through the
//! runtime's handle; request handlers never synthesize.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aloud_extract::{DocumentKind, Input};
use aloud_pipeline::{pcm_from_bytes, pcm_to_bytes, Narrator, UtteranceCache};
use aloud_script::ScriptOptions;
use aloud_voice::WorkerPlan;
use sha2::{Digest, Sha256};

use crate::blobs::BlobStore;
use crate::store::{hex, ArticleRecord, Completion, SourceKind, Store};

/// How long a claimed job is a worker's before another may take it over, by default;
/// renewed on every utterance.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

pub struct Worker {
    pub name: String,
    pub store: Store,
    pub blobs: Arc<dyn BlobStore>,
    pub runtime: tokio::runtime::Handle,
    /// Where the voices and ONNX Runtime live.
    pub assets_dir: PathBuf,
    pub plan: WorkerPlan,
    pub lease: Duration,
    pub fetch_policy: aloud_extract::NetPolicy,
    /// Woken when a job is submitted.
    pub wake: Arc<Mutex<Receiver<()>>>,
    pub shutdown: Arc<AtomicBool>,
}

/// Why a job failed, and whether trying again could help.
struct JobError {
    message: String,
    retry: bool,
}

impl Worker {
    pub fn run(self) {
        let mut narrator: Option<Narrator> = None;
        while !self.shutdown.load(Ordering::Relaxed) {
            let job = match self
                .runtime
                .block_on(self.store.claim(&self.name, self.lease))
            {
                Ok(Some(job)) => job,
                Ok(None) => {
                    self.idle();
                    continue;
                }
                Err(e) => {
                    eprintln!("aloud: worker {}: {e}", self.name);
                    self.idle();
                    continue;
                }
            };
            match self.narrate(&job, &mut narrator) {
                Ok(done) => {
                    if let Err(e) = self.runtime.block_on(self.store.complete(&job.id, &done)) {
                        eprintln!("aloud: worker {}: cannot record {}: {e}", self.name, job.id);
                    }
                }
                Err(e) => {
                    let _ = self
                        .runtime
                        .block_on(self.store.fail(&job.id, &e.message, e.retry));
                }
            }
        }
    }

    fn idle(&self) {
        let wake = self.wake.lock().unwrap_or_else(|p| p.into_inner());
        match wake.recv_timeout(Duration::from_millis(500)) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(Duration::from_millis(500)),
        }
    }

    fn narrate(
        &self,
        job: &ArticleRecord,
        narrator: &mut Option<Narrator>,
    ) -> Result<Completion, JobError> {
        let input_error = |e: anyhow::Error| JobError {
            message: format!("{e:#}"),
            retry: false,
        };
        let document = match job.source_kind {
            SourceKind::Url => {
                aloud_extract::load_with(&Input::Url(job.source.clone()), &self.fetch_policy)
            }
            SourceKind::Html => aloud_extract::source::decode(
                job.source.as_bytes(),
                Some(DocumentKind::Html),
                None,
                None,
            ),
            SourceKind::Text => {
                aloud_extract::source::decode(job.source.as_bytes(), None, None, None)
            }
        }
        .map_err(|e| input_error(e.into()))?;
        let (_, script) = aloud_pipeline::script_for_document(&document, ScriptOptions::default())
            .map_err(input_error)?;

        if narrator
            .as_ref()
            .is_none_or(|n| n.voice().info.name != job.voice)
        {
            *narrator = None; // free the old voice before loading another
            let info =
                aloud_voice::find_voice(&self.assets_dir, &job.voice).map_err(|e| JobError {
                    message: e.to_string(),
                    retry: false,
                })?;
            let loaded =
                Narrator::load(info, &self.assets_dir, self.plan).map_err(|e| JobError {
                    message: format!("{e:#}"),
                    retry: true,
                })?;
            *narrator = Some(loaded);
        }
        let narrator = narrator.as_mut().expect("loaded above");
        let total = script.utterances.len() as i64;
        let cache = BlobCache(self.blobs.as_ref());
        let (narration, timings, stats) = narrator
            .narrate_cached(&script, job.speed as f32, &cache, |p| {
                let _ = self.runtime.block_on(self.store.progress(
                    &job.id,
                    p.done as i64,
                    total,
                    self.lease,
                ));
            })
            .map_err(|e| JobError {
                message: format!("{e:#}"),
                retry: true,
            })?;
        let mp3 = aloud_audio::encode(
            &narration.samples,
            narration.sample_rate,
            aloud_audio::Format::Mp3,
        )
        .map_err(|e| JobError {
            message: e.to_string(),
            retry: true,
        })?;

        let store_err = |e: std::io::Error| JobError {
            message: format!("storing the narration: {e}"),
            retry: true,
        };
        // Audio last: its presence (with the row marked done) means everything is there.
        for (name, bytes) in [
            ("timings.json", timings.to_json().into_bytes()),
            ("captions.vtt", timings.to_vtt().into_bytes()),
            ("script.txt", script.spoken_lines().into_bytes()),
            ("audio.mp3", mp3.clone()),
        ] {
            self.blobs
                .put(&format!("{}/{name}", job.id), &bytes)
                .map_err(store_err)?;
        }
        Ok(Completion {
            title: script.meta.title.clone(),
            byline: script.meta.byline.clone(),
            duration_ms: timings.duration_ms as i64,
            utterances: total,
            synthesized: stats.synthesized as i64,
            cached: stats.cached as i64,
            audio_etag: hex(&Sha256::digest(&mp3)[..12]),
            audio_bytes: mp3.len() as i64,
        })
    }
}

/// Synthesized utterances kept in the blob store (`cache/{key}.pcm`, 16-bit PCM), so
/// re-submitting an edited article re-synthesizes only its changed sentences.
struct BlobCache<'a>(&'a dyn BlobStore);

impl UtteranceCache for BlobCache<'_> {
    fn get(&self, key: &str) -> Option<Vec<f32>> {
        let bytes = self.0.get(&format!("cache/{key}.pcm")).ok()??;
        Some(pcm_from_bytes(&bytes))
    }

    fn put(&self, key: &str, samples: &[f32]) {
        // A cache that cannot be written only costs synthesis later.
        let _ = self
            .0
            .put(&format!("cache/{key}.pcm"), &pcm_to_bytes(samples));
    }
}
