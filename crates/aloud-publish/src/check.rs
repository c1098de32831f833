//! The server's self-check: after a narration is published, its worker hears every
//! sentence ([`aloud_check`]), takes again those heard badly, publishes a new version
//! when a retake was better (the sentence cache keeps the better take), and stores a
//! report for editors: `GET /v1/articles/{id}/check` lists the words that may be
//! mispronounced, each in its sentence, with a lexicon rule to start from.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use aloud_check::Checker;
use std::sync::atomic::Ordering;

use aloud_pipeline::{CachedCheck, Narrator};
use aloud_script::Script;

use crate::blobs::check_report_key;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Completion;
use crate::worker::Worker;

/// A narration just published, as the check needs it.
pub(crate) struct Published {
    pub script: Script,
    /// The voice that said it (the cache holds its sentences under that voice).
    pub voice: String,
    pub speed: f32,
    pub completion: Completion,
}

/// A worker's recognizer: not loaded yet, loaded, or unavailable and why.
#[derive(Default)]
pub(crate) enum Recognizer {
    #[default]
    NotLoaded,
    Loaded(Box<Checker>),
    Unavailable(String),
}

/// What the check found in one narration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckReport {
    /// `done`, or `off` with `reason` where this narration could not be checked.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// The narration version the report is about (after any retakes).
    pub version: String,
    pub checked_at: i64,
    pub utterances: usize,
    /// Sentences heard (cached ones made before a voice change are not).
    pub checked: usize,
    /// Sentences taken again, and how many of those a retake replaced.
    pub retaken: usize,
    pub replaced: usize,
    pub suspects: Vec<SuspectReport>,
}

impl CheckReport {
    /// The report on a narration that could not be heard, and why.
    fn off(published: &Published, why: String) -> Self {
        Self {
            status: "off".into(),
            reason: Some(why),
            version: published.completion.audio_etag.clone(),
            checked_at: crate::blobs::now_ms(),
            utterances: published.script.utterances.len(),
            checked: 0,
            retaken: 0,
            replaced: 0,
            suspects: Vec::new(),
        }
    }
}

/// A word that may be mispronounced, in its sentence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SuspectReport {
    pub utterance: usize,
    pub text: String,
    pub heard: String,
    /// `unclear` or `rule` (see `aloud_audio::timings::SuspectWord`).
    pub kind: String,
    /// The sentence as written.
    pub context: String,
    pub said_ipa: String,
    /// A publisher lexicon rule to start from: the word with the phonemes the voice
    /// said, for the editor to correct (none where a rule already says it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub suggested_rule: Option<Value>,
}

/// Published narrations a worker keeps waiting to be heard; the oldest is skipped
/// (its report says so) when more wait.
pub(crate) const MAX_WAITING_CHECKS: usize = 16;

/// A published narration being heard: a check stops between two sentences when someone
/// waits for speech, a job may be queued or the worker stops, and goes on later from
/// there.
pub(crate) struct PendingCheck {
    pub id: String,
    published: Published,
    progress: CachedCheck,
}

impl PendingCheck {
    pub fn new(id: String, published: Published) -> Self {
        Self {
            id,
            published,
            progress: CachedCheck::default(),
        }
    }
}

impl Worker {
    /// Goes on with the check of a narration just published (see the module comment)
    /// until it is done, or until a speech request or a job may be waiting or the
    /// worker is told to stop: then it is handed back to go on with later. Best effort: a failure is
    /// logged and leaves the published narration as it is.
    pub(crate) fn go_on_checking(
        &self,
        mut pending: PendingCheck,
        narrator: &mut Option<Narrator>,
        recognizer: &mut Recognizer,
    ) -> Option<PendingCheck> {
        let report = match self.check_and_retake(
            &pending.id,
            &pending.published,
            &mut pending.progress,
            narrator,
            recognizer,
        ) {
            Ok(Some(report)) => report,
            Ok(None) => return Some(pending),
            Err(why) => CheckReport::off(&pending.published, why),
        };
        self.store_report(&pending.id, &report);
        None
    }

    /// Gives up the check of a narration (more were waiting than a worker keeps); its
    /// report says so.
    pub(crate) fn skip_check(&self, pending: PendingCheck) {
        tracing::warn!(worker = %self.name, article = %pending.id, "check skipped: too many narrations waiting to be heard");
        let why = "not heard: too many narrations were waiting to be heard".to_string();
        self.store_report(&pending.id, &CheckReport::off(&pending.published, why));
    }

    fn store_report(&self, id: &str, report: &CheckReport) {
        let bytes = serde_json::to_vec(report).expect("reports serialize");
        if let Err(e) = self.put_blob(&check_report_key(id), bytes) {
            tracing::error!(worker = %self.name, article = %id, error = %e, "cannot store the check report");
        }
    }

    fn check_and_retake(
        &self,
        id: &str,
        published: &Published,
        progress: &mut CachedCheck,
        narrator: &mut Option<Narrator>,
        recognizer: &mut Recognizer,
    ) -> Result<Option<CheckReport>, String> {
        // A speech request in another voice may have taken the worker's voice.
        let narrator: &Narrator = self
            .ensure_voice(narrator, &published.voice)
            .map_err(|e| e.message)?;
        if let Recognizer::NotLoaded = recognizer {
            *recognizer = match Checker::load(&self.assets_dir, "en", self.plan.intra_threads) {
                Ok(checker) => Recognizer::Loaded(Box::new(checker)),
                Err(e) => Recognizer::Unavailable(e.to_string()),
            };
        }
        let checker = match recognizer {
            Recognizer::Loaded(checker) => checker,
            Recognizer::Unavailable(why) => return Err(why.clone()),
            Recognizer::NotLoaded => unreachable!("loaded above"),
        };
        let language = &narrator.voice().info.language;
        if aloud_voice::primary_language(language) != "en" {
            return Err(format!("the recognizer hears English only, not {language}"));
        }
        let (script, speed) = (&published.script, published.speed);
        let cache = self.cache();
        let stop = || self.wake.anything_waiting() || self.shutdown.load(Ordering::Relaxed);
        let Some(pass) = narrator
            .check_cached(checker, script, speed, &cache, progress, &stop)
            .map_err(|e| format!("{e:#}"))?
        else {
            return Ok(None);
        };
        let mut version = published.completion.audio_etag.clone();
        if pass.replaced > 0 {
            // Every sentence is in the cache now: only assembly and encoding are left.
            let (narration, timings, _) = narrator
                .narrate_cached_spooled(
                    script,
                    speed,
                    &cache,
                    aloud_voice::Schedule::Balanced,
                    |_| {},
                )
                .map_err(|e| format!("{e:#}"))?;
            let (new_version, audio_bytes) = self
                .store_narration(id, script, &narration, &timings, || true)
                .map_err(|e| e.message)?;
            let completion = Completion {
                duration_ms: timings.duration_ms as i64,
                audio_etag: new_version.clone(),
                audio_bytes,
                ..published.completion.clone()
            };
            let swapped = self
                .runtime
                .block_on(self.store.replace_version(id, &version, &completion))
                .map_err(|e| e.to_string())?;
            if swapped {
                self.delete_replaced(id, Some(&version), &new_version);
                version = new_version;
            } else {
                // A newer narration came first: this one's files go.
                self.delete_replaced(id, Some(&new_version), &version);
            }
        }
        let mut report = CheckReport {
            status: "done".into(),
            reason: None,
            version,
            checked_at: crate::blobs::now_ms(),
            utterances: script.utterances.len(),
            checked: pass.checks.iter().flatten().count(),
            retaken: pass.checks.iter().flatten().filter(|c| c.takes > 1).count(),
            replaced: pass.replaced,
            suspects: Vec::new(),
        };
        for (index, check) in pass.checks.iter().enumerate() {
            let Some(check) = check else { continue };
            let context = &script.utterances[index].text;
            for suspect in &check.suspects {
                let word = suspect
                    .text
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
                report.suspects.push(SuspectReport {
                    utterance: index,
                    text: suspect.text.clone(),
                    heard: suspect.heard.clone(),
                    kind: suspect.kind.clone(),
                    context: context.clone(),
                    said_ipa: suspect.said_ipa.clone(),
                    suggested_rule: (suspect.kind == "unclear" && !word.is_empty())
                        .then(|| json!({"word": word, "ipa": suspect.said_ipa})),
                });
            }
        }
        Ok(Some(report))
    }
}

/// `GET /v1/articles/{id}/check`: the check's report on the article's narration, or
/// `{"status": "pending"}` until there is one (`off`, with a reason, where it could
/// not be checked or the server does not check). Public like the narration it
/// describes.
pub(crate) async fn get_check(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let article = crate::api::find_article(&state, &id).await?;
    let stored = state
        .blobs
        .get(&check_report_key(&article.id))
        .await
        .map_err(|e| {
            tracing::error!(article = %id, error = %e, "cannot read the check report");
            ApiError::internal()
        })?;
    let Some(bytes) = stored else {
        if !state.check {
            return Ok(Json(json!({
                "status": "off",
                "reason": "this server does not check narrations (setting check = false)",
                "article": article.id,
            })));
        }
        return Ok(Json(json!({"status": "pending", "article": article.id})));
    };
    let report: CheckReport = serde_json::from_slice(&bytes).map_err(|e| {
        tracing::error!(article = %id, error = %e, "the check report is damaged");
        ApiError::internal()
    })?;
    let mut value = serde_json::to_value(&report).expect("reports serialize");
    value["article"] = json!(article.id);
    // A report on an older version than the one served: a newer narration is being
    // checked.
    if article.audio_etag.as_deref() != Some(report.version.as_str()) {
        value["status"] = json!("pending");
        value["stale"] = json!(true);
    }
    Ok(Json(value))
}
