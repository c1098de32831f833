//! A publisher's own settings over the API: `GET`/`PUT /v1/publishers/{name}`. Today
//! that is its default voice, which comes after a submission's own voice and before
//! the deployment's (`publisher_voices` in the config file is the operator's default
//! for it; a voice set here wins over that).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::request::{acts_for, authorize, parse_json, publisher_name, read_body};
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublisherBody {
    /// The voice for the publisher's articles; `null` goes back to the configured one.
    voice: Option<String>,
}

/// The voice a publisher's articles get when a submission names none, and where that
/// choice comes from: "publisher" (set over the API), "config" (the operator's
/// `publisher_voices`) or "deployment" (the server's `voice`).
pub(crate) async fn publisher_voice(
    state: &AppState,
    publisher: &str,
) -> Result<(String, &'static str), ApiError> {
    if let Some(voice) = state.store.publisher_voice(publisher).await? {
        // A voice uninstalled since it was chosen falls back to the next scope.
        if state.voices.contains(&voice) {
            return Ok((voice, "publisher"));
        }
    }
    Ok(match state.publisher_voices.get(publisher) {
        Some(voice) => (voice.clone(), "config"),
        None => (state.default_voice.clone(), "deployment"),
    })
}

async fn describe(state: &AppState, publisher: &str) -> Result<Json<Value>, ApiError> {
    let (voice, from) = publisher_voice(state, publisher).await?;
    Ok(Json(
        json!({"name": publisher, "voice": voice, "voice_from": from}),
    ))
}

/// `GET /v1/publishers/{name}`: the publisher's settings as they apply now.
pub(crate) async fn get_publisher(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let owner = authorize(&state, &headers).await?;
    let publisher = publisher_name(&name)?;
    acts_for(&owner, Some(publisher))?;
    describe(&state, publisher).await
}

/// `PUT /v1/publishers/{name} {"voice": NAME | null}`: sets the publisher's default
/// voice (an installed voice; `null` clears it). Answers with the settings as they apply.
pub(crate) async fn put_publisher(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let owner = authorize(&state, &headers).await?;
    let publisher = publisher_name(&name)?;
    acts_for(&owner, Some(publisher))?;
    let body: PublisherBody = parse_json(&read_body(body, 4 * 1024).await?)?;
    if let Some(voice) = &body.voice {
        if !state.voices.contains(voice) {
            return Err(ApiError::bad_request(format!(
                "unknown voice {voice:?} (GET /v1/voices lists them)"
            )));
        }
    }
    state
        .store
        .set_publisher_voice(publisher, body.voice.as_deref())
        .await?;
    describe(&state, publisher).await
}
