//! Live streams of an article being narrated (`GET /v1/articles/{id}/stream`): the plan
//! a worker publishes before synthesizing, the signal it gives as each utterance's
//! audio is stored, the caps on listeners, and the MP3 body that follows the plan.
//!
//! A listener costs no thread: its body is a stream that does work only when the
//! client reads (so a client that never reads holds nothing but its slot), waits for
//! the next utterance on the worker's signal (with a slow poll as the fallback for
//! workers in other processes), and ends when the client goes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::blobs::BlobStore;
use crate::store::{JobStatus, Store};

/// What a stream follows: each utterance's cache key and the pause after it, in
/// article order. Written by the worker as `{id}/stream.json` before synthesis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamPlan {
    pub sample_rate: u32,
    pub utterances: Vec<PlannedUtterance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedUtterance {
    /// The utterance's audio is `cache/{key}.pcm` once synthesized.
    pub key: String,
    /// Silence after it, at the narration's speed.
    pub pause_ms: u32,
}

impl StreamPlan {
    /// The blob key of article `id`'s plan.
    pub fn key(id: &str) -> String {
        format!("{id}/stream.json")
    }
}

/// "Something new is stored": bumped by workers after a plan or an utterance's audio
/// is written; listeners wait on it instead of polling.
#[derive(Clone)]
pub struct ReadySignal(Arc<watch::Sender<u64>>);

impl Default for ReadySignal {
    fn default() -> Self {
        Self(Arc::new(watch::channel(0).0))
    }
}

impl ReadySignal {
    pub fn notify(&self) {
        self.0.send_modify(|n| *n = n.wrapping_add(1));
    }

    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.0.subscribe()
    }
}

/// How long a listener waits between checks when no signal comes (a worker in another
/// process, or a narration that stopped).
const FALLBACK_POLL: Duration = Duration::from_secs(1);
/// A stream gives up on an utterance that has not come after this long.
const UTTERANCE_PATIENCE: Duration = Duration::from_secs(300);

/// Live listeners, capped in total and per article.
pub struct Listeners {
    max_total: usize,
    max_per_article: usize,
    total: AtomicUsize,
    per_article: Mutex<HashMap<String, usize>>,
}

/// A listener's place; freed when its stream ends or its client goes.
pub struct ListenerSlot {
    listeners: Arc<Listeners>,
    article: String,
}

impl Listeners {
    pub fn new(max_total: usize, max_per_article: usize) -> Arc<Self> {
        Arc::new(Self {
            max_total,
            max_per_article,
            total: AtomicUsize::new(0),
            per_article: Mutex::new(HashMap::new()),
        })
    }

    /// A slot for one more listener of `article`, unless a cap is reached.
    pub fn join(self: &Arc<Self>, article: &str) -> Option<ListenerSlot> {
        let mut per_article = self.per_article.lock().unwrap_or_else(|p| p.into_inner());
        let here = per_article.get(article).copied().unwrap_or(0);
        if here >= self.max_per_article || self.total.load(Ordering::SeqCst) >= self.max_total {
            return None;
        }
        per_article.insert(article.to_string(), here + 1);
        self.total.fetch_add(1, Ordering::SeqCst);
        Some(ListenerSlot {
            listeners: self.clone(),
            article: article.to_string(),
        })
    }

    pub fn total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }
}

impl Drop for ListenerSlot {
    fn drop(&mut self) {
        let mut per_article = self
            .listeners
            .per_article
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(n) = per_article.get_mut(&self.article) {
            *n -= 1;
            if *n == 0 {
                per_article.remove(&self.article);
            }
        }
        self.listeners.total.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads a blob.
async fn get_blob(blobs: &Arc<dyn BlobStore>, key: String) -> std::io::Result<Option<Vec<u8>>> {
    blobs.get(&key).await
}

/// Why waiting for a plan ended without one.
pub enum NoPlan {
    /// The article is done (serve the file) or failed (say so).
    Finished,
    /// No worker started it within the wait.
    NotStarted,
    Store(String),
}

/// Waits (up to `patience`) for article `id`'s plan, waking on the ready signal.
pub async fn wait_for_plan(
    blobs: &Arc<dyn BlobStore>,
    store: &Store,
    ready: &ReadySignal,
    id: &str,
    patience: Duration,
) -> Result<StreamPlan, NoPlan> {
    let mut signal = ready.subscribe();
    let deadline = Instant::now() + patience;
    loop {
        signal.borrow_and_update();
        match get_blob(blobs, StreamPlan::key(id)).await {
            Ok(Some(bytes)) => {
                return serde_json::from_slice(&bytes).map_err(|e| NoPlan::Store(e.to_string()))
            }
            Ok(None) => {}
            Err(e) => return Err(NoPlan::Store(e.to_string())),
        }
        match store.get(id).await {
            Ok(Some(a)) if a.status.finished() => return Err(NoPlan::Finished),
            Ok(_) => {}
            Err(e) => return Err(NoPlan::Store(e.to_string())),
        }
        if Instant::now() > deadline {
            return Err(NoPlan::NotStarted);
        }
        if let Ok(Err(_)) = tokio::time::timeout(FALLBACK_POLL, signal.changed()).await {
            tokio::time::sleep(FALLBACK_POLL).await;
        }
    }
}

/// The MP3 body that follows `plan`: each utterance encoded as its audio is stored.
pub fn mp3_body(
    blobs: Arc<dyn BlobStore>,
    store: Store,
    ready: &ReadySignal,
    id: String,
    plan: StreamPlan,
    slot: ListenerSlot,
) -> Body {
    let producer = Producer {
        blobs,
        store,
        signal: ready.subscribe(),
        id,
        plan,
        next: 0,
        mp3: None,
        finished: false,
        _slot: slot,
    };
    let chunks = futures_util::stream::unfold(producer, |mut p| async move {
        p.next_chunk().await.map(|chunk| (chunk, p))
    });
    Body::from_stream(chunks)
}

struct Producer {
    blobs: Arc<dyn BlobStore>,
    store: Store,
    signal: watch::Receiver<u64>,
    id: String,
    plan: StreamPlan,
    next: usize,
    mp3: Option<aloud_audio::stream::Mp3Stream>,
    finished: bool,
    _slot: ListenerSlot,
}

impl Producer {
    /// The next bytes of MP3, `None` at the end; an error ends the response.
    async fn next_chunk(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        let fail = |m: String| Some(Err(std::io::Error::other(m)));
        loop {
            if self.finished {
                return None;
            }
            let mp3 = match self.mp3.take() {
                Some(mp3) => mp3,
                None => match aloud_audio::stream::Mp3Stream::new(self.plan.sample_rate) {
                    Ok(mp3) => mp3,
                    Err(e) => return fail(e.to_string()),
                },
            };
            if self.next == self.plan.utterances.len() {
                self.finished = true;
                return match tokio::task::spawn_blocking(move || mp3.finish()).await {
                    Ok(Ok(bytes)) => Some(Ok(Bytes::from(bytes))),
                    _ => None,
                };
            }
            let samples = match self.wait_for_utterance().await {
                Ok(samples) => samples,
                Err(message) => {
                    self.finished = true;
                    return fail(message);
                }
            };
            let last = self.next + 1 == self.plan.utterances.len();
            let pause = if last {
                0
            } else {
                self.plan.utterances[self.next].pause_ms
            };
            let encoded = tokio::task::spawn_blocking(move || {
                let mut mp3 = mp3;
                let bytes = mp3.push(&samples, pause);
                (mp3, bytes)
            })
            .await;
            let Ok((mp3, bytes)) = encoded else {
                return fail("the encoder stopped".into());
            };
            self.mp3 = Some(mp3);
            self.next += 1;
            match bytes {
                Ok(bytes) if bytes.is_empty() => continue,
                Ok(bytes) => return Some(Ok(Bytes::from(bytes))),
                Err(e) => {
                    self.finished = true;
                    return fail(e.to_string());
                }
            }
        }
    }

    /// The next utterance's samples, once stored.
    async fn wait_for_utterance(&mut self) -> Result<Vec<f32>, String> {
        let key = format!("cache/{}.pcm", self.plan.utterances[self.next].key);
        let started = Instant::now();
        loop {
            self.signal.borrow_and_update();
            if let Ok(Some(bytes)) = get_blob(&self.blobs, key.clone()).await {
                return Ok(aloud_pipeline::pcm_from_bytes(&bytes));
            }
            let woken = tokio::time::timeout(FALLBACK_POLL, self.signal.changed()).await;
            if woken.as_ref().is_ok_and(|changed| changed.is_err()) {
                // No signal can come (the server is stopping): poll slowly.
                tokio::time::sleep(FALLBACK_POLL).await;
            }
            if woken.is_err() {
                // No news for a while: is the narration still going?
                let status = self
                    .store
                    .get(&self.id)
                    .await
                    .ok()
                    .flatten()
                    .map(|a| a.status);
                if status == Some(JobStatus::Failed) || started.elapsed() > UTTERANCE_PATIENCE {
                    return Err(format!("narration stopped at utterance {}", self.next));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listeners_are_capped_in_total_and_per_article() {
        let listeners = Listeners::new(3, 2);
        let a1 = listeners.join("a").unwrap();
        let _a2 = listeners.join("a").unwrap();
        assert!(listeners.join("a").is_none(), "per-article cap");
        let _b1 = listeners.join("b").unwrap();
        assert!(listeners.join("c").is_none(), "total cap");
        drop(a1);
        assert_eq!(listeners.total(), 2);
        assert!(listeners.join("a").is_some(), "a slot came back");
    }

    #[test]
    fn the_plan_round_trips() {
        let plan = StreamPlan {
            sample_rate: 22050,
            utterances: vec![PlannedUtterance {
                key: "abc".into(),
                pause_ms: 350,
            }],
        };
        let text = serde_json::to_string(&plan).unwrap();
        assert_eq!(serde_json::from_str::<StreamPlan>(&text).unwrap(), plan);
    }
}
