//! The OpenAI-compatible speech endpoint (`POST /v1/audio/speech`): text in, audio
//! out, synthesized by a worker while the request waits — one in this process, or,
//! on a node without workers, one elsewhere through the job queue.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::api::{blob, find_article};
use crate::error::ApiError;
use crate::request::{authorize, parse_json, read_body};
use crate::state::AppState;
use crate::store::{JobStatus, SourceKind, Submission};
use crate::worker::{SpeechFormat, SpeechRequest};

/// Voice names OpenAI clients send, and the installed voice each is read by: a Kokoro
/// voice of a like character where one is installed (Kokoro ships voices named after
/// five of them), else the default voice.
const OPENAI_VOICES: &[(&str, &str)] = &[
    ("alloy", "af_alloy"),
    ("ash", "am_adam"),
    ("ballad", "bm_george"),
    ("coral", "af_heart"),
    ("echo", "am_echo"),
    ("fable", "bm_fable"),
    ("onyx", "am_onyx"),
    ("nova", "af_nova"),
    ("sage", "bf_emma"),
    ("shimmer", "af_bella"),
    ("verse", "am_michael"),
];

/// Longest `input` accepted by the speech endpoint, in characters.
pub const MAX_SPEECH_CHARS: usize = 20_000;

#[derive(Deserialize)]
struct SpeechBody {
    #[allow(dead_code)] // accepted for compatibility; there is one engine
    model: Option<String>,
    input: Option<String>,
    voice: Option<String>,
    response_format: Option<String>,
    speed: Option<f32>,
    /// aloud's own: pronunciation rules for this text, as an article's (an editor
    /// auditions a rule before saving it).
    lexicon: Option<serde_json::Value>,
}

/// OpenAI-compatible text to speech: `{model, input, voice, response_format, speed}` →
/// audio bytes, synthesized by a worker while the request waits.
pub(crate) async fn speech(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    authorize(&state, &headers).await?;
    // The input (at most MAX_SPEECH_CHARS characters of up to 4 bytes) and the rest.
    let body: SpeechBody = parse_json(&read_body(body, 4 * MAX_SPEECH_CHARS + 4096).await?)?;
    let text = body
        .input
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("input is required"))?;
    if text.chars().count() > MAX_SPEECH_CHARS {
        return Err(ApiError::bad_request(format!(
            "input is over {MAX_SPEECH_CHARS} characters; submit it as an article"
        )));
    }
    let voice = match body.voice {
        None => state.speech_voice.clone(),
        Some(v) if state.voices.contains(&v) => v,
        Some(v) => match OPENAI_VOICES.iter().find(|(name, _)| *name == v) {
            Some((_, ours)) if state.voices.contains(*ours) => ours.to_string(),
            Some(_) => state.speech_voice.clone(),
            None => return Err(ApiError::bad_request(format!("unknown voice {v:?}"))),
        },
    };
    let (format, content_type) = match body.response_format.as_deref().unwrap_or("mp3") {
        "mp3" => (SpeechFormat::Mp3, "audio/mpeg"),
        "opus" => (SpeechFormat::Opus, "audio/ogg"),
        "wav" => (SpeechFormat::Wav, "audio/wav"),
        "pcm" => (SpeechFormat::Pcm, "audio/pcm"),
        other => {
            return Err(ApiError::bad_request(format!(
                "unsupported response_format {other:?} (mp3, opus, wav, pcm)"
            )))
        }
    };
    let speed = body.speed.unwrap_or(1.0);
    if !aloud_voice::SPEED_RANGE.contains(&speed) {
        return Err(ApiError::bad_request("speed must be between 0.25 and 4"));
    }
    let lexicon = match body.lexicon {
        Some(rules) => Some(crate::lexicons::article_rules(rules).await?),
        None => None,
    };
    if state.local_workers == 0 {
        // No worker here: the request goes through the queue (ahead of articles) to a
        // worker elsewhere, which stores the audio for this node to encode.
        let audio = speech_through_queue(&state, text, voice, speed, lexicon, format).await?;
        return Ok(([(header::CONTENT_TYPE, content_type)], audio).into_response());
    }
    let (reply, answer) = tokio::sync::oneshot::channel();
    state
        .wake
        .speech(SpeechRequest {
            text,
            voice,
            speed,
            lexicon,
            format,
            reply,
        })
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "too many requests waiting; retry shortly",
            )
        })?;
    match answer.await {
        Ok(Ok(audio)) => Ok(([(header::CONTENT_TYPE, content_type)], audio).into_response()),
        Ok(Err(message)) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "synthesis_failed",
            message,
        )),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the worker stopped; retry",
        )),
    }
}

/// How long a speech request waits for a worker elsewhere.
const SPEECH_PATIENCE: std::time::Duration = std::time::Duration::from_secs(120);

/// A speech request on a node without workers: queued as a speech job (the same text,
/// voice and speed is one job, so a repeated request is answered from the store),
/// awaited, and its stored PCM encoded here.
async fn speech_through_queue(
    state: &AppState,
    text: String,
    voice: String,
    speed: f32,
    lexicon: Option<String>,
    format: SpeechFormat,
) -> Result<Vec<u8>, ApiError> {
    let sample_rate = state
        .voice_list
        .iter()
        .find(|v| v.name == voice)
        .map(|v| v.sample_rate)
        .ok_or_else(|| ApiError::bad_request(format!("unknown voice {voice:?}")))?;
    let submission = Submission {
        kind: SourceKind::Speech,
        source: text,
        voice,
        speed,
        publisher: None,
        lexicon,
    };
    let (mut job, _) = state.store.submit(&submission).await?;
    let started = std::time::Instant::now();
    while !job.status.finished() {
        if started.elapsed() > SPEECH_PATIENCE {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "no worker took the request in time; retry",
            ));
        }
        state
            .store
            .wait_for_job(std::time::Duration::from_millis(100))
            .await;
        job = find_article(state, &job.id).await?;
    }
    if job.status == JobStatus::Failed {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "synthesis_failed",
            job.error.unwrap_or_else(|| "synthesis failed".into()),
        ));
    }
    let pcm = blob(state, format!("{}/speech.pcm", job.id))
        .await?
        .ok_or_else(ApiError::internal)?;
    tokio::task::spawn_blocking(move || {
        let samples = aloud_pipeline::pcm_from_bytes(&pcm);
        crate::worker::encode_speech(&samples, sample_rate, format)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "speech encoding");
        ApiError::internal()
    })?
    .map_err(|e| {
        tracing::error!(error = %e, "speech encoding");
        ApiError::internal()
    })
}
