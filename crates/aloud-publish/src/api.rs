//! The HTTP API (axum). Handlers are thin: they validate, talk to the store and blob
//! store, and render errors as `{"error": {"code", "message"}}` with the right status.
//! No handler synthesizes; workers do.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::conditional::RangeAnswer;
use crate::error::ApiError;
use crate::request::{acts_for, authorize, parse_json, publisher_name, read_body};
use crate::state::AppState;
use crate::store::{ArticleRecord, JobStatus, ListenEvent, SourceKind, Submission};
use crate::stream;

/// The API's routes (the web app's are in [`crate::web::routes`]; [`crate::app`] joins
/// them under one set of layers).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/v1/articles", post(submit).get(list))
        .route("/v1/articles/{id}", get(status))
        .route("/v1/articles/{id}/stream", get(stream))
        .route("/v1/articles/{id}/listens", post(record_listen))
        .route("/v1/articles/{id}/approve", post(approve))
        .route("/v1/articles/{id}/check", get(crate::check::get_check))
        .route("/v1/articles/{id}/renarrate", post(renarrate))
        .route("/v1/articles/{id}/{file}", get(file))
        .route("/v1/audio/speech", post(crate::speech::speech))
        .route("/v1/voices", get(voices))
        .route(
            "/v1/publishers/{name}",
            get(crate::publishers::get_publisher).put(crate::publishers::put_publisher),
        )
        .route(
            "/v1/publishers/{name}/lexicon",
            get(crate::lexicons::get_lexicon).post(crate::lexicons::add_rules),
        )
        .route("/feeds/{file}", get(podcast_feed))
        .route("/v1/feeds", post(add_feed).get(list_feeds))
}

/// The article's URLs; once narrated, file URLs carry the version (`?v=` + the
/// audio's content hash), so a new narration gets new URLs.
fn links(id: &str, version: Option<&str>) -> Value {
    let v = version.map(|v| format!("?v={v}")).unwrap_or_default();
    json!({
        "self": format!("/v1/articles/{id}"),
        "stream": format!("/v1/articles/{id}/stream"),
        "audio": format!("/v1/articles/{id}/audio.mp3{v}"),
        "audio_opus": format!("/v1/articles/{id}/audio.opus{v}"),
        "timings": format!("/v1/articles/{id}/timings.json{v}"),
        "captions": format!("/v1/articles/{id}/captions.vtt{v}"),
        "word_captions": format!("/v1/articles/{id}/words.vtt{v}"),
        "script": format!("/v1/articles/{id}/script.txt{v}"),
    })
}

fn article_json(a: &ArticleRecord) -> Value {
    let mut v = serde_json::to_value(a).expect("records serialize");
    v["links"] = links(&a.id, a.audio_etag.as_deref());
    v["version"] = json!(a.audio_etag);
    if a.status == JobStatus::Running {
        v["progress"] = json!({"done": a.progress_done, "total": a.progress_total});
    }
    v
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubmitBody {
    url: Option<String>,
    html: Option<String>,
    text: Option<String>,
    voice: Option<String>,
    speed: Option<f32>,
    publisher: Option<String>,
    /// Article-scope pronunciation rules: `{"rules": [...]}` as in a JSON lexicon.
    lexicon: Option<Value>,
}

/// A submitted URL: http(s), no credentials, a host the fetch policy allows (looked
/// up off the async threads). 400 otherwise.
async fn check_fetchable(state: &AppState, url: &str) -> Result<(), ApiError> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(ApiError::bad_request("url must be http(s)"));
    }
    let (url, policy) = (url.to_string(), state.fetch_policy.clone());
    tokio::task::spawn_blocking(move || aloud_extract::source::check_url(&url, &policy))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|reason| ApiError::new(StatusCode::BAD_REQUEST, "url_refused", reason))
}

async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let owner = authorize(&state, &headers).await?;
    let body: SubmitBody = parse_json(&read_body(body, crate::app::MAX_BODY_BYTES).await?)?;
    let (kind, source) = match (body.url, body.html, body.text) {
        (Some(url), None, None) => (SourceKind::Url, url),
        (None, Some(html), None) => (SourceKind::Html, html),
        (None, None, Some(text)) => (SourceKind::Text, text),
        _ => return Err(ApiError::bad_request("give exactly one of url, html, text")),
    };
    let lexicon = match body.lexicon {
        None => None,
        Some(rules) => Some(crate::lexicons::article_rules(rules).await?),
    };
    let publisher = match body.publisher.as_deref() {
        Some(name) => Some(publisher_name(name)?.to_string()),
        // A publisher's key submits for its publisher.
        None => owner.publisher.clone(),
    };
    acts_for(&owner, publisher.as_deref())?;
    let record = enqueue(
        &state, kind, source, body.voice, body.speed, publisher, lexicon,
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({"id": record.id, "status": record.status, "links": links(&record.id, record.audio_etag.as_deref())})),
    )
        .into_response())
}

/// Validates a submission, queues it (or finds the same one) and wakes a worker.
pub(crate) async fn enqueue(
    state: &AppState,
    kind: SourceKind,
    source: String,
    voice: Option<String>,
    speed: Option<f32>,
    publisher: Option<String>,
    lexicon: Option<String>,
) -> Result<ArticleRecord, ApiError> {
    if kind == SourceKind::Url {
        check_fetchable(state, &source).await?;
    }
    if source.trim().is_empty() {
        return Err(ApiError::bad_request("the content is empty"));
    }
    let voice = match (voice, publisher.as_deref()) {
        (Some(voice), _) => voice,
        (None, Some(publisher)) => {
            crate::publishers::publisher_voice(state, publisher)
                .await?
                .0
        }
        (None, None) => state.default_voice.clone(),
    };
    if !state.voices.contains(&voice) {
        return Err(ApiError::bad_request(format!("unknown voice {voice:?}")));
    }
    let speed = speed.unwrap_or(1.0);
    if !aloud_voice::SPEED_RANGE.contains(&speed) {
        return Err(ApiError::bad_request("speed must be between 0.25 and 4"));
    }
    let submission = Submission {
        kind,
        source,
        voice,
        speed,
        publisher,
        lexicon,
    };
    let (record, _new) = state.store.submit(&submission).await?;
    state.wake.job();
    Ok(record)
}

/// The voices this server narrates with: name, engine (piper, kokoro, or espeak for the
/// basic ones, quality "basic"), language, gender, sample rate, whether it times words;
/// and the default.
async fn voices(State(state): State<AppState>) -> Response {
    let voices: Vec<Value> = state
        .voice_list
        .iter()
        .map(|v| {
            json!({
                "name": v.name,
                "engine": v.engine,
                "language": v.language,
                "accent": aloud_voice::accent(&v.language),
                "gender": v.gender,
                "realtime_factor": state.voice_speeds.get(&v.name).map(|s| s.realtime_factor),
                "sample_rate": v.sample_rate,
                "quality": v.quality,
                "basic": v.engine == aloud_voice::Engine::Espeak,
                "word_timings": v.engine.times_words(),
            })
        })
        .collect();
    Json(json!({
        "default": state.default_voice,
        "speech_default": state.speech_voice,
        "voices": voices,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct Paging {
    limit: Option<i64>,
    offset: Option<i64>,
    /// Only the articles made from this page (how a player finds the narration of the
    /// page it sits on).
    url: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
) -> Result<Json<Value>, ApiError> {
    if let Some(url) = paging.url {
        let articles = state.store.find_by_url(&url).await?;
        let total = articles.len();
        return Ok(Json(json!({
            "articles": articles.iter().map(article_json).collect::<Vec<_>>(),
            "total": total, "limit": total, "offset": 0,
        })));
    }
    let limit = paging.limit.unwrap_or(20).clamp(1, 100);
    let offset = paging.offset.unwrap_or(0).max(0);
    let (articles, total) = state.store.list(limit, offset).await?;
    Ok(Json(json!({
        "articles": articles.iter().map(article_json).collect::<Vec<_>>(),
        "total": total, "limit": limit, "offset": offset,
    })))
}

async fn status(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let article = find_article(&state, &id).await?;
    let mut body = article_json(&article);
    body["listens"] = json!(state.store.listens(&id).await?);
    Ok(Json(body))
}

/// `POST /v1/articles/{id}/approve` (with a key): publishes in feeds an article held
/// for review because its extraction had low confidence (`"review": "pending"`).
async fn approve(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let owner = authorize(&state, &headers).await?;
    if owner.publisher.is_some() {
        let article = find_article(&state, &id).await?;
        acts_for(&owner, article.publisher.as_deref())?;
    }
    if !state.store.approve(&id).await? {
        return Err(ApiError::not_found("such article"));
    }
    let article = find_article(&state, &id).await?;
    Ok(Json(article_json(&article)))
}

/// `POST /v1/articles/{id}/renarrate` (with a key): narrates a finished (or failed)
/// article again, with the lexicons as they are now; through the sentence cache only
/// the sentences whose words changed are synthesized. 202 with the article; 409 while
/// it is queued or being narrated.
async fn renarrate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let owner = authorize(&state, &headers).await?;
    let article = find_article(&state, &id).await?;
    acts_for(&owner, article.publisher.as_deref())?;
    if article.source_kind == SourceKind::Speech {
        return Err(ApiError::not_found("such article"));
    }
    if !state.store.requeue(&id).await? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "busy",
            format!("the article is {}", article.status),
        ));
    }
    state.wake.job();
    let article = find_article(&state, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(article_json(&article))))
}

#[derive(Deserialize)]
struct ListenBody {
    event: String,
    session: String,
}

/// `POST /v1/articles/{id}/listens` `{"event": "start"|"q25"|"q50"|"q75"|"complete",
/// "session": ID}`: first-party listen analytics from the player. Needs no key (players
/// run on readers' devices) and accepts a `text/plain` body (no CORS preflight);
/// limited per client address, each event counted once per session.
async fn record_listen(
    State(state): State<AppState>,
    Path(id): Path<String>,
    axum::extract::ConnectInfo(client): axum::extract::ConnectInfo<std::net::SocketAddr>,
    body: Body,
) -> Result<Response, ApiError> {
    let body: ListenBody = parse_json(&read_body(body, 1024).await?)?;
    let event = ListenEvent::parse(&body.event).ok_or_else(|| {
        ApiError::bad_request("event must be one of start, q25, q50, q75, complete")
    })?;
    let session_ok = (8..=64).contains(&body.session.len())
        && body
            .session
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !session_ok {
        return Err(ApiError::bad_request(
            "session must be 8 to 64 letters, digits or dashes",
        ));
    }
    if let Err(wait) = state.limiter.take(&format!("listen:{}", client.ip())) {
        return Err(ApiError::rate_limited("reports from this address", wait));
    }
    find_article(&state, &id).await?;
    state.store.record_listen(&id, &body.session, event).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The narration's files. Audio answers `Range` (206) and `If-None-Match` (304), so
/// browsers can seek and caches can revalidate.
#[derive(Deserialize, Default)]
struct FileQuery {
    /// The version asked for; a URL that names the current version may be cached
    /// forever.
    v: Option<String>,
}

async fn file(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    Query(query): Query<FileQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let content_type = match name.as_str() {
        "audio.mp3" => "audio/mpeg",
        "audio.opus" => "audio/ogg; codecs=opus",
        "timings.json" => "application/json",
        "captions.vtt" | "words.vtt" => "text/vtt; charset=utf-8",
        "script.txt" => "text/plain; charset=utf-8",
        _ => return Err(ApiError::not_found("such file")),
    };
    let article = find_article(&state, &id).await?;
    // A narration exists once a version does; while a newer one is being made, the
    // current one is served.
    if article.audio_etag.is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_ready",
            format!("the article is {}", article.status),
        ));
    }
    let etag = format!(
        "\"{}-{}\"",
        article.audio_etag.as_deref().unwrap_or("none"),
        name
    );
    let mut response_headers = HeaderMap::new();
    response_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response_headers.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex etag"),
    );
    // A versioned URL never changes; an unversioned one may, when a URL article is
    // narrated again, so caches must revalidate it (cheaply, with the ETag).
    let pinned = query.v.is_some() && query.v.as_deref() == article.audio_etag.as_deref();
    response_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if pinned {
            "public, max-age=31536000, immutable"
        } else {
            "public, no-cache"
        }),
    );
    response_headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if crate::conditional::not_modified(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, response_headers).into_response());
    }
    // Only what is asked for is read: the length for a range, then those bytes.
    let version = article.audio_etag.as_deref().unwrap_or_default();
    let key = narration_file_key(&state, &id, version, &name).await?;
    let missing = || ApiError::not_found("such file");
    let whole = |bytes: Vec<u8>, response_headers| {
        Ok((StatusCode::OK, response_headers, Body::from(bytes)).into_response())
    };
    if !headers.contains_key(header::RANGE) {
        let bytes = blob(&state, key).await?.ok_or_else(missing)?;
        return whole(bytes, response_headers);
    }
    let len = state
        .blobs
        .len(&key)
        .await
        .map_err(blob_error)?
        .ok_or_else(missing)?;
    match crate::conditional::range_answer(&headers, &etag, len) {
        RangeAnswer::Whole => {
            let bytes = blob(&state, key).await?.ok_or_else(missing)?;
            whole(bytes, response_headers)
        }
        RangeAnswer::Part(start, end) => {
            response_headers.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")).expect("digits"),
            );
            let part = state
                .blobs
                .get_range(&key, start..end + 1)
                .await
                .map_err(blob_error)?
                .ok_or_else(missing)?;
            Ok((
                StatusCode::PARTIAL_CONTENT,
                response_headers,
                Body::from(part),
            )
                .into_response())
        }
        RangeAnswer::Unsatisfiable => {
            response_headers.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{len}")).expect("digits"),
            );
            Ok((StatusCode::RANGE_NOT_SATISFIABLE, response_headers).into_response())
        }
    }
}

/// `GET /v1/articles/{id}/stream`: MP3 that starts while the article is still being
/// synthesized, utterance by utterance in article order (the finished file, once there,
/// is served whole).
async fn stream(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let article = find_article(&state, &id).await?;
    if article.status == JobStatus::Done {
        return file(
            State(state),
            Path((id, "audio.mp3".into())),
            Query(FileQuery::default()),
            headers,
        )
        .await;
    }
    if article.status == JobStatus::Failed {
        return Err(failed(&article));
    }
    let slot = state.listeners.join(&id).ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "too many listeners on live streams; the finished file will be at the audio link",
        )
    })?;
    // Wait for the worker to publish its plan (it does so before synthesizing).
    let plan = stream::wait_for_plan(
        &state.blobs,
        &state.store,
        &state.ready,
        &id,
        std::time::Duration::from_secs(120),
    )
    .await;
    let plan = match plan {
        Ok(plan) => plan,
        Err(stream::NoPlan::Finished) => {
            let now = find_article(&state, &id).await?;
            if now.status == JobStatus::Failed {
                return Err(failed(&now));
            }
            return file(
                State(state),
                Path((id, "audio.mp3".into())),
                Query(FileQuery::default()),
                headers,
            )
            .await;
        }
        Err(stream::NoPlan::NotStarted) => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "no worker has started this article yet",
            ))
        }
        Err(stream::NoPlan::Store(e)) => {
            tracing::error!(article = %id, error = %e, "stream plan unreadable");
            return Err(ApiError::internal());
        }
    };
    let body = stream::mp3_body(
        state.blobs.clone(),
        state.store.clone(),
        &state.ready,
        id,
        plan,
        slot,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "audio/mpeg"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

fn failed(article: &ArticleRecord) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "failed",
        article
            .error
            .clone()
            .unwrap_or_else(|| "the narration failed".into()),
    )
}

/// The article `id`, or 404.
pub(crate) async fn find_article(state: &AppState, id: &str) -> Result<ArticleRecord, ApiError> {
    state
        .store
        .get(id)
        .await?
        .ok_or_else(|| ApiError::not_found("such article"))
}

pub(crate) async fn blob(state: &AppState, key: String) -> Result<Option<Vec<u8>>, ApiError> {
    state.blobs.get(&key).await.map_err(blob_error)
}

/// The key of file `name` of article `id`'s narration `version`: its versioned key, or
/// where releases before versioned keys wrote it.
pub(crate) async fn narration_file_key(
    state: &AppState,
    id: &str,
    version: &str,
    name: &str,
) -> Result<String, ApiError> {
    let key = crate::blobs::narration_key(id, version, name);
    if state.blobs.len(&key).await.map_err(blob_error)?.is_some() {
        Ok(key)
    } else {
        Ok(crate::blobs::legacy_narration_key(id, name))
    }
}

/// A blob store fault: logged, and the client told only that it was internal.
fn blob_error(e: std::io::Error) -> ApiError {
    tracing::error!(error = %e, "blob store");
    ApiError::internal()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedBody {
    url: String,
    publisher: String,
}

/// `POST /v1/feeds {url, publisher}`: ingest a publisher's RSS/Atom feed; every new
/// item's page is narrated into the publisher's podcast.
async fn add_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let owner = authorize(&state, &headers).await?;
    let body: FeedBody = parse_json(&read_body(body, 16 * 1024).await?)?;
    let publisher = publisher_name(&body.publisher)?;
    acts_for(&owner, Some(publisher))?;
    check_fetchable(&state, &body.url).await?;
    let feed = state.store.add_feed(&body.url, publisher).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::to_value(&feed).expect("serializes")),
    )
        .into_response())
}

async fn list_feeds(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!({"feeds": state.store.feeds().await?})))
}

/// `GET /feeds/{publisher}.xml`: the publisher's podcast (finished articles, newest
/// first, at most 100).
async fn podcast_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let publisher = file
        .strip_suffix(".xml")
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::not_found("such feed"))?;
    let articles = state.store.published(publisher, 100).await?;
    if articles.is_empty() {
        return Err(ApiError::not_found("narrated articles for this publisher"));
    }
    let rss = crate::feed::podcast_rss(
        publisher,
        &state.public_url,
        state.feed_image.as_deref().map(|s| s.as_str()),
        &articles,
    );
    Ok((
        [(header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")],
        rss,
    )
        .into_response())
}

/// `GET /readyz`: 200 when the database and the blob store answer, else 503 (what
/// failed is logged, not told).
async fn readyz(State(state): State<AppState>) -> Response {
    let database = state.store.ping().await;
    let storage = state.blobs.ping().await;
    match (database, storage) {
        (Ok(()), Ok(())) => (StatusCode::OK, "ready\n").into_response(),
        (database, storage) => {
            if let Err(e) = database {
                tracing::warn!(error = %e, "not ready: database");
            }
            if let Err(e) = storage {
                tracing::warn!(error = %e, "not ready: blob store");
            }
            (StatusCode::SERVICE_UNAVAILABLE, "not ready\n").into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let store = crate::metrics::StoreFigures {
        counts: state.store.counts().await?,
        totals: state.store.totals().await?,
    };
    let body = crate::metrics::render(
        Some(&store),
        &crate::metrics::ProcessFigures {
            http: Some(&state.http_metrics),
            stream_listeners: Some(state.listeners.total()),
            workers: (state.local_workers > 0)
                .then(|| (state.worker_stats.as_ref(), state.local_workers)),
        },
    );
    Ok(([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], body).into_response())
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_store_failure_tells_the_client_nothing_of_the_database() {
        let e = super::ApiError::from(crate::store::StoreError::Database(sqlx::Error::Protocol(
            "relation \"articles\" does not exist".into(),
        )));
        assert_eq!(e.status, axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.message.contains("articles"), "{}", e.message);
    }
}
