//! Workers: threads that claim jobs from the store, run the whole pipeline (with the
//! voice loaded once per worker) and store the results. Synthesis is CPU-bound and
//! blocking, so workers are plain threads that call into the async store through the
//! runtime's handle; request handlers never synthesize.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aloud_extract::{DocumentKind, Input};
use aloud_pipeline::{pcm_from_bytes, pcm_to_bytes, Narrator, Synthesized, UtteranceCache};
use aloud_script::ScriptOptions;
use aloud_voice::{Schedule, SessionPlan};
use sha2::{Digest, Sha256};

use crate::blobs::{legacy_narration_key, narration_key, BlobStore, NARRATION_FILES};
use crate::metrics::{JobOutcome, WorkerStats};
use crate::store::{hex, Completion, Job, SourceKind, Store};
use crate::stream::{PlannedUtterance, ReadySignal, StreamPlan};
use crate::wake::WakeQueue;
use aloud_pipeline::PipelineError;

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
    /// Deployment and publisher pronunciation lexicons.
    pub lexicon_dir: PathBuf,
    pub plan: SessionPlan,
    pub lease: Duration,
    /// How often an idle worker looks at the queue when nothing wakes it.
    pub idle_poll: Duration,
    pub fetch_policy: aloud_extract::NetPolicy,
    /// The longest narration made (jobs and speech requests).
    pub max_audio: Duration,
    /// The voices this server reads with (listed once at start; the basic ones only if
    /// the deployment allows them).
    pub voices: Arc<Vec<aloud_voice::VoiceInfo>>,
    /// Told when a stream plan or an utterance's audio is stored.
    pub ready: ReadySignal,
    /// Woken when a job is submitted.
    pub wake: Arc<WakeQueue>,
    pub shutdown: Arc<AtomicBool>,
    /// What this process's workers have done.
    pub stats: Arc<WorkerStats>,
    /// The job this worker holds now, for a stopping process to hand back.
    pub holding: Arc<Mutex<Option<String>>>,
    /// Whether each narration is heard after it is published ([`crate::check`]).
    pub check: bool,
}

/// Plain text to synthesize right away; the audio goes back on `reply`.
pub struct SpeechRequest {
    pub text: String,
    pub voice: String,
    pub speed: f32,
    /// Rules for this text (JSON lexicon, checked), applied as an article's.
    pub lexicon: Option<String>,
    pub format: SpeechFormat,
    pub reply: tokio::sync::oneshot::Sender<Result<Vec<u8>, String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechFormat {
    Mp3,
    Opus,
    Wav,
    /// Raw 16-bit little-endian mono at 24 kHz, as OpenAI's `pcm`.
    Pcm,
}

/// Why a job failed, and whether trying again could help.
#[derive(Debug)]
pub(crate) struct JobError {
    pub(crate) message: String,
    retry: bool,
    /// The job's lease went to another worker: stop without recording anything.
    lease_lost: bool,
}

impl JobError {
    fn new(message: String, retry: bool) -> Self {
        Self {
            message,
            retry,
            lease_lost: false,
        }
    }

    fn lease_lost() -> Self {
        Self {
            message: "the job's lease was lost".into(),
            retry: false,
            lease_lost: true,
        }
    }
}

impl Worker {
    pub fn run(self) {
        let mut narrator: Option<Narrator> = None;
        let mut recognizer = crate::check::Recognizer::default();
        // Published narrations waiting to be heard, oldest first. Hearing is the last
        // thing a worker does: a speech request or a queued article stops a check
        // between two sentences, and it goes on when nothing else waits.
        let mut checks: VecDeque<crate::check::PendingCheck> = VecDeque::new();
        while !self.shutdown.load(Ordering::Relaxed) {
            // Someone is waiting on a speech request: it goes before queued articles.
            if let Some(request) = self.wake.take_speech() {
                self.speak(request, &mut narrator);
                continue;
            }
            // This claim looks for every job hinted so far.
            self.wake.take_job_hint();
            let claim_started = std::time::Instant::now();
            let claimed = self
                .runtime
                .block_on(self.store.claim(&self.name, self.lease));
            let job = match claimed {
                Ok(Some(job)) => {
                    self.stats.claimed(
                        claim_started.elapsed().as_millis() as i64,
                        now_ms() - job.queued_at,
                    );
                    job
                }
                Ok(None) | Err(_) => {
                    if let Err(e) = claimed {
                        tracing::warn!(worker = %self.name, error = %e, "cannot claim a job");
                    }
                    match checks.pop_front() {
                        Some(pending) => {
                            if let Some(stopped) =
                                self.check_some(pending, &mut narrator, &mut recognizer)
                            {
                                checks.push_front(stopped);
                            }
                        }
                        None => self.idle(&mut narrator),
                    }
                    continue;
                }
            };
            let id = job.article.id.clone();
            let started = std::time::Instant::now();
            tracing::info!(
                worker = %self.name,
                article = %id,
                attempt = job.article.attempts,
                kind = ?job.article.source_kind,
                waited_ms = now_ms() - job.queued_at,
                "job started"
            );
            self.hold(Some(&id));
            self.stats.set_busy(true);
            let heartbeat = self.heartbeat(&id);
            let outcome = guarded(&mut narrator, |narrator| match job.article.source_kind {
                SourceKind::Speech => self.narrate_speech(&job, narrator).map(|c| (c, None)),
                _ => self
                    .narrate(&job, narrator)
                    .map(|p| (p.completion.clone(), Some(p))),
            });
            heartbeat.task.abort();
            let outcome = match outcome {
                Ok(_) if heartbeat.lost.load(Ordering::Relaxed) => Err(JobError::lease_lost()),
                outcome => outcome,
            };
            self.stats.set_busy(false);
            let mut published = None;
            let ended = match outcome {
                Ok((done, to_check)) => match self.stats.store_call(|| {
                    self.runtime
                        .block_on(self.store.complete(&id, &self.name, &done))
                }) {
                    Ok(true) => {
                        if job.article.source_kind != SourceKind::Speech {
                            let previous = job.article.audio_etag.as_deref();
                            self.delete_replaced(&id, previous, &done.audio_etag);
                        }
                        self.stats.narrated(
                            done.synth_ms,
                            done.duration_ms,
                            done.synthesized,
                            done.cached,
                        );
                        tracing::info!(
                            worker = %self.name,
                            article = %id,
                            seconds = started.elapsed().as_secs_f64(),
                            audio_ms = done.duration_ms,
                            synthesized = done.synthesized,
                            cached = done.cached,
                            "job done"
                        );
                        published = to_check;
                        JobOutcome::Done
                    }
                    Ok(false) => {
                        tracing::warn!(worker = %self.name, article = %id, "lost the lease; another worker records it");
                        JobOutcome::Lost
                    }
                    Err(e) => {
                        // The lease expires and another worker narrates it again.
                        tracing::error!(worker = %self.name, article = %id, error = %e, "cannot record the narration");
                        JobOutcome::Failed
                    }
                },
                Err(e) if e.lease_lost => {
                    tracing::warn!(worker = %self.name, article = %id, "stopped: another worker has taken the job over");
                    JobOutcome::Lost
                }
                Err(e) => {
                    tracing::warn!(
                        worker = %self.name,
                        article = %id,
                        attempt = job.article.attempts,
                        retry = e.retry,
                        reason = %e.message,
                        "job failed"
                    );
                    let _ = self
                        .runtime
                        .block_on(self.store.fail(&id, &self.name, &e.message, e.retry));

                    JobOutcome::Failed
                }
            };
            self.stats.job_ended(ended);
            self.hold(None);
            // Published first, then heard: checking never delays the narration.
            if let Some(published) = published.filter(|_| self.check) {
                checks.push_back(crate::check::PendingCheck::new(id, published));
                if checks.len() > crate::check::MAX_WAITING_CHECKS {
                    let skipped = checks.pop_front().expect("over the cap");
                    self.skip_check(skipped);
                }
            }
        }
    }

    /// Renews the lease on job `id` every third of the lease while the worker works
    /// on it (fetching, extracting and loading a voice report no progress), until
    /// aborted or the lease is found lost.
    fn heartbeat(&self, id: &str) -> Heartbeat {
        let lost = Arc::new(AtomicBool::new(false));
        let (store, name, lease) = (self.store.clone(), self.name.clone(), self.lease);
        let (id, flag) = (id.to_string(), lost.clone());
        let task = self.runtime.spawn(async move {
            let mut tick = tokio::time::interval((lease / 3).max(Duration::from_millis(100)));
            tick.tick().await; // the first tick is now; the claim has just set the lease
            loop {
                tick.tick().await;
                if let Ok(false) = store.renew(&id, &name, lease).await {
                    flag.store(true, Ordering::Relaxed);
                    return;
                }
            }
        });
        Heartbeat { task, lost }
    }

    /// Records which job this worker holds.
    fn hold(&self, id: Option<&str>) {
        *self.holding.lock().unwrap_or_else(|p| p.into_inner()) = id.map(str::to_string);
    }

    /// Hears more of a published narration (see [`Worker::go_on_checking`]); gives it
    /// back when stopped before its end.
    fn check_some(
        &self,
        pending: crate::check::PendingCheck,
        narrator: &mut Option<Narrator>,
        recognizer: &mut crate::check::Recognizer,
    ) -> Option<crate::check::PendingCheck> {
        let id = pending.id.clone();
        guarded(narrator, |narrator| {
            Ok(self.go_on_checking(pending, narrator, recognizer))
        })
        .unwrap_or_else(|e| {
            tracing::error!(worker = %self.name, article = %id, error = %e.message, "check failed");
            None
        })
    }

    fn idle(&self, narrator: &mut Option<Narrator>) {
        if let Some(request) = self.wake.wait(self.idle_poll) {
            self.speak(request, narrator);
        }
    }

    /// The voice that reads an article: the job's, unless the article is in another
    /// language than that voice speaks; then the installed voice for the article's
    /// language (a Spanish page submitted without a voice is read in Spanish). With no
    /// voice for it the job fails, saying so, rather than reading it in English.
    fn voice_for_article(&self, voice: &str, language: Option<&str>) -> Result<String, JobError> {
        let Some(language) = language.filter(|l| !l.trim().is_empty()) else {
            return Ok(voice.to_string());
        };
        let voices = self.voices.as_slice();
        let speaks = voices
            .iter()
            .find(|v| v.name == voice)
            .is_some_and(|v| aloud_voice::same_language(&v.language, language));
        if speaks {
            return Ok(voice.to_string());
        }
        aloud_voice::voice_for_language(voices, language)
            .map(|v| v.name.clone())
            .ok_or_else(|| {
                JobError::new(
                    format!("no voice installed for the article's language {language:?}"),
                    false,
                )
            })
    }

    /// Loads `voice` unless it is the one loaded.
    pub(crate) fn ensure_voice<'n>(
        &self,
        narrator: &'n mut Option<Narrator>,
        voice: &str,
    ) -> Result<&'n mut Narrator, JobError> {
        if narrator
            .as_ref()
            .is_none_or(|n| n.voice().info.name != voice)
        {
            *narrator = None; // free the old voice before loading another
            let info = aloud_voice::find_voice(&self.assets_dir, voice)
                .map_err(|e| JobError::new(e.to_string(), false))?;
            let loaded = Narrator::load(info, &self.assets_dir, self.plan)
                .map_err(|e| JobError::new(format!("{e:#}"), e.retryable()))?;
            *narrator = Some(loaded);
        }
        Ok(narrator.as_mut().expect("loaded above"))
    }

    fn speak(&self, request: SpeechRequest, narrator: &mut Option<Narrator>) {
        let result = guarded(narrator, |narrator| self.speech_audio(&request, narrator))
            .map_err(|e| e.message);
        let _ = request.reply.send(result); // the client may have gone
    }

    fn speech_audio(
        &self,
        request: &SpeechRequest,
        narrator: &mut Option<Narrator>,
    ) -> Result<Vec<u8>, JobError> {
        let narration = self.speech(
            &request.text,
            &request.voice,
            request.speed,
            request.lexicon.as_deref(),
            narrator,
        )?;
        encode_speech(&narration.samples, narration.sample_rate, request.format)
            .map_err(|e| JobError::new(e, false))
    }

    /// Text for the speech endpoint, narrated as it is (no extraction, no language
    /// switch), speech-first schedule.
    fn speech(
        &self,
        text: &str,
        voice: &str,
        speed: f32,
        rules: Option<&str>,
        narrator: &mut Option<Narrator>,
    ) -> Result<aloud_audio::Narration, JobError> {
        let fail = |message: String| JobError::new(message, false);
        let mut lexicon = aloud_pipeline::load_lexicon(&self.lexicon_dir, None, &[])
            .map_err(|e| fail(format!("{e:#}")))?;
        if let Some(rules) = rules {
            lexicon
                .add_json(rules, aloud_script::lexicon::Scope::Article, "lexicon")
                .map_err(|e| fail(e.to_string()))?;
        }
        let options = ScriptOptions {
            lexicon: std::sync::Arc::new(lexicon),
            ..Default::default()
        };
        let script =
            aloud_pipeline::script_for_text(text, options).map_err(|e| fail(format!("{e:#}")))?;
        aloud_pipeline::check_duration(&script, speed, self.max_audio)
            .map_err(|e| fail(format!("{e:#}")))?;
        let narrator = self.ensure_voice(narrator, voice)?;
        let cache = self.cache();
        let (narration, _, _) = narrator
            .narrate_cached(&script, speed, &cache, Schedule::Balanced, |_| {})
            .map_err(|e| fail(format!("{e:#}")))?;
        Ok(narration)
    }

    /// A speech request queued by an API node without workers: its audio is stored as
    /// 16-bit PCM at the voice's rate (`{id}/speech.pcm`), which that node encodes.
    fn narrate_speech(
        &self,
        job: &Job,
        narrator: &mut Option<Narrator>,
    ) -> Result<Completion, JobError> {
        let a = &job.article;
        let started = std::time::Instant::now();
        let narration = self.speech(
            &job.source,
            &a.voice,
            a.speed as f32,
            job.lexicon.as_deref(),
            narrator,
        )?;
        let pcm = pcm_to_bytes(&narration.samples);
        let completion = Completion {
            title: None,
            byline: None,
            confidence: None,
            duration_ms: (narration.samples.len() as u64 * 1000
                / u64::from(narration.sample_rate.max(1))) as i64,
            utterances: 0,
            synthesized: 0,
            cached: 0,
            synth_ms: started.elapsed().as_millis() as i64,
            audio_etag: hex(&Sha256::digest(&pcm)[..12]),
            audio_bytes: pcm.len() as i64,
        };
        self.put_blob(&format!("{}/speech.pcm", a.id), pcm)
            .map_err(|e| JobError::new(format!("storing the speech: {e}"), true))?;
        Ok(completion)
    }

    fn narrate(
        &self,
        job: &Job,
        narrator: &mut Option<Narrator>,
    ) -> Result<crate::check::Published, JobError> {
        let a = &job.article;
        let input_error = |e: PipelineError| JobError::new(format!("{e:#}"), e.retryable());
        let document = match a.source_kind {
            SourceKind::Url => {
                aloud_extract::load_with(&Input::Url(job.source.clone()), &self.fetch_policy)
            }
            SourceKind::Html => aloud_extract::source::decode(
                job.source.as_bytes(),
                Some(DocumentKind::Html),
                None,
                None,
            ),
            SourceKind::Text | SourceKind::Speech => {
                aloud_extract::source::decode(job.source.as_bytes(), None, None, None)
            }
        }
        .map_err(|e| input_error(e.into()))?;
        // The deployment's and the publisher's pronunciation rules, read for every job
        // so an editor's fix applies from the next narration on.
        let mut lexicon =
            aloud_pipeline::load_lexicon(&self.lexicon_dir, a.publisher.as_deref(), &[])
                .map_err(input_error)?;
        if let Some(rules) = &job.lexicon {
            lexicon
                .add_json(
                    rules,
                    aloud_script::lexicon::Scope::Article,
                    "article lexicon",
                )
                .map_err(|e| input_error(e.into()))?;
        }
        let options = ScriptOptions {
            lexicon: std::sync::Arc::new(lexicon),
            ..Default::default()
        };
        let (article, mut script) =
            aloud_pipeline::script_for_document(&document, options).map_err(input_error)?;
        let confidence = article.confidence.as_ref().map(|c| c.score);
        aloud_pipeline::check_duration(&script, a.speed as f32, self.max_audio)
            .map_err(input_error)?;

        let voice = self.voice_for_article(&a.voice, script.meta.language.as_deref())?;
        let narrator = self.ensure_voice(narrator, &voice)?;
        if let Some(words) = narrator.voice().info.engine.stream_opening_words() {
            // A slow voice starts the stream with a short first piece.
            aloud_script::opening::split_opening(&mut script, words);
        }
        let total = script.utterances.len() as i64;
        // The plan a stream follows: each utterance's cache key and the pause after it.
        let plan = StreamPlan {
            sample_rate: narrator.voice().sample_rate(),
            utterances: script
                .utterances
                .iter()
                .map(|u| PlannedUtterance {
                    key: aloud_pipeline::utterance_key(&voice, a.speed as f32 * u.rate, &u.spoken),
                    pause_ms: (u.pause_after.millis() as f64 / a.speed) as u32,
                })
                .collect(),
        };
        let plan = serde_json::to_vec(&plan).expect("plans serialize");
        self.put_blob(&StreamPlan::key(&a.id), plan)
            .map_err(|e| JobError::new(format!("storing the stream plan: {e}"), true))?;
        self.ready.notify();
        let cache = self.cache();
        let started = std::time::Instant::now();
        let mut lease_lost = false;
        // The audio waits on disk until it is encoded: memory stays bounded for any
        // length of article.
        let (narration, timings, stats) = narrator
            .narrate_cached_spooled(&script, a.speed as f32, &cache, Schedule::InOrder, |p| {
                // The utterance's audio is in the cache: live streams can go on.
                self.ready.notify();
                lease_lost |= !self.renew(&a.id, p.done as i64, total);
            })
            .map_err(|e| JobError::new(format!("{e:#}"), e.retryable()))?;
        if lease_lost {
            return Err(JobError::lease_lost());
        }
        let synth_ms = started.elapsed().as_millis() as i64;
        // The files are written only while this worker still holds the job (a worker
        // that stalled past its lease would otherwise overwrite the new holder's).
        let (version, audio_bytes) =
            self.store_narration(&a.id, &script, &narration, &timings, || {
                self.renew(&a.id, total, total)
            })?;
        let completion = Completion {
            title: script.meta.title.clone(),
            byline: script.meta.byline.clone(),
            confidence,
            duration_ms: timings.duration_ms as i64,
            utterances: total,
            synthesized: stats.synthesized as i64,
            synth_ms,
            cached: stats.cached as i64,
            audio_etag: version,
            audio_bytes,
        };
        Ok(crate::check::Published {
            script,
            voice,
            speed: a.speed as f32,
            completion,
        })
    }

    /// Encodes `narration` (MP3 and Opus) and stores it with its timings, captions and
    /// script under a new version of article `id` (the MP3's content hash, returned
    /// with its size). `may_write` is asked once the audio is encoded, before anything
    /// is written; false stops with a lost lease.
    pub(crate) fn store_narration(
        &self,
        id: &str,
        script: &aloud_script::Script,
        narration: &aloud_pipeline::SpooledNarration,
        timings: &aloud_audio::Timings,
        may_write: impl FnOnce() -> bool,
    ) -> Result<(String, i64), JobError> {
        // Each encoding goes to a temporary file and from there to the store piece by
        // piece: a long article's audio is never in memory whole.
        let encode = |format| {
            let failed = |e: PipelineError| JobError::new(format!("{e:#}"), true);
            let mut file =
                tempfile::NamedTempFile::new().map_err(|e| failed(PipelineError::Spool(e)))?;
            let mut out = std::io::BufWriter::new(file.as_file_mut());
            narration.encode_to(&mut out, format).map_err(failed)?;
            std::io::Write::flush(&mut out).map_err(|e| failed(PipelineError::Spool(e)))?;
            drop(out);
            Ok::<_, JobError>(file)
        };
        // Both encoders are single-threaded (LAME ~0.2 s, Opus ~1 s for the example):
        // side by side on two cores.
        let (mp3, opus) = std::thread::scope(|scope| {
            let opus = scope.spawn(|| encode(aloud_audio::Format::Opus));
            let mp3 = encode(aloud_audio::Format::Mp3);
            (mp3, opus.join().expect("Opus encoder panicked"))
        });
        let (mp3, opus) = (mp3?, opus?);

        let store_err =
            |e: std::io::Error| JobError::new(format!("storing the narration: {e}"), true);
        if !may_write() {
            return Err(JobError::lease_lost());
        }
        // Written under their version, beside the current one; audio last, from its
        // temporary file.
        let (digest, audio_bytes) = file_digest(mp3.path()).map_err(store_err)?;
        let version = hex(&digest[..12]);
        let audio_bytes = audio_bytes as i64;
        for name in NARRATION_FILES {
            let key = narration_key(id, &version, name);
            let bytes = match name {
                "timings.json" => timings.to_json().into_bytes(),
                "captions.vtt" => timings.to_vtt().into_bytes(),
                "words.vtt" => timings.to_word_vtt().into_bytes(),
                "script.txt" => script.spoken_lines().into_bytes(),
                "audio.opus" | "audio.mp3" => {
                    let file = if name == "audio.mp3" { &mp3 } else { &opus };
                    self.put_blob_file(&key, file.path()).map_err(store_err)?;
                    continue;
                }
                other => unreachable!("a narration file without content: {other}"),
            };
            self.put_blob(&key, bytes).map_err(store_err)?;
        }
        Ok((version, audio_bytes))
    }

    /// After the database names a new version of article `id`'s narration: deletes
    /// the files of the one it replaced (and any from before versioned keys).
    pub(crate) fn delete_replaced(&self, id: &str, previous: Option<&str>, current: &str) {
        for name in NARRATION_FILES {
            let mut keys = vec![legacy_narration_key(id, name)];
            if let Some(old) = previous.filter(|old| *old != current) {
                keys.push(narration_key(id, old, name));
            }
            for key in keys {
                if let Err(e) = self.runtime.block_on(self.blobs.delete(&key)) {
                    tracing::warn!(worker = %self.name, key = %key, error = %e, "cannot delete a replaced file");
                }
            }
        }
    }

    /// Stores a blob (from this worker thread, through the runtime).
    pub(crate) fn put_blob(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.stats
            .store_call(|| self.runtime.block_on(self.blobs.put(key, bytes)))
    }

    /// Stores a file's contents as a blob, read piece by piece.
    fn put_blob_file(&self, key: &str, path: &std::path::Path) -> std::io::Result<()> {
        self.stats
            .store_call(|| self.runtime.block_on(self.blobs.put_file(key, path)))
    }

    /// The utterance cache in this worker's blob store.
    pub(crate) fn cache(&self) -> BlobCache<'_> {
        BlobCache {
            blobs: self.blobs.as_ref(),
            runtime: &self.runtime,
            stats: &self.stats,
        }
    }

    /// Reports progress on job `id`, renewing its lease; false when the lease is no
    /// longer this worker's. A database that does not answer is not a lost lease.
    fn renew(&self, id: &str, done: i64, total: i64) -> bool {
        let renewed = self.stats.store_call(|| {
            self.runtime
                .block_on(self.store.progress(id, &self.name, done, total, self.lease))
        });
        renewed.unwrap_or(true)
    }
}

/// Runs one job's work so that a panic inside it fails that job (retryable, with the
/// panic's message) instead of killing the worker; the voice it was using is dropped,
/// since it may have been left half-way through a call.
fn guarded<T>(
    narrator: &mut Option<Narrator>,
    work: impl FnOnce(&mut Option<Narrator>) -> Result<T, JobError>,
) -> Result<T, JobError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(narrator))) {
        Ok(result) => result,
        Err(panic) => {
            *narrator = None;
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into());
            Err(JobError::new(
                format!("the narration crashed: {message}"),
                true,
            ))
        }
    }
}

/// Audio for a speech request in the format asked for (OpenAI's `pcm` is 16-bit mono
/// at 24 kHz).
pub fn encode_speech(
    samples: &[f32],
    sample_rate: u32,
    format: SpeechFormat,
) -> Result<Vec<u8>, String> {
    let encode =
        |format| aloud_audio::encode(samples, sample_rate, format).map_err(|e| e.to_string());
    match format {
        SpeechFormat::Mp3 => encode(aloud_audio::Format::Mp3),
        SpeechFormat::Opus => encode(aloud_audio::Format::Opus),
        SpeechFormat::Wav => encode(aloud_audio::Format::Wav),
        SpeechFormat::Pcm => {
            let pcm = aloud_audio::encode::resample(samples, sample_rate, 24_000)
                .map_err(|e| e.to_string())?;
            Ok(pcm_to_bytes(&pcm))
        }
    }
}

/// The SHA-256 of a file's contents and its length, read piece by piece.
fn file_digest(path: &std::path::Path) -> std::io::Result<(Vec<u8>, u64)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut length = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok((hasher.finalize().to_vec(), length));
        }
        hasher.update(&buffer[..n]);
        length += n as u64;
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A job's lease renewal, running beside the work.
struct Heartbeat {
    task: tokio::task::JoinHandle<()>,
    /// Set when a renewal found the lease gone to another worker.
    lost: Arc<AtomicBool>,
}

/// Synthesized utterances kept in the blob store (`cache/{key}.pcm`, 16-bit PCM, and
/// `cache/{key}.words`, their word timings as JSON), so re-submitting an edited article
/// re-synthesizes only its changed sentences. An utterance without its words file
/// (cached before words were timed, or its words not yet written) is a miss.
pub(crate) struct BlobCache<'a> {
    blobs: &'a dyn BlobStore,
    runtime: &'a tokio::runtime::Handle,
    stats: &'a WorkerStats,
}

impl UtteranceCache for BlobCache<'_> {
    fn get(&self, key: &str) -> Option<Synthesized> {
        let get = |name: String| {
            self.stats
                .store_call(|| self.runtime.block_on(self.blobs.get(&name)))
                .ok()
                .flatten()
        };
        let words = aloud_pipeline::words_from_bytes(&get(format!("cache/{key}.words"))?)?;
        let samples = pcm_from_bytes(&get(format!("cache/{key}.pcm"))?);
        Some(Synthesized { samples, words })
    }

    fn put(&self, key: &str, said: &Synthesized) {
        // A cache that cannot be written only costs synthesis later. The PCM goes
        // first, since a stream is waiting for it; a reader takes an entry only once
        // its words are there too.
        let put = |name: String, bytes: Vec<u8>| {
            self.stats
                .store_call(|| self.runtime.block_on(self.blobs.put(&name, bytes)))
                .is_ok()
        };
        if put(format!("cache/{key}.pcm"), pcm_to_bytes(&said.samples)) {
            let words = aloud_pipeline::words_to_bytes(said.words.as_deref());
            put(format!("cache/{key}.words"), words);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_job_fails_the_job_not_the_worker() {
        let mut narrator = None;
        let failed = guarded(&mut narrator, |_| -> Result<(), JobError> {
            panic!("index out of bounds")
        })
        .unwrap_err();
        assert_eq!(
            (failed.message.as_str(), failed.retry, failed.lease_lost),
            ("the narration crashed: index out of bounds", true, false)
        );
        let fine = guarded(&mut narrator, |_| Ok(7)).unwrap();
        assert_eq!(fine, 7);
    }
}
